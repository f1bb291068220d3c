"""The per-case watchdog's verdicts: a stuck or exhausted client is graded, never fatal.

Strategy: the drivers already stop waiting at a case's deadline (plus slack out of
process) and say why in the observation: ``Hang`` (still running; with the stuck
thread's stack when it could be read), ``MemoryError`` (an isolated worker reached
its memory cap) or ``WorkerDied``.  `run_guarded` runs a case and then grades those
observations by what the case states: a case with a time bound (its outcomes look
at ``elapsed`` or expect a ``Timeout``) FAILs on a hang, a case with a memory bound
(a hardened case about bounded reading) FAILs on memory exhaustion; anywhere else
the case could not be judged and is ERROR, the stack kept as evidence.
"""

from __future__ import annotations

import time
from typing import Any, Dict, Optional

from ._model import Case
from ._run import Result, run_case
from ._schema import Verdict

STUCK = ("Hang", "MemoryError", "WorkerDied")
_MEMORY_WORDS = ("bound", "limit", "alloc", "flood", "endless", "memory")


def _mentions(value: Any, needle: str) -> bool:
    if isinstance(value, dict):
        return any(_mentions(k, needle) or _mentions(v, needle) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_mentions(v, needle) for v in value)
    return isinstance(value, str) and needle in value


def stated_bound(case: Case) -> Optional[str]:
    """"time", "memory" or None: the bound a case's requirement states, if any."""
    bound = getattr(case, "bound", None)  # a case table may say it outright
    if bound:
        return str(bound)
    if any("elapsed" in o.match or _mentions(o.match, "Timeout") for o in case.expect):
        return "time"
    text = f"{case.requirement} {case.desc}".lower()
    if case.profile == "hardened" and any(word in text for word in _MEMORY_WORDS):
        return "memory"
    return None


def _breaks(raised: str, bound: Optional[str]) -> bool:
    if raised == "Hang":
        return bound is not None  # a memory bound is a byte bound: a client stuck reading breaks it
    return bound == "memory"


def grade_stuck(result: Result) -> Result:
    """``result`` re-graded when the watchdog had to step in; unchanged otherwise."""
    raised = result.observed.get("raises")
    bound = stated_bound(result.case)
    if raised not in STUCK or (raised == "MemoryError" and bound != "memory"):
        return result  # a MemoryError outside a memory case is an ordinary observation
    observed: Dict[str, Any] = dict(result.observed)
    if _breaks(raised, bound):
        observed["watchdog"] = f"{raised}: breaks the case's stated {bound} bound"
        by_level = {"MUST": Verdict.FAIL, "SHOULD": Verdict.NON_STRICT}
        verdict = by_level.get(result.case.level, Verdict.INFORMATIONAL)
        return Result(result.case, verdict, observed, result.label, result.duration_s,
                      result.transcripts)
    kind = "time" if raised == "Hang" else "memory"
    observed["error"] = (f"watchdog: {raised} ({observed.get('message', '')}); the case states "
                         f"no {kind} bound, so it cannot be judged")
    return Result(result.case, Verdict.ERROR, observed, None, result.duration_s, result.transcripts)


def run_guarded(case: Case, driver: Any) -> Result:
    """`run_case` with the watchdog's grading; a harness failure is this case's ERROR."""
    started = time.monotonic()
    try:
        return grade_stuck(run_case(case, driver))
    except Exception as exc:  # noqa: BLE001 - a harness bug must not stop the run
        return Result(case, Verdict.ERROR, {"error": f"harness: {exc!r}"},
                      duration_s=time.monotonic() - started)
