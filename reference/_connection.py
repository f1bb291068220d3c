"""HTTPConnection and HTTPSConnection: sockets and the state machine around the writer.

The connection validates and encodes through _request, moves between states through
_state's table and reads responses through HTTPResponse; what is left here is socket
handling: connect, send, reconnect when the previous response closed the connection
or left it unsafe to reuse, and TLS.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Mapping
from typing import IO, Any, List, Optional, Tuple, Union

from . import _request, _state
from ._errors import NotConnected, ProtocolError, ResponseNotReady
from ._response import HTTPResponse
from ._status import HTTP_PORT, HTTPS_PORT

_GLOBAL_DEFAULT_TIMEOUT: Any = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined]
_BLOCK = 8192  # bytes read from a file body per send
_LENGTH_METHODS = frozenset(("POST", "PUT", "PATCH"))


class HTTPConnection:
    """One HTTP/1.1 connection to `host` (`host:port`, `[v6]:port`) and `port`."""

    _http_vsn = 11
    _http_vsn_str = "HTTP/1.1"
    response_class: Any = HTTPResponse
    default_port = HTTP_PORT
    auto_open = 1
    debuglevel = 0
    strict: Union[int, bool] = 0

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        strict: Optional[Union[int, bool]] = None,
        timeout: Optional[float] = _GLOBAL_DEFAULT_TIMEOUT,
    ) -> None:
        self.timeout = timeout
        self.sock: Any = None
        self._buffer: List[bytes] = []
        self._response: Optional[HTTPResponse] = None
        self._leftover = b""  # bytes the last response read past its end
        self._tunnel: Optional[Tuple[str, int, List[bytes]]] = None  # host, port, header lines
        # an HTTP/1.x status line came on this socket (a kept-alive response, the
        # proxy's reply to CONNECT): what follows is never an HTTP/0.9 reply
        self._spoke_http1 = False
        self._state = _state.IDLE
        self._method: Optional[str] = None
        if strict is not None:
            self.strict = strict
        self.host, self.port = _request.split_host_port(host, port, self.default_port)

    def set_debuglevel(self, level: int) -> None:
        self.debuglevel = level

    def connect(self) -> None:
        self.sock = socket.create_connection((self.host, self.port), self.timeout)
        if self._tunnel is not None:
            self._open_tunnel()

    def set_tunnel(
        self, host: str, port: Optional[int] = None,
        headers: Optional[Mapping[str, _request.HeaderValue]] = None,
    ) -> None:
        """Reach `host:port` through the proxy this connection is made to (CONNECT).

        Not in the 2.6 documentation (2.6.3 had it as `_set_tunnel`); kept because
        proxies are where a client meets hostile replies. Host and header values are
        checked like any request's.
        """
        if self.sock is not None:
            raise RuntimeError("set_tunnel() must be called before the connection is opened")
        tunnel_host, tunnel_port = _request.split_host_port(host, port, self.default_port)
        lines = [_request.header_line(name, (value,)) for name, value in (headers or {}).items()]
        self._tunnel = (tunnel_host, tunnel_port, lines)

    _set_tunnel = set_tunnel  # the 2.6 name

    def _open_tunnel(self) -> None:
        assert self._tunnel is not None
        host, port, lines = self._tunnel
        authority = _request.host_header(host, port, -1)  # always with its port
        head = [f"CONNECT {authority} HTTP/1.1".encode("ascii"), b"Host: " + authority.encode("ascii")]
        self.sock.sendall(b"\r\n".join([*head, *lines, b"", b""]))
        # the proxy's reply: strict (no HTTP/0.9 success from garbage), head only
        reply = HTTPResponse(self.sock, self.debuglevel, strict=True, method="CONNECT")
        try:
            reply.begin()
            if 200 <= int(reply.status) < 300:
                reply.read()  # a 2xx to CONNECT has no body: this ends the reply
                if reply.leftover:
                    raise ProtocolError("the proxy sent bytes after its reply to CONNECT")
        finally:
            reply.close()
        if not 200 <= int(reply.status) < 300:
            raise OSError(f"Tunnel connection failed: {reply.status} {reply.reason}")
        self._spoke_http1 = True

    def close(self) -> None:
        self._drop_socket()
        response, self._response = self._response, None
        if response is not None:
            response.close()
        self._state = _state.IDLE

    # -- sending -------------------------------------------------------------------

    def send(self, data: Union[bytes, str, IO[Any]]) -> None:
        """Send bytes, str (ISO-8859-1) or the contents of a file object."""
        if self.sock is None:
            if not self.auto_open:
                raise NotConnected("not connected and auto_open is off")
            self.connect()
        if self.debuglevel > 0:
            print("send:", repr(data))
        read = getattr(data, "read", None)
        if read is None:
            self.sock.sendall(_request.body_bytes(data))  # type: ignore[arg-type]
            return
        while True:
            block = read(_BLOCK)
            if not block:
                return
            self.sock.sendall(_request.body_bytes(block))

    def _forget_finished_response(self) -> None:
        response = self._response
        if response is not None and response.isclosed():
            self._response = None
            if response.reusable:
                self._leftover = response.leftover
            else:
                self._drop_socket()

    def _drop_socket(self) -> None:
        sock, self.sock = self.sock, None
        self._spoke_http1 = False
        self._leftover = b""
        if sock is not None:
            sock.close()

    def putrequest(
        self, request: str, selector: str, skip_host: Union[int, bool] = 0,
        skip_accept_encoding: Union[int, bool] = 0,
    ) -> None:
        """Start a request: the request line, then Host and Accept-Encoding unless skipped."""
        self._forget_finished_response()
        line = _request.request_line(request, selector, self._http_vsn_str)
        self._state = _state.advance(self._state, "putrequest")
        if self._leftover and self._response is None:
            # bytes that arrived before this request and after the last response:
            # no request asked for them, so this connection is out of step
            self._drop_socket()
        self._method = request
        self._buffer = [line]
        if self._http_vsn != 11:
            return
        if not skip_host:
            host = _request.absolute_url_host(selector or "/")
            if host is None:
                server_host, server_port = self.host, self.port
                if self._tunnel is not None:
                    server_host, server_port = self._tunnel[0], self._tunnel[1]
                host = _request.host_header(server_host, server_port, self.default_port)
            self.putheader("Host", host)
        if not skip_accept_encoding:
            self.putheader("Accept-Encoding", "identity")

    def putheader(self, header: str, *values: _request.HeaderValue) -> None:
        """`header: value`, further values as continuation lines (a tab, the value)."""
        _state.advance(self._state, "putheader")
        self._buffer.append(_request.header_line(header, values))

    def endheaders(self) -> None:
        self._state = _state.advance(self._state, "endheaders")
        self._buffer.append(b"")
        head = b"\r\n".join(self._buffer) + b"\r\n"
        self._buffer = []
        self.send(head)

    def request(
        self, method: str, url: str, body: Optional[_request.Body] = None,
        headers: Optional[Mapping[str, _request.HeaderValue]] = None,
    ) -> None:
        """Send a whole request; Content-Length is set from the body unless given."""
        headers = {} if headers is None else headers
        names = {str(name).lower() for name in headers}
        # every caller value is checked before the request starts: a refused header or
        # body leaves the connection as it was, not half way through a request
        lines = [_request.header_line(name, (value,)) for name, value in headers.items()]
        payload: Optional[bytes] = None
        stream: Optional[IO[Any]] = None
        if body is not None:
            if hasattr(body, "read"):
                stream = body  # type: ignore[assignment]
            else:
                payload = _request.body_bytes(body)
        self.putrequest(method, url, skip_host="host" in names,
                        skip_accept_encoding="accept-encoding" in names)
        chunked = False
        if not names & {"content-length", "transfer-encoding"}:
            if payload is not None:
                self.putheader("Content-Length", len(payload))
            elif stream is not None:
                length = _request.file_length(stream)
                if length is None:
                    chunked = True
                    self.putheader("Transfer-Encoding", "chunked")
                else:
                    self.putheader("Content-Length", length)
            elif method.upper() in _LENGTH_METHODS:
                self.putheader("Content-Length", 0)
        self._buffer.extend(lines)
        self.endheaders()
        if payload:
            self.send(payload)
        elif stream is not None and chunked:
            while True:
                block = _request.body_bytes(stream.read(_BLOCK))
                self.send(_request.chunk(block) if block else b"0\r\n\r\n")
                if not block:
                    break
        elif stream is not None:
            self.send(stream)

    # -- receiving -----------------------------------------------------------------

    def getresponse(self) -> HTTPResponse:
        """The response to the request sent; the previous one must have been read."""
        self._forget_finished_response()
        if self._response is not None:
            raise ResponseNotReady(f"{self._state} (the previous response is not read yet)")
        state = _state.advance(self._state, "getresponse")
        if self.sock is None:
            raise NotConnected("the connection was closed before the response")
        # a pipelined request's response may have begun in the previous one's buffer
        prefix, self._leftover = self._leftover, b""
        extra = {"prefix": prefix} if prefix else {}
        strict = self.strict or self._spoke_http1
        response: HTTPResponse = self.response_class(
            self.sock, self.debuglevel, strict=strict, method=self._method, **extra
        )
        try:
            response.begin()
        except BaseException:
            response.close()
            raise
        self._state = state
        if response.will_close:
            # the response keeps its own file; the connection forgets the socket
            self._drop_socket()
        else:
            self._response = response
            self._spoke_http1 = True
        return response


class HTTPSConnection(HTTPConnection):
    """HTTP over TLS. No certificate verification unless a verifying `context` is given."""

    default_port = HTTPS_PORT

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        key_file: Optional[str] = None,
        cert_file: Optional[str] = None,
        strict: Optional[Union[int, bool]] = None,
        timeout: Optional[float] = _GLOBAL_DEFAULT_TIMEOUT,
        *,
        context: Optional[ssl.SSLContext] = None,
    ) -> None:
        super().__init__(host, port, strict, timeout)
        self.key_file = key_file
        self.cert_file = cert_file
        if context is None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if cert_file is not None:
            context.load_cert_chain(cert_file, key_file)
        self.context = context

    def connect(self) -> None:
        super().connect()  # through the tunnel, when one is set
        server_host = self.host if self._tunnel is None else self._tunnel[0]
        sock, self.sock = self.sock, None
        try:
            self.sock = self.context.wrap_socket(sock, server_hostname=server_host)
        except BaseException:
            sock.close()
            raise
