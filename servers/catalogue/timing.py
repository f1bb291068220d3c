"""Timing: responses that arrive slowly (1 byte a second), late, or never.

Strategy: the catalogue keeps real-world rates (the drip is 1 byte per second,
as a slowloris server would send); cases shrink them with ``time_scale``.  Each
drip targets one part of the response so a case can tell which client timeout
(connect, status line, headers, body) fires.
"""

from __future__ import annotations

from .._steps import SendPieces, Sleep, Stall
from ._build import chunked, head, make, notes, ok, reply, spec

CATEGORY = "timing"
_slow = (notes("1.9"), notes("4.4"), notes("5"), spec("HTTPConnection"))
STATUS = b"HTTP/1.1 200 OK\r\n"


def drip(data: bytes, per_second: int = 1) -> SendPieces:
    """``per_second`` bytes, then a one-second pause, until the data is sent."""
    return SendPieces(data, (per_second,), 1.0)


SCENARIOS = (
    make(CATEGORY, "conformant", "delayed-response", "reads the request, waits 2 s, then sends 200 'hello'",
         _slow, reply(Sleep(2.0), ok(b"hello"))),
    make(CATEGORY, "conformant", "pause-mid-body", "Content-Length: 10, five bytes, a 1 s pause, five more bytes",
         _slow, reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"01234", Sleep(1.0), b"56789")),
    make(CATEGORY, "malicious", "drip-status-line", "the status line at 1 byte per second, then the rest at once",
         _slow, reply(drip(STATUS), b"Content-Length: 5\r\n\r\nhello")),
    make(CATEGORY, "malicious", "drip-headers", "status line at once, then the header block at 1 byte per second",
         _slow, reply(STATUS, drip(b"Content-Length: 5\r\nX-Slow: yes\r\n\r\n"), b"hello")),
    make(CATEGORY, "malicious", "drip-body", "head at once (Content-Length: 10), then the body at 1 byte per second",
         _slow, reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 10"), drip(b"0123456789"))),
    make(CATEGORY, "malicious", "drip-chunked-body", "chunked head at once, then the chunked body at 1 byte per second",
         _slow, reply(head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked"), drip(chunked(b"hello")))),
    make(CATEGORY, "malicious", "drip-100-continue", "100 Continue at 1 byte per second, then 200 at once",
         _slow + ("CVE-2021-3737",), reply(drip(head(b"HTTP/1.1 100 Continue")), ok(b"hello"))),
    make(CATEGORY, "malicious", "drip-body-10-per-second", "a 200-byte body at 10 bytes per second",
         _slow, reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 200"), drip(b"x" * 200, 10))),
    make(CATEGORY, "malicious", "drip-close-delimited", "no framing; 10 body bytes at 1 byte per second, then close",
         _slow, reply(head(b"HTTP/1.1 200 OK"), drip(b"0123456789"))),
    make(CATEGORY, "malicious", "stall-before-status", "reads the request, then stays silent until the client leaves",
         _slow, reply(end=Stall())),
    make(CATEGORY, "malicious", "stall-mid-status-line", "sends 'HTTP/1.1 2', then stays silent",
         _slow, reply(b"HTTP/1.1 2", end=Stall())),
    make(CATEGORY, "malicious", "stall-mid-headers", "status line and one header, then silence",
         _slow, reply(STATUS + b"X-A: 1\r\n", end=Stall())),
    make(CATEGORY, "malicious", "stall-mid-body", "Content-Length: 10 and 5 body bytes, then silence",
         _slow, reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"01234", end=Stall())),
    make(CATEGORY, "malicious", "stall-mid-chunk", "chunked: '5\\r\\nhel', then silence",
         _slow, reply(head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"5\r\nhel", end=Stall())),
    make(CATEGORY, "malicious", "silent-accept", "accepts, reads whatever arrives, never answers",
         _slow, (Stall(),), answer_by="connection"),
)  # fmt: skip
