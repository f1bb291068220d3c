"""Baselines and comparisons: what a case's verdict was before, and how it moved.

Strategy: everything compares two maps ``case id -> verdict``.  A baseline is read
from a previous ``report.json`` (one map per implementation) or from a text file of
``case-id VERDICT`` lines (`write_text` writes it, ``[implementation]`` lines open a
section when one file holds several).  `compare` ranks verdicts on one scale and
names each case's move: unchanged, regressed, fixed, new (not in the old map) or
removed (not in the new one).  ``certify --baseline``, ``httpcts diff`` and the pytest
plugin all use these functions, so the three agree on what a regression is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

from ._schema import Report, SchemaError, Verdict

# Worse to better.  UNSUPPORTED sits between FAIL and NON-STRICT: losing a capability
# is a regression, gaining one a fix.  INFORMATIONAL (info cases) ranks with PASS.
RANK = {
    Verdict.ERROR: 0,
    Verdict.FAIL: 1,
    Verdict.UNSUPPORTED: 2,
    Verdict.NON_STRICT: 3,
    Verdict.PASS: 4,
    Verdict.INFORMATIONAL: 4,
}
VERDICT_TEXTS = tuple(v.value for v in Verdict)
MOVES = ("regressed", "fixed", "new", "removed", "unchanged")
ANY_IMPLEMENTATION = "*"


class BaselineError(ValueError):
    """A baseline or report file that cannot be read; its message names the file."""


@dataclass(frozen=True)
class Move:
    """One case compared between two runs."""

    case: str
    kind: str
    old: Optional[str]
    new: Optional[str]


def classify(old: Optional[str], new: Optional[str]) -> str:
    if old is None:
        return "new"
    if new is None:
        return "removed"
    if RANK[new] < RANK[old]:
        return "regressed"
    if RANK[new] > RANK[old]:
        return "fixed"
    return "unchanged"


def compare(old: Mapping[str, str], new: Mapping[str, str], *, removed: bool = True) -> List[Move]:
    """Every case of either map, sorted by id (cases only in ``old`` if ``removed``)."""
    ids = sorted(set(new) | (set(old) if removed else set()))
    return [Move(case, classify(old.get(case), new.get(case)), old.get(case), new.get(case))
            for case in ids]


def by_kind(moves: Iterable[Move]) -> Dict[str, List[Move]]:
    out: Dict[str, List[Move]] = {kind: [] for kind in MOVES}
    for move in moves:
        out[move.kind].append(move)
    return out


# -- reading -------------------------------------------------------------------------


def read_report(path: Path) -> Report:
    """A report.json, given as the file or the folder holding it, read through the schema
    (a report of an older schema version fails with a message that says what to do)."""
    file = path / "report.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such file") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{file}: not a readable report.json ({exc})") from None
    try:
        return Report.from_json(data)
    except SchemaError as exc:
        raise BaselineError(f"{file}: {exc}") from None


def report_verdicts(report: Report) -> Dict[str, Dict[str, str]]:
    """implementation name -> case id -> verdict."""
    return {impl.name: {r.case.id: r.verdict.value for r in impl.results}
            for impl in report.implementations}


def parse_text(text: str, source: str = "baseline") -> Dict[str, Dict[str, str]]:
    """``case-id VERDICT`` lines, ``#`` comments, optional ``[implementation]`` sections."""
    sections: Dict[str, Dict[str, str]] = {}
    current = sections.setdefault(ANY_IMPLEMENTATION, {})
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), {})
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in VERDICT_TEXTS:
            raise BaselineError(f"{source}:{number}: expected 'case-id VERDICT' with VERDICT "
                                f"one of {', '.join(VERDICT_TEXTS)}, got {raw.strip()!r}")
        current[parts[0]] = parts[1]
    if not sections[ANY_IMPLEMENTATION]:
        del sections[ANY_IMPLEMENTATION]
    return sections


def load(path: Path) -> Dict[str, Dict[str, str]]:
    """A baseline file (report.json, its folder, or text): implementation -> verdicts."""
    if path.is_dir() or path.suffix == ".json":
        return report_verdicts(read_report(path))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc.strerror})") from None
    if text.lstrip().startswith("{"):
        return report_verdicts(read_report(path))
    return parse_text(text, str(path))


def for_implementation(baseline: Mapping[str, Dict[str, str]], name: str, module: str,
                       source: str) -> Dict[str, str]:
    """The section of ``baseline`` that belongs to one implementation.

    Exact name first, then the only section, then the one section certifying the same
    module (under the same interpreter minor version when several do): a report made by
    another patch release or the other way of running is still that module's past.
    """
    if name in baseline:
        return baseline[name]
    if len(baseline) == 1:
        return next(iter(baseline.values()))
    same_module = [key for key in baseline if key.split(" (", 1)[0] == module]
    if len(same_module) > 1:  # then the same interpreter flavour and minor version
        same_module = [key for key in same_module if _interpreter(key) == _interpreter(name)]
    if len(same_module) == 1:
        return baseline[same_module[0]]
    holds = ", ".join(map(repr, baseline))
    raise BaselineError(f"{source}: no baseline for {name!r}; it holds {holds}")


def _interpreter(name: str) -> str:
    """"tinyhttp (CPython 3.11.7, isolated)" -> "CPython 3.11"."""
    inside = name.partition(" (")[2]
    flavour, _, version = inside.partition(" ")
    return f"{flavour} {'.'.join(version.split('.')[:2])}"


def write_text(path: Path, verdicts: Mapping[str, Mapping[str, str]],
               header: Iterable[str]) -> None:
    """The text baseline: a comment header, then one section per implementation."""
    lines = [f"# {line}" for line in header]
    lines.append("# case-id VERDICT; regenerate with --write-baseline after an intended change")
    for name, cases in verdicts.items():
        if len(verdicts) > 1:
            lines += ["", f"[{name}]"]
        lines += [f"{case} {verdict}" for case, verdict in sorted(cases.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def counts(moves: Iterable[Move]) -> Tuple[int, int, int, int]:
    """(regressed, fixed, new, removed)."""
    kinds = by_kind(moves)
    return len(kinds["regressed"]), len(kinds["fixed"]), len(kinds["new"]), len(kinds["removed"])
