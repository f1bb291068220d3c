"""ResponseParser's own interface: feed/feed_eof/next_event/events, the direct
receive_head/read_body, trailing_data, and how it refuses misuse.
"""

from __future__ import annotations

import httpcts.reference as httplib
import pytest
from httpcts.reference import NEED_DATA, Data, EndOfMessage, Headers, ResponseParser, StatusLine

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def test_need_data_until_the_status_line_is_complete() -> None:
    parser = ResponseParser()
    assert parser.next_event() is NEED_DATA
    assert repr(NEED_DATA) == "NEED_DATA"
    parser.feed(b"HTTP/1.1 200 O")
    assert parser.events() == []
    parser.feed(b"K\r\nContent-Le")
    assert parser.events() == [StatusLine(11, 200, "OK")]
    parser.feed(b"ngth: 5\r\n\r\nhel")
    assert parser.events() == [Headers((("Content-Length", "5"),), "content-length", 5, False),
                               Data(b"hel")]
    parser.feed(b"lo")
    assert parser.events() == [Data(b"lo"), EndOfMessage()]
    assert parser.next_event() is NEED_DATA


def test_next_event_max_data() -> None:
    parser = ResponseParser()
    parser.feed(OK)
    parser.next_event()
    parser.next_event()
    assert parser.next_event(2) == Data(b"he")
    assert parser.next_event(10) == Data(b"llo")
    assert parser.next_event() == EndOfMessage()


def test_receive_head_and_read_body() -> None:
    parser = ResponseParser()
    parser.feed(OK[:20])
    assert not parser.receive_head()
    with pytest.raises(httplib.ProtocolError, match="before the response head"):
        parser.read_body()
    parser.feed(OK[20:])
    assert parser.receive_head()
    assert parser.receive_head()  # once complete, it stays complete
    assert parser.status_line == StatusLine(11, 200, "OK")
    assert parser.read_body(3) == b"hel"
    assert not parser.message_complete
    assert parser.read_body() == b"lo"
    assert parser.message_complete
    assert parser.read_body() == b""


def test_feed_after_eof_refused() -> None:
    parser = ResponseParser()
    parser.feed_eof()
    with pytest.raises(httplib.ProtocolError, match="after the end of the stream"):
        parser.feed(b"x")


def test_trailing_data_only_after_the_end() -> None:
    parser = ResponseParser()
    parser.feed(OK[:-1])
    parser.events()
    assert parser.trailing_data == b""
    parser.feed(b"o" + b"NEXT")
    assert parser.events()[-1] == EndOfMessage()
    assert parser.trailing_data == b"NEXT"


def test_method_changes_framing() -> None:
    parser = ResponseParser(method="HEAD")
    parser.feed(OK)
    assert parser.events()[-1] == EndOfMessage()
    assert parser.trailing_data == b"hello"


def test_error_messages_quote_a_bounded_part_of_the_offending_bytes() -> None:
    parser = ResponseParser()
    parser.feed(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"z" * 500 + b"\r\n")
    with pytest.raises(httplib.ProtocolError) as info:
        parser.events()
    message = str(info.value)
    assert "zzzz" in message and "(502 bytes)" in message
    assert len(message) < 200


def read_all(data: bytes, **options: object) -> httplib.Conclusion:
    parser = ResponseParser(**options)  # type: ignore[arg-type]
    parser.feed(data)
    parser.feed_eof()
    body = b""
    try:
        parser.receive_head()
        while not parser.message_complete:
            body += parser.read_body()
    except httplib.HTTPException as exc:
        return parser.conclusion(body, exc)
    return parser.conclusion(body)


def test_conclusion_of_a_chunked_response_after_interim_ones() -> None:
    interim = b"HTTP/1.1 100 Continue\r\nX-I: 1\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A:  b \r\n\r\n"
    wire = interim + head + b"5\r\nhello\r\n0\r\nT: 1\r\n\r\nNEXT"
    assert read_all(wire) == httplib.Conclusion(
        error=None,
        interim=(httplib.InterimResponse(11, 100, "Continue", (("X-I", "1"),)),),
        version=11, status=200, reason="OK",
        fields=(("Transfer-Encoding", "chunked"), ("X-A", "b")),
        framing=httplib.CHUNKED, length=None, head_length=len(interim + head), will_close=False,
        body=b"hello", expected=None, trailers=(("T", "1"),), trailing=b"NEXT",
    )


def test_conclusion_of_a_refusal_and_of_a_truncated_body() -> None:
    refused = read_all(b"HTTP/1.1 200 OK\r\nX: \x00\r\n\r\n")
    assert (refused.error, refused.status, refused.head_length, refused.body) == ("ProtocolError", 200, None, b"")
    cut = read_all(OK[:-2])
    assert (cut.error, cut.body, cut.expected, cut.length) == ("IncompleteRead", b"hel", 2, 5)
    assert read_all(b"").error == "BadStatusLine"
    assert read_all(b"HTTP/1.1 200 OK\r\n\r\n", method="HEAD").framing == httplib.NO_BODY


def test_conclusion_of_an_http09_response() -> None:
    simple = read_all(b"hello\r\nworld")
    assert (simple.version, simple.status, simple.head_length, simple.body) == (9, 200, 0, b"hello\r\nworld")
    assert (simple.framing, simple.trailing) == (httplib.UNTIL_CLOSE, b"")
