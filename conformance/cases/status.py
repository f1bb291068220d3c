"""Status-line cases: one row per case (see `_build.case`).

Strategy: doc rows hold what the spec states (status, reason, version; BadStatusLine
for a status code that cannot be understood; `strict`); hardened rows hold RFC 9112
§4's grammar where a lenient parse changes the response's meaning, and bounded lines;
how versions read unusual first lines (HTTP/0.9, ICY) is INFO, since the spec leaves
non-strict parsing open and RFC 9112 §4 lets a recipient split on whitespace (MAY).
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import FLOOD_BOUND, HEAD, LINE_LIMIT, LOST, accepted, bounded, case, label, refused
from ._programs import FLOOD_FETCH, connect, fetch

ATTRIBUTES = ("HTTPResponse.status", "HTTPResponse.reason", "HTTPResponse.version",
              "HTTPResponse.read")
ATTRIBUTE_LINES = (485, 487, 508, 510, 513, 515, 518, 520)
BAD_STATUS_LINES = (170, 172, 173)
STRICT_LINES = (37, 43, 44, 45, 46, 170, 172, 173)
STRICT_FETCH = fetch(conn=connect(kwargs={"strict": True}))

BAD_CODE = "a status code that cannot be understood raises BadStatusLine"
THREE_DIGITS = ("status-code = 3DIGIT (RFC 9112 §4): a sign, an underscore or a fourth digit "
                "makes the line invalid and the client refuses it")
ONLY_SP = ("only SP separates the status-line fields (RFC 9112 §4): the line is refused, or "
           "read as HTTP/0.9, never parsed as a 200 with headers")
STRICT = ("HTTPConnection(..., strict=True) raises BadStatusLine when the status line can't be "
          "parsed as a valid HTTP/1.0 or 1.1 status line")
UNUSUAL = "observed: non-strict handling of an unusual first line"
INCOMPLETE = ("EOF before a whole status line is an incomplete response (RFC 9112 §8): the "
              "client raises an HTTPException or a connection error")
LONG_LINE = (f"a status line longer than the {LINE_LIMIT}-byte line limit is refused while the "
             f"server is still sending, before it has sent {FLOOD_BOUND} bytes")
UNUSUAL_LABELS = (label("HTTP/0.9 body", version=9),
                  label("BadStatusLine", raises="BadStatusLine"),
                  label("parsed", status={"$ge": 100}))

CASES = (
    case("status.ok", "status.ok", "doc", "MUST", lines=ATTRIBUTE_LINES, spec=ATTRIBUTES,
         expect=(accepted(status=200, reason="OK", version=11, body="hello"),),
         requirement="status 200, reason 'OK', version 11, body read"),
    case("status.not-found", "status.not-found", "doc", "MUST", lines=ATTRIBUTE_LINES,
         spec=ATTRIBUTES,
         expect=(accepted(status=404, reason="Not Found", version=11, body="no such page"),),
         requirement="status 404, reason 'Not Found', version 11, body read"),
    case("status.server-error", "status.server-error", "doc", "MUST", lines=ATTRIBUTE_LINES,
         spec=ATTRIBUTES,
         expect=(accepted(status=500, reason="Internal Server Error", version=11, body="oops"),),
         requirement="status 500, reason 'Internal Server Error', version 11, body read"),
    case("status.redirect", "status.redirect", "doc", "MUST", lines=ATTRIBUTE_LINES,
         spec=ATTRIBUTES,
         expect=(accepted(status=301, reason="Moved Permanently", version=11, body=""),),
         requirement="status 301, reason 'Moved Permanently', version 11, body read"),
    case("status.empty-reason", "status.empty-reason", "doc", "MUST", lines=ATTRIBUTE_LINES,
         spec=ATTRIBUTES, expect=(accepted(status=200, reason="", version=11, body="hi"),),
         requirement="status 200, reason '', version 11, body read"),
    case("status.http10", "status.http10", "doc", "MUST", lines=ATTRIBUTE_LINES, spec=ATTRIBUTES,
         expect=(accepted(status=200, reason="OK", version=10, body="hello"),),
         requirement="status 200, reason 'OK', version 10, body read"),
    case("status.code-abc", "status.code-abc", "doc", "MUST", lines=BAD_STATUS_LINES,
         spec=("BadStatusLine",), expect=(refused("BadStatusLine", at=HEAD),),
         requirement=BAD_CODE),
    case("status.code-099", "status.code-099", "doc", "MUST", lines=BAD_STATUS_LINES,
         spec=("BadStatusLine",), expect=(refused("BadStatusLine", at=HEAD),),
         requirement=BAD_CODE),
    case("status.code-099-then-200", "status.code-099-then-200", "doc", "MUST",
         lines=BAD_STATUS_LINES, spec=("BadStatusLine",),
         expect=(refused("BadStatusLine", at=HEAD),), requirement=BAD_CODE),
    case("status.code-1000", "status.code-1000", "doc", "MUST", lines=BAD_STATUS_LINES,
         spec=("BadStatusLine",), expect=(refused("BadStatusLine", at=HEAD),),
         requirement=BAD_CODE),
    case("status.code-decimal", "status.code-decimal", "doc", "MUST", lines=BAD_STATUS_LINES,
         spec=("BadStatusLine",), expect=(refused("BadStatusLine", at=HEAD),),
         requirement=BAD_CODE),
    case("status.code-missing", "status.code-missing", "doc", "MUST", lines=BAD_STATUS_LINES,
         spec=("BadStatusLine",), expect=(refused("BadStatusLine", at=HEAD),),
         requirement=BAD_CODE),
    case("status.close-before-status", "status.close-before-status", "hardened", "MUST",
         spec=("HTTPConnection.getresponse",), refs=("RFC 9112 §8",),
         expect=(refused(LOST, at=HEAD),), requirement=INCOMPLETE),
    case("status.code-underscore", "status.code-underscore", "hardened", "MUST",
         spec=("BadStatusLine",), refs=("RFC 9112 §4", "gh-150751"),
         expect=(refused(at=HEAD),), requirement=THREE_DIGITS),
    case("status.code-plus", "status.code-plus", "hardened", "MUST", spec=("BadStatusLine",),
         refs=("RFC 9112 §4",), expect=(refused(at=HEAD),), requirement=THREE_DIGITS),
    case("status.code-leading-zero", "status.code-leading-zero", "hardened", "MUST",
         spec=("BadStatusLine",), refs=("RFC 9112 §4", "gh-150751"),
         expect=(refused(at=HEAD),), requirement=THREE_DIGITS),
    case("status.nbsp-separators", "status.nbsp-separators", "hardened", "MUST",
         spec=("BadStatusLine",), refs=("RFC 9112 §4",),
         expect=(refused(at=HEAD), accepted(version=9)), requirement=ONLY_SP),
    case("status.nel-separators", "status.nel-separators", "hardened", "MUST",
         spec=("BadStatusLine",), refs=("RFC 9112 §4",),
         expect=(refused(at=HEAD), accepted(version=9)), requirement=ONLY_SP),
    case("status.unit-separator", "status.unit-separator", "hardened", "MUST",
         spec=("BadStatusLine",), refs=("RFC 9112 §4",),
         expect=(refused(at=HEAD), accepted(version=9)), requirement=ONLY_SP),
    case("status.tab-separators", "status.tab-separators", "info", "INFO",
         spec=("BadStatusLine",), refs=("RFC 9112 §4",), expect=UNUSUAL_LABELS,
         requirement="observed: RFC 9112 §4 lets a recipient split the line on whitespace (MAY)"),
    case("status.leading-whitespace", "status.leading-whitespace", "info", "INFO",
         spec=("BadStatusLine",), refs=("RFC 9112 §4",), expect=UNUSUAL_LABELS,
         requirement="observed: RFC 9112 §4 lets a recipient split the line on whitespace (MAY)"),
    case("status.reason-bare-cr", "status.reason-bare-cr", "hardened", "MUST",
         spec=("HTTPResponse.reason",), refs=("RFC 9112 §2.2",),
         expect=(refused(at=HEAD), accepted(reason={"$not_contains": "\r"})),
         requirement=("a bare CR must be treated as invalid or replaced by SP (RFC 9112 §2.2): "
                      "the line is refused or the reason holds no CR")),
    case("status.reason-nul", "status.reason-nul", "hardened", "SHOULD",
         spec=("HTTPResponse.reason",), refs=("RFC 9112 §4",),
         expect=(refused(at=HEAD), accepted(reason={"$not_contains": "\x00"})),
         requirement="NUL is not in the reason-phrase grammar: the line should be refused"),
    case("status.version-junk", "status.version-junk", "hardened", "SHOULD",
         spec=("HTTPResponse.version", "UnknownProtocol"), refs=("RFC 9112 §2.3",),
         expect=(refused(at=HEAD),),
         requirement="HTTP-version = 'HTTP/' DIGIT '.' DIGIT: junk after it should be refused"),
    case("status.version-letters", "status.version-letters", "hardened", "SHOULD",
         spec=("HTTPResponse.version",), refs=("RFC 9112 §2.3",), expect=(refused(at=HEAD),),
         requirement=("HTTP-version = 'HTTP/' DIGIT '.' DIGIT: letters in its place should be "
                      "refused")),
    case("status.lf-only-empty-head", "status.lf-only-empty-head", "hardened", "MUST",
         spec=("HTTPResponse.reason", "HTTPResponse.read"), refs=("RFC 9112 §2.2",),
         expect=(accepted(status=200, reason="OK", body="hello"), refused(at=HEAD)),
         requirement=("a client that takes a bare LF for a line end (RFC 9112 §2.2 allows it) must "
                      "read 200, reason 'OK' and the body 'hello' after the empty line, or "
                      "refuse the head")),
    case("status.reason-70000", "status.reason-70000", "hardened", "MUST", spec=("BadStatusLine",),
         refs=("CVE-2013-1752",), expect=(refused(at=HEAD),),
         requirement=f"a status line longer than the {LINE_LIMIT}-byte line limit is refused"),
    case("status.endless-line", "status.endless-line", "hardened", "MUST", program=FLOOD_FETCH,
         spec=("BadStatusLine",), refs=("CVE-2013-1752",), expect=(bounded(FLOOD_BOUND, at=HEAD),),
         requirement=LONG_LINE),
    case("status.version-http2", "status.version-http2", "hardened", "SHOULD",
         spec=("UnknownProtocol",), refs=("RFC 9112 §2.3",), expect=(refused(at=HEAD),),
         requirement=("a major version other than 1 should be refused (2.6 raised "
                      "UnknownProtocol), not read as HTTP/1.1")),
    case("status.version-http1", "status.version-http1", "hardened", "SHOULD",
         spec=("UnknownProtocol",), refs=("RFC 9112 §2.3",), expect=(refused(at=HEAD),),
         requirement="'HTTP/1' without a minor version should be refused, not read as HTTP/1.1"),
    case("status.http09-simple-response", "status.http09-simple-response", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.crlf-first", "status.crlf-first", "info", "INFO", spec=("HTTPResponse.version",),
         expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.whitespace-line", "status.whitespace-line", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.garbage-line", "status.garbage-line", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.icy", "status.icy", "info", "INFO", spec=("HTTPResponse.version",),
         expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.lowercase-http", "status.lowercase-http", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.version-only", "status.version-only", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.version-http09-literal", "status.version-http09-literal", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.version-minor-5", "status.version-minor-5", "info", "INFO",
         spec=("HTTPResponse.version",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.code-999", "status.code-999", "info", "INFO", spec=("HTTPResponse.status",),
         expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.no-reason-no-space", "status.no-reason-no-space", "info", "INFO",
         spec=("HTTPResponse.reason",), expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.lf-only", "status.lf-only", "info", "INFO", spec=("HTTPResponse.version",),
         expect=UNUSUAL_LABELS, requirement=UNUSUAL),
    case("status.strict-garbage-line", "status.garbage-line", "doc", "MUST", lines=STRICT_LINES,
         spec=("HTTPConnection", "BadStatusLine"), program=STRICT_FETCH,
         expect=(refused("BadStatusLine", at=HEAD),), requirement=STRICT),
    case("status.strict-icy", "status.icy", "doc", "MUST", lines=STRICT_LINES,
         spec=("HTTPConnection", "BadStatusLine"), program=STRICT_FETCH,
         expect=(refused("BadStatusLine", at=HEAD),), requirement=STRICT),
    case("status.strict-crlf-first", "status.crlf-first", "doc", "MUST", lines=STRICT_LINES,
         spec=("HTTPConnection", "BadStatusLine"), program=STRICT_FETCH,
         expect=(refused("BadStatusLine", at=HEAD),), requirement=STRICT),
    case("status.strict-lf-first-open", "status.lf-first-open", "doc", "MUST", lines=STRICT_LINES,
         spec=("HTTPConnection", "BadStatusLine"), program=STRICT_FETCH,
         expect=(refused("BadStatusLine", at=HEAD),),
         requirement=STRICT + " (a bare LF ends the empty first line: no need to wait for more)"),
    case("status.strict-lowercase-http", "status.lowercase-http", "doc", "MUST",
         lines=STRICT_LINES, spec=("HTTPConnection", "BadStatusLine"), program=STRICT_FETCH,
         expect=(refused("BadStatusLine", at=HEAD),), requirement=STRICT),
    case("status.strict-http09-simple-response", "status.http09-simple-response", "doc", "MUST",
         lines=STRICT_LINES, spec=("HTTPConnection", "BadStatusLine"), program=STRICT_FETCH,
         expect=(refused("BadStatusLine", at=HEAD),), requirement=STRICT),
)


def cases() -> List[Case]:
    return list(CASES)
