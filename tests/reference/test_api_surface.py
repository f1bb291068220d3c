"""`import httpcts.reference as httplib` exposes every name the documentation declares.

The names come from the shipped spec file itself (directives and the status table), so
a constant, method or exception missing from the module fails here.
"""

from __future__ import annotations

import inspect
import re
from importlib.resources import files
from typing import Dict, List, Tuple

import httpcts.reference as httplib
import pytest
from helpers import response_from

SPEC = (files("httpcts.conformance") / "spec" / "httplib-2.6.5.rst").read_text(encoding="utf-8")


def directives(kind: str) -> List[Tuple[str, str]]:
    """(target, body) of every `.. kind:: target` directive in the spec; the body is
    the indented text that follows, up to the next unindented line."""
    found = []
    lines = SPEC.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f".. {kind}:: "):
            body = []
            for following in lines[index + 1 :]:
                if following.strip() and not following.startswith(" "):
                    break
                body.append(following.strip())
            found.append((line.split("::", 1)[1].strip(), " ".join(body)))
    return found


def split_signature(target: str) -> Tuple[str, List[str], bool]:
    """'Name(a[, b[, c=0]])' -> ('Name', ['a', 'b', 'c=0'], takes_more)."""
    name, _, args = target.partition("(")
    args = args.rstrip(")").replace("[", "").replace("]", "")
    parts = [part.strip() for part in args.split(",") if part.strip()]
    more = "..." in parts
    return name, [part for part in parts if part != "..."], more


CLASSES = [split_signature(target) for target, _ in directives("class")]
EXCEPTIONS = directives("exception")
DATA = [target for target, _ in directives("data")]
METHODS = [split_signature(target) for target, _ in directives("method")]
ATTRIBUTES = [target for target, _ in directives("attribute")]
STATUS_TABLE: Dict[str, int] = {
    name: int(value)
    for name, value in re.findall(r"^\| :const:`(\w+)`\s+\| ``(\d+)``", SPEC, re.MULTILINE)
}


def test_the_spec_was_parsed() -> None:
    # guards the parsing above: these counts are the 2.6.5 documentation's
    assert [name for name, _, _ in CLASSES] == ["HTTPConnection", "HTTPSConnection", "HTTPResponse"]
    assert len(EXCEPTIONS) == 12
    assert DATA == ["HTTP_PORT", "HTTPS_PORT", "responses"]
    assert len(METHODS) == 12
    assert ATTRIBUTES == ["HTTPResponse.msg", "HTTPResponse.version", "HTTPResponse.status",
                          "HTTPResponse.reason"]
    assert len(STATUS_TABLE) == 49


@pytest.mark.parametrize("name, args, more", CLASSES, ids=[c[0] for c in CLASSES])
def test_documented_class_and_its_parameters(name: str, args: List[str], more: bool) -> None:
    cls = getattr(httplib, name)
    assert inspect.isclass(cls)
    assert name in httplib.__all__
    parameters = list(inspect.signature(cls).parameters.values())
    for documented, parameter in zip(args, parameters):
        arg, _, default = documented.partition("=")
        assert parameter.name == arg
        if default:
            assert parameter.default == int(default)
    assert len(parameters) >= len(args)


def test_https_connection_is_a_connection_subclass() -> None:
    assert issubclass(httplib.HTTPSConnection, httplib.HTTPConnection)


@pytest.mark.parametrize("name, args, more", METHODS, ids=[m[0] for m in METHODS])
def test_documented_method_and_its_parameters(name: str, args: List[str], more: bool) -> None:
    cls_name, method_name = name.split(".")
    method = getattr(getattr(httplib, cls_name), method_name)
    assert callable(method)
    parameters = list(inspect.signature(method).parameters.values())[1:]  # without self
    if more:  # "argument[, ...]": the last documented argument and any further ones
        *args, _ = args
        assert parameters[len(args)].kind is inspect.Parameter.VAR_POSITIONAL
    for documented, parameter in zip(args, parameters):
        assert parameter.name == documented


