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

from typing import Any, Dict, List

from .._model import Case, Group
from ._build import REFUSED, ok, raises, wire
from ._programs import fetch, getheader

TIMEOUT = 2.0
IN_TIME = {"elapsed": {"$le": TIMEOUT}}
NO_NUL = {"$not_contains": "\x00"}
FIELDS = (getheader("X-Bomb", "bomb"), getheader("X-Run", "run"))
REQUIREMENT = (f"with timeout={TIMEOUT:g}, the response is refused (HTTPException) within {TIMEOUT:g} s, or read"
               " with the failing byte repaired where the RFC allows it (NUL as SP, RFC 9110 §5.5; a chunk"
               " extension ignored): parsing time grows linearly with the bytes, and a timeout bounds only waiting")

# slug -> the repaired reading the RFC allows besides a refusal (None: refusal only)
REPAIRED: Dict[str, Any] = {
    "repeated-connection": {"bomb": NO_NUL},
    "repeated-content-length": {"bomb": NO_NUL},
    "repeated-transfer-encoding": None,  # Transfer-Encoding x: no body can be framed
    "whitespace-before-value": {"bomb": NO_NUL, "run": NO_NUL},
    "whitespace-inside-value": {"bomb": NO_NUL, "run": NO_NUL},
    "whitespace-in-reason": {"reason": NO_NUL, "bomb": NO_NUL},
    "folded-lines": {"bomb": NO_NUL},
    "whitespace-in-chunk-extension": {"body": "hello"},
    "many-small-chunks": None,  # bytes other than CRLF after chunk data (CVE-2025-43859)
    "many-trailer-lines": {"body": ""},  # trailers may be discarded unprocessed
}


def cases() -> List[Case]:
    from httpcts.servers.catalogue.parse_time import BOMBS, CATEGORY

    g = Group("parse-time", "Parse-time bombs (a timeout bounds waiting, not parsing)")
    for bomb in BOMBS:
        repaired = REPAIRED[bomb.slug]
        expect = [raises(REFUSED, **IN_TIME)]
        if repaired is not None:
            expect.append(ok(**repaired, **IN_TIME))
        wire(g, f"{CATEGORY}.{bomb.slug}", "hardened", expect, spec=("HTTPConnection", "HTTPResponse.read"),
             program=fetch(timeout=TIMEOUT, after=FIELDS), deadline=20.0, requirement=REQUIREMENT)
    return g.cases
