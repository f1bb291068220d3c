"""Response cases over the servers' catalogue: status line, interim responses, header
block, smuggling, framing, chunked bodies, persistence, timing and aborts.

Strategy: one table per catalogue category (h2spec: one group per area, Autobahn:
families from tables).  A row names the scenario, the profile, the spec items and
the acceptable outcomes, first match deciding; the description is the scenario's,
which quotes the payload.  Hardened rows follow RFC 9112/9110 where the 2.6
documentation is silent (invalid framing is an unrecoverable error, limits on
lines, headers, trailers and interim responses, timeouts); rows nobody can be
wrong about are INFO and only shown side by side.
"""

from __future__ import annotations

from typing import Any, List

from .._model import Case, Group
from ._build import ANY_ERROR, REFUSED, label, ok, raises, wire
from ._programs import connect, fetch, fetch_twice, getheader, getresponse, read, request

HELLO = {"body": "hello"}
NOT_BAD_STATUS = ["BadStatusLine", "IncompleteRead"]
R = "HTTPResponse.read"
ST = ("HTTPResponse.status", "HTTPResponse.reason", "HTTPResponse.version")
BSL = "BadStatusLine"


def _info(g: Group, scenario: str, *labels: Any, **kw: Any) -> Case:
    return wire(g, scenario, "info", labels or (label("hello", **HELLO),), **kw)


def status_cases() -> List[Case]:
    g = Group("status", "Status line (RFC 9112 §4)")
    for sid, status, reason, body in (("ok", 200, "OK", "hello"), ("not-found", 404, "Not Found", "no such page"),
                                      ("server-error", 500, "Internal Server Error", "oops"),
                                      ("redirect", 301, "Moved Permanently", ""), ("empty-reason", 200, "", "hi")):
        wire(g, f"status.{sid}", "doc", (ok(status=status, reason=reason, version=11, body=body),), spec=ST + (R,),
             requirement=f"status {status}, reason {reason!r}, version 11, body read")
    for sid in ("code-abc", "code-099", "code-1000", "code-decimal", "code-missing"):
        wire(g, f"status.{sid}", "doc", (raises(BSL),), spec=(BSL,),
             requirement="BadStatusLine: the server responded with a status code that cannot be understood")
    wire(g, "status.close-before-status", "doc", (raises(BSL),), spec=(BSL, "HTTPConnection.getresponse"),
         requirement="EOF before any status line raises BadStatusLine (py3's RemoteDisconnected is one)")
    for sid in ("code-underscore", "code-plus", "code-leading-zero"):
        wire(g, f"status.{sid}", "hardened", (raises(BSL),), spec=(BSL,), refs=("RFC 9112 §4", "gh-150751"),
             requirement="status-code = 3DIGIT: a sign, an underscore or a fourth digit is BadStatusLine")
    for sid in ("nbsp-separators", "nel-separators", "unit-separator"):
        wire(g, f"status.{sid}", "hardened", (raises(BSL), ok(version=9)), spec=(BSL,),
             requirement="only SP separates the status-line fields: the line is refused (or, non-strict, read as HTTP/0.9), never parsed as 200 with headers")
    for sid in ("tab-separators", "leading-whitespace"):
        wire(g, f"status.{sid}", "hardened", (raises(BSL), ok(version=9)), level="SHOULD", spec=(BSL,),
             requirement="only SP separates the status-line fields")
    wire(g, "status.reason-bare-cr", "hardened", (raises(REFUSED), ok(reason={"$not_contains": "\r"})), spec=("HTTPResponse.reason",),
         requirement="a bare CR is not allowed in the reason phrase: refuse the line or drop the CR (RFC 9112 §2.2)")
    wire(g, "status.reason-nul", "hardened", (raises(REFUSED), ok(reason={"$not_contains": "\x00"})), level="SHOULD",
         spec=("HTTPResponse.reason",), requirement="NUL is not allowed in the reason phrase")
    wire(g, "status.version-junk", "hardened", (raises(REFUSED),), level="SHOULD", spec=("HTTPResponse.version", "UnknownProtocol"),
         requirement="HTTP-version = 'HTTP/' DIGIT '.' DIGIT: junk after the version is refused")
    for sid in ("reason-70000", "endless-line"):
        wire(g, f"status.{sid}", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS[1:]),), spec=(BSL,),
             refs=("CVE-2013-1752",), requirement="a status line longer than the line limit raises (LineTooLong) instead of growing without bound")
    for sid in ("version-http2", "version-http1"):
        wire(g, f"status.{sid}", "doc", (raises("UnknownProtocol"), raises(BSL)), level="SHOULD", spec=("UnknownProtocol",),
             requirement="a version other than HTTP/1.x is UnknownProtocol (2.6) or BadStatusLine")
    zero9 = (label("HTTP/0.9 body", version=9), label("BadStatusLine", raises=BSL))
    for sid in ("http09-simple-response", "crlf-first", "whitespace-line", "garbage-line", "icy", "lowercase-http",
                "version-only", "version-http09-literal", "version-minor-5", "code-999", "no-reason-no-space", "lf-only"):
        _info(g, f"status.{sid}", *zero9, label("parsed", status={"$ge": 100}), spec=ST + ("HTTPConnection",),
              requirement="observed: non-strict handling of an unusual status line")
    # strict mode (documented): a line that is not HTTP/1.x raises BadStatusLine
    for sid in ("garbage-line", "icy", "crlf-first", "lowercase-http", "http09-simple-response"):
        wire(g, f"status.{sid}", "doc", (raises(BSL),), slug=f"strict-{sid}", spec=("HTTPConnection", BSL),
             program=fetch(conn=connect(kwargs={"strict": True})),
             requirement="HTTPConnection(..., strict=True): BadStatusLine if the status line can't be parsed as a valid HTTP/1.0 or 1.1 status line")
    return g.cases


