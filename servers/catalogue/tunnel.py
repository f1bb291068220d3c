"""Proxy CONNECT replies (research §1.13, §5.8): the server plays the proxy; after
a successful reply the same connection carries the tunnelled request.

Strategy: the first ExpectRequest reads the CONNECT request (so a case can
check what the client sent, e.g. injected headers, CVE-2026-1502); a reply the
client should accept is followed by a second ExpectRequest and a plain 200
(`tunnel`), a reply it should refuse ends the connection (`no_tunnel`).
"""

from __future__ import annotations

from .._scenario import Script
from .._steps import Close, ExpectRequest, Reset, Send
from ._build import (
    CRLF,
    NOT_FOUND,
    Row,
    flood,
    head,
    notes,
    ok,
    quoted,
    reply,
    rfc9110,
    rfc9112,
    row,
    spec,
    table,
)  # fmt: skip

CATEGORY = "tunnel"
TUNNEL_REFS = (rfc9110("9.3.6"), notes("1.13"), spec("HTTPConnection.set_tunnel"))
TUNNELLED = ok(b"tunnelled")
ESTABLISHED = head(b"HTTP/1.0 200 Connection established")


def then_tunnel(proxy_reply: bytes, tunnelled: bytes = TUNNELLED) -> Script:
    return (ExpectRequest(), Send(proxy_reply), ExpectRequest(), Send(tunnelled), Close())


def tunnel(slug: str, description: str, proxy_reply: bytes, *references: str) -> Row:
    """The proxy's reply, then the tunnelled request answered by a 200."""
    return row(slug, quoted(description, proxy_reply), TUNNEL_REFS + references,
               then_tunnel(proxy_reply), client_method="CONNECT", client_requests=2)  # fmt: skip


def no_tunnel(slug: str, description: str, proxy_reply: bytes, *references: str) -> Row:
    """The proxy's reply, then the connection closes."""
    script = reply(proxy_reply) if proxy_reply else reply()
    return row(slug, quoted(description, proxy_reply), TUNNEL_REFS + references, script,
               client_method="CONNECT")  # fmt: skip


SCENARIOS = table(
    CATEGORY, "conformant",
    tunnel("connect-200", "CONNECT answered by 200, then the tunnelled 200", ESTABLISHED),
    tunnel("connect-200-headers", "200 with a Proxy-Agent header, then the tunnelled 200",
           head(b"HTTP/1.1 200 Connection established", b"Proxy-Agent: httpcts")),
) + table(
    CATEGORY, "malicious",
    no_tunnel("407", "407 Proxy Authentication Required",
              head(b"HTTP/1.1 407 Proxy Authentication Required",
                   b'Proxy-Authenticate: Basic realm="proxy"', b"Content-Length: 0")),
    no_tunnel("502", "502 Bad Gateway with a body",
              ok(b"bad gateway", status=b"HTTP/1.1 502 Bad Gateway")),
    tunnel("300", "300 Multiple Choices, then a tunnelled 200 for a client that tunnels anyway",
           head(b"HTTP/1.1 300 Multiple Choices", b"Content-Length: 0")),
    tunnel("garbage-reply", "a non-HTTP reply (2.6 non-strict reads it as HTTP/0.9 200: success)",
           b"garbage\r\n\r\n"),
    no_tunnel("eof-before-blank-line", "200 then close before the blank line (2.6 loops forever)",
              b"HTTP/1.0 200 Connection established\r\n", "bpo-13684"),
    tunnel("lf-only-blank-line",
           "200 whose header block ends with a bare LF (2.6 swallows the tunnelled data)",
           b"HTTP/1.0 200 Connection established\r\n\n"),
    tunnel("500-header-lines", "200 with 500 header lines",
           head(b"HTTP/1.0 200 Connection established",
                *(b"X-P%d: v" % number for number in range(500))),
           "bpo-16037"),
    tunnel("200-with-body",
           "200 that declares and sends a 5-byte body (must be ignored: it is tunnel data)",
           ok(b"hello", status=b"HTTP/1.1 200 Connection established")),
    no_tunnel("empty-reply", "close right after the CONNECT request (bpo-17849)", b"", "bpo-17849"),
    row("endless-headers", "200 then endless proxy header lines (1 MiB bound)",
        TUNNEL_REFS + ("bpo-16037", "gh-150743"),
        flood(b"X-Proxy: a\r\n", prefix=b"HTTP/1.0 200 Connection established\r\n"),
        client_method="CONNECT"),
    row("blank-line-after-connect",
        "200 Connection established, then the tunnelled answer is an empty line"
        " and 404 'no such page'",
        TUNNEL_REFS + (rfc9112("2.2"), notes("1.1")), then_tunnel(ESTABLISHED, CRLF + NOT_FOUND),
        client_method="CONNECT", client_requests=2),
    row("reset-after-200",
        "200 Connection established, then an RST instead of the tunnelled response", TUNNEL_REFS,
        (ExpectRequest(), Send(ESTABLISHED), ExpectRequest(), Reset()),
        client_method="CONNECT", client_requests=2),
)  # fmt: skip
