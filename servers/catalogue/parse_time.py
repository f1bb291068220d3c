"""Parse-time bombs: a long run of bytes a backtracking parser can split many ways,
then the byte that makes the parse fail.

Strategy: one table, `BOMBS`, one row per family (h2spec and Autobahn build case
families from tables). A row is a prefix, a unit repeated `count` times and a suffix
holding the failing byte, so the same row builds the scenario's bytes and, through
`Bomb.of_size`, the inputs of any size that bench/parse.py times and the reference's
self-tests refuse (one fact, one place). A regex with two quantified parts that can
match the same byte (the reference's head regex on Python 3.9/3.10, issue #13)
retries every split of the run when the last byte fails: 25 `Connection: a` lines
cost it hours, whatever the client's timeout, since a timeout bounds waiting, not CPU.

Every bomb is a complete head (and, for the chunked rows, body bytes) sent at once;
then the server stays silent with the connection open, so a client refuses on the
bytes, not at an EOF. Field-line rows fail at a NUL in a field value, which RFC 9110
5.5 says to reject or replace with SP; a Content-Length: 0 follows, so a client that
replaces it has a complete response and no reason to wait. Chunked rows fail at
bytes that break the chunked grammar (RFC 9112 7.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from .._steps import Stall
from ._build import Row, notes, reply, rfc9110, rfc9112, row, table

CATEGORY = "parse-time"
STATUS = b"HTTP/1.1 200 OK\r\n"
CHUNKED_HEAD = STATUS + b"Transfer-Encoding: chunked\r\n\r\n"
NUL_FIELD = b"X-Bomb: \x00\r\nContent-Length: 0\r\n\r\n"  # the NUL fails the parse
ISSUE = "issue #13 (the reference's ReDoS on 3.9/3.10)"


@dataclass(frozen=True)
class Bomb:
    """prefix + unit * count + suffix: the run, then the byte that fails the parse."""

    slug: str
    prefix: bytes
    unit: bytes
    suffix: bytes
    count: int  # repetitions in the catalogue scenario
    why: str
    references: Tuple[str, ...]

    def build(self, count: Optional[int] = None) -> bytes:
        return self.prefix + self.unit * (self.count if count is None else count) + self.suffix

    def of_size(self, size: int) -> bytes:
        """The bomb with as many units as fit in about `size` bytes (at least one)."""
        return self.build(max(1, (size - len(self.prefix) - len(self.suffix)) // len(self.unit)))


BOMBS = (
    Bomb("repeated-connection", STATUS, b"Connection: a\r\n", NUL_FIELD, 25,
         "25 'Connection: a' lines, then a NUL in a field:"
         " each line is a framing field and a field line",
         (ISSUE, rfc9110("5.5"))),
    Bomb("repeated-content-length", STATUS, b"Content-Length: 0\r\n", NUL_FIELD, 90,
         "90 identical 'Content-Length: 0' lines, then a NUL in a field",
         (ISSUE, rfc9110("5.5"), rfc9110("8.6"))),
    Bomb("repeated-transfer-encoding", STATUS + b"Content-Length: 0\r\n",
         b"Transfer-Encoding: x\r\n", b"X-Bomb: \x00\r\n\r\n", 90,
         "90 'Transfer-Encoding: x' lines, then a NUL in a field",
         (ISSUE, rfc9110("5.5"), rfc9112("6.1"))),
    Bomb("whitespace-before-value", STATUS + b"X-Run:", b" ", b"\x00\r\n" + NUL_FIELD, 60000,
         "a 60,000-byte run of SP between a colon and a NUL",
         (ISSUE, rfc9110("5.5"), rfc9110("5.6.3"))),
    Bomb("whitespace-inside-value", STATUS + b"X-Run:", b" a", b" \x00\r\n" + NUL_FIELD, 30000,
         "a 60,000-byte value of 'a' and SP ending in SP and a NUL", (ISSUE, rfc9110("5.5"))),
    Bomb("whitespace-in-reason", b"HTTP/1.1 200 ", b" \t", b"\x00\r\n" + NUL_FIELD, 30000,
         "a 60,000-byte reason phrase of SP and HTAB ending in a NUL", (ISSUE, rfc9112("4"))),
    Bomb("folded-lines", STATUS + b"X-Fold: a\r\n", b" b\r\n", NUL_FIELD, 90,
         "90 obs-fold lines continuing one field, then a NUL in a field", (ISSUE, rfc9112("5.2"))),
    Bomb("whitespace-in-chunk-extension", CHUNKED_HEAD + b"5", b" ; a = b ",
         b"\x00\r\nhello\r\n0\r\n\r\n", 7000,
         "a 63,000-byte chunk-size line of extensions padded with SP, ending in a NUL",
         (ISSUE, rfc9112("7.1.1"))),
    Bomb("many-small-chunks", CHUNKED_HEAD, b"1\r\na\r\n", b"1\r\naXX", 10000,
         "10,000 one-byte chunks, then two bytes other than CRLF after chunk data",
         (ISSUE, rfc9112("7.1"), "CVE-2025-43859")),
    Bomb("many-trailer-lines", CHUNKED_HEAD + b"0\r\n", b"T: 1\r\n", b"T: \x00\r\n\r\n", 90,
         "90 trailer lines, then a NUL in a trailer field",
         (ISSUE, rfc9110("5.5"), rfc9110("6.5"))),
)  # fmt: skip


def bombed(bomb: Bomb) -> Row:
    """The bomb sent at once, then silence with the connection open."""
    data = bomb.build()
    description = f"{bomb.why} ({len(data):,} bytes at once), then silence with the connection open"
    return row(bomb.slug, description, bomb.references + (notes("3"),), reply(data, end=Stall()))


SCENARIOS = table(CATEGORY, "malicious", *(bombed(bomb) for bomb in BOMBS))
