"""Answers by request: each connection gets the answer for the request it carries,
whether the client reuses one connection or opens a new one per request."""

from __future__ import annotations

import pytest
from _servers_client import (
    connect,
    expect_eof,
    expect_reset,
    half_close,
    play_refused,
    recv_exactly,
    request_bytes,
    scenario_of,
    scripted_bytes,
)
from httpcts.servers import (
    CATALOGUE,
    Close,
    ExpectEOF,
    ExpectRequest,
    Reset,
    Send,
    Stall,
    serve,
)

REQUEST = request_bytes()


THREE = scenario_of(
    (ExpectRequest(), Send(b"one"), ExpectRequest(), Send(b"two"), ExpectRequest(), Send(b"three"), Stall())
)


def test_a_reused_connection_gets_the_answers_in_order() -> None:
    with serve(THREE) as server:
        with connect(server) as sock:
            for expected in (b"one", b"two", b"three"):
                sock.sendall(REQUEST)
                assert recv_exactly(sock, len(expected)) == expected
        assert server.wait_idle(2.0)
        assert server.requests_per_connection == [3]
        assert server.connection_reused
        notes = [e.note for e in server.transcripts[0].events if e.kind == "answer"]
    assert notes == [f"request {i}: answer {i} of 3" for i in range(3)]


def test_a_new_connection_per_request_gets_the_answer_for_its_request() -> None:
    with serve(THREE) as server:
        for expected in (b"one", b"two", b"three", b"three"):
            with connect(server) as sock:
                sock.sendall(REQUEST)
                assert recv_exactly(sock, len(expected)) == expected
                half_close(sock)
                expect_eof(sock)  # the stalling server closes when the client does
        assert server.wait_idle(2.0, connections=4)
        assert server.requests_per_connection == [1, 1, 1, 1]
        assert not server.connection_reused
        last = [e.note for e in server.transcripts[3].events if e.kind == "answer"]
    assert last == ["request 3: answer 2 of 3 (again: beyond the answers)"]


def test_the_request_line_chooses_the_answer() -> None:
    head_then_get = scenario_of(
        (ExpectRequest(method="HEAD"), Send(b"head"), ExpectRequest(method="GET"), Send(b"get!"), Close())
    )
    with serve(head_then_get) as server:
        with connect(server) as sock:  # GET first: answer 1, though it is request 0
            sock.sendall(request_bytes("GET"))
            assert recv_exactly(sock, 10) == b"get!"  # then the answer's Close: EOF
        with connect(server) as sock:  # request 1 is a HEAD: the HEAD answer before it
            sock.sendall(request_bytes("HEAD"))
            assert recv_exactly(sock, 4) == b"head"
            half_close(sock)
            expect_eof(sock)  # no more requests: the connection ends
        assert server.wait_idle(2.0, connections=2)
        assert server.requests_per_connection == [1, 1]


def test_a_request_no_answer_fits_is_recorded_and_closed() -> None:
    only_head = scenario_of((ExpectRequest(method="HEAD"), Send(b"head"), Close()))
    with serve(only_head) as server:
        with connect(server) as sock:
            sock.sendall(request_bytes("POST", body=b"x"))
            expect_eof(sock)
        assert server.wait_idle(2.0)
    events = server.transcripts[0].events
    assert [e.note for e in events if e.kind == "answer"] == ["request 0: no answer fits it"]
    assert server.transcripts[0].sent == b""


def test_scripts_answer_by_connection_and_refuse_extra_connections() -> None:
    by_connection = scenario_of((Send(b"hello, "), ExpectRequest(), Send(b"bye")), answer_by="connection")
    with serve(by_connection) as server:
        with connect(server) as sock:
            assert recv_exactly(sock, 7) == b"hello, "
            sock.sendall(REQUEST)
            assert recv_exactly(sock, 3) == b"bye"
            expect_eof(sock)
        play_refused(server)
        assert server.wait_idle(2.0, connections=2)
    assert server.transcripts[1].kinds() == ["accept", "refused", "reset", "end"]


MULTI_ANSWER = [i for i, s in CATALOGUE.items() if s.answer_by == "request" and len(s.answers) > 1]


@pytest.mark.parametrize("scenario_id", MULTI_ANSWER)
def test_catalogue_answers_reach_a_client_that_reconnects_for_every_request(scenario_id: str) -> None:
    """The client of geventhttpclient's kind: one connection per request."""
    catalogued = CATALOGUE[scenario_id]
    with serve(catalogued, time_scale=0.01, deadline=None, connection_deadline=500.0) as server:
        for number, answer in enumerate(catalogued.answers):
            method = catalogued.client_method if number == 0 else "GET"
            with connect(server) as sock:
                sock.sendall(request_bytes(method, "example.com:443" if method == "CONNECT" else "/"))
                expected = b"".join(scripted_bytes(step) for step in answer.steps)
                assert recv_exactly(sock, len(expected)) == expected, (number, answer)
                # wait for the answer's end, so the next request is surely the next one
                if isinstance(answer.steps[-1], Reset):
                    expect_reset(sock)
                elif isinstance(answer.steps[-1], Close):
                    if any(isinstance(step, (Stall, ExpectEOF)) for step in answer.steps):
                        half_close(sock)
                    expect_eof(sock)
        assert server.wait_idle(3.0, connections=len(catalogued.answers))
    assert server.requests_per_connection == [1] * len(catalogued.answers)


def test_the_catalogue_answers_the_reconnecting_cases() -> None:
    """The scenarios the issue names all answer a second connection correctly."""
    for scenario_id in ("persistence.keep-alive-five", "ipv6.keep-alive", "tls.keep-alive",
                        "persistence.head-then-get", "interim.103-desync"):  # fmt: skip
        assert scenario_id in MULTI_ANSWER
