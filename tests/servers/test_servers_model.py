"""The data model: steps, scenarios, JSON round trips, catalogue shape."""

from __future__ import annotations

import json
import re

import pytest
from httpcts.servers import (
    CATALOGUE,
    Close,
    ExpectRequest,
    Flood,
    HalfClose,
    Reset,
    Scenario,
    ScenarioError,
    Send,
    SendPieces,
    Sleep,
    Stall,
    TLSOptions,
    get_scenario,
    scenario_from_json,
)
from httpcts.servers._steps import step_from_json, step_to_json

ALL_BYTES = bytes(range(256))


def _scenario(*script: object, **extra: object) -> Scenario:
    fields = dict(
        id="test.sample", kind="malicious", category="test", description="d",
        references=("RFC 9112 §4",), connections=(tuple(script),),
    )  # fmt: skip
    fields.update(extra)
    return Scenario(**fields)  # type: ignore[arg-type]


# -- catalogue shape -------------------------------------------------------------


def test_catalogue_counts_meet_the_acceptance_floor() -> None:
    kinds = [s.kind for s in CATALOGUE.values()]
    assert len(kinds) >= 120
    assert kinds.count("malicious") >= 80
    assert kinds.count("conformant") >= 40


def test_every_scenario_has_references_category_and_a_one_line_description() -> None:
    for scenario in CATALOGUE.values():
        assert scenario.references, scenario.id
        assert scenario.id.startswith(scenario.category + "."), scenario.id
        assert "\n" not in scenario.description and len(scenario.description) < 200, scenario.id


def test_catalogue_order_is_stable_and_starts_with_status() -> None:
    ids = list(CATALOGUE)
    assert ids[0] == "status.ok"
    assert ids == list(CATALOGUE), "order must not depend on iteration"
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    "needle",
    [
        "status.garbage-line", "status.code-abc", "status.code-underscore", "status.code-099",
        "status.code-1000", "status.version-http2", "status.nbsp-separators", "status.reason-70000",
        "headers.count-99", "headers.count-100", "headers.count-101", "headers.count-1000",
        "headers.line-70000", "interim.100-header-flood", "interim.100-150-times", "interim.103-then-200",
        "smuggling.bare-cr-in-header", "smuggling.space-before-colon", "headers.no-colon",
        "smuggling.cl-conflicting", "smuggling.te-and-cl", "framing.cl-2-pow-40", "framing.cl-2-pow-70",
        "framing.204-with-body", "framing.304-with-body", "framing.head-with-body", "chunked.extensions",
        "chunked.size-0x", "chunked.size-plus", "chunked.size-negative", "chunked.size-underscore",
        "chunked.size-20-hex-digits", "chunked.junk-instead-of-crlf", "chunked.lf-only-framing",
        "chunked.eof-mid-chunk", "chunked.missing-last-chunk", "chunked.trailer-bare-lf-end",
        "chunked.trailers-500", "tunnel.407", "timing.drip-status-line", "timing.drip-headers",
        "timing.drip-body", "abort.reset-mid-headers", "abort.reset-mid-body", "tls.client-cert",
        "ipv6.basic", "status.http09-simple-response",
    ],
)  # fmt: skip
def test_issue_items_are_in_the_catalogue(needle: str) -> None:
    assert needle in CATALOGUE


def test_get_scenario_names_the_unknown_id_and_close_matches() -> None:
    assert get_scenario("status.ok") is CATALOGUE["status.ok"]
    with pytest.raises(KeyError, match=r"unknown scenario id 'status\.garbage-lin'.*status\.garbage-line"):
        get_scenario("status.garbage-lin")
    with pytest.raises(KeyError, match="httpcts serve --list"):
        get_scenario("zzz")


# -- JSON ------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", list(CATALOGUE))
def test_every_scenario_round_trips_through_json_text(scenario_id: str) -> None:
    scenario = CATALOGUE[scenario_id]
    text = json.dumps(scenario.to_json())
    assert scenario_from_json(json.loads(text)) == scenario
    assert scenario_from_json(text) == scenario


