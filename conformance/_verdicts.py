"""Grading a case's observation, and the short texts reports show (Autobahn, h2spec).

Strategy: the matching rules live in `_match` (stdlib-only, Python 2.7 + 3.6, so
the stand-alone reproducer embeds the very same code); this module applies them
to a `Case` and returns the `Verdict`, the deciding outcome's note and its index.
See `_match` for the matchers.
"""

from __future__ import annotations

from typing import Any, Dict, NamedTuple, Optional

from ._match import decide, match_holds
from ._model import Case, Outcome
from ._schema import VERDICT_NAMES, Verdict


class Grade(NamedTuple):
    verdict: Verdict
    label: Optional[str]  # the deciding outcome's note (or why a doc case failed without one)
    matched: Optional[int]  # the deciding outcome's index in case.expect


def outcome_matches(obs: Dict[str, Any], outcome: Outcome) -> bool:
    return bool(match_holds(obs, outcome.match))


def grade(case: Case, obs: Dict[str, Any]) -> Grade:
    """The verdict on ``obs``: the first matching outcome decides (see `_match.decide`)."""
    outcomes = [(o.verdict.value, o.match, o.note) for o in case.expect]
    text, index, label = decide(case.level, case.profile, outcomes, obs, VERDICT_NAMES)
    return Grade(Verdict(text), label, index)


def describe_expected(case: Case) -> list:
    """The expected outcomes as short strings (h2spec's Expected list)."""
    out = []
    for outcome in case.expect:
        if outcome.verdict not in (Verdict.PASS, Verdict.INFORMATIONAL):
            continue
        parts = [f"{k}={_show(v)}" for k, v in outcome.match.items()]
        out.append(", ".join(parts) or "(anything)")
    return out


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def describe_observed(obs: Dict[str, Any], keys: Optional[list] = None) -> str:
    """The observation as one short line (h2spec's Actual)."""
    skip = {"mro", "elapsed", "wire", "transcripts"}
    shown = []
    for key, value in obs.items():
        if key in skip or (keys is not None and key not in keys and key != "raises"):
            continue
        shown.append(f"{key}={_show(value)}")
    return ", ".join(shown)
