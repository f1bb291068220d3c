"""The out-of-process driver: ``python driver_main.py MODULE`` under the interpreter to certify.

Strategy: stdlib-only, Python 2.7 + 3.6+: it runs inside the interpreters httpcts
certifies, straight from the installed package folder (the folder is on sys.path
while its sibling modules load, then taken off so nothing here shadows what the
implementation imports).  It reads one JSON request per line on stdin
(``{"id": N, "program": {...}}``) and answers ``{"id": N, "obs": {...}}``; the
first line it writes is a hello with the interpreter version.  The program
interpreter itself is `_program` (with `_ops` and `_observe`).
"""

import importlib
import json
import os
import signal
import sys

try:
    from . import _program
except (ImportError, ValueError):  # run as a script (driver_main.py); Python 2.7 raises ValueError
    import _program  # type: ignore[no-redef]
run_program, PY2 = _program.run_program, _program.PY2

_HERE = os.path.dirname(os.path.abspath(__file__))
if __name__ == "__main__" and sys.path and os.path.abspath(sys.path[0] or ".") == _HERE:
    del sys.path[0]  # the package folder: its modules must not shadow the implementation's imports

__all__ = ["TargetError", "load_target", "run_program", "serve_stdio"]


# What makes a module httplib-style: without these it is refused before any case runs.
REQUIRED_NAMES = ("HTTPConnection", "HTTPResponse", "HTTPException")
CONNECTION_ROLES = ("HTTPConnection", "HTTPSConnection")
# Targets whose own module lacks documented names, and the base that supplies them.
KNOWN_BASES = {"geventhttpclient.httplib": "http.client"}


class TargetError(Exception):
    """The named target cannot be certified (not importable, not httplib-style)."""


class Target(object):
    """A target's names: its own, then every other one from the base module."""

    def __init__(self, name, names):
        self.__name__ = name
        self.__dict__.update(names)


def _public(module):
    return dict((n, getattr(module, n)) for n in dir(module) if not n.startswith("__"))


def load_target(spec, base=None):
    """``module`` or ``module:Conn[,HTTPSConn]`` -> (namespace, names taken from ``base``).

    A class target is used as HTTPConnection (and HTTPSConnection); every other name
    comes from ``base`` (default: this interpreter's httplib / http.client).  A module
    target takes names from a base only when one is named.
    """
    module_name, _, classes = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise TargetError("cannot import %s: %r" % (module_name, exc))
    if classes:
        own = {}
        for role, attr in zip(CONNECTION_ROLES, classes.split(",")):
            cls = getattr(module, attr.strip(), None)
            methods = ("request", "getresponse")
            if not isinstance(cls, type) or not all(hasattr(cls, m) for m in methods):
                raise TargetError("%s: %s is not an HTTPConnection-style class (a class with "
                                  "request() and getresponse())" % (spec, attr.strip()))
            own[role] = cls
        base = base or ("httplib" if PY2 else "http.client")
    else:
        own = _public(module)
        missing = [n for n in (REQUIRED_NAMES[:1] if base else REQUIRED_NAMES) if n not in own]
        if missing:
            raise TargetError("%s is not an httplib-style implementation: it has no %s"
                              % (spec, ", ".join(n for n in REQUIRED_NAMES if n not in own)))
        if not base:
            return module, []
    try:
        names = _public(importlib.import_module(base))
    except Exception as exc:
        raise TargetError("cannot import the base module %s: %r" % (base, exc))
    from_base = sorted(n for n in names if n not in own and not n.startswith("_"))
    names.update(own)
    return Target(spec, names), from_base


def limit_memory(max_bytes):
    """Cap this process's address space (an isolated worker); no-op where unsupported."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def serve_stdio(module_name, base=None, max_memory=0):
    """The out-of-process loop: JSON lines in, JSON lines out."""
    out = sys.stdout
    sys.stdout = sys.stderr  # stray prints of the implementation must not break the protocol
    # Ctrl-C in a terminal reaches the whole process group: the harness decides when
    # its workers stop (it closes their stdin or kills them), so they ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    hello = {"hello": {"python": sys.version.split()[0], "executable": sys.executable,
                       "module": module_name}}
    try:
        module, hello["hello"]["from_base"] = load_target(module_name, base)
    except TargetError as exc:
        hello["error"] = str(exc)
        module = None
    if max_memory:
        limit_memory(max_memory)
    out.write(json.dumps(hello) + "\n")
    out.flush()
    if module is None:
        return 3
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        sys.stdout = sys.stderr
        obs = run_program(module, request["program"])
        out.write(json.dumps({"id": request.get("id"), "obs": obs}) + "\n")
        out.flush()


if __name__ == "__main__":
    # driver_main.py TARGET [BASE|-] [MAX_MEMORY_BYTES]
    argv = sys.argv[1:] + ["-", "0"]
    sys.exit(serve_stdio(argv[0], None if argv[1] == "-" else argv[1], int(argv[2])))
