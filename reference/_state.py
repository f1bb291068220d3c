"""The connection's request state machine, as a table.

httplib's three states and the four calls that move between them. A call the table
does not allow raises the documented ImproperConnectionState subclass with the
current state as its argument, as Python 3 does.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Tuple, Type

from ._errors import CannotSendHeader, CannotSendRequest, ImproperConnectionState, ResponseNotReady

IDLE = "Idle"
REQ_STARTED = "Request-started"
REQ_SENT = "Request-sent"

# call -> (states it is allowed in, state after it, error raised elsewhere)
TRANSITIONS: Dict[str, Tuple[FrozenSet[str], str, Type[ImproperConnectionState]]] = {
    "putrequest": (frozenset({IDLE}), REQ_STARTED, CannotSendRequest),
    "putheader": (frozenset({REQ_STARTED}), REQ_STARTED, CannotSendHeader),
    "endheaders": (frozenset({REQ_STARTED}), REQ_SENT, CannotSendHeader),
    "getresponse": (frozenset({REQ_SENT}), IDLE, ResponseNotReady),
}


def advance(state: str, call: str) -> str:
    """The state after `call`, or the documented error when `state` forbids it."""
    allowed, after, error = TRANSITIONS[call]
    if state not in allowed:
        raise error(state)
    return after