def interim_cases() -> List[Case]:
    g = Group("interim", "Interim 1xx responses (RFC 9110 §15.2)")
    for sid in ("100-continue", "100-continue-headers", "100-continue-three", "100-continue-pause"):
        wire(g, f"interim.{sid}", "doc", (ok(status=200, body="hello"),), spec=("HTTPConnection.getresponse", "CONTINUE"),
             requirement="100 Continue responses are skipped; getresponse() returns the final 200")
    wire(g, "interim.100-then-eof", "doc", (raises(BSL),), spec=(BSL, "CONTINUE"),
         requirement="100 Continue then EOF: no final status line, BadStatusLine")
    wire(g, "interim.100-101-headers", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), spec=("HTTPConnection.getresponse",),
         refs=("CVE-2021-3737",), requirement="the header lines of a skipped 100 response are bounded like any header block")
    wire(g, "interim.100-long-header", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), spec=("HTTPConnection.getresponse",),
         refs=("CVE-2021-3737",), requirement="a 100 response's header line longer than the line limit raises")
    wire(g, "interim.100-header-flood", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), spec=("HTTPConnection.getresponse",),
         refs=("CVE-2021-3737", "bpo-44022"), deadline=20.0,
         requirement="an endless header block after 100 Continue raises at the header limit, not after reading everything")
    wire(g, "interim.100-endless", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), spec=("HTTPConnection.getresponse",),
         refs=("gh-150743",), deadline=20.0, requirement="endless 100 Continue responses are bounded (gh-150743: 100 interim responses)")
    wire(g, "interim.100-150-times", "hardened", (raises(REFUSED), ok(status=200, body="hello")), level="SHOULD",
         spec=("HTTPConnection.getresponse",), refs=("gh-150743",),
         requirement="150 interim responses exceed a sane bound (or are all skipped correctly)")
    for sid in ("103-then-200", "102-then-200", "199-then-200"):
        wire(g, f"interim.{sid}", "hardened", (ok(status=200, body="hello"),), level="SHOULD", spec=("HTTPConnection.getresponse", "PROCESSING"),
             refs=("bpo-28570", "RFC 9110 §15.2"),
             requirement="a client MUST be able to parse one or more 1xx responses before the final one: the 1xx is skipped")
    wire(g, "interim.103-desync", "hardened", (ok(**{"r1.status": 200, "r1.body": "first", "r2.body": "second"}),
                                               raises(REFUSED, **{"r1.status": 200})),
         program=fetch_twice(), spec=("HTTPConnection.getresponse",), refs=("bpo-28570",),
         requirement="after a 103 the next request must get its own response, not the previous one (no response desynchronisation)")
    for sid in ("100-then-blank-line", "100-then-garbage-line"):  # servers: placeholders for #10 section 4
        _info(g, f"interim.{sid}", label("404", status=404), label("HTTP/0.9 200", status=200),
              label("refused", raises="HTTPException"), spec=("CONTINUE",))
    _info(g, "interim.101-then-200", label("101 returned", status=101), label("skipped", status=200), spec=("SWITCHING_PROTOCOLS",))
    _info(g, "interim.100-whitespace-end", label("hello", **HELLO), label("refused", raises="HTTPException"), spec=("CONTINUE",))
    return g.cases


