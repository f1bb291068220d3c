"""Chunked bodies: the forms RFC 9112 §7.1 allows, then every chunk-size and
chunk-delimiter trick from the research notes (§1.4, §2.2, §5.6).

Strategy: a body is written out literally after the same head (a 200 with
``Transfer-Encoding: chunked``): the oddity has to be byte exact, and a hostile
description quotes it.  The connection closes after the body so a client that
reads to EOF does not hang; the floods instead stay open.
"""

from __future__ import annotations

from .._steps import Flood, Sleep
from ._build import Row, chunked, flood, head, notes, quoted, reply, rfc9112, row, spec, table

CATEGORY = "chunked"
HEAD = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked")
# endless-chunks: a slow client needs seconds per MiB of one-byte chunks, and its verdict
# must not depend on the machine's speed
ENDLESS_CHUNKS_BYTES = 64 * 1024
CHUNKED_REFS = (rfc9112("7.1"), spec("HTTPResponse.read"), notes("1.4"))


def body(slug: str, description: str, data: bytes, *references: str) -> Row:
    """The chunked head, then ``data`` as it is."""
    return row(slug, description, CHUNKED_REFS + references, HEAD + data)


def hostile(slug: str, description: str, data: bytes, *references: str) -> Row:
    """A hostile chunked ``data``, quoted in the description."""
    return body(slug, quoted(description, data), data, *references)


