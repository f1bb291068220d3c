"""The ClusterFuzzLite/OSS-Fuzz build script, run in a base-builder-python layout.

Strategy: the base image's tools are stubbed (pip3 does nothing since the package is
already installed; compile_python_fuzzer copies the entry point instead of running
PyInstaller), $SRC/$OUT/$WORK are temporary folders, and the real build.sh runs. The
test checks what OSS-Fuzz looks for in $OUT and runs one built entry point under
atheris in stand-alone mode.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from httpcts.fuzz import targets

ROOT = Path(__file__).resolve().parents[2]


def _tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_build_script_fills_out_in_the_oss_fuzz_layout(tmp_path: Path) -> None:
    if shutil.which("zip") is None:
        pytest.skip("zip is not installed")
    src, out, work, tools = (tmp_path / n for n in ("src", "out", "work", "bin"))
    for folder in (src, out, work, tools):
        folder.mkdir()
    (src / "httpcts").symlink_to(ROOT)
    _tool(tools, "pip3", "exit 0")
    _tool(tools, "compile_python_fuzzer", 'cp "$1" "$OUT/$(basename "$1" .py)"; chmod +x "$OUT/$(basename "$1" .py)"')
    env = dict(os.environ, SRC=str(src), OUT=str(out), WORK=str(work), PYTHON=sys.executable,
               PATH=f"{tools}{os.pathsep}{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(["bash", str(ROOT / ".clusterfuzzlite" / "build.sh")], env=env, check=True,
                   capture_output=True, timeout=60)
    for name in targets.NAMES:
        fuzzer = out / f"fuzz_{name}"
        assert fuzzer.is_file()
        assert "dict = " in (out / f"fuzz_{name}.options").read_text()
        assert (out / f"fuzz_{name}.dict").stat().st_size > 100
        with zipfile.ZipFile(out / f"fuzz_{name}_seed_corpus.zip") as seeds:
            assert seeds.namelist()
    if shutil.which("python3") and _has_atheris():
        result = subprocess.run(
            [sys.executable, str(src / "fuzz_response.py"), "-runs=200", "-max_len=2048"],
            env=env, capture_output=True, timeout=60, text=True,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Done 200 runs" in result.stderr


def _has_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True
