"""Header and trailer field lines -> (name, value) pairs.

One field-line parser (_abnf.FIELD_LINE): a well-formed block is matched in one pass
(`field_lines_re.findall`); a block with any other line (obs-fold, bare CR, NUL, no
colon, bad name) goes line by line with the same regex, which folds or raises with
the offending line in the message. Both give the same result for every block the
one-pass match accepts (tests/reference/test_fields.py checks this on generated
blocks). FIELD_LINE keeps the OWS after a value; it is stripped here.
"""

from __future__ import annotations

from typing import Dict, List, NoReturn, Tuple

from ._abnf import field_line_re, field_lines_re
from ._errors import ProtocolError, shown
from ._events import Fields
from ._framing import FRAMING_FIELDS, FramingFields

_field_line_fullmatch = field_line_re.fullmatch


def _strip_values(fields: List[Tuple[str, str]], text: str) -> Fields:
    """The fields with OWS after each value removed (RFC 9110 5.5: not part of it)."""
    if " \n" in text or "\t\n" in text or " \r" in text or "\t\r" in text:
        return tuple((name, value.rstrip(" \t")) for name, value in fields)
    return tuple(fields)


def parse_fields(text: str, what: str) -> Fields:
    """A block of field lines (each ending in LF) -> (name, value) pairs in order."""
    if "\n " not in text and "\n\t" not in text and text[:1] not in (" ", "\t"):
        fields = field_lines_re.findall(text)
        if len(fields) == text.count("\n"):
            return _strip_values(fields, text)
    return _parse_fields_by_line(text, what)


def fields_of_clean_block(text: str) -> Fields:
    """The fields of a block the one-pass head reader accepted (no fold, CRLF ends)."""
    return _strip_values(field_lines_re.findall(text), text)


def _parse_fields_by_line(text: str, what: str) -> Fields:
    """Line by line: obs-fold joined with one SP (RFC 9112 5.2), anything else refused.

    Refused (RFC 9112 5.1, 5.2 and 2.2, RFC 9110 5.5): a bare CR, a NUL, a line
    without a colon, a name that is not a token (which covers whitespace before the
    colon), and whitespace at the start of the first line.
    """
    fields: List[Tuple[str, str]] = []
    for line in text.split("\n")[:-1]:
        if line.endswith("\r"):
            line = line[:-1]
        if line[:1] in (" ", "\t"):
            if "\r" in line or "\x00" in line:
                raise ProtocolError(f"bare CR or NUL in {what} {shown(line.encode('latin-1'))}")
            if not fields:
                raise ProtocolError(f"{what} begins with whitespace: {shown(line.encode('latin-1'))}")
            name, value = fields[-1]
            folded = line.strip(" \t")
            if folded:  # a whitespace-only continuation adds nothing (no trailing SP)
                fields[-1] = (name, f"{value} {folded}" if value else folded)
            continue
        match = _field_line_fullmatch(line)
        if match is None:
            _refuse(line, what)
        fields.append((match[1], match[2].rstrip(" \t")))
    return tuple(fields)


def _refuse(line: str, what: str) -> NoReturn:
    """The error for a line FIELD_LINE does not match, naming what is wrong with it."""
    if "\r" in line or "\x00" in line:
        raise ProtocolError(f"bare CR or NUL in {what} {shown(line.encode('latin-1'))}")
    name, colon, _ = line.partition(":")
    if not colon:
        raise ProtocolError(f"{what} without a colon: {shown(line.encode('latin-1'))}")
    # FIELD_LINE takes any value without CR, LF or NUL: the name is what is wrong
    raise ProtocolError(f"invalid field name {shown(name.encode('latin-1'))} in {what}")


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
