"""The documentation's examples, ported to Python 3, against a local server thread.

Only the host changes (127.0.0.1 and the server's port instead of www.python.org and
musi-cal.mojam.com); print becomes an assertion on what the example printed.
"""

from __future__ import annotations

import urllib.parse

import httpcts.reference as httplib
from helpers import answer, serve

PAGE = b"<html>index</html>"
OK = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE)
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nno parrot"


def test_constructor_examples_name_the_same_server() -> None:
    h1 = httplib.HTTPConnection("www.cwi.nl")
    h2 = httplib.HTTPConnection("www.cwi.nl:80")
    h3 = httplib.HTTPConnection("www.cwi.nl", 80)
    h4 = httplib.HTTPConnection("www.cwi.nl", 80, timeout=10)
    assert {(h.host, h.port) for h in (h1, h2, h3, h4)} == {("www.cwi.nl", 80)}
    assert h4.timeout == 10


def test_get_example() -> None:
    with serve(answer(OK, NOT_FOUND)) as server:
        conn = httplib.HTTPConnection(f"127.0.0.1:{server.port}")
        conn.request("GET", "/index.html")
        r1 = conn.getresponse()
        assert (r1.status, r1.reason) == (200, "OK")
        data1 = r1.read()
        conn.request("GET", "/parrot.spam")
        r2 = conn.getresponse()
        assert (r2.status, r2.reason) == (404, "Not Found")
        data2 = r2.read()
        conn.close()
    assert (data1, data2) == (PAGE, b"no parrot")
    assert server.accepted == 1  # both requests on one connection
    host = f"Host: 127.0.0.1:{server.port}\r\n".encode()
    assert server.requests == [
        b"GET /index.html HTTP/1.1\r\n" + host + b"Accept-Encoding: identity\r\n\r\n",
        b"GET /parrot.spam HTTP/1.1\r\n" + host + b"Accept-Encoding: identity\r\n\r\n",
    ]


def test_post_example() -> None:
    with serve(answer(OK)) as server:
        params = urllib.parse.urlencode({"spam": 1, "eggs": 2, "bacon": 0})
        headers = {"Content-type": "application/x-www-form-urlencoded",
                   "Accept": "text/plain"}
        conn = httplib.HTTPConnection(f"127.0.0.1:{server.port}")
        conn.request("POST", "/cgi-bin/query", params, headers)
        response = conn.getresponse()
        assert (response.status, response.reason) == (200, "OK")
        data = response.read()
        conn.close()
    assert data == PAGE
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    assert body == b"spam=1&eggs=2&bacon=0"
    assert head.split(b"\r\n") == [
        b"POST /cgi-bin/query HTTP/1.1",
        f"Host: 127.0.0.1:{server.port}".encode(),
        b"Accept-Encoding: identity",
        b"Content-Length: 21",
        b"Content-type: application/x-www-form-urlencoded",
        b"Accept: text/plain",
    ]
