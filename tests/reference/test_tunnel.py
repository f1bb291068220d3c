"""set_tunnel (2.6.3's _set_tunnel): CONNECT through a local proxy thread.

The proxy's reply is read strictly (garbage is not an HTTP/0.9 success), head only;
a non-2xx reply fails the connection, and bytes after the reply are refused.
"""

from __future__ import annotations

import socket

import httpcts.reference as httplib
import pytest
from helpers import Server, read_request, serve

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
ESTABLISHED = b"HTTP/1.1 200 Connection established\r\n\r\n"


def proxy(reply: bytes, then: bytes = OK):
    """Reads CONNECT, sends `reply`; if that was a success, answers one request."""

    def handler(sock: socket.socket, server: Server) -> None:
        server.requests.append(read_request(sock))
        sock.sendall(reply)
        if reply == ESTABLISHED:
            request = read_request(sock)
            if request:
                server.requests.append(request)
                sock.sendall(then)

    return handler


def test_connect_then_request_through_the_tunnel() -> None:
    with serve(proxy(ESTABLISHED)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.set_tunnel("target.example", 8443, headers={"Proxy-Authorization": "Basic eA=="})
        conn.request("GET", "/inside")
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b"ok")
        conn.close()
    assert server.requests == [
        b"CONNECT target.example:8443 HTTP/1.1\r\nHost: target.example:8443\r\n"
        b"Proxy-Authorization: Basic eA==\r\n\r\n",
        b"GET /inside HTTP/1.1\r\nHost: target.example:8443\r\nAccept-Encoding: identity\r\n\r\n",
    ]


def test_no_http09_reply_after_the_proxy_reply() -> None:
    # the proxy spoke HTTP/1.1: a reply through the tunnel that is not a status line
    # is BadStatusLine, never a 200 whose body is the next head
    with serve(proxy(ESTABLISHED, then=b"\r\nHTTP/1.1 404 Not Found\r\n\r\n")) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.set_tunnel("target.example")
        conn.request("GET", "/")
        with pytest.raises(httplib.BadStatusLine):
            conn.getresponse()
        conn.close()


def test_default_port_and_26_name() -> None:
    with serve(proxy(ESTABLISHED)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn._set_tunnel("[::1]")
        conn.request("GET", "/")
        conn.getresponse().read()
        conn.close()
    # CONNECT always names the port; the Host of the request omits the default one
    assert server.requests[0].startswith(b"CONNECT [::1]:80 HTTP/1.1\r\nHost: [::1]:80\r\n")
    assert b"\r\nHost: [::1]\r\n" in server.requests[1]


@pytest.mark.parametrize("reply, exc_type, pattern", [
    (b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n", OSError,
     "Tunnel connection failed: 407 Proxy Authentication Required"),
    (b"garbage\r\n\r\n", httplib.BadStatusLine, "garbage"),
    (b"", httplib.BadStatusLine, "closed"),
    (ESTABLISHED[:-2] + b"X-A: 1\r\n\r\nEXTRA", httplib.ProtocolError, "after its reply"),
])
def test_failed_tunnels(reply: bytes, exc_type, pattern: str) -> None:
    with serve(proxy(reply)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.set_tunnel("target.example")
        with pytest.raises(exc_type, match=pattern):
            conn.request("GET", "/")
        conn.close()


def test_set_tunnel_after_connect_refused() -> None:
    with serve(proxy(ESTABLISHED)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.connect()
        with pytest.raises(RuntimeError):
            conn.set_tunnel("target.example")
        conn.close()


@pytest.mark.parametrize("host, headers, exc_type", [
    ("target.example\r\nX-Injected: 1", None, httplib.InvalidURL),
    ("target.example", {"X-A": "1\r\nX-Injected: 1"}, ValueError),
    ("target.example", {"Bad Name": "1"}, ValueError),
])
def test_tunnel_input_checked(host: str, headers, exc_type) -> None:
    conn = httplib.HTTPConnection("proxy.example")
    with pytest.raises(exc_type):
        conn.set_tunnel(host, headers=headers)
