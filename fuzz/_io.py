"""In-memory sockets for fuzz targets: canned bytes delivered in fuzzer-chosen pieces.

Strategy: a raw stream whose every `readinto` returns at most the next piece of a
split plan, wrapped in io.BufferedReader exactly as `socket.makefile("rb")` wraps a
socket. So `readline`, `read(n)` and `read1` behave as over a real connection that
delivers the pieces one recv() at a time, for any httplib-style implementation. The
file remembers the bytes nobody read when it is closed (`leftover`), which is what a
keep-alive connection would hand to the next response.
"""

from __future__ import annotations

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


class FakeSocket:
    """Enough of a socket for `HTTPResponse(sock)`: makefile() over canned pieces."""

    def __init__(self, data: bytes, plan: Sequence[int] = SPLIT_PLANS[0]) -> None:
        self.file: PieceFile | WholeFile
        if plan is SPLIT_PLANS[0]:
            self.file = WholeFile(data)
        else:
            self.file = PieceFile(_PieceStream(data, plan), 8192)  # type: ignore[arg-type]
        self.sent: List[bytes] = []

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> PieceFile | WholeFile:
        return self.file

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
