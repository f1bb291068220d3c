"""Request-side cases: the bytes the client writes, checked from the server's record.

Strategy: each program talks to a plain conformant scenario (``status.ok`` or the
POST echo) and the case matches the server's parsed record (``req.line``,
``req.h.<name>``, ``req.names``, ``req.body``) and its raw input (``wire_in``).
Injection cases pass when the implementation refuses the input, or when nothing
injected reaches the wire.
"""

from __future__ import annotations

from typing import List

from .._model import Case, Group
from ._build import SPEC_REF, label, ok, raises
from ._programs import connect, getresponse, read, request

OK = "status.ok"
POST = "conformance.post-echo"
INJECTED = {"$not_contains": "X-Injected"}


def _put(*ops: dict) -> tuple:
    return (connect(),) + ops + (getresponse(), read())


def _doc() -> Group:
    g = Group("request.doc", "Requests as the documentation describes them")
    put = {"op": "putrequest", "method": "GET", "url": "/index.html"}
    end = {"op": "endheaders"}
    g.add("request-line", profile="doc", level="MUST", spec=("HTTPConnection.request",),
          desc="request('GET', '/index.html')", requirement="the request line is 'GET /index.html HTTP/1.1'",
          program=_put(request("GET", "/index.html")), scenario=OK,
          expect=(ok(**{"req.line": "GET /index.html HTTP/1.1", "status": 200}),), references=(f"{SPEC_REF}: HTTPConnection.request",))
    g.add("putrequest-line", profile="doc", level="MUST", spec=("HTTPConnection.putrequest", "HTTPConnection.endheaders"),
          desc="putrequest('GET', '/index.html'); endheaders()",
          requirement="putrequest sends the request string, the selector and HTTP/1.1; endheaders ends the head with a blank line",
          program=_put(put, end), scenario=OK,
          expect=(ok(**{"req.line": "GET /index.html HTTP/1.1", "body": "hello"}),), references=(f"{SPEC_REF}: HTTPConnection.putrequest",))
    g.add("auto-host", profile="doc", level="MUST", spec=("HTTPConnection.putrequest",),
          desc="putrequest() without skip_host, to 127.0.0.1 on a non-default port",
          requirement="a Host header is sent automatically, naming the host and the non-default port",
          program=_put(put, end), scenario=OK,
          expect=(ok(**{"req.h.host": "$host:$port"}),), references=(f"{SPEC_REF}: HTTPConnection.putrequest", "RFC 9110 §7.2"))
    g.add("auto-accept-encoding", profile="doc", level="MUST", spec=("HTTPConnection.putrequest",),
          desc="putrequest() without skip_accept_encoding",
          requirement="an Accept-Encoding header is sent automatically (identity)",
          program=_put(put, end), scenario=OK,
          expect=(ok(**{"req.h.accept-encoding": "identity"}),), references=(f"{SPEC_REF}: HTTPConnection.putrequest",))
    g.add("skip-host", profile="doc", level="MUST", spec=("HTTPConnection.putrequest",),
          desc="putrequest(..., skip_host=True); putheader('Host', 'example.org')",
          requirement="skip_host disables the automatic Host header (only the caller's one is sent)",
          program=_put(dict(put, skip_host=True), {"op": "putheader", "name": "Host", "values": ["example.org"]}, end),
          scenario=OK, expect=(ok(**{"req.h.host": "example.org", "req.names": {"$not_contains": "accept-encodingx"}}),),
          references=(f"{SPEC_REF}: HTTPConnection.putrequest",))
    g.add("skip-host-count", profile="doc", level="MUST", spec=("HTTPConnection.putrequest",),
          desc="putrequest(..., skip_host=True); putheader('Host', 'example.org')",
          requirement="with skip_host exactly one Host header reaches the server",
          program=_put(dict(put, skip_host=True), {"op": "putheader", "name": "Host", "values": ["example.org"]}, end),
          scenario=OK, expect=(ok(**{"req.head": {"$re": r"(?is)^(?!.*host:.*host:).*host: example\.org"}}),),
          references=(f"{SPEC_REF}: HTTPConnection.putrequest",))
    g.add("skip-accept-encoding", profile="doc", level="MUST", spec=("HTTPConnection.putrequest",),
          desc="putrequest(..., skip_accept_encoding=True)",
          requirement="skip_accept_encoding disables the automatic Accept-Encoding header",
          program=_put(dict(put, skip_accept_encoding=True), end), scenario=OK,
          expect=(ok(**{"req.names": {"$not_contains": "accept-encoding"}, "req.h.host": "$host:$port"}),),
          references=(f"{SPEC_REF}: HTTPConnection.putrequest",))
    g.add("putheader-line", profile="doc", level="MUST", spec=("HTTPConnection.putheader",),
          desc="putheader('X-Test', 'value')", requirement="a line 'X-Test: value' (the header, a colon and a space, the argument)",
          program=_put(put, {"op": "putheader", "name": "X-Test", "values": ["value"]}, end), scenario=OK,
          expect=(ok(wire_in={"$contains": "\r\nX-Test: value\r\n"}),), references=(f"{SPEC_REF}: HTTPConnection.putheader",))
    g.add("putheader-continuation", profile="doc", level="MUST", spec=("HTTPConnection.putheader",),
          desc="putheader('X-Multi', 'a', 'b')",
          requirement="more arguments are sent as continuation lines, each a tab and an argument: 'X-Multi: a\\r\\n\\tb'",
          program=_put(put, {"op": "putheader", "name": "X-Multi", "values": ["a", "b"], "capability": "putheader(header, *values)"}, end),
          scenario=OK, expect=(ok(wire_in={"$contains": "\r\nX-Multi: a\r\n\tb\r\n"}),),
          references=(f"{SPEC_REF}: HTTPConnection.putheader", "httplib-behaviour §1.7"))
    g.add("putheader-int", profile="info", level="INFO", spec=("HTTPConnection.putheader",),
          desc="putheader('Content-Length', 5) with an int", requirement="observed: ints are formatted with str()",
          program=(connect(), {"op": "putrequest", "method": "POST", "url": "/"},
                   {"op": "putheader", "name": "Content-Length", "values": [5]}, end, {"op": "send", "data": "hello"},
                   getresponse(), read()),
          scenario=POST, expect=(label("formatted", **{"req.h.content-length": "5"}),), references=("httplib-behaviour §1.7",))
    g.add("send-body", profile="doc", level="MUST", spec=("HTTPConnection.send", "HTTPConnection.endheaders"),
          desc="putrequest('POST', '/'); putheader('Content-Length', '5'); endheaders(); send('hello')",
          requirement="send() after endheaders() writes the data as the request body",
          program=(connect(), {"op": "putrequest", "method": "POST", "url": "/"},
                   {"op": "putheader", "name": "Content-Length", "values": ["5"]}, end, {"op": "send", "data": "hello"},
                   getresponse(), read()),
          scenario=POST, expect=(ok(**{"req.body": "hello", "status": 200}),), references=(f"{SPEC_REF}: HTTPConnection.send",))
    g.add("body-content-length", profile="doc", level="MUST", spec=("HTTPConnection.request",),
          desc="request('POST', '/', 'spam=1&eggs=2')",
          requirement="a string body is sent after the headers, and Content-Length is set to its length",
          program=_put(request("POST", "/", body="spam=1&eggs=2")), scenario=POST,
          expect=(ok(**{"req.body": "spam=1&eggs=2", "req.h.content-length": "13"}),),
          references=(f"{SPEC_REF}: HTTPConnection.request",))
    g.add("body-file", profile="doc", level="MUST", spec=("HTTPConnection.request",),
          desc="request('POST', '/', <open file holding 'file body'>)",
          requirement="a file body is sent (read() until exhausted) and Content-Length is set to the correct value",
          program=_put(request("POST", "/", body={"file": "file body"})), scenario=POST,
          expect=(ok(**{"req.body": "file body", "req.h.content-length": "9"}),),
          references=(f"{SPEC_REF}: HTTPConnection.request", "httplib-behaviour §2.2"))
    g.add("headers-mapping", profile="doc", level="MUST", spec=("HTTPConnection.request",),
          desc="request('GET', '/', headers={'X-One': '1', 'Accept': 'text/plain'})",
          requirement="the headers mapping is sent as extra header lines",
          program=_put(request("GET", "/", headers=[("X-One", "1"), ("Accept", "text/plain")])), scenario=OK,
          expect=(ok(**{"req.h.x-one": "1", "req.h.accept": "text/plain"}),), references=(f"{SPEC_REF}: HTTPConnection.request",))
    g.add("headers-host-override", profile="doc", level="SHOULD", spec=("HTTPConnection.request",),
          desc="request('GET', '/', headers={'Host': 'example.org'})",
          requirement="a caller's Host header replaces the automatic one (sent once)",
          program=_put(request("GET", "/", headers=[("Host", "example.org")])), scenario=OK,
          expect=(ok(**{"req.h.host": "example.org", "req.head": {"$re": r"(?is)^(?!.*host:.*host:)"}}),),
          references=(f"{SPEC_REF}: HTTPConnection.request", "RFC 9110 §7.2"))
    g.add("explicit-connect", profile="doc", level="MUST", spec=("HTTPConnection.connect",),
          desc="connect(); request('GET', '/')", requirement="connect() opens the connection; the request then uses it",
          program=(connect(), {"op": "connect"}, request(), getresponse(), read()), scenario=OK,
          expect=(ok(connections=1, body="hello"),), references=(f"{SPEC_REF}: HTTPConnection.connect",))
    g.add("set-debuglevel-0", profile="doc", level="MUST", spec=("HTTPConnection.set_debuglevel",),
          desc="set_debuglevel(0) then a whole request", requirement="debug level 0 prints nothing",
          program=(connect(), {"op": "capture"}, {"op": "set_debuglevel", "level": 0}, request(), getresponse(), read(),
                   {"op": "capture", "stop": True}), scenario=OK,
          expect=(ok(stdout="", body="hello"),), references=(f"{SPEC_REF}: HTTPConnection.set_debuglevel",))
    g.add("set-debuglevel-1", profile="doc", level="MUST", spec=("HTTPConnection.set_debuglevel",),
          desc="set_debuglevel(1) then a whole request", requirement="a positive debug level prints debugging output",
          program=(connect(), {"op": "capture"}, {"op": "set_debuglevel", "level": 1}, request(), getresponse(), read(),
                   {"op": "capture", "stop": True}), scenario=OK,
          expect=(ok(stdout={"$re": "send"}, body="hello"),), references=(f"{SPEC_REF}: HTTPConnection.set_debuglevel",))
    g.add("post-example", profile="doc", level="MUST", spec=("HTTPConnection.request", "HTTPConnection.getresponse"),
          desc="the documented POST example: urlencoded params with Content-type and Accept headers",
          requirement="the POST is sent with its body and headers and the response read",
          program=_put(request("POST", "/cgi-bin/query", body="spam=1&eggs=2&bacon=0",
                               headers=[("Content-type", "application/x-www-form-urlencoded"), ("Accept", "text/plain")])),
          scenario=POST,
          expect=(ok(**{"req.line": "POST /cgi-bin/query HTTP/1.1", "req.body": "spam=1&eggs=2&bacon=0",
                        "req.h.content-type": "application/x-www-form-urlencoded", "status": 200, "reason": "OK"}),),
          references=(f"{SPEC_REF}: Examples",))
    return g


