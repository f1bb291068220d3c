"""Hypothesis properties over the public strategies: round trip and split invariance.

Strategy: `responses()` yields a valid response with its expected reading, so the
round trip (generate, serialise, parse, compare) needs no second parser; split
invariance feeds the same bytes in every split plan. Mutated responses must only ever
raise HTTPException and pass the common oracles. The strategies' argument checks are
tested for the InvalidArgument message naming the argument.
"""

from __future__ import annotations

import dataclasses
import http.client

import httpcts.reference as reference
import pytest
from httpcts.fuzz import _model, oracles, strategies
from httpcts.fuzz._io import SPLIT_PLANS
from httpcts.fuzz.structured import check_round_trip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(response=strategies.responses(), control=st.integers(0, 255))
def test_round_trip_reference(response: strategies.GeneratedResponse, control: int) -> None:
    if response.expected.framing != "no-body":
        control &= ~0x10
    check_round_trip(reference, response, control)


@FAST
@given(response=strategies.responses(interim=False))
def test_round_trip_http_client(response: strategies.GeneratedResponse) -> None:
    check_round_trip(http.client, response)


@FAST
@given(response=strategies.responses())
def test_model_reads_generated_responses_as_generated(response: strategies.GeneratedResponse) -> None:
    model = _model.strict_response(response.wire)
    assert model == response.expected


@FAST
@given(response=strategies.responses(), plan=st.sampled_from(SPLIT_PLANS), max_data=st.sampled_from([None, 1, 7]))
def test_split_invariance_of_the_core(response: strategies.GeneratedResponse, plan: tuple, max_data: object) -> None:
    whole = oracles.run_core(response.wire)
    split = oracles.run_core(response.wire, plan=plan, max_data=max_data)  # type: ignore[arg-type]
    assert whole == split
    assert dataclasses.replace(whole, will_close=None) == response.expected


@FAST
@given(case=strategies.mutated_responses(), control=st.integers(0, 255))
def test_mutations_pass_the_oracles(case: tuple, control: int) -> None:
    name, wire = case
    oracles.check_core(wire, control)
    oracles.check_response(reference, wire, control)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: strategies.status_codes(min_code=99), "min_code"),
        (lambda: strategies.status_codes(min_code=300, max_code=200), "max_code"),
        (lambda: strategies.reason_phrases(max_size=-1), "max_size"),
        (lambda: strategies.status_lines(versions=("2.0",)), "versions"),
        (lambda: strategies.field_names(max_size=0), "max_size"),
        (lambda: strategies.header_fields(max_fields=1000), "max_fields"),
        (lambda: strategies.chunk_extensions(max_extensions=True), "max_extensions"),
        (lambda: strategies.responses(framings=("gzip",)), "framings"),
        (lambda: strategies.responses(method="POST"), "method"),
        (lambda: strategies.chunked_bodies(max_chunk_size=0), "max_chunk_size"),
        (lambda: strategies.mutated_responses(base=3), "base"),
    ],
)
def test_strategy_arguments_are_validated(call: object, argument: str) -> None:
    with pytest.raises(InvalidArgument, match=argument):
        call()  # type: ignore[operator]


@FAST
@given(line=strategies.status_lines())
def test_status_lines_follow_the_grammar(line: bytes) -> None:
    assert _model._strict_status(line[:-2]) is not None
