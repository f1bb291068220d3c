"""The operations a client program may use, one ``op_<name>`` method each.

Strategy: stdlib-only, Python 2.7 + 3.6+ (see `_observe`).  Each operation is a
call on the implementation's API named by the program's JSON (construct, request,
putrequest, putheader, endheaders, send, getresponse, read, getheader,
getheaders, attributes, close, ...); it records what it got in ``self.obs``.
`_program.Program` adds the running, substitution and bookkeeping these rely on.
_explain.py renders each operation as the Python line it amounts to: an operation
added here needs a renderer there.
"""

import os
import tempfile
import time

try:
    from . import _observe
except (ImportError, ValueError):  # run as a script (driver_main.py); Python 2.7 raises ValueError
    import _observe  # type: ignore[no-redef]
PY2, Unsupported = _observe.PY2, _observe.Unsupported
jsonable, native, to_bytes = _observe.jsonable, _observe.native, _observe.to_bytes


def _signature(name, kwargs):
    """The capability a call with keyword arguments needs (``putrequest(skip_host)``)."""
    return "%s(%s)" % (name, ", ".join(sorted(kwargs))) if kwargs else None


class Operations(object):
    """The ``op_*`` handlers (mixed into `_program.Program`)."""

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
        capability = op.get("capability") or _signature(cls_name, kwargs)
        if op.get("context"):
            # "context_optional": an API without the context keyword (2.6 style) is
            # called without it rather than reported unsupported
            try:
                context = self.make_context(op["context"])
                obj = self.call(cls, args, dict(kwargs, context=context), "context")
            except Unsupported:
                if not op.get("context_optional"):
                    raise
                obj = self.call(cls, args, kwargs, capability)
        else:
            obj = self.call(cls, args, kwargs, capability)
        self.objects[op.get("as", "conn")] = obj
        for attr in op.get("record", []):
            key = "%s.%s" % (op.get("as", "conn"), attr)
            self.obs[key] = jsonable(getattr(obj, attr, "<missing>"))

    def body_value(self, body):
        if isinstance(body, dict):
            if "file" in body:
                fd, path = tempfile.mkstemp(prefix="httpcts-body-")
                os.write(fd, to_bytes(body["file"]))
                os.close(fd)
                self.tempfiles.append(path)
                fobj = open(path, "rb")
                fobj.seek(body.get("seek", 0))  # a file body is read from where it stands
                self.objects["_file%d" % len(self.tempfiles)] = fobj
                return fobj
            if "pipe" in body:  # a file object whose length fstat cannot tell
                read_end, write_end = os.pipe()
                os.write(write_end, to_bytes(body["pipe"]))  # small: fits the pipe buffer
                os.close(write_end)
                fobj = os.fdopen(read_end, "rb")
                self.objects["_pipe%d" % read_end] = fobj
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
        capability = op.get("capability") or _signature("putrequest", kwargs)
        self.call(conn.putrequest, args, kwargs, capability)

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
