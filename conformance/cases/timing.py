"""Timeout and cut-connection cases: one row per case (see `_build.case`).

Strategy: the spec states that with *timeout* blocking operations time out after
that many seconds (doc rows against silent servers, judged by the Timeout raised
and the time it took); a server dripping bytes slower than the timeout allows but
never stopping is hardened (timeouts honoured); a connection closed or reset inside
a response is an incomplete response (RFC 9112 §8), never returned as complete.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import BODY, ERRORS, EXCHANGE, HEAD, LOST, accepted, case, label, refused
from ._programs import fetch

TIMEOUT = ("HTTPConnection",)
TIMEOUT_LINES = (37, 46, 47, 48)
READ = ("HTTPResponse.read",)

TIMES_OUT = ("with timeout=0.3 a blocking operation on a silent server times out after about "
             "that long (Timeout within 2.5 s)")
IN_TIME = "a response slower than nothing but faster than the timeout is read normally"
DRIP = ("the timeout should bound the whole response head (and each read), so a server "
        "dripping one byte at a time cannot hold the client far past it")
CUT_SHORT = ("a connection closed inside a response is an incomplete response (RFC 9112 §8): "
             "the client raises an HTTPException or a connection error")
RESET = ("a reset connection raises an error; no partial response is returned as complete "
         "(RFC 9112 §8)")
ACCEPT_LABELS = (label("raised", raises="OSError"), label("hello", body="hello"),
                 label("BadStatusLine", raises="BadStatusLine"))
SILENT = fetch(timeout=0.3)
# A drip: gaps of 20-36 ms against a 300 ms timeout (8-15x), so a client that times out
# only per read never sees a gap that long even on a loaded machine, while the whole
# drip lasts 360-680 ms, past the timeout, so a client with a deadline always stops.
DRIP_TIMEOUT = 0.3
# far below any exchange: the deadline has passed before the first read of the head
TINY_TIMEOUT = 1e-09
DRIPPING = fetch(timeout=DRIP_TIMEOUT)

CASES = (
    case("timing.stall-before-status", "timing.stall-before-status", "doc", "MUST",
         lines=TIMEOUT_LINES, spec=TIMEOUT, program=SILENT,
         expect=(refused("Timeout", at=BODY, elapsed={"$le": 2.5}),), requirement=TIMES_OUT),
    case("timing.stall-mid-status-line", "timing.stall-mid-status-line", "doc", "MUST",
         lines=TIMEOUT_LINES, spec=TIMEOUT, program=SILENT,
         expect=(refused("Timeout", at=BODY, elapsed={"$le": 2.5}),), requirement=TIMES_OUT),
    case("timing.stall-mid-headers", "timing.stall-mid-headers", "doc", "MUST",
         lines=TIMEOUT_LINES, spec=TIMEOUT, program=SILENT,
         expect=(refused("Timeout", at=BODY, elapsed={"$le": 2.5}),), requirement=TIMES_OUT),
    case("timing.stall-mid-body", "timing.stall-mid-body", "doc", "MUST", lines=TIMEOUT_LINES,
         spec=TIMEOUT, program=SILENT,
         expect=(refused("Timeout", at=BODY, elapsed={"$le": 2.5}),), requirement=TIMES_OUT),
    case("timing.stall-mid-chunk", "timing.stall-mid-chunk", "doc", "MUST", lines=TIMEOUT_LINES,
         spec=TIMEOUT, program=SILENT,
         expect=(refused("Timeout", at=BODY, elapsed={"$le": 2.5}),), requirement=TIMES_OUT),
    case("timing.silent-accept", "timing.silent-accept", "doc", "MUST", lines=TIMEOUT_LINES,
         spec=TIMEOUT, program=SILENT,
         expect=(refused("Timeout", at=BODY, elapsed={"$le": 2.5}),), requirement=TIMES_OUT),
    case("timing.tiny-timeout", "status.ok", "doc", "MUST", lines=TIMEOUT_LINES, spec=TIMEOUT,
         program=fetch(timeout=TINY_TIMEOUT),
         desc=f"timeout={TINY_TIMEOUT} against a server that answers at once",
         expect=(accepted(body="hello"), refused("Timeout", at=EXCHANGE, elapsed={"$le": 2.5})),
         requirement=("with a timeout far below the time an exchange takes, a blocking operation "
                      "times out (or the exchange completes in time): nothing else is raised")),
    case("timing.delayed-response", "timing.delayed-response", "doc", "MUST", lines=TIMEOUT_LINES,
         spec=TIMEOUT, program=fetch(timeout=2.0), expect=(accepted(body="hello"),),
         requirement=IN_TIME),
    case("timing.pause-mid-body", "timing.pause-mid-body", "doc", "MUST", lines=TIMEOUT_LINES,
         spec=TIMEOUT, program=fetch(timeout=2.0), expect=(accepted(body="0123456789"),),
         requirement=IN_TIME),
    case("timing.drip-status-line", "timing.drip-status-line", "hardened", "SHOULD",
         spec=TIMEOUT, program=DRIPPING, time_scale=0.022, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("timing.drip-headers", "timing.drip-headers", "hardened", "SHOULD", spec=TIMEOUT,
         program=DRIPPING, time_scale=0.02, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("timing.drip-body", "timing.drip-body", "hardened", "SHOULD", spec=TIMEOUT,
         program=DRIPPING, time_scale=0.036, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("timing.drip-chunked-body", "timing.drip-chunked-body", "hardened", "SHOULD",
         spec=TIMEOUT, program=DRIPPING, time_scale=0.024, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("timing.drip-100-continue", "timing.drip-100-continue", "hardened", "SHOULD",
         spec=TIMEOUT, program=DRIPPING, time_scale=0.02, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("timing.drip-body-10-per-second", "timing.drip-body-10-per-second", "hardened", "SHOULD",
         spec=TIMEOUT, program=DRIPPING, time_scale=0.02, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("timing.drip-close-delimited", "timing.drip-close-delimited", "hardened", "SHOULD",
         spec=TIMEOUT, program=DRIPPING, time_scale=0.036, expect=(refused("Timeout", at=BODY),),
         requirement=DRIP),
    case("abort.close-mid-status-line", "abort.close-mid-status-line", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §8",), expect=(refused(LOST, at=HEAD),),
         requirement=CUT_SHORT),
    case("abort.close-mid-headers", "abort.close-mid-headers", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(LOST, at=HEAD),), requirement=CUT_SHORT),
    case("abort.close-mid-chunk", "abort.close-mid-chunk", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),), requirement=CUT_SHORT),
    case("abort.half-close-mid-body", "abort.half-close-mid-body", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(LOST, at=BODY),), requirement=CUT_SHORT),
    case("abort.reset-after-response", "abort.reset-after-response", "doc", "MUST",
         lines=(485, 487), spec=READ, expect=(accepted(body="hello"),),
         requirement="a complete response is read even if an RST follows"),
    case("abort.reset-before-response", "abort.reset-before-response", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §8",), expect=(refused(ERRORS, at=BODY),), requirement=RESET),
    case("abort.reset-mid-status-line", "abort.reset-mid-status-line", "hardened", "MUST",
         spec=READ, refs=("RFC 9112 §8",), expect=(refused(ERRORS, at=BODY),), requirement=RESET),
    case("abort.reset-mid-headers", "abort.reset-mid-headers", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(ERRORS, at=BODY),), requirement=RESET),
    case("abort.reset-mid-body", "abort.reset-mid-body", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(ERRORS, at=BODY),), requirement=RESET),
    case("abort.reset-mid-chunk", "abort.reset-mid-chunk", "hardened", "MUST", spec=READ,
         refs=("RFC 9112 §8",), expect=(refused(ERRORS, at=BODY),), requirement=RESET),
    case("abort.reset-on-accept", "abort.reset-on-accept", "info", "INFO", spec=READ,
         expect=ACCEPT_LABELS, requirement="observed: a connection reset as soon as accepted"),
    case("abort.close-on-accept", "abort.close-on-accept", "info", "INFO", spec=READ,
         expect=ACCEPT_LABELS, requirement="observed: a connection closed as soon as accepted"),
    case("abort.send-then-reset-unread", "abort.send-then-reset-unread", "info", "INFO",
         spec=READ, expect=ACCEPT_LABELS,
         requirement="observed: a response sent, then a reset while the request is unread"),
)


def cases() -> List[Case]:
    return list(CASES)
