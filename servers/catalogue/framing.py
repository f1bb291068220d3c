"""Body framing: Content-Length, close-delimited and bodiless responses, then
lies about the length.

Strategy: the conformant rows are the framings RFC 9112 §6.3 lists, one each;
the hostile rows keep a short body and vary only the framing claim (one header
line), so a case sees exactly how many bytes a client took and what it left on
the wire.
"""

from __future__ import annotations

from .._steps import ExpectRequest, Send, Sleep, Stall
from ._build import Row, chunked, head, notes, ok, quoted, reply, rfc9110, rfc9112, row, spec, table

CATEGORY = "framing"
MIB = 1 << 20
BIG = bytes(range(256)) * (MIB // 256)
OK_LINE = b"HTTP/1.1 200 OK"
LENGTH_REFS = (rfc9112("6.3"), spec("HTTPResponse.read"))


def lying(
    slug: str, description: str, references: tuple[str, ...], field: bytes, body: bytes, *,
    status: bytes = OK_LINE, client_method: str = "GET",
) -> Row:  # fmt: skip
    """A response with one framing ``field`` and ``body`` that may not match it."""
    data = head(status, field) + body
    return row(slug, quoted(description, data), references, data, client_method=client_method)


SCENARIOS = table(
    CATEGORY, "conformant",
    row("content-length", "Content-Length: 5, body 'hello'", LENGTH_REFS, ok(b"hello")),
    row("content-length-zero", "Content-Length: 0, no body", LENGTH_REFS, ok(b"")),
    row("content-length-zero-then-next",
        "Content-Length: 0 on a kept-alive connection, then 200 'second' for the next request",
        LENGTH_REFS + (rfc9112("9.3"),),
        (ExpectRequest(), Send(ok(b"")), ExpectRequest(), Send(ok(b"second")), Stall()),
        client_requests=2),
    row("close-delimited", "no framing header: body until close", LENGTH_REFS + (notes("1.4"),),
        head(OK_LINE) + b"hello until close"),
    row("close-delimited-http10", "HTTP/1.0 without Content-Length: body until close",
        LENGTH_REFS, head(b"HTTP/1.0 200 OK") + b"hello until close"),
    row("large-content-length", "1 MiB body (every byte value) framed by Content-Length",
        LENGTH_REFS + (notes("1.4"),), ok(BIG)),
    row("large-close-delimited", "1 MiB body (every byte value) until close", LENGTH_REFS,
        head(OK_LINE) + BIG),
    row("binary-body", "256-byte body holding every byte value", LENGTH_REFS,
        ok(bytes(range(256)))),
    row("head", "answer to HEAD: Content-Length: 5 and no body",
        (rfc9110("9.3.2"), rfc9112("6.3"), notes("1.4")), head(OK_LINE, b"Content-Length: 5"),
        client_method="HEAD"),
    row("204-no-content", "204 No Content without body", (rfc9110("15.3.5"), notes("1.4")),
        head(b"HTTP/1.1 204 No Content")),
    row("304-not-modified", "304 Not Modified without body", (rfc9110("15.4.5"), notes("1.4")),
        head(b"HTTP/1.1 304 Not Modified", b'ETag: "v1"')),
    row("205-with-length-zero", "205 Reset Content, Content-Length: 0", (rfc9110("15.3.6"),),
        head(b"HTTP/1.1 205 Reset Content", b"Content-Length: 0")),
    row("content-length-padded", "'Content-Length:   5  ' (OWS around the value)", LENGTH_REFS,
        head(OK_LINE, b"Content-Length:   5  ") + b"hello"),
) + table(
    CATEGORY, "malicious",
    lying("cl-larger-than-body", "Content-Length: 10, 4 bytes, then close",
          (spec("IncompleteRead"), notes("1.4")), b"Content-Length: 10", b"abcd"),
    lying("cl-smaller-than-body", "Content-Length: 2 but 'hello' sent: 3 bytes left on the wire",
          (rfc9112("6.3"), notes("1.4")), b"Content-Length: 2", b"hello"),
    lying("cl-2-pow-40", "Content-Length: 2**40 with a 4-byte body",
          ("CVE-2025-13836", "gh-119451", notes("2.2")), b"Content-Length: %d" % 2**40, b"tiny"),
    lying("cl-2-pow-70", "Content-Length: 2**70 with a 4-byte body (py3: OverflowError)",
          ("CVE-2025-13836", notes("2.2")), b"Content-Length: %d" % 2**70, b"tiny"),
    lying("cl-negative", "Content-Length: -1 (2.6 ignores it, reads to EOF)",
          ("bpo-1627", notes("1.4")), b"Content-Length: -1", b"hello"),
    lying("cl-plus", "Content-Length: +2 (int() accepts the sign)", ("gh-150751", notes("1.4")),
          b"Content-Length: +2", b"hello"),
    lying("cl-underscore", "Content-Length: 1_0 (py3 reads 10, 2.6 to EOF)",
          ("gh-150751", notes("2.2")), b"Content-Length: 1_0", b"0123456789+"),
    lying("cl-hex", "Content-Length: 0x2", (rfc9110("8.6"), notes("1.4")), b"Content-Length: 0x2",
          b"hello"),
    lying("cl-non-numeric", "Content-Length: abc", (rfc9110("8.6"), notes("1.4")),
          b"Content-Length: abc", b"hello"),
    lying("cl-empty", "empty Content-Length value", (rfc9110("8.6"), notes("1.4")),
          b"Content-Length:", b"hello"),
    lying("cl-20-digits", "Content-Length with 20 digits (beyond 64 bits)",
          ("CVE-2025-13836", rfc9110("8.6")), b"Content-Length: 99999999999999999999", b"tiny"),
    lying("204-with-body", "204 that still sends Content-Length: 5 and 'hello'",
          (rfc9110("15.3.5"), notes("1.4")), b"Content-Length: 5", b"hello",
          status=b"HTTP/1.1 204 No Content"),
    lying("204-chunked", "204 with a chunked body (2.6 reads it: chunked is tested first)",
          (notes("1.4"),), b"Transfer-Encoding: chunked", chunked(b"hello"),
          status=b"HTTP/1.1 204 No Content"),
    lying("304-with-body", "304 that still sends 'hello'", (rfc9110("15.4.5"), notes("1.4")),
          b"Content-Length: 5", b"hello", status=b"HTTP/1.1 304 Not Modified"),
    lying("head-with-body", "answer to HEAD that carries the 5-byte body anyway",
          (rfc9110("9.3.2"), "bpo-6312"), b"Content-Length: 5", b"hello", client_method="HEAD"),
    lying("head-chunked-body", "answer to HEAD with a chunked body (2.6.0-2.6.5 read it)",
          ("bpo-6312", notes("1.0")), b"Transfer-Encoding: chunked", chunked(b"hello"),
          client_method="HEAD"),
    lying("trailing-garbage", "5 extra bytes after a complete response, then close",
          (rfc9112("6.3"),), b"Content-Length: 5", b"hello" + b"extra"),
    lying("cl-zero-trailing-garbage", "Content-Length: 0, then 5 extra bytes, then close",
          (rfc9112("6.3"),), b"Content-Length: 0", b"extra"),
    row("close-delimited-slow-close",
        "HTTP/1.1 body without framing, then the server waits 2 s before closing",
        (rfc9112("6.3"), notes("4.4")), reply(head(OK_LINE) + b"hello", Sleep(2.0))),
)  # fmt: skip
