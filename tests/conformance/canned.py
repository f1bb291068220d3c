"""Canned observations: what three stock clients would be seen doing in a case.

Strategy: no sockets.  For a case, `accepter(case)` builds the observation of a client
that validates nothing: it sends every caller string as given, reads the scenario's
bytes to the end, splits the first response at the first blank line, parses the
status line and fields as leniently as it can and returns everything after the head
as the body; it never raises.  `refuser(case)` raises HTTPException at once: at the
first operation that sends (request side) or reads (response side), with nothing
sent.  `HANG` and `timeout(case)` are the client that waits.  The power self-test
grades every normative case against them.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from httpcts.conformance._model import Case
from httpcts.conformance.cases._scenarios import lookup
from httpcts.servers import Flood, Send, SendPieces

Obs = Dict[str, Any]
SENDING_OPS = ("request", "putrequest", "putheader", "endheaders", "send", "set_tunnel")
READING_OPS = ("getresponse", "getreply")
HANG: Obs = {"raises": "Hang", "mro": ["Hang"], "message": "still running at the deadline"}


def _sent_bytes(case: Case) -> Tuple[bytes, int]:
    """The bytes of the scenario's first connection (floods in full), and where a flood starts."""
    out, flood_start = b"", -1
    for step in lookup(case.scenario).script_for(0) or ():
        if isinstance(step, (Send, SendPieces)):
            out += step.data
        elif isinstance(step, Flood):
            flood_start = len(out)
            out += step.prefix + step.pattern * step.repeats
    return out, flood_start


def _split_head(data: bytes) -> Tuple[bytes, bytes]:
    match = re.search(rb"\r?\n\r?\n", data)
    return (data, b"") if match is None else (data[: match.start()], data[match.end():])


def _lenient_response(data: bytes) -> Tuple[Obs, Dict[str, str], bytes, bytes]:
    """(status fields, lower-cased fields, body, what follows) of the first response."""
    head, rest = _split_head(data)
    lines = [line.rstrip("\r") for line in head.decode("latin-1").split("\n")]
    parts = lines[0].split(None, 2) + ["", "", ""]
    version = {"HTTP/1.0": 10, "HTTP/1.1": 11}.get(parts[0].upper(), 9)
    digits = re.match(r"[+-]?\d+", parts[1])
    status = {"status": int(digits.group()) if digits else 200, "reason": parts[2],
              "version": version}
    fields: Dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        fields[key] = f"{fields[key]}, {value.strip()}" if key in fields else value.strip()
    length = re.fullmatch(r"\s*\+?(\d+)\s*", fields.get("content-length", "x"))
    if length and "transfer-encoding" not in fields:
        body, rest = rest[: int(length.group(1))], rest[int(length.group(1)):]
    else:
        body, rest = rest, b""
    return status, fields, body, rest


def _requests_written(case: Case) -> str:
    """Every caller string of the program, as a client that checks nothing would write it."""
    texts: List[str] = []
    for op in case.program:
        for key in ("method", "url", "host", "name", "data", "body"):
            if isinstance(op.get(key), str):
                texts.append(op[key])
        for value in op.get("values", []):
            texts.append(str(value))
        for pair in op.get("headers", []):
            texts.extend(str(item) for item in pair)
        texts.extend(str(arg) for arg in op.get("args", []) if op["op"] == "connection")
    return "\r\n".join(texts) + "\r\n\r\n"


def accepter(case: Case) -> Obs:
    """The observation of a client that accepts everything and returns the body."""
    obs: Obs = {"connections": 1, "wire_in": _requests_written(case)}
    if case.scenario is None:
        return obs
    data, flood_start = _sent_bytes(case)
    if flood_start >= 0:
        obs.update({"flood.client_left": None, "flood.flooding": False,
                    "flood.past_start": len(data) - flood_start})
    responses = 0
    for op in case.program:
        name = op["op"]
        if name in READING_OPS:
            status, fields, body, data = _lenient_response(data)
            data = data or _sent_bytes(case)[0]  # a new connection: the script again
            responses += 1
            obs.update({op.get("prefix", "") + key: value for key, value in status.items()})
            current = (op.get("prefix", ""), fields, body)
        elif name == "read" and responses:
            prefix, _, body = current
            obs[op.get("key", "body")] = len(body) if op.get("length_only") else body.decode(
                "latin-1")
        elif name in ("getheader", "msg_header") and responses:
            obs[op["key"]] = current[1].get(op["name"].lower(), op.get("default"))
        elif name == "getheaders" and responses:
            obs[op["key"]] = [[key, value] for key, value in current[1].items()]
    obs["requests"] = responses
    return obs


def first_contact(case: Case) -> Optional[int]:
    """Index of the first operation that sends (request side) or reads a response."""
    kinds = SENDING_OPS if is_request_side(case) else READING_OPS
    return next((i for i, op in enumerate(case.program) if op["op"] in kinds), None)


def is_request_side(case: Case) -> bool:
    return any(op["op"] in ("set_tunnel",) or "X-Injected" in str(op) for op in case.program)


def refuser(case: Case) -> Obs:
    """The observation of a client that raises HTTPException at its first contact."""
    index = first_contact(case)
    index = 0 if index is None else index
    obs: Obs = {"raises": "HTTPException", "mro": ["HTTPException", "Exception"],
                "at": f"{index}:{case.program[index]['op']}", "connections": 1, "wire_in": ""}
    if case.scenario is not None and _sent_bytes(case)[1] >= 0:
        obs.update({"flood.client_left": "close", "flood.flooding": True, "flood.past_start": 0})
    return obs


def timeout(case: Case) -> Obs:
    """A socket timeout at the first contact: the client waited."""
    obs = refuser(case)
    obs.update(raises="timeout", mro=["timeout", "OSError", "Exception", "Timeout"])
    return obs


def is_hostile(case: Case) -> bool:
    """Hostile input: a malicious scenario, or caller strings carrying an injection."""
    return is_request_side(case) or (
        case.scenario is not None and lookup(case.scenario).kind == "malicious")
