"""The time oracle, the bounds oracle and the crash-only anchor harness.

Strategy: each oracle on inputs whose answer is known: a test function that sleeps,
responses that http.client, geventhttpclient and the reference are known to bound or
not (FINDINGS.md), and inputs the crash-only harness must and must not report.
"""

from __future__ import annotations

import http.client
import time
import types
from typing import List, Optional

import httpcts.reference as reference
import pytest
from httpcts.fuzz import _bounds, crash_only, targets
from httpcts.fuzz._runtime import SLOW_INPUT_S, load_impl, timed
from httpcts.fuzz.oracles import Finding, signature

CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def sleeper(delays: List[float]):
    """A test function that keeps the CPU busy for the next delay in the list."""

    def test(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
        end = time.process_time() + (delays.pop(0) if delays else 0)
        while time.process_time() < end:
            pass

    return test


def test_an_input_over_the_budget_is_a_slow_input_finding() -> None:
    with pytest.raises(Finding) as caught:
        timed(sleeper([0.05] * 3), budget=0.02)(b"x")
    assert signature(caught.value)[:2] == ("slow-input", "Finding")
    assert "over 20 ms" in str(caught.value)


def test_a_single_slow_run_is_not_a_finding() -> None:
    timed(sleeper([0.05, 0.0, 0.0]), budget=0.02)(b"x")  # the best retry counts


def test_waiting_is_not_work() -> None:
    def waits(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
        time.sleep(0.03)  # as if the machine were busy: wall time passes, CPU time does not

    timed(waits, budget=0.02)(b"x")


def test_the_default_budget_is_100_ms() -> None:
    assert SLOW_INPUT_S == 0.1


def test_exceptions_pass_through_the_time_oracle() -> None:
    def boom(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
        raise OverflowError("x")

    with pytest.raises(OverflowError):
        timed(boom)(b"x")


@pytest.mark.parametrize("message", [CHUNKED, CONTINUE])
def test_the_reference_is_bounded_everywhere(message: bytes) -> None:
    assert all_unbounded(reference, message) == []


def all_unbounded(impl: types.ModuleType, message: bytes) -> List[str]:
    """Every stretch the implementation reads to the end, each tried on its own."""
    model = _model_of(message)
    found = []
    for name, stretch_one in _bounds.STRETCHES:
        stretched = stretch_one(message, model, _bounds._head_ends(message, len(model.interim) + 1))
        if stretched is None:
            continue
        try:
            _bounds._check_refused(impl, stretched, "GET", 200, name)
        except Finding:
            found.append(name)
    return found


def _model_of(message: bytes):
    from httpcts.fuzz import _model

    model = _model.strict_response(message)
    assert model is not None and model.error is None
    return model


def test_http_client_bounds_lines_and_headers_but_not_trailers_or_interim() -> None:
    assert all_unbounded(http.client, CHUNKED) == ["trailer lines"]
    assert all_unbounded(http.client, CONTINUE) == ["interim responses"]


def test_geventhttpclient_bounds_nothing() -> None:
    pytest.importorskip("geventhttpclient")
    gevent = load_impl("geventhttpclient.httplib")
    assert all_unbounded(gevent, CHUNKED) == ["line", "header lines", "trailer lines"]


def test_check_bounds_stretches_whole_deliveries_of_valid_responses_once_per_shape() -> None:
    _bounds._tried.clear()
    with pytest.raises(Finding, match="unbounded: trailer lines"):
        _bounds.check_bounds(http.client, CHUNKED, 0x00)
    _bounds.check_bounds(http.client, CHUNKED, 0x00)  # the same shape: tried already
    _bounds._tried.clear()
    _bounds.check_bounds(http.client, CHUNKED, 0x01)  # delivered in pieces: not stretched
    _bounds.check_bounds(http.client, b"HTTP/1.1 200 OK\r\nX: \x00\r\n\r\n", 0x00)  # not valid
    assert not _bounds._tried


HUGE_LENGTH = b"\x00HTTP/1.1 200 OK\r\nContent-Length: 1180591620717411303424\r\n\r\nx"
ANY_TWO_BYTES = b"\x005\r\nhelloXX0\r\n\r\n"  # the chunked target's input: the h11 CVE-2025-43859 class


def test_crash_only_reports_exceptions_that_are_not_http_exceptions() -> None:
    with pytest.raises(OverflowError):
        crash_only.harness("response")(HUGE_LENGTH, http.client)


def test_crash_only_cannot_see_what_the_oracles_see() -> None:
    crash_only.harness("chunked")(ANY_TWO_BYTES, http.client)  # accepted silently: no crash
    with pytest.raises(Finding, match="accepts-malformed"):
        targets.load("chunked").test_one_input(ANY_TWO_BYTES, http.client)


def test_crash_only_request_swallows_documented_errors() -> None:
    data = b"\x00\x01h\x03G\nT\x01/"  # a method with LF: http.client raises ValueError
    crash_only.harness("request")(data, http.client)
    targets.load("request").test_one_input(data, http.client)
