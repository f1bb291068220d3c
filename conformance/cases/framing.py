"""Body-framing cases: one row per case (see `_build.case`).

Strategy: doc rows check that read() returns the body of well-framed responses (the
spec's "reads and returns the response body"); hardened rows hold RFC 9112 §6.3:
a framing field that is invalid, conflicting or ambiguous is an unrecoverable error
(refuse), chunked as the final coding frames the body, bodies that must be empty
are empty, and a cut-short body is an incomplete response (§8).  Where RFC 9112
lets a recipient choose (MAY merge identical Content-Length values) the row is INFO.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import BODY, LOST, accepted, case, label, refused
from ._programs import connect, fetch, fetch_twice, getheader, getresponse, read, request
from .persistence import EACH_READ, EXAMPLE_LINES, TWO_REQUESTS

READ = ("HTTPResponse.read",)
READ_LINES = (485, 487)
NO_BODY = READ + ("NO_CONTENT", "NOT_MODIFIED")
LENGTH_ONLY = (connect(), request(), getresponse(), read(length_only=True))
BINARY = "".join(chr(i) for i in range(256))

READS_BODY = "read() returns the response body"
INVALID_FRAMING = ("an invalid or conflicting Content-Length, or whitespace before a colon, is "
                   "an unrecoverable framing error (RFC 9112 §6.3): the response is refused")
CHUNKED_FINAL = ("chunked as the final transfer coding frames the body, whatever "
                 "Content-Length says (RFC 9112 §6.3); a client that cannot tell refuses")
DIGITS_ONLY = ("Content-Length = 1*DIGIT (RFC 9112 §6.3); any other value is an unrecoverable "
               "framing error: the response is refused")
HUGE_LENGTH = ("a huge Content-Length with a tiny body raises an HTTPException (the body is "
               "incomplete), with no huge allocation, OverflowError or MemoryError")
EMPTY_BODY = ("204, 304 and responses to HEAD have no body whatever their headers say "
              "(RFC 9112 §6.3): read() gives '' or the response is refused")
EXTRA_BYTES = ("Content-Length gives the body length (RFC 9112 §6.3): read() returns the body "
               "without the bytes past it, or the response is refused")
CUT_SHORT = ("a body cut short is an incomplete response (RFC 9112 §8): read() raises an "
             "HTTPException or a connection error, never returns it as complete")
MERGEABLE = ("observed: RFC 9112 §6.3 lets a recipient take identical Content-Length values "
             "as one (MAY) or refuse them")
TO_CLOSE = "observed: a transfer coding other than chunked makes the body run to close"

CASES = (
    case("smuggling.space-before-colon", "smuggling.space-before-colon", "hardened", "MUST",
         spec=READ, expect=(refused(at=BODY),), requirement=INVALID_FRAMING),
    case("smuggling.tab-before-colon", "smuggling.tab-before-colon", "hardened", "MUST",
         spec=READ, expect=(refused(at=BODY),), requirement=INVALID_FRAMING),
    case("smuggling.cl-conflicting", "smuggling.cl-conflicting", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY),), requirement=INVALID_FRAMING),
    case("smuggling.cl-comma-conflict", "smuggling.cl-comma-conflict", "hardened", "MUST",
         spec=READ, expect=(refused(at=BODY),), requirement=INVALID_FRAMING),
    case("smuggling.bare-cr-in-header", "smuggling.bare-cr-in-header", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §2.2",),
         program=fetch(after=(getheader("Content-Length", "cl"), getheader("X-A", "xa"))),
         expect=(refused(at=BODY),
                 accepted(body="hello", cl=None, xa={"$not_contains": "\r"})),
         requirement=("a bare CR must be treated as invalid or replaced by SP (RFC 9112 §2.2): "
                      "the response is refused, or read to close with no Content-Length")),
    case("smuggling.te-trailing-space", "smuggling.te-trailing-space", "hardened", "MUST",
         spec=READ, expect=(refused(at=BODY), accepted(body="hello")), requirement=CHUNKED_FINAL),
    case("smuggling.te-duplicate", "smuggling.te-duplicate", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY), accepted(body="hello")), requirement=CHUNKED_FINAL),
    case("smuggling.te-gzip-chunked", "smuggling.te-gzip-chunked", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY), accepted(body="hello")), requirement=CHUNKED_FINAL),
    case("smuggling.te-uppercase-space-in-value", "smuggling.te-uppercase-space-in-value",
         "hardened", "MUST", spec=READ, expect=(refused(at=BODY), accepted(body="hello")),
         requirement=CHUNKED_FINAL),
    case("smuggling.te-and-cl", "smuggling.te-and-cl", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY), accepted(body="hello")), requirement=CHUNKED_FINAL),
    case("smuggling.cl-and-te", "smuggling.cl-and-te", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY), accepted(body="hello")), requirement=CHUNKED_FINAL),
    case("smuggling.te-obs-fold", "smuggling.te-obs-fold", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY), accepted(body="hello")), requirement=CHUNKED_FINAL),
    case("smuggling.te-chunked-gzip", "smuggling.te-chunked-gzip", "hardened", "SHOULD",
         spec=READ, expect=(refused(at=BODY), accepted(body="5\r\nhello\r\n0\r\n\r\n")),
         requirement=("with chunked not the final coding the body should run to close (RFC 9112 "
                      "§6.3), not be decoded as chunked; or the coding is refused")),
    case("smuggling.cl-duplicate-same", "smuggling.cl-duplicate-same", "info", "INFO", spec=READ,
         expect=(label("one length", body="hello"), label("refused", raises="HTTPException")),
         requirement=MERGEABLE),
    case("smuggling.cl-comma-list", "smuggling.cl-comma-list", "info", "INFO", spec=READ,
         expect=(label("one length", body="hello"), label("refused", raises="HTTPException")),
         requirement=MERGEABLE),
    case("smuggling.te-identity", "smuggling.te-identity", "info", "INFO", spec=READ,
         expect=(label("to close", body="hello"), label("refused", raises="HTTPException")),
         requirement=TO_CLOSE),
    case("smuggling.te-unknown", "smuggling.te-unknown", "info", "INFO", spec=READ,
         expect=(label("to close", body="hello"), label("refused", raises="HTTPException")),
         requirement=TO_CLOSE),
    case("smuggling.te-http10", "smuggling.te-http10", "info", "INFO", spec=READ,
         expect=(label("chunked honoured", body="hello"), label("raw", body={"$re": "^5"})),
         requirement="observed: chunked on an HTTP/1.0 response"),
    case("framing.content-length", "framing.content-length", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="hello"),), requirement=READS_BODY),
    case("framing.content-length-zero", "framing.content-length-zero", "doc", "MUST",
         lines=READ_LINES, spec=READ, expect=(accepted(body=""),), requirement=READS_BODY),
    case("framing.content-length-zero-then-next", "framing.content-length-zero-then-next", "doc",
         "MUST", lines=EXAMPLE_LINES, spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "", "r2.body": "second"}),), requirement=EACH_READ),
    case("framing.close-delimited", "framing.close-delimited", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="hello until close"),), requirement=READS_BODY),
    case("framing.close-delimited-http10", "framing.close-delimited-http10", "doc", "MUST",
         lines=READ_LINES, spec=READ, expect=(accepted(body="hello until close"),),
         requirement=READS_BODY),
    case("framing.binary-body", "framing.binary-body", "doc", "MUST", lines=READ_LINES, spec=READ,
         expect=(accepted(body=BINARY),), requirement=READS_BODY),
    case("framing.content-length-padded", "framing.content-length-padded", "doc", "MUST",
         lines=READ_LINES, spec=READ, expect=(accepted(body="hello"),), requirement=READS_BODY),
    case("framing.close-delimited-slow-close", "framing.close-delimited-slow-close", "doc", "MUST",
         lines=READ_LINES, spec=READ, expect=(accepted(body="hello"),), requirement=READS_BODY),
    case("framing.large-content-length", "framing.large-content-length", "doc", "MUST",
         lines=READ_LINES, spec=READ, program=LENGTH_ONLY, expect=(accepted(body=1 << 20),),
         requirement="read() returns the whole 1 MiB body"),
    case("framing.large-close-delimited", "framing.large-close-delimited", "doc", "MUST",
         lines=READ_LINES, spec=READ, program=LENGTH_ONLY, expect=(accepted(body=1 << 20),),
         requirement="read() returns the whole 1 MiB body"),
    case("framing.head", "framing.head", "doc", "MUST", lines=(400, 402, 403) + READ_LINES,
         spec=READ + ("HTTPConnection.request",), expect=(accepted(status=200, body=""),),
         requirement="the response to a HEAD request has no body: read() returns ''"),
    case("framing.204-no-content", "framing.204-no-content", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(status=204, body=""),),
         requirement="a 204 response has no body: read() returns ''"),
    case("framing.304-not-modified", "framing.304-not-modified", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(status=304, body=""),),
         requirement="a 304 response has no body: read() returns ''"),
    case("framing.205-with-length-zero", "framing.205-with-length-zero", "doc", "MUST",
         lines=READ_LINES, spec=READ, expect=(accepted(status=205, body=""),),
         requirement="a 205 response with Content-Length: 0 has an empty body"),
    case("framing.trailing-garbage", "framing.trailing-garbage", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3",), expect=(accepted(body="hello"), refused(at=BODY)),
         requirement=EXTRA_BYTES),
    case("framing.cl-zero-trailing-garbage", "framing.cl-zero-trailing-garbage", "hardened",
         "MUST", spec=READ, refs=("RFC 9112 §6.3",), expect=(accepted(body=""), refused(at=BODY)),
         requirement=EXTRA_BYTES),
    case("framing.cl-smaller-than-body", "framing.cl-smaller-than-body", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §6.3",), expect=(accepted(body="he"), refused(at=BODY)),
         requirement=EXTRA_BYTES),
    case("framing.cl-larger-than-body", "framing.cl-larger-than-body", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),),
         requirement=CUT_SHORT),
    case("framing.cl-2-pow-40", "framing.cl-2-pow-40", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY),), requirement=HUGE_LENGTH),
    case("framing.cl-2-pow-70", "framing.cl-2-pow-70", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY),), requirement=HUGE_LENGTH),
    case("framing.cl-20-digits", "framing.cl-20-digits", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY),), requirement=HUGE_LENGTH),
    case("framing.cl-negative", "framing.cl-negative", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3", "gh-150751"), expect=(refused(at=BODY),),
         requirement=DIGITS_ONLY),
    case("framing.cl-plus", "framing.cl-plus", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3",), expect=(refused(at=BODY),), requirement=DIGITS_ONLY),
    case("framing.cl-underscore", "framing.cl-underscore", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3",), expect=(refused(at=BODY),), requirement=DIGITS_ONLY),
    case("framing.cl-hex", "framing.cl-hex", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3", "gh-150751"), expect=(refused(at=BODY),), requirement=DIGITS_ONLY),
    case("framing.cl-non-numeric", "framing.cl-non-numeric", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3", "gh-150751"), expect=(refused(at=BODY),),
         requirement=DIGITS_ONLY),
    case("framing.cl-empty", "framing.cl-empty", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §6.3", "gh-150751"), expect=(refused(at=BODY),), requirement=DIGITS_ONLY),
    case("framing.204-with-body", "framing.204-with-body", "hardened", "MUST", spec=NO_BODY,
         expect=(accepted(body=""), refused(at=BODY)), requirement=EMPTY_BODY),
    case("framing.204-chunked", "framing.204-chunked", "hardened", "MUST", spec=NO_BODY,
         expect=(accepted(body=""), refused(at=BODY)), requirement=EMPTY_BODY),
    case("framing.304-with-body", "framing.304-with-body", "hardened", "MUST", spec=NO_BODY,
         expect=(accepted(body=""), refused(at=BODY)), requirement=EMPTY_BODY),
    case("framing.head-with-body", "framing.head-with-body", "hardened", "MUST", spec=NO_BODY,
         expect=(accepted(body=""), refused(at=BODY)), requirement=EMPTY_BODY),
    case("framing.head-with-body-headers", "framing.head-with-body", "hardened", "MUST",
         spec=("HTTPResponse.getheaders",), program=fetch("HEAD", with_headers=True),
         expect=(accepted(body="", headers={"$contains": ["content-length", "5"]}),
                 refused(at=BODY)),
         requirement=("the bytes after a HEAD response are not a new message that replaces its "
                      "head: getheaders() still gives the Content-Length: 5 the server sent "
                      "(fuzzing: geventhttpclient returns no headers)")),
    case("framing.head-chunked-body", "framing.head-chunked-body", "hardened", "MUST",
         spec=NO_BODY, expect=(accepted(body=""), refused(at=BODY)), requirement=EMPTY_BODY),
)


def cases() -> List[Case]:
    return list(CASES)
