"""HTTP and HTTPS: the 1.5.2-compatible interface, kept for old code.

A thin wrapper over a connection whose requests say HTTP/1.0 and carry no automatic
headers; getreply() turns a BadStatusLine into (-1, line, None) as 2.6 did.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple, Union

from ._connection import HTTPConnection, HTTPSConnection
from ._errors import BadStatusLine
from ._message import HTTPMessage
from ._request import HeaderValue, split_host_port


class HTTP:
    """Compatibility class of Python 1.5.2; new code should use HTTPConnection."""

    _http_vsn = 10
    _http_vsn_str = "HTTP/1.0"
    _connection_class: Any = HTTPConnection

    def __init__(self, host: str = "", port: Optional[int] = None,
                 strict: Optional[Union[int, bool]] = None, **extra: Any) -> None:
        self._host = host
        if port == 0:
            port = None
        self.file: Any = None
        self.headers: Optional[HTTPMessage] = None
        self._conn = self._make(host or "localhost", port, strict, **extra)

    def _make(self, host: str, port: Optional[int], strict: Optional[Union[int, bool]],
              **extra: Any) -> HTTPConnection:
        conn: HTTPConnection = self._connection_class(host, port, strict=strict, **extra)
        conn._http_vsn = self._http_vsn
        conn._http_vsn_str = self._http_vsn_str
        return conn

    def connect(self, host: Optional[str] = None, port: Optional[int] = None) -> None:
        if host is not None:
            self._conn.host, self._conn.port = split_host_port(host, port, self._conn.default_port)
        self._conn.connect()

    def set_debuglevel(self, level: int) -> None:
        self._conn.set_debuglevel(level)

    def putrequest(self, request: str, selector: str) -> None:
        self._conn.putrequest(request, selector)

    def putheader(self, header: str, *values: HeaderValue) -> None:
        self._conn.putheader(header, *values)

    def endheaders(self) -> None:
        self._conn.endheaders()

    def send(self, data: Any) -> None:
        self._conn.send(data)

    def getfile(self) -> Any:
        """The response body as a file (read(), close()); None after close()."""
        return self.file

    def getreply(self) -> Tuple[int, str, Optional[HTTPMessage]]:
        """(status, reason, headers); (-1, line, None) for an unreadable status line."""
        try:
            response = self._conn.getresponse()
        except BadStatusLine as exc:
            self.close()
            self.headers = None
            return -1, exc.line, None
        self.headers = response.msg
        self.file = response
        return int(response.status), response.reason, response.msg

    def close(self) -> None:
        self._conn.close()
        self.file = None


class HTTPS(HTTP):
    """HTTP over TLS, 1.5.2 style; key_file and cert_file as for HTTPSConnection."""

    _connection_class = HTTPSConnection

    def __init__(self, host: str = "", port: Optional[int] = None, key_file: Optional[str] = None,
                 cert_file: Optional[str] = None, strict: Optional[Union[int, bool]] = None) -> None:
        super().__init__(host, port, strict, key_file=key_file, cert_file=cert_file)
        self.key_file = key_file
        self.cert_file = cert_file
