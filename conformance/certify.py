"""`httpcts certify`: run the cases against implementations and report (h2spec, Autobahn).

Strategy: resolve the implementations (modules or ``module:Class`` targets in this
interpreter, in process or isolated in capped workers; targets under another
interpreter via --python; everything found with --all-found), check the report folder
and the baseline before anything runs, run every (implementation, case) pair on a
pool of daemon threads (each case has its own server and its own watchdog), draw a
progress bar on stderr, then judge the results once (`_contract.judge`) and print,
write and exit from that judgement.  Ctrl-C keeps what finished: the partial report
is written, marked incomplete, and the exit status is 130.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, TextIO, Tuple

from . import _baseline, _drivers, _meta
from ._contract import Judgement, judge
from ._drivers import DriverError, Implementation
from ._folders import FolderError, check_file_target, check_report_folder
from ._model import Case
from ._report import (
    DEFAULT_EVIDENCE,
    DEFAULT_TRANSCRIPTS,
    EVIDENCE_CHOICES,
    EVIDENCE_HELP,
    TRANSCRIPT_CHOICES,
    TRANSCRIPTS_HELP,
    Certification,
    markdown_table,
    matrix_rows,
    write_reports,
)
from ._runner import (
    DEFAULT_JOBS,
    Interrupted,
    Progress,
    confirm_regressions,
    open_drivers,
    run_certification,
)
from ._summary import DETAILED, print_summary
from ._targets import base_only_cases
from .cases import all_cases, select

INTERRUPTED = 130


class UsageError(Exception):
    """Bad arguments; reported with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would sys.exit(2) itself
        raise UsageError(message)


def _memory(text: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    unit = units.get(text[-1:].lower(), 1)
    try:
        return int(float(text[:-1] if unit > 1 else text) * unit)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--max-memory wants bytes like 512M or 1G, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="httpcts certify", description="Certify httplib-style implementations against "
                "the httplib 2.6 documentation and the hardened profile.")
    add = p.add_argument
    add("impls", nargs="*", metavar="IMPL", help="module, or module:Class[,HTTPSClass], "
        "offering the httplib API (default: http.client of this interpreter)")
    add("--base", metavar="MODULE", help="where names a target lacks come from (default for "
        "module:Class: this interpreter's http.client / httplib)")
    add("--python", action="append", default=[], metavar="PATH", help="run IMPL (default: the "
        "interpreter's httplib/http.client) under this interpreter; repeatable")
    add("--all-found", action="store_true", help="certify every implementation found: in-process "
        "modules and every interpreter in PATH and pyenv")
    add("--isolate", action=argparse.BooleanOptionalAction, default=None, help="run targets of "
        "this interpreter in worker processes under --max-memory (default: only targets that "
        "are not known implementations)")
    add("--max-memory", type=_memory, default=_drivers.DEFAULT_MAX_MEMORY, metavar="BYTES",
        help="address-space cap per isolated worker (default 1G)")
    add("--profile", choices=("doc", "hardened", "info", "all"), default="all")
    add("--cases", action="append", default=[], metavar="GLOB", help="only case ids matching GLOB")
    add("--exclude", action="append", default=[], metavar="GLOB",
        help="skip case ids matching GLOB")
    add("--jobs", "-j", type=int, default=DEFAULT_JOBS, metavar="N", help=f"cases run concurrently "
        f"(default {DEFAULT_JOBS})")
    add("--report", metavar="DIR",
        help="write report.json, junit.xml, report.md and the site to DIR")
    add("--evidence", choices=EVIDENCE_CHOICES, default=DEFAULT_EVIDENCE, help=EVIDENCE_HELP)
    add("--transcripts", choices=TRANSCRIPT_CHOICES, default=DEFAULT_TRANSCRIPTS,
        help=TRANSCRIPTS_HELP)
    add("--baseline", metavar="FILE", help="a previous report.json (or its folder) or a text "
        "baseline: exit 1 only when a case regressed against it")
    add("--write-baseline", metavar="FILE", help="write this run's verdicts as a text baseline")
    add("--strict-new", action="store_true", help="with --baseline, a failing new case fails too")
    add("--strict", action="store_true", help="NON-STRICT (a SHOULD not met) fails like a FAIL")
    add("--list", action="store_true", help="list the selected cases and exit")
    add("--format", choices=("text", "json"), default="text", help="output format of --list and "
        "the summary")
    add("--quiet", "-q", action="store_true", help="no progress bar")
    add("--verbose", "-v", action="store_true", help=f"print every failing case in full (default: "
        f"the first {DETAILED}, then their ids)")
    return p


