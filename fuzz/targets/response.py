"""Whole response: HTTPResponse reads the same thing however the bytes arrive, and nothing but HTTPException escapes.

Input: a control byte, then everything the server sends before closing. The control
byte picks how the bytes are cut into socket reads (16 split plans, from one read to
one byte per read), GET or HEAD, and read() or read(amt) with amt in 1..4096. The
response is read through `impl.HTTPResponse(FakeSocket)`, so any httplib-style module
can be fuzzed (`--impl http.client`); oracles in httpcts.fuzz.oracles.check_response
(for a module with a sans-IO core, the reference: check_core_and_response, where the
core reads the bytes whole and HTTPResponse reads them split and must conclude the
same).
"""

from __future__ import annotations

import types
from typing import Optional

from httpcts.fuzz import oracles
from httpcts.fuzz._bounds import check_bounds
from httpcts.fuzz._runtime import load_impl

DICTIONARY = "response.dict"


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if not data:
        return
    impl = impl or load_impl()
    oracles.check_response(impl, data[1:], data[0])
    check_bounds(impl, data[1:], data[0])

