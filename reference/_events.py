"""Events the sans-IO response parser emits, in wire order.

A response is: zero or more InterimResponse, then StatusLine, Headers, any number of
Data, and EndOfMessage. Events are frozen and compared by value so tests and fuzz
oracles can compare whole event lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple, Union

Fields = Tuple[Tuple[str, str], ...]

# Body framings (RFC 9112 6.3), the keys of the parser's body reader table.
NO_BODY = "no-body"
LENGTH = "content-length"
CHUNKED = "chunked"
UNTIL_CLOSE = "until-close"


@dataclass(frozen=True)
class InterimResponse:
    """A 1xx response other than 101, skipped before the final response."""

    version: int
    status: int
    reason: str
    headers: Fields


@dataclass(frozen=True)
class StatusLine:
    """The final response's status line; version 9 for an HTTP/0.9 simple response."""

    version: int
    status: int
    reason: str


@dataclass(frozen=True)
class Headers:
    """The header fields in wire order, with the framing decided from them."""

    fields: Fields
    framing: str
    length: Optional[int]
    will_close: bool


@dataclass(frozen=True)
class Data:
    data: bytes


@dataclass(frozen=True)
class EndOfMessage:
    trailers: Fields = ()


class _NeedData:
    """Sentinel: the parser needs more bytes (or EOF) before the next event."""

    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA = _NeedData()

Event = Union[InterimResponse, StatusLine, Headers, Data, EndOfMessage]
