"""The engine: timing, floods, closes and resets, deadlines, recording, cleanup
and load – the behaviour every scenario relies on."""

from __future__ import annotations

import errno
import functools
import socket
import struct
import threading
import time

import pytest
from _servers_client import (
    connect,
    expect_eof,
    half_close,
    recv_exactly,
    request_bytes,
    scenario_of,
)
from httpcts.servers import (
    Close,
    ExpectEOF,
    ExpectRequest,
    Flood,
    HalfClose,
    Reset,
    ScenarioError,
    Send,
    SendPieces,
    Sleep,
    Stall,
    serve,
)

REQUEST = request_bytes()


# The engine's tests run scripts literally, one per connection.
scenario = functools.partial(scenario_of, answer_by="connection")


def read_timed(sock: socket.socket, count: int) -> list[tuple[float, bytes]]:
    out, got = [], 0
    while got < count:
        data = sock.recv(count - got)
        assert data, "unexpected EOF"
        out.append((time.monotonic(), data))
        got += len(data)
    return out


# -- timing ------------------------------------------------------------------------


def test_drip_respects_its_delay_within_tolerance() -> None:
    delay = 0.05
    with serve(scenario((ExpectRequest(), SendPieces(b"abcdef", (1,), delay)))) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        arrivals = read_timed(sock, 6)
        expect_eof(sock)
    assert b"".join(d for _, d in arrivals) == b"abcdef"
    assert [d for _, d in arrivals] == [b"a", b"b", b"c", b"d", b"e", b"f"]
    gaps = [b[0] - a[0] for a, b in zip(arrivals, arrivals[1:])]
    # lower bounds check the pacing; upper bounds only that nothing stalls (a loaded
    # machine delays a sleeping thread by several times a short delay)
    assert all(delay * 0.6 < gap < delay * 10 for gap in gaps), gaps
    sends = [e for e in server.transcripts[0].events if e.kind == "send"]
    server_gaps = [b.time - a.time for a, b in zip(sends, sends[1:])]
    assert all(delay * 0.9 < gap < delay * 10 for gap in server_gaps), server_gaps


