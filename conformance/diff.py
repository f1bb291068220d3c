"""`httpcts diff OLD NEW`: what changed between two reports, per implementation and profile.

Strategy: read both report.json files, pair their implementations (same name; or
the only one of each, so two different implementations can be compared too), and
`_baseline.compare` each pair's verdicts.  The same result is printed as text, as
JSON for tools, or as Markdown for a pull-request comment.  Exit status 1 when a
case regressed, 0 otherwise, 2 when a report cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ._baseline import BaselineError, by_kind, compare, read_report, report_verdicts
from ._schema import Report

SHOWN = ("regressed", "fixed", "new", "removed")


def pair_implementations(old: Report, new: Report) -> List[Tuple[str, str]]:
    """(old name, new name) pairs: equal names, else the only implementation of each."""
    old_names = [impl.name for impl in old.implementations]
    new_names = [impl.name for impl in new.implementations]
    if len(old_names) == 1 and len(new_names) == 1:
        return [(old_names[0], new_names[0])]
    return [(name, name) for name in new_names if name in old_names]


def _profiles(report: Report) -> Dict[str, str]:
    return {case.id: case.profile for case in report.cases}


def diff_reports(old: Report, new: Report) -> Dict[str, Any]:
    """The comparison as JSON-able data (what --format json prints)."""
    old_impls, new_impls = report_verdicts(old), report_verdicts(new)
    profiles = {**_profiles(old), **_profiles(new)}
    pairs = pair_implementations(old, new)
    out: Dict[str, Any] = {"implementations": [], "unpaired": {
        "old": sorted(set(old_impls) - {o for o, _ in pairs}),
        "new": sorted(set(new_impls) - {n for _, n in pairs})}}
    for old_name, new_name in pairs:
        moves = compare(old_impls[old_name], new_impls[new_name])
        entry: Dict[str, Any] = {"old": old_name, "new": new_name, "profiles": {}}
        for move in moves:
            if move.kind == "unchanged":
                continue
            profile = entry["profiles"].setdefault(profiles.get(move.case, "") or "?",
                                                   {kind: [] for kind in SHOWN})
            profile[move.kind].append({"case": move.case, "old": move.old, "new": move.new})
        entry["counts"] = {kind: len(by_kind(moves)[kind]) for kind in SHOWN}
        out["implementations"].append(entry)
    out["regressed"] = sum(e["counts"]["regressed"] for e in out["implementations"])
    meta_old, meta_new = old.meta, new.meta
    fingerprints = (meta_old.get("cases_fingerprint"), meta_new.get("cases_fingerprint"))
    out["same_cases"] = None if None in fingerprints else fingerprints[0] == fingerprints[1]
    return out


def _title(entry: Dict[str, Any]) -> str:
    same = entry["old"] == entry["new"]
    return entry["new"] if same else f"{entry['old']} -> {entry['new']}"


def _counts(entry: Dict[str, Any]) -> str:
    return ", ".join(f"{entry['counts'][kind]} {kind}" for kind in SHOWN)


def as_text(data: Dict[str, Any]) -> str:
    lines: List[str] = []
    for entry in data["implementations"]:
        lines.append(f"{_title(entry)}: {_counts(entry)}")
        for profile, kinds in sorted(entry["profiles"].items()):
            for kind in SHOWN:
                for item in kinds[kind]:
                    lines.append(f"  {kind:9} {profile:8} {item['case']}: {item['old'] or '-'} -> "
                                 f"{item['new'] or '-'}")
    for side in ("old", "new"):
        for name in data["unpaired"][side]:
            lines.append(f"only in {side}: {name}")
    if data["same_cases"] is False:
        lines.append("note: the two reports were made with different case sets")
    lines.append(f"{data['regressed']} regressed" + (" (exit 1)" if data["regressed"] else ""))
    return "\n".join(lines) + "\n"


def as_markdown(data: Dict[str, Any]) -> str:
    icon = ":x:" if data["regressed"] else ":white_check_mark:"
    lines = [f"### httpcts: {data['regressed']} regressed {icon}", ""]
    for entry in data["implementations"]:
        lines += [f"**{_title(entry)}**: {_counts(entry)}", ""]
        rows = [(kind, profile, item) for profile, kinds in sorted(entry["profiles"].items())
                for kind in SHOWN for item in kinds[kind]]
        if rows:
            lines += ["| change | profile | case | before | after |", "|---|---|---|---|---|"]
            lines += [f"| {kind} | {profile} | `{item['case']}` | {item['old'] or '-'} | "
                      f"{item['new'] or '-'} |" for kind, profile, item in rows]
            lines.append("")
    for side in ("old", "new"):
        lines += [f"- only in {side}: {name}" for name in data["unpaired"][side]]
    if data["same_cases"] is False:
        lines.append("> the two reports were made with different case sets")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="httpcts diff", description="Compare two certification reports (folders or "
        "report.json files); exit 1 on regressions.")
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")
    parser.add_argument("--format", choices=("text", "json", "md"), default="text")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        data = diff_reports(read_report(Path(args.old)), read_report(Path(args.new)))
    except BaselineError as exc:
        print(f"httpcts diff: {exc}", file=sys.stderr)
        return 2
    if not data["implementations"]:
        print("httpcts diff: the reports have no implementation in common", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=1) + "\n")
    else:
        sys.stdout.write(as_markdown(data) if args.format == "md" else as_text(data))
    return 1 if data["regressed"] else 0

