"""What a client program observes, as JSON: values, exceptions, captured output.

Strategy: stdlib-only, in the common subset of Python 2.7 and 3.6+ (no f-strings,
no annotations), because it runs inside the interpreters httpcts certifies (the
out-of-process driver) and inside the stand-alone reproducer.  Exceptions are
compared by name: `exception_names` lists the class names of the exception's
MRO, plus normalised aliases (``Timeout`` for any socket timeout, ``OSError`` and
``ConnectionError`` for Python 2's socket.error family), so eventlet's or
future's classes match by name too.
"""

import errno
import socket
import sys
import threading

PY2 = sys.version_info[0] == 2
if PY2:  # pragma: no cover - exercised under Python 2.7 only
    text_type = unicode  # noqa: F821
    binary_type = str
else:
    text_type = str
    binary_type = bytes

MAX_TEXT = 1 << 16  # longest observed string kept (bodies are cut with a note)
_CONN_ERRNOS = (errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED, errno.ECONNREFUSED)


class Unsupported(Exception):
    """The implementation lacks the API an operation needs (verdict UNSUPPORTED)."""


def to_bytes(value):
    """JSON text (Latin-1 code points) -> the bytes the implementation gets."""
    if value is None or isinstance(value, binary_type):
        return value
    return value.encode("latin-1")


def native(value):
    """JSON text -> the native str type (bytes in 2.7, str in 3)."""
    if PY2 and isinstance(value, text_type):
        return value.encode("latin-1")
    return value


def jsonable(value):
    """Any observed value -> JSON (bytes as Latin-1 text, unknown objects by type name)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) or (PY2 and isinstance(value, long)):  # noqa: F821
        return int(value)
    if isinstance(value, float):
        return value
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("latin-1")
    if isinstance(value, text_type):
        if len(value) > MAX_TEXT:
            return value[:MAX_TEXT] + "...(%d chars)" % len(value)
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return dict((jsonable(k), jsonable(v)) for k, v in value.items())
    return "<%s>" % type(value).__name__


def exception_names(exc):
    """The names of the exception's class hierarchy, with normalised aliases."""
    names = []
    for cls in type(exc).__mro__:
        if cls.__name__ not in names:
            names.append(cls.__name__)
    timeout_cls = getattr(socket, "timeout", None)
    if timeout_cls is not None and isinstance(exc, timeout_cls):
        names.append("Timeout")
    if isinstance(exc, EnvironmentError):
        names.append("OSError")
        if getattr(exc, "errno", None) in _CONN_ERRNOS:
            names.append("ConnectionError")
        if getattr(exc, "errno", None) == errno.ECONNRESET:
            names.append("ConnectionResetError")
    if type(exc).__name__ == "timeout" or "Timeout" in type(exc).__name__:
        names.append("Timeout")
    out = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def describe_exception(exc):
    try:
        message = text_type(exc) if not PY2 else repr(exc)
    except Exception:  # pragma: no cover - a broken __str__
        message = "<unprintable>"
    return {"raises": type(exc).__name__, "mro": exception_names(exc), "message": message[:300]}


class _ThreadStdout(object):
    """sys.stdout replacement sending a capturing thread's output to its own buffer.

    Programs run concurrently (in-process drivers use threads), so capturing must
    not swap sys.stdout back and forth; once installed this stays and forwards
    every other thread's output to the stream it replaced.
    """

    _lock = threading.Lock()

    def __init__(self, base):
        self.base = base
        self.local = threading.local()

    @classmethod
    def install(cls):
        with cls._lock:
            if not isinstance(sys.stdout, cls):
                sys.stdout = cls(sys.stdout)
            return sys.stdout

    def _target(self):
        return getattr(self.local, "buf", None) or self.base

    def write(self, text):
        return self._target().write(text)

    def flush(self):
        return self._target().flush()

    def __getattr__(self, name):
        return getattr(self.base, name)
