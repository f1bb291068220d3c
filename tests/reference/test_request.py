"""The request writer: exact bytes of request() and of putrequest/putheader/endheaders/
send, automatic headers, bodies, and caller input refused before anything is sent.
"""

from __future__ import annotations

import io
import os
import tempfile
from typing import Iterator

import httpcts.reference as httplib
import pytest
from helpers import FakeSocket, fake_connection

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"


def sent_by(call, *, host: str = "example.com", port=None,
            cls=httplib.HTTPConnection) -> bytes:
    """The bytes `call(conn)` puts on a fake socket."""
    conn, socks = fake_connection(OK, cls=cls, host=host, port=port)
    call(conn)
    conn.close()
    return bytes(socks[0].sent)


def request(method: str, url: str, body=None, headers=None, **kwargs) -> bytes:
    return sent_by(lambda conn: conn.request(method, url, body, headers or {}), **kwargs)


# -- request line and automatic headers --------------------------------------------


def test_get_exact_bytes() -> None:
    assert request("GET", "/index.html") == (
        b"GET /index.html HTTP/1.1\r\n"
        b"Host: example.com\r\n"
        b"Accept-Encoding: identity\r\n"
        b"\r\n"
    )


def test_empty_url_becomes_slash_and_method_case_is_kept() -> None:
    assert request("get", "").startswith(b"get / HTTP/1.1\r\n")


def test_step_by_step_exact_bytes() -> None:
    def steps(conn: httplib.HTTPConnection) -> None:
        conn.putrequest("PUT", "/x?y=1")
        conn.putheader("Content-Type", "text/plain")
        conn.putheader("Content-Length", 5)
        conn.endheaders()
        conn.send(b"hello")

    assert sent_by(steps) == (
        b"PUT /x?y=1 HTTP/1.1\r\n"
        b"Host: example.com\r\n"
        b"Accept-Encoding: identity\r\n"
        b"Content-Type: text/plain\r\n"
        b"Content-Length: 5\r\n"
        b"\r\n"
        b"hello"
    )


def test_headers_are_sent_in_one_block_before_the_body() -> None:
    conn, socks = fake_connection(OK)
    conn.request("POST", "/", b"body")
    assert socks[0].sendall_calls == 2
    assert socks[0].sent.endswith(b"\r\n\r\nbody")
    conn.close()


@pytest.mark.parametrize("skip_host, skip_ae, expected", [
    (0, 0, b"Host: example.com\r\nAccept-Encoding: identity\r\n"),
    (1, 0, b"Accept-Encoding: identity\r\n"),
    (0, True, b"Host: example.com\r\n"),
    (True, 1, b""),
])
def test_skip_host_and_accept_encoding(skip_host, skip_ae, expected: bytes) -> None:
    def steps(conn: httplib.HTTPConnection) -> None:
        conn.putrequest("GET", "/", skip_host=skip_host, skip_accept_encoding=skip_ae)
        conn.endheaders()

    assert sent_by(steps) == b"GET / HTTP/1.1\r\n" + expected + b"\r\n"


def test_request_headers_naming_host_or_accept_encoding_replace_the_automatic_ones() -> None:
    data = request("GET", "/", headers={"HOST": "other", "accept-Encoding": "gzip"})
    assert data == b"GET / HTTP/1.1\r\nHOST: other\r\naccept-Encoding: gzip\r\n\r\n"


