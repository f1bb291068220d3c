"""HTTPResponse: the socket layer that drives the sans-IO ResponseParser.

It reads what the socket has (read1, never waiting for a full block), feeds the
parser and turns what the parser recorded into httplib's attributes and return values.
All HTTP knowledge stays in the parser; this file only moves bytes and keeps state:
where the body stands, whether the connection may be reused, and the deadline.

Timeouts: with a socket timeout T, reading the response head (getresponse) and each
read() call must finish within T in total, so a server that drips one byte at a time
cannot hold the caller forever (BEHAVIOUR.md, "Timeouts").
"""

from __future__ import annotations

import socket
import time
from collections.abc import Sequence
from typing import Any, List, Optional, Tuple, Union

from ._errors import IncompleteRead, ResponseNotReady
from ._events import CHUNKED, Fields, InterimResponse
from ._limits import DEFAULT_LIMITS, Limits
from ._message import HTTPMessage
from ._parser import DONE, ResponseParser

_UNKNOWN = "UNKNOWN"
_READ_SIZE = 262144  # the most one socket read asks for; memory follows what arrives


class HTTPResponse:
    """A response read from `sock` (anything with makefile()), as httplib 2.6 had it."""

    # until begin() has read the head; class attributes keep construction cheap (what
    # is read before begin() assigns it is set in __init__: see ResponseParser)
    msg: Optional[HTTPMessage] = None
    version: Union[int, str] = _UNKNOWN
    status: Union[int, str] = _UNKNOWN
    reason: str = _UNKNOWN
    chunked: Union[int, str] = _UNKNOWN
    length: Optional[Union[int, str]] = _UNKNOWN
    will_close: Union[bool, str] = _UNKNOWN
    interim: Sequence[InterimResponse] = ()
    trailers: Fields = ()
    # False once anything makes the connection unsafe to reuse after this response
    reusable = True
    # bytes received after the end of this response: the start of the next one when a
    # request was pipelined, unsolicited otherwise (the connection decides)
    leftover = b""

    def __init__(
        self,
        sock: Any,
        debuglevel: int = 0,
        strict: Union[int, bool] = 0,
        method: Optional[str] = None,
        *,
        limits: Limits = DEFAULT_LIMITS,
        prefix: bytes = b"",
    ) -> None:
        self.fp: Any = sock.makefile("rb")
        self.msg = None
        self._sock = sock
        self.debuglevel = debuglevel
        self.strict = strict
        self._method = method.upper() if method else "GET"
        self._parser = ResponseParser(method=self._method, strict=bool(strict), limits=limits)
        if prefix:  # what the previous response on this connection read past its end
            self._parser.feed(prefix)
        self._prefixed = bool(prefix)
        timeout = getattr(sock, "gettimeout", None)
        self._timeout: Optional[float] = None if timeout is None else timeout()

    # -- reading -------------------------------------------------------------------

    def _fill(self, deadline: Optional[float]) -> None:
        fp = self.fp
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("timed out: the response took longer than the timeout")
            self._sock.settimeout(left)
        read = getattr(fp, "read1", None) or fp.read
        data = read(_READ_SIZE)
        if data:
            self._parser.feed(data)
        else:
            self._parser.feed_eof()

    def _deadline(self) -> Optional[float]:
        return None if self._timeout is None else time.monotonic() + self._timeout

    def begin(self) -> None:
        """Read the status line and headers (interim 1xx responses are skipped)."""
        if self.msg is not None:
            return
        parser = self._parser
        deadline = self._deadline()
        try:
            if not self._prefixed:
                self._fill(deadline)
            while not parser.receive_head():
                self._fill(deadline)
        finally:
            if deadline is not None:
                self._sock.settimeout(self._timeout)
        self.version, self.status, self.reason = parser.version, parser.status, parser.reason
        self.interim = parser.interim
        self.msg = HTTPMessage(parser)
        self.chunked = int(parser.framing == CHUNKED)
        self.length = parser.length
        self.will_close = parser.will_close
        if parser.will_close:
            self.reusable = False
        if self.debuglevel > 0:
            self._print_head()

    def _print_head(self) -> None:
        for response in (*self._parser.interim, self._parser.status_line):
            assert response is not None
            version = "0.9" if response.version == 9 else f"1.{response.version - 10}"
            print("reply:", repr(f"HTTP/{version} {response.status} {response.reason}"))
            if type(response) is InterimResponse:
                for name, value in response.headers:
                    print("header:", f"{name}: {value}")
        assert self.msg is not None
        for name, value in self.msg.fields:
            print("header:", f"{name}: {value}")

    def read(self, amt: Optional[int] = None) -> bytes:
        """The rest of the body, or up to `amt` bytes of it."""
        if self.fp is None:
            return b""
        if self.msg is None:
            raise ResponseNotReady("the response head has not been read (call begin())")
        if amt is not None and amt < 0:
            amt = None
        parser = self._parser
        try:
            data = parser.read_body(amt)
            if parser.state != DONE and (amt is None or len(data) < amt):
                data = self._read_more(data, amt)
        except BaseException:
            self.reusable = False
            self.close()
            raise
        if parser.state == DONE:
            self.trailers = parser.trailers
            self.leftover = parser.trailing_data
            self.close()
        if self.length is not None:
            self.length -= len(data)  # type: ignore[operator]
        return data

    def _read_more(self, first: bytes, amt: Optional[int]) -> bytes:
        parser, deadline, parts, got = self._parser, self._deadline(), [first], len(first)
        try:
            while parser.state != DONE and (amt is None or got < amt):
                self._fill(deadline)
                data = parser.read_body(None if amt is None else amt - got)
                parts.append(data)
                got += len(data)
        except IncompleteRead as exc:
            parts.append(exc.partial)
            raise IncompleteRead(b"".join(parts), exc.expected) from None
        finally:
            if deadline is not None:
                self._sock.settimeout(self._timeout)
        return b"".join(parts)

    # -- headers -------------------------------------------------------------------

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        if self.msg is None:
            raise ResponseNotReady("the response head has not been read")
        return self.msg.getheader(name, default)

    def getheaders(self) -> List[Tuple[str, str]]:
        """(name, value) pairs, names in lower case, repeated fields merged (as 2.6)."""
        if self.msg is None:
            raise ResponseNotReady("the response head has not been read")
        return self.msg.items()

    # -- life cycle ----------------------------------------------------------------

    def close(self) -> None:
        fp = self.fp
        if fp is not None:
            self.fp = None
            if self._parser.state != DONE:
                self.reusable = False  # unread body bytes are still on the wire
            fp.close()

    def isclosed(self) -> bool:
        return self.fp is None

    def fileno(self) -> int:
        return int(self.fp.fileno())
