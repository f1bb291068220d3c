"""`httpcts fuzz` subcommands: list, run (both engines), repro, minimize, coverage.

Strategy: call the CLI's main() in-process with bounded runs in tmp folders and check
what it prints: the JSON listing, the live line, the JSON summary as the last line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from httpcts.conformance.cli import main as httpcts_main
from httpcts.fuzz import targets
from httpcts.fuzz._runtime import LAUNCHER, STRUCTURED, launchable
from httpcts.fuzz.cli import main, shrink

HUGE_LENGTH = b"\x00HTTP/1.1 200 OK\r\nContent-Length: 1180591620717411303424\r\n\r\nx"


def test_list_json_names_the_six_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert httpcts_main(["fuzz", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == targets.NAMES
    assert all(row["property"] and Path(row["file"]).is_file() for row in rows)


# the reference's private names, its state strings and module-name branches (issue 13)
PRIVATE_OR_ENTRY = re.compile(rb'_buffer|_events|== "done"|__name__ ==')


def test_nothing_under_fuzz_uses_private_names_or_carries_an_entry_point() -> None:
    fuzz_root = Path(targets.__file__).resolve().parents[1]
    hits = [f"{path.relative_to(fuzz_root)}: {match.group().decode()}"
            for path in sorted(fuzz_root.rglob("*")) if path.is_file() and "__pycache__" not in path.parts
            for match in PRIVATE_OR_ENTRY.finditer(path.read_bytes())]
    assert hits == []


def launcher(*args: str) -> subprocess.CompletedProcess:
    """`python -m httpcts.fuzz ARGS` as a user types it."""
    return subprocess.run([sys.executable, "-m", LAUNCHER, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [(), ("nosuchtarget",)])
def test_launcher_without_a_known_target_exits_2_naming_the_targets(args: tuple) -> None:
    result = launcher(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "TARGET one of " + ", ".join(launchable()) in result.stderr
    assert ("unknown target 'nosuchtarget'" if args else "no target given") in result.stderr


@pytest.mark.parametrize("name", ["status_line", STRUCTURED])
def test_launcher_runs_a_target_under_libfuzzer(name: str) -> None:
    pytest.importorskip("atheris")
    result = launcher(name, "-runs=40", "-max_len=512")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Done 40 runs" in result.stderr


def test_run_in_process_prints_live_line_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "status_line", "--engine", "inprocess", "--time", "60", "--runs", "300",
                 "--artifacts", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and summary["findings"] == []
    assert summary["target"] == "status_line" and summary["implementation"] == "httpcts.reference"
    assert summary["executions"] == 300 and summary["seconds"] > 0
    assert "in-process" in summary["engine"] and "exec/s" in err


def test_run_with_atheris(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("atheris")
    main(["run", "response", "--engine", "atheris", "--time", "5", "--runs", "300",
          "--artifacts", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["engine"] == "atheris/libFuzzer" and summary["executions"] >= 300
    assert summary["coverage"] and "cov" in err


def test_http_client_finding_repro_and_minimize(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "response", "--impl", "http.client", "--engine", "inprocess", "--time", "5",
                 "--runs", "150", "--artifacts", str(tmp_path / "out")])
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 1
    overflow = [f for f in summary["findings"] if f["exception"] == "OverflowError"]
    assert overflow and overflow[0]["top_frame"] == "client.py:_safe_read"
    reproducer = Path(overflow[0]["reproducer"])
    assert main(["repro", str(reproducer)]) == 1  # target and impl from run.json
    assert '"OverflowError"' in capsys.readouterr().out
    assert main(["minimize", str(reproducer), "--max-tries", "400"]) == 0
    assert len(reproducer.with_name(reproducer.name + ".min").read_bytes()) <= len(reproducer.read_bytes())


def test_repro_of_a_passing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "input"
    path.write_bytes(b"\x00HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert main(["repro", str(path), "--target", "response"]) == 0
    assert "no finding" in capsys.readouterr().out


def test_shrink_keeps_the_property() -> None:
    small = shrink(HUGE_LENGTH + b"padding" * 10, lambda d: b"11805916" in d, 5000)
    assert b"11805916" in small and len(small) < len(HUGE_LENGTH)


def test_coverage_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a").write_bytes(b"\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n")
    (corpus / "b").write_bytes(HUGE_LENGTH)
    assert main(["coverage", "response", "--corpus", str(corpus), "--html", str(tmp_path / "html")]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["inputs"] == 2 and 0 < summary["percent"] <= 100
    assert (tmp_path / "html" / "index.html").is_file()


# -- what a new user meets: bad input exits 2 with one line --------------------------


@pytest.mark.parametrize("argv", [
    ["run", "response", "--time", "0"],
    ["run", "response", "--time", "-5"],
    ["run", "response", "--time", "soon"],
    ["run", "nosuchtarget"],
    ["run", "response", "--impl", "nosuchmod", "--time", "1"],
    ["run", "request", "--impl", "nosuchmod.client", "--time", "1"],
    ["repro", "/nonexistent", "--target", "status_line"],
    ["repro", "response", "/nonexistent"],
    ["repro", "nosuchtarget", "INPUT"],
    ["repro", "INPUT"],  # in a folder that does not say its target
    ["repro", "response", "INPUT", "--impl", "nosuchmod"],
    ["minimize", "/nonexistent", "--target", "response"],
    ["coverage", "chunked", "--impl", "http.client"],  # no earlier run, no --corpus
    ["coverage", "chunked", "--corpus", "/nonexistent"],
])
def test_bad_input_exits_2_with_one_line(argv: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "INPUT").write_bytes(b"\x00HTTP/1.1 200 OK\r\n\r\n")
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and err.startswith("httpcts fuzz")


def test_run_with_time_0_does_no_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "response", "--time", "0"]) == 2
    assert not (tmp_path / "fuzz-out").exists()


def test_repro_accepts_the_target_before_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "input"
    path.write_bytes(b"\x2aHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert main(["repro", "response", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("target response, implementation httpcts.reference")
    # the control byte apart from the bytes the server sends
    assert lines[1] == "control byte 0x2a: split plan 10 (pieces of 17,1 bytes), GET, read(1)"
    assert lines[2] == "input (40 bytes): b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok'"


def test_repro_describes_the_request_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "input"
    path.write_bytes(b"\x03\x01h\x03GET\x01/")
    main(["repro", "request", str(path)])
    assert "control byte 0x03: request(), with a body, strings as ISO-8859-1" in capsys.readouterr().out


def test_coverage_defaults_to_the_last_runs_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    main(["run", "chunked", "--impl", "http.client", "--engine", "inprocess", "--time", "3", "--runs", "50"])
    assert (tmp_path / "fuzz-out" / "chunked-http.client" / "seeds").is_dir()
    capsys.readouterr()
    assert main(["coverage", "chunked", "--impl", "http.client", "--html", str(tmp_path / "html")]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    seeds = len(list((tmp_path / "fuzz-out" / "chunked-http.client" / "seeds").iterdir()))
    assert summary["implementation"] == "http.client" and summary["inputs"] >= seeds > 0


def test_help_names_the_default_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "./fuzz-out/TARGET-IMPL" in " ".join(capsys.readouterr().out.split())


def test_readme_first_campaign_fuzzes_http_client() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    runs = [line.strip() for line in readme.splitlines() if line.strip().startswith("httpcts fuzz run")]
    assert runs and "--impl http.client" in runs[0]
    assert "fuzz-out" in readme


def test_the_fuzz_extra_declares_every_package_fuzz_imports() -> None:
    """pip install 'httpcts[fuzz]' alone is enough for every httpcts fuzz command."""
    import ast
    import re
    import sys

    root = Path(__file__).resolve().parents[2]
    text = (root / "pyproject.toml").read_text()
    extra = re.search(r"^fuzz = \[(.*?)\]", text, re.S | re.M)
    assert extra is not None
    declared = {re.split(r"[<>=;\[ ]", item.strip().strip('"'))[0].lower()
                for item in extra.group(1).split(",") if item.strip()}
    imported = set()
    for path in (root / "fuzz").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    stdlib = set(sys.stdlib_module_names) | {"httpcts", "__future__"}
    third_party = {name for name in imported - stdlib if not (root / "fuzz" / f"{name}.py").exists()}
    assert third_party and third_party <= declared, third_party - declared
