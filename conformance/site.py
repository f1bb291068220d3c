"""`httpcts report DIR`: turn ``DIR/report.json`` into a static site a person can read.

Strategy: load the JSON once, normalise it into small view objects (tolerating
missing optional fields and a few spellings of each), then render three Jinja2
templates: ``index.html`` (summary, matrix with filters, spec coverage) and one
``evidence/<case>__<implementation>.html`` page per case and implementation (one
section per profile the case ran under).  All logic lives here; the templates only
lay out what they are given.  CSS and JS are copied next to the pages, so the folder
is self-contained: no network fetch, opens from disk, uploads as a CI artifact.

Wire bytes are shown escaped (``\\r``, ``\\n``, ``\\xNN`` marked up so they stand
out) and anything longer than `MAX_SHOWN_BYTES` is cut to a head and a tail with
the number of elided bytes between them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Optional

import jinja2
from markupsafe import Markup, escape

from .spec_index import SpecItem, load_spec, normalise_name

VERDICTS = ("PASS", "FAIL", "NON-STRICT", "UNSUPPORTED", "INFORMATIONAL", "ERROR")
PROFILE_ORDER = ("doc", "hardened")
EVIDENCE_DIR = "evidence"
STATIC_DIR = "static"
MAX_SHOWN_BYTES = 4096  # per event; beyond this a head and a tail are shown
HEAD_BYTES, TAIL_BYTES = 2048, 512
SCRIPT_SHOWN_BYTES = 512  # scripted-server steps: the pattern matters, not its length
REPORT_FILE = "report.json"


# --------------------------------------------------------------------------- bytes


def escape_bytes(data: bytes) -> str:
    """Printable ASCII as is; backslash, CR, LF, TAB and every other byte escaped."""
    out = []
    for byte in data:
        if byte == 0x5C:
            out.append("\\\\")
        elif byte == 0x0D:
            out.append("\\r")
        elif byte == 0x0A:
            out.append("\\n")
        elif byte == 0x09:
            out.append("\\t")
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


# Escapes as written by `escape_bytes` and by repr(bytes) (the report writer's form).
_ESCAPE_TOKEN = re.compile(r"\\(?:x[0-9a-fA-F]{2}|[rnt0\\'\"])")
# The report writer's elision marker inside an escaped string.
_ELIDED_MARK = re.compile(r"\.\.\.\[(\d+) bytes elided\]\.\.\.")


@dataclass(frozen=True)
class Segment:
    """A run of escaped text: ``kind`` is "text", "esc" (a visible escape) or "eol"."""

    kind: str
    text: str


def segments(escaped: str) -> list[Segment]:
    """Split escaped text into plain runs and escapes; a line break follows each ``\\n``."""
    out: list[Segment] = []
    pos = 0
    for match in _ESCAPE_TOKEN.finditer(escaped):
        if match.start() > pos:
            out.append(Segment("text", escaped[pos : match.start()]))
        token = match.group()
        if token in ("\\'", '\\"'):
            out.append(Segment("text", token[1]))
        else:
            out.append(Segment("text" if token == "\\\\" else "esc", token))
        if token == "\\n":
            out.append(Segment("eol", ""))
        pos = match.end()
    if pos < len(escaped):
        out.append(Segment("text", escaped[pos:]))
    return out


@dataclass(frozen=True)
class Shown:
    """Bytes as displayed: head segments, elided byte count, tail segments, total size."""

    head: list[Segment]
    elided: int = 0
    tail: list[Segment] = field(default_factory=list)
    size: Optional[int] = None


def show_bytes(data: bytes, *, limit: int = MAX_SHOWN_BYTES) -> Shown:
    """Bytes for display: whole up to ``limit``, else a head, the elided count and a tail."""
    if len(data) <= limit:
        return Shown(segments(escape_bytes(data)), size=len(data))
    head_bytes, tail_bytes = limit * HEAD_BYTES // MAX_SHOWN_BYTES, limit * TAIL_BYTES // MAX_SHOWN_BYTES
    head, tail = data[:head_bytes], data[len(data) - tail_bytes :]
    elided = len(data) - head_bytes - tail_bytes
    return Shown(segments(escape_bytes(head)), elided, segments(escape_bytes(tail)), len(data))


def _latin1(text: str) -> bytes:
    """The project's JSON byte convention: byte N is code point N."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