@pytest.mark.parametrize("host, port, cls, expected", [
    ("example.com", None, httplib.HTTPConnection, "example.com"),
    ("example.com:80", None, httplib.HTTPConnection, "example.com"),
    ("example.com", 8080, httplib.HTTPConnection, "example.com:8080"),
    ("example.com:8080", None, httplib.HTTPConnection, "example.com:8080"),
    ("example.com", 443, httplib.HTTPSConnection, "example.com"),
    ("example.com", 80, httplib.HTTPSConnection, "example.com:80"),
    ("[::1]:8080", None, httplib.HTTPConnection, "[::1]:8080"),
    ("[::1]", None, httplib.HTTPConnection, "[::1]"),
    ("::1", 8080, httplib.HTTPConnection, "[::1]:8080"),
    ("[fe80::1%eth0]:8080", None, httplib.HTTPConnection, "[fe80::1]:8080"),  # zone id dropped
    ("b\u00fccher.example", None, httplib.HTTPConnection, "xn--bcher-kva.example"),
    ("127.0.0.1", 81, httplib.HTTPConnection, "127.0.0.1:81"),
])
def test_automatic_host(host: str, port, cls, expected: str) -> None:
    data = request("GET", "/", host=host, port=port, cls=cls)
    assert data.split(b"\r\n")[1] == b"Host: " + expected.encode()


@pytest.mark.parametrize("url, expected", [
    ("http://other.example:81/p", b"other.example:81"),
    ("http://other.example/p", b"other.example"),
    ("HTTPS://other.example/p", b"other.example"),
])
def test_absolute_url_host(url: str, expected: bytes) -> None:
    data = request("GET", url)
    assert data.split(b"\r\n")[:2] == [b"GET " + url.encode() + b" HTTP/1.1", b"Host: " + expected]


def test_absolute_url_without_authority_uses_connection_host() -> None:
    assert request("GET", "http:/relative").split(b"\r\n")[1] == b"Host: example.com"


# -- bodies and Content-Length -----------------------------------------------------


@pytest.mark.parametrize("body, length, payload", [
    (b"hello", 5, b"hello"),
    (bytearray(b"hello"), 5, b"hello"),
    (memoryview(b"hello"), 5, b"hello"),
    ("h\u00e9llo", 5, b"h\xe9llo"),  # str: ISO-8859-1, length in bytes
    (b"", 0, b""),
])
def test_content_length_from_body(body, length: int, payload: bytes) -> None:
    data = request("POST", "/", body)
    head, _, sent_body = data.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[-1] == b"Content-Length: %d" % length
    assert sent_body == payload


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "post"])
def test_content_length_zero_for_post_without_body(method: str) -> None:
    assert b"\r\nContent-Length: 0\r\n\r\n" in request(method, "/")


@pytest.mark.parametrize("method", ["GET", "HEAD", "DELETE", "OPTIONS"])
def test_no_content_length_for_get_without_body(method: str) -> None:
    assert b"Content-Length" not in request(method, "/")


@pytest.fixture
def real_file() -> Iterator[io.BufferedRandom]:
    fd, path = tempfile.mkstemp()
    os.close(fd)
    with open(path, "w+b") as file:
        file.write(b"x" * 10000 + b"end")
        file.seek(0)
        yield file
    os.unlink(path)


def test_file_body_length_from_fstat(real_file) -> None:
    data = request("PUT", "/", real_file)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.endswith(b"\r\nContent-Length: 10003")
    assert body == b"x" * 10000 + b"end"


def test_file_body_length_counts_from_its_position(real_file) -> None:
    real_file.seek(9000)
    data = request("PUT", "/", real_file)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.endswith(b"\r\nContent-Length: 1003")
    assert body == b"x" * 1000 + b"end"


def test_file_without_fileno_is_sent_chunked() -> None:
    body = io.BytesIO(b"y" * 9000)  # fileno() raises io.UnsupportedOperation
    data = request("POST", "/", body)
    head, _, sent = data.partition(b"\r\n\r\n")
    assert head.endswith(b"\r\nTransfer-Encoding: chunked")
    assert b"Content-Length" not in head
    assert sent == b"2000\r\n" + b"y" * 8192 + b"\r\n" + b"328\r\n" + b"y" * 808 + b"\r\n0\r\n\r\n"


def test_text_file_without_fileno_is_encoded_latin1() -> None:
    data = request("POST", "/", io.StringIO("caf\u00e9"))
    assert data.endswith(b"\r\n\r\n4\r\ncaf\xe9\r\n0\r\n\r\n")


