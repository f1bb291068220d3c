"""Field blocks: the one-pass fast paths give what the line-by-line reader gives.

Blocks are generated from the RFC 9112 5 grammar (token names, field values of VCHAR,
obs-text, SP and HTAB, optional OWS, CRLF or LF, optional obs-fold), then parsed by
_fields.parse_fields, by its slow path, and inside a response by ResponseParser fed
whole (where the clean-head reader may take it) and in pieces (where it cannot).
"""

from __future__ import annotations

import os
from typing import List, Tuple

import httpcts.reference as httplib
from helpers import parse_in_pieces, parse_whole
from httpcts.reference import _fields
from httpcts.reference._abnf import TOKEN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# HTTPCTS_FUZZ_EXAMPLES raises the count for a longer local hunt
# too_slow: generation slows down on a loaded machine; it says nothing about the parser
SETTINGS = settings(max_examples=int(os.environ.get("HTTPCTS_FUZZ_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

names = st.from_regex(TOKEN, fullmatch=True).filter(lambda n: len(n) < 20) | st.sampled_from(
    ["Content-Length", "content-length", "Transfer-Encoding", "Connection", "X-A"])
value_text = st.text(st.sampled_from("\t !\"#:;=az~\x80\xa0\xe9\xff09"), max_size=12)
ows = st.sampled_from(["", " ", "\t", "  \t"])
FOLDS = [" ", "\t", " \t"]


@st.composite
def field_blocks(draw, *, max_lines: int = 6) -> Tuple[str, List[Tuple[str, str]]]:
    """(block, expected fields). Shrinks toward fewer lines, no OWS, no folds, CRLF."""
    eol = draw(st.sampled_from(["\r\n", "\n"]))
    block, expected = "", []
    for _ in range(draw(st.integers(0, max_lines))):
        name, value = draw(names), draw(value_text).strip(" \t")
        block += f"{name}:{draw(ows)}{value}{draw(ows)}{eol}"
        if draw(st.booleans()) and draw(st.booleans()):  # obs-fold, now and then
            more = draw(value_text).strip(" \t")
            fold = draw(st.sampled_from(FOLDS))
            block += f"{fold}{more}{draw(ows)}{eol}"
            value = f"{value} {more}" if value and more else value or more
        expected.append((name, value))
    return block, expected


@SETTINGS
@given(field_blocks())
def test_parse_fields_gives_the_grammar_result(case) -> None:
    block, expected = case
    assert _fields.parse_fields(block, "header line") == tuple(expected)
    assert _fields._parse_fields_by_line(block, "header line") == tuple(expected)


@SETTINGS
@given(field_blocks())
def test_response_head_parses_the_same_whole_and_in_pieces(case) -> None:
    block, expected = case
    data = ("HTTP/1.1 200 OK\r\n" + block + "\r\n").encode("latin-1")
    outcomes = []
    for parse in (lambda d: parse_whole(d, eof=False), lambda d: parse_in_pieces(d, 7, eof=False)):
        try:
            events, _ = parse(data)
            outcomes.append(events[1].fields)
        except httplib.HTTPException as exc:  # framing fields may be invalid
            outcomes.append(type(exc))
    assert outcomes[0] == outcomes[1]
    if isinstance(outcomes[0], tuple):
        assert outcomes[0] == tuple(expected)


@SETTINGS
@given(st.text(st.sampled_from("ab:; \t\r\n\x00\xe9"), max_size=40))
def test_fast_and_slow_paths_agree_on_any_text(text: str) -> None:
    if not text.endswith("\n"):
        text += "\n"
    results = []
    for parse in (_fields.parse_fields, _fields._parse_fields_by_line):
        try:
            results.append(parse(text, "header line"))
        except httplib.ProtocolError:
            results.append("refused")
    assert results[0] == results[1]
