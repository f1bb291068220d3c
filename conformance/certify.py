"""`httpcts certify`: run the cases against implementations and report (h2spec, Autobahn).

Strategy: resolve the implementations (modules in this interpreter, modules under
another interpreter via --python, or everything found with --all-found), run
every (implementation, case) pair in one thread pool (each case has its own
server; out-of-process drivers grow one subprocess per busy slot), draw a progress
bar on stderr, then print the summary table and the ✔/× lines of failing cases on
stdout.  Exit status: 0 when no MUST case fails, 1 when one does, 2 on a usage or
harness error.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, TextIO, Tuple

from . import _drivers
from ._drivers import DriverError, Implementation
from ._model import Case
from ._report import Certification, markdown_table, matrix_rows, write_reports
from ._run import Result, run_case
from ._verdicts import describe_expected, describe_observed
from .cases import select

DEFAULT_JOBS = 8


class UsageError(Exception):
    """Bad arguments; reported with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would sys.exit(2) itself
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="httpcts certify", description="Certify httplib-style implementations against the httplib 2.6 documentation and the hardened profile.")
    p.add_argument("impls", nargs="*", metavar="IMPL", help="module offering the httplib API (default: http.client of this interpreter)")
    p.add_argument("--python", action="append", default=[], metavar="PATH", help="run IMPL (default: the interpreter's httplib/http.client) under this interpreter; repeatable")
    p.add_argument("--all-found", action="store_true", help="certify every implementation found: in-process modules and every interpreter in PATH and pyenv")
    p.add_argument("--profile", choices=("doc", "hardened", "info", "all"), default="all")
    p.add_argument("--cases", action="append", default=[], metavar="GLOB", help="only case ids matching GLOB (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip case ids matching GLOB (repeatable)")
    p.add_argument("--jobs", "-j", type=int, default=DEFAULT_JOBS, metavar="N", help=f"cases run concurrently (default {DEFAULT_JOBS})")
    p.add_argument("--report", metavar="DIR", help="write report.json, junit.xml and report.md to DIR")
    p.add_argument("--list", action="store_true", help="list the selected cases and exit")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format of --list and the summary")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--verbose", "-v", action="store_true", help="also print NON-STRICT cases")
    return p


def resolve_implementations(args: argparse.Namespace) -> List[Implementation]:
    impls: List[Implementation] = []
    if args.python:
        for python in args.python:
            if args.impls:
                impls += [_drivers.out_of_process(python, module=m) for m in args.impls]
            else:
                impls.append(_drivers.out_of_process(python))
    else:
        for module in args.impls or ([] if args.all_found else ["http.client"]):
            if not _drivers.importable(module):
                raise UsageError(f"cannot import {module!r} in this interpreter ({sys.executable})")
            impls.append(_drivers.in_process(module))
    if args.all_found:
        have = {i.module for i in impls if i.in_process}
        for module in _drivers.KNOWN_IN_PROCESS:
            if module not in have and _drivers.importable(module):
                impls.append(_drivers.in_process(module))
        impls += _drivers.discover_interpreters()
    names = [i.name for i in impls]
    if len(set(names)) != len(names):
        raise UsageError(f"an implementation is named twice: {names}")
    return impls


