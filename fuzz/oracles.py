"""The fuzz oracles, shared by every target: what counts as a finding.

Strategy: a target only shapes its input; the verdict comes from here, so all six
targets judge alike. Every reading of a response, by the reference's sans-IO parser,
by any module's HTTPResponse or by the independent model in `_model.py`, ends in the
one record `httpcts.reference.Conclusion`, and the oracles compare records. Only the
public interface of an implementation is used: an implementation that exports a
sans-IO `ResponseParser` (the reference) is also read through it; nothing depends on
a module's name. An input is a finding when

* anything but the implementation's HTTPException family escapes (caught by the
  runner, not here: the exception itself is the finding);
* the conclusion differs between the bytes delivered whole and in fuzzer-chosen
  pieces (`split-mismatch`), or between the sans-IO core and HTTPResponse;
* the body does not agree with the framing the parser announced, or bytes are lost or
  invented between head, body and what is left on the wire (`framing-mismatch`,
  `bytes-lost`), checked against the model;
* a clearly valid response is refused (`rejects-valid`), or a truncated one is
  returned as if complete (`silent-truncation`);
* something malformed is accepted (`accepts-malformed`): a field name that is not a
  token or a value with CR, LF or NUL, Content-Length values that are not one
  1*DIGIT number where they decide the framing, a chunked body the model refuses
  (h11's CVE-2025-43859).

Oracle violations raise `Finding`; `signature()` turns any exception into the key
findings are deduplicated by (kind, exception type, top frame).
"""

from __future__ import annotations

import dataclasses
import traceback
import types
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from . import _model
from ._io import SPLIT_PLANS, FakeSocket, pieces

if TYPE_CHECKING:
    from httpcts.reference import Conclusion, Fields

# The reference is imported when first used, never when this module is: a campaign
# instruments the code under test as it is imported (atheris.instrument_imports),
# after the target script has imported the oracles.
_reference: Any = None


def _ref() -> Any:
    global _reference
    if _reference is None:
        import httpcts.reference

        _reference = httpcts.reference
    return _reference


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


def has_core(impl: Optional[types.ModuleType]) -> bool:
    """Whether `impl` exports a sans-IO ResponseParser with the reference's interface."""
    return impl is None or callable(getattr(getattr(impl, "ResponseParser", None), "conclusion", None))


def _with_error(conclusion: Conclusion, exc: BaseException, parts: List[bytes]) -> Conclusion:
    """`conclusion` refused by `exc`, with the body bytes read before it."""
    carried = getattr(exc, "partial", None)
    if isinstance(carried, bytes):
        parts.append(carried)
    expected = getattr(exc, "expected", None)
    return dataclasses.replace(conclusion, error=type(exc).__name__, body=b"".join(parts),
                               expected=expected if isinstance(expected, int) else None)


# -- HTTPResponse over a fake socket, any httplib-style module ----------------------


def reports_wire_order(impl: types.ModuleType) -> bool:
    """Whether impl's HTTPResponse reports what the reference's adds to httplib: the
    bytes it read past the message (`leftover`) and the trailers. Such a response is
    read over a PieceReader (read1 only), and its conclusion holds the fields in wire
    order (msg.fields), the trailers, the interim responses and every byte after the
    message; any other module's, over the BufferedReader, with getheaders()."""
    cls = impl.HTTPResponse
    return hasattr(cls, "leftover") and hasattr(cls, "trailers")


