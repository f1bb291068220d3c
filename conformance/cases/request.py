"""Request-side cases: the bytes the client writes, checked from the server's record.

Strategy: each program talks to a plain conformant scenario (``status.ok`` or the
POST echo) and the case matches the server's parsed record (``req.line``,
``req.h.<name>``, ``req.names``, ``req.body``) and its raw input (``wire_in``).
Injection rows pass when the implementation refuses the input while sending and
nothing injected reached the server, or when it sends the request with nothing
injected; a refusal that came later, or with the injected text on the wire, fails.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import INJECTED, INJECTION_REFUSED, SENDING, accepted, case, label, refused
from ._programs import connect, getresponse, read, request

OK = "status.ok"
POST = "conformance.post-echo"
NOT_INJECTED = {"$not_contains": INJECTED}
PUT = {"op": "putrequest", "method": "GET", "url": "/index.html"}
END = {"op": "endheaders"}
PUTREQUEST = ("HTTPConnection.putrequest",)
PUTREQUEST_LINES = (444, 446, 447, 448, 449, 450, 451)
REQUEST_LINES = (400, 402, 403, 404, 405, 406, 407, 408)
EXAMPLE_POST = (544, 551, 552)
OBSERVED = "observed: how versions write this request"
ONE_HOST = r"(?is)^(?!.*host:.*host:)"  # the head holds at most one Host field


def _put(*ops: dict) -> tuple:
    """The given request operations between the constructor and getresponse(), read()."""
    return (connect(),) + ops + (getresponse(), read())


def _put_value(name: str, *values: object, method: str = "GET") -> tuple:
    return (connect(), {"op": "putrequest", "method": method, "url": "/"},
            {"op": "putheader", "name": name, "values": list(values)}, END, getresponse(), read())


def _injection(slug: str, program: tuple, refs: tuple, requirement: str) -> Case:
    """A request-injection row: refused while sending with a clean wire, or sent clean."""
    return case(f"request.injection.{slug}", OK, "hardened", "MUST",
                spec=("HTTPConnection.request", "HTTPConnection.putheader"), refs=refs,
                program=program, desc=requirement.split(" never")[0],
                expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in=NOT_INJECTED),
                        accepted(wire_in=NOT_INJECTED)),
                requirement=requirement)


CASES = (
    case("request.doc.request-line", OK, "doc", "MUST", lines=REQUEST_LINES[:3],
         spec=("HTTPConnection.request",), program=_put(request("GET", "/index.html")),
         desc="request('GET', '/index.html')",
         expect=(accepted(**{"req.line": "GET /index.html HTTP/1.1", "status": 200}),),
         requirement="the request line is 'GET /index.html HTTP/1.1'"),
    case("request.doc.putrequest-line", OK, "doc", "MUST", lines=PUTREQUEST_LINES + (465, 467),
         spec=PUTREQUEST + ("HTTPConnection.endheaders",), program=_put(PUT, END),
         desc="putrequest('GET', '/index.html'); endheaders()",
         expect=(accepted(**{"req.line": "GET /index.html HTTP/1.1", "body": "hello"}),),
         requirement=("putrequest sends the request string, the selector and HTTP/1.1; "
                      "endheaders ends the head with a blank line")),
    case("request.doc.auto-host", OK, "doc", "MUST", lines=PUTREQUEST_LINES, spec=PUTREQUEST,
         refs=("RFC 9110 §7.2",), program=_put(PUT, END),
         desc="putrequest() without skip_host, to 127.0.0.1 on a non-default port",
         expect=(accepted(**{"req.h.host": "$host:$port"}),),
         requirement="a Host header is sent automatically, naming the host and the port"),
    case("request.doc.auto-host-double-slash", OK, "doc", "MUST", lines=PUTREQUEST_LINES,
         spec=PUTREQUEST, refs=("RFC 9110 §7.2", "RFC 9112 §3.2.1"),
         program=_put({"op": "putrequest", "method": "GET", "url": "//other.example/x"}, END),
         desc="putrequest('GET', '//other.example/x'): an origin-form path that starts with '//'",
         expect=(accepted(**{"req.h.host": "$host:$port",
                             "req.line": "GET //other.example/x HTTP/1.1"}),),
         requirement="a Host header is sent automatically, naming the host and the port"),
    case("request.doc.auto-accept-encoding", OK, "doc", "MUST", lines=PUTREQUEST_LINES,
         spec=PUTREQUEST, program=_put(PUT, END),
         desc="putrequest() without skip_accept_encoding",
         expect=(accepted(**{"req.h.accept-encoding": "identity"}),),
         requirement="an Accept-Encoding header is sent automatically (identity)"),
    case("request.doc.skip-host", OK, "doc", "MUST", lines=PUTREQUEST_LINES, spec=PUTREQUEST,
         program=_put(dict(PUT, skip_host=True),
                      {"op": "putheader", "name": "Host", "values": ["example.org"]}, END),
         desc="putrequest(..., skip_host=True); putheader('Host', 'example.org')",
         expect=(accepted(**{"req.h.host": "example.org",
                             "req.head": {"$not_contains": "$host:$port"}}),),
         requirement=("skip_host disables the automatic Host header: only the caller's "
                      "'Host: example.org' is sent")),
    case("request.doc.skip-host-count", OK, "doc", "MUST", lines=PUTREQUEST_LINES,
         spec=PUTREQUEST,
         program=_put(dict(PUT, skip_host=True),
                      {"op": "putheader", "name": "Host", "values": ["example.org"]}, END),
         desc="putrequest(..., skip_host=True); putheader('Host', 'example.org')",
         expect=(accepted(**{"req.head": {"$re": ONE_HOST + r".*host: example\.org"}}),),
         requirement="with skip_host exactly one Host header reaches the server"),
    case("request.doc.skip-accept-encoding", OK, "doc", "MUST", lines=PUTREQUEST_LINES,
         spec=PUTREQUEST, program=_put(dict(PUT, skip_accept_encoding=True), END),
         desc="putrequest(..., skip_accept_encoding=True)",
         expect=(accepted(**{"req.names": {"$not_contains": "accept-encoding"},
                             "req.h.host": "$host:$port"}),),
         requirement="skip_accept_encoding disables the automatic Accept-Encoding header"),
    case("request.doc.putheader-line", OK, "doc", "MUST", lines=(457, 459, 460),
         spec=("HTTPConnection.putheader",),
         program=_put(PUT, {"op": "putheader", "name": "X-Test", "values": ["value"]}, END),
         desc="putheader('X-Test', 'value')",
         expect=(accepted(wire_in={"$contains": "\r\nX-Test: value\r\n"}),),
         requirement="a line 'X-Test: value' (the header, a colon and a space, the argument)"),
    case("request.doc.putheader-continuation", OK, "doc", "MUST", lines=(457, 460, 461, 462),
         spec=("HTTPConnection.putheader",), refs=("httplib-behaviour §1.7",),
         program=_put(PUT, {"op": "putheader", "name": "X-Multi", "values": ["a", "b"],
                            "capability": "putheader(header, *values)"}, END),
         desc="putheader('X-Multi', 'a', 'b')",
         expect=(accepted(wire_in={"$contains": "\r\nX-Multi: a\r\n\tb\r\n"}),),
         requirement=("more arguments are sent as continuation lines, each a tab and an "
                      "argument: 'X-Multi: a\\r\\n\\tb'")),
    case("request.doc.putheader-int", POST, "info", "INFO", spec=("HTTPConnection.putheader",),
         refs=("httplib-behaviour §1.7",),
         program=(connect(), {"op": "putrequest", "method": "POST", "url": "/"},
                  {"op": "putheader", "name": "Content-Length", "values": [5]}, END,
                  {"op": "send", "data": "hello"}, getresponse(), read()),
         desc="putheader('Content-Length', 5) with an int",
         expect=(label("formatted", **{"req.h.content-length": "5"}),),
         requirement="observed: ints are formatted with str()"),
    case("request.doc.send-body", POST, "doc", "MUST", lines=(470, 472, 473, 474),
         spec=("HTTPConnection.send", "HTTPConnection.endheaders"),
         program=(connect(), {"op": "putrequest", "method": "POST", "url": "/"},
                  {"op": "putheader", "name": "Content-Length", "values": ["5"]}, END,
                  {"op": "send", "data": "hello"}, getresponse(), read()),
         desc=("putrequest('POST', '/'); putheader('Content-Length', '5'); endheaders(); "
               "send('hello')"),
         expect=(accepted(**{"req.body": "hello", "status": 200}),),
         requirement="send() after endheaders() writes the data as the request body"),
    case("request.doc.body-content-length", POST, "doc", "MUST", lines=REQUEST_LINES,
         spec=("HTTPConnection.request",), program=_put(request("POST", "/", body="spam=1&eggs=2")),
         desc="request('POST', '/', 'spam=1&eggs=2')",
         expect=(accepted(**{"req.body": "spam=1&eggs=2", "req.h.content-length": "13"}),),
         requirement=("a string body is sent after the headers, and Content-Length is set to "
                      "its length")),
    case("request.doc.body-file", POST, "doc", "MUST", lines=REQUEST_LINES + (410, 411),
         spec=("HTTPConnection.request",), refs=("httplib-behaviour §2.2",),
         program=_put(request("POST", "/", body={"file": "file body"})),
         desc="request('POST', '/', <open file holding 'file body'>)",
         expect=(accepted(**{"req.body": "file body", "req.h.content-length": "9"}),),
         requirement=("a file body is sent (read() until exhausted) and Content-Length is set to "
                      "the correct value")),
    case("request.doc.body-empty-file", POST, "doc", "MUST", lines=REQUEST_LINES + (410, 411),
         spec=("HTTPConnection.request",), refs=("httplib-behaviour §2.2",),
         program=_put(request("POST", "/", body={"file": ""})),
         desc="request('POST', '/', <open empty file>)",
         expect=(accepted(**{"req.body": "", "req.h.content-length": "0"}),),
         requirement=("a file body is sent (read() until exhausted) and Content-Length is set to "
                      "the correct value")),
    case("request.doc.body-file-at-end", POST, "doc", "MUST", lines=REQUEST_LINES + (410, 411),
         spec=("HTTPConnection.request",), refs=("httplib-behaviour §2.2",),
         program=_put(request("POST", "/", body={"file": "file body", "seek": 100})),
         desc="request('POST', '/', <open 9-byte file, seek(100): read() gives nothing>)",
         expect=(accepted(**{"req.body": "", "req.h.content-length": "0"}),
                 accepted(**{"req.body": "file body", "req.h.content-length": "9"})),
         requirement=("a file body is sent (read() until exhausted) and Content-Length is set to "
                      "the correct value")),
    case("request.doc.body-native-str", POST, "doc", "MUST", lines=REQUEST_LINES,
         spec=("HTTPConnection.request",),
         program=_put(request("POST", "/", body={"text": "spam=1&eggs=2"})),
         desc="request('POST', '/', 'spam=1&eggs=2') with a native str (text in Python 3)",
         expect=(accepted(**{"req.body": "spam=1&eggs=2", "req.h.content-length": "13"}),),
         requirement=("a string body is sent after the headers, and Content-Length is set to "
                      "its length")),
    case("request.injection.pipe-body", POST, "hardened", "MUST",
         spec=("HTTPConnection.request",), refs=("RFC 9112 §6.3", "CWE-444"),
         program=_put(request("POST", "/", body={"pipe": "pipe body"})),
         desc="request('POST', '/', <the read end of a pipe holding 'pipe body'>)",
         expect=(accepted(**{"req.body": "pipe body"}),),
         requirement=("a file body whose length fstat cannot tell (a pipe) is framed so that the "
                      "server reads all of it as this request's body (a Content-Length of what "
                      "is sent, or chunked), never as the start of a next request")),
    case("request.doc.headers-mapping", OK, "doc", "MUST", lines=REQUEST_LINES,
         spec=("HTTPConnection.request",),
         program=_put(request("GET", "/", headers=[("X-One", "1"), ("Accept", "text/plain")])),
         desc="request('GET', '/', headers={'X-One': '1', 'Accept': 'text/plain'})",
         expect=(accepted(**{"req.h.x-one": "1", "req.h.accept": "text/plain"}),),
         requirement="the headers mapping is sent as extra header lines"),
    case("request.doc.headers-host-override", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.request",), refs=("RFC 9110 §7.2",),
         program=_put(request("GET", "/", headers=[("Host", "example.org")])),
         desc="request('GET', '/', headers={'Host': 'example.org'})",
         expect=(accepted(**{"req.h.host": "example.org", "req.head": {"$re": ONE_HOST}}),),
         requirement=("a caller's Host header should replace the automatic one: a request "
                      "carries one Host (RFC 9110 §7.2)")),
    case("request.doc.explicit-connect", OK, "doc", "MUST", lines=(431, 433),
         spec=("HTTPConnection.connect",),
         program=(connect(), {"op": "connect"}, request(), getresponse(), read()),
         desc="connect(); request('GET', '/')",
         expect=(accepted(connections=1, body="hello"),),
         requirement="connect() opens the connection; the request then uses it"),
    case("request.doc.set-debuglevel-0", OK, "doc", "MUST", lines=(425, 427, 428),
         spec=("HTTPConnection.set_debuglevel",),
         program=(connect(), {"op": "capture"}, {"op": "set_debuglevel", "level": 0}, request(),
                  getresponse(), read(), {"op": "capture", "stop": True}),
         desc="set_debuglevel(0) then a whole request", expect=(accepted(stdout="", body="hello"),),
         requirement="debug level 0 prints nothing"),
    case("request.doc.set-debuglevel-1", OK, "doc", "MUST", lines=(425, 427),
         spec=("HTTPConnection.set_debuglevel",),
         program=(connect(), {"op": "capture"}, {"op": "set_debuglevel", "level": 1}, request(),
                  getresponse(), read(), {"op": "capture", "stop": True}),
         desc="set_debuglevel(1) then a whole request",
         expect=(accepted(stdout={"$re": "send"}, body="hello"),),
         requirement="a positive debug level prints debugging output"),
    case("request.doc.post-example", POST, "doc", "MUST", lines=EXAMPLE_POST,
         spec=("HTTPConnection.request", "HTTPConnection.getresponse"),
         program=_put(request("POST", "/cgi-bin/query", body="spam=1&eggs=2&bacon=0",
                              headers=[("Content-type", "application/x-www-form-urlencoded"),
                                       ("Accept", "text/plain")])),
         desc="the documented POST example: urlencoded params with Content-type and Accept",
         expect=(accepted(**{"req.line": "POST /cgi-bin/query HTTP/1.1",
                             "req.body": "spam=1&eggs=2&bacon=0",
                             "req.h.content-type": "application/x-www-form-urlencoded",
                             "status": 200, "reason": "OK"}),),
         requirement="the POST is sent with its body and headers and the response read"),
    _injection("url-crlf", _put(request("GET", f"/?q=1 HTTP/1.1\r\n{INJECTED}: 1\r\nX-Pad:")),
               ("CVE-2019-9740", "bpo-30458"),
               "a URL with CR/LF never reaches the wire: refused (InvalidURL) while sending"),
    _injection("path-crlf", _put(request("GET", f"/a\r\n{INJECTED}: 1")),
               ("CVE-2019-9947", "bpo-30458"),
               "a path with CR/LF never reaches the wire: refused while sending"),
    _injection("method-crlf", _put(request(f"GET / HTTP/1.1\r\n{INJECTED}: 1\r\nX-Pad:", "/")),
               ("CVE-2020-26116", "bpo-39603"),
               "a method with CR/LF never reaches the wire: refused (ValueError) while sending"),
    _injection("header-value-crlf",
               _put(request("GET", "/", headers=[("X-A", f"1\r\n{INJECTED}: 1")])),
               ("CVE-2016-5699", "bpo-22928"),
               "a header value with CR/LF never reaches the wire: refused while sending"),
    _injection("header-name-crlf", _put(request("GET", "/", headers=[(f"X-A\r\n{INJECTED}", "1")])),
               ("CVE-2016-5699", "bpo-22928"),
               "a header name with CR/LF never reaches the wire: refused while sending"),
    _injection("putheader-value-lf", _put_value("X-A", f"1\n{INJECTED}: 1"), ("CVE-2016-5699",),
               "putheader() with a bare LF in the value never reaches the wire: refused"),
    case("request.injection.url-space", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.request",), refs=("bpo-30458",),
         program=_put(request("GET", "/a b")), desc="request('GET', '/a b')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": "/a b"}),
                 accepted(wire_in={"$not_contains": "/a b"})),
         requirement=("a space in the URL splits the request line: it should be refused rather "
                      "than sent")),
    case("request.injection.method-space", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.request",), refs=("RFC 9110 §9.1",),
         program=_put(request("GET /admin", "/")), desc="request('GET /admin', '/')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": "GET /admin"}),),
         requirement=("a method is a token (RFC 9110 §9.1): a space in it splits the request "
                      "line, where a server reads the method GET and the target /admin; it "
                      "should be refused before anything is sent (fuzzing: http.client sends "
                      "it, and every module built on its request writer)")),
    case("request.injection.method-empty", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.putrequest",), refs=("RFC 9110 §9.1",),
         program=_put(request("", "/")), desc="request('', '/')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": " / HTTP/1.1"}),),
         requirement=("a method is a token of at least one character (RFC 9110 §9.1): an empty "
                      "one makes the request line ' / HTTP/1.1', which no server parses; it "
                      "should be refused before anything is sent (fuzzing: http.client sends it)")),
    case("request.injection.header-name-colon", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.putheader",), refs=("bpo-22928", "RFC 9110 §5.1"),
         program=_put_value("X-A: b", "1"), desc="putheader('X-A: b', '1')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": "X-A: b"}),),
         requirement="a header name with a colon should be refused before anything is sent"),
    case("request.injection.header-name-space", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.putheader",), refs=("RFC 9110 §5.1", "RFC 9112 §5.1"),
         program=_put_value("X-A b", "1"), desc="putheader('X-A b', '1')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": "X-A b"}),),
         requirement=("a header name is a token (RFC 9110 §5.1): one with a space makes a field "
                      "line that servers are bound to reject (RFC 9112 §5.1); it should be "
                      "refused before anything is sent (fuzzing: http.client sends it)")),
    case("request.injection.header-name-ctl", OK, "hardened", "SHOULD",
         spec=("HTTPConnection.putheader",), refs=("RFC 9110 §5.1",),
         program=_put_value("X-A\x03b", "1"), desc="putheader('X-A\\x03b', '1')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": "X-A\x03b"}),),
         requirement=("a header name is a token (RFC 9110 §5.1): a control character in it "
                      "should be refused before anything is sent (fuzzing: http.client sends "
                      "it; its check only excludes colon, CR, LF and leading whitespace)")),
    case("request.injection.header-value-fold", OK, "hardened", "MUST",
         spec=("HTTPConnection.putheader",), refs=("RFC 9112 §5.2",),
         program=_put_value("X-A", "1\r\n 2"), desc="putheader('X-A', '1\\r\\n 2')",
         expect=(refused(INJECTION_REFUSED, at=SENDING, wire_in={"$not_contains": "1\r\n 2"}),
                 accepted(wire_in={"$not_contains": "1\r\n 2"})),
         requirement=("a sender must not generate line folding (RFC 9112 §5.2): a value holding "
                      "CRLF and a space is refused before anything is sent, or sent unfolded "
                      "(fuzzing: http.client sends the fold as given)")),
    case("request.injection.host-ipv6-brackets", "ipv6.basic", "hardened", "MUST",
         spec=PUTREQUEST + ("HTTPConnection",),
         refs=("bpo-5111", "RFC 9110 §7.2", "RFC 3986 §3.2.2"), program=_put(request()),
         desc="request to [::1] on a non-default port",
         expect=(accepted(**{"req.h.host": "[::1]:$port", "body": "hello"}),),
         requirement="the automatic Host header brackets an IPv6 literal: '[::1]:port'"),
    case("request.injection.host-default-port", OK, "hardened", "SHOULD", spec=PUTREQUEST,
         refs=("RFC 9110 §7.2", "httplib-behaviour §1.7"), program=_put(request()),
         desc="request through HTTPConnection('127.0.0.1', port), port not the default",
         expect=(accepted(**{"req.h.host": "$host:$port"}),),
         requirement="Host should omit the port only when it is the default one (here it is not)"),
    case("request.observed.post-empty-body", POST, "info", "INFO",
         spec=("HTTPConnection.request",), refs=("bpo-14721", "httplib-behaviour §1.7"),
         program=_put(request("POST", "/", body="")), desc="request('POST', '/', '')",
         expect=(label("Content-Length: 0", **{"req.h.content-length": "0"}),
                 label("no Content-Length", **{"req.h.content-length": {"$absent": True}})),
         requirement="observed: Content-Length: 0 or no Content-Length"),
    case("request.observed.post-none-body", POST, "info", "INFO",
         spec=("HTTPConnection.request",), refs=("bpo-23539",),
         program=_put(request("POST", "/")), desc="request('POST', '/')",
         expect=(label("Content-Length: 0", **{"req.h.content-length": "0"}),
                 label("no Content-Length", **{"req.h.content-length": {"$absent": True}})),
         requirement="observed: Content-Length: 0 for POST without body (2.7.10+)"),
    case("request.observed.header-order", POST, "info", "INFO", spec=("HTTPConnection.request",),
         refs=("httplib-behaviour §1.7",),
         program=_put(request("POST", "/", body="x", headers=[("X-A", "1")])),
         desc="request('POST', '/', 'x', {'X-A': '1'})",
         expect=(label("Host, Accept-Encoding, Content-Length, X-A",
                       **{"req.names": ["host", "accept-encoding", "content-length", "x-a"]}),),
         requirement="observed: order of automatic and caller headers"),
    case("request.observed.lowercase-method", OK, "info", "INFO",
         spec=("HTTPConnection.request",), refs=("httplib-behaviour §1.7",),
         program=_put(request("get", "/")), desc="request('get', '/')",
         expect=(label("kept", **{"req.line": "get / HTTP/1.1"}),),
         requirement="observed: the method's case is kept"),
    case("request.observed.absolute-url-host", OK, "info", "INFO", spec=PUTREQUEST,
         refs=("httplib-behaviour §1.7",), program=_put(request("GET", "http://other.example:81/p")),
         desc="request('GET', 'http://other.example:81/p')",
         expect=(label("from the URL", **{"req.h.host": "other.example:81"}),),
         requirement="observed: Host taken from an absolute URL"),
    case("request.observed.file-body-framing", POST, "info", "INFO",
         spec=("HTTPConnection.request",), refs=("bpo-12319",),
         program=_put(request("POST", "/", body={"file": "file body"})),
         desc="request('POST', '/', <file>)",
         expect=(label("Content-Length", **{"req.h.content-length": "9"}),
                 label("chunked", **{"req.chunked": True})),
         requirement="observed: framing chosen for a file body"),
    case("request.observed.legacy-http-class", OK, "info", "INFO",
         spec=("HTTPConnection.putheader",), refs=("httplib-behaviour §1.11",),
         program=({"op": "connection", "cls": "HTTP", "args": ["$host", "$port"]},
                  {"op": "putrequest", "method": "GET", "url": "/"},
                  {"op": "putheader", "name": "X-Multi", "values": ["a", "b"]}, END,
                  {"op": "getreply"}, {"op": "getfile"}),
         desc="HTTP(host, port): putrequest, putheader('X-Multi', 'a', 'b'), endheaders, getreply",
         expect=(label("HTTP/1.0", **{"req.line": "GET / HTTP/1.0"}),),
         requirement="observed: the 1.5.2-compatible class sends HTTP/1.0 without Host"),
)


def cases() -> List[Case]:
    return list(CASES)
