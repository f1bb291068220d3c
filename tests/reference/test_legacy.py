"""The 1.5.2-compatible HTTP and HTTPS classes: HTTP/1.0 requests without automatic
headers, getreply() and getfile().
"""

from __future__ import annotations

import httpcts.reference as httplib
import pytest
from helpers import FakeSocket, answer, serve

OK = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"


def legacy_over(reply: bytes, cls=httplib.HTTP, **kwargs):
    """An HTTP object whose connection talks to a FakeSocket holding `reply`."""
    h = cls("example.com", **kwargs)
    sock = FakeSocket(reply)
    h._conn.connect = lambda: setattr(h._conn, "sock", sock)
    return h, sock


def test_request_is_http10_without_automatic_headers() -> None:
    h, sock = legacy_over(OK)
    h.putrequest("GET", "/index.html")
    h.putheader("X-Multi", "a", "b")
    h.putheader("Accept", "text/plain")
    h.endheaders()
    h.send(b"")
    assert bytes(sock.sent) == (b"GET /index.html HTTP/1.0\r\nX-Multi: a\r\n\tb\r\n"
                                b"Accept: text/plain\r\n\r\n")
    h.close()


def test_getreply_and_getfile() -> None:
    h, sock = legacy_over(OK)
    h.putrequest("GET", "/")
    h.endheaders()
    assert h.getfile() is None
    status, reason, msg = h.getreply()
    assert (status, reason) == (200, "OK")
    assert msg is h.headers
    assert msg.getheader("content-type") == "text/plain"
    assert h.getfile().read() == b"hello"
    h.close()
    assert h.getfile() is None


@pytest.mark.parametrize("reply, line", [(b"", ""), (b"HTTP/1.0 abc\r\n\r\n", "HTTP/1.0 abc")])
def test_getreply_on_bad_status_line(reply: bytes, line: str) -> None:
    h, sock = legacy_over(reply)
    h.putrequest("GET", "/")
    h.endheaders()
    assert h.getreply() == (-1, line, None)
    assert h.headers is None and h.getfile() is None
    assert sock.closed


def test_strict_is_passed_on() -> None:
    h, _ = legacy_over(b"junk\r\n", strict=1)
    h.putrequest("GET", "/")
    h.endheaders()
    assert h.getreply() == (-1, "junk", None)
    h, _ = legacy_over(b"junk\r\n")
    h.putrequest("GET", "/")
    h.endheaders()
    status, reason, msg = h.getreply()
    assert (status, reason, len(msg)) == (200, "", 0)
    assert h.getfile().read() == b"junk\r\n"
    h.close()


def test_constructor_host_and_port() -> None:
    assert (httplib.HTTP()._conn.host, httplib.HTTP()._conn.port) == ("localhost", 80)
    assert httplib.HTTP("example.com", 0)._conn.port == 80  # port 0 means the default
    assert httplib.HTTP("example.com:8080")._conn.port == 8080
    assert httplib.HTTP("example.com", 81)._conn.port == 81


def test_https_class_constructs() -> None:
    h = httplib.HTTPS("example.com")
    assert isinstance(h._conn, httplib.HTTPSConnection)
    assert (h._conn.port, h.key_file, h.cert_file) == (443, None, None)
    assert httplib.HTTPS("example.com", 8443)._conn.port == 8443
    h.set_debuglevel(1)
    assert h._conn.debuglevel == 1


def test_connect_to_another_host_and_round_trip() -> None:
    with serve(answer(OK)) as server:
        h = httplib.HTTP("unused.invalid")
        h.connect("127.0.0.1", server.port)
        h.putrequest("POST", "/form")
        h.putheader("Content-Length", 3)
        h.endheaders()
        h.send(b"a=1")
        status, reason, msg = h.getreply()
        body = h.getfile().read()
        h.close()
    assert (status, reason, body) == (200, "OK", b"hello")
    assert server.requests == [b"POST /form HTTP/1.0\r\nContent-Length: 3\r\n\r\na=1"]


def test_connect_without_arguments_uses_the_constructor_host() -> None:
    with serve(answer(OK)) as server:
        h = httplib.HTTP(f"127.0.0.1:{server.port}")
        h.connect()
        h.putrequest("GET", "/")
        h.endheaders()
        assert h.getreply()[0] == 200
        assert h.getfile().read() == b"hello"
        h.close()
    assert server.accepted == 1
