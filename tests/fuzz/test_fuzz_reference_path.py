"""The response target's reference path: the oracles catch a broken core or HTTPResponse.

Strategy: against the reference, the response target reads the bytes whole through
the sans-IO core's direct interface (`conclude_core`, judged by `check_conclusion`)
and split through HTTPResponse over a `PieceReader` socket, which must conclude what
the core concluded. Each test breaks one thing on purpose (a parser subclass put in
place of `httpcts.reference.ResponseParser` for the whole run, or an HTTPResponse
subclass in a stand-in module for the split run) and asserts the finding it must
cause; a correct reading of the same bytes passes. PieceReader must deliver the
pieces the BufferedReader socket delivers.
"""

from __future__ import annotations

import types
from typing import Any, Callable, List, Optional

import httpcts.reference as reference
import pytest
from httpcts.fuzz import oracles
from httpcts.fuzz._io import (
    COARSE,
    FINE_PREFIX,
    MAX_PIECES,
    SPLIT_PLANS,
    PieceFile,
    PieceReader,
    _PieceStream,
)
from httpcts.fuzz.oracles import Finding

OK = b"HTTP/1.1 200 OK\r\n"
LENGTH = OK + b"Content-Length: 5\r\nX-A: 1\r\n\r\nhelloXY"  # XY: bytes after the message
CHUNKED = OK + b"Transfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\nXY"
BARE_LF = b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok"  # outside the model's clear subset


def finding(call: Callable[[], object]) -> Optional[Finding]:
    try:
        call()
    except Finding as exc:
        return exc
    return None


# -- PieceReader: the same pieces as the BufferedReader socket -----------------------


def reads_of(file: Any) -> List[bytes]:
    """What read1(65536) returns, read after read, until EOF."""
    return list(iter(lambda: file.read1(65536), b""))


def buffered_reads(data: bytes, plan: tuple) -> List[bytes]:
    return reads_of(PieceFile(_PieceStream(data, plan), 8192))  # type: ignore[arg-type]


def piece_reads(data: bytes, plan: tuple) -> List[bytes]:
    return reads_of(PieceReader(data, plan))


@pytest.mark.parametrize("plan", SPLIT_PLANS)
@pytest.mark.parametrize("size", [0, 1, 5, 40, FINE_PREFIX - 1, FINE_PREFIX + 3, 3 * COARSE + 11])
def test_piece_reader_delivers_the_buffered_sockets_pieces(plan: tuple, size: int) -> None:
    data = bytes(i % 251 for i in range(size))
    assert piece_reads(data, plan) == buffered_reads(data, plan)


def test_piece_reader_reads_at_most_n_and_never_past_a_piece() -> None:
    data = bytes(range(200))
    file = PieceReader(data, (7,))
    reads = [file.read1(3) for _ in range(6)]
    assert reads == [data[0:3], data[3:6], data[6:7], data[7:10], data[10:13], data[13:14]]
    assert file.read(5) == data[14:19]  # read(n) goes on until n bytes, as BufferedReader
    assert file.read1(65536) == data[19:21]  # the rest of the piece read(5) began
    assert file.read1(65536) == data[21:28]
    file.close()
    assert file.leftover == data[28:]
    with pytest.raises(ValueError):
        file.read1(1)


def test_piece_reader_coarse_pieces_after_the_fine_prefix() -> None:
    data = b"x" * (FINE_PREFIX + 2 * COARSE)
    reads = piece_reads(data, (1,))
    assert [len(r) for r in reads[: MAX_PIECES + 1]] == [1] * (MAX_PIECES + 1)
    assert len(reads[MAX_PIECES + 1]) == COARSE
    assert b"".join(reads) == data


def test_piece_reader_keeps_what_was_held_as_leftover() -> None:
    file = PieceReader(b"abcdefgh", (4,))
    assert file.read1(1) == b"a"
    file.close()
    assert file.leftover == b"bcdefgh"


# -- the whole run: conclude_core and check_conclusion -----------------------------


