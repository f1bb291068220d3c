"""Hardening bounds: line length, header/trailer lines, interim responses, memory.

Each bound is checked on complete data and on data still arriving: an endless line or
an endless run of lines must be refused as soon as it crosses the bound, not when it
ends (which it never would).
"""

from __future__ import annotations

import tracemalloc

import httpcts.reference as httplib
import pytest
from helpers import parse_bytewise, parse_in_pieces, parse_whole, response_from
from httpcts.reference import Limits, ResponseParser

MAX_LINE = 65536
STATUS = b"HTTP/1.1 200 OK\r\n"
TE = STATUS + b"Transfer-Encoding: chunked\r\n\r\n"
LONG = b"a" * (MAX_LINE + 1)


def fields(count: int) -> bytes:
    return b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(count))


# -- LineTooLong -------------------------------------------------------------------


@pytest.mark.parametrize("data, what", [
    (b"HTTP/1.1 200 " + LONG + b"\r\n\r\n", "status line"),
    (STATUS + b"X-A: " + LONG + b"\r\n\r\n", "header line"),
    (b"HTTP/1.1 100 Continue\r\nX-A: " + LONG + b"\r\n\r\n", "header line"),
    (TE + b"5;x=" + LONG + b"\r\nhello\r\n0\r\n\r\n", "chunk size"),
    (TE + b"0" * (MAX_LINE + 1) + b"5\r\nhello\r\n0\r\n\r\n", "chunk size"),
    (TE + b"0\r\nX-A: " + LONG + b"\r\n\r\n", "trailer line"),
])
def test_line_too_long(data: bytes, what: str) -> None:
    # whole, and in odd-sized pieces (byte by byte is test_limit_boundary_byte_by_byte)
    for pieces in (len(data), 997):
        with pytest.raises(httplib.LineTooLong, match=f"65536 bytes when reading {what}"):
            parse_in_pieces(data, pieces)
    response = response_from(data, begin=False)
    with pytest.raises(httplib.LineTooLong):
        response.begin()
        response.read()
    response.close()


@pytest.mark.parametrize("prefix", [b"HTTP/1.1 200 ", STATUS + b"X-A: ", TE + b"5;x=",
                                    TE + b"0\r\nX-A: "], ids=["status", "header", "chunk", "trailer"])
def test_endless_line_refused_while_incomplete(prefix: bytes) -> None:
    parser = ResponseParser()
    parser.feed(prefix)
    parser.events()
    fed = 0
    with pytest.raises(httplib.LineTooLong):
        while fed < 10 * MAX_LINE:
            parser.feed(b"b" * 1024)
            fed += 1024
            parser.events()
    # refused within one feed of crossing the bound, although no line end ever came
    assert MAX_LINE - len(prefix) < fed <= MAX_LINE + 1024


def line_of(kind: str, size: int, eol: bytes) -> bytes:
    """A response whose `kind` line is `size` bytes long before its line ending."""
    if kind == "status":
        return b"HTTP/1.1 200 " + b"r" * (size - 13) + eol + b"Content-Length: 0\r\n\r\n"
    if kind == "header":
        return STATUS + b"X-A: " + b"v" * (size - 5) + eol + b"Content-Length: 0\r\n\r\n"
    if kind == "chunk":
        return TE + b"5;" + b"e" * (size - 2) + eol + b"hello\r\n0\r\n\r\n"
    return TE + b"0\r\nX-A: " + b"v" * (size - 5) + eol + b"\r\n"


# The bound counts the line without its line ending (CRLF or LF): 65536 bytes of text
# are accepted either way, 65537 refused either way, whole or in pieces.
BOUNDARY = [(MAX_LINE, b"\r\n", True), (MAX_LINE, b"\n", True),
            (MAX_LINE + 1, b"\r\n", False), (MAX_LINE + 1, b"\n", False)]


@pytest.mark.parametrize("kind", ["status", "header", "chunk", "trailer"])
@pytest.mark.parametrize("size, eol, accepted", BOUNDARY)
def test_limit_boundary_whole_and_in_pieces(kind: str, size: int, eol: bytes,
                                            accepted: bool) -> None:
    data = line_of(kind, size, eol)
    for pieces in (len(data), 4096, 1000):
        if accepted:
            events, parser = parse_in_pieces(data, pieces, eof=False)
            assert parser.message_complete
        else:
            with pytest.raises(httplib.LineTooLong):
                parse_in_pieces(data, pieces)


@pytest.mark.parametrize("kind", ["status", "header", "chunk", "trailer"])
@pytest.mark.parametrize("size, eol, accepted", BOUNDARY)
def test_limit_boundary_byte_by_byte(kind: str, size: int, eol: bytes, accepted: bool) -> None:
    # the bulk of the line at once, then the last 100 bytes and the line end one by one
    data = line_of(kind, size, eol)
    cut = data.index(eol, MAX_LINE - 200) - 100
    parser = ResponseParser()
    parser.feed(data[:cut])

    def run() -> None:
        parser.events()
        for index in range(cut, len(data)):
            parser.feed(data[index : index + 1])
            parser.events()

    if accepted:
        run()
        assert parser.message_complete
    else:
        with pytest.raises(httplib.LineTooLong):
            run()


def test_endless_status_line_over_one_byte_reads() -> None:
    response = response_from(b"HTTP/1.1 200 " + b"x" * (MAX_LINE + 10), one_byte=False, begin=False)
    with pytest.raises(httplib.LineTooLong):
        response.begin()
    response.close()


# -- TooMany -----------------------------------------------------------------------


