"""The primitives report.json's records are built from: checked fields and stored bytes.

Strategy: the records (`_schema`, which re-exports these names) read themselves
with the three field checks, so every malformed report fails with a `SchemaError`
that says where (``report.implementations[2].results[5].verdict``) and what was
there.  Bytes are stored structurally as a `ByteRun` (Latin-1 head and tail, total
size), never as escaped text with an in-band marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, TypeVar

T = TypeVar("T")


class SchemaError(ValueError):
    """report.json (or a record) does not have the documented shape."""


def need(obj: Any, key: str, kind: Any, where: str) -> Any:
    """``obj[key]``, checked to be of ``kind`` (a bool is not a number here)."""
    if not isinstance(obj, Mapping) or key not in obj:
        raise SchemaError(f"{where}.{key} is missing")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise SchemaError(f"{where}.{key} must be {name}, got {value!r:.80}")
    return value


def each(read: Callable[[Any, str], T], obj: Any, key: str, where: str) -> List[T]:
    """``read`` applied to every item of the list ``obj[key]``, each told where it is."""
    items = need(obj, key, list, where)
    return [read(item, f"{where}.{key}[{i}]") for i, item in enumerate(items)]


def latin1(text: str, where: str) -> bytes:
    """A JSON string that stands for bytes, back as bytes (one code point, one byte)."""
    if any(ord(c) > 0xFF for c in text):
        raise SchemaError(f"{where} must be Latin-1 text (code points < 256), got {text[:40]!r}")
    return text.encode("latin-1")


HEAD_BYTES = 256  # kept of each wire event in report.json (see _run.transcript_record)
TAIL_BYTES = 64


@dataclass(frozen=True)
class ByteRun:
    """Bytes as stored: all of them, or a head and a tail of ``size`` bytes."""

    head: bytes
    tail: bytes = b""
    size: int = -1  # -1: len(head), nothing elided

    def __post_init__(self) -> None:
        if self.size == -1:
            object.__setattr__(self, "size", len(self.head) + len(self.tail))
        if self.size < len(self.head) + len(self.tail):
            raise SchemaError(f"ByteRun.size must be >= head + tail, got {self.size}")

    @classmethod
    def of(cls, data: bytes, head: int = HEAD_BYTES, tail: int = TAIL_BYTES) -> ByteRun:
        if len(data) <= head + tail:
            return cls(bytes(data))
        return cls(bytes(data[:head]), bytes(data[len(data) - tail :]), len(data))

    @property
    def elided(self) -> int:
        return self.size - len(self.head) - len(self.tail)

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"head": self.head.decode("latin-1"), "size": self.size}
        if self.elided:
            out.update(tail=self.tail.decode("latin-1"), elided=self.elided)
        return out

    @classmethod
    def from_json(cls, obj: Any, where: str = "bytes") -> ByteRun:
        head = latin1(need(obj, "head", str, where), f"{where}.head")
        tail = latin1(need(obj, "tail", str, where), f"{where}.tail") if "tail" in obj else b""
        size = need(obj, "size", int, where)
        elided = obj.get("elided", 0)
        if size - len(head) - len(tail) != elided:
            raise SchemaError(f"{where}.elided must be size - len(head) - len(tail), "
                              f"got {elided!r}")
        return cls(head, tail, size)


# A string holding the scripted server's address ("127.0.0.1:41827", a new port per
# run) is stored as the parts around it, so that results of one case that differ only
# in that address store their facts once (`_schema.common_observations`).
SPLIT_TAG = "$split"


def split_around(value: Any, text: str) -> Any:
    """``value`` with every string holding ``text`` as ``{"$split": [parts around it]}``."""
    if isinstance(value, str):
        return {SPLIT_TAG: value.split(text)} if text and text in value else value
    if isinstance(value, list):
        return [split_around(v, text) for v in value]
    if isinstance(value, dict):
        return {k: split_around(v, text) for k, v in value.items()}
    return value


def join_around(value: Any, text: str) -> Any:
    """The inverse of `split_around`: every ``{"$split": parts}`` joined with ``text``."""
    if isinstance(value, list):
        return [join_around(v, text) for v in value]
    if isinstance(value, dict):
        if set(value) == {SPLIT_TAG}:
            return text.join(value[SPLIT_TAG])
        return {k: join_around(v, text) for k, v in value.items()}
    return value