SCENARIOS = table(
    CATEGORY, "conformant",
    body("basic", "two chunks 'hello' and ' world'", chunked(b"hello", b" world")),
    body("extensions", "chunk extensions on every size line",
         b"5;name=value\r\nhello\r\n6;a;b=\"q s\"\r\n world\r\n0;last\r\n\r\n"),
    body("trailers", "two trailer fields after the last chunk",
         chunked(b"hello", trailers=(b"X-Trailer: 1", b"X-Checksum: abc"))),
    body("trailer-long", "one 162-byte trailer field after the last chunk",
         chunked(b"hello", trailers=(b"X-Checksum: " + b"a" * 150,))),
    body("crlf-in-data", "a 0x30-byte chunk whose data ends in CRLF '5', then a 1-byte chunk 'a'",
         chunked(b"x" * 45 + b"\r\n5", b"a")),
    row("cut-status-line", "the status line cut after 'HTTP/1.1 2' (a 0.1 s pause), then the rest"
        " of the head and a chunk with an extension", CHUNKED_REFS,
        reply(b"HTTP/1.1 2", Sleep(0.1),
              HEAD[len(b"HTTP/1.1 2"):] + b"5;x=1\r\nhello\r\n0\r\n\r\n")),
    body("uppercase-hex", "upper-case hex chunk size 'A'", b"A\r\n0123456789\r\n0\r\n\r\n"),
    body("leading-zeros", "chunk sizes with leading zeros '0005' and '000'",
         b"0005\r\nhello\r\n000\r\n\r\n"),
    body("empty", "no data chunks, only the last chunk", chunked()),
    body("single-byte-chunks", "100 one-byte chunks",
         chunked(*(bytes([digit]) for digit in b"0123456789" * 10))),
    body("large", "1 MiB in 64 KiB chunks", chunked(*[bytes(range(256)) * 256] * 16)),
    row("streamed", "three chunks sent 0.2 s apart (each chunk in its own write)", CHUNKED_REFS,
        reply(HEAD + b"5\r\nfirst\r\n", Sleep(0.2), b"6\r\nsecond\r\n", Sleep(0.2),
              b"5\r\nthird\r\n0\r\n\r\n")),
) + table(
    CATEGORY, "malicious",
    hostile("ext-malformed", "malformed chunk extension ';;;=\"'",
            b"5;;;=\"\r\nhello\r\n0\r\n\r\n"),
    hostile("ext-70000", "a 70,000-byte chunk extension",
            b"5;" + b"x" * 70000 + b"\r\nhello\r\n0\r\n\r\n", "bpo-6791"),
    hostile("size-0x", "chunk size '0x5'", b"0x5\r\nhello\r\n0\r\n\r\n", "gh-150751"),
    hostile("size-plus", "chunk size '+5'", b"+5\r\nhello\r\n0\r\n\r\n", "gh-150751"),
    hostile("size-negative", "chunk size '-5' (py3.8/3.10+: reads to EOF)",
            b"-5\r\nhello\r\n0\r\n\r\n", notes("2.2")),
    hostile("size-underscore", "chunk size '1_0' (py3 reads 16)",
            b"1_0\r\n0123456789abcdef\r\n0\r\n\r\n", "gh-150751"),
    hostile("size-20-hex-digits", "chunk size of 20 hex digits (py3: OverflowError)",
            b"ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", notes("2.2")),
    hostile("size-maxsize-plus-one", "chunk size 2**63, just above sys.maxsize",
            b"8000000000000000\r\nhello\r\n", notes("2.2")),
    hostile("size-70000-line", "a 70,000-byte chunk-size line of zeros",
            b"0" * 69999 + b"5\r\nhello\r\n0\r\n\r\n", "bpo-6791", "CVE-2013-1752"),
    hostile("size-whitespace", "chunk size with spaces around it", b" 5 \r\nhello\r\n0\r\n\r\n"),
    hostile("size-non-hex", "chunk size 'zz'", b"zz\r\nhello\r\n0\r\n\r\n", "bpo-900744"),
    hostile("size-empty-line", "an empty chunk-size line", b"\r\nhello\r\n0\r\n\r\n",
            "bpo-900744"),
    hostile("junk-instead-of-crlf", "'XY' instead of CRLF after the chunk data",
            b"5\r\nhelloXY3\r\nabc\r\n0\r\n\r\n", notes("1.4")),
    hostile("lf-only-framing", "LF-only chunk framing", b"5\nhello\n0\n\n", rfc9112("2.2")),
    hostile("lf-after-data",
            "a bare LF after the first chunk's data, then a 0x15-byte chunk whose data holds"
            " 'abcde' CRLF '0' CRLF CRLF",
            b"5\r\nhello\n15\r\nabcde\r\n0\r\n\r\n123456789\r\n0\r\n\r\n", "CVE-2025-43859"),
    hostile("data-longer-than-size", "size 3 followed by 5 data bytes",
            b"3\r\nhello\r\n0\r\n\r\n", rfc9112("7.1")),
    hostile("size-larger-than-data", "size 0x64 with 5 data bytes, then close", b"64\r\nhello",
            spec("IncompleteRead")),
    hostile("eof-mid-chunk", "EOF inside the second chunk's data", b"5\r\nhello\r\n5\r\nab",
            spec("IncompleteRead")),
    hostile("eof-mid-size-line", "EOF inside a chunk-size line", b"5\r\nhello\r\n1",
            spec("IncompleteRead")),
    hostile("missing-last-chunk", "data chunks but no last chunk, then close", b"5\r\nhello\r\n",
            spec("IncompleteRead")),
    hostile("eof-after-last-chunk-size",
            "EOF right after a last-chunk size '0' (it could be the start of '0a'):"
            " no CRLF, no trailer section end", b"5\r\nhello\r\n0", spec("IncompleteRead")),
    hostile("trailer-bare-lf-end",
            "trailer section ended by a bare LF, followed by a pipelined response",
            b"5\r\nhello\r\n0\r\nX-T: 1\r\n\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"),
    hostile("trailers-500", "500 trailer lines",
            b"5\r\nhello\r\n0\r\n" + b"".join(b"X-T%d: v\r\n" % number for number in range(500))
            + b"\r\n", "gh-150743"),
    hostile("trailer-no-colon", "a colon-less trailer line",
            b"5\r\nhello\r\n0\r\nnot a trailer\r\n\r\n"),
    row("trailer-flood", "the last chunk, then endless 'X-T: v' trailer lines (1 MiB bound)",
        CHUNKED_REFS + ("gh-150743",), flood(b"X-T: v\r\n", prefix=HEAD + b"5\r\nhello\r\n0\r\n")),
    # a truncation test, not a bound: the body may be long, it must not end without a last chunk
    row("endless-chunks", "endless one-byte chunks (64 KiB bound), never a last chunk",
        CHUNKED_REFS, reply(Flood(b"1\r\na\r\n", ENDLESS_CHUNKS_BYTES, prefix=HEAD))),
    row("endless-extension",
        "a chunk-size line whose extension never ends: '5;' then 1 MiB of 'x' without LF",
        CHUNKED_REFS + ("bpo-6791", "CVE-2013-1752"), flood(b"x" * 1024, prefix=HEAD + b"5;")),
)  # fmt: skip
