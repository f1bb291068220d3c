"""The fuzz oracles, shared by every target: what counts as a finding.

Strategy: a target only shapes its input; the verdict comes from here, so all six
targets judge alike. An input is a finding when

* anything but the implementation's HTTPException family escapes (caught by the
  runner, not here: the exception itself is the finding);
* the result differs between the bytes delivered whole and in fuzzer-chosen pieces
  (`split-mismatch`);
* the body does not agree with the framing the parser announced, or bytes are lost or
  invented between head, body and what is left on the wire (`framing-mismatch`,
  `bytes-lost`), checked against the independent model in `_model.py`;
* a clearly valid response is refused (`rejects-valid`), or a truncated one is
  returned as if complete (`silent-truncation`);
* a malformed chunked body is accepted (`accepts-malformed`: h11's CVE-2025-43859).

Oracle violations raise `Finding`; `signature()` turns any exception into the key
findings are deduplicated by (kind, exception type, top frame).
"""

from __future__ import annotations

import traceback
import types
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, List, Optional, Sequence, Tuple

from . import _model
from ._io import SPLIT_PLANS, FakeSocket, pieces

Fields = Tuple[Tuple[str, str], ...]

WHOLE = SPLIT_PLANS[0]
READ_SIZES = (None, 1, 2, 3, 7, 64, 1000, 4096)  # read(amt) sizes a control byte picks


