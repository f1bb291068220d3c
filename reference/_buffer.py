"""The parser's receive buffer: bytes in, lines and slices out.

Every `maybe_` method returns None when the buffer does not yet hold a complete item,
and remembers how far it already looked, so feeding a response one byte at a time
stays linear (a slow or hostile server cannot make the parser quadratic). Line limits
are enforced on incomplete data too: an endless line or an endless run of short
lines is refused as soon as it crosses the limit, not when it ends.
"""

from __future__ import annotations

import re
from typing import List, Optional, Union

from ._abnf import SHORT_CHUNK_SIZE, as_bytes
from ._clean_head import CleanHead, read_clean_head
from ._errors import LineTooLong, TooMany

_blank_line_re = re.compile(rb"\n\r?\n")
# RFC 9112 7.1 chunk-size lines of at most 15 hex digits and nothing else (no
# extensions, no OWS: those go to the chunked reader); the second also takes the CRLF
# that ends the chunk data before it
_chunk_size_line = re.compile(as_bytes(f"({SHORT_CHUNK_SIZE})\r\n")).match
_next_chunk_size_line = re.compile(as_bytes(f"\r\n({SHORT_CHUNK_SIZE})\r\n")).match


class ReceiveBuffer:
    # Initial state as class attributes: a buffer is made per response, and an empty
    # one then costs no assignments.
    # bytes while a single feed is being consumed (no copy), bytearray once leftover
    # data has to be joined with new data
    _data: Union[bytes, bytearray] = b""
    _pos = 0
    _scan = 0  # offset from _pos up to which the current block was examined
    _lines_seen = 0  # complete lines counted in the current block so far
    _line_start = 0  # offset from _pos of the block's unfinished line

    def __len__(self) -> int:
        return len(self._data) - self._pos

    def feed(self, data: bytes) -> None:
        if self._pos == len(self._data):
            self._data = data
            self._pos = 0
            return
        if isinstance(self._data, bytes):
            self._data = bytearray(self._data[self._pos :])
        elif self._pos:
            del self._data[: self._pos]  # O(1) amortised: CPython moves the start
        self._pos = 0
        self._data += data

    def push_front(self, data: bytes) -> None:
        """Put bytes back in front of the unread data (HTTP/0.9: the line is body)."""
        self._data = data + bytes(self._data[self._pos :])
        self._pos = 0
        self._scan = self._lines_seen = self._line_start = 0

    def peek(self, count: int) -> bytes:
        return bytes(self._data[self._pos : self._pos + count])

    def take_all(self) -> bytes:
        if self._pos == len(self._data):
            return b""
        out = bytes(self._data[self._pos :])
        self._data = b""
        self._pos = 0
        return out

    def take_at_most(self, count: int) -> bytes:
        data, start = self._data, self._pos
        end = start + count
        if end > len(data):
            end = len(data)
        self._pos = end
        # a whole bytes buffer slices to itself: no copy in the common case
        return data[start:end] if type(data) is bytes else bytes(data[start:end])

    def take_whole_chunks(self, parts: List[bytes], trailer_limit: int) -> Optional[str]:
        """Append the data of each complete chunk at the front to `parts`.

        When it also took the last chunk and its trailer section, it returns the trailer
        lines (decoded, each with its CRLF; "" for none): the body has ended. Otherwise
        None: it stopped, leaving the rest to the chunked reader, at anything else:
        extensions, an incomplete or malformed chunk, a size of more than 15 hex digits,
        a trailer section of more than `trailer_limit` bytes.
        """
        data, pos = self._data, self._pos
        trailers: Optional[str] = None
        taken = len(parts)
        chunk = _chunk_size_line(data, pos)
        while chunk is not None:
            start = chunk.end()
            end = start + int(chunk[1], 16)
            if end == start:  # the last chunk, then trailer lines up to an empty line
                if data.startswith(b"\r\n", start):
                    trailers, pos = "", start + 2
                else:
                    block_end = data.find(b"\r\n\r\n", start, start + trailer_limit)
                    # an earlier blank line ending in a bare LF ends the section first:
                    # leave that to the chunked reader, which reads it line by line
                    if block_end >= 0 and (
                        data.startswith(b"\n", start)
                        or data.find(b"\n\n", start, block_end + 2) >= 0
                        or data.find(b"\n\r\n", start, block_end + 2) >= 0
                    ):
                        block_end = -1
                    if block_end >= 0:
                        trailers = data[start : block_end + 2].decode("latin-1")
                        pos = block_end + 4
                break
            # the CRLF after the data and the next size line, in one match: without
            # both, this chunk is left whole to the chunked reader
            chunk = _next_chunk_size_line(data, end)
            if chunk is None:
                break
            parts.append(data[start:end])  # type: ignore[arg-type]  # bytes below
            pos = end + 2
        if type(data) is not bytes:  # slices of a bytearray are bytearrays
            parts[taken:] = [bytes(part) for part in parts[taken:]]
        if pos != self._pos:
            self._pos = pos
            self._scan = 0
        return trailers

    def maybe_take_clean_head(self, max_line: int, max_lines: int) -> Optional[CleanHead]:
        """A whole response head in the common form (see _clean_head), or None.

        None leaves the buffer as it was, for the parser's line-by-line readers. Only
        called before they begin: it does not keep their incremental scan state.
        """
        head = read_clean_head(self._data, self._pos, max_line, max_lines)
        if head is not None:
            self._pos += head[0]
        return head

    def maybe_take_line(self, limit: int, what: str) -> Optional[bytes]:
        """One line with its LF (and CR, if any), or None; LineTooLong past `limit` bytes."""
        data, pos = self._data, self._pos
        end = data.find(b"\n", pos + self._scan)
        if end < 0:
            if _too_long(data, pos, len(data), limit):
                raise LineTooLong(what, limit)
            self._scan = len(data) - pos
            return None
        self._scan = 0
        self._pos = end + 1
        if _too_long(data, pos, end, limit):
            raise LineTooLong(what, limit)
        return bytes(data[pos : end + 1])

    def maybe_take_block(self, line_limit: int, max_lines: int, what: str) -> Optional[str]:
        """The lines up to a blank line, decoded as ISO-8859-1, each ending in LF.

        Returns "" when the block is empty and None while it is incomplete. Raises
        LineTooLong for a line over `line_limit` bytes and TooMany for more than
        `max_lines` lines, counting lines still arriving.
        """
        data, pos = self._data, self._pos
        if data[pos : pos + 1] == b"\n":
            self._pos = pos + 1
            return ""
        if data[pos : pos + 2] == b"\r\n":
            self._pos = pos + 2
            return ""
        match = _blank_line_re.search(data, max(pos, pos + self._scan - 2))
        if match is None:
            self._count_incomplete(line_limit, max_lines, what)
            return None
        block_end = match.start() + 1  # just after the LF that ends the last line
        self._pos = match.end()
        self._scan = self._lines_seen = self._line_start = 0
        text = data[pos:block_end].decode("latin-1")
        if text.count("\n") > max_lines:
            raise TooMany(what + "s", max_lines)
        if block_end - pos > line_limit:
            for line in text.split("\n"):
                if len(line) > line_limit + line.endswith("\r"):  # + the CR of a CRLF
                    raise LineTooLong(what, line_limit)
        return text

    def _count_incomplete(self, line_limit: int, max_lines: int, what: str) -> None:
        data, pos = self._data, self._pos
        start = pos + self._scan
        self._lines_seen += data.count(b"\n", start)
        self._scan = len(data) - pos
        if self._lines_seen > max_lines:
            raise TooMany(what + "s", max_lines)
        last_newline = data.rfind(b"\n", start)
        if last_newline >= 0:
            self._line_start = last_newline + 1 - pos
        if _too_long(data, pos + self._line_start, len(data), line_limit):
            raise LineTooLong(what, line_limit)


def _too_long(data: Union[bytes, bytearray], start: int, end: int, limit: int) -> bool:
    """Whether data[start:end], a line without its LF, holds more than `limit` bytes
    besides a final CR (which may belong to a CRLF)."""
    length = end - start
    return length > limit and (length > limit + 1 or data[end - 1] != 13)


def strip_eol(line: bytes) -> bytes:
    """A line without its final LF or CRLF."""
    if line.endswith(b"\r\n"):
        return line[:-2]
    if line.endswith(b"\n"):
        return line[:-1]
    return line