def run_response(
    impl: types.ModuleType,
    data: bytes,
    *,
    plan: Sequence[int] = WHOLE,
    method: str = "GET",
    amt: Optional[int] = None,
    names: Sequence[str] = (),
    buffered: Optional[bool] = None,
) -> Conclusion:
    """Read one response with `impl.HTTPResponse`; HTTPException is recorded, not raised.

    `names` (lower case): for each, getheader(name) must be what the fields say when
    merged with ", " (`header-mismatch`). `trailing` is what the socket's file still
    holds (after the response's own `leftover`, when it reports one). `buffered`
    forces the file: the BufferedReader (True) or the PieceReader (False).
    """
    R = _ref()
    wire = reports_wire_order(impl)
    sock = FakeSocket(data, plan, buffered=not wire if buffered is None else buffered)
    found: Dict[str, Any] = {}
    parts: List[bytes] = []
    error: Optional[BaseException] = None
    response = None
    try:
        # inside the try: geventhttpclient reads the head in the constructor
        response = impl.HTTPResponse(sock, method=method)
        response.begin()
        found.update(version=response.version, status=response.status, reason=response.reason)
        fields = tuple(response.msg.fields) if wire else tuple(response.getheaders())
        found["fields"] = fields
        if getattr(response, "chunked", False) is True:  # geventhttpclient says "UNKNOWN"
            found["framing"] = R.CHUNKED
        found["will_close"] = getattr(response, "will_close", None)
        _check_getheader(response, fields, names)
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
        error = exc
    finally:
        if response is not None:
            response.close()
        sock.close()
    trailing = sock.file.leftover
    if wire and response is not None:
        found.update(trailers=tuple(response.trailers), interim=tuple(response.interim))
        if trailing is not None:
            trailing = response.leftover + trailing
    out = R.Conclusion(body=b"".join(parts), trailing=trailing, **found)
    return out if error is None else _with_error(out, error, parts)


def _check_getheader(response: Any, fields: Fields, names: Sequence[str]) -> None:
    merged = merged_values(fields)
    for name in names:
        value = response.getheader(name)
        if value != merged.get(name):
            raise Finding("header-mismatch", f"getheader; {name}: {value!r}, fields {merged.get(name)!r}")


def merged_values(fields: Fields) -> Dict[str, str]:
    """Lower-case name -> the values of its fields joined with ", " (as getheader)."""
    merged: Dict[str, str] = {}
    for name, value in fields:
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def _check_amt(parts: List[bytes], amt: int) -> None:
    """read(amt) never returns more than amt bytes."""
    if parts and max(map(len, parts)) > amt:
        longest = max(map(len, parts))
        raise Finding("framing-mismatch", f"read(amt) returned more; read({amt}) gave {longest}")


def _module_key(run: Conclusion) -> Tuple[Any, ...]:
    # after an error other than IncompleteRead the bytes returned before it depend
    # on the read sizes; IncompleteRead must still account for every byte
    body = run.body if run.error in (None, "IncompleteRead") else None
    return (run.status, run.version, run.reason, run.fields, body, run.error)


def check_part(impl: Optional[types.ModuleType], response: bytes, control_byte: int) -> None:
    """The part targets' oracle: a sans-IO core (the reference's by default) through its
    events, or any other module's HTTPResponse."""
    if has_core(impl):
        check_core(response, control_byte, impl=impl)
    else:
        check_response(impl, response, control_byte)  # type: ignore[arg-type]


def check_response(impl: types.ModuleType, data: bytes, control_byte: int = 0) -> Conclusion:
    """All oracles for one response read through `impl.HTTPResponse`.

    A module with a sans-IO core: see check_core_and_response. Any other: read whole,
    then as the control byte says (split plan, method, read size), compare, check what
    was accepted, and compare with the model.
    """
    R = _ref()
    plan, method, amt = control(control_byte)
    if has_core(impl):
        return check_core_and_response(impl, data, plan, method, amt)
    model = _model.strict_response(data, method=method)
    names = sorted({name.lower() for name, _ in model.fields}) if model else ()
    whole = run_response(impl, data, method=method, names=names)
    split = run_response(impl, data, plan=plan, method=method, amt=amt, names=names)
    if _module_key(whole) != _module_key(split):
        raise Finding(
            "split-mismatch",
            f"whole {whole.error} split {split.error}; {_short(_module_key(whole))} != {_short(_module_key(split))}",
        )
    check_accepted(whole, method)
    if model is not None:
        check_against_model(model, whole)
    elif whole.error is None and whole.framing == R.CHUNKED and method != "HEAD" and whole.status not in (204, 304):
        check_chunked_acceptance(data, whole.body)
    return whole


