"""The report schema: verdict names spelled once, the JSON Schema in step with the records.

Strategy: grep the shipped sources and templates for verdict names written as
string literals (only `_schema.Verdict` may spell them), check the JSON Schema
file's enums against the Python enums, and check that every observation key a
real certification of the whole catalogue writes (reference and http.client,
the session fixtures) is described in the JSON Schema, so new keys are
documented where readers look.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict

import httpcts.conformance
from httpcts.conformance._model import DELIVERIES, LEVELS, OUTCOME_VERDICTS, PROFILES
from httpcts.conformance._report import schema_path
from httpcts.conformance._run import Result
from httpcts.conformance._schema import Verdict, observation_to_json

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("conformance", "reference", "servers", "fuzz")
OWNER = Path("conformance") / "_schema.py"


def _schema() -> Dict[str, Any]:
    schema: Dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return schema


def test_verdict_names_are_spelled_only_in_the_enum() -> None:
    names = "|".join(re.escape(v.value) for v in Verdict)
    literal = re.compile(rf"""(["'])({names})\1""")
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix not in (".py", ".html", ".js") or path.relative_to(ROOT) == OWNER:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if literal.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "verdict names spelled outside _schema.Verdict:\n" + "\n".join(offenders)
    assert Path(httpcts.conformance.__file__).parent.joinpath("_schema.py").is_file()


def test_the_json_schema_enums_follow_the_python_ones() -> None:
    defs = _schema()["$defs"]
    assert defs["verdict"]["enum"] == [v.value for v in Verdict]
    assert defs["outcome"]["properties"]["verdict"]["enum"] == [v.value for v in OUTCOME_VERDICTS]
    assert defs["case"]["properties"]["profile"]["enum"] == list(PROFILES)
    assert defs["case"]["properties"]["level"]["enum"] == list(LEVELS)
    assert defs["case"]["properties"]["delivery"]["enum"] == list(DELIVERIES)


def test_every_observation_key_a_run_writes_is_described(
    reference_results: Dict[str, Result], stdlib_results: Dict[str, Result]
) -> None:
    observation = _schema()["$defs"]["observation"]
    described = set(observation["properties"])
    patterns = [re.compile(p) for p in observation.get("patternProperties", {})]
    seen = set()
    for results in (reference_results, stdlib_results):
        for result in results.values():
            seen.update(observation_to_json(result.observed))
    undescribed = sorted(k for k in seen if k not in described and not any(p.match(k) for p in patterns))
    # program-chosen keys (``key`` of an operation: r1.body, name, ...) are the case's own
    program_keys = {
        op[field] for results in (reference_results, stdlib_results) for r in results.values()
        for op in r.case.program for field in ("key", "prefix") if isinstance(op.get(field), str)
    }  # fmt: skip
    undescribed = [k for k in undescribed if not any(k == p or (p and k.startswith(p)) for p in program_keys)]
    assert undescribed == [], f"observation keys missing from report.schema.json: {undescribed}"


def test_facts_stored_once_read_back_as_every_result_observed_them(
    reference_results: Dict[str, Result], stdlib_results: Dict[str, Result]
) -> None:
    from httpcts.conformance._report import validate_json
    from httpcts.conformance._schema import ImplementationReport, Report

    impls = [
        ImplementationReport(name, name, "3", list(results.values()), {})
        for name, results in (("reference", reference_results), ("stdlib", stdlib_results))
    ]
    cases = [result.case for result in reference_results.values()]
    raw = Report({}, cases, impls).to_json()
    validate_json(raw)
    common = raw["observed_common"]
    assert len(common) > len(cases) / 2  # most cases share facts between the two
    assert '"$split"' in json.dumps(common)  # facts that differ only by the server's address
    for impl in raw["implementations"]:
        for result in impl["results"]:  # each fact in one place
            assert not set(result["observed"]) & set(common.get(result["case"], {}))
    back = Report.from_json(json.loads(json.dumps(raw)))
    for impl, original in zip(back.implementations, impls):
        by_case = {r.case.id: r for r in original.results}
        for result in impl.results:
            # the whole observation, in the stored form (long strings as $bytes)
            assert observation_to_json(result.observed) == observation_to_json(by_case[result.case.id].observed)
            assert (result.transcripts is None) == (by_case[result.case.id].transcripts is None)