class Progress:
    """cases done/total, verdict counts, elapsed: one line on stderr."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.done = 0
        self.counts: Counter = Counter()
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self._last = 0.0

    def update(self, result: Result) -> None:
        with self.lock:
            self.done += 1
            self.counts[result.verdict] += 1
            now = time.monotonic()
            if self.enabled and (self.tty and now - self._last > 0.1 or self.done == self.total):
                self._last = now
                self._draw(final=self.done == self.total)

    def _draw(self, final: bool) -> None:
        width = 30
        filled = int(width * self.done / max(1, self.total))
        counts = " ".join(f"{v} {n}" for v, n in sorted(self.counts.items()))
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {counts} {time.monotonic() - self.started:.1f}s"
        self.stream.write(("\r" if self.tty else "") + line + ("\n" if final or not self.tty else ""))
        self.stream.flush()


def run_certification(
    impls: Sequence[Implementation], cases: Sequence[Case], *, jobs: int = DEFAULT_JOBS,
    progress: Optional[Progress] = None,
) -> List[Certification]:
    """Run every case against every implementation; drivers are closed afterwards."""
    drivers: Dict[str, Any] = {}
    certs: Dict[str, Certification] = {}
    try:
        for impl in impls:
            driver = _drivers.make_driver(impl)
            drivers[impl.name] = driver
            python = getattr(driver, "hello", {}).get("python", impl.python_version)
            certs[impl.name] = Certification(impl, python=python)
        work: List[Tuple[Implementation, Case]] = [(impl, case) for impl in impls for case in cases]
        # slow cases first so the pool's tail is short
        work.sort(key=lambda item: -item[1].deadline)

        def one(item: Tuple[Implementation, Case]) -> Tuple[str, Result]:
            impl, case = item
            try:
                result = run_case(case, drivers[impl.name])
            except Exception as exc:  # noqa: BLE001 - a harness bug must not stop the run
                result = Result(case, "ERROR", {"error": f"harness: {exc!r}"})
            if progress:
                progress.update(result)
            return impl.name, result

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for name, result in pool.map(one, work):
                certs[name].results.append(result)
    finally:
        for driver in drivers.values():
            driver.close()
    return [certs[impl.name] for impl in impls]


def print_summary(certs: List[Certification], out: TextIO, *, verbose: bool = False) -> None:
    out.write("\n" + markdown_table(matrix_rows(certs)) + "\n")
    for cert in certs:
        bad = [r for r in sorted(cert.results, key=lambda r: r.case.id)
               if r.verdict in ("FAIL", "ERROR") or (verbose and r.verdict == "NON-STRICT")]
        if not bad:
            continue
        out.write(f"\n{cert.impl.name}:\n")
        for r in bad:
            out.write(f"  × {r.case.id} [{r.case.profile} {r.case.level}] {r.verdict}: {r.case.desc[:100]}\n")
            out.write(f"      requirement: {r.case.requirement}\n")
            out.write(f"      expected: {' | '.join(describe_expected(r.case)) or '-'}\n")
            out.write(f"      observed: {describe_observed(r.observed)[:300]}\n")
    out.write("\n")


def _list(cases: List[Case], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([c.to_json() for c in cases], out, indent=1)
        out.write("\n")
        return
    for case in cases:
        out.write(f"{case.id:55} {case.profile:8} {case.level:6} {case.desc[:80]}\n")
    out.write(f"{len(cases)} cases\n")


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.jobs < 1:
            raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
        cases = select(profile=args.profile, include=args.cases, exclude=args.exclude)
        if not cases:
            raise UsageError(f"no case matches --profile {args.profile} --cases {args.cases} --exclude {args.exclude}")
        if args.list:
            _list(cases, args.format, sys.stdout)
            return 0
        impls = resolve_implementations(args)
        if not impls:
            raise UsageError("no implementation to certify")
    except UsageError as exc:
        print(f"httpcts certify: {exc}", file=sys.stderr)
        return 2
    except DriverError as exc:
        print(f"httpcts certify: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    print(f"httpcts certify: {len(cases)} cases x {len(impls)} implementation(s): " + ", ".join(i.name for i in impls),
          file=sys.stderr)
    progress = Progress(len(cases) * len(impls), sys.stderr, not args.quiet)
    try:
        certs = run_certification(impls, cases, jobs=args.jobs, progress=progress)
    except DriverError as exc:
        print(f"httpcts certify: {exc}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started
    if args.format == "json":
        json.dump({c.impl.name: c.summary() for c in certs}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print_summary(certs, sys.stdout, verbose=args.verbose)
    if args.report:
        meta = {"argv": list(argv or sys.argv[1:]), "elapsed_s": round(elapsed, 2), "profile": args.profile,
                "harness_python": sys.version.split()[0]}
        write_reports(args.report, certs, cases, meta)
        written = "report.json, junit.xml, report.md"
        try:
            from .site import render_site
        except ModuleNotFoundError as exc:  # jinja2 is the `report` extra
            print(f"no HTML site: {exc.name} is not installed (pip install 'httpcts[report]')",
                  file=sys.stderr)
        else:
            render_site(Path(args.report))
            written += ", index.html and evidence/"
        print(f"reports written to {args.report}/ ({written})", file=sys.stderr)
    failed = any(r.verdict == "FAIL" for c in certs for r in c.results)
    errors = any(r.verdict == "ERROR" for c in certs for r in c.results)
    print(f"done in {elapsed:.1f}s", file=sys.stderr)
    if errors and not failed:
        return 2 if all(r.verdict == "ERROR" for c in certs for r in c.results) else 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
