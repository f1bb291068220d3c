"""RFC 9112 6.3 message body length, and chunked coding (RFC 9112 7.1).

Where 2.6 guessed (int() on Content-Length, a TE value compared to "chunked", two
unchecked bytes after chunk data), the reference follows the RFC or refuses the
response: every ambiguity a proxy could read differently is an error.
"""

from __future__ import annotations

import httpcts.reference as httplib
import pytest
from helpers import fake_connection, parse_bytewise, parse_whole, response_from
from httpcts.reference import CHUNKED, LENGTH, Data, Headers


def head(*lines: str, status: str = "HTTP/1.1 200 OK") -> bytes:
    return ("\r\n".join((status, *lines)) + "\r\n\r\n").encode("latin-1")


def framing_of(data: bytes, method: str = "GET") -> Headers:
    for parse in (parse_whole, parse_bytewise):
        events, _ = parse(data, method=method, eof=False)
        headers = [e for e in events if type(e) is Headers]
        assert len(headers) == 1
    return headers[0]


# -- Content-Length = 1*DIGIT ------------------------------------------------------


@pytest.mark.parametrize("value", ["5", "05", "0000000005", "5 \t", "\t5"])
def test_content_length_digits(value: str) -> None:
    data = head(f"Content-Length: {value}") + b"hello"
    events, parser = parse_whole(data, eof=False)
    assert events[1] == Headers((("Content-Length", value.strip(" \t")),), LENGTH, 5, False)
    assert events[2] == Data(b"hello")


@pytest.mark.parametrize("value", ["+5", "-5", "0x5", "5_0", " 5 5", "5 5", "", "five", "5.0",
                                   "\xb2", "\xd9\xa5", "5;", "1e3"])
def test_content_length_not_digits_refused(value: str) -> None:
    data = head(f"Content-Length: {value}") + b"hello"
    for parse in (parse_whole, parse_bytewise):
        with pytest.raises(httplib.ProtocolError, match="Content-Length"):
            parse(data)


@pytest.mark.parametrize("lines", [
    ("Content-Length: 5", "Content-Length: 5"),
    ("Content-Length: 5, 5",),
    ("Content-Length: 5", "content-length: 005"),  # same number, different spelling
])
def test_identical_content_lengths_accepted(lines: tuple) -> None:
    headers = framing_of(head(*lines) + b"hello")
    assert (headers.framing, headers.length) == (LENGTH, 5)


@pytest.mark.parametrize("lines", [
    ("Content-Length: 5", "Content-Length: 6"),
    ("Content-Length: 5, 6",),
    ("Content-Length: 5", "Content-Length: +5"),
    ("Content-Length: 5,",),
])
def test_differing_content_lengths_refused(lines: tuple) -> None:
    for parse in (parse_whole, parse_bytewise):
        with pytest.raises(httplib.ProtocolError, match="Content-Length"):
            parse(head(*lines) + b"hello!")


@pytest.mark.parametrize("lines, status, will_close", [
    (("Connection: keep-alive", "X-A: 1", "connection: close"), "HTTP/1.1 200 OK", True),
    (("Connection: close", "CONNECTION: keep-alive"), "HTTP/1.1 200 OK", True),
    (("Connection: keep-alive", "Connection: upgrade"), "HTTP/1.0 200 OK", False),
    (("Connection: te", "Connection: x"), "HTTP/1.0 200 OK", True),
])
def test_repeated_connection_fields_read_together(lines: tuple, status: str, will_close: bool) -> None:
    # RFC 9110 7.6.1: the options of every Connection line count, whatever its case
    headers = framing_of(head(*lines, "Content-Length: 5", status=status) + b"hello")
    assert (headers.framing, headers.will_close) == (LENGTH, will_close)


# -- Transfer-Encoding -------------------------------------------------------------


def test_chunked_with_content_length_is_chunked_and_not_reused() -> None:
    # RFC 9112 6.3 item 3: TE overrides CL; such a message may be smuggling
    data = head("Content-Length: 3", "Transfer-Encoding: chunked") + b"5\r\nhello\r\n0\r\n\r\n"
    headers = framing_of(data)
    assert (headers.framing, headers.length, headers.will_close) == (CHUNKED, None, True)
    conn, socks = fake_connection(data, head("Content-Length: 2") + b"ok")
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.chunked == 1
    assert response.read() == b"hello"
    conn.request("GET", "/")  # the first socket is not reused
    assert len(socks) == 2
    assert socks[0].closed
    assert conn.getresponse().read() == b"ok"
    conn.close()


@pytest.mark.parametrize("value", ["gzip", "gzip, chunked", "chunked, gzip", "identity",
                                   "chunked, chunked", "chunkedx"])
def test_transfer_coding_other_than_chunked_refused(value: str) -> None:
    data = head(f"Transfer-Encoding: {value}") + b"5\r\nhello\r\n0\r\n\r\n"
    for parse in (parse_whole, parse_bytewise):
        with pytest.raises(httplib.UnknownTransferEncoding, match=value):
            parse(data)


@pytest.mark.parametrize("lines", [("Transfer-Encoding:",), ("Transfer-Encoding: ,",)])
def test_empty_transfer_encoding_refused(lines: tuple) -> None:
    with pytest.raises(httplib.UnknownTransferEncoding):
        parse_whole(head(*lines) + b"0\r\n\r\n")


def test_duplicated_chunked_field_refused() -> None:
    data = head("Transfer-Encoding: chunked", "Transfer-Encoding: chunked") + b"0\r\n\r\n"
    with pytest.raises(httplib.UnknownTransferEncoding):
        parse_whole(data)