@pytest.mark.parametrize("count, refused", [(99, False), (100, False), (101, True), (1000, True)])
def test_header_lines_bound(count: int, refused: bool) -> None:
    data = STATUS + fields(count - 1) + b"Content-Length: 0\r\n\r\n"
    for parse in (parse_whole, parse_bytewise):
        if refused:
            with pytest.raises(httplib.TooMany, match="more than 100 header lines"):
                parse(data)
        else:
            events, _ = parse(data)
            assert len(events[1].fields) == count


def test_continuation_lines_count_as_header_lines() -> None:
    data = STATUS + b"X-A: 1\r\n" + b" more\r\n" * 100 + b"\r\n"
    with pytest.raises(httplib.TooMany):
        parse_whole(data)


@pytest.mark.parametrize("count, refused", [(100, False), (101, True)])
def test_trailer_lines_bound(count: int, refused: bool) -> None:
    data = TE + b"0\r\n" + fields(count) + b"\r\n"
    for parse in (parse_whole, parse_bytewise):
        if refused:
            with pytest.raises(httplib.TooMany, match="more than 100 trailer lines"):
                parse(data)
        else:
            events, _ = parse(data)
            assert len(events[-1].trailers) == count


@pytest.mark.parametrize("count, refused", [(100, False), (101, True)])
def test_interim_responses_bound(count: int, refused: bool) -> None:
    data = b"HTTP/1.1 100 Continue\r\n\r\n" * count + STATUS + b"Content-Length: 0\r\n\r\n"
    if refused:
        for parse in (parse_whole, parse_bytewise):
            with pytest.raises(httplib.TooMany, match="more than 100 interim responses"):
                parse(data)
    else:
        response = response_from(data)
        assert response.status == 200
        assert len(response.interim) == count
        response.close()


@pytest.mark.parametrize("prefix, unit", [
    (STATUS, b"X-A: 1\r\n"),
    (b"HTTP/1.1 100 Continue\r\n", b"X-A: 1\r\n"),  # CVE-2021-3737
    (TE + b"0\r\n", b"X-A: 1\r\n"),
    (b"", b"HTTP/1.1 100 Continue\r\n\r\n"),
    (STATUS, b"X-A: 1\r\n "),  # an endless folded value
])
def test_endless_stream_refused_as_it_crosses_the_bound(prefix: bytes, unit: bytes) -> None:
    parser = ResponseParser()
    parser.feed(prefix)
    fed = 0
    with pytest.raises(httplib.TooMany):
        while fed < 200:
            parser.feed(unit)
            fed += 1
            parser.events()
    assert fed == 101  # the 101st line (or response) is refused the moment it arrives


def test_endless_lines_one_byte_at_a_time() -> None:
    parser = ResponseParser()
    parser.feed(STATUS)
    unit = b"X: 1\r\n"
    with pytest.raises(httplib.TooMany):
        for _ in range(200):
            for byte in unit:
                parser.feed(bytes([byte]))
                parser.events()


def test_parser_is_dead_after_an_error() -> None:
    parser = ResponseParser()
    parser.feed(STATUS + fields(101) + b"\r\n")
    with pytest.raises(httplib.TooMany):
        parser.events()
    assert parser.headers is None
    with pytest.raises(httplib.ProtocolError, match="earlier error"):
        parser.next_event()  # no event is replayed after an error
    with pytest.raises(httplib.ProtocolError, match="earlier error"):
        parser.read_body()
    with pytest.raises(httplib.ProtocolError, match="earlier error"):
        parser.receive_head()


def test_custom_limits() -> None:
    limits = Limits(max_line=100, max_headers=2, max_trailers=1, max_interim=1)
    with pytest.raises(httplib.TooMany):
        p = ResponseParser(limits=limits)
        p.feed(STATUS + fields(3) + b"\r\n")
        p.events()
    with pytest.raises(httplib.LineTooLong):
        p = ResponseParser(limits=limits)
        p.feed(STATUS + b"X: " + b"a" * 100 + b"\r\n\r\n")
        p.events()
    p = ResponseParser(limits=limits)
    p.feed(STATUS + fields(2) + b"\r\n")
    assert len(p.events()[1].fields) == 2


@pytest.mark.parametrize("name", ["max_line", "max_headers", "max_trailers", "max_interim"])
@pytest.mark.parametrize("value", [0, -1, 1.5, "10"])
def test_limits_validated(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        Limits(**{name: value})


# -- memory follows bytes received -------------------------------------------------


@pytest.mark.parametrize("length", [2**40, 2**70])
@pytest.mark.parametrize("amt", [None, 2**62])
def test_huge_content_length_with_tiny_body(length: int, amt: object) -> None:
    data = STATUS + b"Content-Length: %d\r\n\r\nhello" % length
    tracemalloc.start()
    try:
        response = response_from(data)
        assert response.length == length
        with pytest.raises(httplib.IncompleteRead) as info:
            response.read(amt)  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.partial == b"hello"
    assert info.value.expected == length - 5
    assert peak < 1_000_000, peak
    assert response.isclosed()


def test_huge_chunk_memory_stays_small() -> None:
    data = TE + b"ffffffffffffffffffff\r\n" + b"x" * 1000
    tracemalloc.start()
    try:
        response = response_from(data)
        with pytest.raises(httplib.IncompleteRead) as info:
            response.read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.partial == b"x" * 1000
    assert peak < 1_000_000, peak


def test_huge_content_length_through_parser() -> None:
    parser = ResponseParser()
    parser.feed(STATUS + b"Content-Length: %d\r\n\r\nabc" % 2**70)
    parser.feed_eof()
    assert parser.next_event().status == 200
    assert parser.next_event().length == 2**70
    assert parser.next_event().data == b"abc"
    with pytest.raises(httplib.IncompleteRead) as info:
        parser.next_event()
    assert info.value.expected == 2**70 - 3
