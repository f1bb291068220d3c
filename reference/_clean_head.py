"""The one-pass reader for a response head in the common form.

Most responses are a final HTTP/1.x status line and header lines `name: value` +
CRLF, with each framing field (Content-Length, Transfer-Encoding, Connection) at most
once. One regex match over the buffered head checks all of it and captures the three
framing values on the way; the (name, value) pairs are built from the block only when
someone asks for them (fields_of_clean_block).

Anything else (obs-fold, a bare LF, a framing field twice, a head longer than one line
limit, a head not yet complete) is declined, and the parser's general readers take
over. They accept everything this accepts, with the same result: the
tests feed every vector both ways.
"""

from __future__ import annotations

import re
import sys
from typing import Optional, Tuple, Union

from ._abnf import TCHAR
from ._framing import FramingFields

# Possessive quantifiers (Python 3.11+) spare the engine its backtracking records; the
# alternatives cannot overlap, so the match is the same either way.
_P = "+" if sys.version_info >= (3, 11) else ""


def _framing_line(name: str) -> str:
    # RFC 9112 5: field-line, for one field name (case-insensitive), value captured
    return rf"(?i:{name}):[ \t]*{_P}([^\r\n\x00]*{_P})"


# RFC 9112 4 status-line for HTTP/1.x + CRLF, then RFC 9112 5 field-lines + CRLF, then
# the CRLF that ends the head.
_clean_head_re = re.compile(
    (
        r"(HTTP/1\.([0-9]) ([0-9]{3})(?: [\t\x20-\x7e\x80-\xff]*)?)\r\n"
        r"(?:(?:"
        + _framing_line("content-length")
        + "|"
        + _framing_line("transfer-encoding")
        + "|"
        + _framing_line("connection")
        + rf"|{TCHAR}+{_P}:[^\r\n\x00]*{_P}"
        + rf")\r\n)*{_P}\r\n"
    ).encode("latin-1")
)

# what read_clean_head() returns: (bytes taken, version, status, reason, framing
# fields by lower-case name, the header block with each line's CRLF)
CleanHead = Tuple[int, int, int, str, FramingFields, bytes]


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
    line, minor, code, length, coding, connection = match.groups()
    framing: FramingFields = {}
    if length is not None or coding is not None or connection is not None:
        # the match kept the last of repeated lines: make sure there was only one
        lowered = data[block_start - 1 : end].lower()
        if length is not None:
            if lowered.count(b"\ncontent-length:") != 1:
                return None  # the readers combine identical values or refuse
            framing["content-length"] = [length.decode("latin-1")]
        if coding is not None:
            if lowered.count(b"\ntransfer-encoding:") != 1:
                return None
            framing["transfer-encoding"] = [coding.decode("latin-1")]
        if connection is not None:
            if lowered.count(b"\nconnection:") != 1:
                return None
            framing["connection"] = [connection.decode("latin-1")]
    return (
        end - pos, 10 if minor == b"0" else 11, int(code), line[13:].decode("latin-1"),
        framing, bytes(data[block_start : end - 2]),
    )
