"""The case model: a case is data (Autobahn's DESCRIPTION/EXPECTATION, h2spec's groups).

Strategy: `Case` is a frozen dataclass that says what is checked (`spec` items named
exactly as in the spec file, `references`), how (`scenario` from httpcts.servers or
None, `program`: client operations as JSON-able dicts) and what is acceptable
(`expect`: `Outcome`s tried in order, the first match decides).  Profiles:
``doc`` (what the 2.6 documentation states), ``hardened`` (security requirements)
and ``info`` (observed and shown side by side, no verdict).  The modules under
`cases/` are tables of rows, one `cases._build.case(...)` call per case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from ..servers import DELIVERY_NAMES as DELIVERIES  # how the server cuts what it sends
from ._schema import Verdict

PROFILES = ("doc", "hardened", "info")
LEVELS = ("MUST", "SHOULD", "INFO")
# What an outcome may grade as (UNSUPPORTED and ERROR come from the run, not a match).
OUTCOME_VERDICTS = (Verdict.PASS, Verdict.NON_STRICT, Verdict.FAIL, Verdict.INFORMATIONAL)
ID_RE = re.compile(r"[a-z0-9][a-z0-9_+-]*(\.[a-z0-9][a-z0-9_+-]*)+")

Op = Dict[str, Any]
Match = Dict[str, Any]


class CaseError(ValueError):
    """A case was built from invalid data."""


@dataclass(frozen=True)
class Outcome:
    """One acceptable (or graded) observation: every key of `match` must hold."""

    verdict: Verdict
    match: Match
    note: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in OUTCOME_VERDICTS:
            names = ", ".join(v.value for v in OUTCOME_VERDICTS)
            raise CaseError(f"Outcome.verdict must be one of {names}, got {self.verdict!r}")
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        if not isinstance(self.match, dict):
            raise CaseError(f"Outcome.match must be a dict, got {self.match!r}")

    def to_json(self) -> Dict[str, Any]:
        return {"verdict": self.verdict.value, "match": self.match, "note": self.note}

    @classmethod
    def from_json(cls, obj: Any) -> Outcome:
        if not isinstance(obj, dict):
            raise CaseError(f"an outcome must be an object, got {obj!r:.80}")
        return cls(obj.get("verdict"), obj.get("match"), obj.get("note", ""))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    """One conformance case.

    ``desc`` is the stimulus (what the server sends or the client calls),
    ``requirement`` the expectation in words; ``lines`` the lines of the shipped
    spec file that state it (every doc case cites some); ``delivery`` how the
    server cuts its bytes (`DELIVERIES`); ``time_scale`` shrinks the
    scenario's delays and ``timeout`` (seconds, real time) is the socket timeout
    programs get through the ``$timeout`` placeholder.
    """

    id: str
    profile: str
    level: str
    spec: Tuple[str, ...]
    desc: str
    requirement: str
    program: Tuple[Op, ...]
    expect: Tuple[Outcome, ...] = ()
    scenario: Optional[str] = None
    references: Tuple[str, ...] = ()
    lines: Tuple[int, ...] = ()
    delivery: str = "whole"
    time_scale: float = 0.05
    deadline: float = 8.0
    title: str = ""

    def __post_init__(self) -> None:
        where = f"Case {self.id!r}"
        if not ID_RE.fullmatch(self.id):
            raise CaseError(f"Case.id must be dotted lower-case words, got {self.id!r}")
        if self.profile not in PROFILES:
            raise CaseError(f"{where}: profile must be one of {PROFILES}, got {self.profile!r}")
        if self.level not in LEVELS:
            raise CaseError(f"{where}: level must be one of {LEVELS}, got {self.level!r}")
        if (self.profile == "info") != (self.level == "INFO"):
            raise CaseError(
                f"{where}: level INFO goes with profile info, got {self.profile}/{self.level}"
            )
        if self.profile != "info" and not any(o.verdict is Verdict.PASS for o in self.expect):
            raise CaseError(f"{where}: a {self.profile} case needs at least one PASS outcome")
        if not all(isinstance(x, tuple) for x in (self.spec, self.references, self.lines)):
            raise CaseError(f"{where}: spec, references and lines must be tuples")
        if self.profile == "doc" and not self.lines:
            raise CaseError(f"{where}: a doc case must cite the spec lines stating its requirement")
        if self.delivery not in DELIVERIES:
            raise CaseError(f"{where}: delivery must be one of {DELIVERIES}, got {self.delivery!r}")
        if not self.program:
            raise CaseError(f"{where}: program must list at least one operation")
        for op in self.program:
            if not isinstance(op, dict) or "op" not in op:
                raise CaseError(
                    f"{where}: every program step must be a dict with an 'op', got {op!r}"
                )

    @property
    def group(self) -> str:
        return self.id.rsplit(".", 1)[0]

    def to_json(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "profile": self.profile,
            "level": self.level,
            "spec": list(self.spec),
            "lines": list(self.lines),
            "delivery": self.delivery,
            "references": list(self.references),
            "scenario": self.scenario,
            "desc": self.desc,
            "requirement": self.requirement,
            "program": list(self.program),
            "expected": [o.to_json() for o in self.expect],
            "time_scale": self.time_scale,
            "deadline": self.deadline,
        }

    @classmethod
    def from_json(cls, obj: Any) -> Case:
        """The case `to_json` wrote; errors name the field."""
        if not isinstance(obj, dict):
            raise CaseError(f"a case must be an object, got {obj!r:.80}")
        fields = {k: v for k, v in obj.items() if k in _CASE_FIELDS}
        unknown = set(obj) - _CASE_FIELDS - {"expected"}
        if unknown:
            raise CaseError(f"Case {obj.get('id')!r} has no field(s) {sorted(unknown)}")
        for name in ("spec", "lines", "references", "program"):
            if isinstance(fields.get(name), list):
                fields[name] = tuple(fields[name])
        fields["expect"] = tuple(Outcome.from_json(o) for o in obj.get("expected") or ())
        try:
            return cls(**fields)
        except TypeError as exc:
            raise CaseError(f"Case {obj.get('id')!r}: {exc}") from None


_CASE_FIELDS = {
    "id", "title", "profile", "level", "spec", "lines", "delivery", "references", "scenario",
    "desc", "requirement", "program", "time_scale", "deadline",
}  # fmt: skip
