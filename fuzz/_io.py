"""In-memory sockets for fuzz targets: canned bytes delivered in fuzzer-chosen pieces.

Strategy: a raw stream whose every `readinto` returns at most the next piece of a
split plan, wrapped in io.BufferedReader exactly as `socket.makefile("rb")` wraps a
socket. So `readline`, `read(n)` and `read1` behave as over a real connection that
delivers the pieces one recv() at a time, for any httplib-style implementation. The
file remembers the bytes nobody read when it is closed (`leftover`), which is what a
keep-alive connection would hand to the next response.

`PieceReader` is the same pieces without the BufferedReader, for a reader that only
calls `read1` (the reference's HTTPResponse): each `read1(n)` returns at most `n`
bytes and never more than what is left of the current piece, with no read-sized buffer
allocated and no Python `readinto` call behind each read. `FakeSocket(...,
buffered=False)` hands it out; implementations that use `readline` (http.client)
keep the BufferedReader.
"""

from __future__ import annotations

import errno
import io
from typing import List, Optional, Sequence, Tuple

# Split plans: piece sizes, the last one repeating. Index 0 is "everything at once".
# Small sizes cut CRLFs, chunk-size lines and header names in every possible place.
SPLIT_PLANS: Tuple[Tuple[int, ...], ...] = (
    (1 << 30,),
    (1,),
    (2,),
    (3,),
    (7,),
    (1, 2),
    (5, 1),
    (13,),
    (64,),
    (1, 1 << 30),
    (17, 1),
    (2, 3, 5, 7, 11),
    (100, 1),
    (4096,),
    (31,),
    (1, 9),
)


def split_plan(selector: int) -> Tuple[int, ...]:
    """The split plan a selector byte names (any int; taken modulo the table)."""
    return SPLIT_PLANS[selector % len(SPLIT_PLANS)]


# A plan cuts at most MAX_PIECES pieces and only within the first FINE_PREFIX bytes
# (the head and the first chunks, where cuts matter); the rest arrives in COARSE
# pieces, so an input costs a bounded number of reads whatever its length. Dripping a
# whole message byte by byte is the sans-IO targets' job (run_core takes any plan).
FINE_PREFIX = 1024
MAX_PIECES = 24
COARSE = 8192


def pieces(data: bytes, plan: Sequence[int], *, fine: int = FINE_PREFIX) -> List[bytes]:
    """`data` cut as `plan` says, the last size repeating, up to `fine` bytes; then the rest."""
    out: List[bytes] = []
    offset, index, last = 0, 0, len(plan) - 1
    while offset < len(data):
        size = plan[index if index < last else last] if offset < fine else len(data)
        out.append(data[offset : offset + size])
        offset += size
        index += 1
    return out


class _PieceStream(io.RawIOBase):
    """A raw stream returning at most one planned piece per read, then EOF."""

    def __init__(self, data: bytes, plan: Sequence[int]) -> None:
        self._data = data
        self._pos = 0
        self._plan = tuple(plan)
        self._index = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        plan = self._plan
        size = plan[self._index if self._index < len(plan) else len(plan) - 1]
        if self._pos >= FINE_PREFIX or self._index > MAX_PIECES:
            size = COARSE
        self._index += 1
        size = min(size, len(buffer), len(self._data) - self._pos)
        buffer[:size] = self._data[self._pos : self._pos + size]
        self._pos += size
        return size


class PieceFile(io.BufferedReader):
    """BufferedReader over the planned pieces; `leftover` holds what was unread at close."""

    leftover: Optional[bytes] = None

    def close(self) -> None:
        if not self.closed and self.leftover is None:
            try:
                self.leftover = self.read()
            except ValueError:  # pragma: no cover - a detached buffer
                self.leftover = b""
        super().close()


class WholeFile(io.BytesIO):
    """The bytes in one piece (the plan "everything at once"), at BytesIO speed."""

    leftover: Optional[bytes] = None

    def close(self) -> None:
        if not self.closed and self.leftover is None:
            self.leftover = self.read()
        super().close()


