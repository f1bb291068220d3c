"""API-only cases: module constants, `responses`, the exception hierarchy, constructors,
and the connection state machine before anything is sent (no server needed).

Strategy: the constant cases are generated from the spec's own status table, one doc
row per table row citing that row's line (the table is the row list), plus an INFO
row per constant showing what `responses` maps it to; exceptions are checked by the
names of their MRO, so an implementation whose classes do not derive from
http.client's still passes when the documented hierarchy holds by name.
"""

from __future__ import annotations

from typing import List, Tuple

from .._model import Case
from ..spec_index import load_spec, status_constants
from ._build import SPEC_REF, accepted, case, label, refused
from ._programs import connect

NOWHERE = ["127.0.0.1", 9]  # never contacted: these programs send nothing
CONSTRUCTED = ("connection",)
PORT_LINES = (37, 39, 40, 41, 42, 43)
INVALID_URL_LINES = (106, 108, 109)
RESPONSES_LINES = (383, 385, 387)


def _constants() -> List[Case]:
    spec = load_spec()
    return [
        case(f"api.constants.{name.lower().replace('_', '-')}", None, "doc", "MUST",
             lines=(spec[name].line,), spec=(name,), refs=(f"{SPEC_REF}: status code table",),
             program=({"op": "attr", "of": "module", "name": name, "key": "value", "int": True},),
             desc=f"module attribute {name}", expect=(accepted(value=value),),
             requirement=f"{name} is the integer {value}")
        for name, value in status_constants().items()
    ]


def _names() -> List[Case]:
    return [
        case(f"api.responses.name-{value}", None, "info", "INFO", spec=("responses", name),
             refs=(f"{SPEC_REF}: responses", "RFC 9110 §15"),
             program=({"op": "responses_get", "code": value, "key": "name"},),
             desc=f"responses.get({value}) ({name})",
             expect=(label("not in responses", name=None), label("named", name={"$re": "."})),
             requirement=("observed: the name versions give the code (2.6: 41 entries, no WebDAV "
                          "names; 3.13: RFC 9110 phrases)"))
        for name, value in status_constants().items()
    ]


def _responses_get(code: int, phrase: str) -> Case:
    return case(f"api.responses.code-{code}", None, "doc", "MUST", lines=RESPONSES_LINES,
                spec=("responses",), refs=(f"{SPEC_REF}: responses", "RFC 2616 §10"),
                program=({"op": "responses_get", "code": code, "key": "name"},),
                desc=f"responses[{code}]", expect=(accepted(name=phrase),),
                requirement=f"responses maps the HTTP/1.1 code {code} to its W3C name {phrase!r}")


# (exception, documented base, the lines of its directive and its "subclass of" sentence)
HIERARCHY: Tuple[Tuple[str, str, Tuple[int, ...]], ...] = (
    ("HTTPException", "Exception", (91, 93, 94)),
    ("NotConnected", "HTTPException", (99, 101)),
    ("InvalidURL", "HTTPException", (106, 108)),
    ("UnknownProtocol", "HTTPException", (114, 116)),
    ("UnknownTransferEncoding", "HTTPException", (121, 123)),
    ("UnimplementedFileMode", "HTTPException", (128, 130)),
    ("IncompleteRead", "HTTPException", (135, 137)),
    ("ImproperConnectionState", "HTTPException", (142, 144)),
    ("CannotSendRequest", "ImproperConnectionState", (149, 151)),
    ("CannotSendHeader", "ImproperConnectionState", (156, 158)),
    ("ResponseNotReady", "ImproperConnectionState", (163, 165)),
    ("BadStatusLine", "HTTPException", (170, 172)),
)


def _exception(name: str, base: str, lines: Tuple[int, ...]) -> Case:
    return case(f"api.exceptions.{name.lower()}", None, "doc", "MUST", lines=lines, spec=(name,),
                refs=(f"{SPEC_REF}: {name}",),
                program=({"op": "mro", "name": name, "key": "mro_names"},),
                desc=f"the class {name} and its bases",
                expect=(accepted(mro_names={"$contains": base}),),
                requirement=f"{name} exists and is a subclass of {base} (compared by class names)")


