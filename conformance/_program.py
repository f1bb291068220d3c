"""Running one client program against one module, under a watchdog.

Strategy: stdlib-only, Python 2.7 + 3.6+ (see `_observe`), shared by the
in-process driver, the out-of-process driver (`driver_main`) and the stand-alone
reproducer.  A client program is JSON: a target (host, port, CA file) and a list
of operations (`_ops.Operations`).  Running it returns an observation: a flat
JSON-able dict (status, reason, version, body as Latin-1 text, the exception
raised with the names of its class hierarchy, ...).

Deadlines: every program runs in a worker thread watched by a watchdog; a program
still running at its deadline yields ``{"raises": "Hang"}`` (a client that loops
forever is an observation, not a harness failure), and its sockets are shut down.
"""

import io
import os
import socket
import sys
import threading
import time
import traceback

try:
    from . import _observe, _ops
except (ImportError, ValueError):  # run as a script (driver_main.py); Python 2.7 raises ValueError
    import _observe  # type: ignore[no-redef]
    import _ops  # type: ignore[no-redef]
PY2, Unsupported, _ThreadStdout = _observe.PY2, _observe.Unsupported, _observe._ThreadStdout
describe_exception, jsonable = _observe.describe_exception, _observe.jsonable
native, text_type = _observe.native, _observe.text_type
Operations = _ops.Operations


class Program(Operations):
    """One client program being run against one module."""

    def __init__(self, module, spec):
        self.module = module
        self.spec = spec
        self.target = spec.get("target") or {}
        self.obs = {}
        self.objects = {}
        self.sockets = []
        self.tempfiles = []
        self.captured = None

    # -- substitution ---------------------------------------------------------
    def subst(self, value):
        if isinstance(value, text_type) or isinstance(value, str):
            host = self.target.get("host", "127.0.0.1")
            port = self.target.get("port", 0)
            if value == "$port":
                return port
            bracketed = "[%s]" % host if ":" in host else host
            value = value.replace("$hostport", "%s:%s" % (bracketed, port))
            value = value.replace("$bracketed", bracketed).replace("$host", host)
            value = value.replace("$port", str(port))
            return native(value)
        if isinstance(value, list):
            return [self.subst(v) for v in value]
        if isinstance(value, dict):
            return dict((native(k), self.subst(v)) for k, v in value.items())
        return value

    # -- running --------------------------------------------------------------
    def run(self):
        ops = self.spec.get("ops", [])
        try:
            for index, op in enumerate(ops):
                try:
                    self.step(op)
                except Unsupported as exc:
                    self.obs["unsupported"] = text_type(exc)
                    return
                except Exception as exc:  # the implementation's behaviour, recorded
                    info = describe_exception(exc)
                    if op.get("catch"):
                        self.obs[op.get("key") or op["op"]] = info
                        continue
                    info["at"] = "%d:%s" % (index, op["op"])
                    self.obs.update(info)
                    return
        finally:
            self.cleanup()

    def cleanup(self):
        if self.captured is not None:
            self.stop_capture()
        for obj in list(self.objects.values()):
            close = getattr(obj, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    pass
            fp = getattr(obj, "fp", None)
            if fp is not None and hasattr(fp, "close"):
                try:
                    fp.close()
                except Exception:
                    pass
        for path in self.tempfiles:
            try:
                os.unlink(path)
            except OSError:
                pass

    def abort(self):
        """Called by the watchdog: unblock a stuck worker by shutting its sockets."""
        for obj in list(self.objects.values()):
            for holder in (obj, getattr(obj, "_conn", None)):
                sock = getattr(holder, "sock", None)
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except Exception:
                        pass

    def start_capture(self):
        self.captured = io.BytesIO() if PY2 else io.StringIO()
        _ThreadStdout.install().local.buf = self.captured

    def stop_capture(self):
        _ThreadStdout.install().local.buf = None
        buf, self.captured = self.captured, None
        self.obs["stdout"] = jsonable(buf.getvalue())

    # -- operations -----------------------------------------------------------
    def get(self, name):
        if name == "module":
            return self.module
        if name not in self.objects:
            raise KeyError("program error: no object named %r" % (name,))
        return self.objects[name]

    def record(self, op, value):
        key = op.get("key")
        if key:
            self.obs[key] = jsonable(value)

    def attribute(self, obj, name, capability=None):
        try:
            return getattr(obj, name)
        except AttributeError:
            raise Unsupported(capability or name)

    def call(self, func, args, kwargs, capability):
        """Call, turning a TypeError about the signature into Unsupported."""
        try:
            return func(*args, **kwargs)
        except TypeError as exc:
            text = text_type(exc)
            if capability and ("argument" in text or "positional" in text or "keyword" in text):
                raise Unsupported("%s (%s)" % (capability, text))
            raise

    def step(self, op):
        handler = getattr(self, "op_" + op["op"], None)
        if handler is None:
            raise KeyError("program error: unknown operation %r" % (op["op"],))
        handler(op)


def run_program(module, spec):
    """Run one client program; returns its observation (never raises).

    ``spec["deadline"]`` (seconds) bounds the whole program: a program still
    running then is reported as ``{"raises": "Hang"}``.
    """
    program = Program(module, spec)
    deadline = float(spec.get("deadline", 10.0))
    box = {}

    def work():
        try:
            program.run()
        except Exception:  # a program error (bad op), not the implementation's
            box["error"] = traceback.format_exc()[-2000:]

    started = time.time()
    worker = threading.Thread(target=work, name="httpcts-program")
    worker.daemon = True
    worker.start()
    worker.join(deadline)
    obs = dict(program.obs)
    if worker.is_alive():
        stack = thread_stack(worker)
        program.abort()
        worker.join(1.0)
        obs.update({"raises": "Hang", "mro": ["Hang"], "stack": stack,
                    "message": "still running after %.2f s" % deadline})
    if "error" in box:
        obs["harness_error"] = box["error"]
    obs["elapsed"] = round(time.time() - started, 4)
    return obs


def thread_stack(thread):
    """Where a stuck thread is, innermost call last (the evidence of a Hang)."""
    frame = sys._current_frames().get(thread.ident)
    if frame is None:
        return ""
    return "".join(traceback.format_stack(frame))[-4000:]
