"""Chunked-body cases: one row per case (see `_build.case`).

Strategy: doc rows check that read() returns the decoded body of valid chunked
responses; hardened rows hold RFC 9112 §7.1's grammar (a size that is not 1*HEXDIG,
data not followed by CRLF: refuse with an HTTPException, never decode silently or
raise ValueError/OverflowError), §8 (a body cut short is incomplete) and bounded
lines and trailers.  What RFC 9112 leaves to the recipient (bare LF, malformed
extensions, trailer oddities) is INFO.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import BODY, FLOOD_BOUND, LOST, accepted, bounded, case, label, refused
from ._programs import FLOOD_FETCH, connect, fetch, getheader, getresponse, read, request

READ = ("HTTPResponse.read",)
READ_LINES = (485, 487)
LENGTH_ONLY = (connect(), request(), getresponse(), read(length_only=True))

DECODED = "read() returns the decoded chunked body"
GRAMMAR = ("chunk-size = 1*HEXDIG then CRLF, chunk data then CRLF (RFC 9112 §7.1): anything "
           "else is refused with an HTTPException, not decoded, not ValueError/OverflowError")
LONG_LINE = "a chunk-size line longer than the 65536-byte line limit is refused"
CUT_SHORT = ("a chunked body cut short is an incomplete response (RFC 9112 §8): read() raises "
             "an HTTPException or a connection error, never returns it as complete")
TRAILER_FLOOD = (f"an endless trailer section is refused at the header limit (gh-150743), "
                 f"before the server has sent {FLOOD_BOUND} bytes")
READ_OR_REFUSED = (label("hello", body="hello"), label("refused", raises="HTTPException"))
OBSERVED = "observed: how versions read this chunked body"

CASES = (
    case("chunked.basic", "chunked.basic", "doc", "MUST", lines=READ_LINES, spec=READ,
         expect=(accepted(body="hello world"),), requirement=DECODED),
    case("chunked.extensions", "chunked.extensions", "doc", "MUST", lines=READ_LINES, spec=READ,
         expect=(accepted(body="hello world"),), requirement=DECODED),
    case("chunked.trailers", "chunked.trailers", "doc", "MUST", lines=READ_LINES, spec=READ,
         expect=(accepted(body="hello"),), requirement=DECODED),
    case("chunked.trailers-not-headers", "chunked.trailers", "hardened", "MUST",
         spec=("HTTPResponse.getheader",), refs=("RFC 9110 §6.5.1",),
         program=fetch(after=(getheader("X-Trailer", "trailer"),)),
         expect=(accepted(body="hello", trailer=None),),
         requirement=("a trailer field is not merged into the header section (RFC 9110 §6.5.1: "
                      "MUST NOT, for a field whose definition does not allow it): "
                      "getheader('X-Trailer') stays None (fuzzing: geventhttpclient merges it)")),
    case("chunked.trailer-long", "chunked.trailer-long", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="hello"),), requirement=DECODED),
    case("chunked.crlf-in-data", "chunked.crlf-in-data", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="x" * 45 + "\r\n5a"),), requirement=DECODED),
    case("chunked.cut-status-line", "chunked.cut-status-line", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="hello"),), requirement=DECODED),
    case("chunked.lf-after-data", "chunked.lf-after-data", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1", "CVE-2025-43859"),
         expect=(accepted(body="helloabcde\r\n0\r\n\r\n123456789"), refused(at=BODY)),
         requirement=("chunk-data ends with CRLF (RFC 9112 §7.1): a client that takes a bare LF "
                      "there must read the next chunk-size line from the byte after it, or "
                      "refuse the body (CVE-2025-43859: never two bytes taken blindly)")),
    case("chunked.uppercase-hex", "chunked.uppercase-hex", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="0123456789"),), requirement=DECODED),
    case("chunked.leading-zeros", "chunked.leading-zeros", "doc", "MUST", lines=READ_LINES,
         spec=READ, expect=(accepted(body="hello"),), requirement=DECODED),
    case("chunked.empty", "chunked.empty", "doc", "MUST", lines=READ_LINES, spec=READ,
         expect=(accepted(body=""),), requirement=DECODED),
    case("chunked.single-byte-chunks", "chunked.single-byte-chunks", "doc", "MUST",
         lines=READ_LINES, spec=READ, expect=(accepted(body="0123456789" * 10),),
         requirement=DECODED),
    case("chunked.streamed", "chunked.streamed", "doc", "MUST", lines=READ_LINES, spec=READ,
         expect=(accepted(body="firstsecondthird"),), requirement=DECODED),
    case("chunked.large", "chunked.large", "doc", "MUST", lines=READ_LINES, spec=READ,
         program=LENGTH_ONLY, expect=(accepted(body=1 << 20),),
         requirement="read() decodes 1 MiB of chunks"),
    case("chunked.size-larger-than-data", "chunked.size-larger-than-data", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),), requirement=CUT_SHORT),
    case("chunked.eof-mid-chunk", "chunked.eof-mid-chunk", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),), requirement=CUT_SHORT),
    case("chunked.eof-mid-size-line", "chunked.eof-mid-size-line", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),), requirement=CUT_SHORT),
    case("chunked.eof-after-last-chunk-size", "chunked.eof-after-last-chunk-size", "hardened",
         "MUST", spec=READ, refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),),
         requirement=CUT_SHORT + " (fuzzing: http.client and its forks end the body at '0' EOF)"),
    case("chunked.missing-last-chunk", "chunked.missing-last-chunk", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),), requirement=CUT_SHORT),
    case("chunked.size-0x", "chunked.size-0x", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1",), expect=(refused(at=BODY),), requirement=GRAMMAR),
    case("chunked.size-plus", "chunked.size-plus", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1",), expect=(refused(at=BODY),), requirement=GRAMMAR),
    case("chunked.size-underscore", "chunked.size-underscore", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1",), expect=(refused(at=BODY),), requirement=GRAMMAR),
    case("chunked.size-negative", "chunked.size-negative", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),), requirement=GRAMMAR),
    case("chunked.size-20-hex-digits", "chunked.size-20-hex-digits", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),),
         requirement=GRAMMAR),
    case("chunked.size-maxsize-plus-one", "chunked.size-maxsize-plus-one", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),),
         requirement=GRAMMAR),
    case("chunked.size-non-hex", "chunked.size-non-hex", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),), requirement=GRAMMAR),
    case("chunked.size-empty-line", "chunked.size-empty-line", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),), requirement=GRAMMAR),
    case("chunked.junk-instead-of-crlf", "chunked.junk-instead-of-crlf", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),),
         requirement=GRAMMAR),
    case("chunked.data-longer-than-size", "chunked.data-longer-than-size", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §7.1", "gh-150751"), expect=(refused(at=BODY),),
         requirement=GRAMMAR),
    case("chunked.ext-70000", "chunked.ext-70000", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY),), requirement=LONG_LINE),
    case("chunked.size-70000-line", "chunked.size-70000-line", "hardened", "MUST", spec=READ,
         expect=(refused(at=BODY),), requirement=LONG_LINE),
    case("chunked.size-whitespace", "chunked.size-whitespace", "hardened", "SHOULD", spec=READ,
         refs=("RFC 9112 §7.1",), expect=(refused(at=BODY),),
         requirement="whitespace around the chunk size is not in the grammar: refuse it"),
    case("chunked.trailer-flood", "chunked.trailer-flood", "hardened", "MUST", spec=READ,
         program=FLOOD_FETCH, expect=(bounded(FLOOD_BOUND, at=BODY),), requirement=TRAILER_FLOOD),
    case("chunked.endless-extension", "chunked.endless-extension", "hardened", "MUST", spec=READ,
         program=FLOOD_FETCH, expect=(bounded(FLOOD_BOUND, at=BODY),),
         requirement=(f"an endless chunk extension is refused at the line limit, before the "
                      f"server has sent {FLOOD_BOUND} bytes")),
    case("chunked.trailers-500", "chunked.trailers-500", "hardened", "SHOULD", spec=READ,
         expect=(refused(at=BODY),), requirement="more than 100 trailer lines should be refused"),
    case("chunked.endless-chunks", "chunked.endless-chunks", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), program=fetch(timeout=10.0), deadline=20.0,
         expect=(refused(LOST, at=BODY),),
         requirement=CUT_SHORT),
    case("chunked.ext-malformed", "chunked.ext-malformed", "info", "INFO", spec=READ,
         expect=READ_OR_REFUSED, requirement=OBSERVED),
    case("chunked.lf-only-framing", "chunked.lf-only-framing", "info", "INFO", spec=READ,
         expect=READ_OR_REFUSED, requirement=OBSERVED),
    case("chunked.trailer-bare-lf-end", "chunked.trailer-bare-lf-end", "info", "INFO", spec=READ,
         expect=READ_OR_REFUSED, requirement=OBSERVED),
    case("chunked.trailer-no-colon", "chunked.trailer-no-colon", "info", "INFO", spec=READ,
         expect=READ_OR_REFUSED, requirement=OBSERVED),
)


def cases() -> List[Case]:
    return list(CASES)