def test_request_lines_and_answer_by_round_trip_through_json() -> None:
    scenario = _scenario(
        connections=((ExpectRequest(method="HEAD", target="/x"), Send(b"a")), (Reset(),)),
        answer_by="connection",
    )
    encoded = json.loads(scenario.dumps())
    assert encoded["answer_by"] == "connection"
    assert encoded["connections"][0][0]["method"] == "HEAD"
    assert scenario_from_json(encoded) == scenario
    assert scenario_from_json(encoded).answers == scenario.answers
    encoded["answer_by"] = "request"
    with pytest.raises(ScenarioError, match="connection 1 starts with Reset"):
        scenario_from_json(encoded)


def test_bytes_are_latin1_text_in_json() -> None:
    encoded = step_to_json(SendPieces(ALL_BYTES, (1, 2), 0.5))
    assert encoded == {"step": "send_pieces", "data": ALL_BYTES.decode("latin-1"), "sizes": [1, 2], "delay": 0.5}
    assert step_from_json(json.loads(json.dumps(encoded))) == SendPieces(ALL_BYTES, (1, 2), 0.5)


def test_summary_is_the_listing_shape() -> None:
    summary = CATALOGUE["status.garbage-line"].summary()
    assert set(summary) == {"id", "kind", "category", "description", "references"}
    assert summary["kind"] == "malicious"


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"data": "x"}, "'step' tag"),
        ({"step": "teleport"}, "must be one of"),
        ({"step": "send", "data": "x", "colour": 1}, "no field 'colour'"),
        ({"step": "send", "data": "\u20ac"}, r"data must be Latin-1"),
        ({"step": "send", "data": 5}, "data must be a Latin-1 string"),
        ({"step": "sleep"}, "missing 1 required positional argument"),
    ],
)
def test_bad_step_json_names_the_problem(obj: object, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        step_from_json(obj)


def test_bad_scenario_json_names_the_field() -> None:
    good = CATALOGUE["status.ok"].to_json()
    with pytest.raises(ScenarioError, match="no field"):
        scenario_from_json({**good, "extra": 1})
    with pytest.raises(ScenarioError, match=r"connections\[0\]\[1\]\.step"):
        scenario_from_json({**good, "connections": [[{"step": "expect_request"}, {"step": "nope"}]]})
    with pytest.raises(ScenarioError, match="JSON object"):
        scenario_from_json("[]")
    with pytest.raises(ScenarioError, match="TLSOptions has no field"):
        scenario_from_json({**good, "tls": {"colour": "red"}})


# -- validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Send("text"), r"Send\.data must be bytes, got 'text'"),  # type: ignore[arg-type]
        (lambda: SendPieces(b"x", (), 1.0), r"SendPieces\.sizes must be a non-empty tuple"),
        (lambda: SendPieces(b"x", (0,), 1.0), r"SendPieces\.sizes must be an int >= 1, got 0"),
        (lambda: SendPieces(b"x", (1,), -1), r"SendPieces\.delay must be a finite number"),
        (lambda: Sleep(float("nan")), r"Sleep\.seconds must be a finite number"),
        (lambda: Stall(-1), r"Stall\.seconds must be .* or None, got -1"),
        (lambda: Flood(b"", 10), r"Flood\.pattern must be non-empty bytes"),
        (lambda: Flood(b"x", 0), r"Flood\.max_bytes must be an int >= 1, got 0"),
        (lambda: Flood(b"x", 1 << 40), r"Flood\.max_bytes must be <= "),
        (lambda: Flood(b"x", 10, rate=0), r"Flood\.rate must be > 0"),
        (lambda: ExpectRequest(max_head_bytes=0), r"ExpectRequest\.max_head_bytes must be an int >= 1"),
        (lambda: TLSOptions("forged"), r"TLSOptions\.certificate must be one of .* got 'forged'"),
        (lambda: _scenario(Close(), Send(b"x")), r"step 1: Send after Close"),
        (lambda: _scenario(Reset(), Close()), r"step 1: Close after Reset"),
        (lambda: _scenario(HalfClose(), Send(b"x")), r"step 1: Send after HalfClose"),
        (lambda: _scenario("send"), r"step 0: not a step"),
        (lambda: _scenario(Close(), id="Bad Id"), r"Scenario\.id must be dotted"),
        (lambda: _scenario(Close(), kind="evil"), r"kind must be one of .* got 'evil'"),
        (lambda: _scenario(Close(), family="ipx"), r"family must be one of"),
        (lambda: _scenario(Close(), references=()), r"references must be a non-empty tuple"),
        (lambda: _scenario(Close(), connection_deadline=0), r"connection_deadline must be a number > 0, got 0"),
        (lambda: _scenario(Close(), answer_by="maybe"), r"answer_by must be one of .* got 'maybe'"),
        (lambda: _scenario(Close()), r"answer_by 'request' needs every script to start with ExpectRequest,"
                                     r" connection 0 starts with Close"),
        (lambda: ExpectRequest(method="GE T"), r"ExpectRequest\.method must be None or a non-empty .*'GE T'"),
        (lambda: ExpectRequest(target=""), r"ExpectRequest\.target must be None or a non-empty .*got ''"),
        (lambda: _scenario(Close(), connections=()), r"connections must be a non-empty tuple"),
    ],
)  # fmt: skip
def test_validation_errors_name_field_and_value(build: object, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        build()  # type: ignore[operator]


def test_send_pieces_splits_by_sizes_and_repeats_the_last() -> None:
    assert SendPieces(b"abcdefgh", (1, 3), 0).pieces() == (b"a", b"bcd", b"efg", b"h")
    assert SendPieces(b"abc").pieces() == (b"a", b"b", b"c")


def test_script_for_gives_the_written_script_or_none() -> None:
    scripted = _scenario(Close(), answer_by="connection")
    assert scripted.script_for(0) == (Close(),)
    assert scripted.script_for(1) is None


def test_answers_split_every_script_at_its_requests_in_order() -> None:
    first, second, third = ExpectRequest(), ExpectRequest(method="HEAD"), ExpectRequest(target="/b")
    scenario = _scenario(
        first, Send(b"one"), second, Send(b"two"), Stall(),
        connections=((first, Send(b"one"), second, Send(b"two"), Stall()), (third, Close())),
    )  # fmt: skip
    assert [(a.request, a.steps) for a in scenario.answers] == [
        (first, (Send(b"one"),)),
        (second, (Send(b"two"), Stall())),
        (third, (Close(),)),
    ]


@pytest.mark.parametrize(
    ("number", "method", "target", "expected"),
    [
        (0, b"GET", b"/", 0),  # in order
        (1, b"HEAD", b"/", 1),
        (1, b"GET", b"/", 0),  # only answer 0 fits, and it comes before the index
        (0, b"GET", b"/b", 2),  # the first fitting answer after the index
        (7, b"GET", b"/b", 2),  # beyond the answers: the last fitting one again
        (7, b"HEAD", b"/", 1),
        (0, b"POST", b"/a", None),  # no answer fits
    ],
)
def test_answer_for_follows_the_request_index_and_the_request_line(
    number: int, method: bytes, target: bytes, expected: int | None
) -> None:
    scenario = _scenario(
        connections=((ExpectRequest(target="/"), Send(b"a"), ExpectRequest(method="HEAD"), Send(b"b")),
                     (ExpectRequest(target="/b"), Send(b"c"))),
    )  # fmt: skip
    assert scenario.answer_for(number, method, target) == expected


def test_ids_are_dotted_lower_case() -> None:
    pattern = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_+-]*)+")
    assert all(pattern.fullmatch(i) for i in CATALOGUE)