# --------------------------------------------------------------------------- views


@dataclass
class EventView:
    time: Optional[float]
    kind: str
    direction: Optional[str]  # "recv" (client -> server), "send" (server -> client), None
    shown: Optional[Shown]
    note: str


@dataclass
class ConnectionView:
    label: str
    events: list[EventView]
    text: str = ""  # a pre-formatted transcript when no events were given


@dataclass
class ResultView:
    implementation: str
    case: str
    profile: str
    verdict: str
    level: str
    expected: Any
    observed: Any
    duration_s: Optional[float]
    connections: list[ConnectionView]
    details: dict[str, Any]
    href: str = ""


@dataclass
class CaseView:
    id: str
    title: str
    category: str
    spec: list[str]
    references: list[str]
    requirement: str
    description: str
    expectation: str
    scenario: Any
    client: str  # a client program given as text
    program: list[dict[str, Any]]  # a client program given as operations
    outcomes: list[dict[str, Any]]  # {"verdict", "match", "note"}, tried in order
    raw: dict[str, Any]


@dataclass
class ImplementationView:
    name: str
    module: str
    python: str
    slug: str
    summary: dict[str, dict[str, int]]


@dataclass
class Row:
    case: CaseView
    profile: str
    cells: list[Optional[ResultView]]

    @property
    def anchor(self) -> str:
        return f"row-{slug(self.case.id)}-{slug(self.profile)}"

    @property
    def verdicts(self) -> list[str]:
        return sorted({cell.verdict for cell in self.cells if cell is not None})

    @property
    def disagree(self) -> bool:
        return len(self.verdicts) > 1

    @property
    def search_text(self) -> str:
        case = self.case
        words = [case.id, case.title, case.description, case.category, self.profile, *case.spec]
        return " ".join(words).lower()


@dataclass
class Group:
    category: str
    spec_item: str
    rows: list[Row]

    @property
    def title(self) -> str:
        """The case title the rows share (the case group's title), or ""."""
        titles = {row.case.title for row in self.rows}
        return titles.pop() if len(titles) == 1 else ""


