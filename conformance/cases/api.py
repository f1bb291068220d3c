"""API-only cases: module constants, `responses`, the exception hierarchy, constructors,
and the connection state machine before anything is sent (no server needed).

Strategy: the constant cases are generated from the spec's own status table (one
doc MUST per constant, plus an INFO case per constant showing what `responses`
maps it to, where versions differ); exceptions are checked by the names of their
MRO, so an implementation whose classes do not derive from http.client's still
passes when the documented hierarchy holds by name.
"""

from __future__ import annotations

from typing import List

from .._model import Case, Group
from ..spec_index import status_constants
from ._build import SPEC_REF, label, ok, raises
from ._programs import connect

NOWHERE = ["127.0.0.1", 9]  # never contacted: these programs send nothing


def _constants() -> Group:
    group = Group("api.constants", "Status code constants")
    for name, value in status_constants().items():
        group.add(
            name.lower().replace("_", "-"),
            profile="doc", level="MUST", spec=(name,),
            desc=f"module attribute {name}",
            requirement=f"{name} is the integer {value}",
            program=({"op": "attr", "of": "module", "name": name, "key": "value", "int": True},),
            expect=(ok(value=value),),
            references=(f"{SPEC_REF}: status code table",),
        )
    return group


def _responses() -> Group:
    group = Group("api.responses", "The responses table")
    group.add(
        "not-found-example", profile="doc", level="MUST", spec=("responses", "NOT_FOUND"),
        desc="responses[NOT_FOUND]", requirement="the documented example: httplib.responses[httplib.NOT_FOUND] is 'Not Found'",
        program=({"op": "attr", "of": "module", "name": "responses", "key": "type", "type": True},
                 {"op": "responses_get", "code": 404, "key": "name"}),
        expect=(ok(name="Not Found"),), references=(f"{SPEC_REF}: responses",),
    )
    for code, phrase in ((200, "OK"), (500, "Internal Server Error"), (301, "Moved Permanently")):
        group.add(
            f"code-{code}", profile="doc", level="MUST", spec=("responses",),
            desc=f"responses[{code}]", requirement=f"responses maps the HTTP/1.1 code {code} to its W3C name {phrase!r}",
            program=({"op": "responses_get", "code": code, "key": "name"},),
            expect=(ok(name=phrase),), references=(f"{SPEC_REF}: responses", "RFC 2616 §10"),
        )
    for name, value in status_constants().items():
        group.add(
            f"name-{value}", profile="info", level="INFO", spec=("responses", name),
            desc=f"responses.get({value}) ({name})",
            requirement="the name versions give the code (2.6: 41 entries, no WebDAV names; 3.13: RFC 9110 phrases)",
            program=({"op": "responses_get", "code": value, "key": "name"},),
            expect=(label("not in responses", name=None), label("named", name={"$re": "."})),
            references=(f"{SPEC_REF}: responses", "RFC 9110 §15"),
        )
    group.add(
        "ports", profile="doc", level="MUST", spec=("HTTP_PORT", "HTTPS_PORT"),
        desc="HTTP_PORT and HTTPS_PORT", requirement="HTTP_PORT is always 80 and HTTPS_PORT always 443",
        program=({"op": "attr", "of": "module", "name": "HTTP_PORT", "key": "http"},
                 {"op": "attr", "of": "module", "name": "HTTPS_PORT", "key": "https"}),
        expect=(ok(http=80, https=443),), references=(f"{SPEC_REF}: HTTP_PORT, HTTPS_PORT",),
    )
    return group


# (exception, documented base)
HIERARCHY = (
    ("HTTPException", "Exception"),
    ("NotConnected", "HTTPException"),
    ("InvalidURL", "HTTPException"),
    ("UnknownProtocol", "HTTPException"),
    ("UnknownTransferEncoding", "HTTPException"),
    ("UnimplementedFileMode", "HTTPException"),
    ("IncompleteRead", "HTTPException"),
    ("ImproperConnectionState", "HTTPException"),
    ("CannotSendRequest", "ImproperConnectionState"),
    ("CannotSendHeader", "ImproperConnectionState"),
    ("ResponseNotReady", "ImproperConnectionState"),
    ("BadStatusLine", "HTTPException"),
)


