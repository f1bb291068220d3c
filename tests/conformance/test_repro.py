"""`httpcts repro`: stand-alone reproducers reproduce the verdict certify gave.

Strategy: certify a case with the real harness, write its reproducer with the real
command into an empty folder, run it there with ``python -I`` (isolated: no
PYTHONPATH, no user site, no current folder on sys.path) and compare its verdict
and exit status with certify's, for the failing implementation and for the
reference: http.client 3.11's ``framing.cl-plus``, a header-flood case, and under
CPython 2.7 (when ``pyenv prefix 2.7.18`` has one) a request-injection case.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from httpcts.conformance import _drivers
from httpcts.conformance.cases import select
from httpcts.conformance.certify import run_certification
from httpcts.conformance.repro import MODULES, main
from httpcts.conformance.repro import reproducer as write_reproducer

pytestmark = pytest.mark.timeout(180)


def _python27() -> Optional[str]:
    try:
        prefix = subprocess.run(["pyenv", "prefix", "2.7.18"], capture_output=True, text=True,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = os.path.join(prefix, "bin", "python") if prefix else ""
    return path if path and os.path.exists(path) else None


def certify(case_id: str, impl: _drivers.Implementation) -> str:
    (cert,) = run_certification([impl], select(include=[case_id]), jobs=1)
    (result,) = cert.results
    return result.verdict.value


def write(folder: Path, case_id: str, *extra: str) -> Path:
    folder.mkdir()
    target = folder / "r.py"
    assert main([case_id, *extra, "-o", str(target)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["r.py"]
    return target


def run(python: str, script: Path, *args: str) -> subprocess.CompletedProcess:
    isolated = ["-I"] if "2.7" not in python else ["-E", "-s"]  # 2.7 has no -I
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run([python, *isolated, script.name, *args], cwd=script.parent, env=env,
                          capture_output=True, text=True, timeout=120)


def verdict_of(out: str) -> str:
    line = next(line for line in out.splitlines() if line.startswith("verdict: "))
    return line.split()[1]


@pytest.mark.parametrize("case_id", ["framing.cl-plus", "interim.100-endless"])
def test_reproducer_gives_certify_verdict_for_http_client_and_reference(case_id: str, tmp_path: Path) -> None:
    script = write(tmp_path / "empty", case_id, "--impl", "http.client")
    for module, exit_status in (("http.client", 1), ("httpcts.reference", 0)):
        expected = certify(case_id, _drivers.in_process(module))
        done = run(sys.executable, script, *([] if module == "http.client" else ["--impl", module]))
        assert verdict_of(done.stdout) == expected, done.stdout + done.stderr
        assert done.returncode == exit_status, done.stdout + done.stderr
    if case_id == "framing.cl-plus":
        assert 'body = "he"' in run(sys.executable, script).stdout  # the body http.client accepted


def test_request_injection_reproduces_under_python27(tmp_path: Path) -> None:
    python27 = _python27()
    if python27 is None:
        pytest.skip("no CPython 2.7.18 (pyenv prefix 2.7.18)")
    case_id = "request.injection.method-crlf"
    script = write(tmp_path / "empty", case_id, "--python", python27)
    assert script.read_text().startswith(f"#!{python27}\n")
    expected = certify(case_id, _drivers.out_of_process(python27))
    done = run(python27, script)
    assert verdict_of(done.stdout) == expected, done.stdout + done.stderr
    assert done.returncode == (0 if expected == "PASS" else 1)
    reference = run(sys.executable, script, "--impl", "httpcts.reference")
    assert verdict_of(reference.stdout) == certify(case_id, _drivers.in_process("httpcts.reference"))
    assert reference.returncode == 0


def test_the_reproducer_is_readable_and_standalone() -> None:
    case = select(include=["framing.cl-plus"])[0]
    text = write_reproducer(case, "http.client")
    tree = ast.parse(text)
    assert ast.get_docstring(tree).startswith("httpcts reproducer: framing.cl-plus (hardened MUST)")
    assert "conn.request('GET', '/')" in text and "0 PASS" in text
    assert "HTTP/1.1 200 OK\\r\\nContent-Length: +2" in text  # the scenario's bytes
    imports = {n.names[0].name for n in ast.walk(tree) if isinstance(n, ast.Import)}
    assert imports <= {"sys", "types"}, imports
    embedded = [name for name in MODULES if f"('{name}', r'''" in text]
    assert embedded == list(MODULES)


def test_repro_errors_name_the_problem(capsys: pytest.CaptureFixture) -> None:
    assert main(["framing.cl-plu"]) == 2
    assert "framing.cl-plus" in capsys.readouterr().err  # did you mean
    tls = next(c.id for c in select() if c.scenario and c.scenario.startswith("tls."))
    assert main([tls]) == 2
    assert "TLS" in capsys.readouterr().err
