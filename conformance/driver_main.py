"""The client-program interpreter, shared by the in-process and out-of-process drivers.

Strategy: this file is stdlib-only and written in the common subset of Python 2.7
and 3.6+ (no f-strings, no annotations, no keyword-only arguments), so the very
same code runs a case against `httpcts.reference` in the harness and against
CPython 2.7's real `httplib` in a subprocess.  A client program is JSON data: a
target (host, port, CA file) and a list of operations on the implementation's API
(construct, request, putrequest, putheader, endheaders, send, getresponse, read,
getheader, getheaders, attributes, close).  Running it returns an observation: a
flat JSON-able dict (status, reason, version, body as Latin-1 text, the exception
raised with the names of its class hierarchy, ...).

Exceptions are compared by name: `mro` lists the class names of the exception's
MRO, plus normalised aliases (``Timeout`` for any socket timeout, ``OSError`` and
``ConnectionError`` for Python 2's socket.error family), so eventlet's or
future's classes match by name too.

Deadlines: every program runs in a worker thread watched by a watchdog; a program
still running at its deadline yields ``{"raises": "Hang"}`` (a client that loops
forever is an observation, not a harness failure), and its sockets are shut down.

Out of process: ``python driver_main.py MODULE`` reads one JSON request per line on
stdin (``{"id": N, "program": {...}}``) and answers ``{"id": N, "obs": {...}}``.
The first line it writes is a hello with the interpreter version.
"""


import errno
import importlib
import io
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback

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


