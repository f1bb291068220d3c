"""A case's client program as the Python a maintainer would type, and the commands that replay it.

Strategy: one renderer per operation in `RENDERERS`, each giving the line of
Python that the driver's ``op_<name>`` handler amounts to (``_program.Program``
runs the operations; this only describes them) and a note naming what the step
records.  The lines work on Python 2.7 and 3 alike, with the implementation
imported as ``httplib`` and the scripted server's address as ``HOST``/``PORT``.
The evidence pages show them step by step, and the stand-alone reproducer
quotes them in its header.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence

from ._model import Case

Op = Dict[str, Any]
_PLACEHOLDER = re.compile(r"\$(hostport|bracketed|host|port)")
_PLACEHOLDER_CODE = {
    "host": "HOST",
    "port": "str(PORT)",
    "bracketed": "HOST",
    "hostport": "HOST + ':' + str(PORT)",
}
SERVE_PORT = 8080  # what the replay commands bind; any free port will do


@dataclass(frozen=True)
class Step:
    code: str
    note: str = ""


def _text(value: str) -> str:
    """A str argument as Python source; ``$host``/``$port`` placeholders become names."""
    if value == "$port":
        return "PORT"
    if value == "$host":
        return "HOST"
    parts: List[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(value):
        if match.start() > pos:
            parts.append(ascii(value[pos : match.start()]))
        parts.append(_PLACEHOLDER_CODE[match.group(1)])
        pos = match.end()
    if pos < len(value) or not parts:
        parts.append(ascii(value[pos:]))
    return " + ".join(parts)


def _code(value: Any) -> str:
    """Any JSON argument as Python source."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return "[" + ", ".join(_code(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_code(k)}: {_code(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _bytes(value: str) -> str:
    return "b" + ascii(value)


def _call(target: str, method: str, args: Sequence[str]) -> str:
    return f"{target}.{method}({', '.join(args)})"


def _headers(pairs: Sequence[Sequence[Any]]) -> str:
    """A list of (name, value) pairs as the source of a dict."""
    return "{" + ", ".join(f"{_code(name)}: {_code(value)}" for name, value in pairs) + "}"


_CONTEXTS = {
    "noverify": "context=ssl._create_unverified_context()",
    "verify": "context=ssl.create_default_context(cafile=CA_FILE)",
    "verify-client-cert": "context=ssl.create_default_context(cafile=CA_FILE)",
}


def _var(key: str) -> str:
    """An observation key as a variable name (``r1.body`` -> ``r1_body``)."""
    return re.sub(r"\W", "_", key)


def _connection(op: Op) -> Step:
    args = [_code(a) for a in op.get("args", ["$host", "$port"])]
    args += [f"{k}={_code(v)}" for k, v in (op.get("kwargs") or {}).items()]
    if op.get("client_cert_files"):
        args += ["cert_file=CLIENT_CERT", "key_file=CLIENT_KEY"]
    if op.get("context"):
        args.append(_CONTEXTS.get(op["context"], f"context=None  # {op['context']}"))
    name = op.get("as", "conn")
    record = op.get("record") or []
    return Step(f"{name} = httplib.{op.get('cls', 'HTTPConnection')}({', '.join(args)})",
                "records " + ", ".join(f"{name}.{a}" for a in record) if record else "")


def _request(op: Op) -> Step:
    args = [_code(op.get("method", "GET")), _code(op.get("url", "/"))]
    body = op.get("body")
    if isinstance(body, dict):
        if "file" in body:
            seek = f" after .seek({body['seek']})" if "seek" in body else ""
            args.append(f"body=open(FILE, 'rb'){seek}")
        elif "pipe" in body:
            args.append(f"body=PIPE  # the read end of a pipe holding {_bytes(body['pipe'])}")
        else:
            args.append(f"body={_code(body.get('text', ''))}")
    elif body is not None:
        args.append(f"body={_bytes(body)}")
    if "headers" in op:
        args.append("headers=" + _headers(op["headers"]))
    return Step(_call(op.get("on", "conn"), "request", args))


def _putrequest(op: Op) -> Step:
    args = [_code(op.get("method", "GET")), _code(op.get("url", "/"))]
    args += [f"{flag}={op[flag]!r}" for flag in ("skip_host", "skip_accept_encoding") if flag in op]
    return Step(_call(op.get("on", "conn"), "putrequest", args))


def _getresponse(op: Op) -> Step:
    name, prefix = op.get("as", "resp"), op.get("prefix", "")
    record = op.get("record", ["status", "reason", "version"])
    return Step(f"{name} = {op.get('on', 'conn')}.getresponse()",
                "records " + ", ".join(prefix + r for r in record) if record else "")


def _read(op: Op) -> Step:
    resp, amt = op.get("on", "resp"), op.get("amt")
    call = f"{resp}.read({'' if amt is None else amt})"
    key = op.get("key", "body")
    if op.get("all"):
        return Step(f"{_var(key)} = b''.join(iter(lambda: {call}, b''))", f"records {key}")
    if op.get("length_only"):
        return Step(f"{_var(key)} = len({call})", f"records {key}")
    return Step(f"{_var(key)} = {call}", f"records {key}")


def _attr(op: Op) -> Step:
    code = f"{op.get('of', 'resp')}.{op['name']}"
    if op.get("call"):
        code += "(" + ", ".join(_code(a) for a in op.get("args", [])) + ")"
    if op.get("type"):
        code = f"type({code}).__name__"
    elif op.get("int"):
        code = f"int({code})"
    return Step(f"{_var(op.get('key', 'value'))} = {code}")


def _msg_header(op: Op) -> Step:
    method = "get_all" if op.get("all") else "get"
    lookup = f"{op.get('on', 'resp')}.msg.{method}({_code(op['name'])})"
    return Step(f"{_var(op.get('key', 'value'))} = {lookup}",
                "getheaders() on 2.x's mimetools.Message" if op.get("all") else "")


def _putheader(op: Op) -> Step:
    values = [_code(v) for v in op.get("values", [])]
    return Step(_call(op.get("on", "conn"), "putheader", [_code(op["name"]), *values]))


def _set_tunnel(op: Op) -> Step:
    args = [_code(op.get("host", "tunnel.example")), _code(op.get("port"))]
    if "headers" in op:
        args.append(_headers(op["headers"]))
    return Step(_call(op.get("on", "conn"), "set_tunnel", args))


def _capture(op: Op) -> Step:
    what = "stop capturing" if op.get("stop") else "capture"
    return Step(f"# {what} what the program prints", "records stdout" if op.get("stop") else "")


def _mro(op: Op) -> Step:
    classes = f"inspect.getmro(httplib.{op['name']})"
    return Step(f"{_var(op.get('key', 'value'))} = [c.__name__ for c in {classes}]")


def _simple(method: str, on: str = "conn") -> Callable[[Op], Step]:
    return lambda op: Step(_call(op.get("on", on), method, []))


def _keyed(template: str) -> Callable[[Op], Step]:
    """``key = <expression>``, the expression formatted from the op's fields."""
    def render(op: Op) -> Step:
        fields = {k: _code(v) for k, v in op.items()}
        fields.setdefault("on", op.get("on", "resp"))
        fields["default"] = f", {_code(op['default'])}" if "default" in op else ""
        return Step(f"{_var(op.get('key', 'value'))} = " + template.format(**fields))
    return render


RENDERERS: Dict[str, Callable[[Op], Step]] = {
    "connection": _connection,
    "request": _request,
    "putrequest": _putrequest,
    "putheader": _putheader,
    "endheaders": _simple("endheaders"),
    "connect": _simple("connect"),
    "close": _simple("close"),
    "send": lambda op: Step(_call(op.get("on", "conn"), "send", [_bytes(op["data"])])),
    "set_tunnel": _set_tunnel,
    "set_debuglevel": lambda op: Step(
        _call(op.get("on", "conn"), "set_debuglevel", [_code(op.get("level", 1))])),
    "capture": _capture,
    "getresponse": _getresponse,
    "read": _read,
    "getheader": _keyed("{on}.getheader({name}{default})"),
    "getheaders": _keyed("{on}.getheaders()"),
    "attr": _attr,
    "msg_header": _msg_header,
    "mro": _mro,
    "responses_get": _keyed("httplib.responses.get({code})"),
    "isclosed": _keyed("{on}.isclosed()"),
    "setattr": lambda op: Step(f"{op.get('on', 'conn')}.{op['name']} = {_code(op['value'])}"),
    "sleep": lambda op: Step(f"time.sleep({op['seconds']!r})"),
    "getreply": lambda op: Step(f"status, reason, msg = {op.get('on', 'conn')}.getreply()"),
    "getfile": lambda op: Step(
        f"{_var(op.get('key', 'body'))} = {op.get('on', 'conn')}.getfile().read()"),
}


def python_steps(program: Sequence[Op]) -> List[Step]:
    """One `Step` per operation, in order (unknown operations shown as their JSON)."""
    out = []
    for op in program:
        render = RENDERERS.get(str(op.get("op")))
        step = render(op) if render else Step("# " + json.dumps(op, ensure_ascii=True))
        note = step.note
        if op.get("key") and not note:
            note = f"records {op['key']}"
        if op.get("catch"):
            recorded_as = op.get("key") or op["op"]
            caught = f"an exception here is recorded as {recorded_as} and the program goes on"
            note = (note + "; " if note else "") + caught
        out.append(Step(step.code, note))
    return out


def python_snippet(case: Case, module: str, host: str = "127.0.0.1", port: int = SERVE_PORT) -> str:
    """The client program as a script, one commented line per step (steps count from 0,
    as the ``at`` observation does), to run against ``httpcts serve``."""
    imported = "import httplib" if module == "httplib" else f"import {module} as httplib"
    steps = python_steps(case.program)
    modules = [m for m in ("inspect", "ssl", "time") if any(m + "." in step.code for step in steps)]
    lines = [imported] + ([f"import {', '.join(modules)}"] if modules else [])
    if case.scenario is not None:
        lines.append(f"HOST, PORT = {host!r}, {port}  # where `httpcts serve` listens")
    for number, step in enumerate(steps):
        comment = f"# step {number}" + (f": {step.note}" if step.note else "")
        lines.append(step.code if "#" in step.code else f"{step.code}  {comment}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Command:
    title: str
    text: str


def serve_command(case: Case) -> Optional[Command]:
    """How to serve ``case``'s scenario once, as certify did (None: an API-only case)."""
    if case.scenario is None:
        return None
    serve = f"httpcts serve {case.scenario} --once --port {SERVE_PORT}"
    serve += f" --time-scale {case.time_scale:g}"
    if case.delivery != "whole":
        serve += f" --delivery {case.delivery}"
    return Command("serve the scenario once (in another shell)", serve)


def replay_commands(case: Case, module: str, python: Optional[str] = None,
                    serve: bool = True) -> List[Command]:
    """How to replay ``case`` against ``module`` (under ``python`` when not the harness's);
    ``serve``: starting with `serve_command` (an evidence page shows it once per case)."""
    served = serve_command(case) if serve else None
    out = [served] if served else []
    runner = python or "python"
    out.append(Command("run the client program above against it", f"{runner} client.py"))
    impl = f"--python {python} {module}" if python else module
    case_id = shlex.quote(case.id)  # safe to paste into a shell whatever the id holds
    out.append(Command("certify this case alone", f"httpcts certify {impl} --cases {case_id}"))
    interpreter = f" --python {python}" if python else ""
    repro = f"httpcts repro {case_id} --impl {module}{interpreter} -o repro.py"
    out.append(Command("a stand-alone reproducer (standard library only) to attach to a bug report",
                       f"{repro} && {runner} repro.py"))
    return out
