"""Bugs the fuzz campaigns found in the reference, one test each (see fuzz/FINDINGS.md).

Strategy: each test states the input, what the reference concluded before the fix
and what it must conclude now, through the sans-IO core's events.
"""

from __future__ import annotations

from typing import List

import httpcts.reference as reference
import pytest
from httpcts.reference import Headers


def events(data: bytes) -> List[object]:
    parser = reference.ResponseParser()
    parser.feed(data)
    parser.feed_eof()
    return parser.events()


def test_whitespace_only_continuation_line_adds_no_trailing_space() -> None:
    # found by the headers target: `0:0\n \n\n` gave the field ('0', '0 '): an
    # obs-fold line of whitespace only appended a lone SP, so the value ended in OWS
    fields = [e for e in events(b"HTTP/1.1 200 OK\r\nX: a\r\n \t\r\nContent-Length: 0\r\n\r\n")
              if type(e) is Headers][0].fields
    assert fields == (("X", "a"), ("Content-Length", "0"))
    fields = [e for e in events(b"HTTP/1.1 200 OK\r\n0:0\n \n\n") if type(e) is Headers][0].fields
    assert fields == (("0", "0"),)


CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


def test_trailer_fast_path_stops_at_a_blank_line_ending_in_lf() -> None:
    # found by the response and chunked targets: the whole-buffer fast path of the
    # chunked reader ended the trailer section at the first CRLFCRLF, past an earlier
    # blank line ending in a bare LF, so fed whole the reference raised ProtocolError
    # ("trailer line without a colon: b''") or TooMany where fed in pieces it read the
    # trailers and left the rest on the wire
    trailing = [e for e in events(CHUNKED + b"5\r\n00000\r\n0\r\n0:\n\r\n\r\n")][2:]
    assert [type(e).__name__ for e in trailing] == ["Data", "EndOfMessage"]
    assert trailing[1].trailers == (("0", ""),)  # type: ignore[attr-defined]
    parser = reference.ResponseParser()
    parser.feed(CHUNKED + b"0\r\nA: 1\n\nHTTP/1.1 200 OK\r\n\r\n")
    parser.feed_eof()
    assert parser.events()[-1].trailers == (("A", "1"),)  # type: ignore[attr-defined]
    assert parser.trailing_data == b"HTTP/1.1 200 OK\r\n\r\n"
    parser = reference.ResponseParser()
    parser.feed(CHUNKED + b"0\r\n0\r\n0\r\n0\n" + b"\n" * 100 + b"\r\n\r\n")
    parser.feed_eof()
    with pytest.raises(reference.ProtocolError, match="without a colon"):
        parser.events()  # the trailer line "0": the same error as fed in pieces


def test_bare_cr_before_crlf_in_a_folded_line_is_refused() -> None:
    # found by the chunked target: the obs-fold fast path of parse_fields turned
    # CRLF into LF first, so in " 0\r\r\n" the bare CR became a line end and vanished:
    # `A: 1\r\n 0\r\r\n` gave ('A', '1 0'); a bare CR must be refused (cpython #114782
    # shows what it smuggles), as the line-by-line path does
    for block in (b"HTTP/1.1 200 OK\r\nA: 1\r\n 0\r\r\nContent-Length: 0\r\n\r\n",
                  CHUNKED + b"0\r\nA: 1\r\n 0\r\r\n\r\n"):
        with pytest.raises(reference.ProtocolError, match="bare CR"):
            events(block)
    fields = [e for e in events(b"HTTP/1.1 200 OK\r\nA: 1\r\n 0\r\nContent-Length: 0\r\n\r\n")
              if type(e) is Headers][0].fields
    assert fields == (("A", "1 0"), ("Content-Length", "0"))
