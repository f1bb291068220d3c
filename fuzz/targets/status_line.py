"""Status line: any first line is parsed to the StatusLine it spells, or refused with an HTTPException.

Input: a control byte (split plan, method, read size; see oracles.control), then the
status line (up to its first LF). A fixed header block `Content-Length: 2` and body
follow, so what varies is the status line alone: its version, code, reason, stray
whitespace, HTTP/0.9 and 1xx handling. Against the reference the sans-IO core is
checked (strict and lenient); against any other module its HTTPResponse. Oracles in
httpcts.fuzz.oracles: only HTTPException escapes, whole == split, the conclusion
matches the independent model for valid lines.
"""

from __future__ import annotations

import types
from typing import Optional

from httpcts.fuzz import oracles

DICTIONARY = "response.dict"
TAIL = b"\r\nContent-Length: 2\r\n\r\nok"


def message(data: bytes) -> bytes:
    """The response the input spells: its first line, then a fixed head and body."""
    return data[1:].split(b"\n", 1)[0] + TAIL


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if not data:
        return
    oracles.check_part(impl, message(data), data[0])

