"""A raw-socket client for the server self-tests: it plays a script's mirror.

Strategy: for every step the server runs, the client does the matching thing –
sends a request for ExpectRequest, reads exactly the scripted bytes for
Send/SendPieces/Flood, half-closes for Stall/ExpectEOF, expects EOF for
Close/HalfClose and ECONNRESET for Reset – so one helper exercises every
scenario and checks the bytes it promises.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Sequence

from httpcts.servers import (
    Close,
    ExpectEOF,
    ExpectRequest,
    Flood,
    HalfClose,
    Reset,
    Scenario,
    Send,
    SendPieces,
    Server,
    Sleep,
    Stall,
    Step,
)

CLIENT_TIMEOUT = 5.0


def scenario_of(*scripts: tuple[Step, ...], **fields: object) -> Scenario:
    """A test scenario with these connection scripts (``fields`` override the rest)."""
    values: dict[str, object] = dict(
        id="test.scenario", kind="conformant", category="test", description="a self-test scenario",
        references=("RFC 9112 §9",), connections=tuple(scripts),
    )  # fmt: skip
    values.update(fields)
    return Scenario(**values)  # type: ignore[arg-type]


def scripted_bytes(step: Step) -> bytes:
    """The bytes a sending step puts on the wire (b"" for other steps)."""
    if isinstance(step, (Send, SendPieces)):
        return step.data
    if isinstance(step, Flood):
        return step.prefix + step.pattern * step.repeats
    return b""


def request_bytes(method: str = "GET", target: str = "/", body: bytes = b"") -> bytes:
    head = f"{method} {target} HTTP/1.1\r\nHost: test.invalid\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode("latin-1") + b"\r\n" + body


def connect(server: Server, *, present_cert: bool | None = None, verify: bool = True) -> socket.socket:
    sock = socket.create_connection(server.address, timeout=CLIENT_TIMEOUT)
    if server.scheme != "https":
        return sock
    if verify and server.scenario.tls is not None and server.scenario.tls.certificate == "valid":
        context = server.client_context(present_cert=present_cert)
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        if server.scenario.tls is not None and server.scenario.tls.require_client_cert:
            assert server.client_cert_paths is not None
            context.load_cert_chain(server.client_cert_paths[0])
    try:
        return context.wrap_socket(sock, server_hostname=server.host)
    except BaseException:
        sock.close()
        raise


def recv_exactly(sock: socket.socket, count: int) -> bytes:
    chunks, got = [], 0
    while got < count:
        data = sock.recv(min(1 << 20, count - got))
        if not data:
            break
        chunks.append(data)
        got += len(data)
    return b"".join(chunks)


def half_close(sock: socket.socket) -> None:
    # socket.socket.shutdown keeps an SSLSocket's TLS state, so reading goes on.
    socket.socket.shutdown(sock, socket.SHUT_WR)


def expect_eof(sock: socket.socket) -> None:
    extra = sock.recv(1024)
    assert extra == b"", f"expected EOF, got {extra!r}"


def expect_reset(sock: socket.socket) -> None:
    try:
        extra = sock.recv(1024)
    except ConnectionResetError:
        return
    raise AssertionError(f"expected ECONNRESET, got {extra!r}")


def resets_before_reading(script: Sequence[Step]) -> bool:
    """Whether the server resets this connection before it reads any request."""
    for step in script:
        if isinstance(step, Reset):
            return True
        if isinstance(step, ExpectRequest):
            return False
    return False


def play(server: Server, index: int) -> None:
    """Connect once and mirror the script of connection ``index``."""
    scenario: Scenario = server.scenario
    script = scenario.script_for(index)
    assert script is not None
    requests = 0
    eof_seen = half_closed = False
    try:
        sock = connect(server)
    except ConnectionResetError:
        # A Reset the server sends before it waits for a request can beat the end of a
        # non-blocking connect() on a loaded machine (SO_ERROR already holds ECONNRESET).
        assert resets_before_reading(script), f"{scenario.id}: connection reset at connect"
        return
    with sock:
        for step in script:
            if isinstance(step, ExpectRequest):
                first = index == 0 and requests == 0
                method = scenario.client_method if first else "GET"
                target = "example.com:443" if method == "CONNECT" else "/"
                sock.sendall(request_bytes(method, target))
                requests += 1
            elif isinstance(step, (Send, SendPieces, Flood)):
                expected = scripted_bytes(step)
                got = recv_exactly(sock, len(expected))
                assert got == expected, f"{scenario.id}: got {got[:120]!r}, expected {expected[:120]!r}"
            elif isinstance(step, (Stall, ExpectEOF)):
                half_close(sock)
                half_closed = True
            elif isinstance(step, (Close, HalfClose)):
                expect_eof(sock)
                eof_seen = True
            elif isinstance(step, Reset):
                expect_reset(sock)
                return
            else:
                assert isinstance(step, Sleep)
        if not eof_seen:  # the engine closes a script that did not close itself
            if not half_closed:
                half_close(sock)
            expect_eof(sock)


def play_refused(server: Server) -> None:
    """One connection beyond the scripted ones; it must be reset at once.

    The RST can beat the end of a non-blocking connect(), so it may surface there.
    """
    try:
        sock = socket.create_connection(server.address, timeout=CLIENT_TIMEOUT)
    except ConnectionResetError:
        return
    with sock:
        expect_reset(sock)