class Program(object):
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

    def make_context(self, kind):
        import ssl

        if kind is None:
            return None
        if not hasattr(ssl, "create_default_context"):
            raise Unsupported("ssl.create_default_context")
        ca = self.target.get("ca")
        if kind == "noverify":
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            ctx = ssl.create_default_context(cafile=ca)
        if kind == "verify-client-cert":
            cert, key = self.target["client_cert"]
            ctx.load_cert_chain(cert, key)
        return ctx

    def op_connection(self, op):
        cls_name = op.get("cls", "HTTPConnection")
        cls = self.attribute(self.module, cls_name, cls_name)
        args = [self.subst(a) for a in op.get("args", ["$host", "$port"])]
        kwargs = dict((native(k), self.subst(v)) for k, v in (op.get("kwargs") or {}).items())
        if op.get("client_cert_files"):
            cert, key = self.target["client_cert"]
            kwargs["cert_file"], kwargs["key_file"] = native(cert), native(key)
        capability = op.get("capability") or ("%s(%s)" % (cls_name, ", ".join(sorted(kwargs))) if kwargs else None)
        if op.get("context"):
            # "context_optional": an API without the context keyword (2.6 style) is
            # called without it rather than reported unsupported
            try:
                obj = self.call(cls, args, dict(kwargs, context=self.make_context(op["context"])), "context")
            except Unsupported:
                if not op.get("context_optional"):
                    raise
                obj = self.call(cls, args, kwargs, capability)
        else:
            obj = self.call(cls, args, kwargs, capability)
        self.objects[op.get("as", "conn")] = obj
        for attr in op.get("record", []):
            self.obs["%s.%s" % (op.get("as", "conn"), attr)] = jsonable(getattr(obj, attr, "<missing>"))

    def body_value(self, body):
        if isinstance(body, dict):
            if "file" in body:
                fd, path = tempfile.mkstemp(prefix="httpcts-body-")
                os.write(fd, to_bytes(body["file"]))
                os.close(fd)
                self.tempfiles.append(path)
                fobj = open(path, "rb")
                self.objects["_file%d" % len(self.tempfiles)] = fobj
                return fobj
            if "text" in body:
                return body["text"] if not PY2 else body["text"].encode("latin-1")
        return to_bytes(body)

    def op_request(self, op):
        conn = self.get(op.get("on", "conn"))
        args = [native(op.get("method", "GET")), self.subst(op.get("url", "/"))]
        kwargs = {}
        if "body" in op:
            kwargs["body"] = self.body_value(op["body"])
        if "headers" in op:
            kwargs["headers"] = dict((native(k), self.subst(v)) for k, v in op["headers"])
        self.call(conn.request, args, kwargs, op.get("capability"))

    def op_putrequest(self, op):
        conn = self.get(op.get("on", "conn"))
        args = [native(op.get("method", "GET")), self.subst(op.get("url", "/"))]
        kwargs = {}
        for flag in ("skip_host", "skip_accept_encoding"):
            if flag in op:
                kwargs[flag] = op[flag]
        self.call(conn.putrequest, args, kwargs, op.get("capability") or ("putrequest(%s)" % ", ".join(sorted(kwargs)) if kwargs else None))

    def op_putheader(self, op):
        conn = self.get(op.get("on", "conn"))
        values = [self.subst(v) for v in op.get("values", [])]
        self.call(conn.putheader, [native(op["name"])] + values, {}, op.get("capability"))

    def op_endheaders(self, op):
        self.get(op.get("on", "conn")).endheaders()

    def op_send(self, op):
        self.get(op.get("on", "conn")).send(to_bytes(op["data"]))

    def op_connect(self, op):
        self.get(op.get("on", "conn")).connect()

    def op_set_tunnel(self, op):
        conn = self.get(op.get("on", "conn"))
        method = getattr(conn, "set_tunnel", None) or getattr(conn, "_set_tunnel", None)
        if method is None:
            raise Unsupported("set_tunnel")
        args = [self.subst(op.get("host", "tunnel.example")), op.get("port")]
        if "headers" in op:
            args.append(dict((native(k), native(v)) for k, v in op["headers"]))
        self.call(method, args, {}, "set_tunnel")

    def op_set_debuglevel(self, op):
        self.get(op.get("on", "conn")).set_debuglevel(op.get("level", 1))

    def op_capture(self, op):
        if op.get("stop"):
            self.stop_capture()
        else:
            self.start_capture()

    def op_getresponse(self, op):
        conn = self.get(op.get("on", "conn"))
        resp = conn.getresponse()
        name = op.get("as", "resp")
        self.objects[name] = resp
        prefix = op.get("prefix", "")
        for attr in op.get("record", ["status", "reason", "version"]):
            self.obs[prefix + attr] = jsonable(getattr(resp, attr, "<missing>"))
        if op.get("isinstance"):
            self.obs[prefix + "is_HTTPResponse"] = isinstance(resp, self.module.HTTPResponse)

    def op_read(self, op):
        resp = self.get(op.get("on", "resp"))
        key = op.get("key", "body")
        amt = op.get("amt")
        if op.get("all"):
            pieces = []
            while True:
                data = resp.read(amt)
                pieces.append(jsonable(data))
                if not data or len(pieces) > op.get("max_reads", 64):
                    break
            self.obs[key] = "".join(pieces)
            if op.get("pieces_key"):
                self.obs[op["pieces_key"]] = pieces
            return
        data = resp.read() if amt is None else resp.read(amt)
        if op.get("length_only"):
            self.obs[key] = len(data)
            return
        previous = self.obs.get(key) if op.get("append") else None
        self.obs[key] = (previous or "") + jsonable(data)

    def op_getheader(self, op):
        resp = self.get(op.get("on", "resp"))
        args = [native(op["name"])]
        if "default" in op:
            args.append(op["default"])
        self.record(op, resp.getheader(*args))

    def op_getheaders(self, op):
        resp = self.get(op.get("on", "resp"))
        pairs = [[jsonable(k), jsonable(v)] for k, v in resp.getheaders()]
        if op.get("lower"):
            pairs = [[k.lower(), v] for k, v in pairs]
        self.record(op, pairs)

    def op_attr(self, op):
        obj = self.get(op.get("of", "resp"))
        for part in op["name"].split("."):
            if op.get("require"):
                obj = self.attribute(obj, part)
            else:
                obj = getattr(obj, part, "<missing>")
        if op.get("call"):
            obj = obj(*[native(a) for a in op.get("args", [])])
        if op.get("type"):
            self.record(op, type(obj).__name__)
        elif op.get("int"):
            self.record(op, int(obj))
        else:
            self.record(op, obj)

    def op_msg_header(self, op):
        """``resp.msg[name]`` style lookups on the documented header object."""
        msg = self.get(op.get("on", "resp")).msg
        name = native(op["name"])
        getheaders = getattr(msg, "get_all", None) or getattr(msg, "getheaders", None)
        if op.get("all"):
            self.record(op, getheaders(name) if getheaders else None)
        else:
            self.record(op, msg.get(name) if hasattr(msg, "get") else msg.getheader(name))

    def op_mro(self, op):
        cls = getattr(self.module, op["name"], None)
        if cls is None:
            self.record(op, None)
            return
        import inspect

        self.record(op, [c.__name__ for c in inspect.getmro(cls)])  # old-style classes too

    def op_responses_get(self, op):
        self.record(op, self.module.responses.get(op["code"]))

    def op_isclosed(self, op):
        self.record(op, self.get(op.get("on", "resp")).isclosed())

    def op_close(self, op):
        self.get(op.get("on", "conn")).close()

    def op_setattr(self, op):
        setattr(self.get(op.get("on", "conn")), op["name"], op["value"])

    def op_sleep(self, op):
        time.sleep(op["seconds"])

    def op_getreply(self, op):
        conn = self.get(op.get("on", "conn"))
        status, reason, msg = conn.getreply()
        self.obs.update(status=jsonable(status), reason=jsonable(reason), msg_none=msg is None)

    def op_getfile(self, op):
        fobj = self.get(op.get("on", "conn")).getfile()
        self.objects["file"] = fobj
        if fobj is not None:
            self.obs[op.get("key", "body")] = jsonable(fobj.read())

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


# What makes a module httplib-style: without these it is refused before any case runs.
REQUIRED_NAMES = ("HTTPConnection", "HTTPResponse", "HTTPException")
CONNECTION_ROLES = ("HTTPConnection", "HTTPSConnection")


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
    hello = {"hello": {"python": sys.version.split()[0], "executable": sys.executable, "module": module_name}}
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
