"""The regression corpus: every input that ever found something, replayed.

Strategy: fuzz/regressions/TARGET/IMPL/NAME holds minimised inputs (control byte
first, as the targets take them). Inputs under `reference/` found bugs since fixed:
they must now pass every oracle. Inputs under another implementation's folder
(`http.client/`) record its known defects (fuzz/FINDINGS.md): they must still produce
the very finding recorded for them (its kind and exception type, `KNOWN_FINDINGS`)
on the Python they were found with, and are skipped where the defect is fixed.  Any
other exception fails: an HTTPException, or a different finding, is not the defect.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import List

import pytest
from httpcts.fuzz import targets
from httpcts.fuzz.corpus import REGRESSIONS
from httpcts.fuzz.oracles import signature

# Another implementation's regression input -> (finding kind, exception type) it produces.
KNOWN_FINDINGS = {
    "chunked/http.client/control-character-in-chunk-extension": ("accepts-malformed", "Finding"),
    "chunked/http.client/eof-inside-chunk-loses-its-bytes": ("split-mismatch", "Finding"),
    "chunked/http.client/junk-after-chunk-data-accepted": ("accepts-malformed", "Finding"),
    "differential/http.client/leading-whitespace-before-status-line": ("disagreement", "Finding"),
    "differential/http.client/obs-fold-transfer-encoding-not-chunked": ("disagreement", "Finding"),
    "headers/http.client/trailing-whitespace-kept-in-value": ("header-mismatch", "Finding"),
    "request/http.client/absolute-url-percent-netloc-assertion":
        ("unexpected-exception", "AssertionError"),
    "request/http.client/control-characters-in-header-name-sent": ("request-unparseable", "Finding"),
    "request/http.client/empty-method-sent": ("request-unparseable", "Finding"),
    "request/http.client/obs-fold-in-header-value-sent": ("request-fields-mismatch", "Finding"),
    "request/http.client/space-in-method-sent": ("request-unparseable", "Finding"),
    "response/http.client/declared-length-allocated-memoryerror":
        ("unexpected-exception", "MemoryError"),
    "response/http.client/eof-after-last-chunk-size-silent": ("silent-truncation", "Finding"),
    "response/http.client/negative-chunk-size-valueerror": ("unexpected-exception", "ValueError"),
    "response/http.client/overflow-huge-chunk-size": ("unexpected-exception", "OverflowError"),
    "response/http.client/overflow-huge-content-length": ("unexpected-exception", "OverflowError"),
    "response/http.client/read-amt-ignores-missing-content-length-bytes":
        ("split-mismatch", "Finding"),
    "response/http.client/trailer-lines-not-validated": ("accepts-malformed", "Finding"),
    "response/http.client/unknown-1xx-taken-as-final": ("framing-mismatch", "Finding"),
}


def _cases() -> List[Path]:
    return sorted(p for p in REGRESSIONS.glob("*/*/*") if p.is_file() and not p.name.startswith("."))


def test_the_regression_corpus_is_not_empty() -> None:
    assert any(p.parts[-2] == "reference" for p in _cases())


@pytest.mark.parametrize("path", _cases(), ids=lambda p: "/".join(p.parts[-3:]))
def test_regression(path: Path) -> None:
    target, impl_name = path.parts[-3], path.parts[-2]
    module = targets.load(target)
    data = path.read_bytes()
    if impl_name == "reference":
        module.test_one_input(data, importlib.import_module("httpcts.reference"))
        return
    key = "/".join(path.parts[-3:])
    assert key in KNOWN_FINDINGS, f"{key}: record the finding it shows in KNOWN_FINDINGS"
    impl = importlib.import_module(impl_name)
    try:
        module.test_one_input(data, impl)
    except Exception as exc:  # noqa: BLE001 - which exception is what the test checks
        assert signature(exc)[:2] == KNOWN_FINDINGS[key], signature(exc)
        return  # the known defect is still there, as FINDINGS.md records
    pytest.skip(f"{impl_name} no longer shows this defect on this Python")
