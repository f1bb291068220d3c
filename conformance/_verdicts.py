"""Matching observations against expected outcomes, and grading (Autobahn, h2spec).

Strategy: an observation is a flat JSON dict; an outcome's ``match`` maps keys to
matchers.  A matcher is a literal (equality), or a one-key dict:

  ``{"$raises": "Name"}``   the value is a recorded exception whose MRO names Name
  ``{"$in": [...]}``        equal to one of the values
  ``{"$re": "regex"}``      a string the regex finds
  ``{"$contains": x}`` / ``{"$not_contains": x}``   membership in a list or string
  ``{"$absent": True}``     the key is not in the observation
  ``{"$not": m}``           the matcher m does not hold
  ``{"$ge": n}`` / ``{"$le": n}``                     numeric bounds
  ``{"$len": n}``           a list or string of length n

Two keys are special, because they are about the exception the program ended with:

  ``raises``  a class name or a list of them: the exception's MRO names one (so
              RemoteDisconnected counts as BadStatusLine, and eventlet's classes
              match by name); ``None``: nothing was raised.  A socket timeout or a
              program still running at its deadline (``Hang``) matches only a
              matcher that names ``Timeout`` or ``Hang``: waiting is never refusing.
  ``at``      a list of operation names: the exception came from one of them (the
              driver records ``at`` as ``"INDEX:OP"``), so a refusal is credited
              only to the step that met the hostile element.

The first outcome that matches decides; none matching gives FAIL for MUST,
NON-STRICT for SHOULD, INFORMATIONAL for INFO.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from ._model import Case, Outcome

_MISSING = object()
# Exceptions that only say the client waited: they match no refusal.
WAITING = ("Timeout", "Hang")


def _matches(value: Any, matcher: Any) -> bool:
    if isinstance(matcher, dict) and matcher and all(str(k).startswith("$") for k in matcher):
        return all(_operator(value, op, arg) for op, arg in matcher.items())
    if value is _MISSING:
        return False
    if isinstance(matcher, bool) or isinstance(value, bool):
        return value is matcher
    return bool(value == matcher)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _operator(value: Any, op: str, arg: Any) -> bool:
    if op == "$absent":
        return (value is _MISSING) == bool(arg)
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
    if op in ("$contains", "$not_contains"):
        return isinstance(value, (list, str)) and (arg in value) == (op == "$contains")
    if op == "$ge":
        return _number(value) and value >= arg
    if op == "$le":
        return _number(value) and value <= arg
    if op == "$len":
        return isinstance(value, (list, str)) and len(value) == arg
    raise ValueError(f"unknown matcher {op!r} (argument {arg!r})")


def raised_names(obs: Dict[str, Any]) -> List[str]:
    """The class names of the exception the program ended with ([] if none)."""
    if "raises" not in obs:
        return []
    return list(obs.get("mro") or [obs["raises"]])


def _raises_matches(obs: Dict[str, Any], matcher: Any) -> bool:
    if matcher is None:
        return "raises" not in obs
    names = raised_names(obs)
    wanted = matcher if isinstance(matcher, list) else [matcher]
    if any(name in names for name in WAITING) and not any(name in WAITING for name in wanted):
        return False
    return any(name in names for name in wanted)


def operation_at(obs: Dict[str, Any]) -> Optional[str]:
    """The name of the operation that raised (``"3:read"`` -> ``"read"``), or None."""
    at = obs.get("at")
    return at.split(":", 1)[-1] if isinstance(at, str) else None


def outcome_matches(obs: Dict[str, Any], outcome: Outcome) -> bool:
    for key, matcher in outcome.match.items():
        if key == "raises":
            if not _raises_matches(obs, matcher):
                return False
        elif key == "at":
            if operation_at(obs) not in matcher:
                return False
        elif not _matches(obs.get(key, _MISSING), matcher):
            return False
    return True


def grade(case: Case, obs: Dict[str, Any]) -> Tuple[str, Optional[str]]:
    """(verdict, label of the matching outcome or None).

    A documented API the implementation lacks fails a doc case: the signature is
    part of what the documentation states.  Only what the spec does not document
    (``set_tunnel``, a ``context`` argument) is UNSUPPORTED.
    """
    if "harness_error" in obs or "error" in obs:
        return "ERROR", None
    if case.level == "INFO":
        matched = next((o for o in case.expect if outcome_matches(obs, o)), None)
        return "INFORMATIONAL", (matched.note or None) if matched else None
    if "unsupported" in obs:
        if case.profile == "doc":
            return _unmatched(case), f"lacks the documented {obs['unsupported']}"
        return "UNSUPPORTED", None
    for outcome in case.expect:
        if outcome_matches(obs, outcome):
            return outcome.verdict, outcome.note or None
    return _unmatched(case), None


def _unmatched(case: Case) -> str:
    return "FAIL" if case.level == "MUST" else "NON-STRICT"


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
