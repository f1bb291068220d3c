"""Timeouts as deadlines (BEHAVIOUR.md, "Timeouts"): with timeout T, getresponse() and
each read() must finish within T in total, so a server that drips one byte at a time,
each well within T, still cannot hold the caller.

Delays are scaled small: a byte every 0.05 s against a timeout of 0.3 s.
"""

from __future__ import annotations

import socket
import time

import httpcts.reference as httplib
import pytest
from helpers import FakeSocket, Server, drip, read_request, serve

TIMEOUT = 0.3
DELAY = 0.05  # per byte: a per-recv timeout of 0.3 s would never fire
HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"


def dripping(head: bytes, body: bytes = b""):
    def handler(sock: socket.socket, server: Server) -> None:
        read_request(sock)
        sock.sendall(head)
        drip(sock, server, body, DELAY)

    return handler


def test_dripping_status_line_times_out_in_getresponse() -> None:
    with serve(dripping(b"", HEAD + b"x" * 100)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.request("GET", "/")
        started = time.monotonic()
        with pytest.raises(socket.timeout):
            conn.getresponse()
        elapsed = time.monotonic() - started
        conn.close()
    assert TIMEOUT * 0.9 <= elapsed < 2 * TIMEOUT


@pytest.mark.parametrize("amt", [None, 50])
def test_dripping_body_times_out_in_read(amt) -> None:
    with serve(dripping(HEAD, b"x" * 100)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.request("GET", "/")
        response = conn.getresponse()
        started = time.monotonic()
        with pytest.raises(socket.timeout):
            response.read(amt)
        elapsed = time.monotonic() - started
        assert response.isclosed() and not response.reusable
        conn.close()
    assert TIMEOUT * 0.9 <= elapsed < 2 * TIMEOUT


def test_each_read_gets_its_own_deadline() -> None:
    with serve(dripping(HEAD, b"x" * 100)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.request("GET", "/")
        response = conn.getresponse()
        got = b""
        for _ in range(3):  # 3 bytes at 0.05 s each: well within one deadline apiece
            got += response.read(1)
        assert got == b"xxx"
        assert conn.sock.gettimeout() == TIMEOUT  # the socket's timeout is restored
        conn.close()


def test_slow_but_timely_server_is_read() -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    def handler(sock: socket.socket, server: Server) -> None:
        read_request(sock)
        for piece in (reply[:10], reply[10:30], reply[30:]):
            sock.sendall(piece)
            server.stopping.wait(0.02)

    with serve(handler) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert conn.sock.gettimeout() == TIMEOUT
        assert response.read() == b"ok"
        conn.close()


def test_no_timeout_means_no_deadline() -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    def handler(sock: socket.socket, server: Server) -> None:
        read_request(sock)
        drip(sock, server, reply, 0.001)

    with serve(handler) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=None)
        conn.request("GET", "/")
        assert conn.sock.gettimeout() is None
        response = conn.getresponse()
        assert response.read() == b"ok"
        conn.close()


def test_connect_timeout_is_passed_to_the_socket() -> None:
    with serve(dripping(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=0.75)
        conn.connect()
        assert conn.sock.gettimeout() == 0.75
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()


def test_deadline_is_checked_before_each_read() -> None:
    # reads of 0.6 s each against a 1 s timeout: the third read never starts (margins
    # wide enough for a loaded machine, where a sleep may overrun by a few tenths)
    sock = FakeSocket(b"HTTP/1.1 200 OK\r\n\r\n", one_byte=True, timeout=1.0, delay=0.6)
    response = httplib.HTTPResponse(sock)
    with pytest.raises(socket.timeout, match="longer than the timeout"):
        response.begin()
    assert len(sock.timeouts_set) == 3  # two reads given what was left, then restored
    assert sock.timeouts_set[0] <= 1.0 and sock.timeouts_set[1] <= 0.4
    assert sock.timeouts_set[-1] == 1.0
    response.close()