def resolve_implementations(args: argparse.Namespace) -> List[Implementation]:
    impls: List[Implementation] = []
    if args.python:
        for python in args.python:
            for module in args.impls or [None]:
                impls.append(_drivers.out_of_process(python, module=module, base=args.base))
    else:
        for module in args.impls or ([] if args.all_found else ["http.client"]):
            if not _drivers.importable(module):
                raise UsageError(f"cannot import {module.partition(':')[0]!r} in this interpreter "
                                 f"({sys.executable})")
            impls.append(_drivers.in_process(module, base=args.base, isolate=args.isolate,
                                             max_memory=args.max_memory))
    if args.all_found:
        have = {i.module for i in impls if i.python is None}
        for module in _drivers.KNOWN_IN_PROCESS:
            if module not in have and _drivers.importable(module):
                impls.append(_drivers.in_process(module, isolate=args.isolate,
                                                 max_memory=args.max_memory))
        impls += _drivers.discover_interpreters()
    names = [i.name for i in impls]
    if len(set(names)) != len(names):
        raise UsageError(f"an implementation is named twice: {names}")
    return impls


def select_cases(args: argparse.Namespace) -> List[Case]:
    cases = select(profile=args.profile, include=args.cases, exclude=args.exclude)
    if cases:
        return cases
    ids = [case.id for case in all_cases()]
    hints = []
    for pattern in args.cases:
        if not any(fnmatch.fnmatchcase(i, pattern) for i in ids):
            plain = not any(ch in pattern for ch in "*?[")
            for guess in (f"{pattern}.*", f"*{pattern}*"):
                if plain and any(fnmatch.fnmatchcase(i, guess) for i in ids):
                    hints.append(f"--cases {pattern!r} matches nothing; "
                                 f"did you mean --cases '{guess}'?")
                    break
            else:
                hints.append(f"--cases {pattern!r} matches no case id (httpcts certify --list)")
    detail = " ".join(hints) or (f"no case matches --profile {args.profile} --cases {args.cases} "
                                 f"--exclude {args.exclude}")
    raise UsageError(detail)


def baselines_of(certs: List[Certification], args: argparse.Namespace,
                 baseline: Optional[Dict[str, Dict[str, str]]]) -> Optional[Dict[str, Any]]:
    """Each implementation's section of the baseline (None without --baseline)."""
    if baseline is None:
        return None
    return {c.impl.name: _baseline.for_implementation(baseline, c.impl.name, c.impl.module,
                                                      args.baseline) for c in certs}


def judge_run(certs: List[Certification], cases: Sequence[Case], args: argparse.Namespace,
              own: Optional[Dict[str, Any]]) -> Judgement:
    results = {c.impl.name: [(r.case.id, r.verdict) for r in c.results] for c in certs}
    base_only = {c.impl.name: base_only_cases(cases, c.impl.from_base) for c in certs}
    return judge(results, strict=args.strict, baseline=own, strict_new=args.strict_new,
                 base_only=base_only)


