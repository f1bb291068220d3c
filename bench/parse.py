#!/usr/bin/env python3
"""Response parsing speed: the reference's HTTPResponse next to http.client's.

Each parser reads the whole shipped corpus (bench/corpus/*.http) over an in-memory
fake socket: construct the response, begin(), read() the body. Parsers run in
alternation within one process, each round timed separately in CPU time (the machine
may be shared); the figure per parser is the median of the rounds. The last line is `ratio: N.NN` (reference over http.client).

Before it, the adversarial rows: every parse-time bomb of the servers' catalogue (a
long run a backtracking parser splits many ways, then a byte that fails the parse),
built at each size, refused by the reference's ResponseParser; per size the worst
bomb's time (the best of several repeats, which filters out the scheduler on a
shared machine) and its time per KB, which stays flat when parsing is linear (a
quadratic parser's doubles with each doubling of the size).

    python bench/parse.py [--rounds 7] [--min-time 0.3] [--repeats 9]
"""

from __future__ import annotations

import argparse
import http.client
import io
import statistics
import time
from pathlib import Path
from typing import Callable, Dict, List

import httpcts.reference as reference
from httpcts.servers.catalogue.parse_time import BOMBS

CORPUS = Path(__file__).with_name("corpus")


class FakeSocket:
    """Just enough socket for HTTPResponse: makefile() over canned bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str, *args: object) -> io.BytesIO:
        return io.BytesIO(self.data)


def parse_with(response_class: Callable[..., object]) -> Callable[[bytes], int]:
    def parse(data: bytes) -> int:
        response = response_class(FakeSocket(data))
        response.begin()  # type: ignore[attr-defined]
        return len(response.read())  # type: ignore[attr-defined]

    return parse


def parse_with_httptools() -> Callable[[bytes], int] | None:
    try:
        import httptools
    except ImportError:
        return None

    class Collector:
        def __init__(self) -> None:
            self.headers: List[tuple] = []
            self.body: List[bytes] = []

        def on_header(self, name: bytes, value: bytes) -> None:
            self.headers.append((name, value))

        def on_body(self, body: bytes) -> None:
            self.body.append(body)

    def parse(data: bytes) -> int:
        collector = Collector()
        parser = httptools.HttpResponseParser(collector)
        try:
            parser.feed_data(data)
        except httptools.HttpParserError:
            return -1  # llhttp refuses obs-fold (corpus 22); the work is still done
        return len(b"".join(collector.body))

    return parse


def rate(parse: Callable[[bytes], int], corpus: List[bytes], min_time: float) -> float:
    """Responses per CPU second over whole passes of the corpus lasting at least min_time.

    CPU time of this process, not wall time: on a shared machine the scheduler's
    pauses would count against whichever parser they happen to hit.
    """
    count, start = 0, time.process_time()
    while True:
        for data in corpus:
            parse(data)
        count += len(corpus)
        elapsed = time.process_time() - start
        if elapsed >= min_time:
            return count / elapsed


ADVERSARIAL_SIZES = (1000, 4000, 16000, 60000)  # bytes; each within one 65,536-byte line


def refusal_seconds(data: bytes, repeats: int) -> float:
    """Best CPU time for the reference's parser to refuse `data` fed whole, then EOF."""
    times = []
    for _ in range(repeats):
        parser = reference.ResponseParser()
        parser.feed(data)
        parser.feed_eof()
        start = time.process_time()
        try:
            parser.receive_head()
            while not parser.message_complete:
                parser.read_body()
        except reference.HTTPException:
            times.append(time.process_time() - start)
            continue
        raise AssertionError(f"the reference accepted a parse-time bomb of {len(data)} bytes")
    return min(times)


def adversarial_rows(repeats: int) -> None:
    print(f"adversarial: {len(BOMBS)} parse-time bombs per size, the worst one (best of {repeats} runs)")
    for size in ADVERSARIAL_SIZES:
        worst, slug = max((refusal_seconds(bomb.of_size(size), repeats), bomb.slug) for bomb in BOMBS)
        print(f"  {size:>6} bytes  {worst * 1e3:8.3f} ms  {worst * 1e6 / (size / 1000):7.1f} us/KB  ({slug})")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=7, help="timed rounds per parser (median taken)")
    options.add_argument("--min-time", type=float, default=0.3, help="seconds per round")
    options.add_argument("--repeats", type=int, default=9, help="timings per adversarial input (best taken)")
    args = options.parse_args()

    corpus = [path.read_bytes() for path in sorted(CORPUS.glob("*.http"))]
    parsers: Dict[str, Callable[[bytes], int]] = {
        "reference": parse_with(reference.HTTPResponse),
        "http.client": parse_with(http.client.HTTPResponse),
    }
    fast = parse_with_httptools()
    if fast is not None:
        parsers["httptools"] = fast
    for name, parse in parsers.items():  # same bodies from every parser, and warm-up
        lengths = [parse(data) for data in corpus]
        assert lengths == [parsers["http.client"](data) for data in corpus] or name == "httptools", name

    samples: Dict[str, List[float]] = {name: [] for name in parsers}
    for _ in range(args.rounds):
        for name, parse in parsers.items():
            samples[name].append(rate(parse, corpus, args.min_time))

    print(f"corpus: {len(corpus)} responses, {sum(map(len, corpus))} bytes; {args.rounds} rounds")
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        spread = f"{min(samples[name]):,.0f}-{max(samples[name]):,.0f}"
        print(f"{name:<12} {value:>10,.0f} responses/s  (rounds {spread})  "
              f"x{value / medians['http.client']:.2f} of http.client")
    adversarial_rows(args.repeats)
    print(f"ratio: {medians['reference'] / medians['http.client']:.2f}")


if __name__ == "__main__":
    main()
