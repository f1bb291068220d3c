"""Interim (1xx) responses before the final one: 100 Continue done right, then
floods and desynchronising codes.

Strategy: the final response is always `FINAL` (200, ``Content-Length: 5``,
``hello``) so a case only has to check what the interim part did to it; a
hostile row is (slug, interim bytes, description, extra references).  Floods are
bounded (1 MiB) and stay open until the client hangs up.
"""

from __future__ import annotations

from .._steps import Close, ExpectRequest, Send, Sleep
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
    row,
    spec,
    table,
)  # fmt: skip

CATEGORY = "interim"
CONTINUE = head(b"HTTP/1.1 100 Continue")
FINAL = ok(b"hello")
INTERIM_REFS = (rfc9110("15.2.1"), notes("1.2"), spec("HTTPConnection.getresponse"))


def before_final(slug: str, interim: bytes, description: str, *references: str) -> Row:
    """``interim`` bytes, then the 200 'hello'."""
    return row(slug, quoted(description, interim), INTERIM_REFS + references, interim + FINAL)


SCENARIOS = table(
    CATEGORY, "conformant",
    row("100-continue", "100 Continue, then 200 with body 'hello'", INTERIM_REFS, CONTINUE + FINAL),
    row("100-continue-headers", "100 Continue carrying a header line, then 200", INTERIM_REFS,
        head(b"HTTP/1.1 100 Continue", b"X-Interim: yes") + FINAL),
    row("100-continue-three", "three 100 Continue responses, then 200", INTERIM_REFS,
        CONTINUE * 3 + FINAL),
    row("100-continue-pause", "100 Continue, a 0.2 s pause, then 200 in a separate write",
        INTERIM_REFS, reply(CONTINUE, Sleep(0.2), FINAL)),
) + table(
    CATEGORY, "malicious",
    before_final("100-150-times", CONTINUE * 150,
                 "150 consecutive 100 Continue responses, then 200", "gh-150743"),
    before_final("100-whitespace-end", b"HTTP/1.1 100 Continue\r\nX-A: 1\r\n   \r\n",
                 "100 Continue whose header block ends with a whitespace-only line", notes("2.2")),
    before_final("100-101-headers",
                 head(b"HTTP/1.1 100 Continue", *(b"X-H%d: v" % number for number in range(101))),
                 "100 Continue followed by 101 header lines, then 200",
                 "CVE-2021-3737", "bpo-44022"),
    before_final("100-long-header", head(b"HTTP/1.1 100 Continue", b"X-Long: " + b"a" * 70000),
                 "100 Continue with a 70,000-byte header line, then 200",
                 "CVE-2021-3737", "bpo-6791"),
    before_final("103-then-200",
                 head(b"HTTP/1.1 103 Early Hints", b"Link: </style.css>; rel=preload"),
                 "103 Early Hints then 200 (2.6 and py3 return the 103 as final)", "bpo-28570"),
    before_final("101-then-200",
                 head(b"HTTP/1.1 101 Switching Protocols", b"Upgrade: websocket",
                      b"Connection: Upgrade"),
                 "unsolicited 101 Switching Protocols then 200", "bpo-28570", rfc9110("15.2.2")),
    before_final("199-then-200", head(b"HTTP/1.1 199 Unassigned"),
                 "unassigned 1xx code 199 then 200", "bpo-28570"),
    before_final("102-then-200", head(b"HTTP/1.1 102 Processing"), "102 Processing then 200",
                 "bpo-28570"),
    row("103-desync",
        "103 then 200 'first'; the second request gets 200 'second'"
        " (a client that took the 103 as final now reads 'first')",
        INTERIM_REFS + ("bpo-28570",),
        (ExpectRequest(), Send(head(b"HTTP/1.1 103 Early Hints") + ok(b"first")),
         ExpectRequest(), Send(ok(b"second")), Close()),
        client_requests=2),
    row("100-then-blank-line",
        "100 Continue, an empty line, then 404 'no such page' (2.6 non-strict reads HTTP/0.9 200)",
        INTERIM_REFS + (rfc9110("15.2"),), CONTINUE + CRLF + NOT_FOUND),
    row("100-then-garbage-line",
        "100 Continue, the line 'garbage', then 404 'no such page'"
        " (2.6 non-strict reads HTTP/0.9 200)",
        INTERIM_REFS + (rfc9110("15.2"),), CONTINUE + b"garbage" + CRLF + NOT_FOUND),
    row("100-then-eof", "100 Continue, then the connection closes (no final response)",
        INTERIM_REFS + (spec("BadStatusLine"),), CONTINUE),
    row("100-http10-then-eof",
        "HTTP/1.0 100 Continue, then the connection closes"
        " (found by fuzzing: geventhttpclient closes its socket, then reads it)",
        INTERIM_REFS + (spec("BadStatusLine"),), head(b"HTTP/1.0 100 Continue")),
    row("100-header-flood", "100 Continue then endless 'X-Flood: a' header lines (1 MiB bound)",
        INTERIM_REFS + ("CVE-2021-3737", "bpo-44022"),
        flood(b"X-Flood: a\r\n", prefix=b"HTTP/1.1 100 Continue\r\n")),
    row("100-lf-then-endless",
        "a 100 Continue ended by bare LFs, then endless 100 Continue responses (1 MiB bound)",
        INTERIM_REFS + ("gh-150743",), flood(CONTINUE, prefix=b"HTTP/1.1 100 Continue\n\n")),
    row("100-endless", "endless 100 Continue responses (1 MiB bound), never a final one",
        INTERIM_REFS + ("gh-150743",), flood(CONTINUE)),
)  # fmt: skip