def header_cases() -> List[Case]:
    g = Group("headers", "Header block (RFC 9112 §5)")
    gh = "HTTPResponse.getheader"
    wire(g, "headers.repeated", "doc", (ok(xm="1, 2"),), spec=(gh,), requirement="getheader() of a repeated field gives the values joined by ', '",
         program=fetch(after=(getheader("x-multi", "xm"),)))
    wire(g, "headers.mixed-case-names", "doc", (ok(ct="text/plain", up="2"),), spec=(gh,),
         requirement="getheader() finds a field whatever the case of its name",
         program=fetch(after=(getheader("Content-Type", "ct"), getheader("x-upper", "up"))))
    wire(g, "headers.empty-value", "doc", (ok(v=""),), spec=(gh,), requirement="an empty field value reads as ''",
         program=fetch(after=(getheader("X-Empty", "v"),)))
    wire(g, "headers.latin1-value", "doc", (ok(v="caf\xe9"),), spec=(gh,), requirement="obs-text in a value is kept (Latin-1)",
         program=fetch(after=(getheader("X-Latin", "v"),)))
    wire(g, "headers.typical-set", "doc", (ok(etag='"abc"', missing="dflt", none=None, msgv='"abc"', body="hello"),),
         spec=(gh, "HTTPResponse.msg", "HTTPResponse.getheaders"),
         requirement="getheader(name[, default]) and msg give the header contents; default when missing",
         program=fetch(after=(getheader("ETag", "etag"), getheader("X-Missing", "missing", default="dflt"),
                              getheader("X-Missing", "none"), {"op": "msg_header", "name": "etag", "key": "msgv"})))
    wire(g, "headers.set-cookie-three", "doc", (ok(headers={"$contains": ["content-length", "5"]}),), level="MUST",
         spec=("HTTPResponse.getheaders",), requirement="getheaders() returns a list of (header, value) tuples",
         program=fetch(with_headers=True))
    for sid in ("count-1000", "line-70000", "endless-headers", "endless-line"):
        wire(g, f"headers.{sid}", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), spec=("HTTPResponse.msg",),
             refs=("CVE-2013-1752",), requirement="header lines and their number are bounded: the client raises instead of storing everything")
    for sid in ("count-100", "count-101", "continuations-150"):
        wire(g, f"headers.{sid}", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), level="SHOULD", spec=("HTTPResponse.msg",),
             refs=("bpo-16037",), requirement="more than 100 header lines are refused (HTTPException)")
    wire(g, "headers.no-colon", "hardened", (raises(REFUSED), ok(after="1", body="hello")), spec=("HTTPResponse.msg", gh),
         program=fetch(after=(getheader("X-After", "after"),)), refs=("RFC 9112 §5",),
         requirement="a colon-less line must not silently drop the fields after it: refuse, or skip only that line")
    wire(g, "headers.first-line-whitespace", "hardened", (raises(REFUSED), ok(cl="5", indented=None, body="hello")),
         spec=("HTTPResponse.msg",), program=fetch(after=(getheader("Content-Length", "cl"), getheader("X-Indented", "indented"))),
         refs=("RFC 9112 §2.2",),
         requirement="whitespace between the status line and the first field: reject, or ignore each whitespace-preceded line (never fold it into the previous field)")
    wire(g, "headers.nul-in-value", "hardened", (raises(REFUSED), ok(v="a b")), spec=(gh,),
         program=fetch(after=(getheader("X-Nul", "v"),)), refs=("RFC 9110 §5.5",),
         requirement="a NUL in a field value: reject the message or replace it with SP")
    wire(g, "headers.name-with-space", "hardened", (raises(REFUSED), ok(v=None)), level="SHOULD", spec=(gh,),
         program=fetch(after=(getheader("X Spaced", "v"),)), refs=("RFC 9110 §5.1",),
         requirement="a field name is a token: 'X Spaced' is refused or ignored")
    wire(g, "headers.eof-in-headers", "hardened", (raises(["HTTPException", "OSError"]),), level="SHOULD", spec=("HTTPResponse.msg",),
         requirement="EOF before the end of the header block is an incomplete message, not a complete response")
    _info(g, "headers.count-99", label("accepted", **HELLO), label("refused", raises="HTTPException"), spec=("HTTPResponse.msg",))
    _info(g, "headers.folded", label("joined with SP", v="one two three"), label("raw", v={"$re": "\r\n"}), spec=(gh,),
          program=fetch(after=(getheader("X-Folded", "v"),)))
    _info(g, "headers.whitespace-around-value", label("stripped", v="v"), label("trailing kept", v={"$re": "v\\s+$"}), spec=(gh,),
          program=fetch(after=(getheader("X-Pad", "v"),)))
    for sid in ("empty-name", "from-line", "ctl-in-value", "lf-only-lines"):
        _info(g, f"headers.{sid}", label("hello", **HELLO), label("refused", raises="HTTPException"), spec=("HTTPResponse.msg",),
              program=fetch(with_headers=True))
    wire(g, "headers.set-cookie-three", "info", (label("merged", sc={"$re": ", b=2"}), label("first only", sc="a=1; Path=/")),
         slug="set-cookie-getheader", spec=(gh,), program=fetch(after=(getheader("Set-Cookie", "sc"),)))
    return g.cases


