"""Rendering of the report site, checked on the HTML text (no browser).

Strategy: render the synthetic sample report (`_site_sample`) into a temporary
folder and read the pages back with html.parser: the matrix has one row per case
and profile and one column per implementation, every cell says its verdict in
words and links to a page that exists, evidence pages carry spec quotes,
expected/observed and the escaped transcript, and nothing points at the network.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

import pytest
from _site_sample import CASES, sample_report, write_sample
from httpcts.conformance import site
from httpcts.conformance.spec_index import (
    load_spec,
    lookup,
    normalise_name,
    parse_spec,
    status_constants,
)


class Tags(HTMLParser):
    """Every start tag as (tag, attrs), and the text inside each element id'd by class."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, Optional[str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, Optional[str]]]:
        out = []
        for name, found in self.tags:
            if name != tag:
                continue
            if all(key in found and value in (found[key] or "").split() for key, value in attrs.items()):
                out.append(found)
        return out


def tags_of(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    write_sample(tmp_path)
    return site.render_site(tmp_path)


# -- bytes ---------------------------------------------------------------------------


def test_escape_bytes_makes_cr_lf_and_control_bytes_visible() -> None:
    assert site.escape_bytes(b"A\r\n\x00\x7f\\\t\xff") == "A\\r\\n\\x00\\x7f\\\\\\t\\xff"


def test_segments_mark_escapes_and_break_after_lf() -> None:
    kinds = [(s.kind, s.text) for s in site.segments("GET\\r\\nX\\x00\\'\\\\")]
    assert kinds == [
        ("text", "GET"), ("esc", "\\r"), ("esc", "\\n"), ("eol", ""), ("text", "X"),
        ("esc", "\\x00"), ("text", "'"), ("text", "\\\\"),
    ]  # fmt: skip


def test_show_bytes_elides_long_floods_with_their_byte_count() -> None:
    shown = site.show_bytes(b"a" * 100_000)
    assert shown.size == 100_000
    assert shown.elided == 100_000 - site.HEAD_BYTES - site.TAIL_BYTES
    assert site.show_bytes(b"short").elided == 0


def test_the_writers_elision_marker_becomes_a_count() -> None:
    shown = site.shown_escaped("HEAD...[999 bytes elided]...TAIL", size=1007)
    assert (shown.elided, shown.size) == (999, 1007)
    assert [s.text for s in shown.head] == ["HEAD"] and [s.text for s in shown.tail] == ["TAIL"]


# -- spec index ----------------------------------------------------------------------


def test_spec_index_quotes_directives_and_status_constants() -> None:
    spec = load_spec()
    request = spec["HTTPConnection.request"]
    assert request.kind == "method" and request.signature.startswith("HTTPConnection.request(method, url")
    assert "selector *url*" in request.text and request.line > 0
    assert spec["NOT_FOUND"].kind == "const" and spec["NOT_FOUND"].text.startswith("NOT_FOUND = 404: HTTP/1.1")
    assert spec["HTTPResponse.status"].text == "Status code returned by server."
    assert spec["BadStatusLine"].kind == "exception"


@pytest.mark.parametrize(
    "name", ["HTTPResponse.read", "httplib.HTTPResponse.read()", "httplib 2.6 docs: HTTPResponse.read"]
)
def test_lookup_forgives_common_spellings(name: str) -> None:
    item = lookup(name)
    assert item is not None and item.name == "HTTPResponse.read"
    assert normalise_name(name) == "HTTPResponse.read"


def test_status_constants_come_from_the_table_in_order() -> None:
    constants = status_constants()
    assert len(constants) == 49 and list(constants)[:2] == ["CONTINUE", "SWITCHING_PROTOCOLS"]
    assert constants["NOT_FOUND"] == 404 and constants["NOT_EXTENDED"] == 510


def test_parse_spec_on_a_tiny_document() -> None:
    text = ".. class:: Foo(a[, b])\n\n   Foo does things.\n\n   .. versionadded:: 2.0\n\nOutside.\n"
    items = parse_spec(text)
    assert list(items) == ["Foo"]
    assert items["Foo"].text == "Foo does things.\n\n.. versionadded:: 2.0"
    assert items["Foo"].line == 1


def test_rst_to_html_renders_literals_versions_and_code_blocks() -> None:
    html = site.rst_to_html(load_spec()["HTTPConnection"].text)
    assert "<code>BadStatusLine</code>" in html and "<em>strict</em>" in html
    assert "<pre class='literal'>&gt;&gt;&gt; h1 = httplib.HTTPConnection" in html
    assert "New in version 2.0." in html and "Changed in version 2.6: <em>timeout</em> was added." in html


# -- the index -----------------------------------------------------------------------


def test_matrix_has_a_row_per_case_and_a_column_per_implementation(rendered: Path) -> None:
    tags = tags_of(rendered)
    columns = [th["data-impl"] for th in tags.find("th", **{"class": "impl-col"})]
    assert columns == ["httpcts.reference", "http.client"]
    rows = tags.find("tr", **{"class": "case-row"})
    assert sorted(row["data-case"] or "" for row in rows) == sorted(case["id"] for case in CASES)
    by_case = {row["data-case"]: row for row in rows}
    assert by_case["doc.status.garbage"]["data-disagree"] == "yes"
    assert by_case["doc.status.ok"]["data-disagree"] == "no"
    assert by_case["doc.status.garbage"]["data-verdicts"] == "FAIL PASS"
    assert by_case["info.headers.folding"]["data-profile"] == "info"


def test_every_cell_names_its_verdict_in_words(rendered: Path) -> None:
    html = rendered.read_text(encoding="utf-8")
    cells = re.findall(r'<td class="cell (v-[a-z-]+)" data-verdict="([A-Z-]*)">(.*?)</td>', html, re.S)
    assert len(cells) == 10
    for css, verdict, inner in cells:
        if verdict:
            assert css == "v-" + verdict.lower() and re.search(rf">{verdict}</a>$", inner.strip())
        else:  # not run: a dash, not a blank
            assert css == "v-missing" and "—" in inner


def test_summary_counts_come_from_the_report_or_from_the_results(rendered: Path) -> None:
    built = site.build_site(sample_report())
    reference, stdlib = built.implementations
    assert reference.summary["doc"] == {"PASS": 2, "UNSUPPORTED": 1}
    assert stdlib.summary == {"doc": {"PASS": 1, "FAIL": 1}, "hardened": {"ERROR": 1}, "info": {"INFORMATIONAL": 1}}
    assert built.spec_items_covered == (5, len(load_spec()))
    assert "HTTPConnection.set_tunnel" in [name for name, item, _ in built.coverage if item is None]


def test_groups_follow_category_then_first_spec_item(rendered: Path) -> None:
    built = site.build_site(sample_report())
    keys = [(g.category, g.spec_item) for g in built.groups]
    assert keys[:2] == [("doc.status", "HTTPResponse.status"), ("doc.status", "BadStatusLine")]
    assert built.groups[0].title == "Status line"


def test_links_are_relative_and_resolve_and_nothing_is_fetched(rendered: Path) -> None:
    folder = rendered.parent
    pages = [rendered, *sorted((folder / site.EVIDENCE_DIR).glob("*.html"))]
    assert len(pages) == 1 + 9
    for page in pages:
        tags = tags_of(page)
        for tag, attrs in tags.tags:
            src = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            if src:
                assert not re.match(r"[a-z]+:", src), f"{page.name}: {tag} fetches {src}"
                assert (page.parent / src).is_file()
            href = attrs.get("href")
            if tag == "a" and href and not re.match(r"[a-z]+:", href):
                target = href.split("#", 1)[0]
                assert not target or (page.parent / target).is_file(), f"{page.name}: broken link {href}"
    assert (folder / "static" / "site.css").is_file() and (folder / "static" / "site.js").is_file()


# -- evidence pages ------------------------------------------------------------------


def test_fail_cell_links_to_evidence_with_expected_observed_and_transcript(rendered: Path) -> None:
    tags = tags_of(rendered)
    html = rendered.read_text(encoding="utf-8")
    fail = re.search(r'<td class="cell v-fail" data-verdict="FAIL"><a href="([^"]+)"', html)
    assert fail is not None
    page_path, _, anchor = fail.group(1).partition("#")
    assert page_path == "evidence/doc.status.garbage__http.client.html" and anchor == "profile-doc"
    page = (rendered.parent / page_path).read_text(encoding="utf-8")
    assert 'id="profile-doc"' in page
    assert "<h3>Expected</h3>" in page and "<h3>Observed</h3>" in page
    assert "status=200, reason=&#39;OK&#39;" in page  # expected, escaped for HTML
    assert '<span class="esc">\\r</span><span class="esc">\\n</span>' in page  # CR LF visible
    assert '<span class="esc">\\x00</span>' in page  # the NUL in the status line
    assert "S→C" in page and "C→S" in page
    # the observed request head has raw CR LF: shown escaped too
    assert 'GET / HTTP/1.1<span class="esc">\\r</span>' in page
    # spec quote, references, client program and scripted server
    assert "A subclass of <code>HTTPException</code>." in page and "httplib-2.6.5.rst line 170" in page
    assert 'href="https://www.cve.org/CVERecord?id=CVE-2021-3737"' in page
    assert 'href="https://bugs.python.org/issue44022"' in page
    assert '<span class="op">getresponse</span>' in page
    assert "status.garbage-line" in page
    assert tags.find("a", href="evidence/doc.status.garbage__httpcts.reference.html#profile-doc")


def test_flood_is_elided_with_its_byte_count(rendered: Path) -> None:
    page = (rendered.parent / "evidence/hardened.headers.flood__httpcts.reference.html").read_text(encoding="utf-8")
    assert "[… 1,048,000 bytes elided of 1,048,576 …]" in page


def test_missing_optional_fields_render_gracefully(tmp_path: Path) -> None:
    report = {"implementations": [{"name": "x", "results": [{"case": "a.b", "verdict": "fail"}]}]}
    write_sample(tmp_path, report)
    index = site.render_site(tmp_path)
    page = (tmp_path / "evidence/a.b__x.html").read_text(encoding="utf-8")
    assert "No transcript was recorded for this result." in page
    assert "The report gives no requirement text for this case." in page
    assert 'data-verdict="FAIL"' in index.read_text(encoding="utf-8")


def test_spec_names_outside_the_spec_file_are_flagged(rendered: Path) -> None:
    page = (rendered.parent / "evidence/doc.misc.not-in-spec__httpcts.reference.html").read_text(encoding="utf-8")
    assert "Not an item of the shipped spec file." in page


def test_rerendering_drops_pages_of_cases_that_are_gone(tmp_path: Path) -> None:
    write_sample(tmp_path)
    site.render_site(tmp_path)
    report = sample_report()
    report["implementations"] = report["implementations"][:1]
    write_sample(tmp_path, report)
    site.render_site(tmp_path)
    assert not list((tmp_path / site.EVIDENCE_DIR).glob("*__http.client.html"))


# -- command line --------------------------------------------------------------------


def test_httpcts_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from httpcts.conformance.cli import main as httpcts

    write_sample(tmp_path)
    assert httpcts(["report", str(tmp_path)]) == 0
    assert "index.html" in capsys.readouterr().out
    assert (tmp_path / "index.html").is_file()


def test_report_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert site.main([str(tmp_path)]) == 2
    assert "no report.json" in capsys.readouterr().err
    (tmp_path / "report.json").write_text("{not json", encoding="utf-8")
    assert site.main([str(tmp_path)]) == 1
    assert "cannot render" in capsys.readouterr().err


def test_sample_report_is_json_roundtrippable() -> None:
    assert json.loads(json.dumps(sample_report())) == sample_report()


def test_runs_of_elided_flood_events_fold_into_one_row() -> None:
    chunk = {"t": 0.1, "kind": "send", "direction": "send", "data": "A...[100 bytes elided]...A", "bytes": 102, "elided": True}
    events = [{"t": 0.0, "kind": "accept"}, *[dict(chunk) for _ in range(5)], {"t": 0.2, "kind": "close"}]
    (conn,) = site.build_site({"implementations": [{"name": "x", "results": [
        {"case": "a.b", "verdict": "PASS", "transcripts": [{"connection": 0, "events": events}]}
    ]}]}).results[("a.b", "doc", "x")].connections  # fmt: skip
    kinds = [(e.kind, e.shown.elided if e.shown else None, e.note) for e in conn.events]
    assert kinds == [
        ("accept", None, ""), ("send", 100, ""), ("send", 306, "3 more send events folded"),
        ("send", 100, ""), ("close", None, ""),
    ]  # fmt: skip
