"""The shape of report.json: the verdict names and every record, with to_json/from_json.

Strategy: one module owns the report's shape, the way h11's `_events` owns its
events.  `Verdict` is the one place the verdict names are spelled; everything else
(grading, writers, the site, the stand-alone reproducer) imports it or is handed
`VERDICT_NAMES`.  Records are dataclasses whose ``to_json`` writes exactly what the
shipped JSON Schema (``report.schema.json``, documented in docs/report.md) allows
and whose ``from_json`` reads it back, failing with a `SchemaError` that names the
field and the value.  Bytes are stored structurally as a `ByteRun` (`_jsonbase`:
Latin-1 head and tail, total size), never as escaped text with an in-band marker.
Facts are stored once: those every result of a case shares sit in ``observed_common``
(the server's address split out), and transcripts may be left out (``--transcripts``).
Cases are `_model.Case`, which writes itself.  Observations and ``meta`` stay open
objects: their known keys are described in the JSON Schema file, one entry per key.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence

from ._jsonbase import HEAD_BYTES as HEAD_BYTES  # re-exported: the records' primitives
from ._jsonbase import SPLIT_TAG, ByteRun, SchemaError, each, join_around, need, split_around
from ._jsonbase import TAIL_BYTES as TAIL_BYTES

if TYPE_CHECKING:
    from ._model import Case

SCHEMA_VERSION = 3
# Versions this httpcts reads: 2 differs only in keeping every transcript and having
# no ``observed_common``, so its reports (and the baselines users keep) stay readable.
READABLE_VERSIONS = (2, 3)
SCHEMA_FILE = "report.schema.json"
TOOL = "httpcts certify"


class Verdict(str, enum.Enum):
    """A case's verdict on one implementation, in the order reports list them."""

    PASS = "PASS"
    FAIL = "FAIL"
    NON_STRICT = "NON-STRICT"
    UNSUPPORTED = "UNSUPPORTED"
    INFORMATIONAL = "INFORMATIONAL"
    ERROR = "ERROR"

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @property
    def css(self) -> str:
        """The CSS class of the verdict's colour (``v-non-strict``)."""
        return "v-" + self.value.lower()

    @classmethod
    def parse(cls, value: Any, where: str = "verdict") -> Verdict:
        if value not in {v.value for v in cls}:
            names = ", ".join(v.value for v in cls)
            raise SchemaError(f"{where} must be one of {names}, got {value!r}")
        return cls(value)


# What each verdict means, for legends and docs.
VERDICT_MEANINGS: Dict[Verdict, str] = {
    Verdict.PASS: "the behaviour the profile requires",
    Verdict.FAIL: "violates a MUST of the profile",
    Verdict.NON_STRICT: "acceptable, but not what a SHOULD or the canonical behaviour asks",
    Verdict.UNSUPPORTED: "the implementation lacks the API the case needs",
    Verdict.INFORMATIONAL: "the spec leaves it open; the behaviour is recorded, not judged",
    Verdict.ERROR: "the case could not run to a verdict (harness failure)",
}
# Handed to code that cannot import this module (the stdlib-only driver, the
# stand-alone reproducer): each member's lower-case name ("non_strict") and its text.
VERDICT_NAMES: Dict[str, str] = {v.name.lower(): v.value for v in Verdict}


# Observation keys are open: the matcher's input is any flat JSON dict.  The keys that
# are part of the contract are described in report.schema.json ("observation"), and
# the tests check that every key a real run writes is described there.
HOST_KEY = "req.h.host"  # the Host field the server read: split out of shared facts
OBSERVED_TEXT_LIMIT = 2048  # longer strings are stored as a ByteRun (``{"$bytes": ...}``)
_BYTES_TAG = "$bytes"


