"""`httpcts mutate`: the suite's power, measured by certifying mutants of the reference.

Strategy: `_mutants` lists every one-change mutant of `reference/` with a stable id.
Each mutant runs in a subprocess of its own (``--worker ID``) that imports the
mutated copy as `MUTANT_PACKAGE` and certifies it in process with the doc and
hardened cases, stopping at the first normative verdict that is not PASS (confirmed
by running that case once more, so a kill does not rest on one slow moment of a
shared machine).  The parent runs ``--jobs`` workers at a time, kills a worker past
its timeout (the mutant hangs: counted as detected, reported as a timeout), and first
certifies the unmutated copy the same way: if that is not all PASS, every kill would
be meaningless and the run stops.  Survivors listed in MUTANTS.md (`_ledger`) with
the reason they are equivalent do not count against the score.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Sequence, TextIO

from ._mutants import MUTANT_PACKAGE, Mutant, MutantError, enumerate_mutants, install
from ._mutation_ledger import Ledger, default_ledger_path
from ._schema import Verdict

NORMATIVE = ("doc", "hardened")
WORKER_THREADS = 8
MIN_TIMEOUT = 60.0
DETECTED = ("killed", "timeout")
RERUN = ("survived", "known-gap", "equivalent", "error")


@dataclass
class Outcome:
    """What one mutant's certification found."""

    id: str
    status: str  # killed, timeout, survived, known-gap (survived, listed), equivalent, error
    seconds: float
    killed_by: Optional[str] = None
    verdict: Optional[str] = None
    detail: str = ""
    flaky: List[str] = field(default_factory=list)


# -- the worker: one mutant, in its own process ---------------------------------------


def _certify_until_killed(first: Sequence[str], threads: int) -> Dict[str, Any]:
    from ._drivers import InProcessDriver, in_process
    from ._run import run_case
    from .cases import select

    cases = [case for profile in NORMATIVE for case in select(profile=profile)]
    rank = {case_id: index for index, case_id in enumerate(first)}
    cases.sort(key=lambda case: rank.get(case.id, len(rank)))
    driver = InProcessDriver(in_process(MUTANT_PACKAGE))
    flaky: List[str] = []
    # never joined: the worker exits at once.  Twice the threads, so that a confirmation
    # starts at once beside at most `threads` cases in flight.
    pool = ThreadPoolExecutor(max_workers=2 * threads)
    queue = iter(cases)
    pending: Dict[Any, Any] = {}
    while True:
        while sum(1 for _, again in pending.values() if not again) < threads:
            case = next(queue, None)
            if case is None:
                break
            pending[pool.submit(run_case, case, driver)] = (case, False)
        if not pending:
            break
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            case, confirming = pending.pop(future)
            result = future.result()
            if result.verdict is Verdict.PASS:
                flaky += [case.id] if confirming else []
            elif not confirming:  # run it again beside the others before claiming a kill
                pending[pool.submit(run_case, case, driver)] = (case, True)
            else:
                shown = {k: v for k, v in result.observed.items() if k not in ("mro", "wire_in")}
                return {"killed_by": case.id, "verdict": result.verdict.value, "flaky": flaky,
                        "detail": json.dumps(shown, default=str)[:400]}
    return {"survived": len(cases), "flaky": flaky}


def _worker(mutant_id: str, first: Sequence[str], threads: int) -> int:
    # the answer goes to the real stdout; anything the mutant prints (debuglevel) to stderr
    answer_to = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    answer: Dict[str, Any]
    mutant = next((m for m in enumerate_mutants() if m.id == mutant_id), None)
    if mutant is None and mutant_id != "none":
        answer = {"error": f"no mutant {mutant_id!r} in this reference"}
    else:
        answer = _judge(mutant, first, threads)
    answer_to.write(json.dumps(answer) + "\n")
    answer_to.flush()
    os._exit(0)  # the cases still running (a hung one included) die with the process


def _judge(mutant: Optional[Mutant], first: Sequence[str], threads: int) -> Dict[str, Any]:
    install(mutant)
    try:
        __import__(MUTANT_PACKAGE)
    except MutantError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a mutant that breaks the import is detected
        return {"killed_by": "import", "verdict": Verdict.ERROR.value, "detail": repr(exc)}
    if mutant is not None and mutant.file != "__init__.py":
        changed = sys.modules.get(f"{MUTANT_PACKAGE}.{mutant.file[:-3]}")
        if getattr(changed, "__mutant__", None) != mutant.id:
            return {"error": f"{mutant.file} was not loaded from the mutant"}
    return _certify_until_killed(first, threads)


# -- the parent: select, run, classify, report ----------------------------------------


