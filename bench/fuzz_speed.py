#!/usr/bin/env python3
"""Fuzzing speed: the `response` target against the reference and against http.client.

Both runs replay the same inputs, in one process, alternating rounds: the response
target's seed corpus (bench/corpus, the hand-written seeds and the catalogue's bytes,
each with its control bytes) plus a fixed set of mutations of it, as a fuzzer would
try them. Each input goes through the whole target, oracles included, exactly as a
campaign runs it (minus libFuzzer's instrumentation, which depends on the engine).
The figure per implementation is the median of the rounds' executions/s; the last
line is `ratio: N.NN` (reference over http.client).

What one execution runs (fuzz/oracles.py, check_response), per side:

* http.client: the model (`_model.strict_response`); `HTTPResponse` reading the
  bytes whole from a BytesIO file; `HTTPResponse` reading them in the control byte's
  pieces from a BufferedReader over a raw stream (what `socket.makefile("rb")`
  gives, since http.client uses readline), with read() or read(amt); the two
  outcomes compared, and the whole one compared with the model.
* reference: the model; the sans-IO core reading the bytes whole through its direct
  interface (feed, feed_eof, receive_head, read_body), checked against the framing
  and the model; `HTTPResponse` reading them in the same pieces with read() or
  read(amt), from a PieceReader (fuzz/_io.py: the same pieces through read1, the
  only call the reference's HTTPResponse makes, without the BufferedReader); the
  two conclusions compared (status line, fields, body, trailers, bytes after the
  message; the error).

    python bench/fuzz_speed.py [--rounds 5] [--min-time 0.5] [--mutants 2000]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import random
import statistics
import time
import types
from typing import Callable, Dict, List

import httpcts.reference as reference
from httpcts.fuzz import corpus
from httpcts.fuzz.targets import response


def inputs(mutants: int, seed: int = 5) -> List[bytes]:
    """The seeds of the response target plus `mutants` deterministic mutations."""
    seeds = [data for _, data in corpus.seeds("response")]
    tokens = corpus.dictionary_tokens("response")
    rng = random.Random(seed)
    out = list(seeds)
    for _ in range(mutants):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(1, len(data) + 1)
            if rng.random() < 0.5:
                data[at:at] = rng.choice(tokens)
            else:
                del data[at : at + rng.randint(1, 8)]
        data[0] = rng.randrange(256)
        out.append(bytes(data[:8192]))
    return out


def one_round(impl: types.ModuleType, cases: List[bytes], min_time: float) -> float:
    test: Callable[[bytes, types.ModuleType], None] = response.test_one_input
    count, start = 0, time.perf_counter()
    while True:
        for data in cases:
            with contextlib.suppress(Exception):  # findings count as executions, as in a campaign
                test(data, impl)
            count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.5)
    parser.add_argument("--mutants", type=int, default=2000)
    args = parser.parse_args()
    cases = inputs(args.mutants)
    impls = {"reference": reference, "http.client": http.client}
    rates: Dict[str, List[float]] = {name: [] for name in impls}
    for impl in impls.values():  # warm-up: imports, regex compilation, caches
        one_round(impl, cases[:200], 0.0)
    for _ in range(args.rounds):
        for name, impl in impls.items():
            rates[name].append(one_round(impl, cases, args.min_time))
    print(f"response target, {len(cases)} inputs ({len(cases) - args.mutants} seeds), {args.rounds} rounds")
    median = {name: statistics.median(values) for name, values in rates.items()}
    for name, values in rates.items():
        print(f"{name:<12} {median[name]:>9,.0f} executions/s  (rounds {min(values):,.0f}-{max(values):,.0f})")
    print(f"ratio: {median['reference'] / median['http.client']:.2f}")


if __name__ == "__main__":
    main()
