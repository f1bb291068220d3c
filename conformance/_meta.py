"""The ``meta`` block of report.json: what a later comparison or merge needs to know.

Strategy: facts about the run, gathered once when it starts and finished when it
ends: the httpcts version, a fingerprint of the case set (ids and expectations, so
two reports are comparable exactly when their fingerprints are equal), the start
time in UTC, each implementation's version where it has one, the platform and the
command line.  A run stopped by Ctrl-C is marked ``incomplete``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import platform
import sys
from datetime import datetime, timezone
from importlib import metadata
from typing import Any, Dict, Iterable, List, Optional

from ._model import Case


def httpcts_version() -> str:
    try:
        return metadata.version("httpcts")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "unknown"


def case_fingerprint(cases: Iterable[Case]) -> str:
    """sha256 over the case ids and their expected outcomes, in id order."""
    rows = sorted((case.id, case.level, [o.to_json() for o in case.expect]) for case in cases)
    blob = json.dumps(rows, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()


def implementation_version(impl: Any) -> Dict[str, Any]:
    """``__version__``, the distribution's version and the interpreter's, where known."""
    out: Dict[str, Any] = {"python": impl.python_version}
    if impl.python is not None:  # another interpreter: its stdlib module has its version
        return out
    top = impl.module.partition(":")[0]
    try:
        module = importlib.import_module(top)
    except Exception:  # noqa: BLE001 - a version is a nicety, never a failure
        return out
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        out["module_version"] = version
    distributions = metadata.packages_distributions().get(top.split(".")[0], [])
    for dist in distributions[:1]:
        out["distribution"] = {"name": dist, "version": metadata.version(dist)}
    return out


def start_meta(argv: List[str], cases: List[Case], impls: Iterable[Any],
               profile: str = "all") -> Dict[str, Any]:
    """The run's meta block (keys as docs/report.md names them); each implementation's
    version goes into its own ``info`` (the report's ``implementations[i].info``)."""
    for impl in impls:
        impl.info["version"] = implementation_version(impl)
    return {
        "httpcts": httpcts_version(),
        "cases_fingerprint": case_fingerprint(cases),
        "case_count": len(cases),
        "profile": profile,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "harness_python": sys.version.split()[0],
        "argv": ["httpcts", "certify"] + list(argv),
        "incomplete": False,
    }


def finish_meta(meta: Dict[str, Any], elapsed: float, *, interrupted: bool,
                extra: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    done = dict(meta, elapsed_s=round(elapsed, 2), incomplete=interrupted)
    if interrupted:
        done["incomplete_reason"] = "interrupted (Ctrl-C): only the cases finished so far"
    done.update(extra or {})
    return done