def _first(mapping: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    for key in keys:
        if key in mapping and mapping[key] not in (None, ""):
            return mapping[key]
    return default


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def slug(text: str) -> str:
    """A file-name-safe form of a case id or implementation name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def shown_escaped(escaped: str, size: Optional[int] = None, elided: int = 0) -> Shown:
    """Already-escaped text (repr style), split at the writer's elision marker if any."""
    mark = _ELIDED_MARK.search(escaped)
    if mark:
        head, tail = escaped[: mark.start()], escaped[mark.end() :]
        return Shown(segments(head), int(mark.group(1)), segments(tail), size)
    return Shown(segments(escaped), elided, [], size)


def _event(raw: Any) -> EventView:
    """One transcript event.  The report writer's form is ``{"t", "kind", "direction",
    "data" (escaped, repr style, maybe with an elision marker), "bytes", "elided", "note"}``;
    ``data`` may also be a list of byte values, or a dict with ``escaped``/``elided``."""
    if not isinstance(raw, Mapping):
        return EventView(None, "note", None, None, str(raw))
    kind = str(_first(raw, "kind", "event", "type", default="?"))
    direction = _first(raw, "direction", "dir")
    if direction is None and kind in ("recv", "send"):
        direction = kind
    time = _first(raw, "t", "time", "ts")
    note = str(_first(raw, "note", default=""))
    data = _first(raw, "data", "escaped")
    if isinstance(data, Mapping):
        raw = {**raw, **data}
        data = _first(data, "escaped", "data", "text")
    size = _first(raw, "bytes", "size", "length", "nbytes")
    size = size if isinstance(size, int) and not isinstance(size, bool) else None
    elided = _first(raw, "elided_bytes", "elided", "omitted", default=0)
    elided = elided if isinstance(elided, int) and not isinstance(elided, bool) else 0
    shown: Optional[Shown] = None
    if isinstance(data, str):
        shown = shown_escaped(data, size, elided)
    elif isinstance(data, list) and all(isinstance(b, int) for b in data):
        shown = show_bytes(bytes(data))
    elif elided:
        shown = Shown([], elided, [], size)
    number = float(time) if isinstance(time, (int, float)) and not isinstance(time, bool) else None
    return EventView(number, kind, str(direction) if direction else None, shown, note)


def _fold_floods(events: list[EventView]) -> list[EventView]:
    """Keep the first and last of a run of 3+ elided data events in one direction; the
    middle ones become one row saying how many events and bytes it stands for."""
    out: list[EventView] = []
    run: list[EventView] = []

    def flush() -> None:
        if len(run) >= 3:
            middle = run[1:-1]
            total = sum(e.shown.size or 0 for e in middle if e.shown)
            note = f"{len(middle)} more {middle[0].kind} events folded"
            folded = EventView(middle[0].time, middle[0].kind, middle[0].direction, Shown([], total), note)
            out.extend([run[0], folded, run[-1]])
        else:
            out.extend(run)
        run.clear()

    for event in events:
        flood_chunk = event.direction is not None and event.shown is not None and event.shown.elided > 0
        if flood_chunk and (not run or run[-1].direction == event.direction):
            run.append(event)
            continue
        flush()
        if flood_chunk:
            run.append(event)
        else:
            out.append(event)
    flush()
    return out


def _connections(result: Mapping[str, Any]) -> list[ConnectionView]:
    raw = _first(result, "transcripts", "transcript", "wire")
    if raw is None:
        return []
    if isinstance(raw, str):
        return [ConnectionView("transcript", [], raw)]
    if isinstance(raw, Mapping):
        raw = _first(raw, "connections", default=[raw])
    out = []
    for number, conn in enumerate(raw):
        if isinstance(conn, str):
            out.append(ConnectionView(f"connection {number}", [], conn))
            continue
        if isinstance(conn, Mapping):
            index = _first(conn, "index", "connection", default=number)
            peer = _first(conn, "peer", "address")
            label = f"connection {index}"
            if isinstance(peer, (list, tuple)) and len(peer) >= 2:
                label += f" from {peer[0]}:{peer[1]}"
            elif peer:
                label += f" from {peer}"
            scenario = _first(conn, "scenario", "server")
            if scenario:
                label += f" ({scenario})"
            events = _first(conn, "events", default=[])
        else:
            label, events = f"connection {number}", conn
        view = ConnectionView(label, _fold_floods([_event(event) for event in events]))
        merged = conn.get("elided_events_bytes") if isinstance(conn, Mapping) else None
        if isinstance(merged, int) and merged:
            view.events.append(EventView(None, "elided", None, Shown([], merged), "later data events not kept"))
        out.append(view)
    return out


_RESULT_KEYS = {
    "case", "profile", "level", "verdict", "expected", "observed", "duration_s",
    "transcript", "transcripts", "wire",
}  # fmt: skip


def _result(implementation: str, raw: Mapping[str, Any]) -> ResultView:
    return ResultView(
        implementation=implementation,
        case=str(raw.get("case", "?")),
        profile=str(raw.get("profile") or "doc"),
        verdict=str(raw.get("verdict") or "ERROR").upper(),
        level=str(raw.get("level") or ""),
        expected=raw.get("expected"),
        observed=raw.get("observed"),
        duration_s=raw.get("duration_s") if isinstance(raw.get("duration_s"), (int, float)) else None,
        connections=_connections(raw),
        details={k: v for k, v in raw.items() if k not in _RESULT_KEYS and v not in (None, "", [], {})},
    )


def _case(raw: Mapping[str, Any]) -> CaseView:
    case_id = str(raw.get("id", "?"))
    description = str(_first(raw, "desc", "description", default=""))
    client = _first(raw, "program", "client", "client_program", "driver", default="")
    program = [dict(op) if isinstance(op, Mapping) else {"op": str(op)} for op in client] if isinstance(client, list) else []
    expected = raw.get("expected")
    outcomes = [dict(o) for o in expected if isinstance(o, Mapping)] if isinstance(expected, list) else []
    return CaseView(
        id=case_id,
        title=str(_first(raw, "title", "name", default="")),
        category=str(_first(raw, "category", "group", default=case_id.rsplit(".", 1)[0])),
        spec=_as_list(raw.get("spec")),
        references=_as_list(raw.get("references")),
        requirement=str(_first(raw, "requirement", default="")),
        description=description,
        expectation=str(_first(raw, "expectation", default="")),
        scenario=raw.get("scenario"),
        client=client if isinstance(client, str) else "",
        program=program,
        outcomes=outcomes,
        raw=dict(raw),
    )


def _profile_key(profile: str) -> tuple[int, str]:
    return (PROFILE_ORDER.index(profile) if profile in PROFILE_ORDER else len(PROFILE_ORDER), profile)


def _verdict_key(verdict: str) -> tuple[int, str]:
    return (VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS), verdict)


