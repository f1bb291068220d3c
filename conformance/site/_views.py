"""What the templates see: the report's records arranged into rows, groups and pages.

Strategy: the report is read once through `_schema.Report.from_json` (no
guessing at spellings: a malformed report fails with the field named), then
arranged for display: one `Row` per case with a cell per implementation, rows
grouped by case group and first spec item, the spec coverage table, and the
evidence pages: one per case and module, a section per implementation, what the
sections share shown once (transcripts are arranged by `_wire`).  Summaries are
read from the report, not recomputed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Dict, List, Optional, Tuple

from .._jsonbase import join_around, split_around
from .._model import PROFILES, Case
from .._report import DEFAULT_EVIDENCE, EVIDENCE_CHOICES, EVIDENCE_VERDICTS, verdict_list
from .._schema import HOST_KEY, ImplementationReport, Report, Result, Verdict
from ..spec_index import SpecItem, load_spec, normalise_name
from ._wire import ConnectionView, EventView, event_view, fold_floods

EVIDENCE_DIR = "evidence"
PLACEHOLDER = "$hostport"  # the scripted server's address, as the outcomes write it


def slug(text: str) -> str:
    """A file-name-safe form of a case id or implementation name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def wants_page(result: Result, evidence: str) -> bool:
    """Whether ``--evidence`` asks for this result's page (`_report.EVIDENCE_VERDICTS`)."""
    return result.verdict in EVIDENCE_VERDICTS[evidence]


@dataclass
class ResultView:
    impl: ImplementationReport
    result: Result
    href: Optional[str] = None  # its section of an evidence page, None when none was written
    anchor: str = ""  # the section's id on that page

    @property
    def case(self) -> Case:
        return self.result.case

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    def connections(self) -> List[ConnectionView]:
        out = []
        for transcript in self.result.transcripts or []:
            events = fold_floods([event_view(e) for e in transcript.events])
            if transcript.dropped_events:
                dropped = sorted(transcript.dropped_bytes.items())
                sizes = ", ".join(f"{n:,} bytes {direction}" for direction, n in dropped)
                note = f"{transcript.dropped_events} later data events not kept ({sizes})"
                events.append(EventView(None, "dropped", None, None, note))
            out.append(ConnectionView(f"connection {transcript.connection}", events))
        return out


@dataclass(frozen=True)
class OutcomeRow:
    """One acceptable outcome of a case and the implementations it decided."""

    index: int
    verdict: Verdict
    match: Dict[str, Any]
    note: str
    matched_by: List[ResultView]


@dataclass
class EvidencePage:
    """One case and one module: the implementations of that module whose results get a
    page (several interpreters of http.client, say) share the case, the client program
    and the scripted server, and each has a section with its own outcome, observation,
    transcript and replay commands."""

    case: Case
    module: str
    href: str
    views: List[ResultView] = field(default_factory=list)

    def outcomes(self) -> List[OutcomeRow]:
        return [
            OutcomeRow(i, o.verdict, o.match, o.note,
                       [v for v in self.views if v.result.matched == i])
            for i, o in enumerate(self.case.expect)
        ]

    @cached_property
    def common_observed(self) -> Dict[str, Any]:
        """The observed facts every section of the page shares (two or more sections),
        shown once; each section shows the rest (`own_observed`).  When the sections'
        servers had different addresses, a fact that differs only by it is shared with
        the address shown as ``$hostport`` (each section's ``req.h.host`` gives it)."""
        if len(self.views) < 2:
            return {}
        observed = [view.result.observed for view in self.views]
        hosts = {str(obs.get(HOST_KEY)) for obs in observed}
        by_host = len(hosts) > 1 and all(isinstance(o.get(HOST_KEY), str) for o in observed)

        def shareable(obs: Dict[str, Any], key: str) -> Any:
            host = obs[HOST_KEY] if by_host and key != HOST_KEY else ""
            return split_around(obs[key], host)

        first, *others = observed
        return {  # repr: True, 1 and 1.0 differ
            key: join_around(shareable(first, key), PLACEHOLDER)
            for key in first
            if all(key in o and repr(shareable(o, key)) == repr(shareable(first, key))
                   for o in others)
        }

    @property
    def hostport_shared(self) -> bool:
        """Whether a shared fact shows the server's address as ``$hostport``."""
        return PLACEHOLDER in repr(self.common_observed)

    def own_observed(self, view: ResultView) -> Dict[str, Any]:
        common = self.common_observed
        return {k: v for k, v in view.result.observed.items() if k not in common}

    @property
    def unmatched(self) -> List[ResultView]:
        """The sections whose result no outcome decided."""
        return [view for view in self.views if view.result.matched is None]


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
    pages: List[EvidencePage] = field(default_factory=list)

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
    pages: Dict[Tuple[str, str], EvidencePage] = {}
    for impl in impls:
        for result in impl.record.results:
            view = ResultView(impl.record, result)
            results[(result.case.id, impl.name)] = view
            if wants_page(result, evidence):
                key = (result.case.id, impl.record.module)
                href = f"{EVIDENCE_DIR}/{slug(key[0])}__{slug(key[1])}.html"
                page = pages.setdefault(key, EvidencePage(result.case, key[1], href))
                page.views.append(view)
                view.href, view.anchor = f"{href}#{impl.slug}", impl.slug
    grouped: Dict[Tuple[str, str], List[Row]] = {}
    for case in cases.values():
        key = (case.group, normalise_name(case.spec[0]) if case.spec else "")
        cells = [results.get((case.id, impl.name)) for impl in impls]
        grouped.setdefault(key, []).append(Row(case, cells))
    groups = [Group(category, item, rows) for (category, item), rows in grouped.items()]
    meta = {k: v for k, v in report.meta.items() if isinstance(v, (str, int, float))}
    site = Site(title, meta, impls, cases, results, groups, _coverage(cases), evidence)
    site.anchors = {row.case.id: row.anchor for group in groups for row in group.rows}
    site.pages = list(pages.values())
    return site
