"""Delivery modes: the same scripted bytes, cut into segments deterministically,
recorded in the transcript, with small pauses that follow time_scale."""

from __future__ import annotations

import socket
import time

import pytest
from _servers_client import connect, recv_exactly, request_bytes, scenario_of
from httpcts.servers import (
    DELIVERIES,
    DELIVERY_NAMES,
    Close,
    ExpectRequest,
    Flood,
    Scenario,
    ScenarioError,
    Send,
    Step,
    get_scenario,
    serve,
)
from httpcts.servers._delivery import PIECE_BUDGET, PIECE_PAUSE
from test_servers_cli import GARBAGE, _port, httpcts_serve

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def scenario(*steps: Step) -> Scenario:
    return scenario_of((ExpectRequest(), *steps, Close()))


def sent_pieces(delivery: str, *steps: Step, time_scale: float = 0.01) -> list[bytes]:
    """The send events of one exchange served with ``delivery``."""
    # deadlines in real seconds, whatever the scale
    deadlines = {"deadline": None, "connection_deadline": 10.0 / time_scale}
    with serve(scenario(*steps), delivery=delivery, time_scale=time_scale, **deadlines) as server:
        with connect(server) as sock:
            sock.sendall(request_bytes())
            recv_exactly(sock, 1 << 30)  # to EOF
        assert server.wait_idle(2.0)
        assert server.delivery.name == delivery
    return [e.data for e in server.transcripts[0].events if e.kind == "send"]


def test_the_modes_are_whole_bytes_and_crlf() -> None:
    assert DELIVERY_NAMES == ("whole", "bytes", "crlf")
    assert DELIVERIES["crlf"].cut(b"5\r\nhello\r\n\r\n") == [b"5", b"\r\n", b"hello", b"\r\n", b"\r\n"]
    assert DELIVERIES["bytes"].cut(b"ab\r\n") == [b"a", b"b", b"\r", b"\n"]
    assert DELIVERIES["whole"].cut(RESPONSE) == [RESPONSE]


@pytest.mark.parametrize("delivery", DELIVERY_NAMES)
def test_every_mode_sends_the_same_bytes_cut_as_it_says(delivery: str) -> None:
    pieces = sent_pieces(delivery, Send(RESPONSE))
    assert b"".join(pieces) == RESPONSE
    assert pieces == DELIVERIES[delivery].cut(RESPONSE)
    assert pieces == sent_pieces(delivery, Send(RESPONSE))  # deterministic


def test_the_transcript_says_how_it_was_delivered() -> None:
    with serve(scenario(Send(RESPONSE)), delivery="crlf", time_scale=0.01) as server:
        with connect(server) as sock:
            sock.sendall(request_bytes())
            assert recv_exactly(sock, 100) == RESPONSE
        assert server.wait_idle(2.0)
    notes = [e.note for e in server.transcripts[0].events if e.kind == "delivery"]
    assert notes == ["crlf: cut before and after every CRLF: each CRLF is a segment of its own"]
    with serve(scenario(Send(RESPONSE))) as whole:
        assert whole.delivery.name == "whole"


def test_only_the_first_pieces_of_a_connection_are_cut() -> None:
    body = b"x" * (PIECE_BUDGET + 100)
    pieces = sent_pieces("bytes", Send(body[:50]), Send(body[50:]), time_scale=0.001)
    assert pieces[:PIECE_BUDGET] == [b"x"] * PIECE_BUDGET
    assert b"".join(pieces[PIECE_BUDGET:]) == b"x" * 100 and len(pieces) < PIECE_BUDGET + 10


def test_floods_are_cut_too_and_still_bounded() -> None:
    pieces = sent_pieces("crlf", Flood(b"X-Flood: a\r\n", 1200))
    assert pieces[:4] == [b"X-Flood: a", b"\r\n", b"X-Flood: a", b"\r\n"]
    assert b"".join(pieces) == b"X-Flood: a\r\n" * 100


def test_pauses_follow_time_scale() -> None:
    data = b"a\r\n" * 20  # 40 pieces in crlf mode
    timings = {}
    for scale in (0.01, 2.0):
        start = time.monotonic()
        sent_pieces("crlf", Send(data), time_scale=scale)
        timings[scale] = time.monotonic() - start
    assert timings[2.0] >= 40 * PIECE_PAUSE * 2.0
    assert timings[0.01] < timings[2.0]


def test_pieces_reach_a_waiting_client_as_separate_reads() -> None:
    pieces = DELIVERIES["crlf"].cut(RESPONSE)
    reads = []
    # 20 ms pauses: long enough for a client blocked in recv() on a busy machine
    with serve(scenario(Send(RESPONSE)), delivery="crlf", time_scale=10.0) as server, connect(server) as sock:
        sock.sendall(request_bytes())
        while data := sock.recv(1024):
            reads.append(data)
    assert b"".join(reads) == RESPONSE
    assert len(reads) > len(pieces) // 2, reads  # whole delivery would be one read


def test_an_unknown_mode_is_refused_with_its_name() -> None:
    message = r"delivery must be one of \('whole', 'bytes', 'crlf'\), got 'lines'"
    with pytest.raises(ScenarioError, match=message), serve(get_scenario("status.ok"), delivery="lines"):
        pass


def test_httpcts_serve_delivers_in_pieces_on_request() -> None:
    args = ("status.garbage-line", "--once", "--port", "0", "--delivery", "bytes", "--time-scale", "0.01")
    with httpcts_serve(*args) as (process, url):
        with socket.create_connection(("127.0.0.1", _port(url)), timeout=5) as sock:
            sock.sendall(request_bytes())
            assert recv_exactly(sock, 100) == GARBAGE
        out, err = process.communicate(timeout=5)
    assert process.returncode == 0, err
    assert "delivery    [bytes: one byte per segment]" in out
    assert out.count(" send ") == len(GARBAGE)
