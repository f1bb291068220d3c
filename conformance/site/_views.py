"""What the templates see: the report's records arranged into rows, groups and pages.

Strategy: the report is read once through `_schema.Report.from_json` (no
guessing at spellings: a malformed report fails with the field named), then
arranged for display: one `Row` per case with a cell per implementation, rows
grouped by case group and first spec item, the spec coverage table, and per
result the connections of its transcript and its outcomes with the deciding one
marked.  Summaries are read from the report, not recomputed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .._model import PROFILES, Case
from .._report import DEFAULT_EVIDENCE, EVIDENCE_CHOICES, EVIDENCE_VERDICTS, verdict_list
from .._schema import ImplementationReport, Report, Result, Verdict, WireEvent
from ..spec_index import SpecItem, load_spec, normalise_name
from ._bytes import Shown, show_bytes

EVIDENCE_DIR = "evidence"


def slug(text: str) -> str:
    """A file-name-safe form of a case id or implementation name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def wants_page(result: Result, evidence: str) -> bool:
    """Whether ``--evidence`` asks for this result's page (`_report.EVIDENCE_VERDICTS`)."""
    return result.verdict in EVIDENCE_VERDICTS[evidence]


@dataclass(frozen=True)
class EventView:
    time: Optional[float]
    kind: str
    direction: Optional[str]  # "recv" (client -> server), "send" (server -> client), None
    shown: Optional[Shown]
    note: str


@dataclass(frozen=True)
class ConnectionView:
    label: str
    events: List[EventView]


@dataclass(frozen=True)
class OutcomeView:
    index: int
    verdict: Verdict
    match: Dict[str, Any]
    note: str
    matched: bool


def _event(event: WireEvent) -> EventView:
    shown = show_bytes(event.data) if event.data is not None else None
    return EventView(event.t, event.kind, event.direction, shown, event.note)


def fold_floods(events: List[EventView]) -> List[EventView]:
    """Keep the first and last of a run of 3+ elided data events in one direction; the
    middle ones become one row saying how many events and bytes it stands for."""
    out: List[EventView] = []
    run: List[EventView] = []

    def flush() -> None:
        if len(run) >= 3:
            middle = run[1:-1]
            total = sum(e.shown.size or 0 for e in middle if e.shown)
            note = f"{len(middle)} more {middle[0].kind} events folded"
            first = middle[0]
            folded = EventView(first.time, first.kind, first.direction, Shown([], total), note)
            out.extend([run[0], folded, run[-1]])
        else:
            out.extend(run)
        run.clear()

    for event in events:
        elided = event.shown is not None and event.shown.elided > 0
        flood_chunk = event.direction is not None and elided
        if flood_chunk and (not run or run[-1].direction == event.direction):
            run.append(event)
            continue
        flush()
        (run if flood_chunk else out).append(event)
    flush()
    return out


@dataclass
class ResultView:
    impl: ImplementationReport
    result: Result
    href: Optional[str] = None  # the evidence page, None when none was written

    @property
    def case(self) -> Case:
        return self.result.case

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    def connections(self) -> List[ConnectionView]:
        out = []
        for transcript in self.result.transcripts or []:
            events = fold_floods([_event(e) for e in transcript.events])
            if transcript.dropped_events:
                dropped = sorted(transcript.dropped_bytes.items())
                sizes = ", ".join(f"{n:,} bytes {direction}" for direction, n in dropped)
                note = f"{transcript.dropped_events} later data events not kept ({sizes})"
                events.append(EventView(None, "dropped", None, None, note))
            out.append(ConnectionView(f"connection {transcript.connection}", events))
        return out

    def outcomes(self) -> List[OutcomeView]:
        return [
            OutcomeView(i, o.verdict, o.match, o.note, i == self.result.matched)
            for i, o in enumerate(self.case.expect)
        ]


@dataclass
class Row:
    case: Case
    cells: List[Optional[ResultView]]

    @property
    def anchor(self) -> str:
        return f"row-{slug(self.case.id)}"

    @property
    def verdicts(self) -> List[str]:
        present = {cell.verdict for cell in self.cells if cell is not None}
        return [v.value for v in Verdict if v in present]

    @property
    def disagree(self) -> bool:
        return len(self.verdicts) > 1

    @property
    def search_text(self) -> str:
        case = self.case
        words = [case.id, case.title, case.desc, case.group, case.profile, *case.spec]
        return " ".join(words).lower()


