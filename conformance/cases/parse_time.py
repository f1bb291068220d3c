"""Parse-time bombs (issue #13): the client refuses, within its timeout, a response whose
last byte fails the parse after a long run a backtracking parser splits many ways.

Strategy: one row per bomb of the servers' `parse-time` catalogue (the table there
holds the bytes). The server sends the bomb at once and then stays silent with the
connection open, so the refusal must come from the bytes; the client's timeout is
2 s and the whole operation must end within it, since a socket timeout bounds waiting
and never the CPU a parser spends. A timeout is never a refusal. Where the RFC lets a
client repair the failing byte instead (a NUL in a field value becomes SP, RFC 9110
5.5; an unparsable chunk extension may be ignored), the repaired reading passes too,
within the same time.
"""

from __future__ import annotations

from typing import List

from .._model import Case, Outcome
from ._build import BODY, accepted, case, refused
from ._programs import fetch, getheader

TIMEOUT = 2.0
IN_TIME = {"elapsed": {"$le": TIMEOUT}}
NO_NUL = {"$not_contains": "\x00"}
SPEC = ("HTTPConnection", "HTTPResponse.read")
BOMB_FETCH = fetch(timeout=TIMEOUT, after=(getheader("X-Bomb", "bomb"), getheader("X-Run", "run")))
REQUIREMENT = (f"with timeout={TIMEOUT:g}, the response is refused (HTTPException) within "
               f"{TIMEOUT:g} s, or read with the failing byte repaired where the RFC allows it "
               "(NUL as SP, RFC 9110 §5.5; a chunk extension ignored): parsing time grows "
               "linearly with the bytes, and a timeout bounds only waiting")
REFUSED_IN_TIME = refused(at=BODY, **IN_TIME)


def _repaired(**match: object) -> Outcome:
    """The repaired reading the RFC allows besides a refusal, within the time."""
    return accepted(**match, **IN_TIME)


def _bomb(slug: str, *expect: Outcome) -> Case:
    return case(f"parse-time.{slug}", f"parse-time.{slug}", "hardened", "MUST", spec=SPEC,
                program=BOMB_FETCH, deadline=20.0, expect=(REFUSED_IN_TIME,) + expect,
                requirement=REQUIREMENT)


CASES = (
    _bomb("repeated-connection", _repaired(bomb=NO_NUL)),
    _bomb("repeated-content-length", _repaired(bomb=NO_NUL)),
    _bomb("repeated-transfer-encoding"),  # Transfer-Encoding x: no body can be framed
    _bomb("whitespace-before-value", _repaired(bomb=NO_NUL, run=NO_NUL)),
    _bomb("whitespace-inside-value", _repaired(bomb=NO_NUL, run=NO_NUL)),
    _bomb("whitespace-in-reason", _repaired(reason=NO_NUL, bomb=NO_NUL)),
    _bomb("folded-lines", _repaired(bomb=NO_NUL)),
    _bomb("whitespace-in-chunk-extension", _repaired(body="hello")),
    _bomb("many-small-chunks"),  # bytes other than CRLF after chunk data (CVE-2025-43859)
    _bomb("many-trailer-lines", _repaired(body="")),  # trailers may be discarded unprocessed
)


def cases() -> List[Case]:
    return list(CASES)