class Finding(AssertionError):
    """An oracle violation: `kind` names the class of finding, `detail` says what."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def signature(exc: BaseException) -> Tuple[str, str, str]:
    """(kind, exception type, top frame): the key findings are deduplicated by.

    The top frame is the innermost frame outside the fuzz package, as
    `file:function`, so the same bug reached by different inputs has one key. A
    differential finding's key is its disagreement class instead of a frame.
    """
    if isinstance(exc, Finding):
        return exc.kind, "Finding", exc.detail.split(";", 1)[0][:120]
    frames = traceback.extract_tb(exc.__traceback__)
    top = "?"
    for frame in reversed(frames):
        if "/fuzz/" not in frame.filename.replace("\\", "/") or "httpcts" not in frame.filename:
            top = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.name}"
            break
    return "unexpected-exception", type(exc).__name__, top


def control(byte: int) -> Tuple[Tuple[int, ...], str, Optional[int]]:
    """A control byte -> (split plan, method, read size): bits 0-3, 4, 5-7."""
    return (
        SPLIT_PLANS[byte & 0x0F],
        "HEAD" if byte & 0x10 else "GET",
        READ_SIZES[byte >> 5],
    )


# -- HTTPResponse over a fake socket, any httplib-style module ----------------------


@dataclass
class Outcome:
    """What an implementation concluded; compared whole against split."""

    status: Any = None
    version: Any = None
    reason: Any = None
    headers: Any = None  # getheaders() (None when run with wire_fields)
    body: bytes = b""  # returned by read(), plus IncompleteRead.partial
    error: Optional[str] = None
    leftover: Optional[bytes] = None
    chunked: bool = False  # the implementation's `chunked` attribute after begin()
    values: dict = field(default_factory=dict)  # getheader(name) for the model's names
    fields: Any = None  # msg.fields in wire order (only when run with wire_fields)
    trailers: Any = None  # the response's `trailers` (only when run with wire_fields)

    def key(self) -> Tuple[Any, ...]:
        # after an error other than IncompleteRead the bytes returned before it depend
        # on the read sizes; IncompleteRead must still account for every byte
        body = self.body if self.error in (None, "IncompleteRead") else None
        return (self.status, self.version, self.reason, self.headers, body, self.error)


def run_response(
    impl: types.ModuleType,
    data: bytes,
    *,
    plan: Sequence[int] = WHOLE,
    method: str = "GET",
    amt: Optional[int] = None,
    names: Sequence[str] = (),
    wire_fields: bool = False,
) -> Outcome:
    """Read one response with `impl.HTTPResponse`; HTTPException is recorded, not raised.

    The socket's file is a BufferedReader like `socket.makefile("rb")`. With
    `wire_fields` (the reference's HTTPResponse, which reads with read1 only) it is a
    PieceReader delivering the same pieces, and the outcome records the fields in
    wire order (`msg.fields`), the trailers, and as `leftover` every byte after the
    message: what the response kept (`leftover`) and what it never read.
    """
    sock = FakeSocket(data, plan, buffered=not wire_fields)
    out = Outcome()
    parts: List[bytes] = []
    response = impl.HTTPResponse(sock, method=method)
    try:
        response.begin()
        out.status, out.version, out.reason = response.status, response.version, response.reason
        if wire_fields:
            out.fields = response.msg.fields
        else:
            out.headers = tuple(response.getheaders())
            out.chunked = bool(getattr(response, "chunked", False))
            out.values = {name: response.getheader(name) for name in names}
        if amt is None:
            parts.append(response.read())
        else:
            # read(amt) until it returns b"" (the loop runs in C: iter() with a
            # sentinel); every read returns at least one byte or ends the body
            limit = len(data) + 2
            parts.extend(islice(iter(partial(response.read, amt), b""), limit))
            _check_amt(parts, amt)
            if len(parts) == limit:
                raise Finding("no-progress", f"read({amt}) never reached the end of the body")
    except impl.HTTPException as exc:
        if amt is not None:
            _check_amt(parts, amt)  # the reads before the error
        out.error = type(exc).__name__
        carried = getattr(exc, "partial", None)
        if isinstance(carried, bytes):
            parts.append(carried)
    finally:
        response.close()
        sock.close()
    out.body = b"".join(parts)
    out.leftover = sock.file.leftover
    if wire_fields:
        out.trailers = response.trailers
        if out.leftover is not None:
            out.leftover = response.leftover + out.leftover
    return out


def _check_amt(parts: List[bytes], amt: int) -> None:
    """read(amt) never returns more than amt bytes."""
    if parts and max(map(len, parts)) > amt:
        longest = max(map(len, parts))
        raise Finding("framing-mismatch", f"read(amt) returned more; read({amt}) gave {longest}")


def check_part(impl: Optional[types.ModuleType], response: bytes, control_byte: int) -> None:
    """The part targets' oracle: the reference's sans-IO core, or any module's HTTPResponse."""
    if impl is None or impl.__name__ == "httpcts.reference":
        check_core(response, control_byte)
    else:
        check_response(impl, response, control_byte)


def check_response(impl: types.ModuleType, data: bytes, control_byte: int = 0) -> Outcome:
    """All oracles for one response read through `impl.HTTPResponse`.

    Any module: read whole, then read as the control byte says (split plan, method,
    read size), compare, and compare with the model. The reference: see
    check_reference_response.
    """
    plan, method, amt = control(control_byte)
    if getattr(impl, "__name__", "") == "httpcts.reference":
        return check_reference_response(impl, data, plan, method, amt)
    model = _model.strict_response(data, method=method)
    names = sorted({name.lower() for name, _ in model.fields}) if model else ()
    whole = run_response(impl, data, method=method, names=names)
    split = run_response(impl, data, plan=plan, method=method, amt=amt, names=names)
    if whole.key() != split.key():
        raise Finding(
            "split-mismatch",
            f"whole {whole.error} split {split.error}; {_short(whole.key())} != {_short(split.key())}",
        )
    if model is not None:
        check_against_model(model, whole, leftover=True)
    elif whole.error is None and whole.chunked and method != "HEAD" and whole.status not in (204, 304):
        check_chunked_acceptance(data, whole.body)
    return whole


def check_reference_response(
    impl: types.ModuleType, data: bytes, plan: Sequence[int], method: str, amt: Optional[int]
) -> Outcome:
    """All oracles for one response read by the reference, whole and split.

    Whole: the sans-IO core's direct interface (feed, feed_eof, receive_head,
    read_body), checked against the model and the framing (check_conclusion). Split:
    HTTPResponse over a socket delivering the planned pieces, read with read() or
    read(amt), must conclude exactly what the core concluded: status line, fields in
    wire order, body, trailers and the bytes left on the wire; after an error, the
    same error, and for IncompleteRead the same bytes. One comparison covers split
    invariance and the socket layer.
    """
    model = _model.strict_response(data, method=method)
    core = run_core_direct(data, method=method)
    check_conclusion(data, core, model)
    split = run_response(impl, data, plan=plan, method=method, amt=amt, wire_fields=True)
    if core.error is None:
        expected: Tuple[Any, ...] = (
            None, core.version, core.status, core.reason, core.fields, core.body, core.trailers, core.trailing
        )
        got: Tuple[Any, ...] = (
            split.error, split.version, split.status, split.reason, split.fields, split.body,
            split.trailers, split.leftover,
        )
    elif core.error == "IncompleteRead":
        expected, got = (core.error, core.body + core.partial), (split.error, split.body)
    else:
        expected, got = (core.error,), (split.error,)
    if expected != got:
        raise Finding(
            "split-mismatch",
            f"core whole {core.error} HTTPResponse split {split.error}; {_short(expected)} != {_short(got)}",
        )
    return split


def check_chunked_acceptance(data: bytes, body: bytes) -> None:
    """A chunked body an implementation accepted must be one the model accepts too.

    The head ends at some blank line (LF or CRLF); at one of them the lenient model
    must decode a complete chunked body equal to the one returned. This is the check
    that catches "any two bytes after chunk data" (CVE-2025-43859) in any module.
    """
    at = 0
    while True:
        lf = data.find(b"\n\n", at)
        crlf = data.find(b"\n\r\n", at)
        ends = [end for end in ((lf, 2), (crlf, 3)) if end[0] >= 0]
        if not ends:
            break
        start, size = min(ends)
        decoded = _model.dechunk(data[start + size :], lenient=True)
        if decoded is not None and decoded[3] and decoded[0] == body:
            return
        at = start + 1
    raise Finding("accepts-malformed", f"chunked body the model refuses; {data[-80:]!r}")


def check_against_model(model: _model.ModelResponse, out: Outcome, *, leftover: bool) -> None:
    """A clearly valid response must be read exactly as the model reads it."""
    if not model.complete:
        if out.error is None:
            raise Finding("silent-truncation", f"{model.framing} body cut short, no error")
        return
    if out.error is not None:
        raise Finding("rejects-valid", f"{out.error} for a valid {model.framing} response")
    if out.status != model.status:
        raise Finding("framing-mismatch", f"status; {out.status!r}, model {model.status}")
    if out.body != model.body:
        raise Finding(
            "framing-mismatch",
            f"{model.framing} body; {len(out.body)} bytes, model {len(model.body)}",
        )
    if leftover and out.leftover is not None and out.leftover != model.leftover:
        raise Finding("bytes-lost", f"{model.framing} leftover; {out.leftover[:40]!r}, model {model.leftover[:40]!r}")
    for name, value in out.values.items():
        expected = ", ".join(v for n, v in model.fields if n.lower() == name)
        if value != expected:
            raise Finding("header-mismatch", f"header value; {name}: {value!r}, model {expected!r}")


# -- the sans-IO core ---------------------------------------------------------------


@dataclass
class CoreRun:
    """Events of one ResponseParser run, Data merged, plus how it ended."""

    events: List[Any] = field(default_factory=list)
    head_length: Optional[int] = None  # bytes before the body (runs fed whole only)
    body: bytes = b""
    partial: bytes = b""
    error: Optional[str] = None
    expected: Optional[int] = None
    trailing: bytes = b""
    done: bool = False

    def key(self) -> Tuple[Any, ...]:
        # after an error only the error and the bytes it carries must agree: events
        # before it depend on how far each run got when the error surfaced
        if self.error == "IncompleteRead":
            return (self.error, self.expected, self.body + self.partial)
        if self.error is not None:
            return (self.error,)
        return (tuple(self.events), self.body, self.trailing)


def run_core(
    data: bytes,
    *,
    plan: Sequence[int] = WHOLE,
    method: str = "GET",
    strict: bool = False,
    max_data: Optional[int] = None,
) -> CoreRun:
    """Feed `data` in the planned pieces, then EOF, collecting events."""
    from httpcts.reference import HTTPException, ResponseParser
    from httpcts.reference._events import NEED_DATA, Data, EndOfMessage, Headers

    whole = plan is WHOLE
    parser = ResponseParser(method=method, strict=strict)
    run = CoreRun()
    body: List[bytes] = []
    budget = len(data) * 2 + 20  # events possible: one per byte at most, plus the head

    received = 0

    def drain(eof: bool) -> None:
        nonlocal budget, received
        while not run.done:
            budget -= 1
            if budget < 0:
                raise Finding("no-progress", "the parser keeps returning events")
            # small reads over the first bytes only: a long body in 1-byte events
            # would cost more than it finds
            event = parser.next_event(max_data if received < 4096 else None)
            if event is NEED_DATA:
                if eof:
                    raise Finding("stuck-after-eof", f"NEED_DATA after EOF in state {parser.state}; ")
                return
            if type(event) is Data:
                if not event.data:
                    raise Finding("no-progress", "an empty Data event")
                if max_data is not None and received < 4096 and len(event.data) > max_data:
                    raise Finding("framing-mismatch", f"Data over max_data; {len(event.data)} > {max_data}")
                body.append(event.data)
                received += len(event.data)
                continue
            run.events.append(event)
            if type(event) is Headers and whole:
                run.head_length = len(data) - len(parser._buffer)  # the oracle may look inside
            if type(event) is EndOfMessage:
                run.done = True
                run.trailing = parser.trailing_data

    try:
        for piece in pieces(data, plan) if plan is not WHOLE else [data]:
            parser.feed(piece)
            if run.done:  # bytes after the message: they stay on the wire, unparsed
                run.trailing += parser.trailing_data
            drain(False)
        parser.feed_eof()
        drain(True)
    except HTTPException as exc:
        run.error = type(exc).__name__
        partial = getattr(exc, "partial", b"")
        run.partial = partial if isinstance(partial, bytes) else b""
        run.expected = getattr(exc, "expected", None)
    run.body = b"".join(body)
    return run


def check_core(data: bytes, control_byte: int = 0, *, strict: bool = False) -> CoreRun:
    """All oracles for the reference's sans-IO core on one response."""
    plan, method, amt = control(control_byte)
    whole = run_core(data, method=method, strict=strict)
    split = run_core(data, plan=plan, method=method, strict=strict, max_data=amt)
    if whole.key() != split.key():
        raise Finding(
            "split-mismatch",
            f"whole {whole.error} split {split.error}; {_short(whole.key())} != {_short(split.key())}",
        )
    check_core_conclusion(data, whole, method=method)
    if not strict:
        strict_run = run_core(data, method=method, strict=True)
        if strict_run.error is None and strict_run.key() != whole.key():
            raise Finding("strict-mismatch", "strict and lenient parsers accept differently")
    return whole


def _head_length(data: bytes, method: str) -> int:
    from httpcts.reference import ResponseParser

    parser = ResponseParser(method=method)
    parser.feed(data)
    parser.feed_eof()
    parser.receive_head()
    return len(data) - len(parser._buffer)  # the oracle may look inside


@dataclass
class Conclusion:
    """What the core concluded from a whole response: `error`, or the rest."""

    error: Optional[str] = None
    partial: bytes = b""  # IncompleteRead.partial (body holds what came before it)
    version: int = 0
    status: int = 0
    reason: str = ""
    fields: Fields = ()
    framing: str = ""
    length: Optional[int] = None
    body: bytes = b""
    trailers: Fields = ()
    trailing: bytes = b""
    head_length: int = 0  # bytes before the body


def run_core_direct(data: bytes, *, method: str = "GET", strict: bool = False) -> Conclusion:
    """`data` fed whole, then EOF, read through the direct interface.

    receive_head() must then complete the head, and read_body() must return body
    bytes or end the body at every call (`stuck-after-eof`, `no-progress`).
    """
    from httpcts.reference import HTTPException, ResponseParser

    parser = ResponseParser(method=method, strict=strict)
    parser.feed(data)
    parser.feed_eof()
    out = Conclusion()
    parts: List[bytes] = []
    try:
        if not parser.receive_head():
            raise Finding("stuck-after-eof", f"receive_head() incomplete after EOF in state {parser.state}; ")
        out.head_length = len(data) - len(parser._buffer)  # the oracle may look inside
        read_body = parser.read_body
        for _ in range(len(data) + 2):
            chunk = read_body()
            if chunk:
                parts.append(chunk)
            if parser.state == "done":  # _parser.DONE
                break
            if not chunk:
                raise Finding("stuck-after-eof", f"read_body() gave nothing after EOF in state {parser.state}; ")
        else:
            raise Finding("no-progress", "read_body() keeps returning data")
        out.version, out.status, out.reason = parser.version, parser.status, parser.reason
        out.fields, out.framing, out.length = parser.fields, parser.framing, parser.length
        out.trailers, out.trailing = parser.trailers, parser.trailing_data
    except HTTPException as exc:
        out.error = type(exc).__name__
        partial = getattr(exc, "partial", b"")
        out.partial = partial if isinstance(partial, bytes) else b""
    out.body = parts[0] if len(parts) == 1 else b"".join(parts)
    return out


def check_core_conclusion(data: bytes, run: CoreRun, *, method: str) -> CoreRun:
    """The events agree with the framing; no byte lost or invented; fields are clean."""
    from httpcts.reference._events import Headers, StatusLine

    model = _model.strict_response(data, method=method)
    out = Conclusion()
    out.error = run.error
    if run.error is None:
        heads = [event for event in run.events if type(event) is Headers]
        status = [event for event in run.events if type(event) is StatusLine]
        if len(heads) != 1 or len(status) != 1:
            raise Finding("framing-mismatch", f"events; {run.events!r}")
        head, line = heads[0], status[0]
        out.version, out.status, out.reason = line.version, line.status, line.reason
        out.fields, out.framing, out.length = head.fields, head.framing, head.length
        out.trailers = run.events[-1].trailers
        out.body, out.trailing = run.body, run.trailing
        out.head_length = run.head_length if run.head_length is not None else _head_length(data, method)
    check_conclusion(data, out, model)
    return run


def check_conclusion(data: bytes, run: Conclusion, model: Optional[_model.ModelResponse]) -> None:
    """What the core concluded agrees with the framing and the model; fields are clean.

    `model` is _model.strict_response(data) for the method the core was given.
    Content-Length: exactly that many bytes, then the rest stays on the wire;
    close-delimited: the rest is the body; no body: the rest stays on the wire;
    chunked: what the lenient model decodes, and its trailers. A valid response
    (the model) is read as the model reads it; a truncated one is an error.
    """
    from httpcts.reference._events import CHUNKED, LENGTH, NO_BODY, UNTIL_CLOSE

    if model is not None:
        if model.complete and run.error is not None:
            raise Finding("rejects-valid", f"{run.error} for a valid {model.framing} response")
        if not model.complete and run.error is None:
            raise Finding("silent-truncation", f"{model.framing} body cut short, no error")
    if run.error is not None:
        return
    fields = run.fields + run.trailers
    names = "".join(name for name, _ in fields).encode("latin-1")
    values = "\x01".join(value for _, value in fields)
    if (
        not _model.is_token(names or b"x")
        or any(c in values for c in "\r\n\x00")
        or any(value != value.strip(" \t") for _, value in fields)
        or any(not name for name, _ in fields)
    ):
        raise Finding("accepts-malformed", f"field; {fields!r}")
    if any(c in run.reason for c in "\r\n\x00"):
        raise Finding("accepts-malformed", f"reason; {run.reason!r}")
    rest = data[run.head_length :]
    body, trailing = run.body, run.trailing
    if run.framing == LENGTH:
        if len(body) != run.length or rest[: run.length] != body or rest[run.length :] != trailing:
            raise Finding("framing-mismatch", f"content-length body; {run.length} != {len(body)}")
    elif run.framing == UNTIL_CLOSE:
        if body != rest or trailing:
            raise Finding("bytes-lost", f"until-close body; {len(body)} of {len(rest)}")
    elif run.framing == NO_BODY:
        if body or trailing != rest:
            raise Finding("bytes-lost", f"no-body response; body {len(body)}, trailing {len(trailing)}")
    elif run.framing == CHUNKED:
        decoded = _model.dechunk(rest, lenient=True)
        if decoded is None or not decoded[3]:
            raise Finding("accepts-malformed", f"chunked body the model refuses; {rest[:60]!r}")
        chunks, trailers, used, _ = decoded
        if (chunks, rest[used:]) != (body, trailing):
            raise Finding("framing-mismatch", f"chunked body; {len(body)}, model {len(chunks)}")
        if trailers != run.trailers:
            raise Finding("framing-mismatch", f"trailers; {run.trailers!r}, model {trailers!r}")
    else:
        raise Finding("framing-mismatch", f"unknown framing; {run.framing!r}")
    if model is not None and model.complete:
        concluded = (run.version, run.status, run.reason, run.fields, run.framing, body, trailing, run.trailers)
        expected = (model.version, model.status, model.reason, model.fields, model.framing, model.body,
                    model.leftover, model.trailers)
        if concluded != expected:
            raise Finding("framing-mismatch", f"valid response; {_short(concluded)} != model {_short(expected)}")


def _short(value: object, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
