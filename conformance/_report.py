"""Reports: report.json (the `_schema.Report`), junit.xml and report.md.

Strategy: one `Certification` per implementation holds its results; the writers are
pure functions of those objects.  report.json is written through the schema's
records (cases with their programs and outcomes, results with the observation, the
deciding outcome and the wire transcript of every connection), compact, because a
13-implementation run holds thousands of results; report.md is the matrix of
implementations by profile followed by the cases where implementations disagree.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Sequence

from ._drivers import Implementation
from ._model import Case
from ._schema import SCHEMA_FILE, ImplementationReport, Report, Result, Summary, Verdict
from ._targets import target_json

# Which results get an evidence page in the HTML site (``--evidence``) and which keep
# their wire transcripts in report.json (``--transcripts``), by the same names.  By
# default only the results a profile failed get both, so a 13-implementation report
# stays small; the rest is one option away.
EVIDENCE_VERDICTS: Dict[str, FrozenSet[Verdict]] = {
    "failures": frozenset({Verdict.FAIL, Verdict.NON_STRICT, Verdict.UNSUPPORTED, Verdict.ERROR}),
    "non-pass": frozenset(v for v in Verdict if v is not Verdict.PASS),
    "all": frozenset(Verdict),
    "none": frozenset(),
}
EVIDENCE_CHOICES = tuple(EVIDENCE_VERDICTS)
DEFAULT_EVIDENCE = "failures"
TRANSCRIPT_CHOICES = EVIDENCE_CHOICES
DEFAULT_TRANSCRIPTS = "failures"


def verdict_list(verdicts: FrozenSet[Verdict]) -> str:
    """``FAIL, NON-STRICT`` in enum order: what an --evidence choice covers, in words."""
    return ", ".join(v.value for v in Verdict if v in verdicts) or "none"


EVIDENCE_HELP = (
    "which results get an evidence page in the site: failures (default: "
    f"{verdict_list(EVIDENCE_VERDICTS['failures'])}), non-pass (those and "
    f"{Verdict.INFORMATIONAL.value}), all, none"
)
TRANSCRIPTS_HELP = (
    "which results keep their wire transcript in report.json, as for --evidence: failures "
    "(default), non-pass, all, none; the evidence pages of results without one say so"
)


def summarise(results: Sequence[Result]) -> Summary:
    """Counts per profile and verdict, profiles in case order, verdicts in enum order."""
    counts: Dict[str, Counter] = {}
    for result in results:
        counts.setdefault(result.case.profile, Counter())[result.verdict] += 1
    return {profile: {v: c[v] for v in Verdict if c[v]} for profile, c in counts.items()}


@dataclass
class Certification:
    impl: Implementation
    results: List[Result] = field(default_factory=list)
    python: str = ""

    def summary(self) -> Summary:
        return summarise(self.results)

    def must_failures(self) -> List[Result]:
        return [r for r in self.results if r.verdict is Verdict.FAIL]

    def record(self, transcripts: str = "all") -> ImplementationReport:
        """The stored form; ``transcripts``: which results keep theirs (TRANSCRIPT_CHOICES)."""
        if transcripts not in TRANSCRIPT_CHOICES:
            raise ValueError(f"transcripts must be one of {TRANSCRIPT_CHOICES}, "
                             f"got {transcripts!r}")
        kept = EVIDENCE_VERDICTS[transcripts]
        results = [r if r.verdict in kept else dataclasses.replace(r, transcripts=None)
                   for r in self.results]
        return ImplementationReport(
            name=self.impl.name,
            module=self.impl.module,
            python=self.python or self.impl.python_version,
            results=results,
            summary=self.summary(),
            executable=self.impl.python,
            info=dict(self.impl.info),
            target=target_json(self.impl, [r.case for r in self.results]),
        )


def report_json(certs: List[Certification], cases: List[Case], meta: Dict[str, Any],
                transcripts: str = DEFAULT_TRANSCRIPTS) -> Dict[str, Any]:
    records = [c.record(transcripts) for c in certs]
    return Report(meta, list(cases), records).to_json()

MATRIX_VERDICTS = tuple(v for v in Verdict if v is not Verdict.INFORMATIONAL)


def matrix_rows(certs: List[Certification]) -> List[List[str]]:
    names = "/".join(v.value.lower() for v in MATRIX_VERDICTS)
    rows = [["implementation", f"doc ({names})", "hardened (same)", "info"]]
    for cert in certs:
        summary = cert.summary()
        cells = [cert.impl.name]
        for profile in ("doc", "hardened"):
            counts = summary.get(profile, {})
            cells.append("/".join(str(counts.get(v, 0)) for v in MATRIX_VERDICTS))
        cells.append(str(summary.get("info", {}).get(Verdict.INFORMATIONAL, 0)))
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
    return result.verdict.value


def report_md(certs: List[Certification], cases: List[Case]) -> str:
    matrix = markdown_table(matrix_rows(certs))
    out = ["# httpcts certification report", "", "## Matrix", "", matrix, ""]
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
                  meta: Dict[str, Any], judgement: Any,
                  transcripts: str = DEFAULT_TRANSCRIPTS) -> None:
    from ._junit import junit_xml

    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report_json(certs, cases, meta, transcripts), handle, separators=(",", ":"))
    with open(os.path.join(directory, "junit.xml"), "w", encoding="utf-8") as handle:
        handle.write(junit_xml(certs, judgement))
    with open(os.path.join(directory, "report.md"), "w", encoding="utf-8") as handle:
        handle.write(report_md(certs, cases))


def schema_path() -> Any:
    """The shipped JSON Schema of report.json (an importlib.resources Traversable)."""
    from importlib import resources

    return resources.files("httpcts.conformance").joinpath(SCHEMA_FILE)


def validate_json(obj: Any) -> None:
    """Check a parsed report.json against the shipped JSON Schema (needs ``jsonschema``);
    raises ``jsonschema.ValidationError`` naming the first offending path."""
    import jsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(obj)
