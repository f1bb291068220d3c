"""bench/fuzz_bugs.py: every seeded bug is real, the oracles can see it, and a smoke run.

Strategy: build the seeded copies once; for each bug one hand-written input (a
witness) must be a finding on the patched copy, through the bug's first target, that
the unpatched copy does not share (the benchmark's rule): so a patch that no longer applies, or no longer changes
behaviour, fails here rather than silently making the benchmark easier. The smoke
run is the benchmark itself on two bugs with a 10 s budget.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from httpcts.fuzz import _bounds, targets
from httpcts.fuzz._runtime import shared_with, timed
from httpcts.fuzz.oracles import signature

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import fuzz_bugs  # noqa: E402

CHUNKED_WITH_TRAILER = b"\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
CONTINUE = b"\x00HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

# bug -> an input of the bug's first target that shows it
WITNESSES: Dict[str, bytes] = {
    "unbounded-line": b"\x00HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "interim-header-flood": CONTINUE,
    "crlf-in-url": b"\x00\x01h\x03GET\x06/\r\nX:1\x00",
    "crlf-in-method": b"\x00\x01h\x04G\r\nT\x01/\x00",
    "signed-length": b"\x00+5\r\nhello\r\n0\r\n\r\n",
    "unknown-1xx-final": b"\x00HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "bare-cr-in-field": b"\x00X: a\rb\r\nContent-Length: 2\r\n\r\nok",
    "any-bytes-after-chunk": b"\x005\r\nhelloXX0\r\n\r\n",
    "length-allocated": b"\x00HTTP/1.1 200 OK\r\nContent-Length: 99999999999999\r\n\r\nx",
    "chunked-trailing-space": b"\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "conflicting-lengths": b"\x00Content-Length: 2\r\nContent-Length: 3\r\n\r\nokk",
    "no-trailer-limit": CHUNKED_WITH_TRAILER[:1] + CHUNKED_WITH_TRAILER[1:].split(b"\r\n\r\n", 1)[1],
    "no-interim-limit": CONTINUE,
    "folded-transfer-encoding": b"\x00HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
}


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, List[str]]]:
    """The seeded copies, importable; the functions each patch changed."""
    folder = tmp_path_factory.mktemp("seeded")
    functions = fuzz_bugs.build(folder, fuzz_bugs.BUGS)
    sys.path.insert(0, str(folder))
    yield functions
    sys.path.remove(str(folder))
    for name in list(sys.modules):
        if name.startswith("seeded_"):
            del sys.modules[name]


def test_at_least_14_bugs_each_with_a_witness() -> None:
    assert len(fuzz_bugs.BUGS) >= 14
    assert sorted(WITNESSES) == sorted(bug.name for bug in fuzz_bugs.BUGS)


@pytest.mark.parametrize("bug", fuzz_bugs.BUGS, ids=lambda bug: bug.name)
def test_the_witness_is_a_finding_on_the_patched_copy_only(bug: fuzz_bugs.Bug, changed: Dict[str, List[str]]) -> None:
    target = bug.targets[0]
    test = timed(targets.load(target).test_one_input)
    patched = importlib.import_module(bug.module)
    baseline = importlib.import_module(fuzz_bugs.BASELINES[bug.source])
    _bounds._tried.clear()
    with pytest.raises(Exception) as caught:
        test(WITNESSES[bug.name], patched)
    # a patch that breaks the code (a name it no longer imports) is not the bug
    assert not isinstance(caught.value, (NameError, AttributeError, TypeError, SyntaxError))
    assert not shared_with(test, WITNESSES[bug.name], baseline, caught.value)
    _, exception, top_frame = signature(caught.value)
    assert fuzz_bugs.is_the_bugs({"exception": exception, "top_frame": top_frame}, changed[bug.name])


def test_smoke_two_bugs_ten_seconds(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fuzz_bugs.py"), "--budget", "10",
         "--bugs", "no-interim-limit,crlf-in-method", "--keep", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line.split()[0] for line in lines[1:-1]] == ["crlf-in-method", "no-interim-limit"]
    assert lines[-1] == "found: 2 of 2 within 10 s; crash-only: 0 of 2"
