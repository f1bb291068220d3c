"""Shared guards for the server self-tests: no leaked threads, no thread crashes.

Every test must leave as many threads as it found (the engine joins all of
its threads on exit) and no server thread may die with an exception; socket
leaks are caught by the ResourceWarning-as-error filter in pyproject.toml.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_leaked_or_crashed_threads() -> Iterator[None]:
    crashes: list[str] = []
    previous_hook = threading.excepthook

    def record(args: threading.ExceptHookArgs) -> None:
        crashes.append(f"{args.thread.name if args.thread else '?'}: {args.exc_type.__name__}: {args.exc_value}")
        previous_hook(args)

    before = threading.active_count()
    threading.excepthook = record
    try:
        yield
    finally:
        threading.excepthook = previous_hook
    # A thread that has been joined may still count for an instant.
    end = time.monotonic() + 1.0
    while threading.active_count() > before and time.monotonic() < end:
        time.sleep(0.01)
    assert not crashes, crashes
    assert threading.active_count() <= before, [t.name for t in threading.enumerate()]