@dataclass
class Group:
    category: str
    spec_item: str
    rows: List[Row]

    @property
    def title(self) -> str:
        """The case title the rows share (the case group's title), or ""."""
        titles = {row.case.title for row in self.rows}
        return titles.pop() if len(titles) == 1 else ""


@dataclass
class ImplView:
    record: ImplementationReport
    slug: str

    @property
    def name(self) -> str:
        return self.record.name


Coverage = List[Tuple[str, Optional[SpecItem], List[str]]]


@dataclass
class Site:
    """The whole report arranged for the templates."""

    title: str
    meta: Dict[str, Any]
    implementations: List[ImplView]
    cases: Dict[str, Case]
    results: Dict[Tuple[str, str], ResultView]  # (case id, implementation name)
    groups: List[Group]
    coverage: Coverage
    evidence: str
    anchors: Dict[str, str] = field(default_factory=dict)  # case id -> its matrix row

    @property
    def profiles(self) -> List[str]:
        present = {case.profile for case in self.cases.values()}
        return [p for p in PROFILES if p in present]

    @property
    def categories(self) -> List[str]:
        return list(dict.fromkeys(case.group for case in self.cases.values()))

    @property
    def spec_items_covered(self) -> Tuple[int, int]:
        """(items of the spec file with at least one case, items of the spec file)."""
        items = [ids for _, item, ids in self.coverage if item is not None]
        return sum(1 for ids in items if ids), len(items)

    @property
    def evidence_verdicts(self) -> str:
        """The verdicts whose results got a page, in words (``--evidence``)."""
        return verdict_list(EVIDENCE_VERDICTS[self.evidence])

    @property
    def present_verdicts(self) -> List[Verdict]:
        """The verdicts some implementation has, in enum order (summary columns)."""
        seen = {
            verdict
            for impl in self.implementations
            for counts in impl.record.summary.values()
            for verdict in counts
        }
        return [v for v in Verdict if v in seen]

    def results_of(self, case_id: str) -> List[Tuple[ImplView, Optional[ResultView]]]:
        return [(impl, self.results.get((case_id, impl.name))) for impl in self.implementations]


def _coverage(cases: Dict[str, Case]) -> Coverage:
    cited: Dict[str, List[str]] = {}
    for case in cases.values():
        for name in case.spec:
            cited.setdefault(normalise_name(name), []).append(case.id)
    out: Coverage = [(name, item, cited.pop(name, [])) for name, item in load_spec().items()]
    return out + [(name, None, ids) for name, ids in cited.items()]  # cited, not in the spec


def build_site(
    report: Report, evidence: str = DEFAULT_EVIDENCE, title: str = "httpcts certification report"
) -> Site:
    """Arrange a report for the templates; ``evidence`` says which results get a page."""
    if evidence not in EVIDENCE_CHOICES:
        raise ValueError(f"evidence must be one of {EVIDENCE_CHOICES}, got {evidence!r}")
    cases = {case.id: case for case in report.cases}
    impls = [ImplView(record, slug(record.name)) for record in report.implementations]
    results: Dict[Tuple[str, str], ResultView] = {}
    for impl in impls:
        for result in impl.record.results:
            view = ResultView(impl.record, result)
            if wants_page(result, evidence):
                view.href = f"{EVIDENCE_DIR}/{slug(result.case.id)}__{impl.slug}.html"
            results[(result.case.id, impl.name)] = view
    grouped: Dict[Tuple[str, str], List[Row]] = {}
    for case in cases.values():
        key = (case.group, normalise_name(case.spec[0]) if case.spec else "")
        cells = [results.get((case.id, impl.name)) for impl in impls]
        grouped.setdefault(key, []).append(Row(case, cells))
    groups = [Group(category, item, rows) for (category, item), rows in grouped.items()]
    meta = {k: v for k, v in report.meta.items() if isinstance(v, (str, int, float))}
    site = Site(title, meta, impls, cases, results, groups, _coverage(cases), evidence)
    site.anchors = {row.case.id: row.anchor for group in groups for row in group.rows}
    return site
