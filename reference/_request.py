"""The request writer: caller input checked and turned into bytes, no sockets.

Everything the connection sends passes through here, so the injection checks live in
one place: a method must be a token, a URL and a host may not contain CTLs or spaces,
header names must be tokens and values may not contain CTLs (other than HTAB).
Violations raise before a single byte is written.
"""

from __future__ import annotations

import os
from typing import IO, Any, Optional, Tuple, Union
from urllib.parse import urlsplit

from ._abnf import (
    forbidden_in_host_re,
    forbidden_in_target_re,
    forbidden_in_value_re,
    method_re,
    token_re,
)
from ._errors import InvalidURL

HeaderValue = Union[str, bytes, int]
Body = Union[str, bytes, bytearray, memoryview, IO[Any]]


def split_host_port(host: str, port: Optional[Union[int, str]], default_port: int) -> Tuple[str, int]:
    """httplib's host[:port] parsing, with `[v6]:port`; InvalidURL for a bad port."""
    if not isinstance(host, str):
        raise InvalidURL(f"host must be str, not {type(host).__name__}: {host!r}")
    if port is None:
        colon, bracket = host.rfind(":"), host.rfind("]")
        if colon > bracket:
            text = host[colon + 1 :]
            if not bracket + 1 and host.count(":") > 1:
                raise InvalidURL(f"ambiguous host {host!r}: write an IPv6 address as [addr]:port")
            port = _port_number(text, host)
            host = host[:colon]
        else:
            port = default_port
    elif isinstance(port, str) or not isinstance(port, int) or isinstance(port, bool):
        port = _port_number(str(port), host)
    elif not 0 <= port <= 65535:
        raise InvalidURL(f"port out of range 0-65535: {port!r}")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host or forbidden_in_host_re.search(host):
        raise InvalidURL(f"invalid host {host!r}")
    return host, port


def _port_number(text: str, host: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise InvalidURL(f"nonnumeric port: {text!r} (in {host!r})")
    port = int(text)
    if port > 65535:
        raise InvalidURL(f"port out of range 0-65535: {text!r} (in {host!r})")
    return port


def host_header(host: str, port: int, default_port: int) -> str:
    """The Host value: IPv6 bracketed without its zone id, IDNA for non-ASCII names."""
    if ":" in host:
        name = "[" + host.split("%", 1)[0] + "]"
    elif host.isascii():
        name = host
    else:
        name = host.encode("idna").decode("ascii")
    return name if port == default_port else f"{name}:{port}"


def absolute_url_host(url: str) -> Optional[str]:
    """The authority of an absolute-form target (proxy requests), as 2.6 used it."""
    if url[:4].lower() != "http":
        return None
    netloc = urlsplit(url).netloc
    return netloc or None


def request_line(method: str, url: str, version: str) -> bytes:
    if not isinstance(method, str) or method_re.fullmatch(method) is None:
        raise ValueError(f"method must be an HTTP token, got {method!r}")
    if not isinstance(url, str):
        raise InvalidURL(f"url must be str, not {type(url).__name__}: {url!r}")
    url = url or "/"
    bad = forbidden_in_target_re.search(url)
    if bad is not None:
        raise InvalidURL(f"url can't contain control characters or spaces: {url!r} ({bad.group()!r})")
    if not url.isascii():
        raise InvalidURL(f"url must be ASCII (percent-encode it): {url!r}")
    return f"{method} {url} {version}".encode("ascii")


def encode_value(name: str, value: HeaderValue) -> bytes:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).encode("ascii")
    if isinstance(value, str):
        try:
            data = value.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError(f"header {name!r} value {value!r} is not ISO-8859-1 text") from None
        text = value
    elif isinstance(value, (bytes, bytearray)):
        data = bytes(value)
        text = data.decode("latin-1")
    else:
        raise TypeError(f"header {name!r} value must be str, bytes or int, not {type(value).__name__}")
    if forbidden_in_value_re.search(text):
        raise ValueError(f"invalid header value {value!r} for header {name!r}: control characters")
    return data


def header_line(name: str, values: Tuple[HeaderValue, ...]) -> bytes:
    """`Name: v1` plus one tab-prefixed continuation line per further value."""
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    if not isinstance(name, str) or token_re.fullmatch(name) is None:
        raise ValueError(f"invalid header name {name!r}")
    if not values:
        raise TypeError(f"putheader({name!r}) needs at least one value")
    encoded = [encode_value(name, value) for value in values]
    return name.encode("ascii") + b": " + b"\r\n\t".join(encoded)


def body_bytes(body: Union[str, bytes, bytearray, memoryview]) -> bytes:
    if isinstance(body, str):
        try:
            return body.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError("str body is not ISO-8859-1 text: pass bytes encoded as you intend") from None
    return bytes(body)


def file_length(body: IO[Any]) -> Optional[int]:
    """Bytes left in a file body, from fstat and its position; None when unknown."""
    try:
        size = os.fstat(body.fileno()).st_size
        position = body.tell()
    except (AttributeError, OSError, ValueError):
        return None
    return max(size - position, 0)


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)
