"""Header-block scenarios: ordinary variety first, then bombs and broken syntax.

Strategy: bombs are generated from a table of counts and sizes (the numbers sit
on both sides of each known limit: 2.6.9's 100 stored lines, py3's 100 including
the blank line, 2.7's 65536-byte lines).  Every response is framed by
Content-Length so only the header block differs between scenarios.
"""

from __future__ import annotations

from ._build import flood, head, make, notes, ok, reply, rfc9110, rfc9112, show, spec

CATEGORY = "headers"
FLOOD_BYTES = 1 << 20


def _numbered(count: int) -> tuple[bytes, ...]:
    return tuple(b"X-Header-%d: value-%d" % (i, i) for i in range(count))


CONFORMANT = (
    ("repeated", "the same field twice: X-Multi: 1 and X-Multi: 2", (b"X-Multi: 1", b"X-Multi: 2"),
     (rfc9110("5.3"), notes("1.3"), spec("HTTPResponse.getheader"))),
    ("set-cookie-three", "three Set-Cookie lines (must not be merged by a careful client)",
     (b"Set-Cookie: a=1; Path=/", b"Set-Cookie: b=2; HttpOnly", b"Set-Cookie: c=3; Expires=Wed, 09 Jun 2021 10:18:14 GMT"),
     (rfc9110("5.3"), "RFC 6265 §3", spec("HTTPResponse.getheaders"))),
    ("folded", "obs-fold continuation lines: 'X-Folded: one' CRLF SP 'two' CRLF HT 'three'",
     (b"X-Folded: one\r\n two\r\n\tthree",), (rfc9112("5.2"), notes("1.3"))),
    ("mixed-case-names", "field names in odd case: cOnTeNt-TyPe, x-lower, X-UPPER",
     (b"cOnTeNt-TyPe: text/plain", b"x-lower: 1", b"X-UPPER: 2"), (rfc9110("5.1"), spec("HTTPResponse.getheader"))),
    ("empty-value", "a field with an empty value 'X-Empty:'", (b"X-Empty:",), (rfc9110("5.5"),)),
    ("whitespace-around-value", "a value padded with spaces and tabs 'X-Pad: \\t v \\t'", (b"X-Pad: \t v \t",),
     (rfc9110("5.5"), notes("1.3"))),
    ("latin1-value", "obs-text in a value: 'X-Latin: caf\\xe9'", (b"X-Latin: caf\xe9",), (rfc9110("5.5"), notes("1.3"))),
    ("typical-set", "a realistic header set (Date, Server, Content-Type, Cache-Control, ETag, Vary)",
     (b"Date: Tue, 15 Nov 1994 08:12:31 GMT", b"Server: httpcts", b"Content-Type: text/html; charset=utf-8",
      b"Cache-Control: no-cache", b'ETag: "abc"', b"Vary: Accept-Encoding"), (rfc9110("6.3"), spec("HTTPResponse.msg"))),
    ("content-type-params", "Content-Type with mixed-case type and keys, a repeated key, a bare flag, "
     "quoted and <angled> values; Content-Transfer-Encoding: BASE64",
     (b'Content-Type: Text/HTML; Spam=1; spam=2; Flag; Charset="utf-8"; Boundary=<b1>',
      b"Content-Transfer-Encoding: BASE64"), (spec("HTTPResponse.msg"), "mimetools docs (2.6)")),
)  # fmt: skip

# (slug, extra header lines, description, references)
HOSTILE = (
    ("count-99", _numbered(99), "99 header lines plus Content-Length (100 in all)", ("bpo-16037", notes("2.2"))),
    ("count-100", _numbered(100), "100 header lines plus Content-Length (101 in all)", ("bpo-16037", notes("1.3"))),
    ("count-101", _numbered(101), "101 header lines plus Content-Length", ("bpo-16037", "CVE-2013-1752")),
    ("count-1000", _numbered(1000), "1000 header lines", ("bpo-16037", "CVE-2013-1752")),
    ("line-70000", (b"X-Big: " + b"a" * 70000,), "one 70,000-byte header line", ("bpo-6791", "CVE-2013-1752")),
    ("continuations-150", (b"X-Folded: start",) + (b" more",) * 150, "one field folded over 150 continuation lines",
     ("bpo-16037", notes("1.3"))),
    ("no-colon", (b"X-Before: 1", b"this line has no colon", b"X-After: 1"), "a colon-less line between two fields",
     (notes("1.3"), "bpo-24363", "urllib3#1110")),
    ("empty-name", (b": no-name",), "a field with an empty name ': no-name'", ("bpo-19996", notes("1.3"))),
    ("nul-in-value", (b"X-Nul: a\x00b",), "a NUL byte inside a value", (rfc9110("5.5"), notes("1.3"))),
    ("name-with-space", (b"X Spaced: 1",), "a field name with an inner space 'X Spaced'", (rfc9110("5.1"), notes("2.2"))),
    ("ctl-in-value", (b"X-Ctl: a\x01\x7fb",), "control bytes 0x01 and 0x7F in a value", (rfc9110("5.5"),)),
)  # fmt: skip

# (slug, header lines put before Content-Length, description, references)
FIRST_LINE = (
    ("first-line-whitespace", (b" X-Indented: 1", b"X-After: 2"), "the first header line starts with a space",
     (rfc9112("2.2"), notes("2.2"))),
    ("from-line", (b"From nobody Mon Jan  1 00:00:00 2001", b"X-After: 1"), "an mbox 'From ' line as first header line",
     (notes("1.3"),)),
)  # fmt: skip

SCENARIOS = (
    tuple(make(CATEGORY, "conformant", slug, desc, refs, reply(ok(b"hello", *lines))) for slug, desc, lines, refs in CONFORMANT)
    + tuple(
        make(CATEGORY, "malicious", slug, f"{desc}: {show(lines[0])!r}...", refs + (spec("HTTPResponse.msg"),),
             reply(ok(b"hello", *lines)))
        for slug, lines, desc, refs in HOSTILE
    )
    + tuple(
        make(CATEGORY, "malicious", slug, f"{desc}: {show(lines[0])!r}...", refs + (spec("HTTPResponse.msg"),),
             reply(head(b"HTTP/1.1 200 OK", *lines, b"Content-Length: 5") + b"hello"))
        for slug, lines, desc, refs in FIRST_LINE
    )
    + (
        make(
            CATEGORY, "malicious", "lf-only-lines",
            "every header line ends with LF only, blank line too",
            (rfc9112("2.2"), notes("1.3")),
            reply(b"HTTP/1.1 200 OK\r\nContent-Length: 5\nX-A: 1\n\nhello"),
        ),
        make(
            CATEGORY, "malicious", "eof-in-headers",
            "status line and one header, then the connection closes (no blank line)",
            (notes("1.3"), rfc9112("8")),
            reply(b"HTTP/1.1 200 OK\r\nX-A: 1\r\n"),
        ),
        make(
            CATEGORY, "malicious", "endless-headers",
            "200 then endless 'X-Flood: a' header lines (1 MiB bound)",
            ("bpo-16037", "CVE-2013-1752", notes("3")),
            flood(b"X-Flood: a\r\n", prefix=b"HTTP/1.1 200 OK\r\n"),
        ),
        make(
            CATEGORY, "malicious", "endless-line",
            "200 then a header line that never ends ('X-Endless: ' + 1 MiB of 'a', no LF)",
            ("bpo-6791", "CVE-2013-1752", notes("3")),
            flood(b"a" * 1024, prefix=b"HTTP/1.1 200 OK\r\nX-Endless: "),
        ),
    )
)  # fmt: skip
