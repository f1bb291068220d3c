"""Drivers: where a client program runs (this interpreter, or another one), and discovery.

Strategy: both drivers execute the same interpreter (`driver_main.run_program`).
In process, it is imported and called directly (threads give parallelism, each case
has its own server).  Out of process, one long-lived ``python driver_main.py TARGET``
per job slot answers JSON lines: under another interpreter (``--python``), or under
this one, isolated (``--isolate``: a worker per slot under a memory cap, the default
for modules not in `KNOWN_IN_PROCESS`).  A worker that hangs, runs out of memory or
dies is killed and restarted, and the case gets an observation saying so (the
watchdog grades it).  A target is ``module`` or ``module:Class``; names it lacks come
from a base module (`driver_main.load_target`).  Discovery finds interpreters in
PATH and under ``pyenv root`` without ever hard-coding a path.
"""

from __future__ import annotations

import contextlib
import glob
import importlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import driver_main

DRIVER_FILE = os.path.abspath(driver_main.__file__.replace(".pyc", ".py"))
# Slack the harness adds to a program's own deadline before declaring the driver dead.
DRIVER_SLACK = 6.0
STARTUP_TIMEOUT = 20.0

DEFAULT_MAX_MEMORY = 1 << 30  # per isolated worker
# Observations after which an isolated worker is not reused: its thread may still run.
_POISONED = ("Hang", "MemoryError")

# Implementations known to offer the httplib API; they run in process by default.
KNOWN_IN_PROCESS = (
    "httpcts.reference",
    "http.client",
    "eventlet.green.http.client",
    "geventhttpclient.httplib",
    "future.backports.http.client",
)


class DriverError(RuntimeError):
    """The harness could not run a program (not the implementation's fault)."""


@dataclass
class Implementation:
    """One thing to certify: a target in this interpreter (python None) or another.

    ``isolate``: run this interpreter's target in worker processes capped at
    ``max_memory`` bytes; ``base``: where names the target lacks come from.
    """

    name: str
    module: str
    python: Optional[str] = None
    python_version: str = ""
    info: Dict[str, Any] = field(default_factory=dict)
    base: Optional[str] = None
    isolate: bool = False
    max_memory: int = DEFAULT_MAX_MEMORY
    from_base: List[str] = field(default_factory=list)

    @property
    def in_process(self) -> bool:
        return self.python is None and not self.isolate


def load_module(impl: Implementation) -> Any:
    try:
        module, from_base = driver_main.load_target(impl.module, impl.base)
    except driver_main.TargetError as exc:
        raise DriverError(str(exc)) from None
    impl.from_base = from_base
    return module


class InProcessDriver:
    """Runs programs in this interpreter, in the calling thread (plus a watchdog)."""

    def __init__(self, impl: Implementation) -> None:
        self.impl = impl
        self.module = load_module(impl)

    def run(self, program: Dict[str, Any]) -> Dict[str, Any]:
        return driver_main.run_program(self.module, program)

    def close(self, grace: float = 0.0) -> None:
        pass