@pytest.mark.parametrize("name", ATTRIBUTES)
def test_documented_attributes_exist_after_begin(name: str) -> None:
    response = response_from(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    attribute = name.split(".")[1]
    assert getattr(response, attribute) == {
        "msg": response.msg, "version": 10, "status": 404, "reason": "Not Found"}[attribute]
    assert response.msg.getheader("content-length") == "0"


def exception_base(body: str) -> str:
    match = re.search(r"subclass of\s+:exc:`(\w+)`", body)
    assert match, body
    return match.group(1)


@pytest.mark.parametrize("name, body", EXCEPTIONS, ids=[e[0] for e in EXCEPTIONS])
def test_documented_exception_hierarchy(name: str, body: str) -> None:
    exc = getattr(httplib, name)
    base = exception_base(body)
    expected_base = Exception if base == "Exception" else getattr(httplib, base)
    assert exc.__bases__ == (expected_base,)
    assert name in httplib.__all__


def test_error_alias_and_hardening_exceptions() -> None:
    assert httplib.error is httplib.HTTPException
    for name in ("LineTooLong", "TooMany", "ProtocolError"):
        assert getattr(httplib, name).__bases__ == (httplib.HTTPException,)


@pytest.mark.parametrize("exc_type, args", [
    (httplib.HTTPException, ()), (httplib.NotConnected, ()), (httplib.InvalidURL, ("x",)),
    (httplib.UnknownProtocol, ("HTTP/2",)), (httplib.UnknownTransferEncoding, ()),
    (httplib.UnimplementedFileMode, ()), (httplib.IncompleteRead, (b"ab", 3)),
    (httplib.ImproperConnectionState, ()), (httplib.CannotSendRequest, ()),
    (httplib.CannotSendHeader, ()), (httplib.ResponseNotReady, ()),
    (httplib.BadStatusLine, ("x",)), (httplib.LineTooLong, ("header line", 10)),
    (httplib.TooMany, ("headers", 10)), (httplib.ProtocolError, ("x",)),
])
def test_every_exception_is_catchable_as_http_exception(exc_type, args) -> None:
    with pytest.raises(httplib.error):
        raise exc_type(*args)


def test_exception_attributes() -> None:
    assert httplib.UnknownProtocol("HTTP/3.0").version == "HTTP/3.0"
    assert httplib.BadStatusLine("junk").line == "junk"
    assert str(httplib.BadStatusLine("junk")) == "junk"
    error = httplib.LineTooLong("header line", 65536)
    assert (error.what, str(error)) == ("header line", "got more than 65536 bytes when reading header line")
    error = httplib.TooMany("header lines", 100)
    assert (error.what, str(error)) == ("header lines", "got more than 100 header lines")


@pytest.mark.parametrize("name", DATA)
def test_documented_data(name: str) -> None:
    assert hasattr(httplib, name)
    assert name in httplib.__all__


def test_ports() -> None:
    assert (httplib.HTTP_PORT, httplib.HTTPS_PORT) == (80, 443)


@pytest.mark.parametrize("name, value", sorted(STATUS_TABLE.items()))
def test_status_constants(name: str, value: int) -> None:
    constant = getattr(httplib, name)
    assert constant == value
    assert type(constant) is int  # 2.6 had plain ints, not an enum
    assert name in httplib.__all__


# httplib 2.6's `responses`: 41 entries, 306 included, no WebDAV or extension codes
RESPONSES_26 = {
    100: "Continue", 101: "Switching Protocols",
    200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
    204: "No Content", 205: "Reset Content", 206: "Partial Content",
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 305: "Use Proxy", 306: "(Unused)", 307: "Temporary Redirect",
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
    404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
    407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict",
    410: "Gone", 411: "Length Required", 412: "Precondition Failed",
    413: "Request Entity Too Large", 414: "Request-URI Too Long",
    415: "Unsupported Media Type", 416: "Requested Range Not Satisfiable",
    417: "Expectation Failed",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
}


def test_responses() -> None:
    assert len(RESPONSES_26) == 41
    assert httplib.responses == RESPONSES_26
    assert httplib.responses[httplib.NOT_FOUND] == "Not Found"  # the spec's example


def test_all_names_exist() -> None:
    for name in httplib.__all__:
        assert hasattr(httplib, name), name
    assert len(set(httplib.__all__)) == len(httplib.__all__)
