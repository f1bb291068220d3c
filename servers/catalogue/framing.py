"""Body framing: Content-Length, close-delimited and bodiless responses, then
lies about the length.

Strategy: the conformant rows are the framings RFC 9112 §6.3 lists, one each;
the hostile rows keep a short body and vary only the framing claim, so a case
sees exactly how many bytes a client took and what it left on the wire.
"""

from __future__ import annotations

from .._steps import Sleep
from ._build import chunked, head, make, notes, ok, reply, rfc9110, rfc9112, show, spec

CATEGORY = "framing"
MIB = 1 << 20
BIG = bytes(range(256)) * (MIB // 256)

_len = (rfc9112("6.3"), spec("HTTPResponse.read"))

# (slug, bytes, description, references, client_method)
CONFORMANT = (
    ("content-length", ok(b"hello"), "Content-Length: 5, body 'hello'", _len, "GET"),
    ("content-length-zero", ok(b""), "Content-Length: 0, no body", _len, "GET"),
    ("close-delimited", head(b"HTTP/1.1 200 OK") + b"hello until close", "no framing header: body until close", _len + (notes("1.4"),), "GET"),
    ("close-delimited-http10", head(b"HTTP/1.0 200 OK") + b"hello until close", "HTTP/1.0 without Content-Length: body until close", _len, "GET"),
    ("large-content-length", ok(BIG), "1 MiB body (every byte value) framed by Content-Length", _len + (notes("1.4"),), "GET"),
    ("large-close-delimited", head(b"HTTP/1.1 200 OK") + BIG, "1 MiB body (every byte value) until close", _len, "GET"),
    ("binary-body", ok(bytes(range(256))), "256-byte body holding every byte value", _len, "GET"),
    ("head", head(b"HTTP/1.1 200 OK", b"Content-Length: 5"), "answer to HEAD: Content-Length: 5 and no body", (rfc9110("9.3.2"), rfc9112("6.3"), notes("1.4")), "HEAD"),
    ("204-no-content", head(b"HTTP/1.1 204 No Content"), "204 No Content without body", (rfc9110("15.3.5"), notes("1.4")), "GET"),
    ("304-not-modified", head(b"HTTP/1.1 304 Not Modified", b'ETag: "v1"'), "304 Not Modified without body", (rfc9110("15.4.5"), notes("1.4")), "GET"),
    ("205-with-length-zero", head(b"HTTP/1.1 205 Reset Content", b"Content-Length: 0"), "205 Reset Content, Content-Length: 0", (rfc9110("15.3.6"),), "GET"),
    ("content-length-padded", head(b"HTTP/1.1 200 OK", b"Content-Length:   5  ") + b"hello", "'Content-Length:   5  ' (OWS around the value)", _len, "GET"),
)  # fmt: skip

# (slug, bytes, description, references, client_method)
HOSTILE = (
    ("cl-larger-than-body", head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"abcd", "Content-Length: 10, 4 bytes, then close", (spec("IncompleteRead"), notes("1.4")), "GET"),
    ("cl-smaller-than-body", head(b"HTTP/1.1 200 OK", b"Content-Length: 2") + b"hello", "Content-Length: 2 but 'hello' sent: 3 bytes left on the wire", (rfc9112("6.3"), notes("1.4")), "GET"),
    ("cl-2-pow-40", head(b"HTTP/1.1 200 OK", b"Content-Length: %d" % 2**40) + b"tiny", "Content-Length: 2**40 with a 4-byte body", ("CVE-2025-13836", "gh-119451", notes("2.2")), "GET"),
    ("cl-2-pow-70", head(b"HTTP/1.1 200 OK", b"Content-Length: %d" % 2**70) + b"tiny", "Content-Length: 2**70 with a 4-byte body (py3: OverflowError)", ("CVE-2025-13836", notes("2.2")), "GET"),
    ("cl-negative", head(b"HTTP/1.1 200 OK", b"Content-Length: -1") + b"hello", "Content-Length: -1 (2.6 ignores it, reads to EOF)", ("bpo-1627", notes("1.4")), "GET"),
    ("cl-plus", head(b"HTTP/1.1 200 OK", b"Content-Length: +2") + b"hello", "Content-Length: +2 (int() accepts the sign)", ("gh-150751", notes("1.4")), "GET"),
    ("cl-underscore", head(b"HTTP/1.1 200 OK", b"Content-Length: 1_0") + b"0123456789+", "Content-Length: 1_0 (py3 reads 10, 2.6 to EOF)", ("gh-150751", notes("2.2")), "GET"),
    ("cl-hex", head(b"HTTP/1.1 200 OK", b"Content-Length: 0x2") + b"hello", "Content-Length: 0x2", (rfc9110("8.6"), notes("1.4")), "GET"),
    ("cl-non-numeric", head(b"HTTP/1.1 200 OK", b"Content-Length: abc") + b"hello", "Content-Length: abc", (rfc9110("8.6"), notes("1.4")), "GET"),
    ("cl-empty", head(b"HTTP/1.1 200 OK", b"Content-Length:") + b"hello", "empty Content-Length value", (rfc9110("8.6"), notes("1.4")), "GET"),
    ("cl-20-digits", head(b"HTTP/1.1 200 OK", b"Content-Length: 99999999999999999999") + b"tiny", "Content-Length with 20 digits (beyond 64 bits)", ("CVE-2025-13836", rfc9110("8.6")), "GET"),
    ("204-with-body", head(b"HTTP/1.1 204 No Content", b"Content-Length: 5") + b"hello", "204 that still sends Content-Length: 5 and 'hello'", (rfc9110("15.3.5"), notes("1.4")), "GET"),
    ("204-chunked", head(b"HTTP/1.1 204 No Content", b"Transfer-Encoding: chunked") + chunked(b"hello"), "204 with a chunked body (2.6 reads it: chunked is tested first)", (notes("1.4"),), "GET"),
    ("304-with-body", head(b"HTTP/1.1 304 Not Modified", b"Content-Length: 5") + b"hello", "304 that still sends 'hello'", (rfc9110("15.4.5"), notes("1.4")), "GET"),
    ("head-with-body", head(b"HTTP/1.1 200 OK", b"Content-Length: 5") + b"hello", "answer to HEAD that carries the 5-byte body anyway", (rfc9110("9.3.2"), "bpo-6312"), "HEAD"),
    ("head-chunked-body", head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + chunked(b"hello"), "answer to HEAD with a chunked body (2.6.0-2.6.5 read it)", ("bpo-6312", notes("1.0")), "HEAD"),
    ("trailing-garbage", head(b"HTTP/1.1 200 OK", b"Content-Length: 5") + b"hello" + b"extra", "5 extra bytes after a complete response, then close", (rfc9112("6.3"),), "GET"),
)  # fmt: skip

SCENARIOS = (
    tuple(
        make(CATEGORY, "conformant", slug, desc, refs, reply(data), client_method=method)
        for slug, data, desc, refs, method in CONFORMANT
    )
    + tuple(
        make(CATEGORY, "malicious", slug, f"{desc}: {show(data)!r}", refs, reply(data), client_method=method)
        for slug, data, desc, refs, method in HOSTILE
    )
    + (
        make(
            CATEGORY, "malicious", "close-delimited-slow-close",
            "HTTP/1.1 body without framing, then the server waits 2 s before closing",
            (rfc9112("6.3"), notes("4.4")),
            reply(head(b"HTTP/1.1 200 OK") + b"hello", Sleep(2.0)),
        ),
    )
)  # fmt: skip
