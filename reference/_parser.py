"""The sans-IO response parser: bytes in, events out, no sockets.

Contract, as in h11: `feed()` bytes and `feed_eof()` when the server closes; then
`next_event()` returns one event, NEED_DATA when more bytes are needed, or raises an
HTTPException subclass. A response is: InterimResponse*, StatusLine, Headers, Data*,
EndOfMessage.

Two entry points share one implementation: `receive_head()` and `read_body()` do the
work and record what they found (interim responses, status line, headers, trailers);
`next_event()` replays those records as events. HTTPResponse calls the first two
directly, since one call per step is what keeps the reference fast; fuzz targets and
tests use the events.

Limits bound every line, header block, trailer block and the number of interim
responses whether or not the data is complete, so memory follows what was received
and no sequence of bytes makes the parser loop.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Union

from ._abnf import CLEAN_STATUS_LINE, http_version_re, status_line_re
from ._bodies import BODY_READERS, BodyReader, UntilCloseReader
from ._buffer import ReceiveBuffer, strip_eol
from ._errors import BadStatusLine, HTTPException, ProtocolError, TooMany, UnknownProtocol
from ._events import (
    NEED_DATA,
    UNTIL_CLOSE,
    Data,
    EndOfMessage,
    Event,
    Fields,
    Headers,
    InterimResponse,
    StatusLine,
    _NeedData,
)
from ._fields import (
    framing_fields_of_block,
    parse_clean_block,
    parse_fields,
    parse_fields_and_framing,
)
from ._framing import decide
from ._limits import DEFAULT_LIMITS, Limits

Outcome = Union[Event, _NeedData]

# what a head reader returns besides the final Headers
_GO = "go"  # progress made, the state changed: read on
_WAIT = "wait"  # the buffer holds no complete item: feed more
HeadOutcome = Union[Headers, str]

_clean_status_re = re.compile(CLEAN_STATUS_LINE)

# parser states
STATUS = "status"
INTERIM_HEADERS = "interim-headers"
HEADERS = "headers"
BODY = "body"
DONE = "done"
ERROR = "error"


class ResponseParser:
    """Parses one response to a request made with `method`.

    `strict` is httplib's: false lets a first line that does not start with "HTTP/"
    be an HTTP/0.9 simple response; true makes it BadStatusLine.
    """

    def __init__(
        self, *, method: str = "GET", strict: bool = False, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.method = method
        self.strict = strict
        self.limits = limits
        self.state = STATUS
        self.interim: List[InterimResponse] = []
        self.status_line: Optional[StatusLine] = None
        self.headers: Optional[Headers] = None
        self.trailers: Fields = ()
        self._buffer = ReceiveBuffer()
        self._eof = False
        self._status: Optional[StatusLine] = None  # the status line being read, maybe 1xx
        self._body: Optional[BodyReader] = None
        self._emitted = 0  # head events already returned by next_event

    def feed(self, data: bytes) -> None:
        if self._eof:
            raise ProtocolError("data fed after the end of the stream")
        if data:
            self._buffer.feed(data)

    def feed_eof(self) -> None:
        self._eof = True

    @property
    def trailing_data(self) -> bytes:
        """Bytes received after the end of the message (unsolicited on the wire)."""
        return self._buffer.take_all() if self.state == DONE else b""

    # -- direct interface ----------------------------------------------------------

    def receive_head(self) -> Optional[Headers]:
        """Parse as far as the buffer allows; the final Headers once complete, else None."""
        if self.headers is not None:
            return self.headers
        if self.state == STATUS and not self.interim:
            fast = self._receive_clean_head()
            if fast is not None:
                return fast
        try:
            while True:
                reader = HEAD_READERS.get(self.state)
                if reader is None:
                    raise ProtocolError("the response parser stopped at an earlier error")
                outcome = reader(self)
                if outcome is _WAIT:
                    return None
                if outcome is not _GO:
                    return outcome  # type: ignore[return-value]
                if self.headers is not None:
                    return self.headers  # an HTTP/0.9 simple response has no header block
        except HTTPException:
            self.state = ERROR
            raise

    def read_body(self, max_data: Optional[int] = None) -> bytes:
        """Body bytes available now (at most max_data); b"" needs data or ends the body.

        After a call, `state == DONE` tells that the body has ended.
        """
        body = self._body
        if body is None:
            if self.state == ERROR:
                raise ProtocolError("the response parser stopped at an earlier error")
            raise ProtocolError("read_body() before the response head was complete")
        try:
            data = body.read(self._buffer, self._eof, max_data)
        except HTTPException:
            self.state = ERROR
            raise
        if body.done and self.state == BODY:
            self.state = DONE
            self.trailers = body.trailers
        return data

    # -- event interface -----------------------------------------------------------

    def next_event(self, max_data: Optional[int] = None) -> Outcome:
        """The next event; Data events carry at most `max_data` bytes when given."""
        head = self._head_events()
        if self._emitted < len(head):
            self._emitted += 1
            return head[self._emitted - 1]
        if self.headers is None:
            self.receive_head()
            head = self._head_events()
            if self._emitted < len(head):
                self._emitted += 1
                return head[self._emitted - 1]
            return NEED_DATA
        if self.state == DONE:
            if self._emitted == len(head):
                self._emitted += 1
                return EndOfMessage(self.trailers)
            return NEED_DATA
        data = self.read_body(max_data)
        if data:
            return Data(data)
        return self.next_event(max_data) if self.state == DONE else NEED_DATA

    def _head_events(self) -> List[Event]:
        events: List[Event] = list(self.interim)
        if self.status_line is not None:
            events.append(self.status_line)
        if self.headers is not None:
            events.append(self.headers)
        return events

    def events(self) -> List[Event]:
        """Every event available now (until NEED_DATA or the end of the message)."""
        out: List[Event] = []
        while True:
            event = self.next_event()
            if isinstance(event, _NeedData):
                return out
            out.append(event)
            if type(event) is EndOfMessage:
                return out

    def _receive_clean_head(self) -> Optional[Headers]:
        """The whole head in one pass, when it is buffered and in the common form.

        Common form: a final (>= 200) HTTP/1.x status line and a clean header block
        (see parse_clean_block), all CRLF, within one max_line of bytes. Anything else
        returns None without consuming a byte, and the readers below take over; they
        accept everything this accepts, with the same result (tests check both).
        """
        limits = self.limits
        head = self._buffer.peek_head(limits.max_line)
        if head is None:
            return None
        match = _clean_status_re.match(head)
        if match is None:
            return None
        minor, code, reason = match.groups()
        status = int(code)
        if status < 200:
            return None
        block = head[match.end() : -2]
        fields = parse_clean_block(block, limits.max_headers)
        if fields is None:
            return None
        version = 10 if minor == "0" else 11
        framing, length, will_close = decide(version, status, self.method, framing_fields_of_block(block))
        self._buffer.skip(len(head))
        self.status_line = self._status = StatusLine(version, status, reason or "")
        self._body = BODY_READERS[framing](length, limits)
        self.state = BODY
        self.headers = Headers(fields, framing, length, will_close)
        return self.headers

    # -- head readers: the final Headers, _GO (state changed) or _WAIT (need data) --

    def _read_status(self) -> HeadOutcome:
        line = self._buffer.maybe_take_line(self.limits.max_line, "status line")
        if line is None:
            if not self._eof:
                return _WAIT
            if not len(self._buffer):
                raise BadStatusLine("", "no status line: the server closed the connection")
            line = self._buffer.take_all()  # a last line without LF, as readline() gives
        text = strip_eol(line).decode("latin-1")
        match = status_line_re.fullmatch(text)
        if match is None:
            self._not_a_status_line(line, text)
            return _GO
        major, minor, code = match.group("major", "minor", "status")
        if major != "1":
            raise UnknownProtocol(f"HTTP/{major}.{minor}")
        status = int(code)
        if status < 100:
            raise BadStatusLine(text)
        self._status = StatusLine(10 if minor == "0" else 11, status, match.group("reason") or "")
        if status < 200 and status != 101:
            self.state = INTERIM_HEADERS
        else:
            self.status_line = self._status
            self.state = HEADERS
        return _GO

    def _not_a_status_line(self, line: bytes, text: str) -> None:
        if text.startswith("HTTP/"):
            version = http_version_re.match(text)
            if (
                version is not None
                and text[version.end() : version.end() + 1] in ("", " ")
                and not text.startswith("HTTP/1.")
            ):
                raise UnknownProtocol(version.group())
            raise BadStatusLine(text)
        if self.strict:
            raise BadStatusLine(text)
        # HTTP/0.9 simple response: no head, the line is the start of the body.
        self._buffer.push_front(line)
        self.status_line = StatusLine(9, 200, "")
        self.headers = Headers((), UNTIL_CLOSE, None, True)
        self._body = UntilCloseReader()
        self.state = BODY

    def _read_block(self) -> Optional[str]:
        limits = self.limits
        block = self._buffer.maybe_take_block(limits.max_line, limits.max_headers, "header line")
        if block is None and self._eof:
            raise ProtocolError("the server closed the connection inside the header block")
        return block

    def _read_interim_headers(self) -> HeadOutcome:
        block = self._read_block()
        if block is None:
            return _WAIT
        fields = parse_fields(block, "header line")
        if len(self.interim) >= self.limits.max_interim:
            raise TooMany("interim responses", self.limits.max_interim)
        status = self._status
        assert status is not None
        self.interim.append(InterimResponse(status.version, status.status, status.reason, fields))
        self.state = STATUS
        return _GO

    def _read_headers(self) -> HeadOutcome:
        block = self._read_block()
        if block is None:
            return _WAIT
        fields, framing_fields = parse_fields_and_framing(block, "header line")
        status = self._status
        assert status is not None
        framing, length, will_close = decide(status.version, status.status, self.method, framing_fields)
        self._body = BODY_READERS[framing](length, self.limits)
        self.state = BODY
        self.headers = Headers(fields, framing, length, will_close)
        return self.headers


# state -> head reader
HEAD_READERS: Dict[str, Callable[[ResponseParser], HeadOutcome]] = {
    STATUS: ResponseParser._read_status,
    INTERIM_HEADERS: ResponseParser._read_interim_headers,
    HEADERS: ResponseParser._read_headers,
}
