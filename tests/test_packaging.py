"""The distribution: four top-level folders installed as httpcts.* subpackages.

A wheel is built from the working tree (no network: the installed setuptools) and
its file list checked, so a subpackage or data file that pyproject.toml forgets
fails here rather than for users.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"reference": "httpcts/reference", "servers": "httpcts/servers",
           "conformance": "httpcts/conformance", "fuzz": "httpcts/fuzz"}


def _expected_files() -> list[str]:
    expected = []
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                expected.append(f"{package}/{path.relative_to(ROOT / folder).as_posix()}")
    expected += ["httpcts/conformance/spec/httplib-2.6.5.rst", "httpcts/reference/BEHAVIOUR.md",
                 "httpcts/reference/py.typed"]
    for data in ("conformance/templates", "fuzz/dictionaries", "fuzz/regressions"):
        expected += [f"httpcts/{p.relative_to(ROOT).as_posix()}" for p in sorted((ROOT / data).rglob("*"))
                     if p.is_file() and "__pycache__" not in p.parts]
    return expected


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, timeout=120, cwd=build, capture_output=True,
    )
    (wheel,) = out.glob("httpcts-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_every_module_and_data_file_is_in_the_wheel(wheel_names: set[str]) -> None:
    missing = [name for name in _expected_files() if name not in wheel_names]
    assert not missing, f"not packaged (add to pyproject.toml): {missing}"


def test_nothing_installs_outside_the_httpcts_namespace(wheel_names: set[str]) -> None:
    stray = sorted(n for n in wheel_names if not n.startswith(("httpcts/", "httpcts-")))
    assert not stray, stray
