"""The certification run itself: every (implementation, case) pair, on daemon threads.

Strategy: each implementation gets one driver (in process, isolated workers or another
interpreter), opened before the first case so a target that cannot be loaded is refused
up front.  Workers are daemon threads pulling from one queue, slowest cases first; the
main thread collects results and draws the progress line, so Ctrl-C lands there and
stops the run without waiting for a stuck client (`Interrupted` carries what finished).
A regression against a baseline must reproduce: `confirm_regressions` runs each
regressed case again and keeps the verdict only if every attempt regressed, because a
loaded CI runner can flip a timing-sensitive verdict once.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from typing import Any, Callable, Dict, List, Optional, Sequence, TextIO, Tuple

from . import _drivers
from ._baseline import classify
from ._drivers import Implementation
from ._model import Case
from ._report import Certification
from ._run import Result
from ._watchdog import run_guarded

DEFAULT_JOBS = 8
LOG_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal
ATTEMPTS = 3  # a regression counts when it shows in every one of this many runs


class Progress:
    """cases done/total, verdict counts, elapsed: one line on stderr."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.done = 0
        self.counts: Counter = Counter()
        self.started = time.monotonic()
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self._last = self.started
        self._step = max(1, total // 10)  # not a terminal (a CI log): a line per 10%...

    def update(self, result: Result) -> None:
        self.done += 1
        self.counts[result.verdict] += 1
        now = time.monotonic()
        # ... or every LOG_EVERY seconds, whichever comes first
        due = (now - self._last > 0.1 if self.tty
               else self.done % self._step == 0 or now - self._last > LOG_EVERY)
        if self.enabled and (due or self.done == self.total):
            self._last = now
            self._draw(final=self.done == self.total)

    def _draw(self, final: bool) -> None:
        width = 30
        filled = int(width * self.done / max(1, self.total))
        counts = " ".join(f"{v} {n}" for v, n in sorted(self.counts.items()))
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {counts} "
                f"{time.monotonic() - self.started:.1f}s")
        end = "\n" if final or not self.tty else ""
        self.stream.write(("\r" if self.tty else "") + line + end)
        self.stream.flush()


class Interrupted(Exception):
    """Ctrl-C during a run; ``certs`` holds the cases that finished before it."""

    def __init__(self, certs: List[Certification]) -> None:
        super().__init__("interrupted")
        self.certs = certs


def open_drivers(impls: Sequence[Implementation]) -> Dict[str, Any]:
    """One driver per implementation; a target that cannot be loaded raises DriverError."""
    drivers: Dict[str, Any] = {}
    try:
        for impl in impls:
            drivers[impl.name] = _drivers.make_driver(impl)
    except BaseException:
        for driver in drivers.values():
            driver.close()
        raise
    return drivers


def run_certification(
    impls: Sequence[Implementation], cases: Sequence[Case], *, jobs: int = DEFAULT_JOBS,
    progress: Optional[Progress] = None, drivers: Optional[Dict[str, Any]] = None,
) -> List[Certification]:
    """Run every case against every implementation; drivers are closed afterwards.

    Workers are daemon threads, so Ctrl-C never waits for a stuck client: it raises
    `Interrupted` with the results finished so far.
    """
    certs: Dict[str, Certification] = {}
    grace = 2.0
    try:
        drivers = drivers if drivers is not None else open_drivers(impls)
        for impl in impls:
            python = getattr(drivers[impl.name], "hello", {}).get("python", impl.python_version)
            certs[impl.name] = Certification(impl, python=python)
        work: queue.Queue[Tuple[Implementation, Case]] = queue.Queue()
        # slow cases first so the pool's tail is short
        for item in sorted(((i, c) for i in impls for c in cases), key=lambda ic: -ic[1].deadline):
            work.put(item)
        done: queue.Queue[Tuple[str, Result]] = queue.Queue()
        stop = threading.Event()

        def worker() -> None:
            while not stop.is_set():
                try:
                    impl, case = work.get_nowait()
                except queue.Empty:
                    return
                done.put((impl.name, run_guarded(case, drivers[impl.name])))

        for _ in range(max(1, min(jobs, work.qsize()))):
            threading.Thread(target=worker, daemon=True, name="httpcts-certify").start()
        try:
            for _ in range(len(impls) * len(cases)):
                name, result = done.get()
                certs[name].results.append(result)
                if progress:
                    progress.update(result)
        except KeyboardInterrupt:
            stop.set()
            grace = 0.0  # the user asked to stop: no waiting for busy workers
            raise Interrupted([certs[impl.name] for impl in impls]) from None
    finally:
        for driver in (drivers or {}).values():
            driver.close(grace)
    return [certs[impl.name] for impl in impls]


def confirm_regressions(
    certs: List[Certification], baseline_of: Callable[[Certification], Dict[str, str]],
    *, jobs: int = DEFAULT_JOBS,
) -> List[str]:
    """Re-run every case that regressed; a case that does not regress every time keeps the
    attempt that did not, with all verdicts in ``observed["attempts"]``.  Returns the
    "implementation: case" labels of those unstable cases."""
    unstable: List[str] = []
    for cert in certs:
        old = baseline_of(cert)
        results = {r.case.id: r for r in cert.results}
        pending = [r for r in cert.results
                   if classify(old.get(r.case.id), r.verdict) == "regressed"]
        attempts = {r.case.id: [str(r.verdict)] for r in pending}
        for _ in range(ATTEMPTS - 1):
            if not pending:
                break
            again = run_certification([cert.impl], [r.case for r in pending], jobs=jobs)[0]
            pending = []
            for result in again.results:
                attempts[result.case.id].append(str(result.verdict))
                if classify(old.get(result.case.id), result.verdict) == "regressed":
                    pending.append(result)
                else:
                    results[result.case.id] = result
                    unstable.append(f"{cert.impl.name}: {result.case.id}")
        for case_id, verdicts in attempts.items():
            if len(verdicts) > 1:
                results[case_id].observed["attempts"] = verdicts
        cert.results = [results[r.case.id] for r in cert.results]
    return unstable
