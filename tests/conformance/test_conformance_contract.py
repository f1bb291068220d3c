"""The run contract: exit statuses, JUnit agreeing with them, report folders checked
first, a watchdog for stuck and greedy implementations, and Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator, List

import pytest
from httpcts.conformance._baseline import BaselineError, compare, parse_text
from httpcts.conformance._contract import judge
from httpcts.conformance._drivers import DRIVER_SLACK
from httpcts.conformance._schema import Report
from httpcts.conformance.cases import select
from httpcts.conformance.certify import main

# Whole certifications in subprocesses: minutes on a loaded 2-core machine, never unbounded.
RUN_DEADLINE = 600
pytestmark = pytest.mark.timeout(1200)

# http.client, with a client that spins when a read times out (time-bound cases) and
# when a response is a 404 (a case without a stated bound), and one that allocates
# without bound on a huge Content-Length (a memory case).
SPIN = '''import http.client
globals().update({k: v for k, v in vars(http.client).items() if not k.startswith("__")})


class HTTPResponse(http.client.HTTPResponse):
    def begin(self):
        try:
            super().begin()
        except TimeoutError:
            spin_forever()
        if self.status == 404:
            spin_forever()


def spin_forever():
    while True:
        pass


class HTTPConnection(http.client.HTTPConnection):
    response_class = HTTPResponse
'''
HOG = '''import http.client
globals().update({k: v for k, v in vars(http.client).items() if not k.startswith("__")})


class HTTPResponse(http.client.HTTPResponse):
    def read(self, amt=None):
        if self.length and self.length > 1 << 30:
            hog = []
            while len(hog) < 32:  # 2 GiB: past any cap the test sets, yet finite
                hog.append(bytearray(64 << 20))
        return super().read(amt)


class HTTPConnection(http.client.HTTPConnection):
    response_class = HTTPResponse
'''
STUCK_CASES = ["timing.silent-accept", "timing.stall-before-status", "framing.cl-2-pow-40",
               "status.not-found", "status.ok", "framing.cl-plus"]


def cli(args: List[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(cwd))
    return subprocess.run([sys.executable, "-m", "httpcts.conformance.cli", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=RUN_DEADLINE, **kwargs)


def test_judge_roles_and_exit_statuses() -> None:
    pairs = {"impl": [("a", "PASS"), ("b", "FAIL"), ("c", "NON-STRICT"), ("d", "UNSUPPORTED")]}
    plain = judge(pairs)
    assert (plain.status, plain.ids("impl", "failure")) == (1, ["b"])
    assert plain.reason == "exit 1: 1 MUST case fail"
    assert plain.ids("impl", "skipped") == ["d"] and plain.ids("impl", "non-strict") == ["c"]
    assert judge(pairs, strict=True).ids("impl", "failure") == ["b", "c"]
    errored = judge({"impl": [("a", "ERROR"), ("b", "FAIL")]})
    assert errored.status == 2 and "could not be judged" in errored.reason
    base = {"impl": {"a": "PASS", "b": "FAIL", "c": "PASS", "gone": "PASS"}}
    moved = judge(pairs, baseline=base)
    kinds = {m.case: m.kind for m in moved.moves["impl"]}
    assert kinds == {"a": "unchanged", "b": "unchanged", "c": "regressed", "d": "new",
                     "gone": "removed"}
    assert (moved.status, moved.ids("impl", "failure")) == (1, ["c"])
    assert judge({"impl": [("b", "PASS")]}, baseline=base).status == 0
    new_fail = judge({"impl": [("z", "FAIL")]}, baseline=base)
    assert new_fail.status == 0
    assert judge({"impl": [("z", "FAIL")]}, baseline=base, strict_new=True).status == 1
    assert judge({"impl": [("a", "ERROR")]}, baseline=base).status == 1  # anything to ERROR
    assert judge(pairs, base_only={"impl": ["b"]}).status == 0


def test_compare_orders_verdicts() -> None:
    moves = compare({"x": "NON-STRICT", "y": "PASS", "z": "ERROR"},
                    {"x": "FAIL", "y": "UNSUPPORTED", "z": "FAIL"})
    assert [m.kind for m in moves] == ["regressed", "regressed", "fixed"]


def test_text_baseline_errors_name_the_line() -> None:
    assert parse_text("# c\na.b PASS\n[impl]\nc.d FAIL\n") == {"*": {"a.b": "PASS"},
                                                              "impl": {"c.d": "FAIL"}}
    with pytest.raises(BaselineError, match="b.txt:2: .*'a.b MAYBE'"):
        parse_text("x.y PASS\na.b MAYBE\n", "b.txt")


def test_junit_agrees_with_the_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = ["http.client", "--cases", "framing.cl-*", "--cases", "status.*", "--cases",
            "timing.drip-body", "--cases", "api.responses.name-10*", "-q",
            # its observed wire holds a \x03, which XML 1.0 cannot carry
            "--cases", "request.injection.header-name-ctl"]
    for strict in ([], ["--strict"]):
        out = tmp_path / f"r{len(strict)}"
        status = main(args + strict + ["--report", str(out)])
        assert status == 1
        tree = ET.parse(out / "junit.xml")
        suite = tree.getroot().find("testsuite")
        assert suite is not None
        failing = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
        results = json.loads((out / "report.json").read_text())["implementations"][0]["results"]
        bad = ("FAIL", "NON-STRICT") if strict else ("FAIL",)
        assert sorted(failing) == sorted(r["case"] for r in results if r["verdict"] in bad)
        assert int(suite.get("failures", "-1")) == len(failing)
        last = capsys.readouterr().out.rstrip().splitlines()[-1]
        assert last.startswith(f"exit 1: {len(failing)} ")
        for case in suite.iter("testcase"):
            assert "." not in case.get("classname", "").rsplit(".", 1)[0], case.get("classname")
        skipped = {c.get("name"): c.find("skipped") for c in suite.iter("testcase")}
        quiet = [r for r in results if r["verdict"] in ("UNSUPPORTED", "INFORMATIONAL")]
        assert "INFORMATIONAL" in {r["verdict"] for r in quiet}
        for result in quiet:  # skipped, with the reason
            element = skipped[result["case"]]
            assert element is not None and result["verdict"] in (element.get("message") or "")


def test_summary_lists_non_strict_and_looked_at_values(capsys: pytest.CaptureFixture) -> None:
    assert main(["http.client", "--cases", "status.*", "-q"]) == 1
    out = capsys.readouterr().out
    assert "NON-STRICT (" in out and "status.reason-nul" in out.split("NON-STRICT (")[1]
    # status.code-plus looks only at `raises`: the observation is not dumped whole
    block = out.split("× status.code-plus")[1].split("×")[0]
    observed = block.split("observed: ")[1].splitlines()[0]
    assert observed == "raises=None (nothing raised)"


def test_cases_glob_suggestion_and_done_in_counts_writing(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--cases", "framing"]) == 2
    assert "did you mean --cases 'framing.*'" in capsys.readouterr().err
    assert main(["httpcts.reference", "--cases", "status.ok", "-q", "--report", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert err.index("reports written") < err.index("done in")


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write, root included: a read-only mount (or mode 0555 for a user)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only mount as root: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_report_folder_is_checked_before_running(
        tmp_path: Path, read_only_folder: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(OSError):  # the folder really is read-only for this user
        (read_only_folder / "probe").write_text("x")
    for target in (read_only_folder, read_only_folder / "new"):
        started = time.monotonic()
        assert main(["httpcts.reference", "--report", str(target), "-q"]) == 2
        err = capsys.readouterr().err
        assert "not writable" in err and "cases x" not in err, err
        assert time.monotonic() - started < 5
    a_file = tmp_path / "file"
    a_file.write_text("x")
    someones = tmp_path / "someones"
    someones.mkdir()
    (someones / "notes.txt").write_text("keep me")
    for target, words in ((a_file, "is a file"), (someones, "holds no previous report")):
        assert main(["httpcts.reference", "--report", str(target), "-q"]) == 2
        assert words in capsys.readouterr().err
    assert (someones / "notes.txt").read_text() == "keep me"


def test_stuck_and_greedy_implementations_are_graded(tmp_path: Path) -> None:
    (tmp_path / "spinclient.py").write_text(SPIN)
    (tmp_path / "hogclient.py").write_text(HOG)
    args = ["certify", "spinclient", "hogclient", "--max-memory", "384M", "-q",
            "--report", "out"] + [arg for case in STUCK_CASES for arg in ("--cases", case)]
    started = time.monotonic()
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    with open(tmp_path / "stdout", "w") as out, open(tmp_path / "stderr", "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "httpcts.conformance.cli", *args],
                                cwd=tmp_path, env=env, stdout=out, stderr=err)
        # wait4: the run's peak memory, its reaped workers included
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    assert proc.returncode == 2, (tmp_path / "stderr").read_text()  # an ERROR is exit 2
    deadlines = {case.id: case.deadline for case in select(include=STUCK_CASES)}
    # the stuck cases run side by side, so the whole run stays near one deadline
    assert elapsed < max(deadlines.values()) + DRIVER_SLACK + 60, elapsed
    # the greedy worker stopped at its cap: nothing in the run grew past it
    assert usage.ru_maxrss * 1024 < 384 << 20, usage.ru_maxrss
    report = Report.from_json(json.loads((tmp_path / "out" / "report.json").read_text()))
    verdicts = {(i.name.split(" ")[0], r.case.id): r for i in report.implementations for r in i.results}
    for case in ("timing.silent-accept", "timing.stall-before-status"):
        result = verdicts[("spinclient", case)]
        assert (result.verdict, result.observed["raises"]) == ("FAIL", "Hang")
        assert "spin_forever" in result.observed["stack"]
        # stopped at its deadline plus the driver's slack (and the server's idle wait)
        assert result.duration_s <= deadlines[case] + DRIVER_SLACK + 2, result.duration_s
    not_found = verdicts[("spinclient", "status.not-found")]
    assert not_found.verdict == "ERROR" and "spin_forever" in not_found.observed["stack"]
    greedy = verdicts[("hogclient", "framing.cl-2-pow-40")]
    assert (greedy.verdict, greedy.observed["raises"]) == ("FAIL", "MemoryError")
    for name in ("spinclient", "hogclient"):
        assert verdicts[(name, "status.ok")].verdict == "PASS"
        assert verdicts[(name, "framing.cl-plus")].verdict == "FAIL"  # http.client's own
    assert verdicts[("hogclient", "status.not-found")].verdict == "PASS"
    assert "ERROR" in (tmp_path / "out" / "junit.xml").read_text()


def test_ctrl_c_keeps_a_partial_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "httpcts.conformance.cli", "certify", "--all-found", "--report",
         str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # a progress line: cases have finished, more are running
        if re.match(r"\[[#.]+\] [1-9]\d*/\d+ ", line):
            break
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    interrupted = time.monotonic()
    _, err = proc.communicate(timeout=RUN_DEADLINE)
    assert proc.returncode == 130, err
    assert time.monotonic() - interrupted < 60
    assert "Traceback" not in err and "exit 130: interrupted" in err
    report = json.loads((out / "report.json").read_text())
    assert report["meta"]["incomplete"] is True
    done = sum(len(impl["results"]) for impl in report["implementations"])
    assert 0 < done < len(report["cases"]) * len(report["implementations"])
    assert (out / "index.html").is_file()


def test_isolated_reference_matches_in_process() -> None:
    cases = select(include=["status.*", "framing.*", "request.injection.*"])
    from httpcts.conformance import _drivers
    from httpcts.conformance.certify import run_certification

    impls = [_drivers.in_process("httpcts.reference", isolate=flag) for flag in (False, True)]
    inside, isolated = run_certification(impls, cases, jobs=4)
    assert {r.case.id: r.verdict for r in inside.results} == {
        r.case.id: r.verdict for r in isolated.results}


def test_a_regression_must_reproduce(monkeypatch: pytest.MonkeyPatch) -> None:
    from httpcts.conformance import _drivers, _runner
    from httpcts.conformance._report import Certification
    from httpcts.conformance._run import Result

    case = select(include=["status.ok"])[0]
    impl = _drivers.in_process("httpcts.reference")
    for later, kept, unstable in ((["PASS"], "PASS", 1), (["FAIL", "FAIL"], "NON-STRICT", 0)):
        attempts = iter(later)
        monkeypatch.setattr(_runner, "run_certification", lambda impls, cases, jobs, a=attempts: [
            Certification(impl, [Result(case, next(a), {})])])
        cert = Certification(impl, [Result(case, "NON-STRICT", {})])
        flaky = _runner.confirm_regressions([cert], lambda c: {"status.ok": "PASS"})
        assert len(flaky) == unstable
        assert cert.results[0].verdict == kept
        assert cert.results[0].observed["attempts"] == ["NON-STRICT", *later]


def _interrupt_after(args: List[str], ready: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``httpcts ARGS``, wait for a stdout/stderr line containing ``ready``, then Ctrl-C."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "httpcts.conformance.cli", *args], cwd=cwd, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if ready in line:
            break
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=RUN_DEADLINE)
    return subprocess.CompletedProcess(args, proc.returncode, "".join(seen) + out, "")


def test_ctrl_c_ends_serve_and_fuzz_run_with_130(tmp_path: Path) -> None:
    served = _interrupt_after(["serve", "status.ok"], "serving status.ok", tmp_path)
    assert served.returncode == 130 and "Traceback" not in served.stdout
    fuzzed = _interrupt_after(["fuzz", "run", "status_line", "--engine", "inprocess", "--time",
                               "60", "--artifacts", str(tmp_path / "fuzz")], "exec/s", tmp_path)
    assert fuzzed.returncode == 130 and "Traceback" not in fuzzed.stdout, fuzzed.stdout[-2000:]
    summary = json.loads(fuzzed.stdout.strip().splitlines()[-1])
    assert summary["interrupted"] is True and summary["executions"] > 0


def test_meta_block_for_comparisons(tmp_path: Path) -> None:
    from datetime import datetime

    assert main(["httpcts.reference", "urllib3.connection:HTTPConnection", "--cases", "status.ok",
                 "-q", "--report", str(tmp_path)]) in (0, 1)
    report = json.loads((tmp_path / "report.json").read_text())
    meta = report["meta"]
    assert meta["httpcts"] and meta["cases_fingerprint"].startswith("sha256:")
    assert datetime.fromisoformat(meta["started"]).utcoffset().total_seconds() == 0
    assert meta["argv"][:3] == ["httpcts", "certify", "httpcts.reference"]
    assert meta["incomplete"] is False and meta["platform"] and meta["elapsed_s"] >= 0
    versions = [impl["info"]["version"] for impl in report["implementations"]]
    assert versions[0]["distribution"]["name"] == "httpcts"
    assert versions[1]["module_version"] == versions[1]["distribution"]["version"]  # urllib3
    # the fingerprint changes with the case set, not with the run
    from httpcts.conformance._meta import case_fingerprint

    assert case_fingerprint(select(include=["status.ok"])) == meta["cases_fingerprint"]
    assert case_fingerprint(select(include=["status.*"])) != meta["cases_fingerprint"]
