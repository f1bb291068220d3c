"""One way to do each thing in the reference self-tests: fake sockets, local servers,
and running a response through the parser and HTTPResponse.

Fake sockets follow CPython's test_httplib: `makefile()` returns an in-memory file over
the canned reply and `sendall()` records what the client sent. Real sockets are a
127.0.0.1 listener thread with deadlines, joined when the test leaves the block.
"""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Callable, List, Optional, Tuple, Type, Union

import httpcts.reference as httplib
from httpcts.reference import NEED_DATA, Data, EndOfMessage, Event, ResponseParser

# Every wait in a test is bounded by this (seconds); a hung test fails, it never stalls.
DEADLINE = 1.5


# -- fake sockets ------------------------------------------------------------------


class FakeFile:
    """One makefile() result: a view of the socket's single stream, closable on its own
    (as the files of a real socket are), reading at most one byte per call if told."""

    def __init__(self, stream: io.BytesIO, one_byte: bool, delay: float = 0.0) -> None:
        self._stream = stream
        self._one_byte = one_byte
        self._delay = delay
        self.closed = False

    def read1(self, size: int = -1) -> bytes:
        if self.closed:
            raise ValueError("read of closed file")
        if self._delay:
            time.sleep(self._delay)
        if self._one_byte:
            size = 1
        return self._stream.read1(size)

    def read(self, size: int = -1) -> bytes:
        return self.read1(size)

    def close(self) -> None:
        self.closed = True

    def fileno(self) -> int:
        return 42  # what a socket file would report; nothing reads it


_REQUEST_HEAD = re.compile(rb"[!-~]+ \S+ HTTP/1\.[01]\r\n(?:.*\r\n)*\r\n\Z", re.DOTALL)


class FakeSocket:
    """makefile() gives views of one stream over `reply`; sendall() records into `sent`.

    Each reply in `later` is appended to the stream when a further request head is
    sent, as a real server answers a kept-alive connection. `one_byte` makes every read
    return a single byte, `delay` makes it take that many seconds, and `timeout` is what
    gettimeout() reports. Successive makefile() calls share the stream, so responses
    read one after another see the bytes their predecessor left.
    """

    def __init__(self, reply: bytes = b"", *, later: Sequence[bytes] = (),
                 one_byte: bool = False, timeout: Optional[float] = None,
                 delay: float = 0.0) -> None:
        self.stream = io.BytesIO(reply)
        self.timeout = timeout  # what gettimeout() reports; settimeout() records here
        self.timeouts_set: List[Optional[float]] = []
        self.delay = delay  # seconds each read takes
        self.later = list(later)  # replies that arrive one per further request sent
        self._heads = 0
        self.one_byte = one_byte
        self.sent = bytearray()
        self.sendall_calls = 0
        self.closed = False
        self.files: List[FakeFile] = []

    def makefile(self, mode: str = "r", *args: Any, **kwargs: Any) -> FakeFile:
        if mode not in ("r", "rb"):
            raise httplib.UnimplementedFileMode(mode)
        file = FakeFile(self.stream, self.one_byte, self.delay)
        self.files.append(file)
        return file

    def sendall(self, data: bytes) -> None:
        assert isinstance(data, bytes), type(data)
        if self.closed:
            raise OSError("send on a closed socket")
        self.sent += data
        self.sendall_calls += 1
        if _REQUEST_HEAD.match(data):
            self._heads += 1
            if self._heads > 1 and self.later:
                position = self.stream.tell()
                self.stream.seek(0, io.SEEK_END)
                self.stream.write(self.later.pop(0))
                self.stream.seek(position)

    def gettimeout(self) -> Optional[float]:
        return self.timeout

    def settimeout(self, timeout: Optional[float]) -> None:
        self.timeouts_set.append(timeout)

    def close(self) -> None:
        self.closed = True


def fake_connection(
    *replies: Union[bytes, Tuple[bytes, ...]],
    cls: Type[httplib.HTTPConnection] = httplib.HTTPConnection,
    host: str = "example.com", port: Optional[int] = None, **kwargs: Any,
) -> Tuple[httplib.HTTPConnection, List[FakeSocket]]:
    """A connection whose connect() hands out FakeSockets, one per reply in order.

    A reply given as a tuple is one kept-alive connection: its first item is readable
    at once, the others arrive one per further request. The list of sockets grows
    with each connect(), so `len(socks)` counts connections.
    """
    conn = cls(host, port, **kwargs)
    socks: List[FakeSocket] = []
    queue = [reply if isinstance(reply, tuple) else (reply,) for reply in replies]

    def connect() -> None:
        assert queue, "the client opened more connections than the test scripted"
        first, *later = queue.pop(0)
        sock = FakeSocket(first, later=later)
        socks.append(sock)
        conn.sock = sock

    conn.connect = connect  # type: ignore[method-assign]
    return conn, socks


