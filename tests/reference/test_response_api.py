"""HTTPResponse as documented: begin, read, getheader(s), msg, version, status, reason,
plus the attributes 2.6 code reads (length, chunked, will_close) and the reference's
additions (interim, trailers, fileno, isclosed).
"""

from __future__ import annotations

import httpcts.reference as httplib
import pytest
from helpers import FakeSocket, answer, fake_connection, response_from, serve
from httpcts.reference import HTTPMessage

SIMPLE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
          b"X-Dup: 1\r\nX-Dup: 2\r\nContent-Length: 11\r\n\r\nhello world")
CHUNKED = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5\r\nhello\r\n6\r\n world\r\n0\r\nX-Check: 7\r\n\r\n")


def test_attributes_before_begin() -> None:
    response = response_from(SIMPLE, begin=False)
    assert response.msg is None
    assert response.status == response.reason == response.version == "UNKNOWN"
    for call in (response.read, response.getheaders, lambda: response.getheader("x")):
        with pytest.raises(httplib.ResponseNotReady):
            call()
    response.close()


def test_begin_is_idempotent() -> None:
    sock = FakeSocket(SIMPLE)
    response = httplib.HTTPResponse(sock)
    response.begin()
    msg = response.msg
    response.begin()
    assert response.msg is msg
    assert response.read() == b"hello world"


def test_status_reason_version_and_framing_attributes() -> None:
    response = response_from(SIMPLE)
    assert (response.version, response.status, response.reason) == (11, 200, "OK")
    assert isinstance(response.status, int)
    assert (response.length, response.chunked, response.will_close) == (11, 0, False)
    assert isinstance(response.msg, HTTPMessage)
    response.close()


