"""The one-pass reader for a response head in the common form.

Most responses are a final HTTP/1.x status line and header lines `name: value` +
CRLF, with each framing field (Content-Length, Transfer-Encoding, Connection) at most
once. One regex match over the buffered head checks all of it and captures the three
framing values on the way; the (name, value) pairs are built from the block only when
someone asks for them (fields_of_clean_block). A head with obs-fold lines passes the
same match, but its fields are unfolded and parsed at once and the framing read from
them, since a fold may continue a framing field the match captured in part.

Anything else (a bare LF, a framing field twice, a status below 100, a head longer
than one line limit, a head not yet complete, a fold as the first field line) is
declined, and the parser's general readers take over. They accept everything this
accepts, with the same result: the tests feed every vector both ways. The parser's
receive buffer applies it (ReceiveBuffer.maybe_take_clean_head) before any other
reader has looked at the bytes.
"""

from __future__ import annotations

import re
import sys
from typing import Optional, Tuple, Union

from ._abnf import TCHAR
from ._events import Fields
from ._fields import parse_fields

# Possessive quantifiers (Python 3.11+) spare the engine its backtracking records; the
# alternatives cannot overlap, so the match is the same either way.
_P = "+" if sys.version_info >= (3, 11) else ""

# A byte of a field line after the colon: anything but CR, LF and NUL (a bare CR or a
# NUL goes to the readers, which refuse it). Written as the bytes it allows: the
# engine tests a positive set in one step, a negated one in two.
_FIELD_BYTE = r"[\x01-\x09\x0b\x0c\x0e-\xff]"


def _framing_line(name: str, value_group: int) -> str:
    # RFC 9112 5: field-line, for one field name (case-insensitive), value captured in
    # group `value_group`; the empty group before it matches only when that group has
    # already captured a value, so it marks a second line of the same field
    return rf"(?i:{name}):(?({value_group})()|)[ \t]*{_P}({_FIELD_BYTE}*{_P})"


# RFC 9112 4 status-line for HTTP/1.x + CRLF, then RFC 9112 5 field-lines + CRLF, then
# the CRLF that ends the head. Groups: 1 status line, 2 minor version, 3 status code,
# then (repeated-field mark, value) for Content-Length (4, 5), Transfer-Encoding
# (6, 7) and Connection (8, 9), and 10 for an obs-fold line.
_clean_head_re = re.compile(
    (
        r"(HTTP/1\.([0-9]) ([0-9]{3})(?: [\t\x20-\x7e\x80-\xff]*)?)\r\n"
        r"(?:(?:"
        + _framing_line("content-length", 5)
        + "|"
        + _framing_line("transfer-encoding", 7)
        + "|"
        + _framing_line("connection", 9)
        + rf"|{TCHAR}+{_P}:{_FIELD_BYTE}*{_P}"
        + rf"|([ \t]){_FIELD_BYTE}*{_P}"  # RFC 9112 5.2 obs-fold: more of a field value
        + rf")\r\n)*{_P}\r\n"
    ).encode("latin-1")
)

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