class PieceReader:
    """The planned pieces through `read1` alone: what _PieceStream's reads deliver.

    A `read1(n)` takes the next piece (the same sizes as _PieceStream, the per-read
    maximum and the coarse rest included) and returns at most `n` bytes of it; what
    `n` left of a piece comes first in the next read, as from a buffer (the one
    difference from the BufferedReader: there a first piece longer than what
    `read1(n)` asks for, which only the whole plan makes, is cut at `n` bytes and the
    rest comes in COARSE pieces). `read(n)` reads until `n` bytes or EOF, as
    BufferedReader.read does. There is no `readline`: an implementation that needs
    one gets the BufferedReader.
    """

    __slots__ = ("_data", "_pos", "_plan", "_index", "_held", "leftover", "closed")

    def __init__(self, data: bytes, plan: Sequence[int] = SPLIT_PLANS[0]) -> None:
        self._data = data
        self._pos = 0  # bytes delivered so far, or held back from the current piece
        self._plan = tuple(plan)
        self._index = 0
        self._held = b""  # the rest of a piece a read1(n) did not take
        self.leftover: Optional[bytes] = None
        self.closed = False

    def read1(self, size: int = -1) -> bytes:
        if self.closed:
            raise ValueError("read of closed file")
        piece = self._held
        if not piece:
            pos, plan, index = self._pos, self._plan, self._index
            last = len(plan) - 1
            if pos >= FINE_PREFIX or index > MAX_PIECES:
                end = pos + COARSE
            else:
                end = pos + plan[index if index < last else last]
            self._index = index + 1
            piece = self._data[pos:end]
            self._pos = pos + len(piece)
        if 0 <= size < len(piece):
            self._held = piece[size:]
            return piece[:size]
        self._held = b""
        return piece

    def read(self, size: Optional[int] = -1) -> bytes:
        parts: List[bytes] = []
        want = -1 if size is None or size < 0 else size
        while want:
            data = self.read1(want)
            if not data:
                break
            parts.append(data)
            if want > 0:
                want -= len(data)
        return b"".join(parts)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self.leftover = self._held + self._data[self._pos :]
            self.closed = True


class FakeSocket:
    """Enough of a socket for `HTTPResponse(sock)`: makefile() over canned pieces.

    `buffered=False`: the file is a PieceReader (read1 and read only) instead of
    the BufferedReader (or, for the whole plan, the BytesIO) that stands for
    `socket.makefile("rb")`; same pieces, same bytes.
    """

    def __init__(self, data: bytes, plan: Sequence[int] = SPLIT_PLANS[0], *, buffered: bool = True) -> None:
        self.file: PieceFile | WholeFile | PieceReader
        if not buffered:
            self.file = PieceReader(data, plan)
        elif plan is SPLIT_PLANS[0]:
            self.file = WholeFile(data)
        else:
            self.file = PieceFile(_PieceStream(data, plan), 8192)  # type: ignore[arg-type]
        self.sent: List[bytes] = []

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> PieceFile | WholeFile | PieceReader:
        return self.file

    def recv(self, size: int) -> bytes:
        """The next piece, at most `size` bytes (geventhttpclient reads the socket itself)."""
        if self.file.closed:  # as a real socket after close()
            raise OSError(errno.EBADF, "Bad file descriptor")
        return self.file.read1(size)

    def sendall(self, data: bytes) -> None:
        self.sent.append(bytes(data))

    def gettimeout(self) -> Optional[float]:
        return None

    def settimeout(self, value: Optional[float]) -> None:
        pass

    def close(self) -> None:
        self.file.close()


class RecordingSocket(FakeSocket):
    """A socket that only records what a connection sends (the request target)."""

    def __init__(self) -> None:
        super().__init__(b"")

    @property
    def written(self) -> bytes:
        return b"".join(self.sent)