def _exceptions() -> Group:
    group = Group("api.exceptions", "The exception hierarchy")
    for name, base in HIERARCHY:
        group.add(
            name.lower(), profile="doc", level="MUST", spec=(name,),
            desc=f"the class {name} and its bases",
            requirement=f"{name} exists and is a subclass of {base} (compared by class names)",
            program=({"op": "mro", "name": name, "key": "mro_names"},),
            expect=(ok(mro_names={"$contains": base}),),
            references=(f"{SPEC_REF}: {name}",),
        )
    group.add(
        "classes", profile="doc", level="MUST", spec=("HTTPConnection", "HTTPSConnection", "HTTPResponse"),
        desc="the three documented classes",
        requirement="HTTPConnection, HTTPSConnection (a subclass of HTTPConnection) and HTTPResponse exist",
        program=({"op": "mro", "name": "HTTPConnection", "key": "conn"},
                 {"op": "mro", "name": "HTTPSConnection", "key": "https"},
                 {"op": "mro", "name": "HTTPResponse", "key": "resp"}),
        expect=(ok(conn={"$contains": "HTTPConnection"}, https={"$contains": "HTTPConnection"},
                   resp={"$contains": "HTTPResponse"}),),
        references=(f"{SPEC_REF}: classes",),
    )
    group.add(
        "error-alias", profile="info", level="INFO", spec=("HTTPException",),
        desc="the undocumented alias `error`", requirement="2.6 defines error = HTTPException",
        program=({"op": "mro", "name": "error", "key": "mro_names"},),
        expect=(label("alias present", mro_names={"$contains": "HTTPException"}),), references=("httplib-behaviour §1.12",),
    )
    group.add(
        "legacy-http-class", profile="info", level="INFO", spec=("HTTPConnection",),
        desc="the legacy HTTP class (kept for 1.5.2 compatibility)", requirement="present in 2.x, gone in 3.x",
        program=({"op": "mro", "name": "HTTP", "key": "mro_names"},),
        expect=(label("absent", mro_names=None), label("present", mro_names={"$len": 2})), references=("httplib-behaviour §1.11",),
    )
    return group


def _construct(slug: str, args: list, requirement: str, expect: tuple, *, profile: str = "doc", level: str = "MUST",
               cls: str = "HTTPConnection", kwargs: dict | None = None, refs: tuple = (), spec: tuple = ()) -> Case:
    record = ["host", "port"] + (["timeout"] if kwargs and "timeout" in kwargs else [])
    op = connect(cls, args=args, timeout=None, record=record, kwargs=kwargs or {})
    return Case(
        id=f"api.constructor.{slug}", profile=profile, level=level, spec=spec or (cls,),
        desc=f"{cls}({', '.join(repr(a) for a in args)}{''.join(f', {k}={v!r}' for k, v in (kwargs or {}).items())})",
        requirement=requirement, program=(op,), expect=expect,
        references=refs or (f"{SPEC_REF}: {cls}",), title="Constructors and host:port parsing",
    )