@pytest.mark.parametrize("line, version", [(b"HTTP/1.0", 10), (b"HTTP/1.1", 11), (b"HTTP/1.9", 11)])
def test_version(line: bytes, version: int) -> None:
    response = response_from(line + b" 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert response.version == version


def test_http09_version_and_body() -> None:
    response = response_from(b"hello\nworld")
    assert (response.version, response.status, response.reason) == (9, 200, "")
    assert response.msg.items() == []
    assert (response.length, response.chunked, response.will_close) == (None, 0, True)
    assert response.read(3) == b"hel"
    assert response.read() == b"lo\nworld"


def test_strict_refuses_http09() -> None:
    response = response_from(b"hello\nworld", strict=1, begin=False)
    with pytest.raises(httplib.BadStatusLine) as info:
        response.begin()
    assert info.value.line == "hello"
    response.close()


def test_read_whole_and_length_countdown() -> None:
    response = response_from(SIMPLE)
    assert response.read(5) == b"hello"
    assert response.length == 6
    assert not response.isclosed()
    assert response.read() == b" world"
    assert response.length == 0
    assert response.isclosed()
    assert response.read() == b""  # closed: always b""
    assert response.read(10) == b""


def test_read_zero_reads_nothing() -> None:
    response = response_from(SIMPLE)
    assert response.read(0) == b""
    assert response.length == 11
    assert not response.isclosed()
    assert response.read() == b"hello world"


@pytest.mark.parametrize("amt", [-1, -100])
def test_negative_amt_reads_everything(amt: int) -> None:
    assert response_from(SIMPLE).read(amt) == b"hello world"
    assert response_from(CHUNKED).read(amt) == b"hello world"


def test_read_more_than_available_is_clipped() -> None:
    response = response_from(SIMPLE)
    assert response.read(1000) == b"hello world"
    assert response.isclosed()


def test_chunked_read_amt_across_chunks_and_trailers() -> None:
    response = response_from(CHUNKED)
    assert (response.chunked, response.length) == (1, None)
    assert response.read(3) == b"hel"
    assert response.read(4) == b"lo w"
    assert response.trailers == ()
    assert response.read() == b"orld"
    assert response.trailers == (("X-Check", "7"),)
    assert response.msg.getheader("X-Check") is None  # trailers are not headers
    assert response.isclosed()


def test_chunked_read_one_byte_reads() -> None:
    response = response_from(CHUNKED, one_byte=True)
    assert response.read(7) == b"hello w"
    assert response.read() == b"orld"


def test_getheader_and_default() -> None:
    response = response_from(SIMPLE)
    assert response.getheader("content-type") == "text/html; charset=utf-8"
    assert response.getheader("CONTENT-LENGTH") == "11"
    assert response.getheader("x-dup") == "1, 2"
    assert response.getheader("missing") is None
    assert response.getheader("missing", "dflt") == "dflt"
    assert response.getheader("missing", 0) == 0


def test_getheaders_lowercase_merged_in_order() -> None:
    assert response_from(SIMPLE).getheaders() == [
        ("content-type", "text/html; charset=utf-8"),
        ("x-dup", "1, 2"),
        ("content-length", "11"),
    ]


@pytest.mark.parametrize("method, reply", [
    ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"),
    ("GET", b"HTTP/1.1 204 No Content\r\n\r\n"),
    ("GET", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 11\r\n\r\n"),
    ("head", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
])
def test_no_body(method: str, reply: bytes) -> None:
    response = response_from(reply, method=method)
    assert response.length == 0
    assert response.read() == b""
    assert response.isclosed()


def test_interim_responses_are_skipped_and_recorded() -> None:
    reply = (b"HTTP/1.1 100 Continue\r\n\r\n"
             b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + SIMPLE)
    response = response_from(reply, one_byte=True)
    assert response.status == 200
    assert [(i.status, i.reason, i.headers) for i in response.interim] == [
        (100, "Continue", ()), (103, "Early Hints", (("Link", "</a.css>"),))]
    assert response.read() == b"hello world"


def test_101_is_final_and_closes() -> None:
    response = response_from(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
    assert (response.status, response.will_close, response.length) == (101, True, 0)
    assert response.read() == b""


@pytest.mark.parametrize("reply, exc_type", [
    (b"HTTP/2.0 200 OK\r\n\r\n", httplib.UnknownProtocol),
    (b"HTTP/0.9 200 OK\r\n\r\n", httplib.UnknownProtocol),
    (b"HTTP/1.1 abc OK\r\n\r\n", httplib.BadStatusLine),
    (b"HTTP/1.1 200 OK\rX: y\r\n\r\n", httplib.BadStatusLine),  # CR inside the line
    (b"HTTP/1.1\t200\tOK\r\n\r\n", httplib.BadStatusLine),  # only SP separates
    (b"HTTP/1.1 200\xa0OK\r\n\r\n", httplib.BadStatusLine),  # NBSP is not a separator
    (b"", httplib.BadStatusLine),
])
def test_bad_status_lines(reply: bytes, exc_type) -> None:
    response = response_from(reply, begin=False)
    with pytest.raises(exc_type):
        response.begin()
    response.close()


def test_reason_keeps_obs_text_and_inner_whitespace() -> None:
    response = response_from(b"HTTP/1.1 200 \xa0Tr\xe8s\tbien \r\nContent-Length: 0\r\n\r\n")
    assert response.reason == "\xa0Tr\xe8s\tbien "


def test_unknown_protocol_carries_the_version() -> None:
    response = response_from(b"HTTP/2.0 200 OK\r\n\r\n", begin=False)
    with pytest.raises(httplib.UnknownProtocol) as info:
        response.begin()
    assert info.value.version == "HTTP/2.0"
    response.close()


def test_empty_reply_is_bad_status_line_with_empty_line() -> None:
    conn, _ = fake_connection(b"")
    conn.request("GET", "/")
    with pytest.raises(httplib.BadStatusLine) as info:
        conn.getresponse()
    assert info.value.line == ""
    conn.close()


def test_incomplete_read_with_content_length() -> None:
    response = response_from(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")
    with pytest.raises(httplib.IncompleteRead) as info:
        response.read()
    assert (info.value.partial, info.value.expected) == (b"hello", 5)
    assert repr(info.value) == str(info.value) == "IncompleteRead(5 bytes read, 5 more expected)"
    assert response.isclosed()


def test_incomplete_read_with_amt() -> None:
    # read(amt) reports a truncated body too (2.6 returned the short data silently)
    response = response_from(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", one_byte=True)
    assert response.read(3) == b"hel"
    with pytest.raises(httplib.IncompleteRead) as info:
        response.read(7)
    assert (info.value.partial, info.value.expected) == (b"lo", 5)


def test_incomplete_read_mid_chunk_keeps_every_byte_of_the_call() -> None:
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nabc"
    for one_byte in (False, True):
        response = response_from(reply, one_byte=one_byte)
        with pytest.raises(httplib.IncompleteRead) as info:
            response.read()
        assert (info.value.partial, info.value.expected) == (b"helloabc", 2)


def test_incomplete_read_without_expected() -> None:
    error = httplib.IncompleteRead(b"ab")
    assert (error.partial, error.expected) == (b"ab", None)
    assert repr(error) == "IncompleteRead(2 bytes read)"


def test_close_and_isclosed() -> None:
    sock = FakeSocket(SIMPLE)
    response = httplib.HTTPResponse(sock)
    response.begin()
    assert not response.isclosed()
    response.close()
    assert response.isclosed()
    assert sock.files[0].closed
    response.close()  # twice is fine
    assert response.read() == b""


def test_fileno() -> None:
    response = response_from(SIMPLE)
    assert response.fileno() == 42  # the file's descriptor (FakeFile reports 42)
    response.close()


def test_method_none_means_get() -> None:
    response = httplib.HTTPResponse(FakeSocket(SIMPLE), method=None)
    response.begin()
    assert response.read() == b"hello world"


def test_debuglevel_prints_the_head(capsys) -> None:
    reply = b"HTTP/1.1 100 Continue\r\nX-I: 1\r\n\r\n" + SIMPLE
    response = httplib.HTTPResponse(FakeSocket(reply), debuglevel=1)
    response.begin()
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["reply: 'HTTP/1.1 100 Continue'", "header: X-I: 1", "reply: 'HTTP/1.1 200 OK'"]
    assert "header: X-Dup: 2" in out
    response.close()


def test_debuglevel_http09(capsys) -> None:
    response = httplib.HTTPResponse(FakeSocket(b"hi"), debuglevel=1)
    response.begin()
    assert capsys.readouterr().out == "reply: 'HTTP/0.9 200 '\n"
    response.close()


def test_connection_debuglevel_prints_sends(capsys) -> None:
    conn, _ = fake_connection(SIMPLE)
    conn.set_debuglevel(1)
    conn.request("POST", "/", b"body")
    response = conn.getresponse()
    out = capsys.readouterr().out
    assert "send: b'POST / HTTP/1.1\\r\\n" in out
    assert "send: b'body'" in out
    assert "reply: 'HTTP/1.1 200 OK'" in out
    assert response.read() == b"hello world"
    conn.close()


def test_fileno_over_a_real_socket() -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    with serve(answer(reply)) as server:
        conn = httplib.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.fileno() == conn.sock.fileno()
        assert response.read() == b"ok"
        conn.close()
