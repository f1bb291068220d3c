"""Documented calls in the sequences the plain programs never make: read(amt), close().

Strategy: the plain client reads a body with one read() and never closes by hand
(the drivers' clean-up closes every object and stays quiet about it), so neither
"or up to the next amt bytes" nor close() at an odd moment was ever judged.  The
read(amt) cases read each framing in steps: read(0), two read(3), read() for the
rest, and one more read() that must be empty.  "Up to" allows a short read, so
every split of the body into reads of 1-3 bytes passes, nothing else does.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .._model import Case, Group, Outcome
from ._build import SPEC_REF, ok
from ._programs import Op, connect, getresponse, read, request

AMT = 3
NOWHERE = ["127.0.0.1", 9]  # never contacted

# (slug, scenario, body the scenario sends)
FRAMINGS = (
    ("content-length", "framing.content-length", "hello"),
    ("chunked", "chunked.basic", "hello world"),
    ("chunked-trailers", "chunked.trailers", "hello"),
    ("close-delimited", "framing.close-delimited", "hello until close"),
)


def _splits(body: str) -> Tuple[Outcome, ...]:
    """Every observation "up to the next amt bytes" allows, for two reads of AMT."""
    out = []
    for first in range(1, AMT + 1):
        for second in range(1, AMT + 1):
            parts: Dict[str, Any] = {
                "zero": "", "first": body[:first], "second": body[first:first + second],
                "rest": body[first + second:], "after": ""}
            out.append(ok(**parts))
    return tuple(out)


def _read_amt() -> Group:
    group = Group("calls.read-amt", "read(amt): up to the next amt bytes")
    steps = (read("zero", amt=0), read("first", amt=AMT), read("second", amt=AMT),
             read("rest"), read("after"))
    for slug, scenario, body in FRAMINGS:
        group.add(
            slug, profile="doc", level="MUST", spec=("HTTPResponse.read",),
            desc=f"read(0), read({AMT}), read({AMT}), read(), read() of {body!r} from {scenario}",
            requirement=f"read(amt) returns up to the next amt bytes of the body: read(0) gives "
                        f"nothing, each read({AMT}) 1 to {AMT} bytes in order, read() the rest, "
                        f"and a read() after the end nothing",
            scenario=scenario, program=(connect(), request(), getresponse()) + steps,
            expect=_splits(body), references=(f"{SPEC_REF}: HTTPResponse.read",),
        )
    return group


def _close() -> Group:
    group = Group("calls.close", "close() whenever it is called")
    never = connect(args=NOWHERE, timeout=None)
    close: Op = {"op": "close"}
    rows: Tuple[Tuple[str, Tuple[Op, ...], str, Any], ...] = (
        ("never-connected", (never, close), "close() on a connection never opened returns",
         None),
        ("twice", (never, close, close), "close() twice returns both times", None),
        ("after-response", (connect(), request(), getresponse(), read(), close, close),
         "close() after a complete response, then again, returns", "status.ok"),
    )
    for slug, program, requirement, scenario in rows:
        group.add(
            slug, profile="doc", level="MUST", spec=("HTTPConnection.close",),
            desc=" then ".join(op["op"] for op in program), requirement=requirement,
            program=program, scenario=scenario, expect=(ok(),),
            references=(f"{SPEC_REF}: HTTPConnection.close",),
        )
    return group


def cases() -> List[Case]:
    return _read_amt().cases + _close().cases
