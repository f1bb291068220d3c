"""Shared builders for the case tables: outcomes in one line, cases from catalogue rows.

Strategy: `wire(...)` turns one table row (scenario id, profile, expected outcomes)
into a Case whose description is the scenario's own (it quotes the payload), whose
references are the scenario's plus the row's, and whose program defaults to the plain
client (construct, request with the scenario's method, getresponse, read).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Sequence, Tuple

from .._model import Case, Group, Outcome
from ._programs import Op, fetch

SPEC_REF = "httplib 2.6 docs"

# Exceptions a client may raise for bytes it refuses (documented family or socket errors).
REFUSED = ["HTTPException"]
ANY_ERROR = ["HTTPException", "OSError", "ValueError"]


def ok(**match: Any) -> Outcome:
    """PASS when every key matches and nothing was raised (unless `raises` is given)."""
    match.setdefault("raises", None)
    return Outcome("PASS", match)


def raises(names: Any, note: str = "", **match: Any) -> Outcome:
    match["raises"] = names
    return Outcome("PASS", match, note)


def graded(verdict: str, note: str = "", **match: Any) -> Outcome:
    return Outcome(verdict, match, note)


def label(note: str, **match: Any) -> Outcome:
    """An INFO label naming a known behaviour."""
    return Outcome("INFORMATIONAL", match, note)


def _scenario(scenario_id: str) -> Any:
    from ._scenarios import lookup

    return lookup(scenario_id)


def wire(
    group: Group,
    scenario_id: str,
    profile: str,
    expect: Sequence[Outcome] = (),
    *,
    slug: Optional[str] = None,
    level: Optional[str] = None,
    spec: Iterable[str] = (),
    refs: Iterable[str] = (),
    program: Optional[Tuple[Op, ...]] = None,
    requirement: str = "",
    desc: Optional[str] = None,
    **fields: Any,
) -> Case:
    scenario = _scenario(scenario_id)
    if level is None:
        level = "INFO" if profile == "info" else "MUST"
    if slug is None:
        slug = scenario_id.split(".", 1)[1]
    if program is None:
        program = fetch(scenario.client_method)
    references = tuple(dict.fromkeys(tuple(refs) + tuple(scenario.references)))
    return group.add(
        slug,
        profile=profile,
        level=level,
        spec=tuple(spec) or ("HTTPResponse.read",),
        desc=desc or scenario.description,
        requirement=requirement or "observed and compared across implementations",
        program=program,
        expect=tuple(expect),
        scenario=scenario_id,
        references=references,
        **fields,
    )


def table_ids(rows: Iterable[Dict[str, Any]]) -> list:
    return [row["scenario"] for row in rows]
