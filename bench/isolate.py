#!/usr/bin/env python3
"""What --isolate costs: certifying the reference in process and in capped workers.

Both ways run every case against ``httpcts.reference`` in this interpreter, in
alternation, each round timed separately (drivers started inside the timing, as a
``httpcts certify`` run starts them); the figure per way is the median of the rounds.
Unknown modules are isolated by default, the known implementations are not: this is
the price an unknown module pays for being unable to take the run down.  The last line
is ``ratio: N.NN`` (isolated over in process).

    python bench/isolate.py [--rounds 5] [--jobs 8]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Dict, List

from httpcts.conformance import _drivers
from httpcts.conformance.cases import select
from httpcts.conformance.certify import run_certification


def one_round(isolate: bool, jobs: int) -> float:
    impl = _drivers.in_process("httpcts.reference", isolate=isolate)
    started = time.perf_counter()
    run_certification([impl], select(), jobs=jobs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    times: Dict[str, List[float]] = {"in-process": [], "isolated": []}
    one_round(False, args.jobs)  # warm the imports and the case catalogue
    for _ in range(args.rounds):
        for way, isolate in (("in-process", False), ("isolated", True)):
            times[way].append(one_round(isolate, args.jobs))
    medians = {way: statistics.median(values) for way, values in times.items()}
    for way, values in times.items():
        rounds = " ".join(f"{v:.2f}" for v in values)
        print(f"{way:11} median {medians[way]:.2f} s  (rounds: {rounds})")
    print(f"cases: {len(select())}, jobs: {args.jobs}")
    print(f"ratio: {medians['isolated'] / medians['in-process']:.2f}")


if __name__ == "__main__":
    main()
