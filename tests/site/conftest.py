"""The site's fixture: a real certification of a few cases, written by the real writer.

Strategy: certify the cases of `site_cases` on the reference and http.client
with the real harness; the report is written once per worker with `write_reports`
and validated against the shipped JSON Schema; each test renders a copy of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from httpcts.conformance import _drivers
from httpcts.conformance._contract import judge
from httpcts.conformance._report import validate_json, write_reports
from httpcts.conformance.cases import select
from httpcts.conformance.certify import run_certification
from site_cases import CASE_IDS, ERROR_CASE, IMPLS, UNSUPPORTED_CASE


@pytest.fixture(scope="session")
def certified_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report folder (report.json, junit.xml, report.md) from a real certification."""
    cases = select(include=list(CASE_IDS)) + [ERROR_CASE, UNSUPPORTED_CASE]
    certs = run_certification([_drivers.in_process(m) for m in IMPLS], cases, jobs=4)
    folder = tmp_path_factory.mktemp("certified")
    judgement = judge({c.impl.name: [(r.case.id, r.verdict) for r in c.results] for c in certs})
    # every transcript kept, so the pages of passing results show theirs too (the default,
    # non-pass, is tested with certify in tests/conformance/test_conformance_cli.py)
    meta = {"argv": ["site tests"], "profile": "all", "transcripts": "all"}
    write_reports(str(folder), certs, cases, meta, judgement, transcripts="all")
    validate_json(json.loads((folder / "report.json").read_text(encoding="utf-8")))
    return folder


@pytest.fixture
def report_dir(certified_report: Path, tmp_path: Path) -> Path:
    """A fresh copy of the certified report folder, for one test to render into."""
    target = tmp_path / "report"
    shutil.copytree(certified_report, target)
    return target