def _run_one(mutant_id: str, first: Sequence[str], timeout: float) -> Dict[str, Any]:
    argv = [sys.executable, "-m", "httpcts.conformance.mutate", "--worker", mutant_id,
            "--first", ",".join(first)]
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"timeout": True, "seconds": time.monotonic() - started}
    lines = out.strip().splitlines()
    try:
        answer: Dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        answer = {"error": f"worker exited {process.returncode}: {err.strip()[-400:]}"}
    answer["seconds"] = time.monotonic() - started
    return answer


def classify(mutant: Mutant, answer: Dict[str, Any], ledger: Ledger) -> Outcome:
    seconds = round(float(answer.get("seconds", 0.0)), 2)
    flaky = list(answer.get("flaky", []))
    if answer.get("timeout"):
        return Outcome(mutant.id, "timeout", seconds, detail="killed after the timeout")
    if "error" in answer:
        return Outcome(mutant.id, "error", seconds, detail=str(answer["error"]))
    if "killed_by" in answer:
        return Outcome(mutant.id, "killed", seconds, answer["killed_by"], answer.get("verdict"),
                       str(answer.get("detail", "")), flaky)
    entry = ledger.lookup(mutant)
    if entry is None:
        return Outcome(mutant.id, "survived", seconds, flaky=flaky)
    status = "equivalent" if entry.equivalent else "known-gap"
    return Outcome(mutant.id, status, seconds, detail=entry.reason, flaky=flaky)


