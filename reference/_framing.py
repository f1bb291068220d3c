"""How long a response body is, and whether the connection survives it.

One function, applied once per response, in the order of RFC 9112 section 6.3. The
reference resolves every ambiguity either by a rule of that section or by refusing the
response; see BEHAVIOUR.md ("Framing") for the reason behind each branch.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ._abnf import content_length_re
from ._errors import ProtocolError, UnknownTransferEncoding, shown
from ._events import CHUNKED, LENGTH, NO_BODY, UNTIL_CLOSE

# header names (lower case) the framing decision reads
FRAMING_FIELDS = frozenset(("content-length", "transfer-encoding", "connection"))


def _tokens(values: List[str]) -> List[str]:
    return [item.strip(" \t").lower() for value in values for item in value.split(",")]


# the values, in wire order, of Content-Length, Transfer-Encoding and Connection
# (None for a field that is absent)
FramingFields = Tuple[Optional[List[str]], Optional[List[str]], Optional[List[str]]]


def connection_persists(version: int, connection: List[str]) -> bool:
    """RFC 9112 9.3 with a Connection field: 1.1 persists unless "close"; 1.0
    persists only with "keep-alive" (without the field: decide())."""
    if len(connection) == 1:  # the common single value, without tokenising
        only = connection[0].lower()
        if only == "keep-alive":
            return True
        if only == "close":
            return False
    options = _tokens(connection)
    if version >= 11:
        return "close" not in options
    return "keep-alive" in options and "close" not in options


def content_length(values: List[str]) -> int:
    """RFC 9110 8.6 / RFC 9112 6.3 item 5: identical 1*DIGIT values, else an error."""
    items = [item.strip(" \t") for value in values for item in value.split(",")]
    first = items[0]
    for item in items:
        if not content_length_re.fullmatch(item):
            raise ProtocolError(f"invalid Content-Length value {shown(item.encode('latin-1'))}")
        if item != first and int(item) != int(first):
            raise ProtocolError(f"conflicting Content-Length values {values!r}")
    return int(first)


def decide(
    version: int, status: int, method: str, found: FramingFields
) -> Tuple[str, Optional[int], bool]:
    """(framing, length, will_close) for a final response."""
    lengths, codings, connection = found
    # RFC 9112 9.3: without a Connection field, 1.1 persists and 1.0 closes
    will_close = version < 11 if connection is None else not connection_persists(version, connection)

    # RFC 9112 6.3 item 2: a 2xx reply to CONNECT turns the connection into a tunnel.
    if method == "CONNECT" and 200 <= status < 300:
        return NO_BODY, 0, False
    # RFC 9112 6.3 item 1: HEAD, 1xx, 204 and 304 end at the header block.
    if method == "HEAD" or status == 304 or status < 200:
        return NO_BODY, 0, will_close or status == 101
    if status == 204:
        # A 204 announcing a body cannot be framed without guessing: do not reuse.
        announced = bool(codings) or any(v.strip(" \t") not in ("", "0") for v in lengths or ())
        return NO_BODY, 0, will_close or announced

    if codings:
        listed = [CHUNKED] if codings == [CHUNKED] else [c for c in _tokens(codings) if c]
        if listed != [CHUNKED]:
            # item 4: chunked must be final; any other coding we cannot decode.
            raise UnknownTransferEncoding(", ".join(codings))
        # item 3: TE overrides CL, but such a message may be a smuggling attempt:
        # the connection is not reused. An HTTP/1.0 message with TE likewise.
        return CHUNKED, None, will_close or bool(lengths) or version < 11

    if lengths:
        if len(lengths) == 1 and lengths[0].isdigit() and lengths[0].isascii():
            return LENGTH, int(lengths[0]), will_close  # the common case, checked at once
        return LENGTH, content_length(lengths), will_close
    # item 8: read until the server closes.
    return UNTIL_CLOSE, None, True
