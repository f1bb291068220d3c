"""Delivery modes: how the bytes a script sends are cut into TCP segments.

Strategy: a table of modes, each a pure, deterministic cutting function.  The
engine sends every piece in its own write with TCP_NODELAY and a short pause
(``PIECE_PAUSE`` seconds, multiplied by the server's time_scale) after it, so
the cuts reach the client as separate reads and a verdict can be checked not to
depend on segmentation.  Only the first ``PIECE_BUDGET`` pieces of a connection
are cut (the rest goes whole): the status line, the head and the first
chunks of every response are cut, and a 1 MiB body or a flood stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Seconds after each piece, before time_scale: long enough for a waiting client
# to read the piece on its own, short enough that a case stays fast.
PIECE_PAUSE = 0.002
PIECE_BUDGET = 512

_CRLF_CUT = re.compile(rb"(\r\n)")


@dataclass(frozen=True)
class Delivery:
    name: str
    description: str
    cut: Callable[[bytes], list[bytes]]


def _whole(data: bytes) -> list[bytes]:
    return [data]


def _bytes(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))]


def _crlf(data: bytes) -> list[bytes]:
    return [piece for piece in _CRLF_CUT.split(data) if piece]


DELIVERIES: dict[str, Delivery] = {
    mode.name: mode
    for mode in (
        Delivery("whole", "as scripted: each step's bytes in as few writes as possible", _whole),
        Delivery("bytes", "one byte per segment", _bytes),
        Delivery("crlf", "cut before and after every CRLF: each CRLF is a segment of its own", _crlf),
    )
}
DELIVERY_NAMES = tuple(DELIVERIES)
