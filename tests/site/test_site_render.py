"""The report site, rendered from a real certification and checked on the HTML text.

Strategy: `conftest.certified_report` runs the reference and http.client on a few
cases and writes report.json with the real writer; these tests render it and read
the pages back with html.parser: the matrix has a row per case and a column per
implementation, every cell says its verdict in words and links to a page that
exists (or to none, under ``--evidence failures``), evidence pages show the client
program step by step, every acceptable outcome with the deciding one marked, the
observation, the escaped transcript and the replay commands, and nothing points
at the network.  Writer and reader are tested together, through the schema.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import pytest
from httpcts.conformance import site
from httpcts.conformance._schema import Report, SchemaError, Verdict
from httpcts.conformance.site._bytes import escape_bytes, segments, show_bytes
from httpcts.conformance.site._views import EventView, fold_floods
from httpcts.conformance.spec_index import (
    load_spec,
    lookup,
    normalise_name,
    parse_spec,
    status_constants,
)
from site_cases import ERROR_CASE, IMPLS, UNSUPPORTED_CASE, load

REFERENCE, STDLIB = IMPLS  # an evidence page holds one case on one module


class Tags(HTMLParser):
    """Every start tag as (tag, attrs)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> List[dict]:
        return [
            found for name, found in self.tags
            if name == tag and all(value in (found.get(key) or "").split() for key, value in attrs.items())
        ]  # fmt: skip


