"""Header block: fields parse to clean (token, value) pairs and decide the framing RFC 9112 6.3 gives.

Input: a control byte, then everything after a fixed `HTTP/1.1 200 OK` status line:
the header block and whatever body follows. Oracles (httpcts.fuzz.oracles): only
HTTPException escapes; whole == split; accepted field names are tokens and values
carry no CR, LF, NUL or surrounding whitespace; the body agrees with the framing the
fields decided (Content-Length exact, chunked per the model, until-close = the rest)
and no byte is lost or invented.
"""

from __future__ import annotations

import types
from typing import Optional

from httpcts.fuzz import oracles
from httpcts.fuzz._bounds import check_bounds
from httpcts.fuzz._runtime import load_impl

DICTIONARY = "response.dict"
HEAD = b"HTTP/1.1 200 OK\r\n"


def message(data: bytes) -> bytes:
    return HEAD + data[1:]


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if not data:
        return
    oracles.check_part(impl, message(data), data[0])
    check_bounds(impl or load_impl(), message(data), data[0])

