"""Header and trailer field lines -> (name, value) pairs.

One regex pass handles a well-formed block; anything unusual goes line by line so the
error names the offending line. Both paths give the same result for every block the
fast path accepts (tests/reference/test_fields.py checks this on generated blocks).
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

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

# The fields of a block that _clean_head accepted (OWS after a value stripped below).
_clean_field_line_re = re.compile(rf"({TOKEN}):[ \t]*([^\r\n]*)\r\n")


# RFC 9112 5.2: obs-fold = OWS CRLF RWS, replaced by one SP. Applied to LF-only text
# with no OWS before a line end, so the pattern starts with a literal LF that the
# engine can search for.
_obs_fold_re = re.compile(r"\n[ \t]+")
_ows_at_line_end = re.compile(r"[ \t]\r?\n").search


def parse_fields(text: str, what: str) -> Fields:
    """A block of field lines (each ending in LF) -> (name, value) pairs in order."""
    if "\n " in text or "\n\t" in text:
        # a bare CR must reach the slow path's error: "\r\r\n" loses one CR below
        if (
            text[:1] not in (" ", "\t")
            and _ows_at_line_end(text) is None
            and text.count("\r") == text.count("\r\n")
        ):
            unfolded = _obs_fold_re.sub(" ", text.replace("\r\n", "\n"))
            fields = _field_line_re.findall(unfolded)
            if len(fields) == unfolded.count("\n"):
                return tuple(fields)
        return _parse_fields_slowly(text, what)
    fields = _field_line_re.findall(text)
    if len(fields) == text.count("\n"):
        return tuple(fields)
    return _parse_fields_slowly(text, what)


def fields_of_clean_block(text: str) -> Fields:
    fields = _clean_field_line_re.findall(text)
    if " \r" in text or "\t\r" in text:  # OWS after a value is not part of it
        return tuple((name, value.rstrip(" \t")) for name, value in fields)
    return tuple(fields)


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
            if folded:  # a whitespace-only continuation adds nothing (no trailing SP)
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
    """The values of the fields that decide framing (see FramingFields)."""
    found: Dict[str, List[str]] = {}
    for name, value in fields:
        key = name.lower()
        if key in FRAMING_FIELDS:
            found.setdefault(key, []).append(value)
    if not found:
        return (None, None, None)
    return found.get("content-length"), found.get("transfer-encoding"), found.get("connection")