def _store(value: Any) -> Any:
    if isinstance(value, ByteRun):  # as read back: a report rewritten (merge) keeps it
        return {_BYTES_TAG: value.to_json()}
    if isinstance(value, str) and len(value) > OBSERVED_TEXT_LIMIT:
        run = ByteRun.of(value.encode("latin-1", "replace"),
                         OBSERVED_TEXT_LIMIT // 2, OBSERVED_TEXT_LIMIT // 8)
        return {_BYTES_TAG: run.to_json()}
    if isinstance(value, list):
        return [_store(v) for v in value]
    if isinstance(value, dict):
        return {k: _store(v) for k, v in value.items()}
    return value


def _load(value: Any, where: str) -> Any:
    if isinstance(value, list):
        return [_load(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        if set(value) == {_BYTES_TAG}:
            return ByteRun.from_json(value[_BYTES_TAG], where)
        return {k: _load(v, f"{where}.{k}") for k, v in value.items()}
    return value


def observation_to_json(observed: Mapping[str, Any]) -> Dict[str, Any]:
    """The observation as stored: long strings, at any depth, become ``{"$bytes": ...}``."""
    stored: Dict[str, Any] = _store(dict(observed))
    return stored


def _shareable(stored: Dict[str, Any]) -> Dict[str, Any]:
    """The facts of a stored observation in the form results may share: the server's
    address (``req.h.host``, a new port per run) split out of the other facts."""
    host = stored.get(HOST_KEY)
    host = host if isinstance(host, str) else ""
    out = {}
    for key, value in stored.items():
        if SPLIT_TAG not in json.dumps(value):  # else it could not be told from a split
            out[key] = value if key == HOST_KEY else split_around(value, host)
    return out


def common_observations(results: Sequence[Result]) -> Dict[str, Dict[str, Any]]:
    """Case id -> the stored facts that every one of its results (two or more) observed
    alike; report.json keeps them once, as ``observed_common``."""
    by_case: Dict[str, List[Dict[str, Any]]] = {}
    for result in results:
        shareable = _shareable(observation_to_json(result.observed))
        by_case.setdefault(result.case.id, []).append(shareable)
    common: Dict[str, Dict[str, Any]] = {}
    for case_id, observations in by_case.items():
        if len(observations) < 2:
            continue
        first, *others = observations
        # compared as JSON text, so that True, 1 and 1.0 stay different facts
        shared = {k: json.dumps(v) for k, v in first.items()}
        for other in others:
            shared = {k: text for k, text in shared.items()
                      if k in other and json.dumps(other[k]) == text}
        if shared:
            common[case_id] = {k: first[k] for k in shared}
    return common


def observation_from_json(obj: Any, where: str = "observed") -> Dict[str, Any]:
    """The stored observation; ``{"$bytes": ...}`` values come back as `ByteRun`."""
    if not isinstance(obj, Mapping):
        raise SchemaError(f"{where} must be an object, got {obj!r:.80}")
    loaded: Dict[str, Any] = _load(obj, where)
    return loaded


# --------------------------------------------------------------------------- transcripts

DATA_KINDS = ("recv", "send")


@dataclass(frozen=True)
class WireEvent:
    """One thing the scripted server saw or did (servers/_transcript.py lists the kinds)."""

    t: float
    kind: str
    data: Optional[ByteRun] = None
    note: str = ""

    @property
    def direction(self) -> Optional[str]:
        """"recv" (client to server) or "send" (server to client); None for control events."""
        return self.kind if self.kind in DATA_KINDS else None

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"t": self.t, "kind": self.kind}
        if self.data is not None:
            out["data"] = self.data.to_json()
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_json(cls, obj: Any, where: str = "event") -> WireEvent:
        t = need(obj, "t", (int, float), where)
        kind = need(obj, "kind", str, where)
        data = ByteRun.from_json(obj["data"], f"{where}.data") if "data" in obj else None
        note = obj.get("note", "")
        if not isinstance(note, str):
            raise SchemaError(f"{where}.note must be str, got {note!r:.80}")
        return cls(float(t), kind, data, note)


@dataclass(frozen=True)
class Transcript:
    """One connection of the scripted server; ``dropped`` counts data events not kept."""

    connection: int
    events: List[WireEvent]
    dropped_events: int = 0
    dropped_bytes: Dict[str, int] = field(default_factory=dict)  # direction -> bytes

    def to_json(self) -> Dict[str, Any]:
        events = [e.to_json() for e in self.events]
        out: Dict[str, Any] = {"connection": self.connection, "events": events}
        if self.dropped_events:
            out.update(dropped_events=self.dropped_events, dropped_bytes=dict(self.dropped_bytes))
        return out

    @classmethod
    def from_json(cls, obj: Any, where: str = "transcript") -> Transcript:
        number = need(obj, "connection", int, where)
        dropped = obj.get("dropped_bytes", {})
        return cls(
            number,
            each(WireEvent.from_json, obj, "events", where),
            int(obj.get("dropped_events", 0)),
            {str(k): int(v) for k, v in dropped.items()},
        )


@dataclass
class Result:
    """One case run against one implementation.

    ``matched`` is the index in ``case.expect`` of the outcome that decided the
    verdict (None: none matched, or the run never got that far); ``label`` is that
    outcome's note.
    """

    case: Case
    verdict: Verdict
    observed: Dict[str, Any]
    label: Optional[str] = None
    duration_s: float = 0.0
    transcripts: Optional[List[Transcript]] = field(default_factory=list)  # None: not kept
    matched: Optional[int] = None

    def to_json(self, common: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """``common``: the case's facts stored once in ``observed_common``, left out here."""
        observed = observation_to_json(self.observed)
        common = common or {}
        out: Dict[str, Any] = {
            "case": self.case.id,
            "verdict": self.verdict.value,
            "matched": self.matched,
            "observed": {k: v for k, v in observed.items() if k not in common},
            "duration_s": round(self.duration_s, 4),
        }
        if self.transcripts is not None:
            out["transcripts"] = [t.to_json() for t in self.transcripts]
        return out

    @classmethod
    def from_json(cls, obj: Any, cases: Mapping[str, Case], where: str = "result",
                  common: Optional[Mapping[str, Any]] = None) -> Result:
        case_id = need(obj, "case", str, where)
        if case_id not in cases:
            raise SchemaError(f"{where}.case names no case of the report: {case_id!r}")
        case = cases[case_id]
        matched = obj.get("matched")
        in_range = isinstance(matched, int) and 0 <= matched < len(case.expect)
        if matched is not None and not in_range:
            raise SchemaError(f"{where}.matched must index {case_id}'s outcomes, got {matched!r}")
        own, shared = need(obj, "observed", dict, where), (common or {}).get(case_id, {})
        host = str(own.get(HOST_KEY, shared.get(HOST_KEY, "")))
        observed = {**{k: join_around(v, host) for k, v in shared.items()}, **own}
        kept = "transcripts" in obj
        return cls(
            case=case,
            verdict=Verdict.parse(obj.get("verdict"), f"{where}.verdict"),
            observed=observation_from_json(observed, f"{where}.observed"),
            label=case.expect[matched].note or None if matched is not None else None,
            duration_s=float(need(obj, "duration_s", (int, float), where)),
            transcripts=each(Transcript.from_json, obj, "transcripts", where) if kept else None,
            matched=matched,
        )


Summary = Dict[str, Dict[Verdict, int]]  # profile -> verdict -> count (zeros left out)


# The ``meta`` block (what run produced the report) is an open object that
# `httpcts certify` fills; its known keys are described in report.schema.json.


@dataclass
class ImplementationReport:
    """The results of one implementation; ``summary`` is stored, not recomputed by readers."""

    name: str
    module: str
    python: str
    results: List[Result]
    summary: Summary
    executable: Optional[str] = None  # None: run in the harness's own interpreter
    info: Dict[str, Any] = field(default_factory=dict)  # versions and other facts, open
    target: Dict[str, Any] = field(default_factory=dict)  # names borrowed from a base module

    def to_json(self, common: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        common = common or {}
        results = sorted(self.results, key=lambda r: r.case.id)
        return {
            "name": self.name,
            "module": self.module,
            "python": self.python,
            "executable": self.executable,
            "info": self.info,
            "target": self.target,
            "summary": {
                profile: {v.value: n for v, n in counts.items()}
                for profile, counts in self.summary.items()
            },
            "results": [r.to_json(common.get(r.case.id)) for r in results],
        }

    @classmethod
    def from_json(cls, obj: Any, cases: Mapping[str, Case], where: str = "implementation",
                  common: Optional[Mapping[str, Any]] = None) -> ImplementationReport:
        summary = need(obj, "summary", dict, where)
        executable = need(obj, "executable", (str, type(None)), where)

        def result(raw: Any, at: str) -> Result:
            return Result.from_json(raw, cases, at, common)

        return cls(
            name=need(obj, "name", str, where),
            module=need(obj, "module", str, where),
            python=need(obj, "python", str, where),
            results=each(result, obj, "results", where),
            summary={
                str(profile): {Verdict.parse(v, f"{where}.summary.{profile}"): int(n)
                               for v, n in counts.items()}
                for profile, counts in summary.items()
            },
            executable=executable,
            info=dict(obj.get("info") or {}),
            target=dict(obj.get("target") or {}),
        )


@dataclass
class Report:
    """All of report.json."""

    meta: Dict[str, Any]
    cases: List[Case]
    implementations: List[ImplementationReport]

    def to_json(self) -> Dict[str, Any]:
        common = common_observations([r for i in self.implementations for r in i.results])
        return {
            "tool": TOOL,
            "schema_version": SCHEMA_VERSION,
            "meta": self.meta,
            "cases": [case.to_json() for case in self.cases],
            "observed_common": common,
            "implementations": [impl.to_json(common) for impl in self.implementations],
        }

    @classmethod
    def from_json(cls, obj: Any, where: str = "report") -> Report:
        from ._model import Case, CaseError

        version = obj.get("schema_version") if isinstance(obj, Mapping) else None
        if version not in READABLE_VERSIONS:
            readable = " or ".join(map(str, READABLE_VERSIONS))
            shown = "missing" if version is None else repr(version)
            raise SchemaError(
                f"{where}.schema_version is {shown} but this httpcts reads {readable}; "
                "re-run httpcts certify with this httpcts to write a report it can read")
        cases: Dict[str, Case] = {}
        for i, raw in enumerate(need(obj, "cases", list, where)):
            try:
                case = Case.from_json(raw)
            except CaseError as exc:
                raise SchemaError(f"{where}.cases[{i}]: {exc}") from None
            cases[case.id] = case
        common = obj.get("observed_common", {})
        if not isinstance(common, dict) or not all(isinstance(v, dict) for v in common.values()):
            raise SchemaError(f"{where}.observed_common must map case ids to objects")

        def implementation(raw: Any, at: str) -> ImplementationReport:
            return ImplementationReport.from_json(raw, cases, at, common)

        return cls(
            meta=dict(need(obj, "meta", dict, where)),
            cases=list(cases.values()),
            implementations=each(implementation, obj, "implementations", where),
        )