@pytest.mark.parametrize("value", ["chunked ", "CHUNKED", " chunked", "chunked,", ", chunked"])
def test_chunked_spellings_accepted(value: str) -> None:
    # OWS and empty list elements are allowed by RFC 9110 5.6.1
    data = head(f"Transfer-Encoding: {value}") + b"5\r\nhello\r\n0\r\n\r\n"
    events, _ = parse_whole(data, eof=False)
    assert events[1].framing == CHUNKED
    assert events[2] == Data(b"hello")


def test_unknown_transfer_encoding_from_getresponse() -> None:
    conn, socks = fake_connection(head("Transfer-Encoding: gzip") + b"xx")
    conn.request("GET", "/")
    with pytest.raises(httplib.UnknownTransferEncoding):
        conn.getresponse()
    conn.close()


# -- chunked coding ----------------------------------------------------------------

TE = head("Transfer-Encoding: chunked")


@pytest.mark.parametrize("body, decoded", [
    (b"5\r\nhello\r\n0\r\n\r\n", b"hello"),
    (b"A\r\n0123456789\r\n0\r\n\r\n", b"0123456789"),
    (b"a\r\n0123456789\r\n0\r\n\r\n", b"0123456789"),
    (b"005\r\nhello\r\n000\r\n\r\n", b"hello"),
    (b"5;a=b;c\r\nhello\r\n0;last\r\n\r\n", b"hello"),
    (b'5 ; a="x;y"\r\nhello\r\n0\r\n\r\n', b"hello"),
    (b"5 \r\nhello\r\n0\r\n\r\n", b"hello"),  # padding after the size
    (b"5\nhello\n0\n\n", b"hello"),  # LF alone ends every line
    (b"0\r\n\r\n", b""),
])
def test_chunked_bodies(body: bytes, decoded: bytes) -> None:
    for parse in (parse_whole, parse_bytewise):
        events, parser = parse(TE + body, eof=False)
        assert b"".join(e.data for e in events if type(e) is Data) == decoded
        assert parser.message_complete
    assert response_from(TE + body).read() == decoded


@pytest.mark.parametrize("size", [b"0x5", b"+5", b"-5", b"5_0", b" 5", b"5 5", b"", b"g", b"5;",
                                  b"5;=x", b"\xff"])
def test_chunk_size_must_be_hexdig(size: bytes) -> None:
    data = TE + size + b"\r\nhello\r\n0\r\n\r\n"
    for parse in (parse_whole, parse_bytewise):
        with pytest.raises(httplib.ProtocolError, match="chunk size"):
            parse(data)
    response = response_from(data)
    with pytest.raises(httplib.ProtocolError):
        response.read()
    assert response.isclosed()


@pytest.mark.parametrize("after", [b"XY", b"\rX", b"X\n", b" \r\n"])
def test_bytes_after_chunk_data_must_be_crlf(after: bytes) -> None:
    data = TE + b"5\r\nhello" + after + b"0\r\n\r\n"
    for parse in (parse_whole, parse_bytewise):
        with pytest.raises(httplib.ProtocolError, match="CRLF after chunk data"):
            parse(data)
    with pytest.raises(httplib.ProtocolError):
        response_from(data).read()


def test_huge_chunk_size_reads_what_arrives() -> None:
    # 2**80 bytes announced, 5 sent: IncompleteRead, no allocation, no OverflowError
    data = TE + b"100000000000000000000\r\nhello"
    response = response_from(data)
    with pytest.raises(httplib.IncompleteRead) as info:
        response.read()
    assert info.value.partial == b"hello"
    assert info.value.expected == 2**80 - 5


def test_trailer_block_ends_at_lf_only_blank_line() -> None:
    # 2.6 ended trailers only at an exact CRLF line and swallowed what followed
    data = TE + b"5\r\nhello\r\n0\r\nX: 1\n\n" + b"NEXT"
    events, parser = parse_whole(data, eof=False)
    assert events[-1].trailers == (("X", "1"),)
    assert parser.trailing_data == b"NEXT"


@pytest.mark.parametrize("trailer", [b"X 1\r\n", b"X: a\rb\r\n", b" X: 1\r\n"])
def test_malformed_trailer_refused(trailer: bytes) -> None:
    data = TE + b"0\r\n" + trailer + b"\r\n"
    with pytest.raises(httplib.ProtocolError):
        parse_whole(data)


def test_eof_in_trailers_is_incomplete() -> None:
    response = response_from(TE + b"5\r\nhello\r\n0\r\nX: 1\r\n")
    with pytest.raises(httplib.IncompleteRead) as info:
        response.read()
    assert info.value.partial == b"hello"


def test_eof_between_chunk_data_and_crlf_is_incomplete() -> None:
    for tail in (b"", b"\r"):
        response = response_from(TE + b"5\r\nhello" + tail)
        with pytest.raises(httplib.IncompleteRead) as info:
            response.read()
        assert info.value.partial == b"hello"


# -- no body -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [b"204 No Content", b"304 Not Modified"])
def test_no_body_statuses_with_chunked_not_reused(status: bytes) -> None:
    data = b"HTTP/1.1 " + status + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
    headers = framing_of(data)
    assert headers.length == 0
    assert headers.will_close == (status.startswith(b"204"))


def test_head_response_body_bytes_are_left_unread_and_not_reused() -> None:
    conn, socks = fake_connection(head("Content-Length: 5") + b"hello", head("Content-Length: 2") + b"ok")
    conn.request("HEAD", "/")
    response = conn.getresponse()
    assert response.length == 0
    assert response.read() == b""
    # "hello" arrived although no request asked for it: the connection is not reused
    conn.request("GET", "/")
    assert len(socks) == 2
    assert conn.getresponse().read() == b"ok"
    conn.close()
