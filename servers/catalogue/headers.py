"""Header-block scenarios: ordinary variety first, then bombs and broken syntax.

Strategy: bombs are generated from counts and sizes (the numbers sit on both
sides of each known limit: 2.6.9's 100 stored lines, py3's 100 including the
blank line, 2.7's 65536-byte lines).  Every response is a 200 framed by
``Content-Length: 5`` and ``hello``, so only the header block differs between
scenarios; a hostile row says which lines come before and after that field.
"""

from __future__ import annotations

from .._steps import Sleep
from ._build import (
    Row,
    flood,
    head,
    notes,
    ok,
    reply,
    rfc9110,
    rfc9112,
    row,
    show,
    spec,
    table,
)  # fmt: skip

CATEGORY = "headers"
LENGTH = b"Content-Length: 5"


def numbered(count: int) -> tuple[bytes, ...]:
    return tuple(b"X-Header-%d: value-%d" % (number, number) for number in range(count))


def hostile(
    slug: str, description: str, references: tuple[str, ...], *,
    before: tuple[bytes, ...] = (), after: tuple[bytes, ...] = (),
) -> Row:  # fmt: skip
    """A 200 whose header lines are ``before``, Content-Length, ``after``."""
    first = (before or after)[0]
    return row(slug, f"{description}: {show(first)!r}...", references + (spec("HTTPResponse.msg"),),
               head(b"HTTP/1.1 200 OK", *before, LENGTH, *after) + b"hello")  # fmt: skip