def _construct(case_id: str, args: list, profile: str, level: str, *, expect: tuple,
               requirement: str, lines: Tuple[int, ...] = (), cls: str = "HTTPConnection",
               kwargs: dict | None = None, refs: tuple = (), spec: tuple = ()) -> Case:
    """A constructor row: build ``cls(*args, **kwargs)`` and record host, port (timeout)."""
    kwargs = kwargs or {}
    record = ["host", "port"] + (["timeout"] if "timeout" in kwargs else [])
    shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
    return case(case_id, None, profile, level, lines=lines, spec=spec or (cls,),
                refs=refs or (f"{SPEC_REF}: {cls}",),
                program=(connect(cls, args=args, timeout=None, record=record, kwargs=kwargs),),
                desc=f"{cls}({shown})", expect=expect, requirement=requirement,
                title="Constructors and host:port parsing")


def _host(host: str, port: int) -> tuple:
    return (accepted(**{"conn.host": host, "conn.port": port}),)


DEFAULT_PORT = ("if no port number is passed, the port is extracted from the host string if it "
                "has the form host:port, else the default HTTP port (80) is used")
BAD_PORT = ("InvalidURL is raised if a port is given and is either non-numeric or empty")
STATE = "ImproperConnectionState"
PORT_REFUSED = ("HTTPException", "ValueError")  # hardened: any refusal, InvalidURL or not
CONN = connect(args=NOWHERE, timeout=None)
PUTREQUEST = {"op": "putrequest", "method": "GET", "url": "/"}
STATE_LINES = (142, 144)

