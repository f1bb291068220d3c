"""Running one case: serve its scenario, run its program, add what the server saw, grade.

Strategy: the harness owns the server (always in this interpreter) and hands the
driver only a target (host, port, CA file) and the program.  After the program
the server's records become observation keys too (``req.line``, ``req.headers``,
``connections``, ``wire_in``, ...) so request-side cases are graded like any
other.  Every result keeps the wire transcript of each connection, with long
data kept as a head, a tail and a byte count (`_schema.Transcript`).
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from typing import Any, Dict, List

from . import _facts
from ._match import substitute
from ._model import Case
from ._schema import (
    DATA_KINDS,
    HEAD_BYTES,
    TAIL_BYTES,
    ByteRun,
    Result,
    Transcript,
    Verdict,
    WireEvent,
)
from ._verdicts import grade

IDLE_WAIT = 1.5
MAX_EVENTS = 48  # per connection; later data events are counted, not kept
MAX_DATA_BYTES = 2048  # per connection: the data of later events is elided (a flood is its size)


def _coalesced(events: List[Any]) -> List[Any]:
    """Consecutive data events of one direction and kind as one (a delivery in pieces
    writes each piece as an event: the evidence shows the bytes, the pieces are counted)."""
    from dataclasses import replace

    out: List[Any] = []
    counts: List[int] = []
    for event in events:
        last = out[-1] if out else None
        if (last is not None and event.direction and last.kind == event.kind
                and not event.note and not last.note):
            out[-1] = replace(last, data=last.data + event.data)
            counts[-1] += 1
            continue
        out.append(event)
        counts.append(1)
    return [event if count == 1 else replace(event, note=f"{count} segments")
            for event, count in zip(out, counts)]


def transcript_record(
    transcript: Any, max_events: int = MAX_EVENTS, max_bytes: int = MAX_DATA_BYTES
) -> Transcript:
    """A server's transcript as the report keeps it: the first ``max_events`` events,
    with at most ``max_bytes`` of their data (every event keeps its size and time, so
    floods and drips stay legible)."""
    kept: List[WireEvent] = []
    dropped: Counter = Counter()
    dropped_events, budget = 0, max_bytes
    for event in _coalesced(list(transcript.events)):
        run = None
        if event.kind in DATA_KINDS:
            if len(kept) >= max_events:
                dropped[event.kind] += len(event.data)
                dropped_events += 1
                continue
            head = min(HEAD_BYTES, budget)
            run = ByteRun.of(event.data, head, min(TAIL_BYTES, budget - head))
            budget -= len(run.head) + len(run.tail)
        kept.append(WireEvent(round(event.time, 3), event.kind, run, event.note))
    return Transcript(transcript.index, kept, dropped_events, dict(dropped))


def server_facts(server: Any) -> Dict[str, Any]:
    """What the scripted server recorded, as observation keys: those `_facts` computes
    (the stand-alone reproducer's own server computes them too), then what only the
    scripted server knows (per-connection requests, delivery, where a flood stopped)."""
    first_script = server.scenario.to_json()["connections"][0]
    facts: Dict[str, Any] = _facts.server_facts(server.requests, server.transcripts, first_script)
    facts["requests_per_connection"] = server.requests_per_connection
    facts["connection_reused"] = server.connection_reused
    facts["delivery"] = server.delivery.name
    flood = server.flood
    if flood is not None:
        facts.update({f"flood.{key}": value for key, value in flood.to_json().items()})
    return facts


def _graded_case(case: Case, mapping: Dict[str, str]) -> Case:
    if not mapping:
        return case
    from dataclasses import replace

    from ._model import Outcome

    outcomes = tuple(Outcome(o.verdict, substitute(o.match, mapping), o.note) for o in case.expect)
    return replace(case, expect=outcomes)


def run_case(case: Case, driver: Any) -> Result:
    """Run ``case`` with ``driver`` (anything with ``run(program) -> obs``)."""
    started = time.monotonic()
    program: Dict[str, Any] = {"ops": copy.deepcopy(list(case.program)), "deadline": case.deadline}
    transcripts: List[Transcript] = []
    mapping: Dict[str, str] = {}
    if case.scenario is None:
        obs = driver.run(program)
    else:
        try:
            from ..servers import serve
            from .cases._scenarios import lookup

            scenario = lookup(case.scenario)
        except Exception as exc:  # noqa: BLE001
            return Result(case, Verdict.ERROR, {"error": f"scenario {case.scenario!r}: {exc}"},
                          duration_s=time.monotonic() - started)
        try:
            with serve(
                scenario,
                time_scale=case.time_scale,
                deadline=(case.deadline + 20.0) / case.time_scale,
                connection_deadline=(case.deadline + 10.0) / case.time_scale,
                delivery=case.delivery,
            ) as server:
                target: Dict[str, Any] = {"host": server.host, "port": server.port}
                if server.ca:
                    target["ca"] = server.ca
                    target["client_cert"] = list(server.client_cert_paths or ())
                program["target"] = target
                mapping = {"$port": str(server.port), "$host": server.host}
                obs = driver.run(program)
                server.wait_idle(IDLE_WAIT)
                obs.update(server_facts(server))
                transcripts = [transcript_record(t) for t in server.transcripts]
        except Exception as exc:  # noqa: BLE001 - the harness failed, not the implementation
            error = f"server for {case.scenario!r} failed: {exc!r}"
            return Result(case, Verdict.ERROR, {"error": error},
                          duration_s=time.monotonic() - started)
    verdict, label, matched = grade(_graded_case(case, mapping), obs)
    return Result(case, verdict, obs, label, time.monotonic() - started, transcripts, matched)
