"""What every target file shares when run as a libFuzzer executable.

Strategy: a target file imports nothing of the code under test at module level, so
`fuzz_main` can import the implementation inside `atheris.instrument_imports()` and
libFuzzer gets coverage of it. Two modes: stand-alone (OSS-Fuzz, ClusterFuzzLite,
`python target.py`), where a finding is an uncaught exception and stops the run as
libFuzzer expects; and campaign mode (`httpcts fuzz run` sets HTTPCTS_FUZZ_FINDINGS),
where each distinct finding is saved once, deduplicated by its signature, and the
campaign goes on.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
import types
from pathlib import Path
from typing import Callable, Optional

TargetFunction = Callable[[bytes, Optional[types.ModuleType]], None]

IMPL_ENV = "HTTPCTS_FUZZ_IMPL"
FINDINGS_ENV = "HTTPCTS_FUZZ_FINDINGS"
DEFAULT_IMPL = "httpcts.reference"


def load_impl(name: Optional[str] = None) -> types.ModuleType:
    """The implementation module under test: `name`, else $HTTPCTS_FUZZ_IMPL, else the reference."""
    return importlib.import_module(name or os.environ.get(IMPL_ENV) or DEFAULT_IMPL)


class Recorder:
    """Saves the first input of each distinct finding under `folder`; never raises."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.seen: set = set()

    def record(self, data: bytes, exc: BaseException) -> Path:
        from .oracles import signature

        sig = signature(exc)
        digest = hashlib.sha1(repr(sig).encode()).hexdigest()[:16]
        path = self.folder / f"finding-{digest}"
        if digest not in self.seen:
            self.seen.add(digest)
            if not path.exists():
                path.write_bytes(data)
                meta = {"kind": sig[0], "exception": sig[1], "top_frame": sig[2], "message": str(exc)[:500]}
                path.with_suffix(".json").write_text(json.dumps(meta) + "\n")
        return path


def fuzz_main(test_one_input: TargetFunction, argv: Optional[list] = None) -> None:
    """Run `test_one_input` under atheris/libFuzzer with the instrumented implementation."""
    import atheris

    name = os.environ.get(IMPL_ENV) or DEFAULT_IMPL
    # the code under test only: instrumenting the oracles would slow every input down.
    # http.client parses header blocks with the email package: that is code under test.
    include = sorted({"httpcts.reference", name} | ({"email"} if name == "http.client" else set()))
    with atheris.instrument_imports(include=include):
        impl = load_impl(name)
        importlib.import_module("httpcts.reference")
    folder = os.environ.get(FINDINGS_ENV)
    recorder = Recorder(Path(folder)) if folder else None

    def one_input(data: bytes) -> None:
        try:
            test_one_input(data, impl)
        except Exception as exc:
            if recorder is None:
                print(f"finding on input {data!r}", file=sys.stderr)
                raise
            recorder.record(data, exc)

    atheris.Setup(list(sys.argv if argv is None else argv), one_input)
    atheris.Fuzz()
