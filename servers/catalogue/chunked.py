"""Chunked bodies: the forms RFC 9112 §7.1 allows, then every chunk-size and
chunk-delimiter trick from the research notes (§1.4, §2.2, §5.6).

Strategy: a hostile body is written out literally (the oddity has to be byte
exact), always under ``Transfer-Encoding: chunked`` on a 200 response; the
description quotes it.  The connection closes after the body so a client that
reads to EOF does not hang.
"""

from __future__ import annotations

from .._steps import Flood, Sleep
from ._build import chunked, flood, head, make, notes, reply, rfc9112, show, spec

CATEGORY = "chunked"
HEAD = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked")
MIB = 1 << 20

_chunked = (rfc9112("7.1"), spec("HTTPResponse.read"), notes("1.4"))

CONFORMANT = (
    ("basic", chunked(b"hello", b" world"), "two chunks 'hello' and ' world'"),
    ("extensions", b"5;name=value\r\nhello\r\n6;a;b=\"q s\"\r\n world\r\n0;last\r\n\r\n", "chunk extensions on every size line"),
    ("trailers", chunked(b"hello", trailers=(b"X-Trailer: 1", b"X-Checksum: abc")), "two trailer fields after the last chunk"),
    ("uppercase-hex", b"A\r\n0123456789\r\n0\r\n\r\n", "upper-case hex chunk size 'A'"),
    ("leading-zeros", b"0005\r\nhello\r\n000\r\n\r\n", "chunk sizes with leading zeros '0005' and '000'"),
    ("empty", chunked(), "no data chunks, only the last chunk"),
    ("single-byte-chunks", chunked(*(bytes([c]) for c in b"0123456789" * 10)), "100 one-byte chunks"),
    ("large", chunked(*[bytes(range(256)) * 256] * 16), "1 MiB in 64 KiB chunks"),
)  # fmt: skip

# (slug, body after the head, description, extra references)
HOSTILE = (
    ("ext-malformed", b"5;;;=\"\r\nhello\r\n0\r\n\r\n", "malformed chunk extension ';;;=\"'", ()),
    ("ext-70000", b"5;" + b"x" * 70000 + b"\r\nhello\r\n0\r\n\r\n", "a 70,000-byte chunk extension", ("bpo-6791",)),
    ("size-0x", b"0x5\r\nhello\r\n0\r\n\r\n", "chunk size '0x5'", ("gh-150751",)),
    ("size-plus", b"+5\r\nhello\r\n0\r\n\r\n", "chunk size '+5'", ("gh-150751",)),
    ("size-negative", b"-5\r\nhello\r\n0\r\n\r\n", "chunk size '-5' (py3.8/3.10+: reads to EOF)", (notes("2.2"),)),
    ("size-underscore", b"1_0\r\n0123456789abcdef\r\n0\r\n\r\n", "chunk size '1_0' (py3 reads 16)", ("gh-150751",)),
    ("size-20-hex-digits", b"ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", "chunk size of 20 hex digits (py3: OverflowError)", (notes("2.2"),)),
    ("size-maxsize-plus-one", b"8000000000000000\r\nhello\r\n", "chunk size 2**63, just above sys.maxsize", (notes("2.2"),)),
    ("size-70000-line", b"0" * 69999 + b"5\r\nhello\r\n0\r\n\r\n", "a 70,000-byte chunk-size line of zeros", ("bpo-6791", "CVE-2013-1752")),
    ("size-whitespace", b" 5 \r\nhello\r\n0\r\n\r\n", "chunk size with spaces around it", ()),
    ("size-non-hex", b"zz\r\nhello\r\n0\r\n\r\n", "chunk size 'zz'", ("bpo-900744",)),
    ("size-empty-line", b"\r\nhello\r\n0\r\n\r\n", "an empty chunk-size line", ("bpo-900744",)),
    ("junk-instead-of-crlf", b"5\r\nhelloXY3\r\nabc\r\n0\r\n\r\n", "'XY' instead of CRLF after the chunk data", (notes("1.4"),)),
    ("lf-only-framing", b"5\nhello\n0\n\n", "LF-only chunk framing", (rfc9112("2.2"),)),
    ("data-longer-than-size", b"3\r\nhello\r\n0\r\n\r\n", "size 3 followed by 5 data bytes", (rfc9112("7.1"),)),
    ("size-larger-than-data", b"64\r\nhello", "size 0x64 with 5 data bytes, then close", (spec("IncompleteRead"),)),
    ("eof-mid-chunk", b"5\r\nhello\r\n5\r\nab", "EOF inside the second chunk's data", (spec("IncompleteRead"),)),
    ("eof-mid-size-line", b"5\r\nhello\r\n1", "EOF inside a chunk-size line", (spec("IncompleteRead"),)),
    ("missing-last-chunk", b"5\r\nhello\r\n", "data chunks but no last chunk, then close", (spec("IncompleteRead"),)),
    ("trailer-bare-lf-end", b"5\r\nhello\r\n0\r\nX-T: 1\r\n\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
     "trailer section ended by a bare LF, followed by a pipelined response", ()),
    ("trailers-500", b"5\r\nhello\r\n0\r\n" + b"".join(b"X-T%d: v\r\n" % i for i in range(500)) + b"\r\n",
     "500 trailer lines", ("gh-150743",)),
    ("trailer-no-colon", b"5\r\nhello\r\n0\r\nnot a trailer\r\n\r\n", "a colon-less trailer line", ()),
)  # fmt: skip

SCENARIOS = (
    tuple(make(CATEGORY, "conformant", slug, desc, _chunked, reply(HEAD + body)) for slug, body, desc in CONFORMANT)
    + tuple(
        make(CATEGORY, "malicious", slug, f"{desc}: {show(body)!r}", _chunked + refs, reply(HEAD + body))
        for slug, body, desc, refs in HOSTILE
    )
    + (
        make(
            CATEGORY, "conformant", "streamed",
            "three chunks sent 0.2 s apart (each chunk in its own write)",
            _chunked,
            reply(HEAD + b"5\r\nfirst\r\n", Sleep(0.2), b"6\r\nsecond\r\n", Sleep(0.2), b"5\r\nthird\r\n0\r\n\r\n"),
        ),
        make(
            CATEGORY, "malicious", "trailer-flood",
            "the last chunk, then endless 'X-T: v' trailer lines (1 MiB bound)",
            _chunked + ("gh-150743",),
            flood(b"X-T: v\r\n", prefix=HEAD + b"5\r\nhello\r\n0\r\n"),
        ),
        make(
            CATEGORY, "malicious", "endless-chunks",
            "endless one-byte chunks (1 MiB bound), never a last chunk",
            _chunked,
            reply(Flood(b"1\r\na\r\n", MIB, prefix=HEAD)),
        ),
        make(
            CATEGORY, "malicious", "endless-extension",
            "a chunk-size line whose extension never ends: '5;' then 1 MiB of 'x' without LF",
            _chunked + ("bpo-6791", "CVE-2013-1752"),
            flood(b"x" * 1024, prefix=HEAD + b"5;"),
        ),
    )
)  # fmt: skip
