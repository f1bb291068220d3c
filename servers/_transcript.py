"""What happened on each connection, in order, with timestamps.

Strategy: a connection thread appends `Event`s to its own `Transcript` (appends are
atomic in CPython, so readers never need a lock); tests read copies.  Data events
carry the exact bytes of one socket call, control events carry a short note.
Times are seconds since the server started (monotonic clock).

Event kinds:

=============  ==============================================================
``accept``     connection accepted (note: peer address)
``tls``        TLS handshake done (note: protocol version, client cert or not)
``tls-error``  TLS handshake failed (note: the ssl error); the connection ends
``recv``       bytes received from the client (``direction == "recv"``)
``send``       bytes sent to the client (``direction == "send"``)
``request``    a whole request was parsed (note: request line)
``bad-request`` the bytes were not an acceptable request; the script ends
``eof``        the client closed its writing side (it gave up, when unexpected)
``peer-gone``  sending or reading failed (EPIPE/ECONNRESET); the script ends
``close``      FIN sent (Close step, or the implicit close at the end)
``half-close`` FIN sent by a HalfClose step; reading goes on
``reset``      RST sent (Reset step, or a refused extra connection)
``refused``    connection beyond the scripted ones, refused by the scenario
``flood``      a Flood step started (note: its bound)
``flood-end``  the Flood step sent its whole bound; the script goes on
``answer``     request-driven scenarios: which answer the request got (note)
``delivery``   the server cuts what it sends into pieces (note: the mode)
``timeout``    a step timed out or the connection deadline passed
``aborted``    the server was stopped (context exit or scenario deadline)
``error``      an unexpected OSError (note: its repr)
``end``        the connection thread finished; always the last event
=============  ==============================================================
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from ._request import RecordedRequest

# The events by which a client leaves a connection: its FIN, or its RST (or a
# send into a closed socket), whichever the server noticed first.
_CLIENT_LEFT = {"eof": "close", "peer-gone": "reset"}


@dataclass(frozen=True)
class FloodRecord:
    """How a client met a Flood step on one connection.

    ``start`` is the number of bytes sent on the connection before the flood
    began (its prefix counts as flood); ``sent`` the number sent when the client
    left, or in all when it never did.  ``client_left`` is "close" (FIN),
    "reset" (RST or a broken pipe) or None: the client never left before the
    connection deadline or the server's stop.  ``flooding`` says the flood was
    still short of its bound when the client left: the client stopped, the server
    did not.
    """

    start: int
    sent: int
    client_left: str | None
    flooding: bool

    @property
    def past_start(self) -> int:
        """Bytes of flood the server had sent when the client left."""
        return self.sent - self.start

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "sent": self.sent,
            "past_start": self.past_start,
            "client_left": self.client_left,
            "flooding": self.flooding,
        }


@dataclass(frozen=True)
class Event:
    time: float
    kind: str
    data: bytes = b""
    note: str = ""

    @property
    def direction(self) -> str | None:
        """"recv" or "send" for data events, None for control events."""
        return self.kind if self.kind in ("recv", "send") else None

    def format(self, max_bytes: int = 200) -> str:
        text = f"{self.time:9.3f} {self.kind:<11}"
        if self.data:
            shown = repr(self.data[:max_bytes])
            more = len(self.data) - max_bytes
            text += f" {shown}" + (f" ... (+{more} bytes)" if more > 0 else "")
        if self.note:
            text += f" [{self.note}]"
        return text


class Transcript:
    """Events and requests of one connection (index counts from 0 in accept order)."""

    def __init__(self, index: int, peer: tuple[str, int], clock: Callable[[], float]) -> None:
        self.index = index
        self.peer = peer
        self._clock = clock
        self._events: list[Event] = []
        self._requests: list[RecordedRequest] = []
        self.finished = threading.Event()

    def record(self, kind: str, data: bytes = b"", note: str = "") -> None:
        self._events.append(Event(self._clock(), kind, data, note))

    def add_request(self, request: RecordedRequest) -> None:
        self._requests.append(request)

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    @property
    def requests(self) -> list[RecordedRequest]:
        return list(self._requests)

    def kinds(self) -> list[str]:
        return [event.kind for event in self._events]

    @property
    def sent(self) -> bytes:
        """Every byte sent to the client, in order."""
        return b"".join(e.data for e in self._events if e.kind == "send")

    @property
    def received(self) -> bytes:
        """Every byte received from the client, in order."""
        return b"".join(e.data for e in self._events if e.kind == "recv")

    def flood(self) -> FloodRecord | None:
        """The record of the first Flood step on this connection, if one ran."""
        sent = 0
        start: int | None = None
        flooding = False
        for event in self._events:
            if event.kind == "send":
                sent += len(event.data)
            elif event.kind == "flood" and start is None:
                start, flooding = sent, True
            elif event.kind == "flood-end":
                flooding = False
            elif event.kind in _CLIENT_LEFT and start is not None:
                return FloodRecord(start, sent, _CLIENT_LEFT[event.kind], flooding)
        return None if start is None else FloodRecord(start, sent, None, flooding)

    def format(self, max_bytes: int = 200) -> str:
        head = f"connection {self.index} from {self.peer[0]}:{self.peer[1]}"
        return "\n".join([head] + ["  " + e.format(max_bytes) for e in self._events])

