"""`httpcts serve`: list the catalogue, or serve one scenario to any client.

Strategy: a thin shell over `serve()`.  The server runs without a scenario
deadline (until Ctrl-C, or until the first connection ends with ``--once``);
the main thread polls for finished connections and prints each transcript as
soon as it ends, so curl, a browser or another language's client can be
watched live.  The first line printed is always ``serving <id> on <url>`` so a
script that started us with ``--port 0`` can read the port.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from ._delivery import DELIVERY_NAMES
from ._engine import serve
from ._steps import ScenarioError
from .catalogue import CATALOGUE, get_scenario

POLL_SECONDS = 0.05


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="httpcts serve",
        description="List the scripted server scenarios, or serve one of them.",
    )
    parser.add_argument("scenario", nargs="?", help="scenario id to serve (see --list)")
    parser.add_argument("--list", action="store_true", help="list the catalogue and exit")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="--list output format")
    parser.add_argument("--kind", choices=("conformant", "malicious"), help="--list only this kind")
    parser.add_argument("--dump", action="store_true", help="print the scenario's JSON (steps included) and exit")
    parser.add_argument("--host", default=None, help="loopback address to bind (default 127.0.0.1, ::1 for IPv6 scenarios)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default 0: an ephemeral port)")
    parser.add_argument("--once", action="store_true", help="serve one connection, print it, exit")
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiply every delay (default 1.0)")
    parser.add_argument(
        "--delivery", choices=DELIVERY_NAMES, default="whole",
        help="how sent bytes are cut into segments: whole (as scripted), bytes (one byte per segment),"
        " crlf (every CRLF a segment of its own); default whole",
    )  # fmt: skip
    return parser


def _list(kind: str | None, fmt: str, out: TextIO) -> int:
    chosen = [s for s in CATALOGUE.values() if kind is None or s.kind == kind]
    if fmt == "json":
        json.dump([s.summary() for s in chosen], out, indent=1)
        out.write("\n")
        return 0
    width = max(len(s.id) for s in chosen) if chosen else 0
    for s in chosen:
        out.write(f"{s.id:<{width}}  {s.kind:<10}  {s.description}\n")
    counts = {k: sum(1 for s in chosen if s.kind == k) for k in ("conformant", "malicious")}
    out.write(f"{len(chosen)} scenarios ({counts['conformant']} conformant, {counts['malicious']} malicious)\n")
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    scenario = get_scenario(args.scenario)
    with serve(
        scenario, time_scale=args.time_scale, deadline=None, host=args.host, port=args.port,
        delivery=args.delivery,
    ) as server:  # fmt: skip
        out.write(f"serving {scenario.id} on {server.url}\n")
        if args.delivery != "whole":
            out.write(f"  delivery: {server.delivery.name} ({server.delivery.description})\n")
        if server.ca:
            out.write(f"  CA certificate: {server.ca}\n")
        if scenario.tls and scenario.tls.require_client_cert and server.client_cert_paths:
            out.write(f"  client certificate and key: {server.client_cert_paths[0]}\n")
        out.flush()
        printed = 0
        try:
            while True:
                transcripts = server.transcripts
                while printed < len(transcripts) and transcripts[printed].finished.is_set():
                    out.write(transcripts[printed].format() + "\n")
                    out.flush()
                    printed += 1
                    if args.once:
                        return 0
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:  # Ctrl-C is how a serving session ends: 130, as shells expect
            out.write("interrupted\n")
            return INTERRUPTED


INTERRUPTED = 130


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Entry point of ``httpcts serve``; returns the exit status."""
    out = out or sys.stdout
    args = _parser().parse_args(list(argv))
    if args.list:
        return _list(args.kind, args.format, out)
    if not args.scenario:
        print("httpcts serve: give a scenario id or --list", file=sys.stderr)
        return 2
    try:
        scenario = get_scenario(args.scenario)
    except KeyError as exc:
        print(f"httpcts serve: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.dump:
        json.dump(scenario.to_json(), out, indent=1)
        out.write("\n")
        return 0
    if not args.time_scale > 0:
        print(f"httpcts serve: --time-scale must be > 0, got {args.time_scale}", file=sys.stderr)
        return 2
    try:
        return _serve(args, out)
    except ScenarioError as exc:  # e.g. a non-loopback --host
        print(f"httpcts serve: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"httpcts serve: cannot serve on {args.host or 'loopback'}:{args.port}: {exc}", file=sys.stderr)
        return 1