CASES = tuple(_constants()) + (
    case("api.responses.not-found-example", None, "doc", "MUST", lines=RESPONSES_LINES,
         spec=("responses", "NOT_FOUND"), refs=(f"{SPEC_REF}: responses",),
         program=({"op": "attr", "of": "module", "name": "responses", "key": "type",
                   "type": True},
                  {"op": "responses_get", "code": 404, "key": "name"}),
         desc="responses[NOT_FOUND]", expect=(accepted(name="Not Found"),),
         requirement="the documented example: httplib.responses[httplib.NOT_FOUND] is 'Not Found'"),
    _responses_get(200, "OK"),
    _responses_get(500, "Internal Server Error"),
    _responses_get(301, "Moved Permanently"),
) + tuple(_names()) + (
    case("api.responses.ports", None, "doc", "MUST", lines=(180, 182, 185, 187),
         spec=("HTTP_PORT", "HTTPS_PORT"), refs=(f"{SPEC_REF}: HTTP_PORT, HTTPS_PORT",),
         program=({"op": "attr", "of": "module", "name": "HTTP_PORT", "key": "http"},
                  {"op": "attr", "of": "module", "name": "HTTPS_PORT", "key": "https"}),
         desc="HTTP_PORT and HTTPS_PORT", expect=(accepted(http=80, https=443),),
         requirement="HTTP_PORT is always 80 and HTTPS_PORT always 443"),
) + tuple(_exception(name, base, lines) for name, base, lines in HIERARCHY) + (
    case("api.exceptions.classes", None, "doc", "MUST", lines=(37, 64, 66, 81),
         spec=("HTTPConnection", "HTTPSConnection", "HTTPResponse"),
         refs=(f"{SPEC_REF}: classes",),
         program=({"op": "mro", "name": "HTTPConnection", "key": "conn"},
                  {"op": "mro", "name": "HTTPSConnection", "key": "https"},
                  {"op": "mro", "name": "HTTPResponse", "key": "resp"}),
         desc="the three documented classes",
         expect=(accepted(conn={"$contains": "HTTPConnection"},
                          https={"$contains": "HTTPConnection"},
                          resp={"$contains": "HTTPResponse"}),),
         requirement=("HTTPConnection, HTTPSConnection (a subclass of HTTPConnection) and "
                      "HTTPResponse exist")),
    case("api.exceptions.error-alias", None, "info", "INFO", spec=("HTTPException",),
         refs=("httplib-behaviour §1.12",),
         program=({"op": "mro", "name": "error", "key": "mro_names"},),
         desc="the undocumented alias `error`",
         expect=(label("alias present", mro_names={"$contains": "HTTPException"}),),
         requirement="observed: 2.6 defines error = HTTPException"),
    case("api.exceptions.legacy-http-class", None, "info", "INFO", spec=("HTTPConnection",),
         refs=("httplib-behaviour §1.11",),
         program=({"op": "mro", "name": "HTTP", "key": "mro_names"},),
         desc="the legacy HTTP class (kept for 1.5.2 compatibility)",
         expect=(label("absent", mro_names=None), label("present", mro_names={"$len": 2})),
         requirement="observed: present in 2.x, gone in 3.x"),
    case("api.state.putheader-before-putrequest", None, "doc", "MUST",
         lines=STATE_LINES + (156, 158, 444, 446),
         spec=("HTTPConnection.putheader", "HTTPConnection.putrequest", "CannotSendHeader", STATE),
         refs=(f"{SPEC_REF}: CannotSendHeader", "httplib-behaviour §1.8"),
         program=(CONN, {"op": "putheader", "name": "X-A", "values": ["1"]}),
         desc="putheader() before putrequest()",
         expect=(refused("CannotSendHeader", at=("putheader",)),),
         requirement="putheader() before putrequest() raises CannotSendHeader"),
    case("api.state.endheaders-before-putrequest", None, "doc", "MUST",
         lines=STATE_LINES + (156, 158, 444, 446),
         spec=("HTTPConnection.endheaders", "HTTPConnection.putrequest", "CannotSendHeader",
               STATE),
         refs=(f"{SPEC_REF}: CannotSendHeader", "httplib-behaviour §1.8"),
         program=(CONN, {"op": "endheaders"}), desc="endheaders() before putrequest()",
         expect=(refused("CannotSendHeader", at=("endheaders",)),),
         requirement="endheaders() before putrequest() raises CannotSendHeader"),
    case("api.state.getresponse-idle", None, "doc", "MUST", lines=STATE_LINES + (163, 165, 416),
         spec=("HTTPConnection.getresponse", "ResponseNotReady", STATE),
         refs=(f"{SPEC_REF}: ResponseNotReady", "httplib-behaviour §1.8"),
         program=(CONN, {"op": "getresponse"}), desc="getresponse() with no request sent",
         expect=(refused("ResponseNotReady", at=("getresponse",)),),
         requirement="getresponse() with no request sent raises ResponseNotReady"),
    case("api.state.putrequest-twice", None, "doc", "MUST", lines=STATE_LINES + (149, 151, 446),
         spec=("HTTPConnection.putrequest", "CannotSendRequest", STATE),
         refs=(f"{SPEC_REF}: CannotSendRequest", "httplib-behaviour §1.8"),
         program=(CONN, PUTREQUEST, PUTREQUEST), desc="a second putrequest() before the first ends",
         expect=(refused("CannotSendRequest", at=("putrequest",)),),
         requirement=("a second putrequest() before the first request is complete raises "
                      "CannotSendRequest")),
    case("api.state.getresponse-before-endheaders", None, "doc", "MUST",
         lines=STATE_LINES + (163, 165, 416),
         spec=("HTTPConnection.getresponse", "ResponseNotReady", STATE),
         refs=(f"{SPEC_REF}: ResponseNotReady", "httplib-behaviour §1.8"),
         program=(CONN, PUTREQUEST, {"op": "getresponse"}),
         desc="getresponse() before endheaders()",
         expect=(refused("ResponseNotReady", at=("getresponse",)),),
         requirement="getresponse() before endheaders() raises ResponseNotReady"),
    _construct("api.constructor.host-only", ["www.cwi.nl"], "doc", "MUST", lines=PORT_LINES + (53,),
               expect=_host("www.cwi.nl", 80), requirement=DEFAULT_PORT),
    _construct("api.constructor.host-colon-port", ["www.cwi.nl:80"], "doc", "MUST",
               lines=PORT_LINES + (54,), expect=_host("www.cwi.nl", 80), requirement=DEFAULT_PORT),
    _construct("api.constructor.host-and-port", ["www.cwi.nl", 80], "doc", "MUST",
               lines=PORT_LINES + (55,), expect=_host("www.cwi.nl", 80), requirement=DEFAULT_PORT),
    _construct("api.constructor.non-default-port", ["www.cwi.nl:8080"], "doc", "MUST",
               lines=PORT_LINES, expect=_host("www.cwi.nl", 8080), requirement=DEFAULT_PORT),
    _construct("api.constructor.timeout", ["www.cwi.nl", 80], "doc", "MUST",
               lines=(37, 46, 47, 48, 56), kwargs={"timeout": 10},
               expect=(accepted(**{"conn.timeout": 10}),),
               requirement="the optional timeout parameter is kept for blocking operations"),
    _construct("api.constructor.strict", ["www.cwi.nl", 80], "doc", "MUST",
               lines=(37, 43, 44), kwargs={"strict": True}, expect=(accepted(**{"conn.port": 80}),),
               requirement=("the optional strict parameter is accepted "
                            "(HTTPConnection(host[, port[, strict[, timeout]]]))")),
    _construct("api.constructor.https-default-port", ["www.cwi.nl"], "doc", "MUST",
               lines=(64, 66, 67), cls="HTTPSConnection", expect=(accepted(**{"conn.port": 443}),),
               requirement="HTTPSConnection: the default port is 443"),
    _construct("api.constructor.https-explicit-port", ["www.cwi.nl:8443"], "doc", "MUST",
               lines=(64, 66) + PORT_LINES, cls="HTTPSConnection",
               spec=("HTTPSConnection", "HTTPConnection"),
               expect=(accepted(**{"conn.port": 8443}),),
               requirement="HTTPSConnection parses host:port like HTTPConnection"),
    _construct("api.constructor.invalid-port-nonnumeric", ["example.com:abc"], "doc", "MUST",
               lines=INVALID_URL_LINES, spec=("InvalidURL", "HTTPConnection"),
               expect=(refused("InvalidURL", at=CONSTRUCTED),), requirement=BAD_PORT),
    _construct("api.constructor.invalid-port-empty", ["example.com:"], "doc", "MUST",
               lines=INVALID_URL_LINES, spec=("InvalidURL", "HTTPConnection"),
               expect=(refused("InvalidURL", at=CONSTRUCTED),), requirement=BAD_PORT),
    _construct("api.constructor.invalid-port-multiple-colons", ["a:b:c"], "doc", "MUST",
               lines=INVALID_URL_LINES, spec=("InvalidURL",),
               expect=(refused("InvalidURL", at=CONSTRUCTED),),
               requirement="a non-numeric port after the last colon is InvalidURL"),
    _construct("api.constructor.ipv6-bracketed", ["[::1]:8080"], "hardened", "MUST",
               spec=("HTTPConnection",), refs=("bpo-5111", "RFC 3986 §3.2.2"),
               expect=_host("::1", 8080), requirement="[v6]:port gives host ::1 and port 8080"),
    _construct("api.constructor.port-negative", ["example.com:-1"], "hardened", "SHOULD",
               spec=("InvalidURL",), refs=("httplib-behaviour §1.6",),
               expect=(refused(PORT_REFUSED, at=CONSTRUCTED),),
               requirement="a port outside 0-65535 should be refused"),
    _construct("api.constructor.port-too-large", ["example.com:99999"], "hardened", "SHOULD",
               spec=("InvalidURL",), refs=("httplib-behaviour §1.6",),
               expect=(refused(PORT_REFUSED, at=CONSTRUCTED),),
               requirement="a port outside 0-65535 should be refused"),
    _construct("api.constructor.port-underscore", ["example.com:8_0"], "doc", "MUST",
               lines=INVALID_URL_LINES, spec=("InvalidURL",), refs=("httplib-behaviour §2.2",),
               expect=(refused("InvalidURL", at=CONSTRUCTED),),
               requirement="a non-numeric port ('8_0', digits and an underscore) is InvalidURL"),
    _construct("api.constructor.host-crlf", ["127.0.0.1\r\nX-Injected: 1", 80], "hardened",
               "MUST", spec=("HTTPConnection", "InvalidURL"),
               refs=("CVE-2019-18348", "bpo-38576"),
               expect=(refused(("InvalidURL", "ValueError"), at=CONSTRUCTED + ("connect",)),),
               requirement="a host containing CR/LF is refused before anything is sent"),
    _construct("api.constructor.ipv6-unbracketed", ["::1"], "info", "INFO",
               refs=("httplib-behaviour §1.6",),
               expect=(label("refused", raises="InvalidURL"),
                       label("mis-parsed as host ':' port 1", **{"conn.port": 1})),
               requirement="observed: the parse of an unbracketed IPv6 literal"),
    _construct("api.constructor.ipv6-zone", ["[fe80::1%eth0]:80"], "info", "INFO",
               refs=("httplib-behaviour §1.6",),
               expect=(label("kept", **{"conn.host": "fe80::1%eth0"}),),
               requirement="observed: the parse of a zone id"),
    _construct("api.constructor.port-string", ["example.com", "8080"], "info", "INFO",
               refs=("httplib-behaviour §1.6",),
               expect=(label("int", **{"conn.port": 8080}),
                       label("kept as str", **{"conn.port": "8080"})),
               requirement="observed: a port given as a string"),
    _construct("api.constructor.port-space", ["example.com: 80"], "info", "INFO",
               refs=("httplib-behaviour §1.6",),
               expect=(label("accepted", **{"conn.port": 80}),
                       label("refused", raises="InvalidURL")),
               requirement="observed: a space before the port"),
)


def cases() -> List[Case]:
    return list(CASES)
