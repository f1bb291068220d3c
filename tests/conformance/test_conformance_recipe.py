"""The README's CI recipe, run for real: a tiny implementation package in a temporary
folder, a baseline, a one-line regression caught, a fix reported, diff and merge.

Every command runs as a CI job would run it: ``python -m httpcts.conformance.cli`` in a
subprocess, with the package on PYTHONPATH (so the isolated workers import it too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List

import pytest
from httpcts.conformance._report import validate_json

# Whole certifications in subprocesses: minutes on a loaded 2-core machine, never unbounded.
RUN_DEADLINE = 600
pytestmark = pytest.mark.timeout(1200)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "tinyhttp"
CASES = ["--cases", "request.injection.*", "--cases", "framing.cl-*", "--cases", "status.ok"]
# the example's value check, removed (the README's sed line), and a fix of a known failure
REGRESSION = ("if _ILLEGAL_VALUE(value):", "if False:")
FIX = ("class HTTPResponse(http.client.HTTPResponse):\n    pass\n",
       "class HTTPResponse(http.client.HTTPResponse):\n    def begin(self):\n"
       "        super().begin()\n        cl = self.headers.get('Content-Length')\n"
       "        if cl is not None and not cl.isdigit():\n"
       "            raise HTTPException('bad Content-Length %r' % (cl,))\n")


def httpcts(args: List[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(cwd / "src"))
    return subprocess.run([sys.executable, "-m", "httpcts.conformance.cli", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=RUN_DEADLINE)


def write_tiny(root: Path, *changes: tuple) -> None:
    """examples/tinyhttp's module under root/src, with textual changes."""
    text = (EXAMPLE / "tinyhttp" / "__init__.py").read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    package = root / "src" / "tinyhttp"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(text)


def readme_recipe() -> List[str]:
    """The shell lines of README.md's CI recipe, as a maintainer would type them."""
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- ci-recipe", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_ci_recipe_runs_as_written(tmp_path: Path) -> None:
    """Every line of the README's recipe, in order, with the exit status its comment states.

    The only lines not run are the installs (a venv and two ``pip install -e``): this
    environment already has httpcts, and PYTHONPATH stands in for installing tinyhttp.
    """
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "httpcts").exists():
        pytest.skip("the httpcts script is not next to this interpreter")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
               PYTHONPATH=str(home / "tinyhttp"))
    cwd = REPO
    ran = []
    for line in readme_recipe():
        command, _, comment = line.partition("  #")
        command = command.strip()
        if command.startswith(("python3 -m venv", "pip install")):
            continue
        if command.startswith("cd "):
            cwd = Path(os.path.expanduser(command[3:].replace("~", str(home))))
            continue
        expected = int(comment.split("exit", 1)[1].split()[0]) if "# exit" in line else 0
        run = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                             text=True, timeout=RUN_DEADLINE)
        moves = run.stdout.partition("regressed (")[2][:1500]
        assert run.returncode == expected, (command, moves or run.stdout[-1500:], run.stderr[-800:])
        ran.append((command, run))
    assert len(ran) >= 6
    regressed_run = [run for command, run in ran if "--report after" in command][0]
    assert "request.injection.header-value-crlf: PASS -> FAIL" in regressed_run.stdout
    assert regressed_run.stdout.index("regressed (") < regressed_run.stdout.index("×")
    assert "| regressed |" in ran[-1][1].stdout  # the pull-request comment


def junit_failures(folder: Path) -> List[str]:
    tree = ET.parse(folder / "junit.xml")
    return [case.get("name", "") for case in tree.iter("testcase") if case.find("failure") is not None]


