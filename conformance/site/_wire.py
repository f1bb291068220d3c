"""A wire transcript arranged for display: events with their bytes made visible, and
runs of flood events folded into one row.

Strategy: `fold_floods` keeps the first and last of a run of elided data events in one
direction and stands one row for the rest, so a flood of thousands of events reads
as three rows that say how many events and bytes they cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from .._schema import WireEvent
from ._bytes import Shown, show_bytes


@dataclass(frozen=True)
class EventView:
    time: Optional[float]
    kind: str
    direction: Optional[str]  # "recv" (client -> server), "send" (server -> client), None
    shown: Optional[Shown]
    note: str


@dataclass(frozen=True)
class ConnectionView:
    label: str
    events: List[EventView]


def event_view(event: WireEvent) -> EventView:
    shown = show_bytes(event.data) if event.data is not None else None
    return EventView(event.t, event.kind, event.direction, shown, event.note)


def fold_floods(events: List[EventView]) -> List[EventView]:
    """Keep the first and last of a run of 3+ elided data events in one direction; the
    middle ones become one row saying how many events and bytes it stands for."""
    out: List[EventView] = []
    run: List[EventView] = []

    def flush() -> None:
        if len(run) >= 3:
            middle = run[1:-1]
            total = sum(e.shown.size or 0 for e in middle if e.shown)
            note = f"{len(middle)} more {middle[0].kind} events folded"
            first = middle[0]
            folded = EventView(first.time, first.kind, first.direction, Shown([], total), note)
            out.extend([run[0], folded, run[-1]])
        else:
            out.extend(run)
        run.clear()

    for event in events:
        elided = event.shown is not None and event.shown.elided > 0
        flood_chunk = event.direction is not None and elided
        if flood_chunk and (not run or run[-1].direction == event.direction):
            run.append(event)
            continue
        flush()
        (run if flood_chunk else out).append(event)
    flush()
    return out
