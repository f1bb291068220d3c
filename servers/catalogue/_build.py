"""Helpers the catalogue modules share: byte builders, and the one way to write a row.

Strategy: every catalogue module is a `table` of `row(slug, description,
references, *connections, **options)` calls, one per scenario; a connection is
the bytes answered to one request (read it, send them, close) or a whole script.
The deadline of a scenario is derived from its scripts (30 s plus the time their
delays add up to) so a drip never outlives its own deadline, and descriptions
quote their payload via `quoted` so a listing says what is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

from .._scenario import Scenario, Script
from .._steps import Close, ExpectRequest, Flood, Send, SendPieces, Sleep, Stall, Step

CRLF = b"\r\n"
SLACK_SECONDS = 30.0
# The bound of every flood: far beyond any sane client limit (64 KiB lines, 100
# header lines), small enough that a client without limits reads it in moments.
FLOOD_BYTES = 1 << 20

# Reference labels, so every module spells them the same way.
SPEC = "httplib 2.6 docs"  # the shipped conformance/spec/httplib-2.6.5.rst
NOTES = "httplib-behaviour"  # research notes, section numbers follow


def rfc9112(section: str) -> str:
    return f"RFC 9112 §{section}"


def rfc9110(section: str) -> str:
    return f"RFC 9110 §{section}"


def notes(section: str) -> str:
    return f"{NOTES} §{section}"


def spec(item: str) -> str:
    return f"{SPEC}: {item}"


def head(status_line: bytes, *headers: bytes) -> bytes:
    """A response head: status line, header lines, blank line (all CRLF)."""
    return status_line + CRLF + b"".join(line + CRLF for line in headers) + CRLF


def ok(body: bytes = b"hello", *headers: bytes, status: bytes = b"HTTP/1.1 200 OK") -> bytes:
    """A Content-Length framed response."""
    return head(status, b"Content-Length: %d" % len(body), *headers) + body


# A final response that a non-status line must not hide (section 4 of issue 10).
NOT_FOUND = ok(b"no such page", status=b"HTTP/1.1 404 Not Found")


def chunked(*chunks: bytes, trailers: Sequence[bytes] = ()) -> bytes:
    """A chunked body: every chunk, the last chunk, trailers, blank line."""
    out = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
    return out + b"0\r\n" + b"".join(trailer + CRLF for trailer in trailers) + CRLF


def show(data: bytes, limit: int = 48) -> str:
    """A short printable quote of ``data`` for descriptions."""
    text = repr(data)[2:-1]
    return text if len(text) <= limit else text[:limit] + f"... ({len(data)} bytes)"


def quoted(description: str, data: bytes, limit: int = 48) -> str:
    """``description`` followed by a short quote of the payload it describes."""
    return f"{description}: {show(data, limit)!r}"


Part = Union[bytes, Step]


def reply(*parts: Part, end: Step | None = None) -> Script:
    """Read one request, then send/do ``parts``; ``end`` defaults to Close()."""
    steps: tuple[Step, ...] = (ExpectRequest(),)
    steps += tuple(Send(part) if isinstance(part, bytes) else part for part in parts)
    return steps + (end if end is not None else Close(),)


def flood(pattern: bytes, prefix: bytes = b"") -> Script:
    """Read one request, send ``prefix`` then ``pattern`` up to FLOOD_BYTES, then
    keep the connection open without closing: a client that stops at its own limit
    leaves while the server is still sending, one without limits meets no EOF to
    raise at (see `FloodRecord`)."""
    return (ExpectRequest(), Flood(pattern, FLOOD_BYTES, prefix=prefix), Stall())


def scripted_seconds(script: Script) -> float:
    """The time a script's own delays take (before time_scale)."""
    total = 0.0
    for step in script:
        if isinstance(step, Sleep):
            total += step.seconds
        elif isinstance(step, SendPieces):
            total += step.delay * max(0, len(step.pieces()) - 1)
        elif isinstance(step, Stall) and step.seconds is not None:
            total += step.seconds
        elif isinstance(step, Flood) and step.rate is not None:
            total += step.repeats * len(step.pattern) / step.rate
    return total


def make(
    category: str,
    kind: str,
    slug: str,
    description: str,
    references: Sequence[str],
    *connections: Script,
    **options: object,
) -> Scenario:
    """One scenario ``<category>.<slug>`` with a deadline derived from its scripts."""
    deadline = SLACK_SECONDS + max(scripted_seconds(script) for script in connections)
    options.setdefault("connection_deadline", deadline)
    return Scenario(
        id=f"{category}.{slug}",
        kind=kind,
        category=category,
        description=description,
        references=tuple(references),
        connections=tuple(connections),
        **options,  # type: ignore[arg-type]
    )


Connection = Union[bytes, Script]


@dataclass(frozen=True)
class Row:
    """One scenario of a table, before its category and kind are known."""

    slug: str
    description: str
    references: tuple[str, ...]
    connections: tuple[Script, ...]
    options: tuple[tuple[str, object], ...]


def row(
    slug: str, description: str, references: Sequence[str], *connections: Connection,
    **options: object,
) -> Row:  # fmt: skip
    """A catalogue row: bytes answer one request and close (`reply`), a script is
    a whole connection; ``options`` are `Scenario` fields (client_method, tls, ...)."""
    scripts = tuple(reply(part) if isinstance(part, bytes) else part for part in connections)
    return Row(slug, description, tuple(references), scripts, tuple(options.items()))


def table(category: str, kind: str, *rows: Row) -> tuple[Scenario, ...]:
    """The scenarios ``<category>.<slug>`` of ``rows``, all of one kind."""
    return tuple(
        make(category, kind, each.slug, each.description, each.references, *each.connections,
             **dict(each.options))
        for each in rows
    )

