"""The regression corpus: every input that ever found something, replayed.

Strategy: fuzz/regressions/TARGET/IMPL/NAME holds minimised inputs (control byte
first, as the targets take them). Inputs under `reference/` found bugs since fixed:
they must now pass every oracle. Inputs under another implementation's folder
(`http.client/`) record its known defects (fuzz/FINDINGS.md): they must still produce
a finding on the Python they were found with, and are skipped where the defect is
fixed.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import List

import pytest
from httpcts.fuzz import targets
from httpcts.fuzz.corpus import REGRESSIONS


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
    impl = importlib.import_module(impl_name)
    try:
        module.test_one_input(data, impl)
    except Exception:
        return  # the known defect is still there, as FINDINGS.md records
    pytest.skip(f"{impl_name} no longer shows this defect on this Python")
