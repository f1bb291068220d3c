"""The report site in a real browser: headless Debian Chromium driven by Playwright.

Strategy: render the certified report (conftest: a real certification), open index.html from disk (file://, so any
network fetch would fail visibly), check the matrix rows and columns, drive the
filters, follow the FAIL cell to its evidence page and find the transcript there,
then check a 400px window has no page-wide horizontal scroll.  Screenshots go to
the test's temporary folder.  Skipped, with the reason, only when Chromium or the
Playwright package is missing; never downloads a browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from httpcts.conformance._schema import Verdict
from httpcts.conformance.site import render_site
from site_cases import CASE_IDS

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the Playwright package is not installed (pip install playwright)"
)
pytestmark = [
    pytest.mark.skipif(
        not Path(CHROMIUM).is_file() and shutil.which("chromium") is None,
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)",
    ),
    pytest.mark.timeout(60),
]


def test_matrix_filters_and_evidence_in_chromium(report_dir: Path, tmp_path: Path) -> None:
    index = render_site(report_dir, "all")
    rows_total = len(CASE_IDS) + 2
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(index.as_uri())

            columns = page.locator("#matrix-table thead th.impl-col").all_inner_texts()
            assert [c.replace("\n", "").split(" ")[0] for c in columns] == ["httpcts.reference", "http.client"]
            visible = page.locator("tr.case-row:visible")
            assert page.locator("tr.case-row").count() == rows_total and visible.count() == rows_total
            page.screenshot(path=str(tmp_path / "index.png"), full_page=True)

            def shown() -> list:
                return sorted(visible.evaluate_all("rs => rs.map(r => r.dataset.case)"))

            page.select_option("#f-verdict", Verdict.FAIL.value)
            assert shown() == ["framing.cl-plus", "status.strict-garbage-line"]
            assert page.locator("#f-count").inner_text() == f"2 of {rows_total} rows"
            page.select_option("#f-verdict", "")
            page.check("#f-disagree")
            assert shown() == sorted(["framing.cl-plus", "status.strict-garbage-line", "timing.drip-headers",
                                      "site.strict-keyword"])
            page.uncheck("#f-disagree")
            page.fill("#f-text", "content-length: +2")
            assert shown() == ["framing.cl-plus"]
            page.fill("#f-text", "no such case")
            assert visible.count() == 0 and page.locator("#f-empty").is_visible()
            page.fill("#f-text", "")
            page.select_option("#f-profile", "info")
            assert shown() == ["api.responses.name-416", "status.garbage-line"]
            page.select_option("#f-profile", "")
            page.screenshot(path=str(tmp_path / "index-filtered.png"), full_page=True)

            page.locator("tr[data-case='framing.cl-plus'] td.cell.v-fail a").click()
            page.wait_for_load_state()
            assert "evidence/framing.cl-plus__http.client" in page.url
            assert page.locator("h1").inner_text().startswith("framing.cl-plus")
            section = page.url.partition("#")[2]  # the cell links its implementation's section
            assert Verdict.FAIL.value in page.locator(f"section[id='{section}'] h2").inner_text()
            assert "conn.request('GET', '/')" in page.locator("pre.program").inner_text()
            assert page.locator("dl.observed").is_visible()
            log_text = page.locator("table.wire-log").inner_text()
            assert "GET / HTTP/1.1\\r\\n" in log_text and "Content-Length: +2" in log_text and "S→C" in log_text
            assert "httpcts repro framing.cl-plus" in page.locator("pre.code").last.inner_text()
            page.screenshot(path=str(tmp_path / "evidence.png"), full_page=True)

            page.set_viewport_size({"width": 400, "height": 800})
            for url in (page.url, index.as_uri()):
                page.goto(url)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 400, f"{url} scrolls sideways in a 400px window ({width}px)"
            page.screenshot(path=str(tmp_path / "index-400.png"), full_page=True)

            assert errors == [] and failed == []
        finally:
            browser.close()
    assert (tmp_path / "index.png").stat().st_size > 0 and (tmp_path / "evidence.png").stat().st_size > 0
