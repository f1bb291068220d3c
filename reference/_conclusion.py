"""What a parser concluded from one response: one record for every reader.

The reference's sans-IO parser reports it (`ResponseParser.conclusion()`), the fuzz
model builds it from the RFC text, and a run of any httplib-style module's
HTTPResponse fills in what that module reports; oracles compare these records, never
an implementation's internals. A field a reader does not report is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from ._events import Fields, InterimResponse


@dataclass(frozen=True)
class Conclusion:
    """The message a parser read from a response, or its refusal.

    error: the name of the HTTPException subclass the reader raised (a refusal, or
        "IncompleteRead" for a message cut short), None when it read to the end.
    interim: the 1xx responses skipped before the final one (InterimResponse events).
    version, status, reason: the final status line (10 or 11; 9 for HTTP/0.9);
        None until it was read.
    fields: the final head's (name, value) pairs in wire order, names as sent.
    framing: one of NO_BODY, LENGTH, CHUNKED, UNTIL_CLOSE (RFC 9112 6.3); length:
        the Content-Length for LENGTH, 0 for NO_BODY, else None.
    head_length: bytes of the head(s) before the body, interim responses included.
    will_close: whether the connection must close after this response (RFC 9112 9.3).
    body: every body byte delivered, the `partial` of an IncompleteRead included.
    expected: an IncompleteRead's `expected` (bytes still missing), when known.
    trailers: the chunked trailer fields in wire order.
    trailing: the bytes after the end of the message (a pipelined response, or
        bytes nobody asked for), b"" for none.
    """

    error: Optional[str] = None
    interim: Tuple[InterimResponse, ...] = ()
    version: Optional[int] = None
    status: Optional[int] = None
    reason: Optional[str] = None
    fields: Fields = ()
    framing: Optional[str] = None
    length: Optional[int] = None
    head_length: Optional[int] = None
    will_close: Optional[bool] = None
    body: bytes = b""
    expected: Optional[int] = None
    trailers: Fields = ()
    trailing: Optional[bytes] = b""
