"""Running a target under atheris/libFuzzer: the one launcher, the time oracle, the recorder.

Strategy: a target module imports nothing of the code under test at module level and
carries no entry point; `python -m httpcts.fuzz TARGET [libFuzzer flags]` (`launch`)
looks it up in the target table, and `fuzz_main` imports the implementation inside
`atheris.instrument_imports()` so libFuzzer gets coverage of it. Two modes:
stand-alone (OSS-Fuzz, ClusterFuzzLite, the launcher run by hand), where a finding is
an uncaught exception and stops the run as libFuzzer expects; and campaign mode
(`httpcts fuzz run` sets HTTPCTS_FUZZ_FINDINGS),
where each distinct finding is saved once, deduplicated by its signature, and the
campaign goes on. In both modes an input slower than SLOW_INPUT_S (instrumented: ten times that) is a finding
(`slow-input`, see `timed`); libFuzzer's -timeout still stops a true hang.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shlex
import sys
import time
import types
from pathlib import Path
from typing import Callable, List, Optional, Sequence

TargetFunction = Callable[[bytes, Optional[types.ModuleType]], None]

IMPL_ENV = "HTTPCTS_FUZZ_IMPL"
FINDINGS_ENV = "HTTPCTS_FUZZ_FINDINGS"
# "oracles" (the target's own test) or "crash-only" (fuzz/crash_only.py)
HARNESS_ENV = "HTTPCTS_FUZZ_HARNESS"
HARNESSES = ("oracles", "crash-only")
# A module the implementation derives from: findings it shares on the same input are
# not recorded (bench/fuzz_bugs.py: the unpatched copy of a seeded bug)
BASELINE_ENV = "HTTPCTS_FUZZ_BASELINE"
DEFAULT_IMPL = "httpcts.reference"
# An input that takes longer than this is a finding: a parser that spends 100 ms on
# at most 8 KB is a denial of service waiting for a bigger input (the reference's
# head regexes on 3.9 took 1.44 s for 14 repeated lines, tripling with each line).
SLOW_INPUT_S = 0.1
SLOW_RETRIES = 2  # a slow input is timed again this many times: the best CPU time counts
# Under libFuzzer the code under test is instrumented (atheris traces every branch and
# comparison), which makes Python code up to about ten times slower: the same budget
# is 1 s there. A regex or an allocation, which run in C, are not slowed.
INSTRUMENTED_SLOWDOWN = 10
# The launcher (`python -m LAUNCHER TARGET ...`) and the one launchable that is not in
# the target table: the Hypothesis strategies driven by atheris (fuzz/structured.py)
LAUNCHER = "httpcts.fuzz"
STRUCTURED = "structured"


class ImplementationError(ImportError):
    """The --impl module cannot be imported (a usage error, not a finding)."""


def load_impl(name: Optional[str] = None) -> types.ModuleType:
    """The implementation module under test: `name`, else $HTTPCTS_FUZZ_IMPL, else the reference.

    Loaded as `httpcts certify` loads a target (driver_main.load_target): a module
    whose own names are not all httplib's gets the rest from its known base
    (geventhttpclient.httplib: its classes, http.client's other names).
    """
    from httpcts.conformance.driver_main import KNOWN_BASES, TargetError, load_target

    name = name or os.environ.get(IMPL_ENV) or DEFAULT_IMPL
    try:
        module, _ = load_target(name, KNOWN_BASES.get(name))
    except TargetError as exc:
        raise ImplementationError(str(exc)) from None
    return module  # type: ignore[no-any-return]


def timed(test_one_input: TargetFunction, budget: float = SLOW_INPUT_S) -> TargetFunction:
    """`test_one_input` plus the time oracle: an input slower than `budget` is a finding.

    Wall time picks the candidates (one clock read each side, nearly free); a
    candidate is run SLOW_RETRIES more times on the process's CPU clock, which other
    processes on a busy machine do not advance, and only the best of those runs
    counts. Exceptions pass through unchanged.
    """
    from .oracles import Finding

    clock = time.perf_counter

    def run(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
        start = clock()
        test_one_input(data, impl)
        if clock() - start <= budget:
            return
        best = float("inf")
        for _ in range(SLOW_RETRIES):
            start = time.process_time()
            try:
                test_one_input(data, impl)
            finally:
                best = min(best, time.process_time() - start)
        if best > budget:
            raise Finding("slow-input", f"over {budget * 1000:.0f} ms; best of {SLOW_RETRIES} more runs "
                          f"{best * 1000:.0f} ms of CPU for {len(data)} bytes")

    return run


class Recorder:
    """Saves the first input of each distinct finding under `folder`; never raises."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.seen: set = set()

    def record(self, data: bytes, exc: BaseException) -> Path:
        from .oracles import signature

        sig = signature(exc)
        digest = hashlib.sha1(repr(sig).encode()).hexdigest()[:16]
        path = self.folder / f"finding-{digest}"
        if digest not in self.seen:
            self.seen.add(digest)
            if not path.exists():
                path.write_bytes(data)
                meta = {"kind": sig[0], "exception": sig[1], "top_frame": sig[2], "message": str(exc)[:500],
                        "time": time.time()}
                path.with_suffix(".json").write_text(json.dumps(meta) + "\n")
        return path


def finding_class(exc: BaseException) -> tuple:
    """What two runs must share to be the same finding, wherever the code lives:
    the kind and exception type, and for an oracle's finding the head of its detail."""
    from .oracles import signature

    kind, exc_type, where = signature(exc)
    return (kind, exc_type, where) if exc_type == "Finding" else (kind, exc_type)


def shared_with(test: TargetFunction, data: bytes, baseline: types.ModuleType, exc: BaseException) -> bool:
    """Whether `baseline` fails `test` on `data` the same way as `exc` says the implementation did."""
    try:
        test(data, baseline)
    except Exception as other:
        return finding_class(other) == finding_class(exc)
    return False


def harness_test(test_one_input: TargetFunction, target: str, harness: Optional[str] = None) -> TargetFunction:
    """The test function `harness` (else $HTTPCTS_FUZZ_HARNESS) asks for: the target's oracles, or crash-only."""
    harness = harness or os.environ.get(HARNESS_ENV) or "oracles"
    if harness not in HARNESSES:
        raise SystemExit(f"{HARNESS_ENV}={harness!r}: expected one of {', '.join(HARNESSES)}")
    if harness == "crash-only":
        from .crash_only import harness as crash_only

        return crash_only(target)
    return test_one_input


def launchable() -> List[str]:
    """What the launcher runs: every target of the table, then the structured fuzzer."""
    from . import targets

    return [*targets.NAMES, STRUCTURED]


def launch_command(name: str) -> List[str]:
    """The command line that runs `name` under libFuzzer; its flags and corpus folders follow."""
    return [sys.executable, "-m", LAUNCHER, name]


def launch_test(name: str) -> TargetFunction:
    """The test function of launchable `name`."""
    from . import targets

    if name == STRUCTURED:
        from .structured import test_one_input

        return test_one_input
    return targets.load(name).test_one_input  # type: ignore[no-any-return]


def launch(argv: Sequence[str]) -> None:
    """`python -m httpcts.fuzz TARGET [libFuzzer flags and corpus folders]`: TARGET under libFuzzer.

    Exit status 2 and one line naming the known targets when TARGET is missing or unknown.
    """
    names = launchable()
    if not argv or argv[0] not in names:
        got = f"unknown target {argv[0]!r}" if argv else "no target given"
        print(f"python -m {LAUNCHER}: {got}; usage: python -m {LAUNCHER} TARGET [libFuzzer flags] "
              f"[corpus folders], TARGET one of {', '.join(names)}", file=sys.stderr)
        raise SystemExit(2)
    name, rest = argv[0], list(argv[1:])
    # libFuzzer's -fork and -jobs workers re-run argv[0] through the shell with the
    # same flags: it must be the whole launcher command, target included
    fuzz_main(launch_test(name), [shlex.join(launch_command(name)), *rest], name)


def fuzz_main(test_one_input: TargetFunction, argv: Optional[list] = None, target: Optional[str] = None) -> None:
    """Run `test_one_input` under atheris/libFuzzer with the instrumented implementation.

    `target` names the target for the crash-only harness (default: argv[0]'s file stem).
    """
    import atheris

    argv = list(sys.argv if argv is None else argv)
    raw_test = harness_test(test_one_input, target or Path(argv[0]).stem)
    test = timed(raw_test, SLOW_INPUT_S * INSTRUMENTED_SLOWDOWN)
    baseline_test = timed(raw_test)  # the baseline is not instrumented

    name = os.environ.get(IMPL_ENV) or DEFAULT_IMPL
    # the code under test only: instrumenting the oracles would slow every input down.
    # Its package too (geventhttpclient.httplib parses in geventhttpclient.response);
    # http.client parses header blocks with the email package: that is code under test.
    package = {name.rsplit(".", 1)[0]} if "." in name and not name.startswith("httpcts.") else set()
    include = sorted({"httpcts.reference", name} | package | ({"email"} if name == "http.client" else set()))
    with atheris.instrument_imports(include=include):
        impl = load_impl(name)
        importlib.import_module("httpcts.reference")
    folder = os.environ.get(FINDINGS_ENV)
    recorder = Recorder(Path(folder)) if folder else None
    baseline_name = os.environ.get(BASELINE_ENV)
    baseline = load_impl(baseline_name) if baseline_name else None

    def one_input(data: bytes) -> None:
        try:
            test(data, impl)
        except Exception as exc:
            if baseline is not None and shared_with(baseline_test, data, baseline, exc):
                return
            if recorder is None:
                print(f"finding on input {data!r}", file=sys.stderr)
                raise
            recorder.record(data, exc)

    atheris.Setup(argv, one_input)
    atheris.Fuzz()