@dataclass
class Site:
    """The whole report, normalised: what the templates see."""

    title: str
    meta: dict[str, Any]
    implementations: list[ImplementationView]
    cases: dict[str, CaseView]
    results: dict[tuple[str, str, str], ResultView]  # (case, profile, implementation)
    groups: list[Group]
    profiles: list[str]
    categories: list[str]
    verdicts: list[str]
    coverage: list[tuple[str, Optional[SpecItem], list[str]]]
    anchors: dict[str, str]  # case id -> id of its first matrix row

    @property
    def spec_items_covered(self) -> tuple[int, int]:
        """(items of the spec file with at least one case, items of the spec file)."""
        items = [ids for _, item, ids in self.coverage if item is not None]
        return sum(1 for ids in items if ids), len(items)

    @property
    def present_verdicts(self) -> list[str]:
        """The verdicts some result has, in the standard order (summary columns)."""
        seen = {res.verdict for res in self.results.values()}
        for impl in self.implementations:
            for counts in impl.summary.values():
                seen.update(v for v, n in counts.items() if n)
        return sorted(seen, key=_verdict_key)


def build_site(report: Mapping[str, Any]) -> Site:
    """Normalise a parsed report.json into the view the templates render."""
    implementations: list[ImplementationView] = []
    results: dict[tuple[str, str, str], ResultView] = {}
    cases: dict[str, CaseView] = {}
    for raw_case in report.get("cases") or []:
        case = _case(raw_case)
        cases[case.id] = case
    for raw_impl in report.get("implementations") or []:
        name = str(_first(raw_impl, "name", "module", default=f"implementation {len(implementations)}"))
        impl_results = [_result(name, raw) for raw in raw_impl.get("results") or []]
        summary = raw_impl.get("summary")
        if not isinstance(summary, Mapping) or not summary:
            summary = {}
            for res in impl_results:
                counts = summary.setdefault(res.profile, {})
                counts[res.verdict] = counts.get(res.verdict, 0) + 1
        implementations.append(
            ImplementationView(
                name=name,
                module=str(raw_impl.get("module") or name),
                python=str(raw_impl.get("python") or ""),
                slug=slug(name),
                summary={str(p): {str(v): int(n) for v, n in c.items()} for p, c in summary.items()},
            )
        )
        for res in impl_results:
            if res.case not in cases:
                cases[res.case] = _case({"id": res.case})
            res.href = f"{EVIDENCE_DIR}/{slug(res.case)}__{slug(name)}.html#profile-{slug(res.profile)}"
            results[(res.case, res.profile, name)] = res

    profiles_of: dict[str, set[str]] = {}
    for case_id, profile, _ in results:
        profiles_of.setdefault(case_id, set()).add(profile)
    grouped: dict[tuple[str, str], list[Row]] = {}
    for case in cases.values():
        for profile in sorted(profiles_of.get(case.id) or {"—"}, key=_profile_key):
            cells = [results.get((case.id, profile, impl.name)) for impl in implementations]
            key = (case.category, normalise_name(case.spec[0]) if case.spec else "")
            grouped.setdefault(key, []).append(Row(case, profile, cells))
    groups = [Group(category, item, rows) for (category, item), rows in grouped.items()]

    spec = load_spec()
    cited: dict[str, list[str]] = {}
    for case in cases.values():
        for name in case.spec:
            cited.setdefault(normalise_name(name), []).append(case.id)
    coverage: list[tuple[str, Optional[SpecItem], list[str]]]
    coverage = [(name, item, cited.pop(name, [])) for name, item in spec.items()]
    coverage += [(name, None, ids) for name, ids in cited.items()]  # cited, not in the spec

    verdicts = {res.verdict for res in results.values()}
    return Site(
        title=str(report.get("title") or "httpcts certification report"),
        meta={k: v for k, v in report.items() if k not in ("implementations", "cases") and isinstance(v, (str, int, float))},
        implementations=implementations,
        cases=cases,
        results=results,
        groups=groups,
        profiles=sorted({p for _, p, _ in results}, key=_profile_key),
        categories=list(dict.fromkeys(case.category for case in cases.values())),
        verdicts=sorted(verdicts | set(VERDICTS), key=_verdict_key),
        coverage=coverage,
        anchors={
            row.case.id: row.anchor for group in reversed(groups) for row in reversed(group.rows)
        },
    )


