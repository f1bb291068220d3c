"""The one-pass reader for a response head in the common form.

Most responses are a final HTTP/1.x status line and header lines `name: value` +
CRLF, with each framing field (Content-Length, Transfer-Encoding, Connection) at most
once. One regex match over the buffered head checks all of it and captures the three
framing values on the way; the (name, value) pairs are built from the block only when
someone asks for them (fields_of_clean_block). A head with obs-fold lines passes the
same match, but its fields are unfolded and parsed at once and the framing read from
them, since a fold may continue a framing field the match captured in part.

The regex is composed from the grammar pieces of _abnf (status line, field line) and
is unambiguous like them: a field line is exactly one of the alternatives (a framing
field by name, any other token name, an obs-fold line), so a head that fails at its
last byte is refused after one pass, on every interpreter (BEHAVIOUR.md, "Parse
time").

Anything else (a bare LF, a framing field twice, a status below 100, a version other
than 1.x, a head longer than one line limit, a head not yet complete, a fold as the
first field line) is declined, and the parser's general readers take over. They accept
everything this accepts, with the same result: the tests feed every vector both ways.
The parser's receive buffer applies it (ReceiveBuffer.maybe_take_clean_head) before
any other reader has looked at the bytes.
"""

from __future__ import annotations

import re
import sys
from typing import Optional, Tuple, Union

from ._abnf import DIGIT, FIELD_BYTE, FIELD_VCHAR, OWS, REASON_PHRASE, STATUS_CODE, TCHAR, as_bytes
from ._events import Fields
from ._fields import parse_fields

_FRAMING_NAMES = ("content-length", "transfer-encoding", "connection")
# RFC 9112 4 status-line of HTTP/1.x (the readers raise UnknownProtocol for others),
# from the pieces of STATUS_LINE; groups: the line, the minor version, the status code
_STATUS_LINE_1X = rf"(HTTP/1\.({DIGIT}) ({STATUS_CODE})(?: {REASON_PHRASE})?)"
_FIRST_FIELD_GROUP = 4
# A tchar other than the first letters of the framing names, and a lookahead that
# tells a name starting with one of those letters from the framing names themselves.
_TCHAR_NOT_CT = r"[-!#$%&'*+.^_`|~0-9ABD-SU-Zabd-su-z]"
_NOT_FRAMING = rf"(?!(?i:{'|'.join(_FRAMING_NAMES)}):)"


def head_pattern(possessive: bool) -> bytes:
    """The one-pass head regex; `possessive` adds "+" after each quantifier.

    Every alternative and repetition below is unambiguous (see _abnf), so possessive
    quantifiers change neither the match nor its linear time: they only spare the
    engine its backtracking records, where the interpreter has them (3.11+). The
    self-tests check both forms on the adversarial heads.
    """
    p = "+" if possessive else ""
    value = rf"(?:{FIELD_VCHAR}{FIELD_BYTE}*{p})?"

    def framing_line(name: str, value_group: int) -> str:
        # RFC 9112 5: field-line, for one field name (case-insensitive), value captured
        # in group `value_group`; the empty group before it matches only when that
        # group has already captured a value, so it marks a second line of the field
        return rf"(?i:{name}):(?({value_group})()|){OWS}{p}({value})"

    # a field line is exactly one of: a name that cannot be a framing name (the most
    # common, tried first), a framing field, another name starting with C or T, or an
    # obs-fold line (RFC 9112 5.2, more of a field value), which starts with SP or HTAB
    field_line = "|".join(
        [
            rf"{_TCHAR_NOT_CT}{TCHAR}*{p}:{FIELD_BYTE}*{p}",
            *(
                framing_line(name, _FIRST_FIELD_GROUP + 2 * index + 1)
                for index, name in enumerate(_FRAMING_NAMES)
            ),
            rf"{_NOT_FRAMING}[CcTt]{TCHAR}*{p}:{FIELD_BYTE}*{p}",
            rf"([ \t]){FIELD_BYTE}*{p}",
        ]
    )
    # RFC 9112 4 status-line + CRLF, then RFC 9112 5 field-lines + CRLF, then the CRLF
    # that ends the head. Groups: the status line, its minor version and status code,
    # then (repeated-field mark, value) for Content-Length, Transfer-Encoding and
    # Connection, then the fold mark.
    return as_bytes(rf"{_STATUS_LINE_1X}\r\n(?:(?:{field_line})\r\n)*{p}\r\n")


_clean_head_re = re.compile(head_pattern(possessive=sys.version_info >= (3, 11)))

# what read_clean_head() returns: (bytes taken, version, status, reason, the header
# block with each line's CRLF, its fields when they had to be parsed at once (obs-fold)
# or None, then the single Content-Length, Transfer-Encoding and Connection values
# (None when absent, and always None when the fields were parsed: read them there)
CleanHead = Tuple[
    int, int, int, str, bytes, Optional[Fields], Optional[bytes], Optional[bytes], Optional[bytes]
]


def read_clean_head(
    data: Union[bytes, bytearray], pos: int, max_line: int, max_lines: int
) -> Optional[CleanHead]:
    """The head at data[pos:] if it is complete and in the common form, else None."""
    # bounded by one line limit: a longer head is left to the readers' per-line checks
    match = _clean_head_re.match(data, pos, pos + max_line)
    if match is None:
        return None
    end = match.end()
    block_start = match.end(1) + 2
    if end - block_start > 4 * max_lines and data.count(b"\n", block_start, end) > max_lines + 1:
        return None  # too many lines: the readers raise
    line, minor, code, repeated_length, length, repeated_coding, coding, repeated_connection, connection, fold = (
        match.groups()
    )
    if repeated_length is not None or repeated_coding is not None or repeated_connection is not None:
        return None  # the readers combine identical values or refuse
    if code < b"100":  # the readers raise BadStatusLine
        return None
    block = bytes(data[block_start : end - 2])
    version, reason = 10 if minor == b"0" else 11, line[13:].decode("latin-1")
    if fold is None:
        return end - pos, version, int(code), reason, block, None, length, coding, connection
    if block[:1] in (b" ", b"\t"):
        return None  # a fold with no field to continue: the readers raise
    fields = parse_fields(block.decode("latin-1"), "header line")
    return end - pos, version, int(code), reason, block, fields, None, None, None
