"""The one-pass reader for a response head in the common form.

Most responses are a final HTTP/1.x status line and header lines `name: value` +
CRLF, with each framing field (Content-Length, Transfer-Encoding, Connection) at most
once. One regex match over the buffered head checks all of it and captures the three
framing values on the way; the (name, value) pairs are built from the block only when
someone asks for them (fields_of_clean_block).

Anything else (an interim response, obs-fold, a bare LF, OWS before a CR, a framing
field twice, a head longer than one line limit) is declined, and the parser's general
readers take over. They accept everything this accepts, with the same result: the
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

_FRAMING_KEYS = (
    (b"\ncontent-length:", "content-length"),
    (b"\ntransfer-encoding:", "transfer-encoding"),
    (b"\nconnection:", "connection"),
)


# what read_clean_head() returns: (bytes taken, version, status, reason, framing
# fields by lower-case name, the header block with each line's CRLF)
CleanHead = Tuple[int, int, int, str, FramingFields, bytes]


def read_clean_head(
    data: Union[bytes, bytearray], pos: int, max_line: int, max_lines: int
) -> Optional[CleanHead]:
    """The head at data[pos:] if it is complete and in the common form, else None."""
    end = data.find(b"\r\n\r\n", pos, pos + max_line)
    if end < 0:
        return None
    end += 4
    # the first blank line ends the match, so a match is the whole head
    match = _clean_head_re.match(data, pos, end)
    if match is None or data.find(b" \r", pos, end) >= 0 or data.find(b"\t\r", pos, end) >= 0:
        return None  # not the common form, or OWS to strip before a CR
    block_start = match.end(1) + 2
    if end - block_start > 4 * max_lines and data.count(b"\n", block_start, end) > max_lines + 1:
        return None  # too many lines: the readers raise
    line, minor, code, length, coding, connection = match.groups()
    framing: FramingFields = {}
    if length is not None or coding is not None or connection is not None:
        lowered = data[block_start - 1 : end].lower()
        for (key, name), value in zip(_FRAMING_KEYS, (length, coding, connection)):
            if value is not None:
                if lowered.count(key) != 1:
                    return None  # a framing field twice: the readers combine or refuse
                framing[name] = [value.decode("latin-1")]
    return (
        end - pos, 10 if minor == b"0" else 11, int(code), line[13:].decode("latin-1"),
        framing, bytes(data[block_start : end - 2]),
    )
