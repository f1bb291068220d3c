"""Status-line scenarios: well-formed lines, then a table of hostile ones.

Strategy: every hostile line is followed by the same well-framed tail
(``Content-Length: 2`` and ``hi``), so a client's reaction to the line alone is
observable: a lenient client reads ``hi``, an HTTP/0.9 fallback reads the whole
reply as body, a strict one raises.  A hostile row is (slug, line, why, source).
"""

from __future__ import annotations

from .._steps import Stall
from ._build import (
    CRLF,
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

CATEGORY = "status"
TAIL = b"Content-Length: 2\r\n\r\nhi"


def hostile(slug: str, line: bytes, why: str, source: str) -> Row:
    """A status line the tail follows; ``source`` names where it comes from."""
    description = f"status line {show(line)!r}: {why}; then Content-Length: 2 and 'hi'"
    return row(slug, description, (source, rfc9112("4"), spec("BadStatusLine")), line + CRLF + TAIL)


SCENARIOS = table(
    CATEGORY, "conformant",
    row("ok", "200 OK with Content-Length: 5 and body 'hello'",
        (rfc9112("4"), spec("HTTPResponse.status")), ok(b"hello")),
    row("not-found", "404 Not Found with a 12-byte body",
        (rfc9112("4"), spec("HTTPResponse.reason")),
        ok(b"no such page", status=b"HTTP/1.1 404 Not Found")),
    row("server-error", "500 with a 4-byte body",
        (rfc9112("4"), spec("responses")),
        ok(b"oops", status=b"HTTP/1.1 500 Internal Server Error")),
    row("redirect", "301 with Location and an empty body", (rfc9112("4"), rfc9110("15.4.2")),
        ok(b"", b"Location: /elsewhere", status=b"HTTP/1.1 301 Moved Permanently")),
    row("empty-reason", "200 with an empty reason phrase after the SP",
        (rfc9112("4"), notes("1.1")),
        head(b"HTTP/1.1 200 ", b"Content-Length: 2") + b"hi"),
    row("http10", "HTTP/1.0 200 OK with Content-Length: 5 and body 'hello'",
        (rfc9112("4"), spec("HTTPResponse.version")), ok(b"hello", status=b"HTTP/1.0 200 OK")),
    row("http09-simple-response", "HTTP/0.9 simple response: body only, no status line, then close",
        (spec("HTTPResponse.version"), notes("1.1")), b"<html>simple</html>\n"),
) + table(
    CATEGORY, "malicious",
    hostile("crlf-first", b"", "a blank line where the status line belongs (2.6: HTTP/0.9 body)",
            notes("1.1")),
    hostile("whitespace-line", b"   ", "a whitespace-only status line", notes("1.1")),
    hostile("garbage-line", b"garbage", "a status line that is not HTTP at all", notes("1.1")),
    hostile("icy", b"ICY 200 OK", "a Shoutcast-style status line", notes("1.1")),
    hostile("lowercase-http", b"http/1.1 200 OK", "lower-case protocol name", notes("1.1")),
    hostile("version-only", b"HTTP/1.1", "version with no status code", notes("1.1")),
    hostile("code-abc", b"HTTP/1.1 abc OK", "non-numeric status code",
            "CPython test_httplib test_status_lines"),
    hostile("code-underscore", b"HTTP/1.1 2_00 OK",
            "status code with an underscore (py3 int() accepts it)", notes("2.2")),
    hostile("code-plus", b"HTTP/1.1 +200 OK", "status code with a sign", "gh-150751"),
    hostile("code-leading-zero", b"HTTP/1.1 0200 OK", "four-digit status code with a leading zero",
            notes("1.1")),
    hostile("code-099", b"HTTP/1.1 099 Low", "status code below 100", notes("1.1")),
    hostile("code-1000", b"HTTP/1.1 1000 High", "status code above 999", notes("1.1")),
    hostile("code-999", b"HTTP/1.1 999 Max", "status code 999, the highest three-digit code",
            rfc9110("15")),
    hostile("code-decimal", b"HTTP/1.1 400.100 Odd", "decimal status code", notes("1.1")),
    hostile("code-missing", b"HTTP/1.1  OK", "two spaces and no status code", rfc9112("4")),
    hostile("version-http2", b"HTTP/2.0 200 OK",
            "HTTP/2.0 on an HTTP/1 connection (2.6: UnknownProtocol)", spec("UnknownProtocol")),
    hostile("version-http1", b"HTTP/1 200 OK", "version without a minor number",
            spec("UnknownProtocol")),
    hostile("version-minor-5", b"HTTP/1.5 200 OK", "unknown minor version (2.6 maps it to 11)",
            notes("1.1")),
    hostile("version-letters", b"HTTP/A.B 200 OK", "letters where the version digits belong",
            rfc9112("2.3")),
    hostile("version-junk", b"HTTP/1.1junk 200 OK", "junk glued to the version", notes("1.1")),
    hostile("version-http09-literal", b"HTTP/0.9 200 OK",
            "literal HTTP/0.9 version with headers (2.6 leaves them unparsed)", notes("2.2")),
    hostile("nbsp-separators", b"HTTP/1.1\xa0200\xa0OK", "NBSP (0xA0) instead of spaces",
            notes("2.2")),
    hostile("nel-separators", b"HTTP/1.1\x85200\x85OK", "NEL (0x85) instead of spaces",
            notes("2.2")),
    hostile("unit-separator", b"HTTP/1.1\x1f200\x1fOK", "0x1F instead of spaces", notes("2.2")),
    hostile("tab-separators", b"HTTP/1.1\t200\tOK", "tabs instead of spaces", notes("1.1")),
    hostile("leading-whitespace", b"  HTTP/1.1 200 OK", "whitespace before the version",
            notes("1.1")),
    hostile("no-reason-no-space", b"HTTP/1.1 200", "no SP and no reason phrase", rfc9112("4")),
    hostile("reason-bare-cr", b"HTTP/1.1 200 OK\rX-Injected: 1", "bare CR inside the reason phrase",
            rfc9112("2.2")),
    hostile("reason-nul", b"HTTP/1.1 200 O\x00K", "NUL byte inside the reason phrase",
            rfc9112("4")),
    hostile("reason-70000", b"HTTP/1.1 200 " + b"A" * 70000,
            "a 70,000-byte status line (beyond 65536)", "CVE-2013-1752"),
    row("code-099-then-200",
        "status code 099 and an empty header block, then 200 'hello' (a client that takes 099"
        " for an interim response returns the 200)",
        (rfc9112("4"), spec("BadStatusLine")), head(b"HTTP/1.1 099 Low") + ok(b"hello")),
    row("lf-only", "status line and headers ended by LF only: 'HTTP/1.1 200 OK\\n...\\n\\nhi'",
        (rfc9112("2.2"), notes("1.3")), b"HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"),
    row("lf-only-empty-head",
        "status line and an empty header block ended by LF alone: 'HTTP/1.1 200 OK\\n\\nhello',"
        " then close", (rfc9112("2.2"), notes("1.3")), b"HTTP/1.1 200 OK\n\nhello"),
    row("lf-first-open",
        "a bare LF where the status line belongs, then 200 with Content-Length: 2 and 'hi'; the"
        " server keeps the connection open",
        (spec("BadStatusLine"), rfc9112("2.2")),
        reply(b"\n" + b"HTTP/1.1 200 OK" + CRLF + TAIL, end=Stall())),
    row("endless-line",
        "a status line that never ends: 'HTTP/1.1 200 ' then 1 MiB of 'A' without LF",
        ("CVE-2013-1752", "bpo-6791", notes("3")), flood(b"A" * 1024, prefix=b"HTTP/1.1 200 ")),
    row("close-before-status", "reads the request, then closes without sending a byte",
        (spec("BadStatusLine"), notes("2.2"), notes("5")), reply()),
)  # fmt: skip