def test_catalogue_drip_is_one_byte_per_second_scaled() -> None:
    with serve("timing.drip-body", time_scale=0.02) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        head = recv_exactly(sock, len(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"))
        assert head.endswith(b"\r\n\r\n")
        started = time.monotonic()
        body = read_timed(sock, 10)
        elapsed = body[-1][0] - started
    assert b"".join(d for _, d in body) == b"0123456789"
    assert 9 * 0.02 * 0.8 < elapsed < 9 * 0.02 * 4  # nine 1 s gaps, scaled by 0.02


def test_sleep_and_bounded_stall_delay_the_next_step() -> None:
    script = (ExpectRequest(), Sleep(0.1), Send(b"a"), Stall(0.1), Send(b"b"))
    with serve(scenario(script)) as server, connect(server) as sock:
        start = time.monotonic()
        sock.sendall(REQUEST)
        ((t1, a),), ((t2, b),) = read_timed(sock, 1), read_timed(sock, 1)
        expect_eof(sock)
    assert (a, b) == (b"a", b"b")
    assert 0.08 < t1 - start < 0.5 and 0.08 < t2 - t1 < 0.5


def test_time_scale_validation() -> None:
    with pytest.raises(ScenarioError, match="time_scale must be a number > 0, got 0"), serve("status.ok", time_scale=0):
        pass
    with pytest.raises(ScenarioError, match="deadline must be > 0 seconds or None, got -1"), serve("status.ok", deadline=-1):
        pass
    with pytest.raises(TypeError, match="takes a Scenario or a scenario id"), serve(42):  # type: ignore[arg-type]
        pass
    with pytest.raises(KeyError, match="unknown scenario id"), serve("no.such-scenario"):
        pass
    with pytest.raises(ScenarioError, match="host must be a loopback address .* got '0.0.0.0'"), serve("status.ok", host="0.0.0.0"):
        pass


# -- floods ------------------------------------------------------------------------


def test_flood_stops_at_its_bound() -> None:
    flood = Flood(b"X-Flood: a\r\n", 120_000, prefix=b"HTTP/1.1 200 OK\r\n")
    with serve(scenario((ExpectRequest(), flood))) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        expected = flood.prefix + flood.pattern * (120_000 // 12)
        assert recv_exactly(sock, len(expected) + 100) == expected  # then EOF, nothing more
    assert len(server.transcripts[0].sent) == len(expected)


@pytest.mark.parametrize("leave", ["close", "reset"])
def test_a_client_leaving_mid_flood_is_recorded_with_the_bytes_sent(leave: str) -> None:
    flood = Flood(b"x" * 1000, 32 * 1024 * 1024)
    with serve(scenario((ExpectRequest(), Send(b"head:"), flood, Stall()))) as server:
        with connect(server) as sock:
            sock.sendall(REQUEST)
            assert len(recv_exactly(sock, 50_000)) == 50_000
            if leave == "reset":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert server.wait_idle(2.0)
        transcript = server.transcripts[0]
        record = server.flood
    assert record == transcript.flood()
    assert record is not None and record.start == 5 and record.flooding, transcript.format()
    # unread bytes make even a close an RST, so "close" may show as either
    assert record.client_left in (("close", "reset") if leave == "close" else ("reset",))
    # what it sent beyond what was read is what the socket buffers held: well under 1 MiB
    assert 50_000 <= record.past_start < 1 << 20
    assert record.sent == len(transcript.sent) and record.past_start == record.sent - 5
    assert record.to_json() == {"start": 5, "sent": record.sent, "past_start": record.past_start,
                                "client_left": record.client_left, "flooding": True}  # fmt: skip


def test_after_its_bound_a_flood_stalls_open_until_the_client_leaves() -> None:
    flood = Flood(b"X-Flood: a\r\n", 12_000, prefix=b"HTTP/1.1 200 OK\r\n")
    with serve(scenario((ExpectRequest(), flood, Stall()))) as server:
        with connect(server) as sock:
            sock.sendall(REQUEST)
            assert len(recv_exactly(sock, 12_017)) == 12_017
            sock.settimeout(0.2)
            with pytest.raises(socket.timeout):  # no EOF to raise at: the server waits
                sock.recv(1)
        assert server.wait_idle(2.0)
        record = server.flood
        kinds = server.transcripts[0].kinds()
    assert record is not None and record.client_left == "close" and not record.flooding
    assert (record.start, record.sent, record.past_start) == (0, 12_017, 12_017)
    assert kinds.index("flood") < kinds.index("flood-end") < kinds.index("eof")


def test_a_client_that_never_leaves_is_recorded_as_such() -> None:
    flood = Flood(b"X-Flood: a\r\n", 1200)
    with serve(scenario((ExpectRequest(), flood, Stall())), connection_deadline=0.3) as server:
        with connect(server) as sock:
            sock.sendall(REQUEST)
            assert len(recv_exactly(sock, 1200)) == 1200
            assert server.wait_idle(2.0)  # the deadline ends it while the client stays
        record = server.flood
    assert record is not None and record.client_left is None and not record.flooding
    assert "timeout" in server.transcripts[0].kinds()


def test_no_flood_no_flood_record() -> None:
    with serve(scenario((ExpectRequest(), Send(b"hi")))) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        assert recv_exactly(sock, 10) == b"hi"
    assert server.flood is None and server.transcripts[0].flood() is None


def test_flood_rate_is_paced_and_scaled() -> None:
    flood = Flood(b"0123456789", 2_000, rate=4_000.0)  # 0.5 s at full scale
    with serve(scenario((ExpectRequest(), flood)), time_scale=0.4) as server, connect(server) as sock:
        start = time.monotonic()
        sock.sendall(REQUEST)
        assert recv_exactly(sock, 2_000) == b"0123456789" * 200
        elapsed = time.monotonic() - start
    assert 0.12 < elapsed < 2.0, elapsed  # paced (0.2 s scaled), and never stalled


# -- closing -----------------------------------------------------------------------


def test_reset_arrives_as_econnreset() -> None:
    with serve(scenario((ExpectRequest(), Send(b"partial"), Reset()))) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        assert recv_exactly(sock, 7) == b"partial"
        with pytest.raises(OSError) as info:
            sock.recv(10)
    assert info.value.errno == errno.ECONNRESET


def test_close_with_unread_client_data_is_a_clean_fin() -> None:
    # The script never reads the request: closing must still be a FIN, not an RST.
    with serve(scenario((Send(b"bye"), Close()))) as server, connect(server) as sock:
        sock.sendall(REQUEST * 20)
        assert recv_exactly(sock, 3) == b"bye"
        expect_eof(sock)
    assert server.transcripts[0].received.startswith(REQUEST)


def test_half_close_keeps_reading() -> None:
    script = (ExpectRequest(), Send(b"early"), HalfClose(), ExpectRequest(), ExpectEOF())
    with serve(scenario(script)) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        assert recv_exactly(sock, 5) == b"early"
        expect_eof(sock)
        sock.sendall(request_bytes("POST", "/late", b"after FIN"))
        half_close(sock)
        assert server.wait_idle(2.0)
    assert [r.body for r in server.requests] == [b"", b"after FIN"]
    assert server.transcripts[0].kinds()[-3:] == ["eof", "close", "end"]


def test_peer_hanging_up_mid_drip_is_recorded_not_raised() -> None:
    with serve(scenario((ExpectRequest(), SendPieces(b"x" * 200, (1,), 0.005)))) as server:
        sock = connect(server)
        sock.sendall(REQUEST)
        sock.recv(1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # RST
        assert server.wait_idle(2.0)
    assert "peer-gone" in server.transcripts[0].kinds()


# -- deadlines and timeouts ----------------------------------------------------------


def test_connection_deadline_ends_a_stall() -> None:
    with serve(scenario((ExpectRequest(), Stall()), connection_deadline=0.2)) as server, connect(server) as sock:
        start = time.monotonic()
        sock.sendall(REQUEST)
        expect_eof(sock)
        assert 0.15 < time.monotonic() - start < 1.0
    assert ("timeout", "connection deadline passed") in [(e.kind, e.note) for e in server.transcripts[0].events]


def test_connection_deadline_is_time_scaled() -> None:
    spec = scenario((ExpectRequest(), Stall()), connection_deadline=10.0)
    with serve(spec, time_scale=0.02) as server, connect(server) as sock:
        start = time.monotonic()
        sock.sendall(REQUEST)
        expect_eof(sock)
        assert time.monotonic() - start < 1.0


def test_scenario_deadline_stops_the_server() -> None:
    with serve(scenario((ExpectRequest(), Stall())), deadline=0.2) as server, connect(server) as sock:
        sock.sendall(REQUEST)
        assert sock.recv(10) == b""
        assert server.wait_idle(1.0)
    assert ("aborted", "scenario deadline passed") in [(e.kind, e.note) for e in server.transcripts[0].events]


def test_expect_request_timeout_and_bad_request_end_the_script() -> None:
    script = (ExpectRequest(timeout=0.1), Send(b"never"))
    with serve(scenario(script, answer_by="request")) as server:
        with connect(server) as sock:
            expect_eof(sock)  # no request sent: the step times out, the engine closes
        with connect(server) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nbroken header\r\n\r\n")
            expect_eof(sock)
        assert server.wait_idle(2.0)
    first, second = server.transcripts
    assert ("timeout", "waiting for a request") in [(e.kind, e.note) for e in first.events]
    assert "bad-request" in second.kinds() and "send" not in second.kinds()


def test_expect_eof_timeout_is_recorded() -> None:
    with serve(scenario((ExpectEOF(timeout=0.1),))) as server, connect(server) as sock:
        expect_eof(sock)
    assert "timeout" in server.transcripts[0].kinds()


# -- recording -----------------------------------------------------------------------


def test_requests_are_recorded_parsed_and_raw_including_pipelined_ones() -> None:
    first = b"POST /upload HTTP/1.1\r\nHost: h\r\nX-Case: KeepMe\r\nContent-Length: 3\r\n\r\nabc"
    second = b"GET /two HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
    script = (ExpectRequest(), ExpectRequest(), Send(b"ok"))
    with serve(scenario(script)) as server, connect(server) as sock:
        sock.sendall(first + second)  # both in one write
        assert recv_exactly(sock, 2) == b"ok"
        expect_eof(sock)
    one, two = server.requests
    assert (one.method, one.target, one.version, one.body, one.raw) == (b"POST", b"/upload", b"HTTP/1.1", b"abc", first)
    assert one.headers == ((b"Host", b"h"), (b"X-Case", b"KeepMe"), (b"Content-Length", b"3"))
    assert (two.target, two.body, two.raw, two.connection) == (b"/two", b"hi", second, 0)
    transcript = server.transcripts[0]
    assert transcript.received == first + second and transcript.sent == b"ok"
    assert transcript.requests == [one, two]
    times = [e.time for e in transcript.events]
    assert times == sorted(times)
    assert [e.direction for e in transcript.events if e.direction] == ["recv", "send"]


def test_wait_idle_reports_a_busy_connection() -> None:
    with serve(scenario((Stall(),))) as server:
        assert server.wait_idle(0.5)  # nothing connected yet: idle
        with connect(server) as sock:
            assert not server.wait_idle(0.1)
            assert not server.wait_idle(0.05, connections=2)
            half_close(sock)
            assert server.wait_idle(1.0, connections=1)


def test_address_url_and_ipv6() -> None:
    with serve("status.ok") as server:
        assert server.address == ("127.0.0.1", server.port) and server.port > 0
        assert server.url == f"http://127.0.0.1:{server.port}/" and server.scheme == "http"
        assert server.ca is None and server.client_cert_paths is None
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    with serve("ipv6.basic") as server, connect(server) as sock:
        assert server.host == "::1" and server.url == f"http://[::1]:{server.port}/"
        assert sock.family == socket.AF_INET6
        sock.sendall(REQUEST)
        assert recv_exactly(sock, 100).endswith(b"hello")


def test_port_in_use_fails_loudly() -> None:
    with serve("status.ok") as server, pytest.raises(OSError), serve("status.ok", port=server.port):
        pass


# -- cleanup and load -----------------------------------------------------------------


def test_exit_without_any_client_is_clean_and_fast() -> None:
    before = threading.active_count()
    start = time.monotonic()
    with serve("timing.drip-status-line"):
        pass
    assert time.monotonic() - start < 0.5
    assert threading.active_count() == before


def test_exit_mid_script_aborts_every_connection_promptly() -> None:
    before = threading.active_count()
    with serve("timing.drip-body") as server:  # real speed: 1 byte per second
        socks = [connect(server) for _ in range(5)]
        for sock in socks:
            sock.sendall(REQUEST)
            sock.recv(40)
        start = time.monotonic()
    assert time.monotonic() - start < 0.5
    assert threading.active_count() == before
    for sock in socks:
        sock.close()
    assert all("aborted" in t.kinds() for t in server.transcripts)


def test_two_hundred_concurrent_slow_connections() -> None:
    half = 100
    # a long (scaled) connection deadline: on a loaded machine 200 threads may lag, and
    # what this test checks is that they are all served at once, not how fast
    with serve("timing.stall-before-status") as stalls, \
            serve("timing.drip-body", time_scale=0.05, connection_deadline=200.0) as drips:
        socks = [connect(stalls) for _ in range(half)] + [connect(drips) for _ in range(half)]
        try:
            for sock in socks:
                sock.sendall(REQUEST)
            for sock in socks[half:]:  # every drip connection is being served at once
                assert recv_exactly(sock, 40) == b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0"
            # the stalled ones never answer, so give the accept loop time to take them all
            deadline = time.monotonic() + 5.0
            while stalls.connection_count < half and time.monotonic() < deadline:
                time.sleep(0.01)
            assert stalls.connection_count == half and drips.connection_count == half
            assert not stalls.wait_idle(0.05)
        finally:
            for sock in socks:
                sock.close()
        assert stalls.wait_idle(5.0) and drips.wait_idle(5.0)
    assert not any("refused" in t.kinds() for t in stalls.transcripts + drips.transcripts)
