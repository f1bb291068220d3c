"""The engine: run a scenario on a real socket, one thread per connection.

Strategy: threads, not an event loop, because a script is a straight line of
blocking moments ("send this, wait that long, reset") and a thread per
connection runs it literally; 200 mostly-sleeping threads are cheap.  Every wait
has a deadline and is interruptible: sockets are non-blocking and each
connection waits in a selector that also watches the server's wake-up socket,
and sleeps wait on the server's stop event.  Stopping therefore takes
milliseconds, and the context manager joins every thread and closes every
socket, whatever state the client left the connection in.

Deadlines: the per-connection deadline (the scenario's ``connection_deadline``)
and the per-server deadline (``serve(deadline=...)``) are both multiplied by
``time_scale``, like every delay, sleep and drip.  When the connection deadline
passes the connection is closed (``timeout`` event); when the server deadline
passes the server stops as if the context had exited (``aborted`` events).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import ipaddress
import selectors
import socket
import ssl
import struct
import threading
import time
from collections.abc import Iterator
from typing import Callable, NoReturn, Union, overload

from ._delivery import DELIVERIES, DELIVERY_NAMES, PIECE_BUDGET, PIECE_PAUSE, Delivery
from ._request import RecordedRequest, RequestError, parse_request
from ._scenario import Answer, Scenario, Script
from ._steps import (
    Close,
    ExpectEOF,
    ExpectRequest,
    Flood,
    HalfClose,
    Reset,
    ScenarioError,
    Send,
    SendPieces,
    Sleep,
    Stall,
)
from ._tls import TLSMaterial
from ._transcript import FloodRecord, Transcript

LOOPBACK = {"ipv4": "127.0.0.1", "ipv6": "::1"}
# After our FIN, read what the client still sends for at most this long before
# closing: closing a socket with unread input makes the kernel send an RST, which
# a client could see instead of a clean EOF.  Plumbing, so not time-scaled.
CLOSE_LINGER = 1.0
# Connections served at once; more are reset at accept (and recorded as refused).
MAX_CONCURRENT = 1024
LISTEN_BACKLOG = 512
JOIN_TIMEOUT = 10.0
_SEND_SLICE = 65536
_FLOOD_TICK = 0.02  # seconds between paced flood writes, before scaling
# Floods write in small slices through a small send buffer and look for the
# client leaving before every slice, so the bytes counted as sent when the client
# gave up exceed what it read by little more than the socket buffers hold.
FLOOD_SLICE = 4096
FLOOD_SEND_BUFFER = 16384

_PEER_GONE_ERRORS = (ConnectionError, ssl.SSLEOFError, ssl.SSLZeroReturnError)


class _Stopped(Exception):
    """The server is stopping; unwind the connection."""


class _Deadline(Exception):
    """The connection deadline passed."""


class _PeerGone(Exception):
    """The client reset or closed the connection while we were sending."""


class _EndScript(Exception):
    """A step decided the script cannot go on (already recorded)."""


class _Channel:
    """One connection's socket with deadline-bounded, interruptible I/O."""

    def __init__(
        self,
        sock: socket.socket,
        wake: socket.socket,
        stopping: threading.Event,
        deadline: float,
        transcript: Transcript,
        delivery: Delivery = DELIVERIES["whole"],
        pause: float = 0.0,
    ) -> None:
        self.sock = sock
        self.stopping = stopping
        self.deadline = deadline
        self.transcript = transcript
        self.delivery = delivery
        self.pause = pause
        self.pieces_left = 0 if delivery.name == "whole" else PIECE_BUDGET
        self.inbox = bytearray()
        self.open = True
        self.peer_eof = False
        sock.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(sock, selectors.EVENT_READ)
        self._selector.register(wake, selectors.EVENT_READ)

    # -- waiting -------------------------------------------------------------
    def until(self, seconds: float | None) -> float:
        """The absolute time a wait of ``seconds`` ends, capped by the deadline."""
        return self.deadline if seconds is None else min(self.deadline, time.monotonic() + seconds)

    def _wait(self, events: int, until: float) -> bool:
        """True when the socket is ready, False at ``until``; raises when stopping."""
        self._selector.modify(self.sock, events)
        while True:
            if self.stopping.is_set():
                raise _Stopped
            remaining = until - time.monotonic()
            if remaining <= 0:
                return False
            for key, _ in self._selector.select(remaining):
                if key.fileobj is self.sock:
                    return True

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        if self.stopping.wait(max(0.0, min(end, self.deadline) - time.monotonic())):
            raise _Stopped
        if end > self.deadline:
            raise _Deadline

    # -- reading -------------------------------------------------------------
    def recv_some(self, until: float) -> bytes | None:
        """Bytes received (recorded), b"" at EOF, None when ``until`` passes."""
        while True:
            try:
                data = self.sock.recv(_SEND_SLICE)
            except (BlockingIOError, ssl.SSLWantReadError):
                if not self._wait(selectors.EVENT_READ, until):
                    return None
                continue
            except ssl.SSLWantWriteError:
                if not self._wait(selectors.EVENT_WRITE, until):
                    return None
                continue
            except _PEER_GONE_ERRORS as exc:
                raise _PeerGone(f"while reading: {exc!r}") from None
            if data:
                self.transcript.record("recv", data)
            elif not self.peer_eof:
                self.peer_eof = True
                self.transcript.record("eof")
            return data

    def peer_left(self) -> bool:
        """Whether the client has closed (EOF recorded); an RST raises _PeerGone."""
        if not self.peer_eof:
            self.recv_some(time.monotonic())
        return self.peer_eof

    def read_until_eof(self, until: float) -> bool:
        """Consume input until EOF (True) or ``until`` (False)."""
        while not self.peer_eof:
            data = self.recv_some(until)
            if data is None:
                return False
            if not data:
                return True
        return True

    # -- writing -------------------------------------------------------------
    def send_all(self, data: bytes) -> None:
        """Send ``data``, cut by the delivery mode while its piece budget lasts."""
        if not self.pieces_left:
            self._send_whole(data)
            return
        pieces = self.delivery.cut(data)
        for number, piece in enumerate(pieces):
            if not self.pieces_left:
                self._send_whole(b"".join(pieces[number:]))
                return
            self.pieces_left -= 1
            self._send_whole(piece)
            self.sleep(self.pause)

    def _send_whole(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            piece = view[:_SEND_SLICE]
            try:
                sent = self.sock.send(piece)
            except (BlockingIOError, ssl.SSLWantWriteError):
                sent = 0
            except ssl.SSLWantReadError:
                if not self._wait(selectors.EVENT_READ, self.deadline):
                    raise _Deadline from None
                continue
            except _PEER_GONE_ERRORS as exc:
                raise _PeerGone(f"while sending: {exc!r}") from None
            if sent:
                self.transcript.record("send", bytes(piece[:sent]))
                view = view[sent:]
            elif not self._wait(selectors.EVENT_WRITE, self.deadline):
                raise _Deadline

    # -- TLS -----------------------------------------------------------------
    def handshake(self) -> None:
        assert isinstance(self.sock, ssl.SSLSocket)
        while True:
            try:
                self.sock.do_handshake()
                return
            except ssl.SSLWantReadError:
                ready = self._wait(selectors.EVENT_READ, self.deadline)
            except ssl.SSLWantWriteError:
                ready = self._wait(selectors.EVENT_WRITE, self.deadline)
            if not ready:
                raise _Deadline

    # -- ending --------------------------------------------------------------
    def shutdown_write(self) -> None:
        # socket.socket.shutdown, not SSLSocket.shutdown: the latter drops the TLS
        # state, and a half-closed TLS connection must still decrypt what arrives.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(self.sock, socket.SHUT_WR)

    def close_gracefully(self, linger: float) -> None:
        self.shutdown_write()
        self.transcript.record("close")
        with contextlib.suppress(_Stopped, _Deadline, _PeerGone, OSError, ssl.SSLError):
            self.read_until_eof(min(self.deadline, time.monotonic() + linger))
        self.release()

    def reset(self) -> None:
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transcript.record("reset")
        self.release()

    def release(self) -> None:
        if self.open:
            self.open = False
            self._selector.close()
            self.sock.close()


# -- steps ---------------------------------------------------------------------
# Each runner takes (server, channel, step); returning normally goes to the next
# step, raising _EndScript ends the script (the event was recorded already).


def _run_expect_request(server: Server, channel: _Channel, step: ExpectRequest) -> None:
    _read_request(server, channel, step)


def _read_request(server: Server, channel: _Channel, step: ExpectRequest) -> RecordedRequest:
    """Read, record and return one whole request; _EndScript when there is none."""
    until = channel.until(server.scaled(step.timeout))
    while True:
        try:
            parsed = parse_request(bytes(channel.inbox), step)
        except RequestError as exc:
            channel.transcript.record("bad-request", note=str(exc))
            raise _EndScript from None
        if parsed is not None:
            request, used = parsed
            del channel.inbox[:used]
            request = dataclasses.replace(request, connection=channel.transcript.index)
            channel.transcript.add_request(request)
            server._add_request(request)
            line = b" ".join(p for p in (request.method, request.target, request.version) if p)
            channel.transcript.record("request", note=line.decode("latin-1"))
            return request
        data = channel.recv_some(until)
        if data is None:
            _timed_out(channel, until, "waiting for a request")
        if not data:  # EOF before a whole request: recorded as "eof" already
            raise _EndScript
        channel.inbox += data


def _timed_out(channel: _Channel, until: float, what: str) -> NoReturn:
    """Record a step timeout; the connection deadline ends the connection."""
    if until >= channel.deadline:
        raise _Deadline
    channel.transcript.record("timeout", note=what)
    raise _EndScript


def _run_send(server: Server, channel: _Channel, step: Send) -> None:
    channel.send_all(step.data)


def _run_send_pieces(server: Server, channel: _Channel, step: SendPieces) -> None:
    pieces = step.pieces()
    for number, piece in enumerate(pieces):
        if number:
            channel.sleep(server.scaled(step.delay))
        channel.send_all(piece)


def _run_sleep(server: Server, channel: _Channel, step: Sleep) -> None:
    channel.sleep(server.scaled(step.seconds))


def _run_stall(server: Server, channel: _Channel, step: Stall) -> None:
    until = channel.until(server.scaled(step.seconds))
    if not channel.read_until_eof(until) and until >= channel.deadline:
        raise _Deadline


def _run_expect_eof(server: Server, channel: _Channel, step: ExpectEOF) -> None:
    until = channel.until(server.scaled(step.timeout))
    if not channel.read_until_eof(until):
        _timed_out(channel, until, "waiting for the client to close")


def _run_flood(server: Server, channel: _Channel, step: Flood) -> None:
    channel.transcript.record("flood", note=f"bound {step.max_bytes} bytes")
    with contextlib.suppress(OSError):
        channel.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, FLOOD_SEND_BUFFER)
    if step.prefix:
        channel.send_all(step.prefix)
    rate = None if step.rate is None else step.rate / server.time_scale
    if rate is None:
        per_write = max(1, FLOOD_SLICE // len(step.pattern))
    else:
        per_write = max(1, int(rate * _FLOOD_TICK) // len(step.pattern))
    left = step.repeats
    while left:
        if channel.peer_left():
            raise _EndScript
        count = min(per_write, left)
        channel.send_all(step.pattern * count)
        left -= count
        if rate is not None and left:
            channel.sleep(count * len(step.pattern) / rate)
    channel.transcript.record("flood-end", note=f"{step.repeats * len(step.pattern)} bytes of pattern sent")


def _run_close(server: Server, channel: _Channel, step: Close) -> None:
    channel.close_gracefully(CLOSE_LINGER)


def _run_half_close(server: Server, channel: _Channel, step: HalfClose) -> None:
    channel.shutdown_write()
    channel.transcript.record("half-close")


def _run_reset(server: Server, channel: _Channel, step: Reset) -> None:
    channel.reset()


STEP_RUNNERS: dict[type[object], Callable[..., None]] = {
    ExpectRequest: _run_expect_request,
    Send: _run_send,
    SendPieces: _run_send_pieces,
    Sleep: _run_sleep,
    Stall: _run_stall,
    ExpectEOF: _run_expect_eof,
    Flood: _run_flood,
    Close: _run_close,
    HalfClose: _run_half_close,
    Reset: _run_reset,
}


# -- the server ------------------------------------------------------------------
class Server:
    """A running scripted server (use `serve`, which starts and stops it)."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        time_scale: float = 1.0,
        deadline: float | None = 60.0,
        connection_deadline: float | None = None,
        host: str | None = None,
        port: int = 0,
        delivery: str = "whole",
    ) -> None:
        if delivery not in DELIVERIES:
            raise ScenarioError(f"serve: delivery must be one of {DELIVERY_NAMES}, got {delivery!r}")
        if not isinstance(time_scale, (int, float)) or not time_scale > 0:
            raise ScenarioError(f"serve: time_scale must be a number > 0, got {time_scale!r}")
        if deadline is not None and not deadline > 0:
            raise ScenarioError(f"serve: deadline must be > 0 seconds or None, got {deadline!r}")
        if connection_deadline is not None and not connection_deadline > 0:
            raise ScenarioError(
                f"serve: connection_deadline must be > 0 seconds or None, got {connection_deadline!r}"
            )
        self.scenario = scenario
        self.time_scale = float(time_scale)
        self.delivery = DELIVERIES[delivery]
        self._requests_answered = 0
        self._connection_seconds = self.scaled(
            scenario.connection_deadline if connection_deadline is None else connection_deadline
        )
        self._deadline_seconds = self.scaled(deadline)
        self.host = _loopback_only(host or LOOPBACK[scenario.family])
        self._requested_port = port
        self._t0 = time.monotonic()
        self._stopping = threading.Event()
        self._stop_reason = "server stopped"
        self._lock = threading.Lock()
        self._transcripts: list[Transcript] = []
        self._requests: list[RecordedRequest] = []
        self._threads: list[threading.Thread] = []
        self._accept_thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self.tls: TLSMaterial | None = None
        self.port = 0
        self._closed = False

    # -- public view -------------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    @property
    def scheme(self) -> str:
        return "https" if self.scenario.tls else "http"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}/"

    @property
    def ca(self) -> str | None:
        """Path of the PEM file of the CA that issued the server certificate."""
        return self.tls.ca_path if self.tls else None

    @property
    def client_cert_paths(self) -> tuple[str, str] | None:
        """(certificate file, key file) a client can present, when TLS is on."""
        return self.tls.client_cert_paths if self.tls else None

    def client_context(self, *, present_cert: bool | None = None) -> ssl.SSLContext:
        """A client ssl context trusting this server (see TLSMaterial.client_context)."""
        if self.tls is None:
            raise ValueError(f"scenario {self.scenario.id!r} does not use TLS")
        return self.tls.client_context(present_cert=present_cert)

    @property
    def transcripts(self) -> list[Transcript]:
        with self._lock:
            return list(self._transcripts)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request recorded so far, in the order they completed."""
        with self._lock:
            return list(self._requests)

    @property
    def connection_count(self) -> int:
        with self._lock:
            return len(self._transcripts)

    @property
    def requests_per_connection(self) -> list[int]:
        """How many whole requests each connection carried, in accept order."""
        return [len(t.requests) for t in self.transcripts]

    @property
    def connection_reused(self) -> bool:
        """Whether some connection carried more than one request."""
        return any(count > 1 for count in self.requests_per_connection)

    @property
    def flood(self) -> FloodRecord | None:
        """How the client met the first flood (on the first connection that had one)."""
        return next((r for r in (t.flood() for t in self.transcripts) if r is not None), None)

    @overload
    def scaled(self, seconds: float) -> float: ...
    @overload
    def scaled(self, seconds: None) -> None: ...
    def scaled(self, seconds: float | None) -> float | None:
        """``seconds`` multiplied by time_scale (None stays None)."""
        return None if seconds is None else seconds * self.time_scale

    def clock(self) -> float:
        return time.monotonic() - self._t0

    def wait_idle(self, timeout: float = 5.0, *, connections: int = 0) -> bool:
        """Wait until no connection is pending or running (and at least
        ``connections`` were accepted); False if ``timeout`` passed first."""
        end = time.monotonic() + timeout
        while True:
            with self._lock:
                busy = [t for t in self._transcripts if not t.finished.is_set()]
                enough = len(self._transcripts) >= connections
            if not busy and enough and not self._pending_accept():
                return True
            remaining = end - time.monotonic()
            if remaining <= 0:
                return False
            if busy:
                busy[0].finished.wait(min(remaining, 0.05))
            else:
                time.sleep(min(remaining, 0.005))

    def _pending_accept(self) -> bool:
        listener = self._listener
        if listener is None or self._stopping.is_set():
            return False
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            return bool(selector.select(0))

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> Server:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            if self.scenario.tls:
                self.tls = TLSMaterial(self.scenario.tls)
            self._wake_r, self._wake_w = socket.socketpair()
            self._listener = socket.socket(family, socket.SOCK_STREAM)
            self._listener.bind((self.host, self._requested_port))
            self._listener.listen(LISTEN_BACKLOG)
            self._listener.setblocking(False)
            self.port = self._listener.getsockname()[1]
            self._t0 = time.monotonic()
            self._accept_thread = threading.Thread(
                target=self._accept_loop, name=f"httpcts-accept-{self.scenario.id}", daemon=True
            )
            self._accept_thread.start()
        except BaseException:
            self.close()
            raise
        return self

    def stop(self, reason: str = "server stopped") -> None:
        """Ask every thread to finish (non-blocking); `close` also joins them."""
        if not self._stopping.is_set():
            self._stop_reason = reason
            self._stopping.set()
            if self._wake_w is not None:
                with contextlib.suppress(OSError):
                    self._wake_w.send(b"!")

    def close(self) -> None:
        """Stop, join every thread, close every socket and remove the TLS files."""
        if self._closed:
            return
        self._closed = True
        self.stop()
        threads = ([self._accept_thread] if self._accept_thread else []) + self._threads
        end = time.monotonic() + JOIN_TIMEOUT
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        stuck = [t.name for t in threads if t.is_alive()]
        for sock in (self._listener, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        if self.tls is not None:
            self.tls.cleanup()
        if stuck:
            raise RuntimeError(f"httpcts server threads did not finish: {stuck}")

    def __enter__(self) -> Server:
        return self if self._listener is not None else self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------
    def _add_request(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _answer_requests(self, channel: _Channel) -> None:
        """Request-driven scenarios: read each request and give it its answer."""
        answers = self.scenario.answers
        while channel.open:
            with self._lock:
                expected = answers[min(self._requests_answered, len(answers) - 1)].request
            request = _read_request(self, channel, expected)
            with self._lock:
                number = self._requests_answered
                self._requests_answered += 1
            chosen = self.scenario.answer_for(number, request.method, request.target)
            if chosen is None:
                channel.transcript.record("answer", note=f"request {number}: no answer fits it")
                raise _EndScript
            channel.transcript.record("answer", note=_answer_note(number, chosen, answers))
            _run_steps(self, channel, answers[chosen].steps)

    def _accept_loop(self) -> None:
        assert self._listener is not None and self._wake_r is not None
        end = None if self._deadline_seconds is None else time.monotonic() + self._deadline_seconds
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping.is_set():
                timeout = None if end is None else end - time.monotonic()
                if timeout is not None and timeout <= 0:
                    self.stop("scenario deadline passed")
                    break
                selector.select(timeout)
                self._accept_ready()

    def _accept_ready(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                conn, peer = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # e.g. EMFILE: drop this one, keep serving
                if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    time.sleep(0.01)
                    return
                raise
            with self._lock:
                index = len(self._transcripts)
                transcript = Transcript(index, (peer[0], peer[1]), self.clock)
                self._transcripts.append(transcript)
                self._threads = [t for t in self._threads if t.is_alive()]
                running = len(self._threads)
            transcript.record("accept", note=f"{peer[0]}:{peer[1]}")
            if self.scenario.answer_by == "request":
                script: Script | None = ()  # answers are chosen per request
            else:
                script = self.scenario.script_for(index)
            if script is None or running >= MAX_CONCURRENT:
                why = "beyond the scripted connections" if script is None else "too many connections"
                _refuse(conn, transcript, why)
                continue
            thread = threading.Thread(
                target=self._run_connection,
                args=(conn, transcript, script),
                name=f"httpcts-conn-{self.scenario.id}-{index}",
                daemon=True,
            )
            self._threads.append(thread)
            thread.start()

    def _run_connection(self, conn: socket.socket, transcript: Transcript, script: Script) -> None:
        assert self._wake_r is not None
        channel: _Channel | None = None
        sock: socket.socket | ssl.SSLSocket = conn
        try:
            if self.tls is not None:
                sock = self.tls.context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
            channel = _Channel(
                sock,
                self._wake_r,
                self._stopping,
                time.monotonic() + self._connection_seconds,
                transcript,
                self.delivery,
                self.scaled(PIECE_PAUSE),
            )
            if self.delivery.name != "whole":
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                transcript.record("delivery", note=f"{self.delivery.name}: {self.delivery.description}")
            if self.tls is not None:
                _tls_handshake(channel)
            if self.scenario.answer_by == "request":
                self._answer_requests(channel)
            else:
                _run_steps(self, channel, script)
            if channel.open:  # the script ended without Close/Reset: close it for it
                channel.close_gracefully(CLOSE_LINGER)
        except _EndScript:  # the step recorded why; close like a finished script
            if channel is not None and channel.open:
                channel.close_gracefully(CLOSE_LINGER)
        except _Stopped:
            transcript.record("aborted", note=self._stop_reason)
        except _Deadline:
            transcript.record("timeout", note="connection deadline passed")
            if channel is not None and channel.open:
                channel.close_gracefully(0.0)
        except _PeerGone as exc:
            transcript.record("peer-gone", note=str(exc))
        except ssl.SSLError as exc:
            transcript.record("tls-error", note=str(exc))
        except OSError as exc:
            transcript.record("error", note=repr(exc))
        finally:
            if channel is not None:
                channel.release()
            sock.close()
            conn.close()
            transcript.record("end")
            transcript.finished.set()


def _run_steps(server: Server, channel: _Channel, steps: Script) -> None:
    for step in steps:
        STEP_RUNNERS[type(step)](server, channel, step)


def _answer_note(number: int, chosen: int, answers: tuple[Answer, ...]) -> str:
    note = f"request {number}: answer {chosen} of {len(answers)}"
    return note + (" (again: beyond the answers)" if number >= len(answers) else "")


def _loopback_only(host: str) -> str:
    """``host`` if it is a loopback address: a hostile server stays on this machine."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ScenarioError(f"serve: host must be a loopback address such as 127.0.0.1 or ::1, got {host!r}")
    return host


def _tls_handshake(channel: _Channel) -> None:
    try:
        channel.handshake()
    except (ssl.SSLError, ConnectionError) as exc:
        channel.transcript.record("tls-error", note=str(exc))
        raise _EndScript from None
    sock = channel.sock
    assert isinstance(sock, ssl.SSLSocket)
    has_cert = "yes" if sock.getpeercert() else "no"
    channel.transcript.record("tls", note=f"{sock.version()}, client certificate: {has_cert}")


def _refuse(conn: socket.socket, transcript: Transcript, why: str) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    transcript.record("refused", note=why)
    transcript.record("reset")
    transcript.record("end")
    transcript.finished.set()


ScenarioLike = Union[Scenario, str]


@contextlib.contextmanager
def serve(
    scenario_or_id: ScenarioLike,
    *,
    time_scale: float = 1.0,
    deadline: float | None = 60.0,
    connection_deadline: float | None = None,
    host: str | None = None,
    port: int = 0,
    delivery: str = "whole",
) -> Iterator[Server]:
    """Run a scenario (or a catalogue id) until the block exits.

    Binds ``host`` (a loopback address; default 127.0.0.1, or ::1 for IPv6
    scenarios – anything else is refused, hostile servers stay local) on ``port``
    (default 0: an ephemeral port, see ``server.port``).  ``deadline`` bounds the
    whole server and ``connection_deadline`` (default: the scenario's) each
    connection; both, like every delay in the script, are multiplied by
    ``time_scale``.  ``delivery`` cuts what the server sends into segments
    (see `DELIVERIES`: "whole", "bytes", "crlf").  On exit every thread is joined
    and every socket closed.
    """
    if isinstance(scenario_or_id, str):
        from .catalogue import get_scenario

        scenario = get_scenario(scenario_or_id)
    elif isinstance(scenario_or_id, Scenario):
        scenario = scenario_or_id
    else:
        raise TypeError(f"serve() takes a Scenario or a scenario id, got {scenario_or_id!r}")
    server = Server(
        scenario,
        time_scale=time_scale,
        deadline=deadline,
        connection_deadline=connection_deadline,
        host=host,
        port=port,
        delivery=delivery,
    )
    server.start()
    try:
        yield server
    finally:
        server.close()
