"""`httpcts serve`: listing, dumping, and serving one scenario to a real client."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
from _servers_client import recv_exactly, request_bytes
from httpcts.servers import CATALOGUE
from httpcts.servers.cli import main

GARBAGE = b"garbage\r\nContent-Length: 2\r\n\r\nhi"


def run_main(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(argv, out=out), out.getvalue()


def test_list_json_has_every_scenario_with_the_documented_fields() -> None:
    status, text = run_main(["--list", "--format", "json"])
    entries = json.loads(text)
    assert status == 0 and len(entries) == len(CATALOGUE) >= 120
    assert sum(e["kind"] == "malicious" for e in entries) >= 80
    assert sum(e["kind"] == "conformant" for e in entries) >= 40
    for entry in entries:
        assert set(entry) == {"id", "kind", "category", "description", "references"}
        assert entry["references"] and entry["kind"] in ("conformant", "malicious")


def test_list_text_and_kind_filter() -> None:
    status, text = run_main(["--list", "--kind", "conformant"])
    lines = text.splitlines()
    assert status == 0 and lines[0].startswith("status.ok ")
    assert lines[-1].endswith("conformant, 0 malicious)")


def test_dump_prints_scenario_json() -> None:
    status, text = run_main(["status.garbage-line", "--dump"])
    assert status == 0
    assert json.loads(text)["connections"][0][1] == {"step": "send", "data": GARBAGE.decode("latin-1")}


def test_unknown_id_and_missing_id_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["status.garbage-lin"])[0] == 2
    assert "close matches: status.garbage-line" in capsys.readouterr().err
    assert run_main([])[0] == 2
    assert run_main(["status.ok", "--time-scale", "0"])[0] == 2
    assert run_main(["status.ok", "--host", "192.0.2.1"])[0] == 2
    assert "loopback" in capsys.readouterr().err


@contextlib.contextmanager
def httpcts_serve(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Run ``httpcts serve ARGS`` (through the real dispatcher); yield it and its URL."""
    env = dict(os.environ, PYTHONWARNINGS="error::ResourceWarning")
    with subprocess.Popen(
        [sys.executable, "-m", "httpcts.conformance.cli", "serve", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    ) as process:  # fmt: skip
        try:
            assert process.stdout is not None and process.stderr is not None
            first = process.stdout.readline()
            assert first.startswith("serving "), first + process.stderr.read()
            yield process, first.split(" on ", 1)[1].strip()
        finally:
            if process.poll() is None:
                process.kill()


def _port(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def test_serve_once_answers_a_raw_client_and_prints_the_transcript() -> None:
    with httpcts_serve("status.garbage-line", "--once", "--port", "0") as (process, url):
        with socket.create_connection(("127.0.0.1", _port(url)), timeout=5) as sock:
            sock.sendall(request_bytes())
            assert recv_exactly(sock, 100) == GARBAGE
        out, err = process.communicate(timeout=5)
    assert process.returncode == 0, err
    assert "connection 0 from 127.0.0.1" in out and "request     [GET / HTTP/1.1]" in out
    assert repr(GARBAGE) in out


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_serve_once_answers_curl_with_the_scripted_bytes() -> None:
    with httpcts_serve("status.garbage-line", "--once", "--port", "0") as (process, url):
        # --http0.9: curl refuses a non-HTTP status line by default; we want the raw bytes.
        result = subprocess.run(
            [shutil.which("curl") or "curl", "-s", "--http0.9", "--max-time", "5", url],
            capture_output=True, timeout=10,
        )  # fmt: skip
        out, err = process.communicate(timeout=5)
    assert result.stdout == GARBAGE
    assert process.returncode == 0 and "User-Agent: curl" in out
