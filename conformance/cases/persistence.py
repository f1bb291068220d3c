"""Persistent-connection cases: one row per case (see `_build.case`).

Strategy: the spec's example session makes two requests on one connection object
and reads each response; it does not require the connection to be reused, so doc
rows judge each response by what it is (a client may open a new connection, and
the scenario then answers the request it carries) and reuse itself is INFO.  What
the spec states about the connection's state (ResponseNotReady, CannotSendHeader,
close()) is doc; a response that must not be taken from leftover bytes (RFC 9112
§6.3, desynchronisation) is hardened.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import BODY, ERRORS, EXCHANGE, accepted, case, label, refused
from ._programs import connect, fetch_twice, getresponse, read, request

TWO_REQUESTS = ("HTTPConnection.getresponse", "HTTPConnection.request")
# getresponse() and its note, the example session's two requests on one connection
EXAMPLE_LINES = (414, 416, 417, 421, 422, 532, 533, 537, 538)
NOT_READY = ("HTTPConnection.getresponse", "ResponseNotReady")
NOT_READY_LINES = (163, 165, 414, 416, 417, 421, 422)

EACH_READ = ("two requests on one connection object: each response is read in full and is "
             "the answer to its own request (the connection reused or a new one opened)")
READ_TO_END = "the response is read to its end"
REUSE = "observed: whether the connection is reused for the second request"
REUSE_LABELS = (label("one connection", connections=1), label("reconnected", connections=2))
CLOSE_OPTION = ("a response carrying the 'close' connection option ends its connection (RFC 9112 "
                "§9.6): the next request goes on a new connection, never on the one the server "
                "left open")
HTTP10_CLOSE = ("an HTTP/1.0 response without the 'keep-alive' connection option ends its "
                "connection (RFC 9112 §9.3): the next request goes on a new connection, never on "
                "the one the server left open")
HTTP10_CHUNKED = ("an HTTP/1.0 response with Transfer-Encoding has faulty framing: the client "
                  "closes the connection after it (RFC 9112 §6.1) and sends the next request on "
                  "a new one, or refuses the response")
LEFTOVER = ("a client must not process bytes after a complete response as a separate "
            "response (RFC 9112 §6.3): the next response is the real one, or the exchange fails")


def _left_open(slug: str, requirement: str, ref: str, first: str = "one") -> Case:
    """A second request after a response that ends its connection, which the server
    keeps open: only a new connection gets 'two' (see `persistence.left_open`)."""
    expect = [accepted(connections=2, **{"r1.body": first, "r2.body": "two"})]
    if requirement == HTTP10_CHUNKED:
        expect.append(refused(at=BODY))
    return case(f"persistence.{slug}", f"persistence.{slug}", "hardened", "MUST",
                spec=TWO_REQUESTS, refs=(ref,), program=fetch_twice(), expect=expect,
                requirement=requirement)


def _in_sequence(count: int) -> tuple:
    ops: tuple = (connect(),)
    for number in range(1, count + 1):
        ops += (request("GET", f"/{number}"), getresponse(f"r{number}.", name=f"resp{number}"),
                read(f"r{number}.body", on=f"resp{number}"))
    return ops


CASES = (
    case("persistence.keep-alive-two", "persistence.keep-alive-two", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "one", "r2.body": "two"}),), requirement=EACH_READ),
    case("persistence.keep-alive-mixed", "persistence.keep-alive-mixed", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "first", "r2.body": "hello"}),), requirement=EACH_READ),
    case("persistence.http10-keep-alive", "persistence.http10-keep-alive", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "one", "r2.body": "two"}),), requirement=EACH_READ),
    case("persistence.http10-keep-alive-header", "persistence.http10-keep-alive-header", "doc",
         "MUST", lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "one", "r2.body": "two"}),), requirement=EACH_READ),
    case("persistence.204-then-200", "persistence.204-then-200", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "", "r2.body": "hello"}),), requirement=EACH_READ),
    case("persistence.304-then-200", "persistence.304-then-200", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "", "r2.body": "hello"}),), requirement=EACH_READ),
    case("persistence.100-then-200-twice", "persistence.100-then-200-twice", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "one", "r2.body": "two"}),), requirement=EACH_READ),
    case("persistence.head-then-get", "persistence.head-then-get", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice("HEAD"),
         expect=(accepted(**{"r1.body": "", "r2.body": "hello"}),),
         requirement=("a response to HEAD has no body; the next response is read correctly "
                      "(on the same connection or a new one)")),
    case("persistence.keep-alive-five", "persistence.keep-alive-five", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=_in_sequence(5),
         expect=(accepted(**{"r1.body": "response 0", "r5.body": "response 4"}),),
         requirement="five requests in sequence on one connection object, each answered"),
    case("persistence.connection-close", "persistence.connection-close", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, expect=(accepted(body="hello"),),
         requirement=READ_TO_END),
    case("persistence.http10-close", "persistence.http10-close", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, expect=(accepted(body="hello"),),
         requirement=READ_TO_END),
    case("persistence.no-length-keep-alive", "persistence.no-length-keep-alive", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, expect=(accepted(body="hello"),),
         requirement=READ_TO_END),
    case("persistence.reconnect-after-close", "persistence.reconnect-after-close", "doc", "MUST",
         lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(connections=2, **{"r1.body": "hello", "r2.body": "again"}),),
         requirement=("after a response that closes the connection, the next request opens a "
                      "new one and is answered")),
    case("persistence.close-delimited-then-request", "persistence.close-delimited-then-request",
         "doc", "MUST", lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(connections=2, **{"r1.body": "one", "r2.body": "two"}),),
         requirement=("after a response that closes the connection, the next request opens a "
                      "new one and is answered")),
    case("persistence.close-listed-first", "persistence.close-listed-first", "hardened", "MUST",
         spec=TWO_REQUESTS, refs=("RFC 9112 §9.6", "RFC 9110 §7.6.1"), program=fetch_twice(),
         expect=(accepted(connections=2, **{"r1.body": "hello", "r2.body": "again"}),),
         requirement=("Connection is a list (RFC 9110 §7.6.1): with 'close' in it on any line, "
                      "the client must send no further request on that connection (RFC 9112 "
                      "§9.6); the next one goes on a new connection and is answered")),
    case("persistence.close-then-request", "persistence.keep-alive-two", "doc", "MUST",
         lines=(436, 438), spec=("HTTPConnection.close",),
         program=(connect(), request(), getresponse("r1."), read("r1.body"), {"op": "close"},
                  request(), getresponse("r2.", name="resp2"), read("r2.body", on="resp2")),
         expect=(accepted(connections=2, **{"r1.body": "one", "r2.body": "two"}),),
         requirement="close() closes the connection; a later request opens a new one"),
    case("persistence.unread-response", "persistence.keep-alive-two", "doc", "MUST",
         lines=NOT_READY_LINES, spec=NOT_READY,
         program=(connect(), request(), getresponse("r1."), request("GET", "/two"),
                  {"op": "getresponse", "catch": True, "key": "second", "as": "r2"}),
         expect=(accepted(second={"$raises": "ResponseNotReady"}, **{"r1.status": 200}),),
         requirement=("the whole response must be read before the next request: getresponse() "
                      "for a second request while the first is unread raises ResponseNotReady")),
    case("persistence.getresponse-twice", "persistence.keep-alive-two", "doc", "MUST",
         lines=NOT_READY_LINES, spec=NOT_READY,
         program=(connect(), request(), getresponse(), read(),
                  {"op": "getresponse", "catch": True, "key": "second", "as": "r2"}),
         expect=(accepted(second={"$raises": "ResponseNotReady"}),),
         requirement="a second getresponse() for one request raises ResponseNotReady"),
    case("persistence.putheader-after-endheaders", "status.ok", "doc", "MUST",
         lines=(156, 158, 457, 465, 467),
         spec=("HTTPConnection.putheader", "HTTPConnection.endheaders", "CannotSendHeader"),
         program=(connect(), {"op": "putrequest", "method": "GET", "url": "/"},
                  {"op": "endheaders"},
                  {"op": "putheader", "name": "X-Late", "values": ["1"], "catch": True,
                   "key": "second"},
                  getresponse(), read()),
         expect=(accepted(second={"$raises": "CannotSendHeader"}, body="hello"),),
         requirement="putheader() after endheaders() raises CannotSendHeader"),
    case("persistence.unsolicited-response", "persistence.unsolicited-response", "hardened",
         "MUST", spec=TWO_REQUESTS, refs=("RFC 9112 §6.3",), program=fetch_twice(),
         expect=(accepted(**{"r1.body": "hi", "r2.body": "real"}),
                 refused(ERRORS, at=EXCHANGE, **{"r1.body": "hi"})),
         requirement=LEFTOVER),
    case("persistence.204-leftover", "persistence.204-leftover", "hardened", "MUST",
         spec=TWO_REQUESTS, refs=("RFC 9112 §6.3",), program=fetch_twice(),
         expect=(accepted(**{"r1.status": 204, "r2.body": "second"}),
                 refused(ERRORS, at=EXCHANGE, **{"r1.status": 204})),
         requirement=LEFTOVER),
    case("persistence.blank-line-after-keep-alive", "persistence.blank-line-after-keep-alive",
         "hardened", "MUST", spec=TWO_REQUESTS, refs=("RFC 9112 §2.2",), program=fetch_twice(),
         expect=(accepted(**{"r1.body": "one", "r2.status": 404}),
                 refused(at=EXCHANGE, **{"r1.body": "one"})),
         requirement=("a server that answered the first request with HTTP/1.1 is no HTTP/0.9 "
                      "server: the second answer is the real 404 or refused, never a 200 whose "
                      "body is the 404's head")),
    _left_open("close-in-list", CLOSE_OPTION, "RFC 9112 §9.6"),
    _left_open("close-second-field", CLOSE_OPTION, "RFC 9112 §9.6"),
    _left_open("close-after-304", CLOSE_OPTION, "RFC 9112 §9.6", first=""),
    _left_open("close-after-204", CLOSE_OPTION, "RFC 9112 §9.6", first=""),
    _left_open("close-after-chunked", CLOSE_OPTION, "RFC 9112 §9.6"),
    _left_open("http10-keep-alive-close", CLOSE_OPTION, "RFC 9112 §9.6"),
    _left_open("http10-no-keep-alive", HTTP10_CLOSE, "RFC 9112 §9.3"),
    _left_open("http10-other-option", HTTP10_CLOSE, "RFC 9112 §9.3"),
    _left_open("http10-chunked", HTTP10_CHUNKED, "RFC 9112 §6.1"),
    case("persistence.connection-substring-close", "persistence.connection-substring-close",
         "info", "INFO", spec=TWO_REQUESTS, program=fetch_twice(), expect=REUSE_LABELS,
         requirement=REUSE),
    case("persistence.proxy-connection-keep-alive-http10",
         "persistence.proxy-connection-keep-alive-http10", "info", "INFO", spec=TWO_REQUESTS,
         program=fetch_twice(), expect=REUSE_LABELS, requirement=REUSE),
    case("persistence.proxy-connection-close-http11", "persistence.proxy-connection-close-http11",
         "info", "INFO", spec=TWO_REQUESTS, program=fetch_twice(), expect=REUSE_LABELS,
         requirement=REUSE),
    case("persistence.http10-empty-keep-alive", "persistence.http10-empty-keep-alive", "info",
         "INFO", spec=TWO_REQUESTS, program=fetch_twice(), expect=REUSE_LABELS,
         requirement=REUSE),
    case("persistence.stale-connection", "persistence.stale-connection", "info", "INFO",
         spec=TWO_REQUESTS, program=fetch_twice(), expect=REUSE_LABELS, requirement=REUSE),
    case("persistence.reset-on-second-request", "persistence.reset-on-second-request", "info",
         "INFO", spec=TWO_REQUESTS, program=fetch_twice(), expect=REUSE_LABELS,
         requirement=REUSE),
    case("persistence.reuse", "persistence.keep-alive-two", "info", "INFO", spec=TWO_REQUESTS,
         program=fetch_twice(), expect=REUSE_LABELS, requirement=REUSE),
)


def cases() -> List[Case]:
    return list(CASES)
