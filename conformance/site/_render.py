"""Writing the site: Jinja2 templates over the views, static files copied, progress shown.

Strategy: one Jinja environment whose filters do the little formatting the
templates need (verdict classes, bytes, spec quotes, program steps); the
templates only lay out what they are given.  ``index.html`` holds the summary,
the matrix and the spec coverage; ``evidence/<case>__<module>.html`` the results of
one case on the implementations of one module (which results get a page is
``--evidence``): the case-level parts (spec quotes, client program, scripted server,
outcomes) once, then a section per implementation.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Dict, List, Optional, TextIO

import jinja2
from markupsafe import Markup, escape

from .._explain import python_snippet, python_steps, replay_commands, serve_command
from .._report import DEFAULT_EVIDENCE
from .._schema import VERDICT_MEANINGS, Report, Verdict
from ..spec_index import load_spec, normalise_name
from ._bytes import SCRIPT_SHOWN_BYTES, has_control, latin1, show_bytes
from ._spectext import reference_link, rst_to_html
from ._views import EVIDENCE_DIR, build_site, slug

STATIC_DIR = "static"
REPORT_FILE = "report.json"
_BYTE_FIELDS = ("data", "pattern", "prefix")


def _vclass(verdict: Any) -> str:
    known = isinstance(verdict, (str, Verdict)) and verdict in set(Verdict)
    return Verdict(verdict).css if known else "v-missing"


def _json(value: Any) -> Markup:
    """A value as JSON text for an HTML text node (quotes need no escaping there)."""
    def record(v: Any) -> Any:
        return v.to_json() if hasattr(v, "to_json") else str(v)

    text = json.dumps(value, ensure_ascii=False, default=record)
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("httpcts.conformance", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(Verdict=Verdict, meanings=VERDICT_MEANINGS)
    env.filters.update(
        vclass=_vclass,
        slug=slug,
        reflink=reference_link,
        rst=lambda text: Markup(rst_to_html(text)),
        json=_json,
        spec_name=normalise_name,
        python_steps=python_steps,
        wbr=lambda text: Markup(".<wbr>").join(escape(part) for part in str(text).split(".")),
        ctl=has_control,
        shown=lambda value: show_bytes(latin1(value) if isinstance(value, str) else value, 600),
    )
    env.tests["mapping"] = lambda value: isinstance(value, Mapping)
    env.tests["sequence_value"] = lambda value: isinstance(value, (list, tuple))
    env.tests["byterun"] = lambda value: hasattr(value, "elided") and hasattr(value, "head")
    return env


def scenario_view(scenario_id: Optional[str]) -> Optional[Dict[str, Any]]:
    """The scripted server as data, from the catalogue; its id alone if unknown."""
    if not scenario_id:
        return None
    try:
        from ...servers import get_scenario

        found: Dict[str, Any] = get_scenario(scenario_id).to_json()
    except Exception:  # noqa: BLE001 - unknown id (an older report): show the id alone
        return {"id": scenario_id, "connections": []}
    found["scripts"] = [_steps_view(script) for script in found.get("connections") or []]
    return found


def _steps_view(script: Iterable[Any]) -> List[Dict[str, Any]]:
    out = []
    for step in script:
        fields: Dict[str, Any] = {}
        shown = []
        for key, value in step.items():
            if key == "step" or step.get("step") == "expect_request":
                continue  # the request reader's limits are not what the case is about
            if key in _BYTE_FIELDS and isinstance(value, str):
                shown.append((key, show_bytes(latin1(value), SCRIPT_SHOWN_BYTES)))
            elif key == "pieces" and isinstance(value, list):
                shown += [(f"piece {i}", show_bytes(latin1(str(piece)), SCRIPT_SHOWN_BYTES))
                          for i, piece in enumerate(value)]
            elif value is not None:
                fields[key] = value
        out.append({"tag": str(step.get("step", "?")), "fields": fields, "bytes": shown})
    return out


def spec_quotes(case_spec: Iterable[str], references: Iterable[str]) -> List[Any]:
    """(name, spec item or None) for each spec name a case cites, and for each
    "httplib 2.6 docs:" reference."""
    spec = load_spec()
    items = [(name, spec.get(normalise_name(name))) for name in case_spec]
    quoted = {normalise_name(name) for name in case_spec}
    for ref in references:
        if ref.startswith("httplib 2.6 docs:") and normalise_name(ref) not in quoted:
            item = spec.get(normalise_name(ref))
            if item is not None:
                items.append((item.name, item))
                quoted.add(item.name)
    return items


class Progress:
    """"evidence pages N/TOTAL" on a stream: redrawn in place on a terminal, every 10% otherwise."""

    def __init__(self, total: int, stream: Optional[TextIO]) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.tty = stream is not None and hasattr(stream, "isatty") and stream.isatty()
        self.started = self._last = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if self.stream is None:
            return
        now = time.monotonic()
        final = self.done == self.total
        tick = max(1, self.total // 10)
        due = now - self._last > 0.1 if self.tty else self.done % tick == 0
        if final or due:
            self._last = now
            elapsed = now - self.started
            line = f"httpcts report: evidence pages {self.done}/{self.total} {elapsed:.1f}s"
            end = "\n" if final or not self.tty else ""
            self.stream.write(("\r" if self.tty else "") + line + end)
            self.stream.flush()


def _copy_static(out: Path) -> None:
    target = out / STATIC_DIR
    target.mkdir(exist_ok=True)
    static = resources.files("httpcts.conformance").joinpath("templates", "static")
    for entry in static.iterdir():
        if entry.is_file():
            (target / entry.name).write_bytes(entry.read_bytes())


def load_report(report_dir: Path) -> Report:
    with open(Path(report_dir) / REPORT_FILE, encoding="utf-8") as handle:
        return Report.from_json(json.load(handle))


def render_site(
    report_dir: Path, evidence: str = DEFAULT_EVIDENCE, progress: Optional[TextIO] = None
) -> Path:
    """Render ``report_dir/report.json`` into ``index.html`` and ``evidence/``;
    returns index.html."""
    report_dir = Path(report_dir)
    site = build_site(load_report(report_dir), evidence)
    env = environment()
    pages = report_dir / EVIDENCE_DIR
    if pages.is_dir():  # pages of cases or implementations that are gone must not linger
        shutil.rmtree(pages)
    pages.mkdir()
    _copy_static(report_dir)
    template = env.get_template("evidence.html")
    meter = Progress(len(site.pages), progress if site.pages else None)
    for page in site.pages:
        case = page.case
        commands = {view.anchor: replay_commands(case, page.module, view.impl.executable,
                                                 serve=False) for view in page.views}
        html = template.render(
            site=site, case=case, page=page, root="../", commands=commands,
            serve=serve_command(case),
            spec_items=spec_quotes(case.spec, case.references),
            scenario=scenario_view(case.scenario), client=python_snippet(case, page.module),
        )
        (report_dir / page.href).write_text(html, encoding="utf-8")
        meter.step()
    for name in ("index.html", "spec.html"):
        text = env.get_template(name).render(site=site, root="")
        (report_dir / name).write_text(text, encoding="utf-8")
    index = report_dir / "index.html"
    return index
