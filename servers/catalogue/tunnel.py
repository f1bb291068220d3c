"""Proxy CONNECT replies (research §1.13, §5.8): the server plays the proxy; after
a successful reply the same connection carries the tunnelled request.

Strategy: the first ExpectRequest reads the CONNECT request (so a case can
check what the client sent, e.g. injected headers, CVE-2026-1502); a reply the
client should accept is followed by a second ExpectRequest and a plain 200.
"""

from __future__ import annotations

from .._scenario import Script
from .._steps import Close, ExpectRequest, Reset, Send
from ._build import (
    CRLF,
    NOT_FOUND,
    flood,
    head,
    make,
    notes,
    ok,
    reply,
    rfc9110,
    rfc9112,
    show,
    spec,
)

CATEGORY = "tunnel"
_tunnel = (rfc9110("9.3.6"), notes("1.13"), spec("HTTPConnection.set_tunnel"))
TUNNELLED = ok(b"tunnelled")


def _then_tunnel(proxy_reply: bytes, tunnelled: bytes = TUNNELLED) -> Script:
    return (ExpectRequest(), Send(proxy_reply), ExpectRequest(), Send(tunnelled), Close())


# (slug, proxy reply, description, extra references, tunnel follows)
ROWS = (
    ("connect-200", head(b"HTTP/1.0 200 Connection established"), "CONNECT answered by 200, then the tunnelled 200", (), True, "conformant"),
    ("connect-200-headers", head(b"HTTP/1.1 200 Connection established", b"Proxy-Agent: httpcts"), "200 with a Proxy-Agent header, then the tunnelled 200", (), True, "conformant"),
    ("407", head(b"HTTP/1.1 407 Proxy Authentication Required", b'Proxy-Authenticate: Basic realm="proxy"', b"Content-Length: 0"), "407 Proxy Authentication Required", (), False, "malicious"),
    ("502", ok(b"bad gateway", status=b"HTTP/1.1 502 Bad Gateway"), "502 Bad Gateway with a body", (), False, "malicious"),
    ("garbage-reply", b"garbage\r\n\r\n", "a non-HTTP reply (2.6 non-strict reads it as HTTP/0.9 200: success)", (), True, "malicious"),
    ("eof-before-blank-line", b"HTTP/1.0 200 Connection established\r\n", "200 then close before the blank line (2.6 loops forever)", ("bpo-13684",), False, "malicious"),
    ("lf-only-blank-line", b"HTTP/1.0 200 Connection established\r\n\n", "200 whose header block ends with a bare LF (2.6 swallows the tunnelled data)", (), True, "malicious"),
    ("500-header-lines", head(b"HTTP/1.0 200 Connection established", *(b"X-P%d: v" % i for i in range(500))), "200 with 500 header lines", ("bpo-16037",), True, "malicious"),
    ("200-with-body", ok(b"hello", status=b"HTTP/1.1 200 Connection established"), "200 that declares and sends a 5-byte body (must be ignored: it is tunnel data)", (), True, "malicious"),
    ("empty-reply", b"", "close right after the CONNECT request (bpo-17849)", ("bpo-17849",), False, "malicious"),
)  # fmt: skip

SCENARIOS = tuple(
    make(
        CATEGORY, kind, slug, f"{desc}: {show(data)!r}", _tunnel + refs,
        _then_tunnel(data) if tunnel else reply(data) if data else reply(),
        client_method="CONNECT", client_requests=2 if tunnel else 1,
    )
    for slug, data, desc, refs, tunnel, kind in ROWS
) + (
    make(
        CATEGORY, "malicious", "endless-headers",
        "200 then endless proxy header lines (1 MiB bound)",
        _tunnel + ("bpo-16037", "gh-150743"),
        flood(b"X-Proxy: a\r\n", prefix=b"HTTP/1.0 200 Connection established\r\n"),
        client_method="CONNECT",
    ),
    make(
        CATEGORY, "malicious", "blank-line-after-connect",
        "200 Connection established, then the tunnelled answer is an empty line and 404 'no such page'",
        _tunnel + (rfc9112("2.2"), notes("1.1")),
        _then_tunnel(head(b"HTTP/1.0 200 Connection established"), CRLF + NOT_FOUND),
        client_method="CONNECT", client_requests=2,
    ),
    make(
        CATEGORY, "malicious", "reset-after-200",
        "200 Connection established, then an RST instead of the tunnelled response",
        _tunnel,
        (ExpectRequest(), Send(head(b"HTTP/1.0 200 Connection established")), ExpectRequest(), Reset()),
        client_method="CONNECT", client_requests=2,
    ),
)  # fmt: skip
