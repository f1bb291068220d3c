"""Interim (1xx) response cases: one row per case (see `_build.case`).

Strategy: the spec says nothing about 1xx responses, so every normative row is
hardened: RFC 9110 §15.2 (a client MUST parse and skip 1xx responses before the
final one; skipping wrongly desynchronises the connection), the header limits
applied to 1xx blocks (CVE-2021-3737), and bounded floods of interim responses.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import FLOOD_BOUND, HEAD, LOST, accepted, bounded, case, label, refused
from ._programs import FLOOD_FETCH, connect, fetch_twice, getresponse, read, request

SKIPPED = ("a client MUST parse and skip 1xx responses before the final one (RFC 9110 §15.2): "
           "getresponse() returns the final 200")
HEADER_FLOOD = (f"an endless header block after 100 Continue is refused at the header limit, "
                f"before the server has sent {FLOOD_BOUND} bytes")
ENDLESS_INTERIM = (f"endless 100 Continue responses are refused after a bounded number "
                   f"(gh-150743: 100), before the server has sent {FLOOD_BOUND} bytes")
FINAL_FOLLOWS = ("a final response follows a 1xx (RFC 9110 §15.2) and a server that sent an "
                 "HTTP/1.1 status line is no HTTP/0.9 server: the real 404 is returned, or the "
                 "response refused, never a 200 whose body is the 404's head")

CASES = (
    case("interim.100-continue", "interim.100-continue", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.100-continue-headers", "interim.100-continue-headers", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.100-continue-three", "interim.100-continue-three", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.100-continue-pause", "interim.100-continue-pause", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.103-then-200", "interim.103-then-200", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.102-then-200", "interim.102-then-200", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.199-then-200", "interim.199-then-200", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=200, body="hello"),), requirement=SKIPPED),
    case("interim.100-then-eof", "interim.100-then-eof", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9112 §8",),
         expect=(refused(LOST, at=HEAD),),
         requirement=("100 Continue then EOF is an incomplete response (RFC 9112 §8): the client "
                      "raises an HTTPException or a connection error")),
    case("interim.100-http10-then-eof", "interim.100-http10-then-eof", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9112 §8",),
         expect=(refused(LOST, at=HEAD),),
         requirement=("an HTTP/1.0 100 Continue then EOF is an incomplete response too: an "
                      "HTTPException or a connection error, not a read of a closed socket")),
    case("interim.100-101-headers", "interim.100-101-headers", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), expect=(refused(at=HEAD),),
         requirement="the header block of a 1xx response is limited to 100 lines like any other"),
    case("interim.100-long-header", "interim.100-long-header", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), expect=(refused(at=HEAD),),
         requirement="a 1xx header line longer than the 65536-byte line limit is refused"),
    case("interim.100-header-flood", "interim.100-header-flood", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), program=FLOOD_FETCH,
         expect=(bounded(FLOOD_BOUND, at=HEAD),), requirement=HEADER_FLOOD),
    case("interim.100-endless", "interim.100-endless", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), program=FLOOD_FETCH,
         expect=(bounded(FLOOD_BOUND, at=HEAD),), requirement=ENDLESS_INTERIM),
    case("interim.100-lf-then-endless", "interim.100-lf-then-endless", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), program=FLOOD_FETCH,
         expect=(bounded(FLOOD_BOUND, at=HEAD),), requirement=ENDLESS_INTERIM),
    case("interim.100-continue-debug", "interim.100-continue-headers", "hardened", "MUST",
         spec=("HTTPConnection.getresponse", "HTTPConnection.set_debuglevel"),
         refs=("RFC 9110 §15.2",),
         program=(connect(), {"op": "capture"}, {"op": "set_debuglevel", "level": 1}, request(),
                  getresponse(), read(), {"op": "capture", "stop": True}),
         desc="set_debuglevel(1), then 100 Continue carrying a header line, then 200 'hello'",
         expect=(accepted(status=200, body="hello"),),
         requirement=SKIPPED + ", whatever the debug level (it only sets what is printed)"),
    case("interim.100-150-times", "interim.100-150-times", "hardened", "SHOULD",
         spec=("HTTPConnection.getresponse",),
         expect=(refused(at=HEAD), accepted(status=200, body="hello")),
         requirement=("150 interim responses should be refused as too many (gh-150743 allows "
                      "100); skipping all of them to the final 200 is fine too")),
    case("interim.103-desync", "interim.103-desync", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",), program=fetch_twice(),
         expect=(accepted(**{"r1.status": 200, "r1.body": "first", "r2.body": "second"}),),
         requirement=("after a 103 each request gets its own response: the first 'first', the "
                      "second 'second' (no response desynchronisation)")),
    case("interim.100-then-blank-line", "interim.100-then-blank-line", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=404, body="no such page"), refused(at=HEAD)),
         requirement=FINAL_FOLLOWS),
    case("interim.100-then-garbage-line", "interim.100-then-garbage-line", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9110 §15.2",),
         expect=(accepted(status=404, body="no such page"), refused(at=HEAD)),
         requirement=FINAL_FOLLOWS),
    case("interim.101-then-200", "interim.101-then-200", "info", "INFO",
         spec=("SWITCHING_PROTOCOLS",),
         expect=(label("101 returned", status=101), label("skipped", status=200)),
         requirement="observed: an unsolicited 101 returned as final or skipped"),
    case("interim.100-whitespace-end", "interim.100-whitespace-end", "info", "INFO",
         spec=("CONTINUE",),
         expect=(label("hello", body="hello"), label("refused", raises="HTTPException")),
         requirement="observed: a whitespace-only line ending a 1xx header block"),
)


def cases() -> List[Case]:
    return list(CASES)