def tags_of(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page(folder: Path, case: str, module: str) -> Path:
    found = folder / site.EVIDENCE_DIR / f"{case}__{module}.html"
    assert found.is_file(), sorted(p.name for p in found.parent.glob(f"{case}__*"))
    return found


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# -- bytes ---------------------------------------------------------------------------


def test_escape_bytes_makes_cr_lf_and_control_bytes_visible() -> None:
    assert escape_bytes(b"A\r\n\x00\x7f\\\t\xff") == "A\\r\\n\\x00\\x7f\\\\\\t\\xff"


def test_segments_group_escapes_and_break_after_lf() -> None:
    kinds = [(s.kind, s.text) for s in segments(b"GET\r\nX\x00'\\")]
    assert kinds == [("text", "GET"), ("esc", "\\r\\n"), ("eol", ""), ("text", "X"), ("esc", "\\x00"), ("text", "'\\\\")]


def test_show_bytes_elides_long_runs_with_their_byte_count() -> None:
    shown = show_bytes(b"a" * 100_000)
    assert shown.size == 100_000 and shown.elided == 100_000 - 3072 - 512
    assert show_bytes(b"short").elided == 0


def test_runs_of_elided_flood_events_fold_into_one_row() -> None:
    chunk = EventView(0.1, "send", "send", show_bytes(b"A" * 10_000), "")
    events = [EventView(0.0, "accept", None, None, ""), *[chunk] * 5, EventView(0.2, "close", None, None, "")]
    folded = fold_floods(events)
    assert [(e.kind, e.note) for e in folded] == [
        ("accept", ""), ("send", ""), ("send", "3 more send events folded"), ("send", ""), ("close", ""),
    ]  # fmt: skip
    assert folded[2].shown is not None and folded[2].shown.elided == 30_000


# -- spec index ----------------------------------------------------------------------


def test_spec_index_quotes_directives_and_status_constants() -> None:
    spec = load_spec()
    request = spec["HTTPConnection.request"]
    assert request.kind == "method" and request.signature.startswith("HTTPConnection.request(method, url")
    assert "selector *url*" in request.text and request.line > 0
    assert spec["NOT_FOUND"].kind == "const" and spec["NOT_FOUND"].text.startswith("NOT_FOUND = 404: HTTP/1.1")
    assert spec["BadStatusLine"].kind == "exception"


@pytest.mark.parametrize("name", ["HTTPResponse.read", "httplib.HTTPResponse.read()", "httplib 2.6 docs: HTTPResponse.read"])
def test_lookup_forgives_common_spellings(name: str) -> None:
    item = lookup(name)
    assert item is not None and item.name == "HTTPResponse.read"
    assert normalise_name(name) == "HTTPResponse.read"


def test_status_constants_come_from_the_table_in_order() -> None:
    constants = status_constants()
    assert len(constants) == 49 and list(constants)[:2] == ["CONTINUE", "SWITCHING_PROTOCOLS"]
    assert constants["NOT_FOUND"] == 404 and constants["NOT_EXTENDED"] == 510


def test_parse_spec_on_a_tiny_document() -> None:
    items = parse_spec(".. class:: Foo(a[, b])\n\n   Foo does things.\n\n   .. versionadded:: 2.0\n\nOutside.\n")
    assert list(items) == ["Foo"] and items["Foo"].line == 1
    assert items["Foo"].text == "Foo does things.\n\n.. versionadded:: 2.0"


def test_rst_to_html_renders_literals_versions_and_code_blocks() -> None:
    html = site.rst_to_html(load_spec()["HTTPConnection"].text)
    assert "<code>BadStatusLine</code>" in html and "<em>strict</em>" in html
    assert "<pre class='literal'>&gt;&gt;&gt; h1 = httplib.HTTPConnection" in html
    assert "New in version 2.0." in html and "Changed in version 2.6: <em>timeout</em> was added." in html


# -- writer and reader agree -------------------------------------------------------------


def test_the_report_reads_back_through_the_schema_unchanged(certified_report: Path) -> None:
    raw = load(certified_report)
    report = Report.from_json(raw)
    assert report.to_json() == raw
    stdlib = report.implementations[1]
    verdicts = {r.case.id: r.verdict for r in stdlib.results}
    assert verdicts["framing.cl-plus"] is Verdict.FAIL
    assert verdicts["status.strict-garbage-line"] is Verdict.FAIL  # lacks the documented strict
    assert verdicts[UNSUPPORTED_CASE.id] is Verdict.UNSUPPORTED
    assert verdicts[ERROR_CASE.id] is Verdict.ERROR
    assert stdlib.summary == {"doc": {Verdict.PASS: 1, Verdict.FAIL: 1, Verdict.ERROR: 1},
                              "hardened": {Verdict.PASS: 2, Verdict.FAIL: 1, Verdict.NON_STRICT: 1, Verdict.UNSUPPORTED: 1},
                              "info": {Verdict.INFORMATIONAL: 2}}  # fmt: skip


def test_a_report_not_of_the_documented_shape_names_the_field(report_dir: Path, capsys: pytest.CaptureFixture) -> None:
    raw = load(report_dir)
    raw["implementations"][1]["results"][0]["verdict"] = "MAYBE"
    (report_dir / "report.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"report\.implementations\[1\]\.results\[0\]\.verdict must be one of PASS"):
        Report.from_json(raw)
    assert site.main([str(report_dir), "-q"]) == 1
    assert "results[0].verdict" in capsys.readouterr().err


def test_summary_counts_are_read_from_the_report(report_dir: Path) -> None:
    raw = load(report_dir)
    raw["implementations"][0]["summary"]["doc"][Verdict.PASS.value] = 977
    (report_dir / "report.json").write_text(json.dumps(raw), encoding="utf-8")
    assert ">977<" in text_of(site.render_site(report_dir))


# -- the index -----------------------------------------------------------------------


def test_matrix_has_a_row_per_case_and_a_column_per_implementation(report_dir: Path) -> None:
    index = site.render_site(report_dir, "all")
    tags = tags_of(index)
    columns = [th["data-impl"] for th in tags.find("th", **{"class": "impl-col"})]
    assert [c.split(" ")[0] for c in columns] == list(IMPLS)
    rows = {row["data-case"]: row for row in tags.find("tr", **{"class": "case-row"})}
    assert sorted(rows) == sorted(case["id"] for case in load(report_dir)["cases"])
    assert rows["framing.cl-plus"]["data-disagree"] == "yes" and rows["status.ok"]["data-disagree"] == "no"
    assert rows["framing.cl-plus"]["data-verdicts"] == f"{Verdict.PASS} {Verdict.FAIL}"
    assert rows["api.responses.name-416"]["data-profile"] == "info"


def test_every_cell_names_its_verdict_and_links_its_page(report_dir: Path) -> None:
    index = site.render_site(report_dir, "all")
    cells = re.findall(r'<td class="cell (v-[a-z-]+)" data-verdict="([A-Z-]*)">(.*?)</td>', text_of(index), re.S)
    assert len(cells) == 2 * len(load(report_dir)["cases"])
    for css, verdict, inner in cells:
        link = rf'<a href="evidence/[^"#]+\.html#[^"]+">{verdict}</a>'  # the implementation's section
        assert css == Verdict(verdict).css and re.fullmatch(link, inner.strip())


def _verdict_count(report_dir: Path, wanted: Callable[[str], bool]) -> int:
    raw = load(report_dir)
    return sum(1 for impl in raw["implementations"] for r in impl["results"] if wanted(r["verdict"]))


def test_evidence_failures_writes_pages_only_for_results_a_profile_failed(report_dir: Path) -> None:
    index = site.render_site(report_dir, "failures")
    passing = (Verdict.PASS.value, Verdict.INFORMATIONAL.value)
    failed = _verdict_count(report_dir, lambda verdict: verdict not in passing)
    assert failed >= 4  # FAIL, NON-STRICT, UNSUPPORTED, ERROR
    pages = list((report_dir / site.EVIDENCE_DIR).glob("*.html"))
    assert len(pages) == failed
    html = text_of(index)
    assert re.search(rf'data-verdict="{Verdict.PASS}">{Verdict.PASS}</td>', html)  # a PASS cell, no link
    info = rf'data-verdict="{Verdict.INFORMATIONAL}">{Verdict.INFORMATIONAL}</td>'
    assert re.search(info, html)  # an INFORMATIONAL cell, no link
    assert re.search(rf'data-verdict="{Verdict.FAIL}"><a href="evidence/framing.cl-plus__http.client', html)
    assert "--evidence failures" in html and "--evidence all</code> writes a page for every result" in html


def test_evidence_non_pass_adds_the_informational_results(report_dir: Path) -> None:
    site.render_site(report_dir, "non-pass")
    not_pass = _verdict_count(report_dir, lambda verdict: verdict != Verdict.PASS.value)
    informational = _verdict_count(report_dir, lambda verdict: verdict == Verdict.INFORMATIONAL.value)
    assert informational > 0
    assert len(list((report_dir / site.EVIDENCE_DIR).glob("*.html"))) == not_pass


def test_links_are_relative_and_resolve_and_nothing_is_fetched(report_dir: Path) -> None:
    index = site.render_site(report_dir, "all")
    pages = [index, report_dir / "spec.html", *sorted((report_dir / site.EVIDENCE_DIR).glob("*.html"))]
    assert len(pages) == 2 + 2 * len(load(report_dir)["cases"])
    for path in pages:
        for tag, attrs in tags_of(path).tags:
            src = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            if src:
                assert not re.match(r"[a-z]+:", src), f"{path.name}: {tag} fetches {src}"
                assert (path.parent / src).is_file()
            href = attrs.get("href")
            if tag == "a" and href and not re.match(r"[a-z]+:", href):
                target, _, anchor = href.partition("#")
                resolved = path.parent / target if target else path
                assert resolved.is_file(), f"{path.name}: broken link {href}"
                if anchor:
                    assert f'id="{anchor}"' in text_of(resolved), f"{path.name}: no anchor {href}"
    assert (report_dir / "static" / "site.css").is_file() and (report_dir / "static" / "site.js").is_file()


# -- evidence pages ------------------------------------------------------------------


def test_fail_page_shows_program_outcomes_observation_transcript_and_replay(report_dir: Path) -> None:
    site.render_site(report_dir)
    html = text_of(page(report_dir, "framing.cl-plus", STDLIB))
    assert '<span class="verdict v-fail">FAIL</span>' in html
    # the client program, step by step, as Python against the implementation
    assert "import http.client as httplib" in html
    assert "conn = httplib.HTTPConnection(HOST, PORT, timeout=3.0)  # step 0" in html
    assert "body = resp.read()  # step 3: records body" in html
    # every acceptable outcome, and that none matched
    assert '<code>{"raises": ["HTTPException"], "at": ["getresponse", "read"]}</code>' in html
    assert "<strong>None matched</strong>" in html
    # the observation: the body http.client accepted
    assert "<dt>body<dd>he\n" in html
    # the transcript, CR LF made visible, with the scripted server's bytes
    assert "Content-Length: +2<i>\\r\\n</i>" in html and "S→C" in html and "C→S" in html
    # the commands that replay the case
    assert "httpcts serve framing.cl-plus --once --port 8080 --time-scale 0.05" in html
    assert "httpcts certify http.client --cases framing.cl-plus" in html
    assert "httpcts repro framing.cl-plus --impl http.client -o repro.py" in html
    assert 'href="https://www.rfc-editor.org/rfc/rfc9112#section-6.3"' in html
    assert 'href="../spec.html#spec-HTTPResponse.read"' in html


def test_the_deciding_outcome_is_marked(report_dir: Path) -> None:
    site.render_site(report_dir, "all")
    html = text_of(page(report_dir, "status.garbage-line", STDLIB))
    assert re.search(r'<tr class="matched"><td>1<td>.*<strong>matched</strong>: <a href="#http.client-CPython[^"]*">http.client', html)
    assert "None matched" not in html and "Outcome 1 matched" in html


def test_unsupported_and_error_pages_say_the_run_ended_before_grading(report_dir: Path) -> None:
    site.render_site(report_dir)
    unsupported = text_of(page(report_dir, UNSUPPORTED_CASE.id, STDLIB))
    assert "the run ended with UNSUPPORTED before grading" in unsupported and "<dt>unsupported<dd>" in unsupported
    error = text_of(page(report_dir, ERROR_CASE.id, REFERENCE))
    assert "the run ended with ERROR before grading" in error and "site.no-such-scenario" in error
    assert "No transcript was recorded for this result." in error


def test_flood_transcript_keeps_sizes_not_bytes(report_dir: Path) -> None:
    site.render_site(report_dir, "all")
    html = text_of(page(report_dir, "headers.endless-headers", REFERENCE))
    assert re.search(r"bytes elided of [\d,]+ …\]", html)


def test_request_bytes_with_crlf_are_escaped_in_the_observation(report_dir: Path) -> None:
    site.render_site(report_dir, "all")
    html = text_of(page(report_dir, "status.ok", REFERENCE))
    assert re.search(r"<dt>req.head<dd><span class=\"bytes\">GET / HTTP/1.1<i>\\r\\n</i>", html)


def test_spec_page_quotes_every_item_once(report_dir: Path) -> None:
    site.render_site(report_dir)
    html = text_of(report_dir / "spec.html")
    assert html.count('<section class="spec"') == len(load_spec())
    assert "A subclass of <code>HTTPException</code>." in html


def test_rerendering_drops_pages_that_are_gone(report_dir: Path) -> None:
    site.render_site(report_dir, "all")
    site.render_site(report_dir, "none")
    assert not list((report_dir / site.EVIDENCE_DIR).glob("*.html"))


# -- command line --------------------------------------------------------------------


def test_httpcts_report_command_shows_progress(report_dir: Path, capsys: pytest.CaptureFixture) -> None:
    from httpcts.conformance.cli import main as httpcts

    assert httpcts(["report", str(report_dir), "--evidence", "all"]) == 0
    out, err = capsys.readouterr()
    total = 2 * len(load(report_dir)["cases"])
    assert "index.html" in out and f"evidence pages {total}/{total}" in err


def test_report_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert site.main([str(tmp_path)]) == 2
    assert "no report.json" in capsys.readouterr().err
    (tmp_path / "report.json").write_text("{not json", encoding="utf-8")
    assert site.main([str(tmp_path)]) == 1
    assert "cannot render" in capsys.readouterr().err


def test_replay_commands_serve_the_scenario_as_certify_did() -> None:
    from httpcts.conformance._explain import replay_commands
    from httpcts.conformance.cases import all_cases

    (case,) = [c for c in all_cases() if c.id == "framing.cl-plus+bytes"]
    serve, client, certify, repro = replay_commands(case, "httplib", "/opt/py27/bin/python")
    assert serve.text == "httpcts serve framing.cl-plus --once --port 8080 --time-scale 0.05 --delivery bytes"
    assert client.text == "/opt/py27/bin/python client.py"
    assert certify.text == "httpcts certify --python /opt/py27/bin/python httplib --cases framing.cl-plus+bytes"
    assert repro.text.startswith("httpcts repro framing.cl-plus+bytes --impl httplib --python /opt/py27/bin/python")


def test_implementations_of_one_module_share_a_page_with_a_section_each(report_dir: Path) -> None:
    import dataclasses

    report = Report.from_json(load(report_dir))
    stdlib = report.implementations[1]
    twin = dataclasses.replace(stdlib, name="http.client (CPython 3.99.0)", executable="/opt/py399/bin/python")
    report.implementations.append(twin)
    (report_dir / "report.json").write_text(json.dumps(report.to_json()), encoding="utf-8")
    index = text_of(site.render_site(report_dir))
    html = text_of(page(report_dir, "framing.cl-plus", STDLIB))
    anchors = re.findall(r'<section id="([^"]+)">', html)
    assert len(anchors) == 2 and all(f'href="evidence/framing.cl-plus__http.client.html#{a}"' in index for a in anchors)
    # the case, its program, the server and its serve command once; what both observed once
    assert html.count("import http.client as httplib") == 1 and html.count("httpcts serve framing.cl-plus") == 1
    assert "Observed by every implementation below" in html and html.count("<dt>body<dd>he\n") == 1
    # which implementations the outcome table's last row stands for
    assert re.search(r"<strong>None matched</strong>: <a href=\"#[^\"]+\">http.client \(CPython 3\.11", html)
    # each section replays its own interpreter
    assert "httpcts certify --python /opt/py399/bin/python http.client --cases framing.cl-plus" in html
    assert "httpcts certify http.client --cases framing.cl-plus" in html