def check_core_and_response(
    impl: types.ModuleType, data: bytes, plan: Sequence[int], method: str, amt: Optional[int]
) -> Conclusion:
    """All oracles for one response read by a module with a sans-IO core, whole and split.

    Whole: the core's direct interface (feed, feed_eof, receive_head, read_body),
    checked against the model and the framing (check_conclusion). Split: HTTPResponse
    over a socket delivering the planned pieces, read with read() or read(amt), must
    conclude exactly what the core concluded: interim responses, status line, fields
    in wire order, body, trailers and the bytes left on the wire; after an error, the
    same error, and for IncompleteRead the same bytes. One comparison covers split
    invariance and the socket layer.
    """
    model = _model.strict_response(data, method=method)
    core = conclude_core(data, method=method, impl=impl)
    check_conclusion(data, core, model)
    split = run_response(impl, data, plan=plan, method=method, amt=amt)
    expected, got = _response_key(core), _response_key(split)
    if expected != got:
        raise Finding(
            "split-mismatch",
            f"core whole {core.error} HTTPResponse split {split.error}; {_short(expected)} != {_short(got)}",
        )
    return split


def _response_key(run: Conclusion) -> Tuple[Any, ...]:
    """What HTTPResponse must share with the core (it does not report framing,
    length or head_length; IncompleteRead.expected counts differently per read)."""
    if run.error is None:
        return (None, run.interim, run.version, run.status, run.reason, run.fields, run.will_close,
                run.body, run.trailers, run.trailing)
    if run.error == "IncompleteRead":
        return (run.error, run.body)
    return (run.error,)


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


def check_accepted(run: Conclusion, method: str) -> None:
    """What an implementation accepted carries no malformed field and no Content-Length
    that is not one 1*DIGIT number where it decides the framing (RFC 9110 5.5, 8.6;
    RFC 9112 6.3 item 5). Field whitespace is judged on the core only: httplib-style
    modules may keep the OWS after a value."""
    R = _ref()
    if run.error is not None:
        return
    for name, value in run.fields + run.trailers:
        if not _model.is_token(name.encode("latin-1")) or any(c in value for c in "\r\n\x00"):
            raise Finding("accepts-malformed", f"field; {(name, value)!r}")
    merged = merged_values(run.fields)
    if run.framing is None:  # not reported: where Content-Length would decide it
        decides = (method != "HEAD" and run.status not in (None, 204, 304) and "transfer-encoding" not in merged
                   and int(run.status) >= 200)  # type: ignore[arg-type]
    else:
        decides = run.framing == R.LENGTH
    if decides and "content-length" in merged:
        items = [item.strip(" \t") for item in merged["content-length"].split(",")]
        if not all(item.isdigit() and item.isascii() for item in items) or len({int(i) for i in items}) != 1:
            raise Finding("accepts-malformed", f"Content-Length; {merged['content-length']!r}")


def check_against_model(model: Conclusion, out: Conclusion) -> None:
    """A clearly valid response must be read exactly as the model reads it."""
    if model.error is not None:
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
    if out.trailing is not None and out.trailing != model.trailing:
        raise Finding("bytes-lost", f"{model.framing} leftover; {out.trailing[:40]!r}, model {model.trailing[:40]!r}")
    expected, got = merged_values(model.fields), merged_values(out.fields)
    for name in sorted(expected.keys() | got.keys()):  # a dropped field is a mismatch too
        if got.get(name) != expected.get(name):
            raise Finding("header-mismatch", f"header value; {name}: {got.get(name)!r}, model {expected.get(name)!r}")


# -- the sans-IO core ---------------------------------------------------------------


