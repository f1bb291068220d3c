"""`httpcts fuzz`: list, run, reproduce, minimise and measure the coverage of fuzz targets.

Strategy: one argparse parser per subcommand, each a thin shell over _engine,
targets and oracles. `run` prints a live line on stderr and, as its last stdout line,
the campaign's JSON summary; it exits 1 when there are findings, as libFuzzer does.
`repro` and `minimize` take an optional target before the file, and otherwise find
the target and implementation of an input from the campaign folder it lies in
(run.json) or from --target/--impl. A usage error (a bad value, a missing file, an
implementation that does not import) exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import traceback
from pathlib import Path
from typing import Callable, List, NoReturn, Optional, Sequence, Tuple

from . import targets
from ._engine import OUT, campaign_folder
from ._runtime import HARNESSES, ImplementationError, load_impl, timed
from .oracles import control, signature


class UsageError(Exception):
    """A bad command line: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="httpcts fuzz", description=__doc__.splitlines()[0],
                     epilog=f"Campaigns write to ./{OUT}/TARGET-IMPL/ (corpus/, seeds/, findings/, "
                            "libfuzzer.log, summary.json) unless --artifacts says otherwise.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = sub.add_parser("list", help="the fuzz targets and their properties")
    listing.add_argument("--format", choices=("text", "json"), default="text")

    run = sub.add_parser("run", help="run a campaign against one target")
    run.add_argument("target", choices=targets.NAMES)
    run.add_argument("--impl", default="httpcts.reference", help="module under test (default %(default)s)")
    run.add_argument("--time", type=_positive, default=60, help="seconds of fuzzing (default %(default)s)")
    run.add_argument("--jobs", type=_positive, default=1, help="parallel fuzzing processes (libFuzzer -fork)")
    run.add_argument("--corpus", type=Path, help="corpus folder, kept between runs (default ARTIFACTS/corpus)")
    run.add_argument("--artifacts", type=Path,
                     help=f"folder for findings, logs and the summary (default ./{OUT}/TARGET-IMPL)")
    run.add_argument("--runs", type=_positive, help="stop after this many inputs")
    run.add_argument("--harness", choices=HARNESSES, default="oracles",
                     help="oracles (default), or crash-only: only exceptions other than HTTPException count")
    run.add_argument("--engine", choices=("auto", "atheris", "inprocess"), default="auto")
    run.add_argument("--structured", action="store_true",
                     help="drive the Hypothesis strategies with atheris (response target only)")

    for name, text in (("repro", "replay one input and show what it does"),
                       ("minimize", "shrink an input while it keeps its finding")):
        command = sub.add_parser(name, help=text)
        command.add_argument("inputs", nargs="+", metavar="[TARGET] FILE",
                             help="the input, optionally after its target")
        command.add_argument("--target", choices=targets.NAMES)
        command.add_argument("--impl")
        if name == "minimize":
            command.add_argument("--output", type=Path, help="default: FILE.min")
            command.add_argument("--max-tries", type=_positive, default=20000)

    coverage = sub.add_parser("coverage", help="coverage.py HTML report of a corpus replayed")
    coverage.add_argument("target", choices=targets.NAMES)
    coverage.add_argument("--corpus", type=Path, action="append",
                          help=f"corpus folder, repeatable (default: the last run's, ./{OUT}/TARGET-IMPL/corpus and seeds)")
    coverage.add_argument("--impl", default="httpcts.reference")
    coverage.add_argument("--html", type=Path, help="report folder (default fuzz-coverage/TARGET)")
    return parser


def _input_args(args: argparse.Namespace) -> Tuple[Path, Optional[str]]:
    """FILE, or TARGET FILE: the file and the target the command line names."""
    if len(args.inputs) > 2:
        raise UsageError(f"httpcts fuzz {args.command}: expected [TARGET] FILE, got {len(args.inputs)} arguments")
    target = args.target
    if len(args.inputs) == 2:
        named = args.inputs[0]
        if named not in targets.NAMES:
            raise UsageError(f"httpcts fuzz {args.command}: unknown target {named!r}; known: {', '.join(targets.NAMES)}")
        if target is not None and target != named:
            raise UsageError(f"httpcts fuzz {args.command}: target {named!r} and --target {target!r} differ")
        target = named
    path = Path(args.inputs[-1])
    if not path.is_file():
        raise UsageError(f"httpcts fuzz {args.command}: no such input file: {path}")
    return path, target