SCENARIOS = table(
    CATEGORY, "conformant",
    row("repeated", "the same field twice: X-Multi: 1 and X-Multi: 2",
        (rfc9110("5.3"), notes("1.3"), spec("HTTPResponse.getheader")),
        ok(b"hello", b"X-Multi: 1", b"X-Multi: 2")),
    row("set-cookie-three", "three Set-Cookie lines (must not be merged by a careful client)",
        (rfc9110("5.3"), "RFC 6265 §3", spec("HTTPResponse.getheaders")),
        ok(b"hello", b"Set-Cookie: a=1; Path=/", b"Set-Cookie: b=2; HttpOnly",
           b"Set-Cookie: c=3; Expires=Wed, 09 Jun 2021 10:18:14 GMT")),
    row("folded", "obs-fold continuation lines: 'X-Folded: one' CRLF SP 'two' CRLF HT 'three'",
        (rfc9112("5.2"), notes("1.3")), ok(b"hello", b"X-Folded: one\r\n two\r\n\tthree")),
    row("mixed-case-names", "field names in odd case: cOnTeNt-TyPe, x-lower, X-UPPER",
        (rfc9110("5.1"), spec("HTTPResponse.getheader")),
        ok(b"hello", b"cOnTeNt-TyPe: text/plain", b"x-lower: 1", b"X-UPPER: 2")),
    row("empty-value", "a field with an empty value 'X-Empty:'", (rfc9110("5.5"),),
        ok(b"hello", b"X-Empty:")),
    row("whitespace-around-value", "a value padded with spaces and tabs 'X-Pad: \\t v \\t'",
        (rfc9110("5.5"), notes("1.3")), ok(b"hello", b"X-Pad: \t v \t")),
    row("latin1-value", "obs-text in a value: 'X-Latin: caf\\xe9'", (rfc9110("5.5"), notes("1.3")),
        ok(b"hello", b"X-Latin: caf\xe9")),
    row("block-67k", "Content-Length: 5, then 64 header lines of about 1 KiB each (67 KB in all,"
        " every line within the limits)",
        (rfc9112("5"), spec("HTTPResponse.getheader")),
        ok(b"hello", *(b"X-Header-%d: %s" % (number, b"v" * 1024) for number in range(64)))),
    row("typical-set",
        "a realistic header set (Date, Server, Content-Type, Cache-Control, ETag, Vary)",
        (rfc9110("6.3"), spec("HTTPResponse.msg")),
        ok(b"hello", b"Date: Tue, 15 Nov 1994 08:12:31 GMT", b"Server: httpcts",
           b"Content-Type: text/html; charset=utf-8", b"Cache-Control: no-cache", b'ETag: "abc"',
           b"Vary: Accept-Encoding")),
    row("content-type-params",
        "Content-Type with mixed-case type and keys, a repeated key, a bare flag, "
        "quoted and <angled> values; Content-Transfer-Encoding: BASE64",
        (spec("HTTPResponse.msg"), "mimetools docs (2.6)"),
        ok(b"hello",
           b'Content-Type: Text/HTML; Spam=1; spam=2; Flag; Charset="utf-8"; Boundary=<b1>; '
           b'Level=Top; Empty=""; Lone="',
           b"Content-Transfer-Encoding: BASE64")),
) + table(
    CATEGORY, "malicious",
    hostile("count-99", "99 header lines plus Content-Length (100 in all)",
            ("bpo-16037", notes("2.2")), after=numbered(99)),
    hostile("count-100", "100 header lines plus Content-Length (101 in all)",
            ("bpo-16037", notes("1.3")), after=numbered(100)),
    hostile("count-101", "101 header lines plus Content-Length", ("bpo-16037", "CVE-2013-1752"),
            after=numbered(101)),
    hostile("count-1000", "1000 header lines", ("bpo-16037", "CVE-2013-1752"),
            after=numbered(1000)),
    hostile("count-110-tiny", "Content-Length and 110 four-byte lines 'a:' (461 bytes in all)",
            ("bpo-16037",), after=(b"a:",) * 110),
    hostile("line-70000", "one 70,000-byte header line", ("bpo-6791", "CVE-2013-1752"),
            after=(b"X-Big: " + b"a" * 70000,)),
    hostile("continuations-150", "one field folded over 150 continuation lines",
            ("bpo-16037", notes("1.3")), after=(b"X-Folded: start",) + (b" more",) * 150),
    row("folded-framed",
        "X-A: 1, then 'X-Folded: one' folded onto ' two', then Content-Length: 10 and 10 bytes",
        (rfc9112("5.2"), rfc9112("6.3"), spec("HTTPResponse.getheader")),
        head(b"HTTP/1.1 200 OK", b"X-A: 1", b"X-Folded: one", b" two", b"Content-Length: 10")
        + b"0123456789"),
    row("folded-framed-lf",
        "the folded-framed head with every line ended by LF alone",
        (rfc9112("5.2"), rfc9112("2.2"), spec("HTTPResponse.getheader")),
        b"HTTP/1.1 200 OK\nX-A: 1\nX-Folded: one\n two\nContent-Length: 10\n\n0123456789"),
    row("folded-to-close",
        "X-A: 1, then 'X-Folded: one' folded onto ' two', no framing field: 'hello' until close",
        (rfc9112("5.2"), spec("HTTPResponse.getheader")),
        head(b"HTTP/1.1 200 OK", b"X-A: 1", b"X-Folded: one", b" two") + b"hello"),
    hostile("continuation-nul", "a NUL byte inside an obs-fold continuation line",
            (rfc9110("5.5"), rfc9112("5.2")), after=(b"X-Folded: one", b" a\x00b")),
    hostile("continuation-bare-cr", "a bare CR inside an obs-fold continuation line",
            (rfc9112("2.2"), rfc9112("5.2")), after=(b"X-Folded: one", b" a\rb")),
    hostile("no-colon", "a colon-less line between two fields",
            (notes("1.3"), "bpo-24363", "urllib3#1110"),
            after=(b"X-Before: 1", b"this line has no colon", b"X-After: 1")),
    hostile("empty-name", "a field with an empty name ': no-name'", ("bpo-19996", notes("1.3")),
            after=(b": no-name",)),
    hostile("nul-in-value", "a NUL byte inside a value", (rfc9110("5.5"), notes("1.3")),
            after=(b"X-Nul: a\x00b",)),
    hostile("name-with-space", "a field name with an inner space 'X Spaced'",
            (rfc9110("5.1"), notes("2.2")), after=(b"X Spaced: 1",)),
    hostile("ctl-in-value", "control bytes 0x01 and 0x7F in a value", (rfc9110("5.5"),),
            after=(b"X-Ctl: a\x01\x7fb",)),
    hostile("first-line-whitespace", "the first header line starts with a space",
            (rfc9112("2.2"), notes("2.2")), before=(b" X-Indented: 1", b"X-After: 2")),
    hostile("from-line", "an mbox 'From ' line as first header line", (notes("1.3"),),
            before=(b"From nobody Mon Jan  1 00:00:00 2001", b"X-After: 1")),
    row("lf-only-lines", "every header line ends with LF only, blank line too",
        (rfc9112("2.2"), notes("1.3")), b"HTTP/1.1 200 OK\r\nContent-Length: 5\nX-A: 1\n\nhello"),
    row("status-line-in-head",
        "'HTTP/1.1 200 OK', a 0.1 s pause, then a whole 404 head (Content-Length: 5) and 'hello'"
        " where the 200's header lines belong",
        (rfc9112("4"), rfc9112("5")),
        reply(b"HTTP/1.1 200 OK\r\n", Sleep(0.1),
              head(b"HTTP/1.1 404 Not Found", LENGTH) + b"hello")),
    row("eof-in-headers", "status line and one header, then the connection closes (no blank line)",
        (notes("1.3"), rfc9112("8")), b"HTTP/1.1 200 OK\r\nX-A: 1\r\n"),
    row("endless-headers", "200 then endless 'X-Flood: a' header lines (1 MiB bound)",
        ("bpo-16037", "CVE-2013-1752", notes("3")),
        flood(b"X-Flood: a\r\n", prefix=b"HTTP/1.1 200 OK\r\n")),
    row("endless-line",
        "200 then a header line that never ends ('X-Endless: ' + 1 MiB of 'a', no LF)",
        ("bpo-6791", "CVE-2013-1752", notes("3")),
        flood(b"a" * 1024, prefix=b"HTTP/1.1 200 OK\r\nX-Endless: ")),
)  # fmt: skip
