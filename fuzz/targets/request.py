"""Request writer: either a documented error is raised before any byte is sent, or the bytes sent parse back as exactly one request with the same fields.

Input: a control byte (bit 0: request() or putrequest/putheader/endheaders/send;
bit 1: with a body; bit 2: strings decoded as UTF-8 rather than ISO-8859-1, to reach
characters outside Latin-1), then length-prefixed strings: host, method, URL, up to
five header names and values; the rest is the body. Documented errors: the module's
HTTPException family and ValueError (which covers UnicodeEncodeError), as CPython
and the reference document them. The independent parser is h11, acting as a server:
one Request, the same method, target, caller headers (values compared without
surrounding whitespace, which RFC 9110 5.5 says is not part of a value) and body,
and not one byte more. Host, Content-Length and Transfer-Encoding are set by the
connection; caller-supplied ones are skipped (their correctness is the caller's).
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import List, Optional, Tuple

from httpcts.fuzz._io import RecordingSocket
from httpcts.fuzz._runtime import load_impl
from httpcts.fuzz.oracles import Finding

DICTIONARY = "request.dict"
_CONNECTION_SET = frozenset(("host", "content-length", "transfer-encoding"))


class _Reader:
    """Length-prefixed fields out of fuzz bytes; running out gives empty fields."""

    def __init__(self, data: bytes, utf8: bool) -> None:
        self.data, self.pos, self.utf8 = data, 0, utf8

    def byte(self) -> int:
        value = self.data[self.pos] if self.pos < len(self.data) else 0
        self.pos += 1
        return value

    def text(self) -> str:
        size = self.byte()
        raw = self.data[self.pos : self.pos + size]
        self.pos += len(raw)
        return raw.decode("utf-8", "replace") if self.utf8 else raw.decode("latin-1")

    def rest(self) -> bytes:
        return self.data[self.pos :]


def parse_back(written: bytes) -> Tuple[bytes, bytes, List[Tuple[bytes, bytes]], bytes]:
    """(method, target, headers, body) of the one request in `written`, via h11."""
    import h11

    server = h11.Connection(h11.SERVER, max_incomplete_event_size=1 << 20)
    try:
        server.receive_data(written)
        request = server.next_event()
        if type(request) is not h11.Request:
            raise Finding("request-unparseable", f"not a whole request; {request!r}")
        body = []
        while True:
            event = server.next_event()
            if type(event) is h11.Data:
                body.append(bytes(event.data))
            elif type(event) is h11.EndOfMessage:
                break
            else:
                raise Finding("request-unparseable", f"body ends early; {event!r}")
    except h11.RemoteProtocolError as exc:
        raise Finding("request-unparseable", f"h11 refuses the request; {exc}: {written[:200]!r}") from None
    if server.trailing_data[0]:
        raise Finding("request-extra-bytes", f"bytes after the request; {server.trailing_data[0][:80]!r}")
    return request.method, request.target, list(request.headers), b"".join(body)


@dataclass(frozen=True)
class Sent:
    """What the caller asked for and the bytes the connection wrote."""

    method: str
    url: str
    headers: List[Tuple[str, str]]
    body: Optional[bytes]
    via_request: bool  # request() rather than putrequest/putheader/endheaders/send
    written: bytes


def send(data: bytes, impl: types.ModuleType) -> Optional[Sent]:
    """Make the request the input spells; None when a documented error came first.

    Raises Finding("partial-request") when a documented error comes after bytes were
    sent; any other exception escapes.
    """
    flags = data[0]
    reader = _Reader(data[1:], utf8=bool(flags & 4))
    host, method, url = reader.text(), reader.text(), reader.text()
    headers = [(reader.text(), reader.text()) for _ in range(reader.byte() % 6)]
    headers = [(n, v) for n, v in headers if n.lower() not in _CONNECTION_SET]
    if flags & 1:
        seen: dict = {}
        for name, value in headers:  # request() takes a mapping: one value per name
            seen.setdefault(name.lower(), (name, value))
        headers = list(seen.values())
    body = reader.rest() if flags & 2 else None
    documented = (impl.HTTPException, ValueError)
    try:
        conn = impl.HTTPConnection(host)
    except documented:
        return None
    sock = RecordingSocket()
    conn.sock = sock
    try:
        if flags & 1:
            conn.request(method, url, body, dict(headers))
        else:
            conn.putrequest(method, url)
            for name, value in headers:
                conn.putheader(name, value)
            if body:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            if body:
                conn.send(body)
    except documented as exc:
        if sock.written:
            raise Finding("partial-request", f"{type(exc).__name__} after bytes were sent; {sock.written[:80]!r}") from None
        return None
    finally:
        conn.sock = None
        sock.close()
    return Sent(method, url, headers, body, bool(flags & 1), sock.written)


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if not data:
        return
    made = send(data, impl or load_impl())
    if made is None:
        return
    method, url, headers, body = made.method, made.url, made.headers, made.body
    got_method, target, fields, got_body = parse_back(made.written)
    if got_method != method.encode("latin-1") or target != (url or "/").encode("latin-1"):
        raise Finding("request-fields-mismatch", f"request line; {got_method!r} {target!r}")
    # the connection adds `Accept-Encoding: identity` first, unless request() was given
    # an Accept-Encoding of the caller's
    caller_names = {name.lower() for name, _ in headers}
    automatic = not (made.via_request and "accept-encoding" in caller_names)
    sent = []
    for raw_name, raw_value in fields:
        if raw_name.decode("latin-1") in _CONNECTION_SET:
            continue
        if automatic and (raw_name, raw_value) == (b"accept-encoding", b"identity"):
            automatic = False
            continue
        sent.append((raw_name, raw_value))
    expected = [
        (name.lower().encode("latin-1"), value.encode("latin-1").strip(b" \t"))
        for name, value in headers
    ]
    if sent != expected:
        raise Finding("request-fields-mismatch", f"headers; {sent!r} != {expected!r}")
    if got_body != (body or b""):
        raise Finding("request-fields-mismatch", f"body; {len(got_body)} bytes, sent {len(body or b'')}")