def response_from(reply: bytes, *, method: str = "GET", strict: int = 0,
                  one_byte: bool = False, begin: bool = True) -> httplib.HTTPResponse:
    """An HTTPResponse over a FakeSocket holding `reply`, begun unless told not to."""
    response = httplib.HTTPResponse(FakeSocket(reply, one_byte=one_byte), strict=strict,
                                    method=method)
    if begin:
        response.begin()
    return response


# -- running a response through the parser -----------------------------------------


def merge_data(events: List[Event]) -> List[Event]:
    """Consecutive Data events as one: how the body is split depends on the feeding."""
    out: List[Event] = []
    for event in events:
        if type(event) is Data and out and type(out[-1]) is Data:
            out[-1] = Data(out[-1].data + event.data)  # type: ignore[union-attr]
        else:
            out.append(event)
    return out


def parse_whole(data: bytes, *, method: str = "GET", strict: bool = False,
                eof: bool = True) -> Tuple[List[Event], ResponseParser]:
    parser = ResponseParser(method=method, strict=strict)
    parser.feed(data)
    if eof:
        parser.feed_eof()
    return merge_data(parser.events()), parser


def parse_bytewise(data: bytes, *, method: str = "GET", strict: bool = False,
                   eof: bool = True) -> Tuple[List[Event], ResponseParser]:
    """Feed one byte at a time, draining events after each."""
    return parse_in_pieces(data, 1, method=method, strict=strict, eof=eof)


def parse_in_pieces(data: bytes, size: int, *, method: str = "GET", strict: bool = False,
                    eof: bool = True) -> Tuple[List[Event], ResponseParser]:
    """Feed `size` bytes at a time, draining events after each; after EndOfMessage the
    rest is fed without asking for events (it must end up in trailing_data)."""
    parser = ResponseParser(method=method, strict=strict)
    events: List[Event] = []
    for index in range(0, len(data), size):
        parser.feed(data[index : index + size])
        while not (events and type(events[-1]) is EndOfMessage):
            event = parser.next_event()
            if event is NEED_DATA:
                break
            events.append(event)  # type: ignore[arg-type]
    if events and type(events[-1]) is EndOfMessage:
        assert parser.next_event() is NEED_DATA  # nothing after the end of the message
    elif eof:
        parser.feed_eof()
        events.extend(parser.events())
    return merge_data(events), parser


def events_via_response(data: bytes, *, method: str = "GET", strict: bool = False,
                        one_byte: bool = True) -> List[Event]:
    """HTTPResponse.begin() and read() over a fake socket, rewritten as parser events."""
    response = response_from(data, method=method, strict=int(strict), one_byte=one_byte,
                             begin=False)
    try:
        response.begin()
        parser = response._parser
        body = response.read()
        events: List[Event] = [*parser.interim, parser.status_line, parser.headers]  # type: ignore[list-item]
        if body:
            events.append(Data(body))
        events.append(EndOfMessage(response.trailers))
        assert response.isclosed()
        return events
    finally:
        response.close()


# -- local servers -----------------------------------------------------------------


def read_request(sock: socket.socket) -> bytes:
    """One request head plus a Content-Length body, read from a server-side socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class Server:
    """What serve() yields: the port, and the requests the handlers saw."""

    def __init__(self, port: int) -> None:
        self.host = "127.0.0.1"
        self.port = port
        self.requests: List[bytes] = []
        self.accepted = 0
        self.stopping = threading.Event()  # set when the test leaves the serve() block


def drip(sock: socket.socket, server: Server, data: bytes, delay: float) -> None:
    """Send one byte every `delay` seconds; stop quietly when the client goes away or
    the test leaves the serve() block."""
    for index in range(len(data)):
        try:
            sock.sendall(data[index : index + 1])
        except OSError:
            return
        if server.stopping.wait(delay):
            return


@contextmanager
def serve(handler: Callable[[socket.socket, Server], None], *,
          connections: int = 1) -> Iterator[Server]:
    """A 127.0.0.1 listener thread that runs `handler(sock, server)` per connection.

    The thread accepts up to `connections` connections, each within DEADLINE, and
    closes each socket after its handler returns. An exception in the thread fails the
    test when the block exits; the thread is always joined.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(DEADLINE)
    server = Server(listener.getsockname()[1])
    errors: List[BaseException] = []

    def run() -> None:
        try:
            for _ in range(connections):
                if server.stopping.is_set():
                    return
                try:
                    sock, _ = listener.accept()
                except socket.timeout:
                    return
                server.accepted += 1
                try:
                    sock.settimeout(DEADLINE)
                    handler(sock, server)
                finally:
                    sock.close()
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run, name="reference-test-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        thread.join(DEADLINE * (connections + 1))
        listener.close()
        assert not thread.is_alive(), "server thread did not finish"
    if errors:
        raise errors[0]


def answer(*replies: bytes) -> Callable[[socket.socket, Server], None]:
    """A handler that reads a request and sends each reply in turn on one connection."""

    def handler(sock: socket.socket, server: Server) -> None:
        for reply in replies:
            request = read_request(sock)
            if not request:
                return
            server.requests.append(request)
            sock.sendall(reply)

    return handler
