"""Matching and grading: first outcome wins, MRO names, matchers, level defaults."""

from __future__ import annotations

import pytest
from httpcts.conformance._model import Case, Outcome
from httpcts.conformance._schema import Verdict
from httpcts.conformance._verdicts import grade, outcome_matches


def make(level: str = "MUST", *outcomes: Outcome) -> Case:
    profile = "info" if level == "INFO" else "doc"
    return Case(id="t.case", profile=profile, level=level, spec=("HTTPConnection",), desc="d", requirement="r",
                program=({"op": "attr"},), expect=outcomes or (Outcome("PASS", {"status": 200}),),
                lines=(37,))


def test_first_matching_outcome_decides() -> None:
    case = make("MUST", Outcome("NON-STRICT", {"status": 200}), Outcome("PASS", {"status": 200}))
    assert grade(case, {"status": 200}) == (Verdict.NON_STRICT, None, 0)


def test_exceptions_match_by_mro_name() -> None:
    obs = {"raises": "RemoteDisconnected", "mro": ["RemoteDisconnected", "ConnectionResetError", "BadStatusLine"]}
    assert outcome_matches(obs, Outcome("PASS", {"raises": "BadStatusLine"}))
    assert not outcome_matches(obs, Outcome("PASS", {"raises": "IncompleteRead"}))
    assert not outcome_matches(obs, Outcome("PASS", {"raises": "HTTPException", "raises_not": ["BadStatusLine"]}))
    assert not outcome_matches(obs, Outcome("PASS", {"raises": None}))


@pytest.mark.parametrize(
    ("matcher", "value", "expected"),
    [
        ({"$in": [1, 2]}, 2, True),
        ({"$re": "^a"}, "abc", True),
        ({"$contains": "x"}, ["x"], True),
        ({"$not_contains": "x"}, "yyy", True),
        ({"$absent": True}, None, False),
        ({"$not": 3}, 4, True),
        ({"$le": 2.5}, 3.0, False),
        ({"$raises": "ResponseNotReady"}, {"mro": ["ResponseNotReady"]}, True),
        (True, 1, False),
    ],
)
def test_matchers(matcher: object, value: object, expected: bool) -> None:
    assert outcome_matches({"k": value}, Outcome("PASS", {"k": matcher})) is expected


def test_unmatched_grades_by_level() -> None:
    assert grade(make("MUST"), {"status": 500})[0] == "FAIL"
    assert grade(make("SHOULD"), {"status": 500})[0] == "NON-STRICT"
    assert grade(make("INFO"), {"status": 500})[0] == "INFORMATIONAL"


def test_a_missing_documented_api_fails_a_doc_case_only() -> None:
    assert grade(make(), {"unsupported": "strict"})[:2] == (Verdict.FAIL, "lacks the documented strict")
    assert grade(make("SHOULD"), {"unsupported": "strict"})[0] == "NON-STRICT"
    hardened = Case(id="t.case", profile="hardened", level="MUST", spec=(), desc="d", requirement="r",
                    program=({"op": "attr"},), expect=(Outcome("PASS", {}),))
    assert grade(hardened, {"unsupported": "set_tunnel"})[0] == "UNSUPPORTED"
    assert grade(make("INFO"), {"unsupported": "set_tunnel"})[0] == "INFORMATIONAL"
    assert grade(make(), {"error": "driver died"})[0] == "ERROR"


TIMEOUT = {"raises": "timeout", "mro": ["timeout", "OSError", "Exception", "Timeout"], "at": "2:getresponse"}
HANG = {"raises": "Hang", "mro": ["Hang"]}


@pytest.mark.parametrize("obs", [TIMEOUT, HANG])
def test_waiting_is_never_a_refusal(obs: dict) -> None:
    for names in ("OSError", ["HTTPException", "OSError"], "Exception"):
        assert not outcome_matches(obs, Outcome("PASS", {"raises": names}))
    assert outcome_matches(obs, Outcome("PASS", {"raises": obs["raises"] if obs is HANG else "Timeout"}))


def test_refusal_at_the_operation_named() -> None:
    obs = {"raises": "BadStatusLine", "mro": ["BadStatusLine", "HTTPException"], "at": "2:getresponse"}
    assert outcome_matches(obs, Outcome("PASS", {"raises": "HTTPException", "at": ["getresponse"]}))
    assert not outcome_matches(obs, Outcome("PASS", {"raises": "HTTPException", "at": ["request"]}))
    assert not outcome_matches({"status": 200}, Outcome("PASS", {"at": ["getresponse"]}))
