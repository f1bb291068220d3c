"""Aborts: the server resets (RST) or closes (FIN) at every interesting point.

Strategy: one table of (where, bytes sent first, how it ends).  A reset arrives
at the client as ECONNRESET (SO_LINGER 0); a close as a clean EOF.  Points are
chosen where clients keep partial state: mid status line, mid headers, mid
body, mid chunk, and before the request was even read (the 2.6 EPIPE retry).
"""

from __future__ import annotations

from .._steps import Close, ExpectEOF, HalfClose, Reset, Send
from ._build import head, make, notes, reply, spec

CATEGORY = "abort"
_abort = (notes("5"), spec("IncompleteRead"), spec("BadStatusLine"))
MID_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Cut"
MID_BODY = head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"01234"
MID_CHUNK = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"5\r\nhello\r\n5\r\nab"

# (slug, bytes before the abort, end step, description)
ROWS = (
    ("reset-before-response", b"", Reset(), "reads the request, then resets"),
    ("reset-mid-status-line", b"HTTP/1.1 20", Reset(), "sends 'HTTP/1.1 20', then resets"),
    ("reset-mid-headers", MID_HEADERS, Reset(), "resets in the middle of a header line"),
    ("reset-mid-body", MID_BODY, Reset(), "Content-Length: 10, 5 bytes, then resets"),
    ("reset-mid-chunk", MID_CHUNK, Reset(), "resets inside the second chunk"),
    ("close-mid-status-line", b"HTTP/1.1 20", Close(), "sends 'HTTP/1.1 20', then closes"),
    ("close-mid-headers", MID_HEADERS, Close(), "closes in the middle of a header line"),
    ("close-mid-chunk", MID_CHUNK, Close(), "closes inside the second chunk"),
)  # fmt: skip

SCENARIOS = tuple(
    make(CATEGORY, "malicious", slug, desc, _abort, reply(*((data,) if data else ()), end=end))
    for slug, data, end, desc in ROWS
) + (
    make(
        CATEGORY, "malicious", "reset-on-accept",
        "resets as soon as the connection is accepted, before reading the request (2.6 retries once on EPIPE)",
        _abort + (notes("1.9"), "bpo-5542"), (Reset(),), answer_by="connection",
    ),
    make(
        CATEGORY, "malicious", "close-on-accept",
        "closes as soon as the connection is accepted, before reading the request",
        _abort + (notes("1.9"),), (Close(),), answer_by="connection",
    ),
    make(
        CATEGORY, "malicious", "half-close-mid-body",
        "Content-Length: 10, 5 bytes, then FIN while the server keeps reading until the client closes",
        _abort, reply(MID_BODY, HalfClose(), end=ExpectEOF()),
    ),
    make(
        CATEGORY, "malicious", "reset-after-response",
        "a complete 200 'hello', then an RST instead of a FIN",
        _abort, reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 5") + b"hello", end=Reset()),
    ),
    make(
        CATEGORY, "malicious", "send-then-reset-unread",
        "sends a complete response before reading the request, then resets",
        _abort, (Send(head(b"HTTP/1.1 200 OK", b"Content-Length: 5") + b"hello"), Reset()),
        answer_by="connection",
    ),
)  # fmt: skip