def _context(path: Path, target: Optional[str], impl: Optional[str]) -> Tuple[str, str]:
    """Target and implementation of an input: flags, else run.json of its campaign folder,
    else a regression-corpus path (fuzz/regressions/TARGET/IMPL/FILE)."""
    path = path.resolve()
    for folder in (path.parent, path.parent.parent):
        info = folder / "run.json"
        if info.is_file():
            meta = json.loads(info.read_text())
            return target or meta["target"], impl or meta["implementation"]
    parts = path.resolve().parts
    if len(parts) >= 3 and parts[-3] in targets.NAMES:
        return target or parts[-3], impl or ("httpcts.reference" if parts[-2] == "reference" else parts[-2])
    if target is None:
        raise UsageError(f"httpcts fuzz: cannot tell the target of {path}; name it (repro TARGET FILE) or pass --target")
    return target, impl or "httpcts.reference"


def _outcome(target: str, impl: str, data: bytes) -> Optional[BaseException]:
    try:
        timed(targets.load(target).test_one_input)(data, load_impl(impl))
    except Exception as exc:
        return exc
    return None


def describe_input(target: str, data: bytes) -> List[str]:
    """The control byte apart from the bytes after it, and what the byte means for `target`."""
    if not data:
        return ["empty input (targets ignore it)"]
    byte = data[0]
    if target == "request":
        meaning = ("request()" if byte & 1 else "putrequest/putheader/endheaders/send") + \
            (", with a body" if byte & 2 else ", no body") + (", strings as UTF-8" if byte & 4 else ", strings as ISO-8859-1")
    elif target == "differential":
        meaning = "unused by this target"
    else:
        plan, method, amt = control(byte)
        plan_text = "whole" if byte & 0x0F == 0 else "pieces of " + ",".join(map(str, plan)) + " bytes"
        meaning = f"split plan {byte & 0x0F} ({plan_text}), {method}, " + ("read()" if amt is None else f"read({amt})")
    rest = data[1:]
    return [f"control byte 0x{byte:02x}: {meaning}",
            f"input ({len(rest)} bytes): {rest[:400]!r}" + (" ..." if len(rest) > 400 else "")]


def repro(path: Path, target: Optional[str], impl: Optional[str]) -> int:
    target, impl = _context(path, target, impl)
    data = path.read_bytes()
    print(f"target {target}, implementation {impl}, {path}")
    for line in describe_input(target, data):
        print(line)
    exc = _outcome(target, impl, data)
    if exc is None:
        print("no finding: the input passes every oracle")
        return 0
    traceback.print_exception(type(exc), exc, exc.__traceback__)
    kind, exc_type, top = signature(exc)
    print(json.dumps({"kind": kind, "exception": exc_type, "top_frame": top, "detail": str(exc)[:300]}))
    return 1