def test_baseline_regression_fix_diff_merge(tmp_path: Path) -> None:
    write_tiny(tmp_path)
    first = httpcts(["certify", "tinyhttp", *CASES, "-q", "--write-baseline", "httpcts-baseline.txt"],
                    tmp_path)
    assert first.returncode == 1, first.stderr  # http.client's known failures, before a baseline
    baseline = (tmp_path / "httpcts-baseline.txt").read_text()
    assert "framing.cl-plus FAIL" in baseline and "status.ok PASS" in baseline

    clean = httpcts(["certify", "tinyhttp", *CASES, "-q", "--baseline", "httpcts-baseline.txt",
                     "--report", "before"], tmp_path)
    assert clean.returncode == 0, clean.stdout[-2000:]
    assert clean.stdout.rstrip().endswith("exit 0: nothing regressed against the baseline")
    assert junit_failures(tmp_path / "before") == []

    write_tiny(tmp_path, REGRESSION)
    broken = httpcts(["certify", "tinyhttp", *CASES, "-q", "--baseline", "httpcts-baseline.txt",
                      "--report", "after"], tmp_path)
    assert broken.returncode == 1
    out = broken.stdout
    assert "regressed (" in out and "request.injection.header-value-crlf: PASS -> FAIL" in out
    assert out.index("regressed (") < out.index("×"), "regressed cases come first"
    regressed = [line.split(":")[0].strip() for line in out.split("regressed (", 1)[1]
                 .split("\n")[1:] if line.startswith("    ") and "->" in line]
    assert "exit 1: " in out.splitlines()[-1]
    # the JUnit failures are exactly the cases that make the exit status 1
    assert sorted(junit_failures(tmp_path / "after")) == sorted(regressed)

    write_tiny(tmp_path, FIX)
    fixed = httpcts(["certify", "tinyhttp", *CASES, "-q", "--baseline", "httpcts-baseline.txt"],
                    tmp_path)
    assert fixed.returncode == 0, fixed.stdout[-2000:]
    assert "fixed (" in fixed.stdout and "framing.cl-plus: FAIL -> PASS" in fixed.stdout

    diff = httpcts(["diff", "before", "after"], tmp_path)
    assert diff.returncode == 1
    assert "regressed hardened request.injection.header-value-crlf: PASS -> FAIL" in " ".join(
        diff.stdout.split())
    data = json.loads(httpcts(["diff", "before", "after", "--format", "json"], tmp_path).stdout)
    assert data["regressed"] == len(regressed) and data["same_cases"] is True
    markdown = httpcts(["diff", "before", "after", "--format", "md"], tmp_path).stdout
    assert "| regressed | hardened | `request.injection.header-value-crlf` | PASS | FAIL |" in markdown
    assert httpcts(["diff", "before", "before"], tmp_path).returncode == 0

    # merge: two separate runs of different implementations become one report and one site
    other = httpcts(["certify", "httpcts.reference", *CASES, "-q", "--report", "reference"], tmp_path)
    assert other.returncode == 0
    merged = httpcts(["report", "merge", "merged", "before", "reference"], tmp_path)
    assert merged.returncode == 0, merged.stderr
    report = json.loads((tmp_path / "merged" / "report.json").read_text())
    names = [impl["name"] for impl in report["implementations"]]
    assert len(names) == 2 and names[0].startswith("tinyhttp") and names[1].startswith("httpcts.reference")
    assert len(report["meta"]["merged_from"]) == 2
    validate_json(report)
    assert "| tinyhttp (" in (tmp_path / "merged" / "report.md").read_text()
    fails = [r["case"] for impl in report["implementations"] for r in impl["results"]
             if r["verdict"] == "FAIL"]
    assert fails and sorted(junit_failures(tmp_path / "merged")) == sorted(fails)
    index = (tmp_path / "merged" / "index.html").read_text()
    assert all(name.split(" (")[0] in index for name in names)
    # the same implementation twice is refused; so are different case sets, named
    assert httpcts(["report", "merge", "twice", "before", "after"], tmp_path).returncode == 2
    narrow = httpcts(["certify", "tinyhttp", "--cases", "status.ok", "-q", "--report", "narrow"],
                     tmp_path)
    assert narrow.returncode == 0
    mixed = httpcts(["report", "merge", "mixed", "reference", "narrow"], tmp_path)
    assert mixed.returncode == 2 and "framing.cl-" in mixed.stderr
    assert "--allow-mixed" in mixed.stderr
    allowed = httpcts(["report", "merge", "mixed", "reference", "narrow", "--allow-mixed"], tmp_path)
    assert allowed.returncode == 0


def test_urllib3_class_target_with_base_names(tmp_path: Path) -> None:
    pytest.importorskip("urllib3")
    run = httpcts(["certify", "urllib3.connection:HTTPConnection", "--cases", "api.*",
                   "--cases", "status.*", "-q", "--report", "u3"], tmp_path)
    assert run.returncode in (0, 1), run.stderr
    report = json.loads((tmp_path / "u3" / "report.json").read_text())
    impl = report["implementations"][0]
    assert impl["name"].startswith("urllib3.connection:HTTPConnection (")
    assert impl["target"]["base"] == "http.client"
    assert {"OK", "HTTPResponse", "responses", "BadStatusLine"} <= set(impl["target"]["from_base"])
    assert "HTTPConnection" not in impl["target"]["from_base"]
    constants = [r["case"] for r in impl["results"] if r["case"].startswith("api.constants.")]
    assert constants and set(constants) <= set(impl["target"]["base_only_cases"])
    assert not [name for name in junit_failures(tmp_path / "u3") if name.startswith("api.constants.")]
    assert "api.constants." not in run.stdout.split("credited to the base module")[0]
    # cases that construct the target's class are the target's
    assert "status.ok" not in impl["target"]["base_only_cases"]


def test_not_an_httplib_module_is_refused_before_running(tmp_path: Path) -> None:
    for target in ("json", "json:JSONDecoder"):
        run = httpcts(["certify", target], tmp_path)
        assert run.returncode == 2
        assert "cases x" not in run.stderr, "refused before any case runs"
    assert "no HTTPConnection, HTTPResponse, HTTPException" in httpcts(["certify", "json"],
                                                                       tmp_path).stderr


def test_diff_and_merge_across_interpreters(tmp_path: Path) -> None:
    """CPython 3.11's http.client in process, 2.7's httplib out of process: separate runs."""
    prefix = subprocess.run(["pyenv", "prefix", "2.7.18"], capture_output=True, text=True).stdout
    python27 = Path(prefix.strip()) / "bin" / "python"
    if not prefix.strip() or not python27.exists():
        pytest.skip("no CPython 2.7.18 on this machine")
    few = ["--cases", "status.*", "--cases", "request.injection.method-crlf", "-q"]
    assert httpcts(["certify", "http.client", *few, "--report", "py3"], tmp_path).returncode == 1
    assert httpcts(["certify", "--python", str(python27), *few, "--report", "py2"],
                   tmp_path).returncode == 1
    diff = json.loads(httpcts(["diff", "py3", "py2", "--format", "json"], tmp_path).stdout)
    pair = diff["implementations"][0]
    assert pair["new"] == "httplib (CPython 2.7.18)"
    assert {"case": "request.injection.method-crlf", "old": "PASS", "new": "FAIL"} in \
        pair["profiles"]["hardened"]["regressed"]  # CVE-2020-26116
    merged = httpcts(["report", "merge", "both", "py3", "py2"], tmp_path)
    assert merged.returncode == 0, merged.stderr
    index = (tmp_path / "both" / "index.html").read_text()
    assert "httplib (CPython 2.7.18)" in index and "http.client (CPython 3." in index
