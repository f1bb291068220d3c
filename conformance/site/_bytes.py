"""Bytes on a page: every byte visible, CR/LF/control bytes marked, floods cut.

Strategy: escape once, into `Segment`s (plain text, a run of escapes, a line
break after each LF) that the templates lay out; a `Shown` is what one run of
bytes becomes: head segments, the number of bytes left out, tail segments.  The
input is always bytes, never escaped text: report.json stores bytes as
`_schema.ByteRun` (Latin-1 head and tail with sizes), so nothing is re-parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Union

from .._schema import ByteRun

MAX_SHOWN_BYTES = 4096  # per run of bytes; beyond this a head and a tail are shown
SCRIPT_SHOWN_BYTES = 512  # scripted-server steps: the pattern matters, not its length
_NAMED = {0x5C: "\\\\", 0x0D: "\\r", 0x0A: "\\n", 0x09: "\\t"}


def escape_byte(byte: int) -> str:
    """One byte as text: printable ASCII as is, the rest (and backslash) escaped."""
    if byte in _NAMED:
        return _NAMED[byte]
    return chr(byte) if 0x20 <= byte < 0x7F else f"\\x{byte:02x}"


def escape_bytes(data: bytes) -> str:
    return "".join(escape_byte(byte) for byte in data)


@dataclass(frozen=True)
class Segment:
    """A run of escaped text: ``kind`` is "text", "esc" (visible escapes) or "eol"."""

    kind: str
    text: str


def segments(data: bytes) -> List[Segment]:
    """Plain runs and escape runs; a line break follows each LF."""
    out: List[Segment] = []
    for byte in data:
        plain = 0x20 <= byte < 0x7F or byte == 0x5C
        kind = "text" if plain else "esc"
        text = escape_byte(byte)
        if out and out[-1].kind == kind:
            out[-1] = Segment(kind, out[-1].text + text)
        else:
            out.append(Segment(kind, text))
        if byte == 0x0A:
            out.append(Segment("eol", ""))
    return out


@dataclass(frozen=True)
class Shown:
    """Bytes as displayed: head segments, elided byte count, tail segments, total size."""

    head: List[Segment]
    elided: int = 0
    tail: List[Segment] = field(default_factory=list)
    size: Optional[int] = None


def show_bytes(data: Union[bytes, ByteRun], limit: int = MAX_SHOWN_BYTES) -> Shown:
    """Whole up to ``limit`` bytes, else a head, the elided count and a tail."""
    run = data if isinstance(data, ByteRun) else ByteRun(bytes(data))
    if run.elided == 0 and len(run.head) > limit:
        run = ByteRun.of(run.head, limit * 3 // 4, limit // 8)
    return Shown(segments(run.head), run.elided, segments(run.tail), run.size)


def latin1(text: str) -> bytes:
    """The project's JSON byte convention: byte N is code point N."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


def has_control(value: object) -> bool:
    """Whether a string holds bytes that need escaping to be seen (CR, LF, NUL, ...)."""
    return isinstance(value, str) and any(ord(c) < 0x20 or 0x7F <= ord(c) < 0x100 for c in value)