class Progress:
    """done/total, counts by status, elapsed and an estimate: one line on stderr."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.counts: Counter = Counter()
        self.started = time.monotonic()
        self.tty = enabled and stream.isatty()
        self.lock = threading.Lock()

    def update(self, outcome: Outcome) -> None:
        with self.lock:
            self.counts[outcome.status] += 1
            done = sum(self.counts.values())
            if not self.enabled or not self.tty and done % 10 and done != self.total:
                return
            elapsed = time.monotonic() - self.started
            left = elapsed / done * (self.total - done)
            counts = " ".join(f"{k} {n}" for k, n in sorted(self.counts.items()))
            line = f"[{done}/{self.total}] {counts} {elapsed:.0f}s elapsed, ~{left:.0f}s left"
            end = "\n" if done == self.total or not self.tty else ""
            self.stream.write(("\r\x1b[K" if self.tty else "") + line + end)
            self.stream.flush()


def score(outcomes: Sequence[Outcome]) -> Dict[str, Any]:
    counts = Counter(o.status for o in outcomes)
    detected = sum(counts[s] for s in DETECTED)
    judged = detected + counts["survived"] + counts["known-gap"]
    return {
        "total": len(outcomes),
        **{status: counts[status] for status in
           ("killed", "timeout", "survived", "known-gap", "equivalent", "error")},
        "score": round(detected / judged, 4) if judged else 1.0,
    }


def summary_text(outcomes: Sequence[Outcome], mutants: Dict[str, Mutant], ledger: Ledger,
                 wall: float) -> str:
    figures = score(outcomes)
    lines = [
        f"mutants {figures['total']}: killed {figures['killed']}, timeouts {figures['timeout']}, "
        f"survived {figures['survived'] + figures['known-gap']} ({figures['known-gap']} known "
        f"gaps in MUTANTS.md), equivalent {figures['equivalent']}, errors {figures['error']}",
        f"score: {figures['score']:.1%} of the non-equivalent mutants detected "
        f"(killed + timeouts over all but the equivalent and errors); wall time {wall:.0f} s",
    ]
    for status, title in (("survived", "survivors MUTANTS.md does not list"), ("error", "errors")):
        chosen = [o for o in outcomes if o.status == status]
        if chosen:
            lines.append(f"\n{title}:")
            for o in chosen:
                lines.append(f"  {o.id}  {mutants[o.id].source[:70]}  {o.detail[:100]}".rstrip())
    listed_but_killed = [o.id for o in outcomes if o.status in DETECTED
                         and "::" not in getattr(ledger.lookup(mutants[o.id]), "id", "::")]
    if listed_but_killed:
        lines.append("\nlisted as equivalent in MUTANTS.md but detected (remove them):")
        lines += [f"  {mutant_id}" for mutant_id in listed_but_killed]
    return "\n".join(lines)


def select_mutants(args: argparse.Namespace) -> List[Mutant]:
    mutants = enumerate_mutants()
    if args.files:
        mutants = [m for m in mutants if any(fnmatch.fnmatch(m.file, g) for g in args.files)]
    if args.rerun:
        with open(args.rerun, encoding="utf-8") as previous:
            again = {m["id"] for m in json.load(previous)["mutants"] if m["status"] in RERUN}
        args.mutant = list(args.mutant) + sorted(again & {m.id for m in mutants})
        if not args.mutant:
            raise SystemExit(f"httpcts mutate: {args.rerun} lists no survivor of this reference")
    if args.mutant:
        wanted = set(args.mutant)
        unknown = wanted - {m.id for m in mutants}
        if unknown:
            raise SystemExit(f"httpcts mutate: no such mutant: {', '.join(sorted(unknown))}")
        mutants = [m for m in mutants if m.id in wanted]
    if args.sample is not None and args.sample < len(mutants):
        chosen = set(random.Random(args.seed).sample(range(len(mutants)), args.sample))
        mutants = [m for index, m in enumerate(mutants) if index in chosen]
    return mutants


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="httpcts mutate",
        description="Mutate the reference one change at a time and certify each mutant "
                    "(doc and hardened profiles); report the share of mutants detected.")
    p.add_argument("--list", action="store_true", help="list the mutants and exit")
    p.add_argument("--files", action="append", default=[], metavar="GLOB",
                   help="only mutants of reference files matching GLOB, e.g. '_parser.py'")
    p.add_argument("--mutant", action="append", default=[], metavar="ID",
                   help="only this mutant (file:line:col:operator); repeatable")
    p.add_argument("--rerun", metavar="JSON",
                   help="only the mutants a previous --json report lists as survived, "
                        "equivalent or error")
    p.add_argument("--sample", type=int, metavar="N", help="a fixed random sample of N mutants")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of --sample (0)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="mutants certified at once (default: the number of CPUs)")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help=f"per mutant (default: 5x the unmutated run, at least {MIN_TIMEOUT:.0f})")
    p.add_argument("--ledger", default=None, metavar="PATH",
                   help="the list of equivalent mutants (default: conformance/MUTANTS.md)")
    p.add_argument("--json", metavar="PATH", help="write every mutant's outcome to PATH")
    p.add_argument("--check", action="store_true",
                   help="exit 1 when a mutant survives that MUTANTS.md does not list")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--first", default="", help=argparse.SUPPRESS)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    first = [case_id for case_id in args.first.split(",") if case_id]
    if args.worker:
        return _worker(args.worker, first, WORKER_THREADS)
    if args.jobs < 1 or (args.sample is not None and args.sample < 1):
        print("httpcts mutate: --jobs and --sample must be at least 1", file=sys.stderr)
        return 2
    mutants = select_mutants(args)
    if args.list:
        for mutant in mutants:
            print(f"{mutant.id:45} {mutant.source[:80]}")
        print(f"{len(mutants)} mutants")
        return 0
    ledger = Ledger.load(args.ledger or default_ledger_path()).bind(enumerate_mutants())
    started = time.monotonic()
    print("httpcts mutate: certifying the unmutated reference first", file=sys.stderr)
    baseline = _run_one("none", [], args.timeout or 600.0)
    if "survived" not in baseline:
        print(f"httpcts mutate: the unmutated reference does not pass every normative case, "
              f"so kills would mean nothing: {baseline}", file=sys.stderr)
        return 2
    timeout = args.timeout or max(MIN_TIMEOUT, 5 * baseline["seconds"])
    print(f"httpcts mutate: {len(mutants)} mutants, {args.jobs} at a time, timeout {timeout:.0f} s"
          f" (unmutated run {baseline['seconds']:.1f} s)", file=sys.stderr)
    progress = Progress(len(mutants), sys.stderr, not args.quiet)
    killers: Counter = Counter()
    outcomes: Dict[str, Outcome] = {}

    def one(mutant: Mutant) -> Outcome:
        outcome = classify(mutant, _run_one(mutant.id, [k for k, _ in killers.most_common(40)],
                                            timeout), ledger)
        if outcome.killed_by:
            killers[outcome.killed_by] += 1
        return outcome

    by_id = {m.id: m for m in mutants}

    def write_json(done: Dict[str, Outcome]) -> None:
        ordered = [done[m.id] for m in mutants if m.id in done]
        report = {"score": score(ordered), "wall_s": round(time.monotonic() - started, 1),
                  "timeout_s": timeout, "complete": len(ordered) == len(mutants),
                  "argv": list(argv if argv is not None else sys.argv[1:]),
                  "mutants": [dict(asdict(o), source=by_id[o.id].source) for o in ordered]}
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=1)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for future in as_completed([pool.submit(one, mutant) for mutant in mutants]):
            outcome = future.result()
            outcomes[outcome.id] = outcome
            progress.update(outcome)
            if args.json and len(outcomes) % 20 == 0:  # a long run interrupted keeps its results
                write_json(outcomes)
    if args.check:  # a survivor fails the check only if it survives a second time too
        for mutant in mutants:
            if outcomes[mutant.id].status == "survived":
                again = one(mutant)
                if again.status != "survived":
                    again.flaky.append("survived once")
                    outcomes[mutant.id] = again
    wall = time.monotonic() - started
    ordered = [outcomes[m.id] for m in mutants]
    if args.json:
        write_json(outcomes)
    print(summary_text(ordered, by_id, ledger, wall))
    if args.check and any(o.status in ("survived", "error") for o in ordered):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
