"""The sans-IO response parser: bytes in, events out, no sockets.

Contract, as in h11: `feed()` bytes and `feed_eof()` when the server closes; then
`next_event()` returns one event, NEED_DATA when more bytes are needed, or raises an
HTTPException subclass. A response is: InterimResponse*, StatusLine, Headers, Data*,
EndOfMessage.

Two entry points share one implementation: `receive_head()` and `read_body()` do the
work and record what they found (interim responses, status line, headers, trailers);
`next_event()` replays those records as events. HTTPResponse calls the first two
directly, since one call per step is what keeps the reference fast; fuzz targets and
tests use either. `conclusion()` reports what the parser concluded as the one record
every reader of a response shares (Conclusion); `message_complete` says when the
message has ended.

Limits bound every line, header block, trailer block and the number of interim
responses whether or not the data is complete, so memory follows what was received
and no sequence of bytes makes the parser loop.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence, Union

from ._abnf import http_version_re, status_line_re
from ._bodies import BODY_READERS, BodyReader
from ._buffer import ReceiveBuffer, strip_eol
from ._conclusion import Conclusion
from ._errors import (
    BadStatusLine,
    HTTPException,
    IncompleteRead,
    ProtocolError,
    TooMany,
    UnknownProtocol,
)
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
    fields_of_clean_block,
    framing_fields,
    parse_fields,
)
from ._framing import FramingFields, decide
from ._limits import DEFAULT_LIMITS, Limits

Outcome = Union[Event, _NeedData]

# what a head reader returns
_GO = "go"  # progress made, the state changed: read on
_WAIT = "wait"  # the buffer holds no complete item: feed more
HeadOutcome = str


def _values(value: Optional[bytes]) -> Optional[List[str]]:
    """A framing field's captured value as decide() takes it."""
    return None if value is None else [value.decode("latin-1")]


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

    # per-response state; class attributes hold the initial values, so a parser
    # costs only the assignments in __init__ (one is made per response). The values
    # read before anything assigns them are assigned in __init__ as well: the
    # interpreter's fast attribute reads (3.11+) find only what an instance holds.
    interim: Sequence[InterimResponse] = ()
    version = 0  # of the final status line; 9 for an HTTP/0.9 simple response
    status = 0
    reason = ""
    head_complete = False
    framing = ""
    length: Optional[int] = None
    will_close = True
    trailers: Fields = ()
    _fields: Optional[Fields] = None
    _clean_block = b""  # a validated block whose fields are built on first use
    _headers: Optional[Headers] = None
    _eof = False
    _status: Optional[StatusLine] = None  # the status line being read, maybe 1xx
    _body: Optional[BodyReader] = None
    _emitted = 0  # head events already returned by next_event
    _fed = 0  # bytes fed so far
    head_length: Optional[int] = None  # bytes before the body, once the head is complete
    _clean_tried = False  # the one-pass head reader was given its one chance

    def __init__(
        self, *, method: str = "GET", strict: bool = False, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.method = method
        self.strict = strict
        self.limits = limits
        self.state = STATUS
        self._buffer = ReceiveBuffer()
        self._eof = self.head_complete = self._clean_tried = False
        self.interim = self.trailers = ()

    def feed(self, data: bytes) -> None:
        if self._eof:
            raise ProtocolError("data fed after the end of the stream")
        if data:
            self._fed += len(data)
            self._buffer.feed(data)

    def feed_eof(self) -> None:
        self._eof = True

    @property
    def trailing_data(self) -> bytes:
        """Bytes received after the end of the message, handed over once (later: b"").

        They belong to whatever follows on the connection: a pipelined response, or
        nothing any request asked for; the caller decides which.
        """
        return self._buffer.take_all() if self.state == DONE else b""

    @property
    def message_complete(self) -> bool:
        """Whether the whole message, body and trailers included, has been read."""
        return self.state == DONE

    def conclusion(self, body: bytes = b"", error: Optional[HTTPException] = None) -> Conclusion:
        """What this parser concluded: the message it read, or `error`, as one record.

        `body` is what the caller read from it (Data events or read_body() results);
        `error` the HTTPException it raised, if any (an IncompleteRead's partial bytes
        are added to the body). Call it once, at the end: it takes `trailing_data`.
        """
        expected = None
        if isinstance(error, IncompleteRead):
            body += error.partial
            expected = error.expected
        status_line = self.status_line
        return Conclusion(
            error=None if error is None else type(error).__name__,
            interim=tuple(self.interim),
            version=None if status_line is None else status_line.version,
            status=None if status_line is None else status_line.status,
            reason=None if status_line is None else status_line.reason,
            fields=self.fields,
            framing=self.framing or None,
            length=self.length,
            head_length=self.head_length,
            will_close=self.will_close if self.head_complete else None,
            body=body,
            expected=expected,
            trailers=self.trailers,
            trailing=self.trailing_data,
        )

    @property
    def status_line(self) -> Optional[StatusLine]:
        """The StatusLine event of the final response, once its status line is read."""
        return StatusLine(self.version, self.status, self.reason) if self.version else None

    @property
    def fields(self) -> Fields:
        """The final response's header fields in wire order (() until the head is read)."""
        if self._fields is None:
            self._fields = fields_of_clean_block(self._clean_block.decode("latin-1"))
        return self._fields

    @property
    def headers(self) -> Optional[Headers]:
        """The Headers event of the final response, once the head is complete."""
        if self._headers is None and self.head_complete:
            self._headers = Headers(self.fields, self.framing, self.length, self.will_close)
        return self._headers

    # -- direct interface ----------------------------------------------------------

    def receive_head(self) -> bool:
        """Parse as far as the buffer allows; True once the final head is complete.

        Then `status_line`, `fields`, `framing`, `length` and `will_close` describe it.
        """
        if self.head_complete:
            return True
        try:
            if self.state == STATUS and not self._clean_tried:
                # once: a head that arrives in pieces goes through the incremental
                # readers, so a slow sender cannot make the parser rescan its bytes
                self._clean_tried = True
                if self._receive_clean_head():
                    return True
            while True:
                reader = HEAD_READERS.get(self.state)
                if reader is None:
                    raise ProtocolError("the response parser stopped at an earlier error")
                if reader(self) is _WAIT:
                    return False
                if self.head_complete:
                    return True
        except HTTPException:
            self.state = ERROR
            raise

    def read_body(self, max_data: Optional[int] = None) -> bytes:
        """Body bytes available now (at most max_data); b"" needs data or ends the body.

        After a call, `message_complete` tells whether the body has ended.
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
        if self.state == ERROR:
            raise ProtocolError("the response parser stopped at an earlier error")
        head = self._head_events()
        if self._emitted == len(head) and not self.head_complete:
            self.receive_head()
            head = self._head_events()
        if self._emitted < len(head):
            self._emitted += 1
            return head[self._emitted - 1]
        if not self.head_complete:
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
        status_line, headers = self.status_line, self.headers
        if status_line is not None:
            events.append(status_line)
        if headers is not None:
            events.append(headers)
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

    def _receive_clean_head(self) -> bool:
        """The whole head in one pass, when it is buffered and in the common form.

        See _clean_head. At anything else it returns False, having consumed only the
        complete interim heads it recorded, and the readers below take over; they
        accept all this accepts, with the same result (tests/reference check both).
        """
        limits, buffer = self.limits, self._buffer
        while True:
            head = buffer.maybe_take_clean_head(limits.max_line, limits.max_headers)
            if head is None:
                return False
            _, version, status, reason, block, fields, length, coding, connection = head
            if status >= 200 or status == 101:
                break
            if len(self.interim) >= limits.max_interim:
                raise TooMany("interim responses", limits.max_interim)
            if fields is None:
                fields = fields_of_clean_block(block.decode("latin-1")) if block else ()
            self.interim = (*self.interim, InterimResponse(version, status, reason, fields))
        found: FramingFields = (
            framing_fields(fields)
            if fields is not None
            else (_values(length), _values(coding), _values(connection))
        )
        # recorded before decide() may refuse the framing, as the readers record them
        self.version, self.status, self.reason = version, status, reason
        self._clean_block = block
        self._fields = fields
        framing, body_length, will_close = decide(version, status, self.method, found)
        self._finish_head(framing, body_length, will_close)
        return True

    def _finish_head(self, framing: str, length: Optional[int], will_close: bool) -> None:
        self.framing, self.length, self.will_close = framing, length, will_close
        buffer = self._buffer  # what it still holds is body (its len() without a call)
        self.head_length = self._fed - len(buffer._data) + buffer._pos
        self._body = BODY_READERS[framing](length, self.limits)
        self.state = BODY
        self.head_complete = True

    # -- head readers: _GO (state changed) or _WAIT (need data) --

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
            self.version, self.status, self.reason = self._status.version, status, self._status.reason
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
        if self.strict or self.interim:
            # after an HTTP/1.x interim response the server is no HTTP/0.9 server:
            # a final status line must follow (RFC 9110 §15.2)
            raise BadStatusLine(text)
        # HTTP/0.9 simple response: no head, the line is the start of the body.
        self._buffer.push_front(line)
        self.version, self.status, self.reason = 9, 200, ""
        self._fields = ()
        self._finish_head(UNTIL_CLOSE, None, True)

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
        self.interim = (*self.interim, InterimResponse(status.version, status.status, status.reason, fields))
        self.state = STATUS
        return _GO

    def _read_headers(self) -> HeadOutcome:
        block = self._read_block()
        if block is None:
            return _WAIT
        self._fields = fields = parse_fields(block, "header line")
        status = self._status
        assert status is not None
        self._finish_head(*decide(status.version, status.status, self.method, framing_fields(fields)))
        return _GO


# state -> head reader
HEAD_READERS: Dict[str, Callable[[ResponseParser], HeadOutcome]] = {
    STATUS: ResponseParser._read_status,
    INTERIM_HEADERS: ResponseParser._read_interim_headers,
    HEADERS: ResponseParser._read_headers,
}
