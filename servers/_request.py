"""A small, strict-enough HTTP/1.x request reader for the scripted servers.

Strategy: the servers must not share the client's parser (a bug there would hide
itself), so this module reads requests on its own.  `parse_request(buffer, step)`
is pure: it returns ``None`` while the request is incomplete, ``(request, used)``
once one whole request is in the buffer, or raises `RequestError`.  It is lenient
where recording the client's exact bytes matters more than judging them (header
names keep their case, obs-folds are kept verbatim, LF-only lines are accepted) and
bounded everywhere: head size, header count and body size come from the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._steps import ExpectRequest

Header = tuple[bytes, bytes]

# RFC 9112 §7.1: chunk-size = 1*HEXDIG.  Bounded to 16 digits: a 64-bit size is
# already absurd for a request body, and longer runs are an attack, not a size.
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")
# RFC 9110 §8.6: Content-Length = 1*DIGIT.
_CONTENT_LENGTH = re.compile(rb"[0-9]{1,18}")


class RequestError(ValueError):
    """The bytes the client sent are not one acceptable request."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the client sent it.

    ``headers`` keeps wire order and case; a folded header keeps its continuation
    lines verbatim (line ends included) in the value.  ``body`` is decoded (chunked
    framing removed); ``raw`` is every byte of the request exactly as received.
    """

    method: bytes
    target: bytes
    version: bytes
    headers: tuple[Header, ...]
    body: bytes
    raw: bytes
    trailers: tuple[Header, ...] = ()
    chunked: bool = False
    connection: int = 0

    def header(self, name: bytes) -> bytes | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for n, v in self.headers if n.lower() == wanted), None)

    def header_names(self) -> tuple[bytes, ...]:
        """Header names in wire order and case."""
        return tuple(n for n, _ in self.headers)


def _split_lines(head: bytes) -> list[bytes]:
    return [line[:-1] if line.endswith(b"\r") else line for line in head.split(b"\n")]


def _find_head_end(buffer: bytes) -> tuple[int, int] | None:
    """(end of the last header line, start of the body), or None if incomplete."""
    candidates = []
    for blank in (b"\r\n\r\n", b"\n\n", b"\n\r\n"):
        at = buffer.find(blank)
        if at >= 0:
            candidates.append((at, at + len(blank)))
    return min(candidates) if candidates else None


def _parse_headers(lines: list[bytes]) -> list[Header]:
    headers: list[Header] = []
    for line in lines:
        if line[:1] in (b" ", b"\t") and headers:
            # obs-fold (RFC 9112 §5.2): keep the continuation verbatim so a case can
            # check exactly what the client emitted (httplib's legacy putheader folds).
            name, value = headers[-1]
            headers[-1] = (name, value + b"\r\n" + line)
            continue
        name, colon, value = line.partition(b":")
        if not colon:
            raise RequestError(f"header line without a colon: {line[:80]!r}")
        headers.append((name, value.strip(b" \t")))
    return headers


def _body_framing(headers: list[Header]) -> tuple[str, int]:
    """("chunked", 0) or ("length", n) by RFC 9112 §6.3 (requests: no framing, no body)."""
    codings = b",".join(v for n, v in headers if n.lower() == b"transfer-encoding")
    if codings:
        last = codings.split(b",")[-1].strip().lower()
        if last != b"chunked":
            raise RequestError(f"Transfer-Encoding without final chunked: {codings!r}")
        return "chunked", 0
    lengths = {v.strip() for n, v in headers if n.lower() == b"content-length"}
    if not lengths:
        return "length", 0
    if len(lengths) > 1:
        raise RequestError(f"conflicting Content-Length values: {sorted(lengths)!r}")
    (length,) = lengths
    if not _CONTENT_LENGTH.fullmatch(length):
        raise RequestError(f"invalid Content-Length: {length!r}")
    return "length", int(length)


def _read_line(buffer: bytes, start: int) -> tuple[bytes, int] | None:
    end = buffer.find(b"\n", start)
    if end < 0:
        return None
    line = buffer[start:end]
    return (line[:-1] if line.endswith(b"\r") else line), end + 1


def _parse_chunked(
    buffer: bytes, start: int, max_body: int
) -> tuple[bytes, list[Header], int] | None:
    """(body, trailers, end offset) for a chunked body starting at ``start``."""
    body = bytearray()
    at = start
    while True:
        got = _read_line(buffer, at)
        if got is None:
            if len(buffer) - at > 1024:
                raise RequestError("chunk-size line longer than 1024 bytes")
            return None
        line, at = got
        size_text = line.split(b";", 1)[0].strip(b" \t")
        if not _CHUNK_SIZE.fullmatch(size_text):
            raise RequestError(f"invalid chunk-size line: {line[:80]!r}")
        size = int(size_text, 16)
        if size == 0:
            break
        if len(body) + size > max_body:
            raise RequestError(f"request body longer than {max_body} bytes")
        if len(buffer) < at + size + 1:
            return None
        body += buffer[at : at + size]
        at += size
        if buffer[at : at + 2] == b"\r\n":
            at += 2
        elif buffer[at : at + 1] == b"\n":
            at += 1
        elif len(buffer) - at < 2:
            return None
        else:
            raise RequestError(f"chunk data not followed by CRLF: {buffer[at : at + 8]!r}")
    trailers: list[Header] = []
    while True:
        got = _read_line(buffer, at)
        if got is None:
            return None
        line, at = got
        if not line:
            return bytes(body), trailers, at
        trailers.extend(_parse_headers([line]))
        if len(trailers) > 100:
            raise RequestError("more than 100 trailer lines")


def parse_request(buffer: bytes, step: ExpectRequest) -> tuple[RecordedRequest, int] | None:
    """Parse one request from the front of ``buffer`` (see the module docstring)."""
    bounds = _find_head_end(buffer)
    if bounds is None:
        if len(buffer) > step.max_head_bytes:
            raise RequestError(f"request head longer than {step.max_head_bytes} bytes")
        return None
    head_end, body_start = bounds
    if body_start > step.max_head_bytes:
        raise RequestError(f"request head longer than {step.max_head_bytes} bytes")
    request_line, *header_lines = _split_lines(buffer[:head_end])
    parts = request_line.split(b" ")
    if len(parts) == 2:  # HTTP/0.9 simple request: method and target only
        parts.append(b"")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise RequestError(f"malformed request line: {request_line[:120]!r}")
    headers = _parse_headers(header_lines)
    if len(headers) > step.max_headers:
        raise RequestError(f"more than {step.max_headers} header fields")
    framing, length = _body_framing(headers)
    trailers: list[Header] = []
    if framing == "chunked":
        parsed = _parse_chunked(buffer, body_start, step.max_body_bytes)
        if parsed is None:
            return None
        body, trailers, end = parsed
    else:
        if length > step.max_body_bytes:
            raise RequestError(f"request body longer than {step.max_body_bytes} bytes")
        end = body_start + length
        if len(buffer) < end:
            return None
        body = bytes(buffer[body_start:end])
    method, target, version = parts
    request = RecordedRequest(
        method=bytes(method),
        target=bytes(target),
        version=bytes(version),
        headers=tuple(headers),
        body=body,
        raw=bytes(buffer[:end]),
        trailers=tuple(trailers),
        chunked=framing == "chunked",
    )
    return request, end
