"""Calls the plain programs never judge: read(amt), close(), debug level, ports, tunnels.

Strategy: the plain client reads a body with one read() and never closes by hand
(the drivers' clean-up closes every object and stays quiet about it), so neither
"or up to the next amt bytes" nor close() at an odd moment was ever judged.  The
read(amt) cases read each framing in steps: read(0), two read(3), read() for the
rest, and one more read() that must be empty.  "Up to" allows a short read, so
every split of the body into reads of 1-3 bytes passes, nothing else does.  A proxy
that answers CONNECT with anything but 2xx has not formed a tunnel (RFC 9110 §9.3.6),
so the request must not follow on that connection: today's tunnel cases only record
whether an error came, and one comes anyway when the proxy then closes.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .._model import Case, Group, Outcome
from ._build import ANY_ERROR, SPEC_REF, ok, raises
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


def _default_debuglevel() -> Group:
    group = Group("calls.debuglevel", "The debug level nobody set")
    group.add(
        "default", profile="doc", level="MUST", spec=("HTTPConnection.set_debuglevel",),
        desc="a whole request without set_debuglevel()",
        requirement="the default debug level is 0, meaning no debugging output is printed",
        scenario="status.ok",
        program=(connect(), {"op": "capture"}, request(), getresponse(), read(),
                 {"op": "capture", "stop": True}),
        expect=(ok(stdout="", body="hello"),),
        references=(f"{SPEC_REF}: HTTPConnection.set_debuglevel",),
    )
    return group


# (slug, constructor arguments, what the port must be, or None for InvalidURL)
PORTS: Tuple[Tuple[str, list, Any], ...] = (
    ("int-65535", ["www.cwi.nl", 65535], 65535),
    ("int-0", ["www.cwi.nl", 0], 0),
    ("int-65536", ["www.cwi.nl", 65536], None),
    ("int-negative", ["www.cwi.nl", -1], None),
    ("text-65535", ["www.cwi.nl:65535"], 65535),
    ("text-65536", ["www.cwi.nl:65536"], None),
)


def _port_range() -> Group:
    group = Group("api.port-range", "Ports are 0-65535, however they are given")
    for slug, args, port in PORTS:
        inside = port is not None
        group.add(
            slug, profile="hardened", level="SHOULD", spec=("HTTPConnection", "InvalidURL"),
            desc=f"HTTPConnection({', '.join(repr(a) for a in args)})",
            requirement="a port inside 0-65535 is kept" if inside
            else "a port outside 0-65535 is refused (InvalidURL or another HTTPException, "
                 "or ValueError)",
            program=(connect(args=args, timeout=None, record=["port"]),),
            expect=(ok(**{"conn.port": port}),) if inside else (raises(["HTTPException", "ValueError"]),),
            references=("RFC 3986 §3.2.3", "RFC 793 §3.1", "httplib-behaviour §1.6"),
        )
    return group


def _refused_tunnel() -> Group:
    group = Group("tunnel.refused", "A CONNECT answered with an error forms no tunnel")
    tunnel: Op = {"op": "set_tunnel", "host": "tunnel.example", "port": 80}
    for status in ("407", "502"):
        group.add(
            status, profile="hardened", level="MUST", spec=("HTTPConnection.request",),
            desc=f"set_tunnel(), request(): the proxy answers CONNECT with {status}",
            requirement="a CONNECT answered with a non-2xx status forms no tunnel: the request "
                        "raises and is not sent on that connection",
            scenario=f"tunnel.{status}",
            program=(connect(), tunnel, request(), getresponse(), read()),
            expect=(raises(ANY_ERROR, at="2:request", wire_in={"$not_contains": "GET / "}),),
            references=("RFC 9110 §9.3.6",),
        )
    return group


def cases() -> List[Case]:
    groups = (_read_amt(), _close(), _default_debuglevel(), _port_range(), _refused_tunnel())
    return [case for group in groups for case in group.cases]
