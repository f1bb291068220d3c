"""`httpcts certify`: exit codes, reports, listing, the out-of-process driver, the pytest plugin."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Dict, List

import pytest
from httpcts.conformance import _drivers
from httpcts.conformance._report import validate_json
from httpcts.conformance._schema import Verdict
from httpcts.conformance.cases import select
from httpcts.conformance.certify import main, run_certification


def test_usage_error_exits_2(capsys: pytest.CaptureFixture) -> None:
    assert main(["--profile", "nonsense"]) == 2
    assert main(["no.such.module"]) == 2
    assert "no.such.module" in capsys.readouterr().err
    assert main(["--cases", "nothing.matches.*"]) == 2


def test_reference_exits_0_and_writes_reports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status = main(["httpcts.reference", "--profile", "all", "--cases", "framing.*", "--cases", "api.exceptions.*",
                   "--report", str(tmp_path), "-q"])
    assert status == 0
    report = json.loads((tmp_path / "report.json").read_text())
    validate_json(report)
    assert set(report) >= {"implementations", "cases", "meta", "schema_version"}
    impl = report["implementations"][0]
    assert {"name", "module", "python", "summary", "results"} <= set(impl)
    assert set(impl["results"][0]) >= {"case", "verdict", "matched", "observed", "duration_s"}
    assert set(report["cases"][0]) >= {"id", "spec", "references", "scenario", "program", "expected"}
    ET.fromstring((tmp_path / "junit.xml").read_text())
    assert "| implementation |" in (tmp_path / "report.md").read_text()
    assert "| implementation |" in capsys.readouterr().out


def test_transcripts_are_kept_for_the_results_a_profile_failed_unless_asked(tmp_path: Path) -> None:
    from httpcts.conformance._schema import Report

    argv = ["http.client", "--cases", "framing.cl-plus", "--cases", "status.ok", "--cases",
            "api.responses.name-416", "-q", "--evidence", "all"]  # fmt: skip
    assert main([*argv, "--report", str(tmp_path / "default")]) == 1
    raw = json.loads((tmp_path / "default" / "report.json").read_text())
    validate_json(raw)
    assert raw["meta"]["transcripts"] == "failures"
    kept = {r["case"]: "transcripts" in r for r in raw["implementations"][0]["results"]}
    # FAIL keeps it; PASS and INFORMATIONAL do not
    assert kept == {"framing.cl-plus": True, "status.ok": False, "api.responses.name-416": False}
    # the page of the passing result says where its transcript went
    page = (tmp_path / "default" / "evidence" / "status.ok__http.client.html").read_text()
    assert "httpcts certify --transcripts all</code> keeps every result" in page
    assert main([*argv, "--report", str(tmp_path / "all"), "--transcripts", "all"]) == 1
    raw = json.loads((tmp_path / "all" / "report.json").read_text())
    assert all("transcripts" in r for r in raw["implementations"][0]["results"])
    assert Report.from_json(raw).implementations[0].results[0].transcripts is not None


def test_must_failure_exits_1(capsys: pytest.CaptureFixture) -> None:
    assert main(["http.client", "--cases", "framing.cl-plus", "-q"]) == 1
    out = capsys.readouterr().out
    assert "× framing.cl-plus" in out and "expected:" in out and "observed:" in out


def test_list_json(capsys: pytest.CaptureFixture) -> None:
    assert main(["--list", "--format", "json", "--cases", "api.constants.*"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 49 and listed[0]["spec"]


def _interpreters() -> list:
    found = [sys.executable]
    try:
        prefix = subprocess.run(["pyenv", "prefix", "2.7.18"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        prefix = ""
    py27 = os.path.join(prefix, "bin", "python") if prefix else ""
    found.append(py27 if py27 and os.path.exists(py27) else pytest.param(None, marks=pytest.mark.skip("no Python 2.7.18")))
    return found


@pytest.mark.parametrize("python", _interpreters())
def test_out_of_process_driver(python: str) -> None:
    impl = _drivers.out_of_process(python)
    cases = select(include=["status.ok", "status.garbage-line", "framing.cl-larger-than-body", "api.exceptions.*",
                            "request.doc.putheader-continuation"])
    cert = run_certification([impl], cases, jobs=2)[0]
    verdicts = {r.case.id: r.verdict for r in cert.results}
    assert Verdict.ERROR not in verdicts.values(), verdicts
    assert verdicts["status.ok"] is Verdict.PASS
    assert verdicts["framing.cl-larger-than-body"] is Verdict.PASS


def test_driver_timeout_is_error_not_hang() -> None:
    impl = _drivers.out_of_process(sys.executable)
    driver = _drivers.make_driver(impl)
    try:
        obs = driver.run({"ops": [{"op": "sleep", "seconds": 30}], "deadline": 0.2})
        assert obs.get("raises") == "Hang"  # the in-driver watchdog reports the hang as an observation
    finally:
        driver.close()


def test_pytest_plugin_smoke(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--pyargs", "httpcts.conformance", "--httpcts-impl", "httpcts.reference",
         "--httpcts-cases", "api.state.*", "-q", "-p", "no:cacheprovider", "--no-cov", "-n", "0"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "5 passed" in proc.stdout


def _pytest_plugin(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--pyargs", "httpcts.conformance", "-q", "-p", "no:cacheprovider",
         "--no-cov", "-n", "0", *args],
        capture_output=True, text=True, timeout=90, cwd=tmp_path,
    )


def test_pytest_plugin_baseline_is_strict_xfail(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.txt"
    baseline.write_text("# http.client's known failures\nframing.cl-plus FAIL\nstatus.ok PASS\n")
    cases = ["--httpcts-cases", "framing.cl-plus", "--httpcts-cases", "status.ok",
             "--httpcts-cases", "framing.cl-hex", "--httpcts-exclude", "framing.cl-hex"]
    known = _pytest_plugin(tmp_path, "--httpcts-impl", "http.client", "--httpcts-baseline", str(baseline), *cases)
    assert known.returncode == 0, known.stdout[-2000:]
    assert "1 passed, 1 xfailed" in known.stdout  # framing.cl-hex excluded
    # the reference passes framing.cl-plus: XPASS(strict) fails the item until the baseline is updated
    fixed = _pytest_plugin(tmp_path, "--httpcts-impl", "httpcts.reference", "--httpcts-baseline", str(baseline),
                           *cases)
    assert fixed.returncode == 1
    assert "1 failed, 1 passed" in fixed.stdout and "XPASS(strict)" in fixed.stdout


@pytest.mark.skipif(not shutil.which("pypy3"), reason="pypy3 is not installed (.ci/run installs it as root)")
def test_all_found_finds_pypy() -> None:
    found = _drivers.discover_interpreters()
    pypy = [impl for impl in found if impl.info.get("implementation") == "PyPy"]
    assert pypy and pypy[0].name.startswith("http.client (PyPy 3.")


def _as_schema_2(raw: Dict[str, Any]) -> Dict[str, Any]:
    """A report as httpcts wrote it before schema version 3: every result with its whole
    observation and its transcripts, no observed_common."""
    from httpcts.conformance._jsonbase import join_around

    common = raw.pop("observed_common")
    for impl in raw["implementations"]:
        for result in impl["results"]:
            shared = common.get(result["case"], {})
            host = result["observed"].get("req.h.host", shared.get("req.h.host", ""))
            shared = {key: join_around(value, host) for key, value in shared.items()}
            result["observed"] = {**shared, **result["observed"]}
            result.setdefault("transcripts", [])
    return dict(raw, schema_version=2)


def test_a_baseline_of_an_older_report_still_works_or_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from httpcts.conformance._schema import Report

    cases = ["--cases", "framing.cl-plus", "--cases", "status.ok", "-q"]
    assert main(["httpcts.reference", "http.client", *cases, "--report", str(tmp_path / "r")]) == 1
    raw = json.loads((tmp_path / "r" / "report.json").read_text())
    assert raw["observed_common"]  # both implementations saw the same server facts
    old = _as_schema_2(json.loads(json.dumps(raw)))
    # the same results, whichever version stored them
    def results(report: Dict[str, Any]) -> List[Any]:
        impls = Report.from_json(report).implementations
        return [(i.name, r.case.id, r.verdict, r.observed) for i in impls for r in i.results]

    assert results(old) == results(raw)
    (tmp_path / "v2.json").write_text(json.dumps(old))
    # http.client's known FAIL is in the version-2 baseline: no regression, exit 0
    assert main(["http.client", *cases, "--baseline", str(tmp_path / "v2.json")]) == 0
    del old["schema_version"]  # before version 2 reports had none
    (tmp_path / "v1.json").write_text(json.dumps(old))
    capsys.readouterr()
    assert main(["http.client", *cases, "--baseline", str(tmp_path / "v1.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "v1.json: report.schema_version is missing but this httpcts reads 2 or 3" in err
    assert "re-run httpcts certify" in err