# --------------------------------------------------------------------------- text helpers

_REFERENCE_LINKS = (
    (re.compile(r"^RFC\s*(\d+)\s*§\s*([\d.]+)$"), "https://www.rfc-editor.org/rfc/rfc{0}#section-{1}"),
    (re.compile(r"^RFC\s*(\d+)$"), "https://www.rfc-editor.org/rfc/rfc{0}"),
    (re.compile(r"^(CVE-\d{4}-\d+)$"), "https://www.cve.org/CVERecord?id={0}"),
    (re.compile(r"^CWE-(\d+)$"), "https://cwe.mitre.org/data/definitions/{0}.html"),
    (re.compile(r"^bpo-(\d+)$"), "https://bugs.python.org/issue{0}"),
    (re.compile(r"^(?:gh-|cpython#)(\d+)$"), "https://github.com/python/cpython/issues/{0}"),
    (re.compile(r"^urllib3#(\d+)$"), "https://github.com/urllib3/urllib3/issues/{0}"),
    (re.compile(r"^PEP\s*(\d+)$"), "https://peps.python.org/pep-{0:0>4}/"),
    (re.compile(r"^(https?://\S+)$"), "{0}"),
)


def reference_link(reference: str) -> Optional[str]:
    """A URL for a reference such as "RFC 9112 §6.3", "CVE-2021-3737" or "bpo-13684"."""
    for pattern, template in _REFERENCE_LINKS:
        match = pattern.match(reference.strip())
        if match:
            return template.format(*match.groups())
    return None


_INLINE = re.compile(r"``(?P<lit>.+?)``|:[a-z]+:`~?(?P<role>[^`]+)`|(?<![\w*])\*(?P<em>[^*\s][^*]*)\*(?!\w)")