def _constructors() -> List[Case]:
    doc_port = "If no port number is passed, the port is extracted from the host string if it has the form host:port, else the default HTTP port (80) is used"
    return [
        _construct("host-only", ["www.cwi.nl"], doc_port, (ok(**{"conn.host": "www.cwi.nl", "conn.port": 80}),)),
        _construct("host-colon-port", ["www.cwi.nl:80"], doc_port, (ok(**{"conn.host": "www.cwi.nl", "conn.port": 80}),)),
        _construct("host-and-port", ["www.cwi.nl", 80], doc_port, (ok(**{"conn.host": "www.cwi.nl", "conn.port": 80}),)),
        _construct("non-default-port", ["www.cwi.nl:8080"], doc_port, (ok(**{"conn.host": "www.cwi.nl", "conn.port": 8080}),)),
        _construct("timeout", ["www.cwi.nl", 80], "the optional timeout parameter is kept for blocking operations",
                   (ok(**{"conn.timeout": 10}),), kwargs={"timeout": 10}),
        _construct("strict", ["www.cwi.nl", 80], "the optional strict parameter is accepted (HTTPConnection(host[, port[, strict[, timeout]]]))",
                   (ok(**{"conn.port": 80}),), kwargs={"strict": True}),
        _construct("https-default-port", ["www.cwi.nl"], "HTTPSConnection: default port is 443",
                   (ok(**{"conn.port": 443}),), cls="HTTPSConnection"),
        _construct("https-explicit-port", ["www.cwi.nl:8443"], "HTTPSConnection parses host:port like HTTPConnection",
                   (ok(**{"conn.port": 8443}),), cls="HTTPSConnection"),
        _construct("invalid-port-nonnumeric", ["example.com:abc"], "InvalidURL is raised if a port is given and is non-numeric",
                   (raises("InvalidURL"),), spec=("InvalidURL", "HTTPConnection")),
        _construct("invalid-port-empty", ["example.com:"], "InvalidURL is raised if a port is given and is empty",
                   (raises("InvalidURL"),), spec=("InvalidURL", "HTTPConnection")),
        _construct("invalid-port-multiple-colons", ["a:b:c"], "a non-numeric port after the last colon is InvalidURL",
                   (raises("InvalidURL"),), spec=("InvalidURL",)),
        _construct("ipv6-bracketed", ["[::1]:8080"], "[v6]:port gives host ::1 and port 8080",
                   (ok(**{"conn.host": "::1", "conn.port": 8080}),), profile="hardened", spec=("HTTPConnection",),
                   refs=("bpo-5111", "RFC 3986 §3.2.2")),
        _construct("port-negative", ["example.com:-1"], "a port outside 0-65535 is refused",
                   (raises("InvalidURL"),), profile="hardened", level="SHOULD", spec=("InvalidURL",), refs=("httplib-behaviour §1.6",)),
        _construct("port-too-large", ["example.com:99999"], "a port outside 0-65535 is refused",
                   (raises("InvalidURL"),), profile="hardened", level="SHOULD", spec=("InvalidURL",), refs=("httplib-behaviour §1.6",)),
        _construct("port-underscore", ["example.com:8_0"], "a port is decimal digits only",
                   (raises("InvalidURL"),), profile="hardened", level="SHOULD", spec=("InvalidURL",), refs=("httplib-behaviour §2.2",)),
        _construct("host-crlf", ["127.0.0.1\r\nX-Injected: 1", 80],
                   "a host containing CR/LF is refused before anything is sent (CVE-2019-18348)",
                   (raises(["InvalidURL", "ValueError"]),), profile="hardened", spec=("HTTPConnection", "InvalidURL"),
                   refs=("CVE-2019-18348", "bpo-38576")),
        _construct("ipv6-unbracketed", ["::1"], "observed parse of an unbracketed IPv6 literal",
                   (label("refused", raises="InvalidURL"), label("mis-parsed as host ':' port 1", **{"conn.port": 1})),
                   profile="info", level="INFO", refs=("httplib-behaviour §1.6",)),
        _construct("ipv6-zone", ["[fe80::1%eth0]:80"], "observed parse of a zone id",
                   (label("kept", **{"conn.host": "fe80::1%eth0"}),), profile="info", level="INFO", refs=("httplib-behaviour §1.6",)),
        _construct("port-string", ["example.com", "8080"], "observed: port given as a string",
                   (label("int", **{"conn.port": 8080}), label("kept as str", **{"conn.port": "8080"})),
                   profile="info", level="INFO", refs=("httplib-behaviour §1.6",)),
        _construct("port-space", ["example.com: 80"], "observed: space before the port",
                   (label("accepted", **{"conn.port": 80}), label("refused", raises="InvalidURL")),
                   profile="info", level="INFO", refs=("httplib-behaviour §1.6",)),
    ]


def _state_machine() -> Group:
    group = Group("api.state", "Connection state machine (no server)")
    conn = connect(args=NOWHERE, timeout=None)
    rows = (
        ("putheader-before-putrequest", ("HTTPConnection.putheader", "CannotSendHeader"),
         (conn, {"op": "putheader", "name": "X-A", "values": ["1"]}), "CannotSendHeader",
         "putheader() before putrequest() raises CannotSendHeader"),
        ("endheaders-before-putrequest", ("HTTPConnection.endheaders", "CannotSendHeader"),
         (conn, {"op": "endheaders"}), "CannotSendHeader", "endheaders() before putrequest() raises CannotSendHeader"),
        ("getresponse-idle", ("HTTPConnection.getresponse", "ResponseNotReady"),
         (conn, {"op": "getresponse"}), "ResponseNotReady", "getresponse() with no request sent raises ResponseNotReady"),
        ("putrequest-twice", ("HTTPConnection.putrequest", "CannotSendRequest"),
         (conn, {"op": "putrequest", "method": "GET", "url": "/"}, {"op": "putrequest", "method": "GET", "url": "/"}),
         "CannotSendRequest", "a second putrequest() before the first request is complete raises CannotSendRequest"),
        ("getresponse-before-endheaders", ("HTTPConnection.getresponse", "ResponseNotReady"),
         (conn, {"op": "putrequest", "method": "GET", "url": "/"}, {"op": "getresponse"}),
         "ResponseNotReady", "getresponse() before endheaders() raises ResponseNotReady"),
    )
    for slug, spec, program, error, requirement in rows:
        group.add(slug, profile="doc", level="MUST", spec=spec + ("ImproperConnectionState",), desc=requirement.split(" raises")[0],
                  requirement=requirement, program=program, expect=(raises(error),),
                  references=(f"{SPEC_REF}: {error}", "httplib-behaviour §1.8"))
    return group


def cases() -> List[Case]:
    out: List[Case] = []
    for group in (_constants(), _responses(), _exceptions(), _state_machine()):
        out.extend(group.cases)
    return out + _constructors()
