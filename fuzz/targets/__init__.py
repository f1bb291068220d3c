"""The fuzz targets: one module per target, each callable in-process.

Strategy: this table is the only place that knows the targets; the CLI, the tests,
the ClusterFuzzLite build and the benchmark all iterate it. Every target module has
`test_one_input(data, impl=None)` (raises on a finding) and no entry point of its
own: one launcher runs any of them under atheris
(`python -m httpcts.fuzz status_line -max_total_time=60`, see `_runtime.launch`).
"""

from __future__ import annotations

import importlib
import types
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent

NAMES: List[str] = ["status_line", "headers", "chunked", "response", "request", "differential"]


def load(name: str) -> types.ModuleType:
    """The target module `name`; KeyError names the known targets."""
    if name not in NAMES:
        raise KeyError(f"unknown fuzz target {name!r}; known: {', '.join(NAMES)}")
    return importlib.import_module(f"{__name__}.{name}")


def path(name: str) -> Path:
    """The source file of target `name`."""
    load(name)
    return HERE / f"{name}.py"


def describe() -> List[Dict[str, str]]:
    """name, file, the property (first docstring line) and the dictionary of each target."""
    out = []
    for name in NAMES:
        module = load(name)
        doc = (module.__doc__ or "").strip().splitlines()
        out.append({
            "name": name,
            "file": str(path(name)),
            "property": doc[0] if doc else "",
            "dictionary": getattr(module, "DICTIONARY", "response.dict"),
        })
    return out