def _hardened() -> Group:
    g = Group("request.injection", "Request injection and Host rules")
    rows = (
        ("url-crlf", request("GET", "/?q=1 HTTP/1.1\r\nX-Injected: 1\r\nX-Pad:"), ("CVE-2019-9740", "bpo-30458"),
         "a URL with CR/LF is refused (InvalidURL) or never reaches the wire"),
        ("path-crlf", request("GET", "/a\r\nX-Injected: 1"), ("CVE-2019-9947", "bpo-30458"),
         "a path with CR/LF is refused or never reaches the wire"),
        ("method-crlf", request("GET / HTTP/1.1\r\nX-Injected: 1\r\nX-Pad:", "/"), ("CVE-2020-26116", "bpo-39603"),
         "a method with CR/LF is refused (ValueError) or never reaches the wire"),
        ("header-value-crlf", request("GET", "/", headers=[("X-A", "1\r\nX-Injected: 1")]), ("CVE-2016-5699", "bpo-22928"),
         "a header value with CR/LF is refused (ValueError)"),
        ("header-name-crlf", request("GET", "/", headers=[("X-A\r\nX-Injected", "1")]), ("CVE-2016-5699", "bpo-22928"),
         "a header name with CR/LF is refused (ValueError)"),
        ("putheader-value-lf", None, ("CVE-2016-5699",), "putheader() with a bare LF in the value is refused"),
    )
    for slug, op, refs, requirement in rows:
        if op is None:
            program = (connect(), {"op": "putrequest", "method": "GET", "url": "/"},
                       {"op": "putheader", "name": "X-A", "values": ["1\nX-Injected: 1"]}, {"op": "endheaders"},
                       getresponse(), read())
        else:
            program = _put(op)
        g.add(slug, profile="hardened", level="MUST", spec=("HTTPConnection.request", "HTTPConnection.putheader"),
              desc=requirement.split(" is refused")[0], requirement=requirement, program=program, scenario=OK,
              expect=(raises(["InvalidURL", "ValueError", "HTTPException"]), ok(wire_in=INJECTED)),
              references=refs)
    g.add("url-space", profile="hardened", level="SHOULD", spec=("HTTPConnection.request",),
          desc="request('GET', '/a b')", requirement="a space in the URL is refused rather than sent (it splits the request line)",
          program=_put(request("GET", "/a b")), scenario=OK,
          expect=(raises(["InvalidURL", "ValueError"]), ok(wire_in={"$not_contains": "/a b"})), references=("bpo-30458",))
    g.add("header-name-colon", profile="hardened", level="SHOULD", spec=("HTTPConnection.putheader",),
          desc="putheader('X-A: b', '1')", requirement="a header name with a colon is refused",
          program=(connect(), {"op": "putrequest", "method": "GET", "url": "/"},
                   {"op": "putheader", "name": "X-A: b", "values": ["1"]}, {"op": "endheaders"}, getresponse(), read()),
          scenario=OK, expect=(raises(["ValueError", "HTTPException"]),), references=("bpo-22928", "RFC 9110 §5.1"))
    g.add("host-ipv6-brackets", profile="hardened", level="MUST", spec=("HTTPConnection.putrequest", "HTTPConnection"),
          desc="request to [::1] on a non-default port", requirement="the automatic Host header brackets an IPv6 literal: '[::1]:port'",
          program=_put(request()), scenario="ipv6.basic",
          expect=(ok(**{"req.h.host": "[::1]:$port", "body": "hello"}),), references=("bpo-5111", "RFC 9110 §7.2", "RFC 3986 §3.2.2"))
    g.add("host-default-port", profile="hardened", level="SHOULD", spec=("HTTPConnection.putrequest",),
          desc="request through HTTPConnection('127.0.0.1', port) with port 80 in the Host rules",
          requirement="Host omits the port only when it is the default one (here it is not)",
          program=_put(request()), scenario=OK, expect=(ok(**{"req.h.host": "$host:$port"}),),
          references=("RFC 9110 §7.2", "httplib-behaviour §1.7"))
    return g


