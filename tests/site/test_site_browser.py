"""The report site in a real browser: headless Debian Chromium driven by Playwright.

Strategy: render the sample report, open index.html from disk (file://, so any
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
from _site_sample import write_sample
from httpcts.conformance.site import render_site

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


def test_matrix_filters_and_evidence_in_chromium(tmp_path: Path) -> None:
    write_sample(tmp_path / "site")
    index = render_site(tmp_path / "site")
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
            assert [c.replace("\n", "") for c in columns] == ["httpcts.reference", "http.client"]
            rows = page.locator("tr.case-row")
            assert rows.count() == 5
            visible = page.locator("tr.case-row:visible")
            assert visible.count() == 5
            page.screenshot(path=str(tmp_path / "index.png"), full_page=True)

            page.select_option("#f-verdict", "FAIL")
            assert visible.count() == 1
            assert page.locator("#f-count").inner_text() == "1 of 5 rows"
            page.select_option("#f-verdict", "")
            page.check("#f-disagree")
            assert sorted(visible.evaluate_all("rs => rs.map(r => r.dataset.case)")) == [
                "doc.status.garbage",
                "hardened.headers.flood",
            ]
            page.uncheck("#f-disagree")
            page.fill("#f-text", "badstatusline")
            assert visible.evaluate_all("rs => rs.map(r => r.dataset.case)") == ["doc.status.garbage"]
            page.fill("#f-text", "no such case")
            assert visible.count() == 0 and page.locator("#f-empty").is_visible()
            page.fill("#f-text", "")
            page.select_option("#f-profile", "info")
            assert visible.evaluate_all("rs => rs.map(r => r.dataset.case)") == ["info.headers.folding"]
            page.select_option("#f-profile", "")
            page.screenshot(path=str(tmp_path / "index-filtered.png"), full_page=True)

            page.locator("td.cell.v-fail a").click()
            page.wait_for_load_state()
            assert page.url.endswith("evidence/doc.status.garbage__http.client.html#profile-doc")
            assert page.locator("h1").inner_text().startswith("doc.status.garbage")
            result = page.locator("section#profile-doc")
            assert "FAIL" in result.locator("h2").inner_text()
            assert result.locator(".expected").is_visible() and result.locator(".observed").is_visible()
            log = result.locator("table.wire-log")
            assert log.is_visible()
            log_text = log.inner_text()
            assert "GET / HTTP/1.1\\r\\n" in log_text and "\\x00" in log_text and "S→C" in log_text
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