def smuggling_cases() -> List[Case]:
    g = Group("smuggling", "Framing ambiguity (RFC 9112 §6.3, CWE-444)")
    must_reject = ("space-before-colon", "tab-before-colon", "cl-conflicting", "cl-comma-conflict")
    for sid in must_reject:
        wire(g, f"smuggling.{sid}", "hardened", (raises(REFUSED),), spec=("HTTPResponse.read",),
             requirement="an invalid or conflicting Content-Length (or whitespace before a colon) is an unrecoverable framing error: the response is refused")
    wire(g, "smuggling.bare-cr-in-header", "hardened", (raises(REFUSED), ok(body="hello", cl={"$not": "2"})),
         program=fetch(after=(getheader("Content-Length", "cl"),)),
         requirement="a bare CR must not split a line: refuse, or keep it inside the value (never frame by the hidden Content-Length)")
    for sid in ("te-trailing-space", "te-duplicate", "te-gzip-chunked", "te-uppercase-space-in-value", "te-and-cl", "cl-and-te",
                "te-obs-fold"):
        wire(g, f"smuggling.{sid}", "hardened", (raises(REFUSED), ok(body="hello")),
             requirement="chunked as the final transfer coding frames the body (Content-Length ignored); otherwise refuse")
    for sid in ("cl-duplicate-same", "cl-comma-list"):
        wire(g, f"smuggling.{sid}", "hardened", (raises(REFUSED), ok(body="hello")),
             requirement="identical repeated Content-Length values may be accepted as one")
    for sid in ("te-chunked-gzip", "te-identity", "te-unknown"):
        wire(g, f"smuggling.{sid}", "hardened", (raises(REFUSED), ok(body={"$in": ["hello", "5\r\nhello\r\n0\r\n\r\n"]})), level="SHOULD",
             requirement="without chunked as the final coding the body runs to close (or the coding is refused)")
    _info(g, "smuggling.te-http10", label("chunked honoured", **HELLO), label("raw", body={"$re": "^5"}))
    return g.cases


