"""`httpcts fuzz` subcommands: list, run (both engines), repro, minimize, coverage.

Strategy: call the CLI's main() in-process with bounded runs in tmp folders and check
what it prints: the JSON listing, the live line, the JSON summary as the last line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from httpcts.conformance.cli import main as httpcts_main
from httpcts.fuzz import targets
from httpcts.fuzz.cli import main, shrink

HUGE_LENGTH = b"\x00HTTP/1.1 200 OK\r\nContent-Length: 1180591620717411303424\r\n\r\nx"


def test_list_json_names_the_six_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert httpcts_main(["fuzz", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == targets.NAMES
    assert all(row["property"] and Path(row["file"]).is_file() for row in rows)


def test_target_files_are_executable_with_a_shebang() -> None:
    for name in targets.NAMES:
        path = targets.path(name)
        assert path.read_text().startswith("#!/usr/bin/env python3\n")
        assert path.stat().st_mode & 0o111


def test_run_in_process_prints_live_line_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "status_line", "--engine", "inprocess", "--time", "3", "--runs", "300",
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
