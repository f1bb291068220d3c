"""Calls the plain programs never judge: read(amt), close(), debug level, ports, tunnels.

Strategy: the plain client reads a body with one read() and never closes by hand
(the drivers' clean-up closes every object and stays quiet about it), so neither
"or up to the next amt bytes" nor close() at an odd moment was ever judged.  The
read(amt) rows read each framing in steps: read(0), two read(3), read() for the
rest, and one more read() that must be empty.  "Up to" allows a short read, so
every split of the body into reads of 1-3 bytes passes, nothing else does.  A proxy
that answers CONNECT with anything but 2xx has not formed a tunnel (RFC 9110 §9.3.6),
so the request must not follow on that connection: today's tunnel cases only record
whether an error came, and one comes anyway when the proxy then closes.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from .._model import Case, Outcome
from ._build import ERRORS, LOST, SPEC_REF, accepted, case, refused
from ._programs import Op, connect, getresponse, read, request

AMT = 3
NOWHERE = ["127.0.0.1", 9]  # never contacted
READ_LINES = (485, 487)
CLOSE_LINES = (436, 438)
IN_STEPS = (connect(), request(), getresponse(), read("zero", amt=0), read("first", amt=AMT),
            read("second", amt=AMT), read("rest"), read("after"))
NEVER_OPENED = connect(args=NOWHERE, timeout=None)
CLOSE: Op = {"op": "close"}
UP_TO = (f"read(amt) returns up to the next amt bytes of the body: read(0) gives nothing, each "
         f"read({AMT}) 1 to {AMT} bytes in order, read() the rest, and a read() after the end "
         f"nothing")


def _splits(body: str) -> Tuple[Outcome, ...]:
    """Every observation "up to the next amt bytes" allows, for two reads of AMT."""
    return tuple(
        accepted(zero="", first=body[:first], second=body[first:first + second],
                 rest=body[first + second:], after="")
        for first in range(1, AMT + 1) for second in range(1, AMT + 1)
    )


# (id, constructor arguments, what the port must be, or None for a refusal)
PORTS: Tuple[Tuple[str, list, Any], ...] = (
    ("api.port-range.int-65535", ["www.cwi.nl", 65535], 65535),
    ("api.port-range.int-0", ["www.cwi.nl", 0], 0),
    ("api.port-range.int-65536", ["www.cwi.nl", 65536], None),
    ("api.port-range.int-negative", ["www.cwi.nl", -1], None),
    ("api.port-range.text-65535", ["www.cwi.nl:65535"], 65535),
    ("api.port-range.text-65536", ["www.cwi.nl:65536"], None),
)
PORT_REFS = ("RFC 3986 §3.2.3", "RFC 793 §3.1", "httplib-behaviour §1.6")
TUNNEL: Op = {"op": "set_tunnel", "host": "tunnel.example", "port": 80}
NO_TUNNEL = ("a CONNECT answered with a non-2xx status forms no tunnel: the request raises and "
             "is not sent on that connection")


def _port(case_id: str, args: list, port: Any) -> Case:
    """A port-range row: a port inside 0-65535 is kept, one outside refused."""
    inside = port is not None
    return case(case_id, None, "hardened", "SHOULD", spec=("HTTPConnection", "InvalidURL"),
                refs=PORT_REFS, program=(connect(args=args, timeout=None, record=["port"]),),
                desc=f"HTTPConnection({', '.join(repr(a) for a in args)})",
                expect=((accepted(**{"conn.port": port}),) if inside else
                        (refused(("HTTPException", "ValueError"), at=("connection",)),)),
                requirement=("a port inside 0-65535 is kept" if inside else
                             "a port outside 0-65535 is refused (InvalidURL or another "
                             "HTTPException, or ValueError)"))


def _in_steps(body: str) -> str:
    return f"read(0), read({AMT}), read({AMT}), read(), read() of {body!r}"


CASES = (
    case("calls.read-amt.content-length", "framing.content-length", "doc", "MUST",
         lines=READ_LINES, spec=("HTTPResponse.read",), program=IN_STEPS,
         desc=_in_steps("hello"), expect=_splits("hello"), requirement=UP_TO),
    case("calls.read-amt.chunked", "chunked.basic", "doc", "MUST", lines=READ_LINES,
         spec=("HTTPResponse.read",), program=IN_STEPS, desc=_in_steps("hello world"),
         expect=_splits("hello world"), requirement=UP_TO),
    case("calls.read-amt.chunked-trailers", "chunked.trailers", "doc", "MUST", lines=READ_LINES,
         spec=("HTTPResponse.read",), program=IN_STEPS, desc=_in_steps("hello"),
         expect=_splits("hello"), requirement=UP_TO),
    case("calls.read-amt.close-delimited", "framing.close-delimited", "doc", "MUST",
         lines=READ_LINES, spec=("HTTPResponse.read",), program=IN_STEPS,
         desc=_in_steps("hello until close"), expect=_splits("hello until close"),
         requirement=UP_TO),
    case("calls.read-amt.cut-short", "framing.cl-larger-than-body", "hardened", "MUST",
         spec=("HTTPResponse.read", "IncompleteRead"), refs=("RFC 9112 §8", "gh-115997"),
         program=(connect(), request(), getresponse()) + tuple(
             read(f"read{n}", amt=AMT) for n in range(1, 5)),
         desc=f"four read({AMT}) of a body that ends after 4 of its 10 bytes",
         expect=(refused(LOST, at=("read",)),),
         requirement=("a body cut short is an incomplete response read in steps too: a "
                      f"read({AMT}) raises IncompleteRead (or another HTTPException or a "
                      "connection error) rather than returning b'' as if the body had ended "
                      "(fuzzing: http.client and its forks return b'')")),
    case("calls.close.never-connected", None, "doc", "MUST", lines=CLOSE_LINES,
         spec=("HTTPConnection.close",), refs=(f"{SPEC_REF}: HTTPConnection.close",),
         program=(NEVER_OPENED, CLOSE), desc="connection then close", expect=(accepted(),),
         requirement="close() on a connection never opened returns"),
    case("calls.close.twice", None, "doc", "MUST", lines=CLOSE_LINES,
         spec=("HTTPConnection.close",), refs=(f"{SPEC_REF}: HTTPConnection.close",),
         program=(NEVER_OPENED, CLOSE, CLOSE), desc="connection then close then close",
         expect=(accepted(),), requirement="close() twice returns both times"),
    case("calls.close.after-response", "status.ok", "doc", "MUST", lines=CLOSE_LINES,
         spec=("HTTPConnection.close",), refs=(f"{SPEC_REF}: HTTPConnection.close",),
         program=(connect(), request(), getresponse(), read(), CLOSE, CLOSE),
         desc="connection then request then getresponse then read then close then close",
         expect=(accepted(),),
         requirement="close() after a complete response, then again, returns"),
    case("calls.debuglevel.default", "status.ok", "doc", "MUST", lines=(425, 427, 428),
         spec=("HTTPConnection.set_debuglevel",),
         refs=(f"{SPEC_REF}: HTTPConnection.set_debuglevel",),
         program=(connect(), {"op": "capture"}, request(), getresponse(), read(),
                  {"op": "capture", "stop": True}),
         desc="a whole request without set_debuglevel()",
         expect=(accepted(stdout="", body="hello"),),
         requirement="the default debug level is 0, meaning no debugging output is printed"),
    case("calls.request.post-without-body", "conformance.post-echo", "doc", "MUST",
         lines=(400, 403),
         spec=("HTTPConnection.request",),
         refs=(f"{SPEC_REF}: HTTPConnection.request", "RFC 9110 §8.6"),
         program=(connect(), request("POST", "/"), getresponse(), read()),
         desc="request('POST', '/') with no body, then the response",
         expect=(accepted(body="hello", **{"req.body": ""}),),
         requirement="the body argument is optional: a POST without one is a complete request "
                     "(no body, so nothing to wait for) and its response is read"),
    case("calls.unread-body.close-then-request", "persistence.keep-alive-five", "hardened",
         "MUST", spec=("HTTPResponse.read",), refs=("RFC 9112 §6.3", "RFC 9112 §9.3"),
         program=(connect(), request("GET", "/1"), getresponse("r1."), read("r1.body", amt=2),
                  {"op": "close", "on": "resp"}, request("GET", "/2"),
                  getresponse("r2.", name="resp2"), read("r2.body", on="resp2")),
         desc="read(2) of a 10-byte body, close() the response, then a second request",
         expect=(accepted(**{"r1.body": "re", "r2.body": "response 1"}),
                 refused(ERRORS, at=("request", "getresponse"), **{"r1.body": "re"})),
         requirement="the unread rest of a body is never read as the next response: the second "
                     "request gets its own answer (on a new connection) or raises"),
    case("calls.unread-body.hidden-response", "persistence.unread-body-holds-response",
         "hardened", "MUST", spec=("HTTPResponse.read",), refs=("RFC 9112 §6.3", "RFC 9112 §9.3"),
         program=(connect(), request("GET", "/1"), getresponse("r1."), read("r1.body", amt=2),
                  {"op": "close", "on": "resp"}, request("GET", "/2"),
                  getresponse("r2.", name="resp2"), read("r2.body", on="resp2")),
         desc=("read(2) of a body whose rest is a whole response, close() the response, then a "
               "second request"),
         expect=(accepted(**{"r1.body": "xx", "r2.body": "two"}),
                 refused(ERRORS, at=("request", "getresponse"), **{"r1.body": "xx"})),
         requirement="the unread rest of a body is never read as the next response: the second "
                     "request gets its own answer (on a new connection) or raises"),
    case("tunnel.refused.407", "tunnel.407", "hardened", "MUST", spec=("HTTPConnection.request",),
         refs=("RFC 9110 §9.3.6",), program=(connect(), TUNNEL, request(), getresponse(), read()),
         desc="set_tunnel(), request(): the proxy answers CONNECT with 407",
         expect=(refused(ERRORS, at=("request",), wire_in={"$not_contains": "GET / "}),),
         requirement=NO_TUNNEL),
    case("tunnel.refused.300", "tunnel.300", "hardened", "MUST", spec=("HTTPConnection.request",),
         refs=("RFC 9110 §9.3.6",), program=(connect(), TUNNEL, request(), getresponse(), read()),
         desc="set_tunnel(), request(): the proxy answers CONNECT with 300, then would tunnel",
         expect=(refused(ERRORS, at=("request",), wire_in={"$not_contains": "GET / "}),),
         requirement=NO_TUNNEL),
    case("tunnel.refused.502", "tunnel.502", "hardened", "MUST", spec=("HTTPConnection.request",),
         refs=("RFC 9110 §9.3.6",), program=(connect(), TUNNEL, request(), getresponse(), read()),
         desc="set_tunnel(), request(): the proxy answers CONNECT with 502",
         expect=(refused(ERRORS, at=("request",), wire_in={"$not_contains": "GET / "}),),
         requirement=NO_TUNNEL),
) + tuple(_port(case_id, args, port) for case_id, args, port in PORTS)


def cases() -> List[Case]:
    return list(CASES)