def _core(impl: Optional[types.ModuleType]) -> Any:
    module = impl or _ref()
    return module.ResponseParser, module.HTTPException


def conclude_core(
    data: bytes, *, method: str = "GET", strict: bool = False, impl: Optional[types.ModuleType] = None
) -> Conclusion:
    """`data` fed whole, then EOF, read through the core's direct interface.

    receive_head() must then complete the head, and read_body() must return body
    bytes or end the body at every call (`stuck-after-eof`, `no-progress`).
    """
    parser_class, http_exception = _core(impl)
    parser = parser_class(method=method, strict=strict)
    parser.feed(data)
    parser.feed_eof()
    parts: List[bytes] = []
    try:
        if not parser.receive_head():
            raise Finding("stuck-after-eof", "receive_head() incomplete after EOF; ")
        read_body = parser.read_body
        for _ in range(len(data) + 2):
            chunk = read_body()
            if chunk:
                parts.append(chunk)
            if parser.message_complete:
                break
            if not chunk:
                raise Finding("stuck-after-eof", "read_body() gave nothing after EOF; ")
        else:
            raise Finding("no-progress", "read_body() keeps returning data")
    except http_exception as exc:
        return parser.conclusion(b"".join(parts), exc)  # type: ignore[no-any-return]
    return parser.conclusion(parts[0] if len(parts) == 1 else b"".join(parts))  # type: ignore[no-any-return]


def run_core(
    data: bytes,
    *,
    plan: Sequence[int] = WHOLE,
    method: str = "GET",
    strict: bool = False,
    max_data: Optional[int] = None,
    impl: Optional[types.ModuleType] = None,
) -> Conclusion:
    """Feed `data` in the planned pieces, then EOF; the conclusion the events tell.

    Built from the events alone (InterimResponse, StatusLine, Headers, Data,
    EndOfMessage) and `trailing_data`; `head_length` is the parser's.
    """
    R = _ref()
    parser_class, http_exception = _core(impl)
    parser = parser_class(method=method, strict=strict)
    found: Dict[str, Any] = {}
    interim: List[Any] = []
    body: List[bytes] = []
    trailing: List[bytes] = []
    budget = len(data) * 2 + 20  # events possible: one per byte at most, plus the head
    received = 0
    done = False

    def drain(eof: bool) -> None:
        nonlocal budget, received, done
        while not done:
            budget -= 1
            if budget < 0:
                raise Finding("no-progress", "the parser keeps returning events")
            # small reads over the first bytes only: a long body in 1-byte events
            # would cost more than it finds
            event = parser.next_event(max_data if received < 4096 else None)
            if event is R.NEED_DATA:
                if eof:
                    raise Finding("stuck-after-eof", "NEED_DATA after EOF; ")
                return
            kind = type(event)
            if kind is R.Data:
                if not event.data:
                    raise Finding("no-progress", "an empty Data event")
                if max_data is not None and received < 4096 and len(event.data) > max_data:
                    raise Finding("framing-mismatch", f"Data over max_data; {len(event.data)} > {max_data}")
                body.append(event.data)
                received += len(event.data)
            elif kind is R.InterimResponse:
                interim.append(event)
            elif kind is R.StatusLine:
                found.update(version=event.version, status=event.status, reason=event.reason)
            elif kind is R.Headers:
                found.update(fields=event.fields, framing=event.framing, length=event.length,
                             will_close=event.will_close, head_length=parser.head_length)
            elif kind is R.EndOfMessage:
                found["trailers"] = event.trailers
                trailing.append(parser.trailing_data)
                done = True

    out = R.Conclusion()
    try:
        for piece in pieces(data, plan) if plan is not WHOLE else [data]:
            parser.feed(piece)
            if done:  # bytes after the message: they stay on the wire, unparsed
                trailing.append(parser.trailing_data)
            drain(False)
        parser.feed_eof()
        drain(True)
    except http_exception as exc:
        out = _with_error(out, exc, body)
    return dataclasses.replace(out, interim=tuple(interim), body=b"".join(body),
                               trailing=b"".join(trailing), **found)


