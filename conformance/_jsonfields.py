"""Reading a parsed JSON object field by field, with errors that name the field.

Strategy: the report's records (`_schema`) read themselves with these three
checks, so every malformed report fails with a `SchemaError` that says where
(``report.implementations[2].results[5].verdict``) and what was there.
"""

from __future__ import annotations

from typing import Any, Callable, List, Mapping, TypeVar

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