def _list(cases: List[Case], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([c.to_json() for c in cases], out, indent=1)
        out.write("\n")
        return
    for case in cases:
        out.write(f"{case.id:55} {case.profile:8} {case.level:6} {case.desc[:80]}\n")
    out.write(f"{len(cases)} cases\n")


def _prepare(argv: List[str]) -> Tuple[argparse.Namespace, List[Case], List[Implementation], Any]:
    """Everything that can be refused, refused before the first case runs."""
    args = build_parser().parse_args(argv)
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    if args.strict_new and not args.baseline:
        raise UsageError("--strict-new needs --baseline FILE")
    cases = select_cases(args)
    if args.list:
        return args, cases, [], (None, {})
    _check_tls(cases)
    if args.report:
        check_report_folder(args.report)
    if args.write_baseline:
        check_file_target(args.write_baseline, "--write-baseline", args.report or "")
    baseline = _baseline.load(Path(args.baseline)) if args.baseline else None
    impls = resolve_implementations(args)
    if not impls:
        raise UsageError("no implementation to certify")
    # last: a target that is not httplib-style is refused here, before any case runs
    return args, cases, impls, (baseline, open_drivers(impls))


def _check_tls(cases: Sequence[Case]) -> None:
    """TLS servers need certificates from trustme: say so now, not as ERROR per case."""
    from .cases._scenarios import lookup

    tls = [case.id for case in cases if case.scenario and lookup(case.scenario).tls]
    if tls and importlib.util.find_spec("trustme") is None:
        raise UsageError(f"{len(tls)} selected cases ({tls[0]}, ...) serve TLS and need the "
                         "package trustme: pip install 'httpcts[certify]', or --exclude 'tls.*'")


def _write(args: argparse.Namespace, certs: List[Certification], cases: List[Case],
           meta: Dict[str, Any], judgement: Judgement) -> None:
    if not args.report:
        return
    meta = dict(meta, transcripts=args.transcripts)
    write_reports(args.report, certs, cases, meta, judgement, args.transcripts)
    written = "report.json, junit.xml, report.md"
    try:
        from .site import render_site
    except ModuleNotFoundError as exc:  # jinja2 is the `report` extra
        print(f"no HTML site: {exc.name} is not installed (pip install 'httpcts[report]')",
              file=sys.stderr)
    else:
        render_site(Path(args.report), args.evidence, None if args.quiet else sys.stderr)
        written += ", index.html, spec.html and evidence/"
    print(f"reports written to {args.report}/ ({written})", file=sys.stderr)


def _write_baseline(args: argparse.Namespace, certs: List[Certification],
                    meta: Dict[str, Any]) -> None:
    if args.write_baseline:  # after the report: it may go into the report folder
        verdicts = {c.impl.name: {r.case.id: r.verdict for r in c.results} for c in certs}
        header = [f"httpcts baseline: {', '.join(verdicts)}", f"written {meta['started']} by "
                  f"httpcts {meta['httpcts']}, cases {meta['cases_fingerprint'][:19]}"]
        _baseline.write_text(Path(args.write_baseline), verdicts, header)
        print(f"baseline written to {args.write_baseline}", file=sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:  # before the run started, or while writing the report
        print(f"\nhttpcts certify: interrupted\nexit {INTERRUPTED}: interrupted (Ctrl-C)",
              file=sys.stderr)
        return INTERRUPTED


def _main(argv: List[str]) -> int:
    try:
        args, cases, impls, (baseline, drivers) = _prepare(argv)
        if args.list:
            _list(cases, args.format, sys.stdout)
            return 0
    except (UsageError, DriverError, FolderError, _baseline.BaselineError) as exc:
        print(f"httpcts certify: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    meta = _meta.start_meta(argv, cases, impls, args.profile)
    print(f"httpcts certify: {len(cases)} cases x {len(impls)} implementation(s): "
          + ", ".join(i.name for i in impls), file=sys.stderr)
    progress = Progress(len(cases) * len(impls), sys.stderr, not args.quiet)
    interrupted = False
    try:
        certs = run_certification(impls, cases, jobs=args.jobs, progress=progress, drivers=drivers)
    except DriverError as exc:
        print(f"httpcts certify: {exc}", file=sys.stderr)
        return 2
    except Interrupted as stop:
        certs, interrupted = stop.certs, True
        print("\nhttpcts certify: interrupted; keeping the cases finished so far", file=sys.stderr)
    try:
        own = baselines_of(certs, args, baseline)
        if own is not None and not interrupted:
            confirm_regressions(certs, lambda cert: own[cert.impl.name], jobs=args.jobs)
    except _baseline.BaselineError as exc:
        print(f"httpcts certify: {exc}", file=sys.stderr)
        return 2
    except Interrupted:
        interrupted = True  # during the re-runs: the first run's results stand
    judgement = judge_run(certs, cases, args, own)
    meta = _meta.finish_meta(meta, time.monotonic() - started, interrupted=interrupted)
    if args.format == "json":
        json.dump({"implementations": {c.impl.name: c.summary() for c in certs},
                   "exit_status": INTERRUPTED if interrupted else judgement.status,
                   "reason": judgement.reason}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print_summary(certs, judgement, markdown_table(matrix_rows(certs)), sys.stdout,
                      report=args.report, verbose=args.verbose)
    try:
        _write(args, certs, cases, meta, judgement)
        if not interrupted:  # a partial run would make every case it missed "new"
            _write_baseline(args, certs, meta)
    except OSError as exc:
        print(f"httpcts certify: cannot write the report: {exc}", file=sys.stderr)
        return 2
    print(f"done in {time.monotonic() - started:.1f}s", file=sys.stderr)
    if interrupted:
        print(f"exit {INTERRUPTED}: interrupted (Ctrl-C)", file=sys.stderr)
        return INTERRUPTED
    return judgement.status


if __name__ == "__main__":
    sys.exit(main())
