"""A loopback server that replays a scenario's scripts: the stand-alone reproducer's server.

Strategy: stdlib-only, Python 2.7 + 3.6+ (see `_observe`), because `httpcts repro`
embeds it in a file that runs under the interpreter of the implementation under
test.  It reads the scenario as JSON (``httpcts serve --dump``: steps with Latin-1
bytes), binds 127.0.0.1 (::1 for IPv6 scenarios) on an ephemeral port and plays
each step with its timing (delays times ``time_scale``), recording what it needs
for `_facts`: requests, bytes received and sent, event kinds, and how a client met
a flood.  It is a smaller sibling of `httpcts.servers`' engine, not a copy: the
harness's server remains the reference; TLS scenarios are not replayed here.

Answers (``answer_by``): "request" gives the n-th request received, across
connections, the n-th ExpectRequest of the scripts and the steps after it;
"connection" gives connection i the i-th script.
"""

import errno
import re
import socket
import struct
import threading
import time

_CHUNK_SIZE = re.compile(br"[0-9A-Fa-f]{1,16}$")
_GONE = (errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED)
_SLICE = 65536
CLOSE_ONLY = [{"step": "close"}]  # the answer to a request beyond the scenario's script
FLOOD_SLICE, FLOOD_SEND_BUFFER = 4096, 16384  # as httpcts.servers: a client's refusal shows soon


class RequestError(ValueError):
    """The client's bytes are not one acceptable request."""


class Request(object):
    def __init__(self, line, headers, body, raw, chunked):
        parts = line.split(b" ")
        if len(parts) == 2:  # HTTP/0.9 simple request
            parts.append(b"")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise RequestError("malformed request line: %r" % (line[:120],))
        self.method, self.target, self.version = parts
        self.headers, self.body, self.raw, self.chunked = headers, body, raw, chunked


def _lines(head):
    return [line[:-1] if line.endswith(b"\r") else line for line in head.split(b"\n")]


def _headers(lines):
    out = []
    for line in lines:
        if line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + b"\r\n" + line)
            continue
        name, colon, value = line.partition(b":")
        if not colon:
            raise RequestError("header line without a colon: %r" % (line[:80],))
        out.append((name, value.strip(b" \t")))
    return out


def _chunked(buf, at):
    body = b""
    while True:
        end = buf.find(b"\n", at)
        if end < 0:
            return None
        size = buf[at:end].rstrip(b"\r").split(b";", 1)[0].strip(b" \t")
        if not _CHUNK_SIZE.match(size):
            raise RequestError("invalid chunk-size line: %r" % (buf[at:end][:80],))
        at, size = end + 1, int(size, 16)
        if size == 0:
            break
        if len(buf) < at + size + 2:
            return None
        body += buf[at:at + size]
        at += size + (2 if buf[at + size:at + size + 2] == b"\r\n" else 1)
    while True:  # trailers up to the blank line
        end = buf.find(b"\n", at)
        if end < 0:
            return None
        line, at = buf[at:end].rstrip(b"\r"), end + 1
        if not line:
            return body, at


