"""The run contract: which results make the exit status, and why, in one place.

Strategy: `judge` looks at every result once and files it under one role; the exit
status, the closing line of the terminal summary and the JUnit file are all read
from those roles, so they cannot disagree (the JUnit failure count is the number of
cases that make the exit status 1).

Without a baseline: FAIL (a MUST not met) fails, NON-STRICT fails only with
``--strict``, ERROR (a case that could not be judged) makes the exit status 2.
With a baseline: only a regression fails (and, with ``strict_new``, a new case that
fails); a verdict equal to the baseline's is known, whatever it is.  Results of cases
that only check names a base module supplied are never charged to the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ._baseline import Move, classify
from ._schema import Verdict

# role -> (JUnit element, or None for a plain pass)
ROLES = {
    "pass": None,
    "failure": "failure",
    "error": "error",
    "known": "skipped",
    "non-strict": "skipped",
    "skipped": "skipped",
    "base": "skipped",
}


@dataclass
class Role:
    role: str
    reason: str = ""
    move: Optional[Move] = None


@dataclass
class Judgement:
    """Roles per implementation and case, the moves against a baseline, the exit status."""

    roles: Dict[str, Dict[str, Role]] = field(default_factory=dict)
    moves: Dict[str, List[Move]] = field(default_factory=dict)
    status: int = 0
    reason: str = ""

    def ids(self, impl: str, role: str) -> List[str]:
        return sorted(case for case, r in self.roles.get(impl, {}).items() if r.role == role)

    def total(self, role: str) -> int:
        return sum(len(self.ids(impl, role)) for impl in self.roles)


def _role(verdict: str, strict: bool) -> Role:
    if verdict == Verdict.FAIL:
        return Role("failure", "a MUST requirement is not met")
    if verdict == Verdict.ERROR:
        return Role("error", "the case could not be judged")
    if verdict == Verdict.NON_STRICT:
        if strict:
            return Role("failure", "a SHOULD requirement is not met (--strict)")
        return Role("non-strict", "a SHOULD requirement is not met (fails with --strict)")
    if verdict in (Verdict.UNSUPPORTED, Verdict.INFORMATIONAL):
        return Role("skipped", verdict)
    return Role("pass")


def _with_baseline(verdict: str, old: Optional[str], strict: bool, strict_new: bool) -> Role:
    kind = classify(old, verdict)
    move = Move("", kind, old, verdict)
    plain = _role(verdict, strict)
    if kind == "regressed":
        return Role("failure", f"regressed: {old} in the baseline, {verdict} now", move)
    if kind == "new" and plain.role in ("failure", "error"):
        if strict_new:
            return Role("failure", f"new case, {verdict} (--strict-new)", move)
        return Role("known", f"new case, {verdict} (not in the baseline)", move)
    if plain.role in ("failure", "error"):
        return Role("known", f"known {verdict} (in the baseline)", move)
    if kind == "fixed":
        return Role(plain.role, f"fixed: {old} in the baseline, {verdict} now", move)
    return Role(plain.role, plain.reason, move)


def judge(
    results: Mapping[str, Sequence[Tuple[str, str]]],
    *,
    strict: bool = False,
    baseline: Optional[Mapping[str, Mapping[str, str]]] = None,
    strict_new: bool = False,
    base_only: Optional[Mapping[str, Sequence[str]]] = None,
) -> Judgement:
    """``results``: implementation -> [(case id, verdict)]; ``baseline``: implementation ->
    case id -> verdict; ``base_only``: implementation -> cases credited to its base."""
    judgement = Judgement()
    for impl, pairs in results.items():
        roles: Dict[str, Role] = {}
        moves: List[Move] = []
        credited_elsewhere = set((base_only or {}).get(impl, ()))
        for case, verdict in pairs:
            if case in credited_elsewhere:
                roles[case] = Role("base", f"{verdict}, but it checks only names from the base")
                continue
            if baseline is None:
                roles[case] = _role(verdict, strict)
                continue
            role = _with_baseline(verdict, baseline[impl].get(case), strict, strict_new)
            assert role.move is not None
            moves.append(Move(case, role.move.kind, role.move.old, role.move.new))
            roles[case] = role
        judgement.roles[impl] = roles
        if baseline is not None:
            seen = {case for case, _ in pairs}
            moves += [Move(case, "removed", old, None)
                      for case, old in sorted(baseline[impl].items()) if case not in seen]
            judgement.moves[impl] = sorted(moves, key=lambda m: m.case)
    judgement.status, judgement.reason = _exit(judgement, baseline is not None, strict)
    return judgement


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _exit(judgement: Judgement, with_baseline: bool, strict: bool) -> Tuple[int, str]:
    failures, errors = judgement.total("failure"), judgement.total("error")
    if with_baseline:
        regressed = sum(m.kind == "regressed" for moves in judgement.moves.values() for m in moves)
        if failures:
            extra = failures - regressed
            text = _plural(regressed, "case") + " regressed against the baseline"
            return 1, f"exit 1: {text}" + (f", {extra} new failing (--strict-new)" if extra else "")
        return 0, "exit 0: nothing regressed against the baseline"
    if errors:
        also = f"; also {_plural(failures, 'case')} fail" if failures else ""
        return 2, f"exit 2: {_plural(errors, 'case')} could not be judged (ERROR){also}"
    if failures:
        what = "MUST or SHOULD (--strict)" if strict else "MUST"
        return 1, f"exit 1: {_plural(failures, what + ' case')} fail"
    return 0, "exit 0: no MUST case fails" + (" and no SHOULD case (--strict)" if strict else "")
