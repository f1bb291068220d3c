"""The terminal summary of a certification: what a person reads after the progress bar.

Strategy: the matrix first, then per implementation the cases that decide the exit
status (regressed and fixed first when there is a baseline, then FAIL and ERROR
with the requirement, the expected outcomes and the observed values those outcomes
look at), the NON-STRICT ids, and a last line saying why the exit status is what it
is.  Everything is read from the run's `Judgement`, never recomputed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, TextIO

from ._contract import Judgement
from ._model import Case
from ._schema import Verdict
from ._verdicts import describe_expected, describe_observed

# Observation keys shown for every failing case besides the ones its outcomes look at.
ALWAYS_SHOWN = ("raises", "message", "at", "error", "watchdog")
ID_LINE = 96
DETAILED = 25  # failing cases printed in full per implementation (all of them with -v)


def observed_keys(case: Case) -> List[str]:
    keys: List[str] = []
    for outcome in case.expect:
        keys += [key for key in outcome.match if key not in keys]
    return keys + [key for key in ALWAYS_SHOWN if key not in keys]


def describe_looked_at(case: Case, observed: Dict[str, Any]) -> str:
    """The observed values of the keys the case's outcomes look at, absent ones named."""
    keys = ["raises" if key == "raises_not" else key for key in observed_keys(case)]
    shown = describe_observed(observed, keys)
    absent = [key for key in dict.fromkeys(keys) if key not in observed and key not in ALWAYS_SHOWN]
    if "raises" in keys and "raises" not in observed:
        absent = ["raises=None (nothing raised)"] + [k for k in absent if k != "raises"]
    missing = ", ".join(k if "=" in k else f"{k}=<absent>" for k in absent)
    return ", ".join(part for part in (shown, missing) if part)


def describe_failure(result: Any) -> List[str]:
    case = result.case
    observed: Dict[str, Any] = result.observed
    lines = [
        f"  × {case.id} [{case.profile} {case.level}] {result.verdict}: {case.desc}",
        f"      requirement: {case.requirement}",
        f"      expected: {' | '.join(describe_expected(case)) or '-'}",
        f"      observed: {describe_looked_at(case, observed)}",
    ]
    if observed.get("stack"):
        stack = str(observed["stack"]).rstrip().splitlines()[-6:]
        lines.append("      stuck at:\n" + "\n".join(f"        {line}" for line in stack))
    return lines


def wrap_ids(ids: Sequence[str], indent: str = "    ") -> List[str]:
    lines, line = [], indent
    for case in ids:
        if len(line) + len(case) + 1 > ID_LINE and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += case + " "
    if line.strip():
        lines.append(line.rstrip())
    return lines


def print_summary(certs: List[Any], judgement: Judgement, table: str, out: TextIO, *,
                  report: Optional[str] = None, verbose: bool = False) -> None:
    out.write("\n" + table + "\n")
    for cert in certs:
        name = cert.impl.name
        results = {r.case.id: r for r in cert.results}
        moves = judgement.moves.get(name, [])
        lines: List[str] = []
        for kind in ("regressed", "fixed"):
            picked = [m for m in moves if m.kind == kind]
            if picked:
                lines.append(f"  {kind} ({len(picked)}):")
                lines += [f"    {m.case}: {m.old} -> {m.new}" for m in picked]
        failing = [case for role in ("failure", "error") for case in judgement.ids(name, role)]
        shown = failing if verbose else failing[:DETAILED]
        for case in shown:
            lines += describe_failure(results[case])
        if len(shown) < len(failing):
            lines.append(f"  ... and {len(failing) - len(shown)} more (-v shows them all):")
            lines += wrap_ids(failing[len(shown):])
        for role, label in (("non-strict", Verdict.NON_STRICT.value), ("known", "known (baseline)"),
                            ("base", "credited to the base module, not to the target")):
            ids = judgement.ids(name, role)
            if ids:
                lines.append(f"  {label} ({len(ids)}):")
                lines += wrap_ids(ids)
        unstable = [f"{r.case.id} ({' '.join(r.observed['attempts'])})" for r in cert.results
                    if "attempts" in r.observed and judgement.roles[name].get(r.case.id)
                    and judgement.roles[name][r.case.id].role != "failure"]
        if unstable:
            lines.append(f"  regressed once, not on a re-run ({len(unstable)}):")
            lines += wrap_ids(unstable)
        new = [m.case for m in moves if m.kind == "new"]
        if new:
            lines.append(f"  new, not in the baseline ({len(new)}):")
            lines += wrap_ids(new)
        if cert.impl.from_base:
            lines.append(f"  names from the base module {cert.impl.base or 'http.client'}: "
                         f"{len(cert.impl.from_base)}")
        if lines:
            out.write(f"\n{name}:\n" + "\n".join(lines) + "\n")
    hint = f" (see {report}/ for evidence)" if report and judgement.status else ""
    if judgement.status and not report:
        hint = " (--report DIR writes the evidence)"
    out.write(f"\n{judgement.reason}{hint}\n")