def test_caller_transfer_encoding_suppresses_content_length() -> None:
    data = request("POST", "/", b"5\r\nhello\r\n0\r\n\r\n", {"Transfer-Encoding": "chunked"})
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"Content-Length" not in head
    assert head.endswith(b"\r\nTransfer-Encoding: chunked")
    assert body == b"5\r\nhello\r\n0\r\n\r\n"


def test_caller_content_length_is_kept() -> None:
    data = request("POST", "/", b"hello", {"content-length": "5"})
    assert data.count(b"ength: 5") == 1
    assert b"\r\ncontent-length: 5\r\n" in data


def test_caller_content_length_with_file_body(real_file) -> None:
    data = request("POST", "/", real_file, {"Content-Length": 10003})
    assert data.count(b"Content-Length") == 1
    assert data.endswith(b"end")


def test_send_accepts_str_bytes_and_files() -> None:
    def steps(conn: httplib.HTTPConnection) -> None:
        conn.putrequest("POST", "/")
        conn.endheaders()
        conn.send("caf\u00e9")
        conn.send(b"|")
        conn.send(io.BytesIO(b"f" * 9000))

    data = sent_by(steps)
    assert data.endswith(b"\r\n\r\ncaf\xe9|" + b"f" * 9000)


def test_non_latin1_str_body_refused() -> None:
    conn, socks = fake_connection(OK)
    with pytest.raises(ValueError, match="ISO-8859-1"):
        conn.request("POST", "/", "\u20ac")
    conn.close()


# -- putheader ---------------------------------------------------------------------


def header_bytes(*args) -> bytes:
    def steps(conn: httplib.HTTPConnection) -> None:
        conn.putrequest("GET", "/", skip_host=1, skip_accept_encoding=1)
        conn.putheader(*args)
        conn.endheaders()

    return sent_by(steps)[len(b"GET / HTTP/1.1\r\n"):-2]


@pytest.mark.parametrize("args, expected", [
    (("X-A", "1"), b"X-A: 1\r\n"),
    (("X-A", 42), b"X-A: 42\r\n"),
    (("X-A", b"raw\xff"), b"X-A: raw\xff\r\n"),
    (("X-A", "caf\u00e9"), b"X-A: caf\xe9\r\n"),
    (("X-A", ""), b"X-A: \r\n"),
    (("X-A", "a\tb"), b"X-A: a\tb\r\n"),
    (("X-A", "one", "two", 3), b"X-A: one\r\n\ttwo\r\n\t3\r\n"),
    ((b"X-Bytes", "v"), b"X-Bytes: v\r\n"),
])
def test_putheader_values(args, expected: bytes) -> None:
    assert header_bytes(*args) == expected


def test_putheader_needs_a_value() -> None:
    conn, _ = fake_connection(OK)
    conn.putrequest("GET", "/")
    with pytest.raises(TypeError):
        conn.putheader("X-A")
    with pytest.raises(TypeError):
        conn.putheader("X-A", 1.5)
    conn.close()


def test_non_latin1_header_value_refused() -> None:
    conn, socks = fake_connection(OK)
    conn.putrequest("GET", "/")
    with pytest.raises(ValueError, match="ISO-8859-1"):
        conn.putheader("X-A", "\u20ac")
    conn.close()
    assert socks == []  # nothing was sent: no connection was even opened


# -- caller input refused before anything is sent -----------------------------------

CONTROLS = ["\r", "\n", "\r\n", "\x00", "\x7f", "\x1b"]


def assert_nothing_sent(call, exc_type) -> None:
    conn, socks = fake_connection(OK)
    conn.sock = sock = FakeSocket()  # an open connection, to see that nothing reaches it
    with pytest.raises(exc_type):
        call(conn)
    assert sock.sent == b""
    conn.close()


@pytest.mark.parametrize("control", CONTROLS)
def test_method_with_controls_refused(control: str) -> None:
    assert_nothing_sent(lambda c: c.request(f"GET{control}X-Injected: 1", "/"), ValueError)


