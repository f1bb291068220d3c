"""Chunked body: a body is accepted only if it is a well-formed chunked body, and decodes to exactly its chunks.

Input: a control byte, then the bytes after a fixed `Transfer-Encoding: chunked`
head: chunk-size lines, extensions, chunk data, the last chunk, trailers and any
bytes after the message. The oracle decodes the same bytes with the independent
model (RFC 9112 7.1 plus the reference's documented leniencies): an accepted body
the model refuses is a finding (h11's CVE-2025-43859 was "any two bytes after chunk
data"), as is any difference in the body, the trailers or the bytes left on the wire.
"""

from __future__ import annotations

import types
from typing import Optional

from httpcts.fuzz import oracles
from httpcts.fuzz._bounds import check_bounds
from httpcts.fuzz._runtime import load_impl

DICTIONARY = "response.dict"
HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


def message(data: bytes) -> bytes:
    return HEAD + data[1:]


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if not data:
        return
    oracles.check_part(impl, message(data), data[0])
    check_bounds(impl or load_impl(), message(data), data[0])

