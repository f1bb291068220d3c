"""Structure-aware fuzzing: the Hypothesis strategies driven by atheris through `fuzz_one_input`.

Strategy: libFuzzer's bytes become Hypothesis's choice sequence, so every input is a
generated valid response (round trip: parse it, compare with what was generated) or
a targeted mutation of one (the common oracles), and coverage guidance steers the
choices. `httpcts fuzz run response --structured` runs this file; the in-process
engine uses `generated_input` to mix generated inputs into its mutation loop.
"""

from __future__ import annotations

import random
import types
from typing import Optional, Tuple, Union

from httpcts.fuzz import oracles, strategies
from httpcts.fuzz.oracles import Finding
from httpcts.fuzz.strategies import GeneratedResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_SETTINGS = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
_IMPL: list = []  # the implementation under test, set by main()
Case = Tuple[int, Union[GeneratedResponse, Tuple[str, bytes]]]


def check_round_trip(impl: types.ModuleType, response: GeneratedResponse, control_byte: int = 0) -> None:
    """A generated valid response reads back as generated, whole and split."""
    out = oracles.check_response(impl, response.wire, control_byte)
    expected = response.expected
    method = oracles.control(control_byte)[1]
    body = b"" if method == "HEAD" else expected.body
    if out.error is not None or out.status != expected.status or out.body != body:
        raise Finding(
            "round-trip",
            f"{expected.framing}; got {(out.error, out.status, out.body[:40])!r}, "
            f"generated {(expected.status, body[:40])!r}",
        )


def check_case(impl: types.ModuleType, case: Case) -> None:
    control_byte, value = case
    if isinstance(value, GeneratedResponse):
        if value.expected.framing != "no-body":
            control_byte &= ~0x10  # HEAD only for responses generated for HEAD
        check_round_trip(impl, value, control_byte)
    else:
        oracles.check_response(impl, value[1], control_byte)


cases = st.tuples(st.integers(0, 255), strategies.responses() | strategies.mutated_responses())


@_SETTINGS
@given(case=cases)
def fuzz_property(case: Case) -> None:
    from httpcts.fuzz._runtime import load_impl

    check_case(_IMPL[0] if _IMPL else load_impl(), case)


_captured: list = []


@_SETTINGS
@given(case=cases)
def _capture(case: Case) -> None:
    _captured.append(case)


def generated_input(target: str, rng: random.Random) -> bytes:
    """One input for `target` built from the strategies (for the in-process engine)."""
    _captured.clear()
    _capture.hypothesis.fuzz_one_input(rng.randbytes(rng.randint(16, 2048)))  # type: ignore[attr-defined]
    if not _captured:
        return b"\x00"
    control_byte, value = _captured[0]
    wire = value.wire if isinstance(value, GeneratedResponse) else value[1]
    if target == "status_line":
        wire = wire.split(b"\n", 1)[0]
    elif target in ("headers", "chunked"):
        wire = wire.split(b"\r\n\r\n", 1)[-1] if target == "chunked" else wire.split(b"\n", 1)[-1]
    return bytes([control_byte]) + wire


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if impl is not None:
        _IMPL[:] = [impl]
    fuzz_property.hypothesis.fuzz_one_input(data)  # type: ignore[attr-defined]

