"""Aborts: the server resets (RST) or closes (FIN) at every interesting point.

Strategy: one row per point: the bytes sent first, then how it ends.  A reset
arrives at the client as ECONNRESET (SO_LINGER 0); a close as a clean EOF.
Points are chosen where clients keep partial state: mid status line, mid
headers, mid body, mid chunk, and before the request was even read (the 2.6
EPIPE retry).
"""

from __future__ import annotations

from .._steps import Close, ExpectEOF, HalfClose, Reset, Send, Step
from ._build import Row, head, notes, reply, row, spec, table

CATEGORY = "abort"
ABORT_REFS = (notes("5"), spec("IncompleteRead"), spec("BadStatusLine"))
MID_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Cut"
MID_BODY = head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"01234"
MID_CHUNK = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"5\r\nhello\r\n5\r\nab"
HELLO = head(b"HTTP/1.1 200 OK", b"Content-Length: 5") + b"hello"


def cut(slug: str, description: str, sent: bytes, end: Step) -> Row:
    """Read the request, send ``sent`` (maybe nothing), then ``end``."""
    return row(slug, description, ABORT_REFS, reply(*((sent,) if sent else ()), end=end))


SCENARIOS = table(
    CATEGORY, "malicious",
    cut("reset-before-response", "reads the request, then resets", b"", Reset()),
    cut("reset-mid-status-line", "sends 'HTTP/1.1 20', then resets", b"HTTP/1.1 20", Reset()),
    cut("reset-mid-headers", "resets in the middle of a header line", MID_HEADERS, Reset()),
    cut("reset-mid-body", "Content-Length: 10, 5 bytes, then resets", MID_BODY, Reset()),
    cut("reset-mid-chunk", "resets inside the second chunk", MID_CHUNK, Reset()),
    cut("close-mid-status-line", "sends 'HTTP/1.1 20', then closes", b"HTTP/1.1 20", Close()),
    cut("close-mid-headers", "closes in the middle of a header line", MID_HEADERS, Close()),
    cut("close-mid-chunk", "closes inside the second chunk", MID_CHUNK, Close()),
    row("reset-on-accept",
        "resets as soon as the connection is accepted, before reading the request"
        " (2.6 retries once on EPIPE)",
        ABORT_REFS + (notes("1.9"), "bpo-5542"), (Reset(),), answer_by="connection"),
    row("close-on-accept",
        "closes as soon as the connection is accepted, before reading the request",
        ABORT_REFS + (notes("1.9"),), (Close(),), answer_by="connection"),
    row("half-close-mid-body",
        "Content-Length: 10, 5 bytes, then FIN while the server keeps reading until the client"
        " closes",
        ABORT_REFS, reply(MID_BODY, HalfClose(), end=ExpectEOF())),
    cut("reset-after-response", "a complete 200 'hello', then an RST instead of a FIN", HELLO,
        Reset()),
    row("send-then-reset-unread",
        "sends a complete response before reading the request, then resets",
        ABORT_REFS, (Send(HELLO), Reset()), answer_by="connection"),
)  # fmt: skip
