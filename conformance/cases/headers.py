"""Header-block cases: one row per case (see `_build.case`).

Strategy: doc rows hold what the spec states about getheader(), getheaders() and
msg; hardened rows bound the header block (100 lines of 65536 bytes, floods refused
while the server is still sending) and refuse what RFC 9112 §5 / RFC 9110 §5 make
invalid where accepting it changes the message (a dropped or folded field, NUL);
how versions join, fold or strip values is INFO.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import FLOOD_BOUND, HEAD, LOST, accepted, bounded, case, label, refused
from ._programs import FLOOD_FETCH, fetch, getheader

GETHEADER = ("HTTPResponse.getheader",)
READ = ("HTTPResponse.read",)
# the folded heads: X-A: 1, then X-Folded: one folded onto ' two'
FOLDED_FETCH = fetch(after=(getheader("X-A", "a"), getheader("X-Folded", "v")))
ONE_TWO = {"$re": r"^one\s+two$"}  # obs-fold read as SP (RFC 9112 §5.2) or kept raw (INFO)
ONE_A_B = {"$re": r"^one\s+a b$"}  # the continuation ' a?b' with its bad byte made SP
FOLD_CONTINUES = "an obs-fold line continues the field before it (RFC 9112 §5.2)"
GETHEADER_LINES = (490, 492, 493)
HEADER_LIMIT = ("the header block is bounded (100 lines of 65536 bytes, CVE-2013-1752): the "
                "client refuses it instead of storing everything")
HEADER_FLOOD = (f"an endless header block is refused at the header limit, before the server "
                f"has sent {FLOOD_BOUND} bytes")
OVER_100 = "more than 100 header lines should be refused (bpo-16037's limit)"
OBSERVED = "observed: how versions read this header block"
READ_OR_REFUSED = (label("hello", body="hello"), label("refused", raises="HTTPException"))

CASES = (
    case("headers.repeated", "headers.repeated", "info", "INFO", spec=GETHEADER,
         program=fetch(after=(getheader("x-multi", "xm"),)),
         expect=(label("joined", xm="1, 2"), label("last", xm="2"), label("first", xm="1")),
         requirement="observed: getheader() of a repeated field (2.6 joined them with ', ')"),
    case("headers.mixed-case-names", "headers.mixed-case-names", "doc", "MUST",
         lines=GETHEADER_LINES, spec=GETHEADER,
         program=fetch(after=(getheader("Content-Type", "ct"), getheader("x-upper", "up"))),
         expect=(accepted(ct="text/plain", up="2"),),
         requirement="getheader() finds a field whatever the case of its name"),
    case("headers.empty-value", "headers.empty-value", "doc", "MUST", lines=GETHEADER_LINES,
         spec=GETHEADER, program=fetch(after=(getheader("X-Empty", "v"),)),
         expect=(accepted(v=""),), requirement="an empty field value reads as ''"),
    case("headers.latin1-value", "headers.latin1-value", "doc", "MUST", lines=GETHEADER_LINES,
         spec=GETHEADER, program=fetch(after=(getheader("X-Latin", "v"),)),
         expect=(accepted(v="caf\xe9"),), requirement="obs-text in a value is kept (Latin-1)"),
    case("headers.typical-set", "headers.typical-set", "doc", "MUST",
         lines=GETHEADER_LINES + (496, 498, 503, 505),
         spec=GETHEADER + ("HTTPResponse.msg", "HTTPResponse.getheaders"),
         program=fetch(after=(getheader("ETag", "etag"),
                              getheader("X-Missing", "missing", default="dflt"),
                              getheader("X-Missing", "none"),
                              {"op": "msg_header", "name": "etag", "key": "msgv"})),
         expect=(accepted(etag='"abc"', missing="dflt", none=None, msgv='"abc"', body="hello"),),
         requirement=("getheader(name[, default]) and msg give the header contents, and the "
                      "default (None if not given) when there is no matching header")),
    case("headers.set-cookie-three", "headers.set-cookie-three", "doc", "MUST", lines=(496, 498),
         spec=("HTTPResponse.getheaders",), program=fetch(with_headers=True),
         expect=(accepted(headers={"$contains": ["content-length", "5"]}),),
         requirement="getheaders() returns a list of (header, value) tuples"),
    case("headers.count-1000", "headers.count-1000", "hardened", "MUST", spec=("HTTPResponse.msg",),
         expect=(refused(at=HEAD),), requirement=HEADER_LIMIT),
    case("headers.line-70000", "headers.line-70000", "hardened", "MUST", spec=("HTTPResponse.msg",),
         expect=(refused(at=HEAD),), requirement=HEADER_LIMIT),
    case("headers.endless-headers", "headers.endless-headers", "hardened", "MUST",
         program=FLOOD_FETCH, spec=("HTTPResponse.msg",), expect=(bounded(FLOOD_BOUND, at=HEAD),),
         requirement=HEADER_FLOOD),
    case("headers.endless-line", "headers.endless-line", "hardened", "MUST", program=FLOOD_FETCH,
         spec=("HTTPResponse.msg",), expect=(bounded(FLOOD_BOUND, at=HEAD),),
         requirement=HEADER_FLOOD),
    case("headers.block-67k", "headers.block-67k", "doc", "MUST", lines=GETHEADER_LINES,
         spec=GETHEADER, program=fetch(after=(getheader("X-Header-63", "last"),)),
         expect=(accepted(last="v" * 1024, body="hello"),),
         requirement=("getheader() finds a field of a 67 KB head whose 65 lines are each "
                      "within the line and count limits")),
    case("headers.count-110-tiny", "headers.count-110-tiny", "hardened", "SHOULD",
         spec=("HTTPResponse.msg",), expect=(refused(at=HEAD),), requirement=OVER_100),
    case("headers.count-100", "headers.count-100", "hardened", "SHOULD", spec=("HTTPResponse.msg",),
         expect=(refused(at=HEAD),), requirement=OVER_100),
    case("headers.count-101", "headers.count-101", "hardened", "SHOULD", spec=("HTTPResponse.msg",),
         expect=(refused(at=HEAD),), requirement=OVER_100),
    case("headers.continuations-150", "headers.continuations-150", "hardened", "SHOULD",
         spec=("HTTPResponse.msg",), expect=(refused(at=HEAD),), requirement=OVER_100),
    case("headers.no-colon", "headers.no-colon", "hardened", "MUST",
         spec=("HTTPResponse.msg",) + GETHEADER, refs=("RFC 9112 §5",),
         program=fetch(after=(getheader("X-After", "after"),)),
         expect=(refused(at=HEAD), accepted(after="1", body="hello")),
         requirement=("a line without a colon must not silently drop the fields after it: the "
                      "head is refused, or only that line is skipped")),
    case("headers.status-line-in-head", "headers.status-line-in-head", "hardened", "MUST",
         spec=("HTTPResponse.status",), refs=("RFC 9112 §4", "RFC 9112 §5"),
         expect=(refused(at=HEAD), accepted(status=200)),
         requirement=("the status-line is the first line of a response (RFC 9112 §4): a status "
                      "line where header lines belong must be refused or ignored, never read as "
                      "the response's status")),
    case("headers.first-line-whitespace", "headers.first-line-whitespace", "hardened", "MUST",
         spec=("HTTPResponse.msg",), refs=("RFC 9112 §2.2",),
         program=fetch(after=(getheader("Content-Length", "cl"),
                              getheader("X-Indented", "indented"))),
         expect=(refused(at=HEAD), accepted(cl="5", indented=None, body="hello")),
         requirement=("whitespace between the status line and the first field line must be "
                      "rejected, or each whitespace-preceded line ignored (RFC 9112 §2.2)")),
    case("headers.nul-in-value", "headers.nul-in-value", "hardened", "MUST", spec=GETHEADER,
         refs=("RFC 9110 §5.5",), program=fetch(after=(getheader("X-Nul", "v"),)),
         expect=(refused(at=HEAD), accepted(v="a b")),
         requirement=("a NUL in a field value must make the message rejected or be replaced by "
                      "SP (RFC 9110 §5.5)")),
    case("headers.folded-framed", "headers.folded-framed", "hardened", "MUST",
         spec=GETHEADER + READ, refs=("RFC 9112 §5.2", "RFC 9112 §6.3"),
         program=FOLDED_FETCH,
         expect=(refused(at=HEAD), accepted(body="0123456789", a="1", v=ONE_TWO)),
         requirement=(FOLD_CONTINUES + ": the head must be refused, or read with every "
                      "field, 'one' and 'two' in X-Folded and the 10-byte body Content-Length "
                      "frames")),
    case("headers.folded-framed-lf", "headers.folded-framed-lf", "hardened", "MUST",
         spec=GETHEADER + READ, refs=("RFC 9112 §5.2", "RFC 9112 §2.2"),
         program=FOLDED_FETCH,
         expect=(refused(at=HEAD), accepted(body="0123456789", a="1", v=ONE_TWO)),
         requirement=("a bare LF taken for a line end ends the line and nothing else (RFC 9112 "
                      "§2.2), and " + FOLD_CONTINUES + ": the head must be refused, or read "
                      "with every field and the 10-byte body")),
    case("headers.folded-to-close", "headers.folded-to-close", "hardened", "MUST",
         spec=GETHEADER + READ, refs=("RFC 9112 §5.2",),
         program=FOLDED_FETCH,
         expect=(refused(at=HEAD), accepted(body="hello", a="1", v=ONE_TWO)),
         requirement=(FOLD_CONTINUES + ": the head must be refused, or read with every "
                      "field and 'one' and 'two' in X-Folded")),
    case("headers.continuation-nul", "headers.continuation-nul", "hardened", "MUST",
         spec=GETHEADER, refs=("RFC 9110 §5.5", "RFC 9112 §5.2"),
         program=fetch(after=(getheader("X-Folded", "v"),)),
         expect=(refused(at=HEAD), accepted(v=ONE_A_B)),
         requirement=("a NUL in a field value must make the message rejected or be replaced by "
                      "SP (RFC 9110 §5.5), on a continuation line too: the head is refused or "
                      "X-Folded reads 'one', then 'a b'")),
    case("headers.continuation-bare-cr", "headers.continuation-bare-cr", "hardened", "MUST",
         spec=GETHEADER, refs=("RFC 9112 §2.2", "RFC 9112 §5.2"),
         program=fetch(after=(getheader("X-Folded", "v"),)),
         expect=(refused(at=HEAD), accepted(v=ONE_A_B)),
         requirement=("a bare CR must be treated as invalid or replaced by SP (RFC 9112 §2.2), "
                      "on a continuation line too: the head is refused or X-Folded reads "
                      "'one', then 'a b'")),
    case("headers.name-with-space", "headers.name-with-space", "hardened", "SHOULD",
         spec=GETHEADER, refs=("RFC 9110 §5.1",),
         program=fetch(after=(getheader("X Spaced", "v"),)),
         expect=(refused(at=HEAD), accepted(v=None)),
         requirement="a field name is a token: 'X Spaced' should be refused or ignored"),
    case("headers.eof-in-headers", "headers.eof-in-headers", "hardened", "MUST",
         spec=("HTTPResponse.msg",), refs=("RFC 9112 §8",), expect=(refused(LOST, at=HEAD),),
         requirement=("EOF inside the header block is an incomplete response (RFC 9112 §8): the "
                      "client raises an HTTPException or a connection error")),
    case("headers.count-99", "headers.count-99", "info", "INFO", spec=("HTTPResponse.msg",),
         expect=(label("accepted", body="hello"), label("refused", raises="HTTPException")),
         requirement="observed: 100 header lines in all, at the limit"),
    case("headers.folded", "headers.folded", "info", "INFO", spec=GETHEADER,
         program=fetch(after=(getheader("X-Folded", "v"),)),
         expect=(label("joined with SP", v="one two three"), label("raw", v={"$re": "\r\n"})),
         requirement="observed: how an obs-fold value reads"),
    case("headers.whitespace-around-value", "headers.whitespace-around-value", "info", "INFO",
         spec=GETHEADER, program=fetch(after=(getheader("X-Pad", "v"),)),
         expect=(label("stripped", v="v"), label("trailing kept", v={"$re": "v\\s+$"})),
         requirement="observed: whitespace around a value"),
    case("headers.empty-name", "headers.empty-name", "info", "INFO", spec=("HTTPResponse.msg",),
         program=fetch(with_headers=True), expect=READ_OR_REFUSED, requirement=OBSERVED),
    case("headers.from-line", "headers.from-line", "info", "INFO", spec=("HTTPResponse.msg",),
         program=fetch(with_headers=True), expect=READ_OR_REFUSED, requirement=OBSERVED),
    case("headers.ctl-in-value", "headers.ctl-in-value", "info", "INFO", spec=("HTTPResponse.msg",),
         program=fetch(with_headers=True), expect=READ_OR_REFUSED, requirement=OBSERVED),
    case("headers.lf-only-lines", "headers.lf-only-lines", "info", "INFO",
         spec=("HTTPResponse.msg",), program=fetch(with_headers=True), expect=READ_OR_REFUSED,
         requirement=OBSERVED),
    case("headers.set-cookie-getheader", "headers.set-cookie-three", "info", "INFO",
         spec=GETHEADER, program=fetch(after=(getheader("Set-Cookie", "sc"),)),
         expect=(label("merged", sc={"$re": ", b=2"}), label("first only", sc="a=1; Path=/")),
         requirement="observed: getheader() of three Set-Cookie fields"),
)


def cases() -> List[Case]:
    return list(CASES)
