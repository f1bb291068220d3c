"""The independent model and the oracles judge known vectors as the RFC does.

Strategy: a small table of responses with the verdict the model must give (valid
and what it reads, or outside the clear subset), and oracle checks on inputs with a
known defect in some parser: the oracle must flag them, or the lesson of
CVE-2025-43859 (an oracle that only watches exceptions) is lost.
"""

from __future__ import annotations

import http.client
import types
from typing import Optional

import httpcts.reference as reference
import pytest
from httpcts.fuzz import _model, oracles
from httpcts.fuzz.oracles import Finding

OK = b"HTTP/1.1 200 OK\r\n"
CHUNKED = OK + b"Transfer-Encoding: chunked\r\n\r\n"


@pytest.mark.parametrize(
    ("wire", "body", "leftover"),
    [
        (OK + b"Content-Length: 2\r\n\r\nokXY", b"ok", b"XY"),
        (CHUNKED + b"2;a=\"b;c\"\r\nok\r\n0\r\nT: 1\r\n\r\nXY", b"ok", b"XY"),
        (b"HTTP/1.0 200 OK\r\n\r\nto the end", b"to the end", b""),
        (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nXY", b"", b"XY"),
    ],
)
def test_model_reads_valid_responses(wire: bytes, body: bytes, leftover: bytes) -> None:
    model = _model.strict_response(wire)
    assert model is not None and model.error is None
    assert (model.body, model.trailing) == (body, leftover)


@pytest.mark.parametrize(
    "wire",
    [
        CHUNKED + b"2\r\nokXX0\r\n\r\n",  # CVE-2025-43859: two bytes after chunk data
        OK + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        OK + b"Content-Length: +2\r\n\r\nok",
        OK + b"X: a\r\n b\r\nContent-Length: 0\r\n\r\n",  # obs-fold
        OK + b"Content-Length: 0\nX: 1\r\n\r\n",  # bare LF
    ],
)
def test_model_leaves_unclear_responses_to_the_other_oracles(wire: bytes) -> None:
    assert _model.strict_response(wire) is None


def test_lenient_dechunk_still_refuses_junk_after_chunk_data() -> None:
    assert _model.dechunk(b"2\r\nokXX0\r\n\r\n", lenient=True) is None
    assert _model.dechunk(b"2\nok\n0\n\n", lenient=True) == (b"ok", (), 8, True)


def finding(call: object) -> Optional[Finding]:
    try:
        call()  # type: ignore[operator]
    except Finding as exc:
        return exc
    return None


def test_oracle_flags_http_client_read_amt_truncation() -> None:
    # http.client's read(amt) returns b"" at EOF inside a Content-Length body
    found = finding(lambda: oracles.check_response(http.client, OK + b"Content-Length: 9\r\n\r\nok", 0x20))
    assert found is not None and found.kind == "split-mismatch"


def test_oracle_flags_unknown_1xx_as_final_in_http_client() -> None:
    wire = b"HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    found = finding(lambda: oracles.check_response(http.client, wire))
    assert found is not None and found.kind == "framing-mismatch"
    assert finding(lambda: oracles.check_response(reference, wire)) is None


def test_split_plans_agree_on_the_reference() -> None:
    wire = CHUNKED + b"5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\nrest"
    for control in range(0, 256, 7):
        oracles.check_core(wire, control)
        oracles.check_response(reference, wire, control)


@pytest.mark.parametrize(
    "wire",
    [
        OK + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\nokX",  # differing duplicates
        OK + b"Content-Length: +2\r\n\r\nok",  # signed
        OK + b"Content-Length: 2, 3\r\n\r\nokX",  # a list of differing values
    ],
)
def test_oracle_flags_a_content_length_that_is_not_one_number(wire: bytes) -> None:
    found = finding(lambda: oracles.check_response(http.client, wire))
    assert found is not None and found.kind == "accepts-malformed", found
    assert finding(lambda: oracles.check_response(reference, wire)) is None  # refused


def test_equal_content_length_values_are_one_number() -> None:
    wire = OK + b"Content-Length: 2\r\nContent-Length: 02\r\n\r\nok"
    assert finding(lambda: oracles.check_response(reference, wire)) is None
    assert finding(lambda: oracles.check_accepted(oracles.run_response(reference, wire), "GET")) is None


@pytest.mark.parametrize("field", [("X", "a\rb"), ("X", "a\x00"), ("X", "a\nb"), ("X Y", "1"), ("", "1")])
def test_oracle_flags_malformed_accepted_fields(field: tuple) -> None:
    accepted = reference.Conclusion(status=200, fields=(field,), framing=reference.UNTIL_CLOSE)
    found = finding(lambda: oracles.check_accepted(accepted, "GET"))
    assert found is not None and found.kind == "accepts-malformed"
    assert finding(lambda: oracles.check_accepted(reference.Conclusion(status=200, fields=(("X", "a b"),)), "GET")) is None


def test_oracle_flags_a_getheader_that_disagrees_with_the_fields() -> None:
    class Lying(http.client.HTTPResponse):
        def getheader(self, name, default=None):  # type: ignore[no-untyped-def,override]
            return "lie"

    module = types.ModuleType("lying")
    module.HTTPResponse = Lying  # type: ignore[attr-defined]
    module.HTTPException = http.client.HTTPException  # type: ignore[attr-defined]
    found = finding(lambda: oracles.check_response(module, OK + b"Content-Length: 2\r\n\r\nok"))
    assert found is not None and found.kind == "header-mismatch"


def test_oracle_flags_a_dropped_or_changed_field() -> None:
    class Dropping(http.client.HTTPResponse):
        def getheaders(self):  # type: ignore[no-untyped-def,override]
            return [(name, value) for name, value in super().getheaders() if name != "X-A"]

        def getheader(self, name, default=None):  # type: ignore[no-untyped-def,override]
            return None if name.lower() == "x-a" else super().getheader(name, default)

    module = types.ModuleType("dropping")
    module.HTTPResponse = Dropping  # type: ignore[attr-defined]
    module.HTTPException = http.client.HTTPException  # type: ignore[attr-defined]
    found = finding(lambda: oracles.check_response(module, OK + b"X-A: 1\r\nContent-Length: 2\r\n\r\nok"))
    assert found is not None and found.kind == "header-mismatch"
