"""Body readers, one per framing (RFC 9112 6.3), keyed in BODY_READERS.

Contract: `read(buffer, eof, max_data)` returns the body bytes available now (at most
`max_data` when given; b"" when it needs more data) and sets `done` (and `trailers`)
once the body has ended, or raises. Readers never ask the buffer for more than the
framing allows and never allocate from a declared size: a read is bounded by what has
arrived, so a 2**70 Content-Length costs nothing until bytes come.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Union

from ._abnf import chunk_header_re
from ._buffer import ReceiveBuffer, strip_eol
from ._errors import IncompleteRead, ProtocolError, TooMany, shown
from ._events import CHUNKED, LENGTH, NO_BODY, UNTIL_CLOSE, Fields
from ._fields import parse_fields
from ._limits import Limits


class NoBodyReader:
    __slots__ = ("done", "trailers")

    def __init__(self, length: Optional[int] = None, limits: Optional[Limits] = None) -> None:
        self.done = True
        self.trailers: Fields = ()

    def read(self, buffer: ReceiveBuffer, eof: bool, max_data: Optional[int]) -> bytes:
        return b""


class LengthReader:
    __slots__ = ("done", "trailers", "_left")

    def __init__(self, length: Optional[int], limits: Optional[Limits] = None) -> None:
        self._left = length or 0
        self.done = not length
        self.trailers: Fields = ()

    def read(self, buffer: ReceiveBuffer, eof: bool, max_data: Optional[int]) -> bytes:
        left = self._left
        data = buffer.take_at_most(left if max_data is None or max_data > left else max_data)
        if data:
            self._left = left = left - len(data)
            self.done = not left
        elif eof and left:
            raise IncompleteRead(b"", left)
        return data


class UntilCloseReader:
    __slots__ = ("done", "trailers")

    def __init__(self, length: Optional[int] = None, limits: Optional[Limits] = None) -> None:
        self.done = False
        self.trailers: Fields = ()

    def read(self, buffer: ReceiveBuffer, eof: bool, max_data: Optional[int]) -> bytes:
        if len(buffer):
            return buffer.take_all() if max_data is None else buffer.take_at_most(max_data)
        self.done = eof
        return b""


# chunked reader steps
_SIZE, _DATA, _DATA_END, _TRAILERS = range(4)


class ChunkedReader:
    """RFC 9112 7.1; LF alone is accepted wherever CRLF ends a line (RFC 9112 2.2),
    but the two bytes after chunk data must be exactly CRLF or LF (CVE-2025-43859)."""

    __slots__ = ("done", "trailers", "_limits", "_left", "_step")

    def __init__(self, length: Optional[int], limits: Limits) -> None:
        self.done = False
        self.trailers: Fields = ()
        self._limits = limits
        self._left = 0
        self._step = _SIZE

    def read(self, buffer: ReceiveBuffer, eof: bool, max_data: Optional[int]) -> bytes:
        if self.done:  # what follows is the next message's, not this body's
            return b""
        parts: List[bytes] = []
        want = -1 if max_data is None else max_data  # -1: no limit
        if want < 0 and self._step == _SIZE:
            limits = self._limits
            trailers = buffer.take_whole_chunks(parts, limits.max_line)
            if trailers is not None:
                if trailers:
                    if trailers.count("\n") > limits.max_trailers:
                        raise TooMany("trailer lines", limits.max_trailers)
                    self.trailers = parse_fields(trailers, "trailer line")
                self.done = True
                return b"".join(parts)
        step, left = self._step, self._left
        try:
            while want:
                if step == _DATA:
                    if not len(buffer):
                        if eof:
                            raise IncompleteRead(b"", left)
                        break
                    data = buffer.take_at_most(left if want < 0 or want > left else want)
                    parts.append(data)
                    left -= len(data)
                    if want > 0:
                        want -= len(data)
                    if not left:
                        step = _DATA_END
                elif step == _SIZE:
                    line = buffer.maybe_take_line(self._limits.max_line, "chunk size line")
                    if line is None:
                        if eof:
                            raise IncompleteRead(b"")
                        break
                    match = chunk_header_re.fullmatch(strip_eol(line).decode("latin-1"))
                    if match is None:
                        raise ProtocolError(f"invalid chunk size line {shown(line)}")
                    left = int(match.group("size"), 16)
                    step = _DATA if left else _TRAILERS
                elif step == _DATA_END:
                    end = buffer.peek(2)
                    if end == b"\r\n" or end[:1] == b"\n":
                        buffer.take_at_most(2 if end == b"\r\n" else 1)
                        step = _SIZE
                    elif end in (b"", b"\r"):
                        if eof:
                            raise IncompleteRead(b"")
                        break
                    else:
                        raise ProtocolError(f"expected CRLF after chunk data, got {end!r}")
                else:
                    limits = self._limits
                    block = buffer.maybe_take_block(limits.max_line, limits.max_trailers, "trailer line")
                    if block is None:
                        if eof:
                            raise IncompleteRead(b"")
                        break
                    self.trailers = parse_fields(block, "trailer line")
                    self.done = True
                    break
        except IncompleteRead as exc:
            raise IncompleteRead(b"".join(parts), exc.expected) from None
        finally:
            self._step, self._left = step, left
        return parts[0] if len(parts) == 1 else b"".join(parts)


BodyReader = Union[NoBodyReader, LengthReader, UntilCloseReader, ChunkedReader]

# framing -> reader class, each built as reader(length, limits)
BODY_READERS: Dict[str, Callable[[Optional[int], Limits], BodyReader]] = {
    NO_BODY: NoBodyReader,
    LENGTH: LengthReader,
    UNTIL_CLOSE: UntilCloseReader,
    CHUNKED: ChunkedReader,
}