class _Process:
    """One ``driver_main.py`` subprocess and a thread that reads its answers."""

    def __init__(self, python: str, module: str, base: Optional[str] = None,
                 max_memory: int = 0) -> None:
        self.proc = subprocess.Popen(
            [python, "-u", DRIVER_FILE, module, base or "-", str(max_memory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8"),
        )
        self.answers: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True, name="httpcts-driver-reader")
        self.reader.start()
        hello = self.wait(STARTUP_TIMEOUT)
        if hello is None or "hello" not in hello:
            self.kill()
            raise DriverError(f"{python} {DRIVER_FILE} {module}: no hello within "
                              f"{STARTUP_TIMEOUT} s")
        if "error" in hello:
            self.kill()
            raise DriverError(f"{python}: {hello['error']}")
        self.hello = hello["hello"]

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self.answers.put(json.loads(line))
            except ValueError:
                continue
        self.answers.put(None)

    def wait(self, timeout: float) -> Optional[Dict[str, Any]]:
        try:
            return self.answers.get(timeout=timeout)  # type: ignore[no-any-return]
        except queue.Empty:
            return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


class SubprocessDriver:
    """A pool of driver processes for one interpreter and module (one per job slot)."""

    def __init__(self, impl: Implementation) -> None:
        self.impl = impl
        self._free: queue.LifoQueue = queue.LifoQueue()
        self._all: List[_Process] = []
        self._lock = threading.Lock()
        self._counter = 0
        first = self._spawn()  # fail early: a usage error, not a per-case ERROR
        self.hello = first.hello
        impl.from_base = list(first.hello.get("from_base") or [])
        self._free.put(first)

    def _spawn(self) -> _Process:
        impl = self.impl
        process = _Process(impl.python or sys.executable, impl.module, impl.base,
                           impl.max_memory if impl.isolate else 0)
        with self._lock:
            self._all.append(process)
        return process

    def run(self, program: Dict[str, Any]) -> Dict[str, Any]:
        try:
            process = self._free.get_nowait()
        except queue.Empty:
            try:
                process = self._spawn()
            except DriverError as exc:
                return {"error": str(exc)}
        with self._lock:
            self._counter += 1
            request_id = self._counter
        limit = float(program.get("deadline", 10.0)) + DRIVER_SLACK
        try:
            assert process.proc.stdin is not None
            request = {"id": request_id, "program": program}
            process.proc.stdin.write((json.dumps(request) + "\n").encode())
            process.proc.stdin.flush()
            answer = process.wait(limit)
        except OSError as exc:
            answer = None
            reason = f"driver pipe failed: {exc!r}"
        else:
            reason = f"driver gave no answer within {limit:.1f} s (killed and restarted)"
        if answer is None and process.proc.poll() is None:
            process.kill()
            return {"raises": "Hang", "mro": ["Hang"], "message": reason}
        if answer is None:
            process.kill()
            cap = f" (memory cap {self.impl.max_memory} bytes)" if self.impl.isolate else ""
            return {"raises": "WorkerDied", "mro": ["WorkerDied"],
                    "message": f"the worker exited with status {process.proc.returncode} "
                               f"while running the case{cap}"}
        if answer.get("id") != request_id:
            process.kill()
            return {"error": f"driver answered out of order: {answer!r:.200}"}
        obs: Dict[str, Any] = answer["obs"]
        if obs.get("raises") in _POISONED:
            process.kill()  # its stuck thread or its heap would weigh on the next case
        else:
            self._free.put(process)
        return obs

    def close(self, grace: float = 2.0) -> None:
        """End every worker: EOF on stdin, ``grace`` seconds for all of them, then kill."""
        with self._lock:
            processes = list(self._all)
        for process in processes:
            if process.proc.poll() is None and process.proc.stdin is not None:
                with contextlib.suppress(OSError):
                    process.proc.stdin.close()
        deadline = time.monotonic() + grace
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            process.kill()


def make_driver(impl: Implementation) -> Any:
    return InProcessDriver(impl) if impl.in_process else SubprocessDriver(impl)


def isolated_by_default(target: str) -> bool:
    """Unknown code runs in capped workers; the known implementations stay fast."""
    return target not in KNOWN_IN_PROCESS


# -- discovery ---------------------------------------------------------------------

_PROBE = (
    "import sys, platform; "
    "print('%s %s' % (platform.python_implementation(), sys.version.split()[0]))"
)


def probe_python(python: str) -> Optional[Dict[str, str]]:
    """{'implementation', 'version', 'module'} of an interpreter, or None if unusable."""
    try:
        out = subprocess.run(
            [python, "-c", _PROBE], capture_output=True, timeout=15, check=True, text=True
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    if len(out) != 2:
        return None
    flavour, version = out
    major = version.split(".")[0]
    return {
        "implementation": flavour,
        "version": version,
        "module": "httplib" if major == "2" else "http.client",
    }


def candidate_pythons() -> List[str]:
    """Interpreter paths from PATH and pyenv (no hard-coded locations)."""
    names = ["python2.7", "python2", "pypy3", "pypy"]
    names += [f"python3.{minor}" for minor in range(6, 15)]
    found: List[str] = []
    for name in names:
        path = shutil.which(name)
        if path:
            found.append(path)
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            root = subprocess.run(
                [pyenv, "root"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        if root:
            for path in sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python"))):
                found.append(path)
            for path in sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "pypy3"))):
                found.append(path)
    return found


def discover_interpreters() -> List[Implementation]:
    """One implementation per distinct (flavour, version) found, other than this one."""
    seen = {("CPython" if sys.implementation.name == "cpython" else sys.implementation.name,
             sys.version.split()[0])}
    out: List[Implementation] = []
    real_seen = {os.path.realpath(sys.executable)}
    for path in candidate_pythons():
        real = os.path.realpath(path)
        if real in real_seen or "shims" in real.split(os.sep):
            continue
        real_seen.add(real)
        info = probe_python(path)
        if info is None:
            continue
        key = (info["implementation"], info["version"])
        if key in seen:
            continue
        seen.add(key)
        out.append(out_of_process(path, info))
    out.sort(key=lambda impl: _version_key(impl.python_version))
    return out


def _version_key(version: str) -> tuple:
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def out_of_process(python: str, info: Optional[Dict[str, str]] = None,
                   module: Optional[str] = None, base: Optional[str] = None) -> Implementation:
    info = info or probe_python(python)
    if info is None:
        raise DriverError(f"--python {python!r} is not a working Python interpreter")
    module = module or info["module"]
    label = f"{info['implementation']} {info['version']}"
    return Implementation(
        name=f"{module} ({label})", module=module, python=python,
        python_version=info["version"], info=info, base=base or driver_main.KNOWN_BASES.get(module),
    )


def in_process(module: str, *, base: Optional[str] = None, isolate: Optional[bool] = None,
               max_memory: int = DEFAULT_MAX_MEMORY) -> Implementation:
    """A target in this interpreter: in process, or isolated in capped workers."""
    version = sys.version.split()[0]
    flavour = "CPython" if sys.implementation.name == "cpython" else sys.implementation.name
    isolate = isolated_by_default(module) if isolate is None else isolate
    where = "isolated" if isolate else "in-process"
    return Implementation(name=f"{module} ({flavour} {version}, {where})", module=module,
                          python_version=version, base=base or driver_main.KNOWN_BASES.get(module),
                          isolate=isolate, max_memory=max_memory)


def importable(module: str) -> bool:
    try:
        importlib.import_module(module.partition(":")[0])
    except Exception:  # noqa: BLE001 - anything that stops the import means "not here"
        return False
    return True
