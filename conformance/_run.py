"""Running one case: serve its scenario, run its program, add what the server saw, grade.

Strategy: the harness owns the server (always in this interpreter) and hands the
driver only a target (host, port, CA file) and the program.  After the program
the server's records become observation keys too (``req.line``, ``req.headers``,
``connections``, ``wire_in``, ...) so request-side cases are graded like any
other.  Every result keeps the wire transcript of each connection, with long
data elided to a head, a tail and a byte count.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ._model import Case
from ._verdicts import grade

WIRE_IN_LIMIT = 8192
EVENT_HEAD = 512
EVENT_TAIL = 64
MAX_EVENTS = 400
IDLE_WAIT = 1.5


@dataclass
class Result:
    case: Case
    verdict: str
    observed: Dict[str, Any]
    label: Optional[str] = None
    duration_s: float = 0.0
    transcripts: List[Dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> Dict[str, Any]:
        from ._verdicts import describe_expected

        return {
            "case": self.case.id,
            "profile": self.case.profile,
            "level": self.case.level,
            "verdict": self.verdict,
            "label": self.label,
            "expected": describe_expected(self.case),
            "observed": self.observed,
            "duration_s": round(self.duration_s, 4),
            "transcripts": self.transcripts,
        }


def escape(data: bytes) -> str:
    """Bytes as printable text: ASCII kept, everything else \\xNN (repr style)."""
    return repr(data)[2:-1]


def _elide(data: bytes) -> Dict[str, Any]:
    if len(data) <= EVENT_HEAD + EVENT_TAIL:
        return {"data": escape(data), "bytes": len(data)}
    return {
        "data": escape(data[:EVENT_HEAD])
        + f"...[{len(data) - EVENT_HEAD - EVENT_TAIL} bytes elided]..."
        + escape(data[-EVENT_TAIL:]),
        "bytes": len(data),
        "elided": True,
    }


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


def transcript_json(transcript: Any) -> Dict[str, Any]:
    events = _coalesced(list(transcript.events))
    out: List[Dict[str, Any]] = []
    merged_bytes = 0
    for event in events:
        entry: Dict[str, Any] = {"t": round(event.time, 4), "kind": event.kind}
        if event.direction:
            entry["direction"] = event.direction
            entry.update(_elide(event.data))
        if event.note:
            entry["note"] = event.note
        if len(out) >= MAX_EVENTS and event.direction:
            merged_bytes += len(event.data)
            continue
        out.append(entry)
    result: Dict[str, Any] = {"connection": transcript.index, "events": out}
    if merged_bytes:
        result["elided_events_bytes"] = merged_bytes
    return result


def _scripted_bytes(script: Any) -> int:
    from ..servers import Flood, Send, SendPieces

    total = 0
    for step in script:
        if isinstance(step, (Send, SendPieces)):
            total += len(step.data)
        elif isinstance(step, Flood):
            total += len(step.prefix) + step.repeats * len(step.pattern)
    return total


def server_facts(server: Any) -> Dict[str, Any]:
    """What the scripted server recorded, as observation keys."""
    facts: Dict[str, Any] = {}
    requests = server.requests
    transcripts = server.transcripts
    facts["connections"] = len(transcripts)
    facts["requests"] = len(requests)
    facts["requests_per_connection"] = server.requests_per_connection
    facts["connection_reused"] = server.connection_reused
    facts["delivery"] = server.delivery.name
    flood = server.flood
    if flood is not None:
        facts.update({f"flood.{key}": value for key, value in flood.to_json().items()})
    facts["req.lines"] = [
        (r.method + b" " + r.target + b" " + r.version).decode("latin-1") for r in requests
    ]
    if requests:
        first = requests[0]
        facts["req.line"] = facts["req.lines"][0]
        facts["req.headers"] = [
            [n.decode("latin-1"), v.decode("latin-1")] for n, v in first.headers
        ]
        facts["req.names"] = [n.decode("latin-1").lower() for n, _ in first.headers]
        facts["req.body"] = first.body.decode("latin-1")
        facts["req.chunked"] = first.chunked
        head, _, _ = first.raw.partition(b"\r\n\r\n")
        facts["req.head"] = head.decode("latin-1")
        for name, value in first.headers:
            key = "req.h." + name.decode("latin-1").lower()
            if key not in facts:
                facts[key] = value.decode("latin-1")
    wire_in = b"".join(t.received for t in transcripts)
    facts["wire_in"] = wire_in[:WIRE_IN_LIMIT].decode("latin-1")
    facts["bad_request"] = any("bad-request" in t.kinds() for t in transcripts)
    if transcripts:
        script = server.scenario.script_for(0) or ()
        facts["server_sent_all"] = len(transcripts[0].sent) >= _scripted_bytes(script)
    return facts


def _substitute(value: Any, mapping: Dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, text in mapping.items():
            value = value.replace(key, text)
        return value
    if isinstance(value, list):
        return [_substitute(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, mapping) for k, v in value.items()}
    return value


def _graded_case(case: Case, mapping: Dict[str, str]) -> Case:
    if not mapping:
        return case
    from dataclasses import replace

    from ._model import Outcome

    outcomes = tuple(Outcome(o.verdict, _substitute(o.match, mapping), o.note) for o in case.expect)
    return replace(case, expect=outcomes)


def run_case(case: Case, driver: Any) -> Result:
    """Run ``case`` with ``driver`` (anything with ``run(program) -> obs``)."""
    started = time.monotonic()
    program: Dict[str, Any] = {"ops": copy.deepcopy(list(case.program)), "deadline": case.deadline}
    transcripts: List[Dict[str, Any]] = []
    mapping: Dict[str, str] = {}
    if case.scenario is None:
        obs = driver.run(program)
    else:
        try:
            from ..servers import serve
            from .cases._scenarios import lookup

            scenario = lookup(case.scenario)
        except Exception as exc:  # noqa: BLE001
            return Result(case, "ERROR", {"error": f"scenario {case.scenario!r}: {exc}"},
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
                transcripts = [transcript_json(t) for t in server.transcripts]
        except Exception as exc:  # noqa: BLE001 - the harness failed, not the implementation
            return Result(case, "ERROR", {"error": f"server for {case.scenario!r} failed: {exc!r}"},
                          duration_s=time.monotonic() - started)
    verdict, label = grade(_graded_case(case, mapping), obs)
    return Result(case, verdict, obs, label, time.monotonic() - started, transcripts)
