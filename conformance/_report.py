"""Reports: report.json (the shape the report site reads), junit.xml and report.md.

Strategy: one `Certification` per implementation holds its results; the writers are
pure functions of those objects.  report.json keeps, per result, the expected
outcomes, the observation and the wire transcript of every connection (evidence a
later report site renders); report.md is the matrix of implementations by profile
followed by the cases where implementations disagree.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List

from ._drivers import Implementation
from ._model import PROFILES, VERDICTS, Case
from ._run import Result
from ._targets import target_json


@dataclass
class Certification:
    impl: Implementation
    results: List[Result] = field(default_factory=list)
    python: str = ""

    def summary(self) -> Dict[str, Dict[str, int]]:
        out: Dict[str, Dict[str, int]] = {}
        for profile in PROFILES:
            counts = Counter(r.verdict for r in self.results if r.case.profile == profile)
            if counts:
                out[profile] = {v: counts.get(v, 0) for v in VERDICTS if counts.get(v, 0)}
        return out

    def must_failures(self) -> List[Result]:
        return [r for r in self.results if r.verdict == "FAIL"]

    def to_json(self) -> Dict[str, Any]:
        return {
            "name": self.impl.name,
            "module": self.impl.module,
            "python": self.python or self.impl.python_version,
            "executable": self.impl.python,
            "summary": self.summary(),
            "target": target_json(self.impl, [r.case for r in self.results]),
            "results": [r.to_json() for r in sorted(self.results, key=lambda r: r.case.id)],
        }


def report_json(certs: List[Certification], cases: List[Case], meta: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "tool": "httpcts certify",
        "meta": meta,
        "implementations": [c.to_json() for c in certs],
        "cases": [
            {
                "id": case.id,
                "title": case.title,
                "profile": case.profile,
                "level": case.level,
                "spec": list(case.spec),
                "references": list(case.references),
                "scenario": case.scenario,
                "desc": case.desc,
                "requirement": case.requirement,
            }
            for case in cases
        ],
    }


MATRIX_VERDICTS = ("PASS", "FAIL", "NON-STRICT", "UNSUPPORTED", "ERROR")


def matrix_rows(certs: List[Certification]) -> List[List[str]]:
    rows = [["implementation", "doc (pass/fail/non-strict/unsupported/error)", "hardened (same)", "info"]]
    for cert in certs:
        summary = cert.summary()
        cells = [cert.impl.name]
        for profile in ("doc", "hardened"):
            counts = summary.get(profile, {})
            cells.append("/".join(str(counts.get(v, 0)) for v in MATRIX_VERDICTS))
        cells.append(str(summary.get("info", {}).get("INFORMATIONAL", 0)))
        rows.append(cells)
    return rows


def markdown_table(rows: List[List[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def _short(result: Result) -> str:
    if result.case.level == "INFO":
        obs = result.observed
        if "raises" in obs:
            return f"raises {obs['raises']}"
        return (result.label or "ok") if result.label else "ok"
    return result.verdict


def report_md(certs: List[Certification], cases: List[Case]) -> str:
    out = ["# httpcts certification report", "", "## Matrix", "", markdown_table(matrix_rows(certs)), ""]
    by_case: Dict[str, Dict[str, Result]] = {}
    for cert in certs:
        for result in cert.results:
            by_case.setdefault(result.case.id, {})[cert.impl.name] = result
    names = [c.impl.name for c in certs]
    disagreements = []
    for case in cases:
        results = by_case.get(case.id, {})
        values = {_short(r) for r in results.values()}
        if len(values) > 1:
            disagreements.append((case, results))
    out += ["## Disagreements", "", f"{len(disagreements)} cases where implementations differ.", ""]
    if disagreements and names:
        out.append("| case | level | " + " | ".join(names) + " |")
        out.append("|---|---|" + "|".join("---" for _ in names) + "|")
        for case, results in disagreements:
            cells = [_short(results[n]) if n in results else "" for n in names]
            out.append(f"| `{case.id}` | {case.profile}/{case.level} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def write_reports(directory: str, certs: List[Certification], cases: List[Case],
                  meta: Dict[str, Any], judgement: Any) -> None:
    from ._junit import junit_xml

    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report_json(certs, cases, meta), handle, indent=1)
    with open(os.path.join(directory, "junit.xml"), "w", encoding="utf-8") as handle:
        handle.write(junit_xml(certs, judgement))
    with open(os.path.join(directory, "report.md"), "w", encoding="utf-8") as handle:
        handle.write(report_md(certs, cases))