def _core_key(run: Conclusion) -> Tuple[Any, ...]:
    # after an error only the error and the bytes it carries must agree: events
    # before it depend on how far each run got when the error surfaced
    if run.error == "IncompleteRead":
        return (run.error, run.expected, run.body)
    if run.error is not None:
        return (run.error,)
    return dataclasses.astuple(run)


def check_core(
    data: bytes, control_byte: int = 0, *, strict: bool = False, impl: Optional[types.ModuleType] = None
) -> Conclusion:
    """All oracles for a sans-IO core (the reference's by default) on one response."""
    plan, method, amt = control(control_byte)
    whole = run_core(data, method=method, strict=strict, impl=impl)
    split = run_core(data, plan=plan, method=method, strict=strict, max_data=amt, impl=impl)
    if _core_key(whole) != _core_key(split):
        raise Finding(
            "split-mismatch",
            f"whole {whole.error} split {split.error}; {_short(_core_key(whole))} != {_short(_core_key(split))}",
        )
    check_conclusion(data, whole, _model.strict_response(data, method=method))
    if not strict:
        strict_run = run_core(data, method=method, strict=True, impl=impl)
        if strict_run.error is None and _core_key(strict_run) != _core_key(whole):
            raise Finding("strict-mismatch", "strict and lenient parsers accept differently")
    return whole


def check_conclusion(data: bytes, run: Conclusion, model: Optional[Conclusion]) -> None:
    """What a core concluded agrees with the framing and the model; fields are clean.

    `model` is _model.strict_response(data) for the method the core was given.
    Content-Length: exactly that many bytes, then the rest stays on the wire;
    close-delimited: the rest is the body; no body: the rest stays on the wire;
    chunked: what the lenient model decodes, and its trailers. A valid response
    (the model) is read as the model reads it; a truncated one is an error.
    """
    R = _ref()
    if model is not None:
        if model.error is None and run.error is not None:
            raise Finding("rejects-valid", f"{run.error} for a valid {model.framing} response")
        if model.error is not None and run.error is None:
            raise Finding("silent-truncation", f"{model.framing} body cut short, no error")
    if run.error is not None:
        return
    fields = run.fields + run.trailers
    if any(value != value.strip(" \t") or not name for name, value in fields):
        raise Finding("accepts-malformed", f"field; {fields!r}")
    check_accepted(run, "GET")
    if run.reason is None or any(c in run.reason for c in "\r\n\x00"):
        raise Finding("accepts-malformed", f"reason; {run.reason!r}")
    if run.head_length is None:
        raise Finding("framing-mismatch", "no head length for an accepted response")
    rest = data[run.head_length :]
    body, trailing = run.body, run.trailing
    if run.framing == R.LENGTH:
        if len(body) != run.length or rest[: run.length] != body or rest[run.length :] != trailing:
            raise Finding("framing-mismatch", f"content-length body; {run.length} != {len(body)}")
    elif run.framing == R.UNTIL_CLOSE:
        if body != rest or trailing:
            raise Finding("bytes-lost", f"until-close body; {len(body)} of {len(rest)}")
    elif run.framing == R.NO_BODY:
        if body or trailing != rest:
            raise Finding("bytes-lost", f"no-body response; body {len(body)}, trailing {len(trailing or b'')}")
    elif run.framing == R.CHUNKED:
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
    if model is not None and model.error is None:
        concluded = (run.interim, run.version, run.status, run.reason, run.fields, run.framing, body,
                     trailing, run.trailers)
        expected = (model.interim, model.version, model.status, model.reason, model.fields,
                    model.framing, model.body, model.trailing, model.trailers)
        if concluded != expected:
            raise Finding("framing-mismatch", f"valid response; {_short(concluded)} != model {_short(expected)}")


def _short(value: object, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
