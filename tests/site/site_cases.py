"""What the site tests certify: the cases and implementations, and the tests' own cases.

Strategy: the reference and http.client on catalogue cases chosen so the report
holds every verdict the site must show (PASS, FAIL, NON-STRICT, INFORMATIONAL) plus
a flood transcript and request bytes with CR/LF.  Two cases are the tests' own,
because no catalogue case gives them on these implementations: an ERROR from a
case whose scripted server cannot be found (a harness failure), and an
UNSUPPORTED from a hardened case calling the constructor with 2.x's ``strict``
keyword, which http.client 3 lacks (the reference has it).  (A module of its own,
not conftest, so the names do not clash with other folders' conftest modules.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

from httpcts.conformance._model import Case, Outcome
from httpcts.conformance._schema import Verdict

CASE_IDS = (
    "status.ok", "status.garbage-line", "framing.cl-plus", "status.strict-garbage-line",
    "headers.endless-headers", "api.responses.name-416", "request.injection.header-value-crlf",
    "timing.drip-headers",
)  # fmt: skip
ERROR_CASE = Case(
    id="site.harness-error", profile="doc", level="MUST", spec=("HTTPConnection",), lines=(37,),
    desc="a scenario the catalogue lacks", requirement="(a harness failure: graded ERROR)",
    scenario="site.no-such-scenario", program=({"op": "connection"},), expect=(Outcome(Verdict.PASS, {"status": 200}),),
)  # fmt: skip
UNSUPPORTED_CASE = Case(
    id="site.strict-keyword", profile="hardened", level="MUST", spec=("HTTPConnection",),
    desc="HTTPConnection(host, port, strict=True)", requirement="the constructor takes strict",
    program=({"op": "connection", "args": ["127.0.0.1", 9], "kwargs": {"strict": True}},),
    expect=(Outcome(Verdict.PASS, {"raises": None}),),
)  # fmt: skip
IMPLS = ("httpcts.reference", "http.client")


def load(folder: Path) -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return data