def parse_request(buf, step):
    """(request, bytes used), None while incomplete; raises RequestError."""
    ends = [(buf.find(sep), len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if buf.find(sep) >= 0]
    if not ends:
        if len(buf) > step.get("max_head_bytes", 65536):
            raise RequestError("request head too long")
        return None
    head_end, blank = min(ends)
    lines = _lines(buf[:head_end])
    headers = _headers(lines[1:])
    codings = b",".join(v for n, v in headers if n.lower() == b"transfer-encoding")
    start = head_end + blank
    if codings:
        parsed = _chunked(buf, start)
        if parsed is None:
            return None
        body, end = parsed
    else:
        lengths = set(v.strip() for n, v in headers if n.lower() == b"content-length")
        if len(lengths) > 1 or (lengths and not list(lengths)[0].isdigit()):
            raise RequestError("invalid Content-Length: %r" % (sorted(lengths),))
        end = start + (int(list(lengths)[0]) if lengths else 0)
        if len(buf) < end:
            return None
        body = buf[start:end]
    return Request(lines[0], headers, body, buf[:end], bool(codings)), end


class Connection(object):
    """One accepted connection's record (the shape `_facts` reads)."""

    def __init__(self, sock, server):
        self.sock, self.server = sock, server
        self.events, self.requests, self.inbox = [], [], b""
        self.peer_eof = False
        self.left = None  # "close" or "reset" once the client went away
        self.flood = None

    def record(self, kind, data=b""):
        self.events.append((time.time() - self.server.started, kind, data))

    @property
    def received(self):
        return b"".join(d for _, k, d in self.events if k == "recv")

    @property
    def sent(self):
        return b"".join(d for _, k, d in self.events if k == "send")

    def kinds(self):
        return [k for _, k, _ in self.events]

    def recv_some(self, until):
        """Bytes (recorded), b"" at EOF, None at ``until``."""
        remaining = until - time.time()
        if remaining <= 0:
            return None
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(_SLICE)
        except socket.timeout:
            return None
        except socket.error as exc:
            if exc.errno in _GONE:
                self.left = self.left or "reset"
                return b""
            raise
        if data:
            self.record("recv", data)
        elif not self.peer_eof:
            self.peer_eof = True
            self.left = self.left or "close"
            self.record("eof")
        return data

    def send(self, data):
        pieces = self.server.cut(data)
        for number, piece in enumerate(pieces):
            if number and len(pieces) > 1:
                time.sleep(0.002 * self.server.time_scale)
            self.sock.settimeout(max(0.1, self.server.deadline - time.time()))
            try:
                self.sock.sendall(piece)
            except socket.error as exc:
                if exc.errno in _GONE:
                    self.left = self.left or "reset"
                    raise EndScript()
                raise
            self.record("send", piece)

    def peer_left(self):
        """Whether the client has gone (a non-blocking look at the socket)."""
        if self.left is None and not self.peer_eof:
            self.sock.setblocking(False)
            try:
                data = self.sock.recv(_SLICE)
                if data:
                    self.record("recv", data)
                else:
                    self.peer_eof, self.left = True, "close"
                    self.record("eof")
            except socket.error as exc:
                if exc.errno in _GONE:
                    self.left = "reset"
            finally:
                self.sock.setblocking(True)
        return self.left is not None

    def wait(self, until):
        """Read until EOF or ``until``."""
        while not self.peer_eof and self.left is None:
            if self.recv_some(until) is None:
                return


class EndScript(Exception):
    pass


def _scaled(server, seconds):
    scaled = None if seconds is None else time.time() + seconds * server.time_scale
    return server.deadline if scaled is None else min(server.deadline, scaled)


def run_expect_request(conn, step):
    until = _scaled(conn.server, step.get("timeout"))
    while True:
        try:
            parsed = parse_request(conn.inbox, step)
        except RequestError:
            conn.record("bad-request")
            raise EndScript()
        if parsed is not None:
            request, used = parsed
            conn.inbox = conn.inbox[used:]
            conn.requests.append(request)
            conn.server.requests.append(request)
            return
        data = conn.recv_some(until)
        if not data:
            raise EndScript()
        conn.inbox += data


def run_flood(conn, step):
    conn.flood = dict(start=len(conn.sent), sent=len(conn.sent), client_left=None, flooding=True)
    pattern = step["pattern"].encode("latin-1")
    left = max(1, step["max_bytes"] // len(step["pattern"]))
    rate = None if step.get("rate") is None else step["rate"] / conn.server.time_scale
    per_write = max(1, (FLOOD_SLICE if rate is None else int(rate * 0.02)) // len(pattern))
    try:
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, FLOOD_SEND_BUFFER)
    except socket.error:
        pass
    try:
        if step.get("prefix"):
            conn.send(step["prefix"].encode("latin-1"))
        while left:
            if conn.peer_left():
                raise EndScript()
            count = min(left, per_write)
            conn.send(pattern * count)
            left -= count
            if rate is not None and left:
                time.sleep(count * len(pattern) / rate)
        conn.flood["flooding"] = False
    finally:
        conn.flood["sent"] = len(conn.sent)
        conn.flood["client_left"] = conn.left


def _pieces(step):
    data, sizes, out, index = step["data"].encode("latin-1"), step.get("sizes") or [1], [], 0
    while data:
        size = sizes[min(index, len(sizes) - 1)]
        out.append(data[:size])
        data, index = data[size:], index + 1
    return out


def _send_pieces(conn, step):
    for number, piece in enumerate(_pieces(step)):
        if number:
            time.sleep(step.get("delay", 1.0) * conn.server.time_scale)
        conn.send(piece)


def _close(conn, step):
    try:
        conn.sock.shutdown(socket.SHUT_WR)
    except socket.error:
        pass
    conn.record("close")
    conn.wait(min(conn.server.deadline, time.time() + 0.5))
    raise EndScript()


def _reset(conn, step):
    conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.record("reset")
    raise EndScript()


def _half_close(conn, step):
    conn.sock.shutdown(socket.SHUT_WR)
    conn.record("half-close")


STEPS = {
    "expect_request": run_expect_request,
    "send": lambda conn, step: conn.send(step["data"].encode("latin-1")),
    "send_pieces": _send_pieces,
    "sleep": lambda conn, step: time.sleep(step["seconds"] * conn.server.time_scale),
    "stall": lambda conn, step: conn.wait(_scaled(conn.server, step.get("seconds"))),
    "expect_eof": lambda conn, step: conn.wait(_scaled(conn.server, step.get("timeout"))),
    "flood": run_flood,
    "close": _close,
    "half_close": _half_close,
    "reset": _reset,
}


class ReplayServer(object):
    """``with ReplayServer(scenario, time_scale, deadline) as server:`` serve on server.port."""

    def __init__(self, scenario, time_scale=1.0, deadline=30.0, delivery="whole"):
        if scenario.get("tls"):
            raise ValueError("scenario %s needs TLS: the stand-alone reproducer replays plain "
                             "HTTP only (use httpcts certify --cases)" % scenario["id"])
        self.scenario, self.time_scale, self.delivery = scenario, time_scale, delivery
        self.host = "::1" if scenario.get("family") == "ipv6" else "127.0.0.1"
        self.listener = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        self.listener.bind((self.host, 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.started, self.deadline = time.time(), time.time() + deadline
        self.connections, self.requests, self.threads = [], [], []
        self.answers = [s for script in scenario["connections"] for s in _answers(script)]

    def cut(self, data):
        """What one send becomes on the wire (``delivery``: whole, bytes or crlf)."""
        if self.delivery == "bytes":
            return [data[i:i + 1] for i in range(len(data))]
        if self.delivery == "crlf":
            return [p for p in re.split(br"(?<=\r\n)", data) if p]
        return [data]

    def __enter__(self):
        thread = threading.Thread(target=self._accept_loop)
        thread.daemon = True
        thread.start()
        return self

    def __exit__(self, *exc_info):
        self.listener.close()

    def _accept_loop(self):
        while time.time() < self.deadline:
            try:
                sock, _ = self.listener.accept()
            except socket.error:
                return
            conn = Connection(sock, self)
            conn.record("accept")
            self.connections.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn, len(self.connections) - 1))
            thread.daemon = True
            self.threads.append(thread)
            thread.start()

    def _serve(self, conn, index):
        try:
            if self.scenario.get("answer_by") == "connection":
                scripts = self.scenario["connections"]
                self._play(conn, scripts[index] if index < len(scripts) else [{"step": "reset"}])
            else:
                while conn.left is None:
                    run_expect_request(conn, {})
                    number = len(self.requests) - 1
                    answered = number < len(self.answers)
                    self._play(conn, self.answers[number][1:] if answered else CLOSE_ONLY)
            _close(conn, {})
        except EndScript:
            pass
        except socket.error:
            conn.record("error")
        finally:
            conn.sock.close()
            conn.record("end")

    def _play(self, conn, steps):
        for step in steps:
            STEPS[step["step"]](conn, step)

    def wait_idle(self, timeout):
        end = time.time() + timeout
        for thread in list(self.threads):
            thread.join(max(0.0, end - time.time()))

    @property
    def flood(self):
        return next((c.flood for c in self.connections if c.flood), None)


def _answers(script):
    """A script cut into answers: each ExpectRequest with the steps up to the next one."""
    out = []
    for step in script:
        if step["step"] == "expect_request" or not out:
            out.append([])
        out[-1].append(step)
    return out