def framing_cases() -> List[Case]:
    g = Group("framing", "Message body length (RFC 9112 §6.3)")
    bin256 = "".join(chr(i) for i in range(256))
    for sid, body in (("content-length", "hello"), ("content-length-zero", ""), ("close-delimited", "hello until close"),
                      ("close-delimited-http10", "hello until close"), ("binary-body", bin256),
                      ("content-length-padded", "hello"), ("trailing-garbage", "hello"), ("close-delimited-slow-close", "hello"),
                      ("cl-smaller-than-body", "he")):
        wire(g, f"framing.{sid}", "doc", (ok(body=body),), spec=(R,), requirement="read() returns the response body")
    for sid in ("large-content-length", "large-close-delimited"):
        wire(g, f"framing.{sid}", "doc", (ok(body=1 << 20),), spec=(R,), requirement="read() returns the whole 1 MiB body",
             program=(connect(), request(), getresponse(), read(length_only=True)))
    for sid, status in (("head", 200), ("204-no-content", 204), ("304-not-modified", 304), ("205-with-length-zero", 205)):
        wire(g, f"framing.{sid}", "doc", (ok(status=status, body=""),), spec=(R, "HTTPConnection.request"),
             requirement="a response without a body reads as ''")
    wire(g, "framing.cl-larger-than-body", "doc", (raises("IncompleteRead"),), spec=("IncompleteRead", R),
         requirement="Content-Length 10 and EOF after 4 bytes: IncompleteRead")
    for sid in ("cl-2-pow-40", "cl-2-pow-70", "cl-20-digits"):
        wire(g, f"framing.{sid}", "hardened", (raises(REFUSED),), spec=("IncompleteRead", R), refs=("CVE-2025-13836",),
             requirement="a huge Content-Length with a tiny body raises an HTTPException (IncompleteRead), no huge allocation, no OverflowError/MemoryError")
    for sid in ("cl-negative", "cl-plus", "cl-underscore", "cl-hex", "cl-non-numeric", "cl-empty"):
        wire(g, f"framing.{sid}", "hardened", (raises(REFUSED),), spec=(R,), refs=("RFC 9112 §6.3", "gh-150751"),
             requirement="Content-Length = 1*DIGIT; any other value is an unrecoverable framing error: the response is refused")
    for sid in ("204-with-body", "204-chunked", "304-with-body", "head-with-body", "head-chunked-body"):
        wire(g, f"framing.{sid}", "hardened", (ok(body=""), raises(REFUSED)), spec=(R, "NO_CONTENT", "NOT_MODIFIED"),
             requirement="204, 304 and responses to HEAD have no body whatever their headers say")
    return g.cases


def chunked_cases() -> List[Case]:
    g = Group("chunked", "Chunked transfer coding (RFC 9112 §7.1)")
    for sid, body in (("basic", "hello world"), ("extensions", "hello world"), ("trailers", "hello"),
                      ("uppercase-hex", "0123456789"), ("leading-zeros", "hello"), ("empty", ""),
                      ("single-byte-chunks", "0123456789" * 10), ("streamed", "firstsecondthird")):
        wire(g, f"chunked.{sid}", "doc", (ok(body=body),), spec=(R,), requirement="read() returns the decoded chunked body")
    wire(g, "chunked.large", "doc", (ok(body=1 << 20),), spec=(R,), requirement="read() decodes 1 MiB of chunks",
         program=(connect(), request(), getresponse(), read(length_only=True)))
    for sid in ("size-larger-than-data", "eof-mid-chunk", "eof-mid-size-line", "missing-last-chunk"):
        wire(g, f"chunked.{sid}", "doc", (raises("IncompleteRead"),), spec=("IncompleteRead", R),
             requirement="a chunked body cut short raises IncompleteRead")
    for sid in ("size-0x", "size-plus", "size-underscore", "size-negative", "size-20-hex-digits", "size-maxsize-plus-one",
                "size-non-hex", "size-empty-line", "junk-instead-of-crlf", "data-longer-than-size", "ext-70000",
                "size-70000-line", "endless-chunks"):
        wire(g, f"chunked.{sid}", "hardened", (raises(REFUSED),), spec=(R,), refs=("gh-150751",),
             deadline=20.0 if sid == "endless-chunks" else 8.0,
             requirement="chunk-size = 1*HEXDIG followed by CRLF, data followed by CRLF: anything else raises an HTTPException (not ValueError/OverflowError, not silently decoded)")
    wire(g, "chunked.size-whitespace", "hardened", (raises(REFUSED),), level="SHOULD", spec=(R,),
         requirement="whitespace around the chunk size is not in the grammar")
    wire(g, "chunked.trailer-flood", "hardened", (raises(REFUSED, raises_not=NOT_BAD_STATUS),), spec=(R,), refs=("gh-150743",),
         deadline=20.0, requirement="an endless trailer section is bounded (gh-150743): the client raises instead of reading everything")
    wire(g, "chunked.trailers-500", "hardened", (raises(REFUSED),), level="SHOULD", spec=(R,), refs=("gh-150743",),
         requirement="more than 100 trailer lines are refused")
    _info(g, "chunked.endless-extension", label("refused", raises="HTTPException"), label("timed out", raises="Timeout"))
    for sid in ("ext-malformed", "lf-only-framing", "trailer-bare-lf-end", "trailer-no-colon"):
        _info(g, f"chunked.{sid}", label("hello", **HELLO), label("refused", raises="HTTPException"))
    return g.cases


def _two(first: str, second: str, method: str = "GET") -> dict:
    return {"r1.body": first, "r2.body": second, "raises": None}


