"""Timing: responses that arrive slowly (1 byte a second), late, or never.

Strategy: the catalogue keeps real-world rates (the drip is 1 byte per second,
as a slowloris server would send); cases shrink them with ``time_scale``.  Each
drip targets one part of the response so a case can tell which client timeout
(connect, status line, headers, body) fires.
"""

from __future__ import annotations

from .._steps import SendPieces, Sleep, Stall
from ._build import chunked, head, notes, ok, reply, row, spec, table

CATEGORY = "timing"
SLOW_REFS = (notes("1.9"), notes("4.4"), notes("5"), spec("HTTPConnection"))
STATUS = b"HTTP/1.1 200 OK\r\n"
LENGTH_10 = head(b"HTTP/1.1 200 OK", b"Content-Length: 10")
CHUNKED_HEAD = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked")


def drip(data: bytes, per_second: int = 1) -> SendPieces:
    """``per_second`` bytes, then a one-second pause, until the data is sent."""
    return SendPieces(data, (per_second,), 1.0)


SCENARIOS = table(
    CATEGORY, "conformant",
    row("delayed-response", "reads the request, waits 2 s, then sends 200 'hello'",
        SLOW_REFS, reply(Sleep(2.0), ok(b"hello"))),
    row("pause-mid-body", "Content-Length: 10, five bytes, a 1 s pause, five more bytes",
        SLOW_REFS, reply(LENGTH_10 + b"01234", Sleep(1.0), b"56789")),
) + table(
    CATEGORY, "malicious",
    row("drip-status-line", "the status line at 1 byte per second, then the rest at once",
        SLOW_REFS, reply(drip(STATUS), b"Content-Length: 5\r\n\r\nhello")),
    row("drip-headers", "status line at once, then the header block at 1 byte per second",
        SLOW_REFS, reply(STATUS, drip(b"Content-Length: 5\r\nX-Slow: yes\r\n\r\n"), b"hello")),
    row("drip-body", "head at once (Content-Length: 10), then the body at 1 byte per second",
        SLOW_REFS, reply(LENGTH_10, drip(b"0123456789"))),
    row("drip-chunked-body", "chunked head at once, then the chunked body at 1 byte per second",
        SLOW_REFS, reply(CHUNKED_HEAD, drip(chunked(b"hello")))),
    row("drip-100-continue", "100 Continue at 1 byte per second, then 200 at once",
        SLOW_REFS + ("CVE-2021-3737",), reply(drip(head(b"HTTP/1.1 100 Continue")), ok(b"hello"))),
    row("drip-body-10-per-second", "a 200-byte body at 10 bytes per second",
        SLOW_REFS, reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 200"), drip(b"x" * 200, 10))),
    row("drip-close-delimited", "no framing; 10 body bytes at 1 byte per second, then close",
        SLOW_REFS, reply(head(b"HTTP/1.1 200 OK"), drip(b"0123456789"))),
    row("stall-before-status", "reads the request, then stays silent until the client leaves",
        SLOW_REFS, reply(end=Stall())),
    row("stall-mid-status-line", "sends 'HTTP/1.1 2', then stays silent",
        SLOW_REFS, reply(b"HTTP/1.1 2", end=Stall())),
    row("stall-mid-headers", "status line and one header, then silence",
        SLOW_REFS, reply(STATUS + b"X-A: 1\r\n", end=Stall())),
    row("stall-mid-body", "Content-Length: 10 and 5 body bytes, then silence",
        SLOW_REFS, reply(LENGTH_10 + b"01234", end=Stall())),
    row("stall-mid-chunk", "chunked: '5\\r\\nhel', then silence",
        SLOW_REFS, reply(CHUNKED_HEAD + b"5\r\nhel", end=Stall())),
    row("silent-accept", "accepts, reads whatever arrives, never answers",
        SLOW_REFS, (Stall(),), answer_by="connection"),
)  # fmt: skip