def _inline(text: str) -> str:
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        out.append(str(escape(text[pos : match.start()])))
        if match.group("lit") is not None:
            out.append(f"<code>{escape(match.group('lit'))}</code>")
        elif match.group("role") is not None:
            out.append(f"<code>{escape(match.group('role'))}</code>")
        else:
            out.append(f"<em>{escape(match.group('em'))}</em>")
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return "".join(out)


def rst_to_html(text: str) -> str:
    """Just enough reStructuredText for spec quotes: paragraphs, literal blocks,
    notes and version markers, inline literals and roles."""
    blocks, current = [], []
    for line in text.splitlines() + [""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    html, literal_next, note_next = [], False, False
    for block in blocks:
        indented = all(line[:1].isspace() for line in block)
        head = block[0].strip()
        if literal_next and indented:
            body = "\n".join(line[3:] if line.startswith("   ") else line for line in block)
            html.append(f"<pre class='literal'>{escape(body)}</pre>")
            continue
        literal_next = False
        version = re.match(r"\.\. version(added|changed)::\s*(\S+)", head)
        if version:
            rest = " ".join(line.strip() for line in block[1:])
            words = "New in version" if version.group(1) == "added" else "Changed in version"
            html.append(f"<p class='version'>{words} {version.group(2)}{': ' + _inline(rest) if rest else '.'}</p>")
            continue
        if head.startswith(".. note::"):
            rest = " ".join(line.strip() for line in block[1:])
            if rest:
                html.append(f"<p class='note'><strong>Note:</strong> {_inline(rest)}</p>")
            else:
                note_next = True
            continue
        paragraph = " ".join(line.strip() for line in block)
        if paragraph.endswith("::"):
            literal_next = True
            paragraph = paragraph[:-1]
        css = " class='note'" if note_next and indented else ""
        prefix = "<strong>Note:</strong> " if css else ""
        note_next = False
        html.append(f"<p{css}>{prefix}{_inline(paragraph)}</p>")
    return "\n".join(html)


def _scenario_view(scenario: Any) -> Optional[dict[str, Any]]:
    """The scripted server as data: from the report, or looked up in the catalogue."""
    if isinstance(scenario, Mapping):
        return dict(scenario)
    if isinstance(scenario, str) and scenario:
        try:
            from httpcts.servers import get_scenario  # type: ignore[import-not-found]

            found: dict[str, Any] = get_scenario(scenario).to_json()
            return found
        except Exception:  # unknown id, or servers not importable: show the id alone
            return {"id": scenario}
    return None


_BYTE_FIELDS = ("data", "pattern", "prefix")


def _steps_view(script: Iterable[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for step in script:
        if not isinstance(step, Mapping):
            out.append({"tag": str(step), "fields": {}, "bytes": []})
            continue
        fields: dict[str, Any] = {}
        shown: list[tuple[str, Shown]] = []
        for key, value in step.items():
            if key == "step":
                continue
            if key in _BYTE_FIELDS and isinstance(value, str):
                shown.append((key, show_bytes(_latin1(value), limit=SCRIPT_SHOWN_BYTES)))
            elif key == "pieces" and isinstance(value, list):
                shown += [
                    (f"piece {i}", show_bytes(_latin1(str(p)), limit=SCRIPT_SHOWN_BYTES))
                    for i, p in enumerate(value)
                ]
            elif value is not None:
                fields[key] = value
        out.append({"tag": str(step.get("step", "?")), "fields": fields, "bytes": shown})
    return out


def program_lines(program: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Each operation as (name, "key=value ..."), values in JSON, the op name first."""
    lines = []
    for op in program:
        args = " ".join(
            f"{key}={json.dumps(value, ensure_ascii=True)}" for key, value in op.items() if key != "op"
        )
        lines.append((str(op.get("op", "?")), args))
    return lines


# --------------------------------------------------------------------------- rendering


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("httpcts.conformance", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["vclass"] = lambda v: "v-" + slug(str(v)).lower()
    env.filters["slug"] = slug
    env.filters["reflink"] = reference_link
    env.filters["rst"] = lambda text: Markup(rst_to_html(text))
    env.filters["json"] = lambda value: json.dumps(value, indent=2, sort_keys=True, default=str)
    env.filters["spec_name"] = normalise_name
    env.filters["program_lines"] = program_lines
    env.filters["wbr"] = lambda text: Markup(".<wbr>").join(escape(part) for part in str(text).split("."))
    env.filters["ctl"] = lambda text: isinstance(text, str) and any(ord(c) < 0x20 or 0x7F <= ord(c) < 0x100 for c in text)
    env.filters["latin1_bytes"] = lambda text: show_bytes(_latin1(text))
    env.tests["mapping"] = lambda value: isinstance(value, Mapping)
    env.tests["sequence_value"] = lambda value: isinstance(value, (list, tuple))
    return env


def _copy_static(out: Path) -> None:
    target = out / STATIC_DIR
    target.mkdir(exist_ok=True)
    static = resources.files("httpcts.conformance").joinpath("templates", "static")
    for entry in static.iterdir():
        if entry.is_file():
            (target / entry.name).write_bytes(entry.read_bytes())


def render_site(report_dir: Path) -> Path:
    """Render ``report_dir/report.json`` into ``report_dir/index.html`` and its
    ``evidence/`` pages; returns the path of ``index.html``."""
    report_dir = Path(report_dir)
    with open(report_dir / REPORT_FILE, encoding="utf-8") as handle:
        report = json.load(handle)
    site = build_site(report)
    env = _environment()
    spec = load_spec()

    evidence = report_dir / EVIDENCE_DIR
    if evidence.is_dir():  # pages of cases that no longer exist must not linger
        shutil.rmtree(evidence)
    evidence.mkdir()
    _copy_static(report_dir)

    page = env.get_template("evidence.html")
    for case in site.cases.values():
        spec_items = [(name, spec.get(normalise_name(name))) for name in case.spec]
        quoted = {normalise_name(name) for name in case.spec}
        for ref in case.references:  # "httplib 2.6 docs: X" references quote X too
            if ref.startswith("httplib 2.6 docs:") and normalise_name(ref) not in quoted:
                item = spec.get(normalise_name(ref))
                if item is not None:
                    spec_items.append((item.name, item))
                    quoted.add(item.name)
        scenario = _scenario_view(case.scenario)
        scripts = [_steps_view(script) for script in (scenario or {}).get("connections") or []]
        for impl in site.implementations:
            results = sorted(
                (r for (c, _, i), r in site.results.items() if c == case.id and i == impl.name),
                key=lambda r: _profile_key(r.profile),
            )
            if not results:
                continue
            others = [
                (other, [r for (c, _, i), r in site.results.items() if c == case.id and i == other.name])
                for other in site.implementations
            ]
            html = page.render(
                site=site,
                case=case,
                impl=impl,
                results=results,
                others=others,
                spec_items=spec_items,
                scenario=scenario,
                scripts=scripts,
                root="../",
            )
            (evidence / f"{slug(case.id)}__{impl.slug}.html").write_text(html, encoding="utf-8")

    index = report_dir / "index.html"
    index.write_text(env.get_template("index.html").render(site=site, root=""), encoding="utf-8")
    return index


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="httpcts report",
        description="Render DIR/report.json (from `httpcts certify --report DIR`) as a static "
        "HTML site: DIR/index.html plus one evidence page per case and implementation.",
    )
    parser.add_argument("dir", type=Path, help="the report folder holding report.json")
    args = parser.parse_args(list(argv))
    source = args.dir / REPORT_FILE
    if not source.is_file():
        print(f"httpcts report: no {REPORT_FILE} in {args.dir}", file=sys.stderr)
        return 2
    try:
        index = render_site(args.dir)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed JSON or shape
        print(f"httpcts report: cannot render {source}: {exc}", file=sys.stderr)
        return 1
    print(f"httpcts report: wrote {index}")
    return 0
