"""Header and trailer field lines -> (name, value) pairs.

One regex pass handles a well-formed block; anything unusual goes line by line so the
error names the offending line. Both paths give the same result for every block the
fast path accepts (tests/reference/test_fields.py checks this on generated blocks).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ._abnf import TOKEN, token_re
from ._errors import ProtocolError, shown
from ._events import Fields
from ._framing import FRAMING_FIELDS, FramingFields

_token_fullmatch = token_re.fullmatch

# RFC 9112 5: field-line = field-name ":" OWS field-value OWS, one per line. The fast
# path matches every line of a well-formed block in one pass; a block with any other
# line (obs-fold, bare CR, NUL, no colon, bad name) takes the line-by-line path, which
# folds or raises with the offending line in the message.
_field_line_re = re.compile(
    rf"^({TOKEN}):[ \t]*((?:[^\r\n\x00]*[^\r\n\x00 \t])?)[ \t]*\r?\n", re.MULTILINE
)

# The same line with OWS left at the end of the value: cheaper, used by
# parse_clean_block only after it has checked that no value ends in OWS.
_greedy_field_line_re = re.compile(
    rf"^({TOKEN}):[ \t]*([^\r\n\x00]*)\r\n", re.MULTILINE
)


def parse_fields(text: str, what: str) -> Fields:
    """A block of field lines (each ending in LF) -> (name, value) pairs in order."""
    fields = _field_line_re.findall(text)
    if len(fields) == text.count("\n"):
        return tuple(fields)
    return _parse_fields_slowly(text, what)


def parse_clean_block(text: str, max_lines: int) -> Optional[Fields]:
    """The fields of a block in the common form, or None for parse_fields to decide.

    Common form: every line `token:value` with CRLF, no NUL, no bare CR, no OWS at
    the end of a value, at most `max_lines` lines. One regex pass and two scans.
    """
    fields = _greedy_field_line_re.findall(text)
    count = len(fields)
    if count != text.count("\n") or count > max_lines or " \r" in text or "\t\r" in text:
        return None
    return tuple(fields)


def parse_fields_and_framing(text: str, what: str) -> Tuple[Fields, FramingFields]:
    """parse_fields() plus framing_fields() of the result, sharing the fast path."""
    fields = _field_line_re.findall(text)
    if len(fields) == text.count("\n"):
        return tuple(fields), framing_fields_of_block(text)
    slow = _parse_fields_slowly(text, what)
    return slow, framing_fields(slow)


def _parse_fields_slowly(text: str, what: str) -> Fields:
    """Line by line: obs-fold joined with one SP (RFC 9112 5.2), anything else refused.

    Refused (RFC 9112 5.1, 5.2 and 2.2, RFC 9110 5.5): a bare CR, a NUL, a line
    without a colon, a name that is not a token (which covers whitespace before the
    colon), and whitespace at the start of the first line.
    """
    fields: List[Tuple[str, str]] = []
    for line in text.split("\n")[:-1]:
        if line.endswith("\r"):
            line = line[:-1]
        if "\r" in line or "\x00" in line:
            raise ProtocolError(f"bare CR or NUL in {what} {shown(line.encode('latin-1'))}")
        if line[:1] in (" ", "\t"):
            if not fields:
                raise ProtocolError(f"{what} begins with whitespace: {shown(line.encode('latin-1'))}")
            name, value = fields[-1]
            folded = line.strip(" \t")
            fields[-1] = (name, f"{value} {folded}" if value else folded)
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise ProtocolError(f"{what} without a colon: {shown(line.encode('latin-1'))}")
        if _token_fullmatch(name) is None:
            raise ProtocolError(f"invalid field name {shown(name.encode('latin-1'))} in {what}")
        fields.append((name, value.strip(" \t")))
    return tuple(fields)


def framing_fields(fields: Fields) -> FramingFields:
    """The values of the fields that decide framing, by lower-case name."""
    found: FramingFields = {}
    for name, value in fields:
        key = name.lower()
        if key in FRAMING_FIELDS:
            found.setdefault(key, []).append(value)
    return found


_FRAMING_KEYS = tuple((name, "\n" + name + ":") for name in sorted(FRAMING_FIELDS))


def framing_fields_of_block(text: str) -> FramingFields:
    """framing_fields() for a block that parse_clean_block accepted.

    Every line of such a block is `name:value` + CRLF, so a field is found by
    searching the lower-cased text for LF + name + ":" instead of lower-casing every
    name, and its value ends at the CR.
    """
    lowered = "\n" + text.lower()
    found: FramingFields = {}
    for name, key in _FRAMING_KEYS:
        at = lowered.find(key)
        if at < 0:
            continue
        values = found[name] = []
        while at >= 0:
            start = at + len(key) - 1  # offsets in `text`, which lacks the leading LF
            end = text.find("\r", start)
            values.append(text[start:end].strip(" \t"))
            at = lowered.find(key, end)
    return found