def _info() -> Group:
    g = Group("request.observed", "Request details versions differ on")
    g.add("post-empty-body", profile="info", level="INFO", spec=("HTTPConnection.request",),
          desc="request('POST', '/', '')", requirement="observed: Content-Length: 0 or no Content-Length",
          program=_put(request("POST", "/", body="")), scenario=POST,
          expect=(label("Content-Length: 0", **{"req.h.content-length": "0"}), label("no Content-Length", **{"req.h.content-length": {"$absent": True}})),
          references=("bpo-14721", "httplib-behaviour §1.7"))
    g.add("post-none-body", profile="info", level="INFO", spec=("HTTPConnection.request",),
          desc="request('POST', '/')", requirement="observed: Content-Length: 0 for POST without body (2.7.10+)",
          program=_put(request("POST", "/")), scenario=POST,
          expect=(label("Content-Length: 0", **{"req.h.content-length": "0"}), label("no Content-Length", **{"req.h.content-length": {"$absent": True}})),
          references=("bpo-23539",))
    g.add("header-order", profile="info", level="INFO", spec=("HTTPConnection.request",),
          desc="request('POST', '/', 'x', {'X-A': '1'})", requirement="observed: order of automatic and caller headers",
          program=_put(request("POST", "/", body="x", headers=[("X-A", "1")])), scenario=POST,
          expect=(label("Host, Accept-Encoding, Content-Length, X-A", **{"req.names": ["host", "accept-encoding", "content-length", "x-a"]}),),
          references=("httplib-behaviour §1.7",))
    g.add("lowercase-method", profile="info", level="INFO", spec=("HTTPConnection.request",),
          desc="request('get', '/')", requirement="observed: the method's case is kept",
          program=_put(request("get", "/")), scenario=OK,
          expect=(label("kept", **{"req.line": "get / HTTP/1.1"}),), references=("httplib-behaviour §1.7",))
    g.add("absolute-url-host", profile="info", level="INFO", spec=("HTTPConnection.putrequest",),
          desc="request('GET', 'http://other.example:81/p')", requirement="observed: Host taken from an absolute URL",
          program=_put(request("GET", "http://other.example:81/p")), scenario=OK,
          expect=(label("from the URL", **{"req.h.host": "other.example:81"}),), references=("httplib-behaviour §1.7",))
    g.add("file-body-framing", profile="info", level="INFO", spec=("HTTPConnection.request",),
          desc="request('POST', '/', <file>)", requirement="observed: framing chosen for a file body",
          program=_put(request("POST", "/", body={"file": "file body"})), scenario=POST,
          expect=(label("Content-Length", **{"req.h.content-length": "9"}), label("chunked", **{"req.chunked": True})),
          references=("bpo-12319",))
    g.add("legacy-http-class", profile="info", level="INFO", spec=("HTTPConnection.putheader",),
          desc="HTTP(host, port): putrequest, putheader('X-Multi', 'a', 'b'), endheaders, getreply, getfile().read()",
          requirement="observed: the 1.5.2-compatible class sends HTTP/1.0 without Host",
          program=({"op": "connection", "cls": "HTTP", "args": ["$host", "$port"]},
                   {"op": "putrequest", "method": "GET", "url": "/"},
                   {"op": "putheader", "name": "X-Multi", "values": ["a", "b"]}, {"op": "endheaders"},
                   {"op": "getreply"}, {"op": "getfile"}),
          scenario=OK, expect=(label("HTTP/1.0", **{"req.line": "GET / HTTP/1.0"}),), references=("httplib-behaviour §1.11",))
    return g


def cases() -> List[Case]:
    return _doc().cases + _hardened().cases + _info().cases