def persistence_cases() -> List[Case]:
    g = Group("persistence", "Persistent connections (RFC 9112 §9)")
    gr = ("HTTPConnection.getresponse", "HTTPConnection.request")
    for sid, first, second in (("keep-alive-two", "one", "two"), ("keep-alive-mixed", "first", "hello"),
                               ("http10-keep-alive", "one", "two"), ("http10-keep-alive-header", "one", "two"),
                               ("204-then-200", "", "hello"), ("304-then-200", "", "hello"),
                               ("100-then-200-twice", "one", "two")):
        wire(g, f"persistence.{sid}", "doc", (ok(**_two(first, second), connections=1), graded("PASS", "reconnected", **{"r1.body": first}, connections=2)),
             program=fetch_twice(), spec=gr, requirement="two requests on one connection object: each response read in full (the connection reused, or a new one opened)")
    wire(g, "persistence.head-then-get", "doc", (ok(**_two("", "hello"), connections=1), graded("PASS", "reconnected", **{"r1.body": ""}, connections=2)),
         program=fetch_twice("HEAD"), spec=gr, requirement="a response to HEAD has no body; the next response on the connection is read correctly")
    wire(g, "persistence.keep-alive-five", "doc", (ok(**{"r5.body": "response 4"}, connections=1),), spec=gr,
         program=(connect(),) + tuple(op for i in range(1, 6) for op in (request("GET", f"/{i}"), getresponse(f"r{i}.", name=f"resp{i}"), read(f"r{i}.body", on=f"resp{i}"))),
         requirement="five requests in sequence on one connection")
    for sid in ("connection-close", "http10-close", "no-length-keep-alive"):
        wire(g, f"persistence.{sid}", "doc", (ok(body="hello"),), spec=gr, requirement="the response is read to its end")
    wire(g, "persistence.reconnect-after-close", "doc", (ok(**_two("hello", "again"), connections=2),), program=fetch_twice(),
         spec=gr + ("HTTPConnection.close",), requirement="after a response that closes the connection the next request opens a new one")
    wire(g, "persistence.keep-alive-two", "doc", (ok(**{"r1.body": "one", "r2.body": "two"}, connections=2),), slug="close-then-request",
         spec=("HTTPConnection.close",), requirement="close() closes the connection; a later request opens a new one",
         program=(connect(), request(), getresponse("r1."), read("r1.body"), {"op": "close"},
                  request(), getresponse("r2.", name="resp2"), read("r2.body", on="resp2")))
    wire(g, "persistence.keep-alive-two", "doc", (ok(**{"r1.status": 200, "second": {"$raises": "ResponseNotReady"}}),), slug="unread-response",
         spec=("HTTPConnection.getresponse", "ResponseNotReady"),
         requirement="you must read the whole response before the next one: getresponse() for a second request while the first is unread raises ResponseNotReady",
         program=(connect(), request(), getresponse("r1."), request("GET", "/two"), {"op": "getresponse", "catch": True, "key": "second", "as": "r2"}))
    wire(g, "persistence.keep-alive-two", "doc", (ok(**{"second": {"$raises": "ResponseNotReady"}}),), slug="getresponse-twice",
         spec=("HTTPConnection.getresponse", "ResponseNotReady"), requirement="a second getresponse() for one request raises ResponseNotReady",
         program=(connect(), request(), getresponse(), read(), {"op": "getresponse", "catch": True, "key": "second", "as": "r2"}))
    wire(g, "status.ok", "doc", (ok(second={"$raises": "CannotSendHeader"}, body="hello"),), slug="putheader-after-endheaders",
         spec=("HTTPConnection.putheader", "CannotSendHeader"), requirement="putheader() after endheaders() raises CannotSendHeader",
         program=(connect(), {"op": "putrequest", "method": "GET", "url": "/"}, {"op": "endheaders"},
                  {"op": "putheader", "name": "X-Late", "values": ["1"], "catch": True, "key": "second"}, getresponse(), read()))
    wire(g, "persistence.unsolicited-response", "hardened", (ok(**{"r1.body": "hi", "r2.body": "real"}), raises(ANY_ERROR, **{"r1.body": "hi"}),
                                                             graded("PASS", "connection discarded", **{"r1.body": "hi"}, connections=2)),
         level="SHOULD", program=fetch_twice(), spec=gr, refs=("RFC 9112 §9.3",),
         requirement="bytes after a complete response must not be taken as the answer to the next request")
    wire(g, "persistence.204-leftover", "hardened", (ok(**{"r1.status": 204, "r2.body": "second"}), raises(ANY_ERROR, **{"r1.status": 204}),
                                                     graded("PASS", "connection discarded", **{"r1.status": 204}, connections=2)),
         level="SHOULD", program=fetch_twice(), spec=gr, requirement="a 204's stray body must not become the next response")
    _info(g, "persistence.blank-line-after-keep-alive", label("404", **{"r2.status": 404}),
          label("HTTP/0.9 200", **{"r2.status": 200}), label("refused", raises="HTTPException"), program=fetch_twice(), spec=gr)
    for sid in ("connection-substring-close", "proxy-connection-keep-alive-http10", "proxy-connection-close-http11",
                "http10-empty-keep-alive", "stale-connection", "reset-on-second-request"):
        _info(g, f"persistence.{sid}", label("one connection", connections=1), label("reconnected", connections=2),
              program=fetch_twice(), spec=gr)
    return g.cases