class BrokenParser(reference.ResponseParser):
    """The reference's parser with one fault, chosen by `fault`."""

    fault = ""

    def receive_head(self) -> bool:
        if self.fault == "head-never-complete":
            return False
        if self.fault == "refuses":
            raise reference.ProtocolError("refused")
        return super().receive_head()

    def read_body(self, max_data: Optional[int] = None) -> bytes:
        if self.fault == "stuck":
            return b""
        if self.fault == "endless":
            return b"x"
        data = super().read_body(max_data)
        if self.fault == "drops-a-byte" and data:
            return data[:-1]
        if self.fault == "invents-a-byte" and data:
            return data + b"!"
        return data

    @property
    def trailing_data(self) -> bytes:
        data = super().trailing_data
        return b"" if self.fault == "loses-trailing" else data

    @property
    def fields(self) -> reference.Fields:
        fields = super().fields
        if self.fault == "keeps-whitespace":
            return tuple((name, f" {value}") for name, value in fields)
        if self.fault == "drops-a-field":
            return fields[1:]
        return fields


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Put BrokenParser, with the given fault, in place of the reference's parser for
    the whole run (HTTPResponse keeps the real one: _response imported its own name)."""

    def install(fault: str) -> None:
        monkeypatch.setattr(BrokenParser, "fault", fault)
        monkeypatch.setattr(reference, "ResponseParser", BrokenParser)

    return install


@pytest.mark.parametrize(
    ("fault", "wire", "control", "kind"),
    [
        ("head-never-complete", LENGTH, 0, "stuck-after-eof"),
        ("stuck", LENGTH, 0, "stuck-after-eof"),
        ("endless", BARE_LF, 0, "no-progress"),
        ("drops-a-byte", LENGTH, 0, "framing-mismatch"),
        ("drops-a-byte", CHUNKED, 0, "framing-mismatch"),
        ("drops-a-byte", b"HTTP/1.0 200 OK\r\n\r\nto the end", 0, "bytes-lost"),
        ("invents-a-byte", BARE_LF, 0, "framing-mismatch"),
        ("loses-trailing", LENGTH, 0, "framing-mismatch"),
        ("loses-trailing", LENGTH, 0x10, "bytes-lost"),  # HEAD: all after the head stays
        ("keeps-whitespace", BARE_LF, 0, "accepts-malformed"),
        ("drops-a-field", LENGTH, 0, "framing-mismatch"),  # the model reads X-A
        ("refuses", LENGTH, 0, "rejects-valid"),
        ("refuses", BARE_LF, 0, "split-mismatch"),  # no model: HTTPResponse split reads it
    ],
)
def test_a_broken_core_is_a_finding(broken: Callable[[str], None], fault: str, wire: bytes,
                                    control: int, kind: str) -> None:
    broken(fault)
    found = finding(lambda: oracles.check_response(reference, wire, control))
    assert found is not None and found.kind == kind, found


@pytest.mark.parametrize("wire", [LENGTH, CHUNKED, BARE_LF, b"HTTP/1.0 200 OK\r\n\r\nrest", b"junk"])
def test_the_unbroken_core_passes(broken: Callable[[str], None], wire: bytes) -> None:
    broken("")
    for control in range(0, 256, 5):
        oracles.check_response(reference, wire, control)


def test_the_direct_run_reads_what_the_events_say() -> None:
    # the parser's own conclusion (direct interface) is the one its events tell
    for wire in (LENGTH, CHUNKED, BARE_LF, b"HTTP/1.1 100 Continue\r\n\r\n" + LENGTH, b"hi",
                 OK + b"Content-Length: 9\r\n\r\nok", OK + b"X: \x00\r\n\r\n"):
        for method in ("GET", "HEAD"):
            direct = oracles.conclude_core(wire, method=method)
            for events in (oracles.run_core(wire, method=method), oracles.run_core(wire, plan=(1,), method=method)):
                if direct.error is None:
                    assert events == direct
                else:  # the events stop at the error, wherever it surfaced
                    assert (events.error, events.expected, events.body) == (direct.error, direct.expected, direct.body)
    truncated = oracles.conclude_core(OK + b"Content-Length: 9\r\n\r\nok")
    assert (truncated.error, truncated.body, truncated.expected) == ("IncompleteRead", b"ok", 7)


# -- the split run: HTTPResponse must conclude what the core concluded ---------------


def stand_in(**overrides: Callable[..., object]) -> types.ModuleType:
    """A module like the reference whose HTTPResponse has the given methods replaced."""
    response_class = type("BrokenResponse", (reference.HTTPResponse,), overrides)
    module = types.ModuleType("stand_in")
    module.HTTPResponse = response_class  # type: ignore[attr-defined]
    module.HTTPException = reference.HTTPException  # type: ignore[attr-defined]
    module.ResponseParser = reference.ResponseParser  # type: ignore[attr-defined]
    return module


def check_split(impl: types.ModuleType, wire: bytes, control: int = 0) -> None:
    plan, method, amt = oracles.control(control)
    oracles.check_core_and_response(impl, wire, plan, method, amt)


def read_losing_leftover(self: reference.HTTPResponse, amt: Optional[int] = None) -> bytes:
    data = reference.HTTPResponse.read(self, amt)
    self.leftover = b""
    return data


def read_inventing_leftover(self: reference.HTTPResponse, amt: Optional[int] = None) -> bytes:
    data = reference.HTTPResponse.read(self, amt)
    self.leftover += b"!"
    return data


def read_one_more(self: reference.HTTPResponse, amt: Optional[int] = None) -> bytes:
    return reference.HTTPResponse.read(self, None if amt is None else amt + 1)


def read_without_trailers(self: reference.HTTPResponse, amt: Optional[int] = None) -> bytes:
    data = reference.HTTPResponse.read(self, amt)
    self.trailers = ()
    return data


def begin_reversing_fields(self: reference.HTTPResponse) -> None:
    reference.HTTPResponse.begin(self)
    self.msg = reference.HTTPMessage(tuple(reversed(self.msg.fields)))  # type: ignore[union-attr]


def begin_as_http10(self: reference.HTTPResponse) -> None:
    reference.HTTPResponse.begin(self)
    self.version = 10


def read_swallowing_incomplete(self: reference.HTTPResponse, amt: Optional[int] = None) -> bytes:
    try:
        return reference.HTTPResponse.read(self, amt)
    except reference.IncompleteRead as exc:
        return exc.partial


@pytest.mark.parametrize(
    ("overrides", "wire", "control", "kind"),
    [
        ({"read": read_losing_leftover}, LENGTH, 0, "split-mismatch"),
        ({"read": read_losing_leftover}, CHUNKED, 0x21, "split-mismatch"),  # 1-byte pieces, read(1)
        ({"read": read_inventing_leftover}, LENGTH, 0x03, "split-mismatch"),
        ({"read": read_one_more}, LENGTH, 0x20, "framing-mismatch"),  # read(1) gave 2 bytes
        ({"read": read_one_more}, CHUNKED, 0x47, "framing-mismatch"),  # read(2) gave 3 bytes
        ({"read": read_without_trailers}, CHUNKED, 0, "split-mismatch"),
        ({"begin": begin_reversing_fields}, LENGTH, 0x01, "split-mismatch"),
        ({"begin": begin_as_http10}, BARE_LF, 0x0B, "split-mismatch"),
        ({"read": read_swallowing_incomplete}, OK + b"Content-Length: 9\r\n\r\nok", 0x02, "split-mismatch"),
    ],
)
def test_a_broken_http_response_is_a_finding(overrides: dict, wire: bytes, control: int, kind: str) -> None:
    found = finding(lambda: check_split(stand_in(**overrides), wire, control))
    assert found is not None and found.kind == kind, found


@pytest.mark.parametrize("control", [0, 0x01, 0x03, 0x0B, 0x20, 0x21, 0x47, 0xE5])
def test_the_unbroken_http_response_passes(control: int) -> None:
    for wire in (LENGTH, CHUNKED, BARE_LF, OK + b"Content-Length: 9\r\n\r\nok"):
        check_split(stand_in(), wire, control)


def test_the_split_run_reads_the_same_pieces_through_either_file() -> None:
    # the reference's HTTPResponse concludes the same over the PieceReader and over
    # the BufferedReader socket that http.client gets, the bytes after the message
    # included (what HTTPResponse kept, then what it never read)
    for wire in (LENGTH, CHUNKED, BARE_LF, OK + b"Content-Length: 9\r\n\r\nok"):
        for control in range(0, 256, 3):
            plan, method, amt = oracles.control(control)
            fast = oracles.run_response(reference, wire, plan=plan, method=method, amt=amt)
            slow = oracles.run_response(reference, wire, plan=plan, method=method, amt=amt, buffered=True)
            assert fast == slow
            if fast.error is None:
                assert fast.trailing == oracles.conclude_core(wire, method=method).trailing