@pytest.mark.parametrize("method", ["GET /x", "", "G(E)T", "GET\t", "G\u00c9T", b"GET"])
def test_method_must_be_a_token(method) -> None:
    assert_nothing_sent(lambda c: c.putrequest(method, "/"), ValueError)


@pytest.mark.parametrize("url", ["/a b", "/a\r\nX: 1", "/\x00", "/\x7f", "/\t", "/caf\u00e9", b"/"])
def test_url_with_controls_spaces_or_non_ascii_refused(url) -> None:
    assert_nothing_sent(lambda c: c.request("GET", url), httplib.InvalidURL)


@pytest.mark.parametrize("name", ["X A", "X:A", "", "X\r\nY", "X\x00", "X\u00e9", 5])
def test_bad_header_names_refused(name) -> None:
    assert_nothing_sent(lambda c: c.request("GET", "/", headers={name: "v"}), ValueError)


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00", "a\x7f",
                                   "a\r\n b", b"a\r\nb"])
def test_bad_header_values_refused(value) -> None:
    assert_nothing_sent(lambda c: c.request("GET", "/", headers={"X-A": value}), ValueError)


@pytest.mark.parametrize("host", ["example.com\r\nX-Injected: 1", "exa mple.com", "a\x00b",
                                  "a/b", "a?b", "a#b", "user@host", "a\\b", "", "[]", "a\x7f"])
def test_bad_hosts_refused_by_the_constructor(host: str) -> None:
    with pytest.raises(httplib.InvalidURL):
        httplib.HTTPConnection(host, 80)


# -- host and port parsing ---------------------------------------------------------


@pytest.mark.parametrize("args, host, port", [
    (("example.com:8080",), "example.com", 8080),
    (("example.com",), "example.com", 80),
    (("example.com", 8080), "example.com", 8080),
    (("example.com", "8080"), "example.com", 8080),
    (("[::1]:8080",), "::1", 8080),
    (("[::1]",), "::1", 80),
    (("::1", 8080), "::1", 8080),
    (("[::1]", 8080), "::1", 8080),
    (("example.com:0",), "example.com", 0),
    (("example.com:65535",), "example.com", 65535),
    (("example.com", 0), "example.com", 0),
])
def test_host_port(args, host: str, port: int) -> None:
    conn = httplib.HTTPConnection(*args)
    assert (conn.host, conn.port) == (host, port)


@pytest.mark.parametrize("args, pattern", [
    (("example.com:",), "nonnumeric port: ''"),
    (("example.com:abc",), "nonnumeric port: 'abc'"),
    (("example.com: 80",), "nonnumeric port"),
    (("example.com:8_0",), "nonnumeric port"),
    (("example.com:+80",), "nonnumeric port"),
    (("example.com:-1",), "nonnumeric port"),
    (("example.com:\u0968\u0966",), "nonnumeric port"),  # Devanagari digits
    (("a:b:c",), "IPv6"),
    (("::1",), "IPv6"),
    (("fe80::1%eth0",), "IPv6"),
    (("example.com:65536",), "out of range"),
    (("example.com", 65536), "out of range"),
    (("example.com", -1), "out of range"),
    (("example.com", "abc"), "nonnumeric port"),
    (("example.com", 8.0), "nonnumeric port"),
    ((b"example.com",), "host must be str"),
])
def test_bad_host_port(args, pattern: str) -> None:
    with pytest.raises(httplib.InvalidURL, match=pattern):
        httplib.HTTPConnection(*args)


def test_https_default_port() -> None:
    assert httplib.HTTPSConnection("example.com").port == 443
    assert httplib.HTTPSConnection("example.com:8443").port == 8443
    assert httplib.HTTPConnection.default_port == httplib.HTTP_PORT == 80
    assert httplib.HTTPSConnection.default_port == httplib.HTTPS_PORT == 443