def timing_cases() -> List[Case]:
    g = Group("timing", "Timeouts and slow servers")
    timeout_spec = ("HTTPConnection",)
    for sid in ("stall-before-status", "stall-mid-status-line", "stall-mid-headers", "stall-mid-body", "stall-mid-chunk", "silent-accept"):
        wire(g, f"timing.{sid}", "doc", (raises("Timeout", elapsed={"$le": 2.5}),), spec=timeout_spec,
             program=fetch(timeout=0.3), time_scale=0.05,
             requirement="with timeout=0.3 a blocking operation on a silent server times out after about that long")
    for sid in ("delayed-response", "pause-mid-body"):
        body = "hello" if sid == "delayed-response" else "0123456789"
        wire(g, f"timing.{sid}", "doc", (ok(body=body),), spec=timeout_spec, program=fetch(timeout=2.0), time_scale=0.05,
             requirement="a response slower than nothing but faster than the timeout is read normally")
    for sid in ("drip-status-line", "drip-headers", "drip-body", "drip-chunked-body", "drip-100-continue",
                "drip-body-10-per-second", "drip-close-delimited"):
        wire(g, f"timing.{sid}", "hardened", (raises("Timeout"),), level="SHOULD", spec=timeout_spec,
             program=fetch(timeout=0.12), time_scale=0.02, refs=("httplib-behaviour §1.9",),
             requirement="the timeout bounds the whole response head (and each read), so a server dripping one byte at a time cannot hold the client past it")
    return g.cases


def abort_cases() -> List[Case]:
    g = Group("abort", "Connections cut short")
    wire(g, "abort.close-mid-status-line", "doc", (raises(BSL),), spec=(BSL,), requirement="a truncated status line is BadStatusLine")
    wire(g, "abort.close-mid-chunk", "doc", (raises("IncompleteRead"),), spec=("IncompleteRead",), requirement="EOF inside a chunk: IncompleteRead")
    wire(g, "abort.half-close-mid-body", "doc", (raises("IncompleteRead"),), spec=("IncompleteRead",), requirement="FIN inside a Content-Length body: IncompleteRead")
    wire(g, "abort.reset-after-response", "doc", (ok(body="hello"),), spec=(R,), requirement="a complete response is read even if an RST follows")
    for sid in ("reset-before-response", "reset-mid-status-line", "reset-mid-headers", "reset-mid-body", "reset-mid-chunk"):
        wire(g, f"abort.{sid}", "hardened", (raises(ANY_ERROR),), spec=(R,), requirement="a reset connection raises; no partial response is returned as complete")
    wire(g, "abort.close-mid-headers", "hardened", (raises(REFUSED),), spec=(R,), requirement="EOF inside the header block raises (at getresponse or read)")
    for sid in ("reset-on-accept", "close-on-accept", "send-then-reset-unread"):
        _info(g, f"abort.{sid}", label("raised", raises="OSError"), label("hello", **HELLO), label("BadStatusLine", raises=BSL))
    return g.cases


def cases() -> List[Case]:
    return (status_cases() + interim_cases() + header_cases() + smuggling_cases() + framing_cases() + chunked_cases()
            + persistence_cases() + timing_cases() + abort_cases())


def graded(verdict: str, note: str, **match: Any) -> Any:
    from .._model import Outcome

    match.setdefault("raises", None)
    return Outcome(verdict, match, note)
