"""Matching observations against expected outcomes, and grading (Autobahn, h2spec).

Strategy: an observation is a flat JSON dict; an outcome's ``match`` maps keys to
matchers.  A matcher is a literal (equality), or a one-key dict:

  ``{"$raises": "Name"}``   the value is a recorded exception whose MRO names Name
  ``{"$in": [...]}``        equal to one of the values
  ``{"$re": "regex"}``      a string the regex finds
  ``{"$contains": x}`` / ``{"$not_contains": x}``   membership in a list or string
  ``{"$absent": True}``     the key is not in the observation
  ``{"$any": [m, ...]}`` / ``{"$not": m}``           combinations
  ``{"$ge": n}`` / ``{"$le": n}``                     numeric bounds
  ``{"$header": "name"}`` with ``value``              (see `_header_matches`)

The key ``raises`` is special: ``"raises": "BadStatusLine"`` holds when the raised
exception's MRO names BadStatusLine (so RemoteDisconnected counts, and eventlet's
classes match by name); ``"raises": None`` holds when nothing was raised.
The first outcome that matches decides; none matching gives FAIL for MUST,
NON-STRICT for SHOULD, INFORMATIONAL for INFO.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional, Tuple

from ._model import Case, Outcome

_MISSING = object()


def _matches(value: Any, matcher: Any) -> bool:
    if isinstance(matcher, dict) and len(matcher) >= 1 and all(str(k).startswith("$") for k in matcher):
        return all(_operator(value, op, arg) for op, arg in matcher.items())
    if value is _MISSING:
        return False
    if isinstance(matcher, bool) or isinstance(value, bool):
        return value is matcher
    return bool(value == matcher)


def _operator(value: Any, op: str, arg: Any) -> bool:
    if op == "$absent":
        return (value is _MISSING) == bool(arg)
    if op == "$any":
        return any(_matches(value, m) for m in arg)
    if op == "$not":
        return not _matches(value, arg)
    if value is _MISSING:
        return False
    if op == "$raises":
        return isinstance(value, dict) and arg in value.get("mro", ())
    if op == "$in":
        return any(_matches(value, m) for m in arg)
    if op == "$re":
        return isinstance(value, str) and re.search(arg, value) is not None
    if op == "$contains":
        return isinstance(value, (list, str)) and arg in value
    if op == "$not_contains":
        return isinstance(value, (list, str)) and arg not in value
    if op == "$ge":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= arg
    if op == "$le":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value <= arg
    if op == "$startswith":
        return isinstance(value, str) and value.startswith(arg)
    if op == "$len":
        return isinstance(value, (list, str)) and len(value) == arg
    raise ValueError(f"unknown matcher {op!r} (argument {arg!r})")


def outcome_matches(obs: Dict[str, Any], outcome: Outcome) -> bool:
    for key, matcher in outcome.match.items():
        if key == "raises_not":
            mro = obs.get("mro") or []
            if any(name in mro for name in matcher):
                return False
            continue
        if key == "raises":
            mro = obs.get("mro") or ([obs["raises"]] if "raises" in obs else [])
            if matcher is None:
                if "raises" in obs:
                    return False
            elif isinstance(matcher, list):
                if not any(name in mro for name in matcher):
                    return False
            elif isinstance(matcher, dict):
                if not _matches(obs.get("raises", _MISSING), matcher):
                    return False
            elif matcher not in mro:
                return False
            continue
        if not _matches(obs.get(key, _MISSING), matcher):
            return False
    return True


def grade(case: Case, obs: Dict[str, Any]) -> Tuple[str, Optional[str]]:
    """(verdict, label of the matching outcome or None)."""
    if "harness_error" in obs or "error" in obs:
        return "ERROR", None
    if "unsupported" in obs:
        return ("INFORMATIONAL" if case.level == "INFO" else "UNSUPPORTED"), None
    for outcome in case.expect:
        if outcome_matches(obs, outcome):
            verdict = outcome.verdict
            if case.level == "INFO":
                verdict = "INFORMATIONAL"
            return verdict, outcome.note or None
    if case.level == "INFO":
        return "INFORMATIONAL", None
    return ("FAIL" if case.level == "MUST" else "NON-STRICT"), None


def describe_expected(case: Case) -> list:
    """The expected outcomes as short strings (h2spec's Expected list)."""
    out = []
    for outcome in case.expect:
        if outcome.verdict not in ("PASS", "INFORMATIONAL"):
            continue
        parts = [f"{k}={_show(v)}" for k, v in outcome.match.items()]
        out.append(", ".join(parts) or "(anything)")
    return out


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else repr(value)
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
