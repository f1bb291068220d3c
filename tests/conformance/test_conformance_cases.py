"""The case catalogue: schema, coverage of the spec, of the scenarios and of the CVEs."""

from __future__ import annotations

import json
import os
import re

import httpcts.conformance
import pytest
from httpcts.conformance._model import Case, CaseError, Outcome
from httpcts.conformance.cases import all_cases, select
from httpcts.servers import CATALOGUE

# Parsed here independently of httpcts.conformance.spec_index, so a bug there cannot hide a gap.
SPEC_FILE = os.path.join(os.path.dirname(httpcts.conformance.__file__), "spec", "httplib-2.6.5.rst")
DIRECTIVE = re.compile(r"^\s*\.\. (?:class|exception|data|method|attribute):: ([A-Za-z_][\w.]*)", re.M)
CONST = re.compile(r":const:`(\w+)`")

# Research notes §3: security issues that apply to a client (ssl-layer and urllib-only ones excluded).
CLIENT_CVES = (
    "CVE-2013-1752", "bpo-16037", "bpo-13684", "CVE-2014-9365", "CVE-2016-5699", "CVE-2019-9740",
    "CVE-2019-9947", "CVE-2019-18348", "CVE-2020-26116", "CVE-2021-3737", "gh-150743", "CVE-2025-13836",
    "CVE-2026-1502", "gh-150751", "cpython#114782", "bpo-28570",
)  # fmt: skip


def spec_names() -> set:
    with open(SPEC_FILE, encoding="utf-8") as handle:
        text = handle.read()
    return set(DIRECTIVE.findall(text)) | set(CONST.findall(text))


def test_at_least_300_cases_with_unique_ids() -> None:
    cases = all_cases()
    assert len(cases) >= 300
    assert len({c.id for c in cases}) == len(cases)


def test_every_spec_item_is_checked_by_a_case() -> None:
    names = spec_names()
    assert len(names) > 80, "the spec parser found too few items"
    covered = {item for case in all_cases() if case.profile == "doc" for item in case.spec}
    assert sorted(names - covered) == []


def test_case_spec_lists_use_spec_names_only() -> None:
    names = spec_names()
    unknown = {item for case in all_cases() for item in case.spec} - names
    assert unknown == set()


def test_every_catalogue_scenario_is_used() -> None:
    used = {case.scenario for case in all_cases()}
    assert sorted(set(CATALOGUE) - used) == []


@pytest.mark.parametrize("issue", CLIENT_CVES)
def test_every_client_security_issue_has_a_hardened_case(issue: str) -> None:
    assert any(issue in case.references for case in all_cases() if case.profile == "hardened"), issue


def test_cases_are_json_exportable() -> None:
    text = json.dumps([c.to_json() for c in all_cases()])
    assert json.loads(text)[0]["id"]


def test_selection_by_profile_and_glob() -> None:
    assert {c.profile for c in select(profile="doc")} == {"doc"}
    chosen = select(include=["framing.cl-*"], exclude=["*pow*"])
    assert chosen and all(c.id.startswith("framing.cl-") and "pow" not in c.id for c in chosen)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "Bad Id"}, "dotted lower-case"),
        ({"profile": "strict"}, "profile must be one of"),
        ({"level": "INFO"}, "level INFO goes with profile info"),
        ({"expect": ()}, "at least one PASS outcome"),
        ({"program": ()}, "at least one operation"),
        ({"lines": ()}, "must cite the spec lines"),
        ({"delivery": "slow"}, "delivery must be one of"),
    ],
)
def test_case_validation_names_the_bad_value(fields: dict, message: str) -> None:
    base = dict(id="x.y", profile="doc", level="MUST", spec=("HTTPConnection",), desc="d", requirement="r",
                program=({"op": "attr", "of": "module", "name": "OK"},), expect=(Outcome("PASS", {}),),
                lines=(37,))
    base.update(fields)
    with pytest.raises(CaseError, match=message):
        Case(**base)


def test_outcome_verdict_is_validated() -> None:
    with pytest.raises(CaseError, match="ERROR"):
        Outcome("ERROR", {})


def test_spec_file_is_shipped() -> None:
    assert os.path.exists(SPEC_FILE)
