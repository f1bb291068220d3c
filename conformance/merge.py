"""`httpcts report merge OUT IN...`: one report from the reports of separate runs.

Strategy: a matrix grows past one machine by letting the CI system's own job matrix
run the interpreters (one ``certify --report`` per job) and merging their report
folders here into one report folder, written through the report schema: report.json,
junit.xml and report.md with one matrix, then one site.  Reports are
comparable only when they ran the same cases with the same expectations (the case
fingerprint in ``meta``); a mixed merge is refused, naming the cases that differ,
unless ``--allow-mixed``.  An implementation present in two inputs is refused too:
a merge combines runs, it never picks between two verdicts for one cell.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from ._baseline import BaselineError, read_report
from ._contract import judge
from ._drivers import Implementation
from ._folders import FolderError, check_report_folder
from ._model import Case
from ._report import Certification, write_reports
from ._schema import ImplementationReport, Report

SHOWN_IDS = 10


class MergeError(ValueError):
    """Reports that cannot be merged; the message says which and why."""


def _case_map(report: Report) -> Dict[str, Case]:
    return {case.id: case for case in report.cases}


def _names(ids: Sequence[str]) -> str:
    ids = sorted(ids)
    more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
    return ", ".join(ids[:SHOWN_IDS]) + more


def case_differences(first: Report, other: Report) -> List[str]:
    """Why two reports' case sets differ, in words ([] when they do not)."""
    a, b = _case_map(first), _case_map(other)
    out = []
    if set(a) - set(b):
        out.append(f"only in the first: {_names(list(set(a) - set(b)))}")
    if set(b) - set(a):
        out.append(f"only in this one: {_names(list(set(b) - set(a)))}")
    changed = [i for i in set(a) & set(b)
               if a[i].expect != b[i].expect or a[i].level != b[i].level]
    if changed:
        out.append(f"same id, other expectations: {_names(changed)}")
    fingerprints = [r.meta.get("cases_fingerprint") for r in (first, other)]
    if not out and None not in fingerprints and fingerprints[0] != fingerprints[1]:
        out.append("the case fingerprints differ (the expectations changed between versions)")
    return out


def merge_reports(reports: List[Report], sources: List[str], *,
                  allow_mixed: bool = False) -> Report:
    problems = []
    for report, source in zip(reports[1:], sources[1:]):
        differences = case_differences(reports[0], report)
        if differences:
            problems.append(f"{source} vs {sources[0]}: " + "; ".join(differences))
    if problems and not allow_mixed:
        raise MergeError("the reports were made with different case sets (--allow-mixed merges "
                         "them anyway):\n  " + "\n  ".join(problems))
    owner: Dict[str, str] = {}
    implementations: List[ImplementationReport] = []
    for report, source in zip(reports, sources):
        for impl in report.implementations:
            if impl.name in owner:
                raise MergeError(f"{impl.name!r} is in both {owner[impl.name]} and {source}")
            owner[impl.name] = source
            implementations.append(impl)
    cases: Dict[str, Case] = {}
    for report in reports:
        for case in report.cases:
            cases.setdefault(case.id, case)
    metas = [dict(r.meta, source=s) for r, s in zip(reports, sources)]
    fingerprints = {m.get("cases_fingerprint") for m in metas}
    meta = {
        "merged_from": metas,
        "cases_fingerprint": fingerprints.pop() if len(fingerprints) == 1 else "mixed",
        "started": min((m.get("started") or "" for m in metas), default=""),
        "httpcts": metas[0].get("httpcts"),
        "incomplete": any(m.get("incomplete") for m in metas),
        "mixed_cases": bool(problems),
    }
    return Report(meta, [cases[i] for i in sorted(cases)], implementations)


def certification(impl: ImplementationReport) -> Certification:
    """A stored implementation's results, ready for the writers (JUnit, report.md)."""
    target = impl.target or {}
    return Certification(
        Implementation(name=impl.name, module=impl.module, python=impl.executable,
                       python_version=impl.python, info=impl.info, base=target.get("base"),
                       from_base=list(target.get("from_base") or [])),
        list(impl.results), impl.python)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="httpcts report merge", description="Merge report folders (or report.json files) "
        "of separate runs into one report folder.")
    parser.add_argument("out", metavar="OUT", help="the report folder to write")
    parser.add_argument("inputs", nargs="+", metavar="IN",
                        help="report folders or report.json files")
    parser.add_argument("--allow-mixed", action="store_true",
                        help="merge reports made with different case sets")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        out = check_report_folder(args.out, "OUT")
        reports = [read_report(Path(path)) for path in args.inputs]
        merged = merge_reports(reports, list(args.inputs), allow_mixed=args.allow_mixed)
    except (BaselineError, FolderError, MergeError) as exc:
        print(f"httpcts report merge: {exc}", file=sys.stderr)
        return 2
    certs = [certification(impl) for impl in merged.implementations]
    judgement = judge({c.impl.name: [(r.case.id, r.verdict) for r in c.results] for c in certs})
    # each input kept the transcripts its run chose to keep: keep all of them
    write_reports(str(out), certs, merged.cases, merged.meta, judgement, transcripts="all")
    written = "report.json, junit.xml, report.md"
    try:
        from .site import render_site
    except ModuleNotFoundError as exc:  # jinja2 is the `report` extra
        print(f"no HTML site: {exc.name} is not installed", file=sys.stderr)
    else:
        render_site(out)
        written += ", index.html and evidence/"
    names = ", ".join(c.impl.name for c in certs)
    print(f"httpcts report merge: {len(args.inputs)} reports, {names} -> {out}/ ({written})")
    return 0
