"""The exception hierarchy of httplib 2.6, plus the hardening errors.

Every error the parser can raise for bytes received from a server is an
HTTPException subclass: callers catch one family, fuzz oracles check one family.
Messages name what was seen (repr of the offending bytes, cut to a readable size)
and what was expected.
"""

from __future__ import annotations

from typing import Optional

_SHOWN = 80  # bytes of an offending value quoted in a message


def shown(data: bytes) -> str:
    """A readable, bounded repr of offending bytes for error messages."""
    if len(data) <= _SHOWN:
        return repr(data)
    return f"{data[:_SHOWN]!r}... ({len(data)} bytes)"


class HTTPException(Exception):
    """Base class of every exception of this module."""


error = HTTPException


class NotConnected(HTTPException):
    """send() on a closed connection with auto_open off."""


class InvalidURL(HTTPException):
    """A port that is not numeric or is empty, or a host or URL that cannot be sent."""


class UnknownProtocol(HTTPException):
    """The status line names an HTTP version other than 1.x."""

    def __init__(self, version: str) -> None:
        super().__init__(version)
        self.version = version


class UnknownTransferEncoding(HTTPException):
    """The response uses a transfer coding other than chunked."""


class UnimplementedFileMode(HTTPException):
    """Kept for the documented API; raised by fake sockets of tests."""


class IncompleteRead(HTTPException):
    """The connection closed before the framed body was complete."""

    def __init__(self, partial: bytes, expected: Optional[int] = None) -> None:
        super().__init__(partial)
        self.partial = partial
        self.expected = expected

    def __repr__(self) -> str:
        more = f", {self.expected} more expected" if self.expected is not None else ""
        return f"IncompleteRead({len(self.partial)} bytes read{more})"

    __str__ = __repr__


class ImproperConnectionState(HTTPException):
    """A call that the connection's current state does not allow."""


class CannotSendRequest(ImproperConnectionState):
    pass


class CannotSendHeader(ImproperConnectionState):
    pass


class ResponseNotReady(ImproperConnectionState):
    pass


class BadStatusLine(HTTPException):
    """The status line is missing or cannot be parsed."""

    def __init__(self, line: str, message: Optional[str] = None) -> None:
        super().__init__(line if message is None else message)
        self.line = line


class LineTooLong(HTTPException):
    """A status, header, chunk-size or trailer line exceeds the line limit."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"got more than {limit} bytes when reading {what}")
        self.what = what


class TooMany(HTTPException):
    """More header lines, trailer lines or interim responses than allowed."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"got more than {limit} {what}")
        self.what = what


class ProtocolError(HTTPException):
    """The server sent bytes that break HTTP/1.1 message syntax or framing."""
