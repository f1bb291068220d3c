"""CI smoke campaign: every target, in-process, on a bounded number of inputs.

Strategy: the in-process engine with a fixed random seed replays the seeds first,
then mutations and generated inputs, so each run is deterministic and bounded by
`runs` (and by a few seconds). The reference must produce no finding; http.client
must show the OverflowError the research predicts for CPython 3.8 and 3.10-3.13.0.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from httpcts.fuzz import targets
from httpcts.fuzz._engine import run_campaign

RUNS = {"status_line": 600, "headers": 600, "chunked": 800, "response": 1500, "request": 20000,
        "differential": 800}


@pytest.mark.parametrize("target", targets.NAMES)
def test_smoke_campaign_against_the_reference(target: str, tmp_path: Path) -> None:
    summary = run_campaign(target, seconds=8, runs=RUNS[target], engine="inprocess",
                           artifacts=tmp_path, stream=io.StringIO())
    assert summary["executions"] >= min(RUNS[target], 50)
    findings = [f for f in summary["findings"] if blames_reference(f)]
    assert findings == [], findings


def blames_reference(finding: dict) -> bool:
    """Whether a finding is the reference's (the differential target also reports
    other parsers' defects and disagreements among them)."""
    if finding["kind"] == "disagreement":
        # the reference alone against a strict parser (h11, httptools) that accepted;
        # the reference against http.client alone is two lenient readings (HTTP/0.9)
        groups = finding["detail"].split(": ", 1)[1].split(";", 1)[0].split(" | ")
        others = " ".join(group for group in groups if group != "reference")
        return "reference" in groups and ("h11" in others or "httptools" in others)
    if finding["kind"] == "unexpected-exception":
        return not finding["top_frame"].startswith("client.py")
    return True


@pytest.mark.skipif(not ((3, 10) <= sys.version_info[:3] < (3, 13, 1)), reason="OverflowError fixed")
def test_http_client_overflow_is_found(tmp_path: Path) -> None:
    summary = run_campaign("response", impl="http.client", seconds=8, runs=150, engine="inprocess",
                           artifacts=tmp_path, stream=io.StringIO())
    kinds = {(f["kind"], f["exception"]) for f in summary["findings"]}
    assert ("unexpected-exception", "OverflowError") in kinds