def shrink(data: bytes, keeps: Callable[[bytes], bool], max_tries: int) -> bytes:
    """Delta debugging: remove ever smaller slices, then simplify bytes, while `keeps`."""
    tries = 0
    size = max(1, len(data) // 2)
    while size >= 1 and tries < max_tries:
        start, changed = 1, False  # keep the control byte
        while start < len(data) and tries < max_tries:
            candidate = data[:start] + data[start + size :]
            tries += 1
            if keeps(candidate):
                data, changed = candidate, True
            else:
                start += size
        if not changed:
            size //= 2
    for index in range(1, len(data)):
        if tries >= max_tries:
            break
        for simpler in (b"0", b"a", b" "):
            if data[index : index + 1] in (b"0", b"a", b" ", b"\r", b"\n"):
                break
            candidate = data[:index] + simpler + data[index + 1 :]
            tries += 1
            if keeps(candidate):
                data = candidate
                break
    return data


def minimize(path: Path, target: Optional[str], impl: Optional[str], output: Optional[Path],
             max_tries: int) -> int:
    target, impl = _context(path, target, impl)
    data = path.read_bytes()
    first = _outcome(target, impl, data)
    if first is None:
        print("the input does not produce a finding: nothing to minimise", file=sys.stderr)
        return 1
    wanted = signature(first)

    def keeps(candidate: bytes) -> bool:
        exc = _outcome(target, impl, candidate)
        return exc is not None and signature(exc) == wanted

    small = shrink(data, keeps, max_tries)
    output = output or path.with_name(path.name + ".min")
    output.write_bytes(small)
    print(f"{len(data)} -> {len(small)} bytes, same finding {wanted}: {output}")
    print(repr(small))
    return 0


def coverage_report(target: str, folders: Optional[Sequence[Path]], impl: str, html: Optional[Path]) -> int:
    import coverage

    if not folders:
        last = campaign_folder(target, impl)
        folders = [folder for folder in (last / "corpus", last / "seeds") if folder.is_dir()]
        if not folders:
            raise UsageError(f"httpcts fuzz coverage: no corpus in {last}; run `httpcts fuzz run {target} "
                             f"--impl {impl}` first or pass --corpus DIR")
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"httpcts fuzz coverage: no such corpus folder: {folder}")

    module = targets.load(target)
    cov = coverage.Coverage(branch=True, include=_coverage_include(impl), data_file=None)
    cov.start()
    try:
        implementation = load_impl(impl)
        count = 0
        for folder in folders:
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    count += 1
                    with contextlib.suppress(Exception):  # a corpus may hold findings
                        module.test_one_input(path.read_bytes(), implementation)
    finally:
        cov.stop()
    html = html or Path("fuzz-coverage") / target
    percent = cov.html_report(directory=str(html))
    print(f"{count} inputs replayed; {impl}: {percent:.1f}% line+branch coverage; report {html}/index.html")
    print(json.dumps({"target": target, "implementation": impl, "inputs": count,
                      "percent": round(percent, 1), "html": str(html)}))
    return 0


def _coverage_include(impl: str) -> List[str]:
    module = load_impl(impl)
    origin = Path(module.__file__ or "")
    return [str(origin.parent / "*")] if origin.name == "__init__.py" else [str(origin)]


INTERRUPTED = 130


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 2
    except ImplementationError as exc:  # --impl names a module that does not import
        print(f"httpcts fuzz: --impl: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2


def _main(argv: List[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        rows = targets.describe()
        if args.format == "json":
            print(json.dumps(rows, indent=2))
        else:
            for row in rows:
                print(f"{row['name']:<13} {row['property']}")
        return 0
    if args.command == "run":
        from ._engine import run_campaign

        if args.structured and args.target != "response":
            raise UsageError("httpcts fuzz run: --structured applies to the response target")
        summary = run_campaign(
            args.target, impl=args.impl, seconds=args.time, jobs=args.jobs, corpus_dir=args.corpus,
            artifacts=args.artifacts or campaign_folder(args.target, args.impl), runs=args.runs,
            engine=args.engine, structured=args.structured, harness=args.harness,
        )
        for finding in summary["findings"]:
            print(f"finding: {finding['kind']} {finding['exception'] or ''} {finding['top_frame'] or ''}"
                  f" -> {finding['reproducer']}", file=sys.stderr)
        print(json.dumps(summary))
        if summary["interrupted"]:
            return INTERRUPTED  # Ctrl-C: the summary above covers what ran
        return 1 if summary["findings"] else 0
    if args.command in ("repro", "minimize"):
        path, target = _input_args(args)
        if args.impl:
            load_impl(args.impl)  # a bad --impl is a usage error before anything runs
        if args.command == "repro":
            return repro(path, target, args.impl)
        return minimize(path, target, args.impl, args.output, args.max_tries)
    load_impl(args.impl)
    return coverage_report(args.target, args.corpus, args.impl, args.html)
