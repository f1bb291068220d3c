"""The suite's own truth (issue #10 §4): spec citations, levels, and cases that can fail.

Every doc case cites lines of the shipped spec file that belong to the items it checks;
a level matches its requirement's wording; and no normative hostile-input case passes
both a client that accepts everything and one that refuses at once, nor a client that
only waits (a timeout or a hang), unless its requirement says both are fine.
"""

from __future__ import annotations

import collections
import os
import re
from typing import Dict, List, Tuple

import httpcts.conformance
import pytest
from canned import HANG, accepter, first_contact, is_hostile, refuser, timeout
from httpcts.conformance._model import Case
from httpcts.conformance._verdicts import grade
from httpcts.conformance.cases import all_cases

SPEC_FILE = os.path.join(os.path.dirname(httpcts.conformance.__file__), "spec",
                         "httplib-2.6.5.rst")
DIRECTIVE = re.compile(r"^\.\. (?:class|method|exception|data|attribute):: ([A-Za-z_][\w.]*)")
CONST = re.compile(r"^\|\s*:const:`(\w+)`")

# Hostile cases whose requirement accepts both a lenient reading and a refusal, and
# why the lenient reading the accepter gives is a correct one there.
BOTH_FINE = {
    "status.nbsp-separators": "read as an HTTP/0.9 body is allowed (the line is not a status line)",
    "status.nel-separators": "read as an HTTP/0.9 body is allowed (the line is not a status line)",
    "status.unit-separator": "read as an HTTP/0.9 body is allowed (the line is not a status line)",
    "headers.no-colon": "skipping only the colon-less line keeps every real field",
    "smuggling.te-chunked-gzip": "reading to close is what RFC 9112 §6.3 prescribes",
    "framing.trailing-garbage": "framing by Content-Length leaves the extra bytes out",
    "framing.cl-smaller-than-body": "framing by Content-Length leaves the extra bytes out",
    "framing.cl-zero-trailing-garbage": "framing by Content-Length leaves the extra bytes out",
    "status.lf-only-empty-head": "a bare LF taken for a line end, as RFC 9112 §2.2 allows",
    "headers.status-line-in-head": "skipping the misplaced status line keeps the response's own",
}


def _spec_lines() -> List[str]:
    with open(SPEC_FILE, encoding="utf-8") as handle:
        return handle.read().splitlines()


def _blocks(lines: List[str]) -> Dict[str, Tuple[int, int]]:
    """Item name -> (first, last) line number of its directive and indented body."""
    blocks: Dict[str, Tuple[int, int]] = {}
    for number, line in enumerate(lines, 1):
        match = DIRECTIVE.match(line) or CONST.match(line)
        if not match:
            continue
        end = number
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " |"):
            end += 1
        blocks[match.group(1)] = (number, end)
    return blocks


def _names_item(number: int, item: str, lines: List[str], blocks: Dict[str, Tuple[int, int]]) -> bool:
    first, last = blocks.get(item, (0, -1))
    return first <= number <= last or item.rsplit(".", 1)[-1] in lines[number - 1]


def test_every_doc_case_cites_lines_of_its_spec_items() -> None:
    lines = _spec_lines()
    blocks = _blocks(lines)
    bad = {}
    for case in all_cases():
        if case.profile != "doc":
            continue
        wrong = [n for n in case.lines if not 1 <= n <= len(lines)
                 or not any(_names_item(n, item, lines, blocks) for item in case.spec)]
        if not case.lines or wrong:
            bad[case.id] = wrong or "no lines"
    assert bad == {}


def test_the_line_check_rejects_lines_of_other_items() -> None:
    lines = _spec_lines()
    blocks = _blocks(lines)
    invalid_url = blocks["InvalidURL"][0]
    assert _names_item(invalid_url + 2, "InvalidURL", lines, blocks)
    assert not _names_item(invalid_url + 2, "BadStatusLine", lines, blocks)
    assert not _names_item(len(lines), "HTTPResponse.read", lines, blocks)


def test_requirement_wording_matches_the_level() -> None:
    wrong = {c.id: c.requirement for c in all_cases()
             if (c.level == "SHOULD" and re.search(r"\bmust\b", c.requirement, re.I))
             or (c.level == "MUST" and re.search(r"\b(should|may)\b", c.requirement, re.I))}
    assert wrong == {}


def test_one_requirement_one_profile_and_level() -> None:
    seen = collections.defaultdict(set)
    for case in all_cases():
        seen[case.requirement].add((case.profile, case.level))
    assert {text: levels for text, levels in seen.items() if len(levels) > 1} == {}


def _normative() -> List[Case]:
    return [c for c in all_cases() if c.profile != "info"]


@pytest.mark.parametrize("case", _normative(), ids=lambda c: c.id)
def test_waiting_never_passes(case: Case) -> None:
    assert grade(case, HANG)[0] != "PASS"
    if "time" not in case.requirement:
        assert grade(case, timeout(case))[0] != "PASS", timeout(case)


def test_hostile_cases_tell_an_accepter_from_a_refuser() -> None:
    both = {}
    for case in _normative():
        if not is_hostile(case) or case.id.split("+")[0] in BOTH_FINE:
            continue
        if grade(case, accepter(case))[0] == "PASS" and grade(case, refuser(case))[0] == "PASS":
            both[case.id] = case.requirement
    assert both == {}


def test_both_fine_cases_say_so() -> None:
    for case_id in BOTH_FINE:
        case = next(c for c in all_cases() if c.id == case_id)
        assert " or " in case.requirement, case_id
        assert grade(case, refuser(case))[0] == "PASS"


def test_canned_clients_behave_as_described() -> None:
    cases = {c.id: c for c in all_cases()}
    # the accepter misreads a conflicting Content-Length; the refuser raises at getresponse
    conflict = cases["smuggling.cl-conflicting"]
    assert grade(conflict, accepter(conflict))[0] == "FAIL"
    assert refuser(conflict)["at"].endswith(":getresponse")
    # on the request side the accepter sends the injection, the refuser sends nothing
    injection = cases["request.injection.header-name-crlf"]
    assert "X-Injected" in accepter(injection)["wire_in"]
    assert grade(injection, accepter(injection))[0] == "FAIL"
    assert grade(injection, refuser(injection))[0] == "PASS"
    assert first_contact(cases["status.ok"]) == 2
    # an unbounded reader fails a flood case, a client giving up at once passes it
    flood = cases["headers.endless-headers"]
    assert grade(flood, accepter(flood))[0] == "FAIL"
    assert grade(flood, refuser(flood))[0] == "PASS"


def _split_crlf_mutant() -> type:
    """The reference's chunked reader, changed to fail when the CRLF after chunk data
    has not arrived yet (a segmentation bug: whole responses never show it)."""
    import inspect
    import textwrap

    from httpcts.reference import _bodies

    source = textwrap.dedent(inspect.getsource(_bodies.ChunkedReader))
    waiting = re.compile(r"(elif end in \(b\"\", b\"\\r\"\):\s+if) eof:")
    assert waiting.search(source)
    mutated = waiting.sub(r"\1 True:", source)
    namespace = dict(vars(_bodies))
    exec(compile(mutated, _bodies.__file__, "exec"), namespace)  # noqa: S102 - a test mutant
    return namespace["ChunkedReader"]


def test_a_segmentation_mutant_is_caught_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    from httpcts.conformance import _drivers
    from httpcts.conformance.cases import select
    from httpcts.conformance.certify import run_certification
    from httpcts.reference import _bodies

    monkeypatch.setitem(_bodies.BODY_READERS, "chunked", _split_crlf_mutant())
    chosen = select(include=["chunked.basic", "chunked.basic+crlf", "chunked.streamed*"])
    cert = run_certification([_drivers.in_process("httpcts.reference")], chosen, jobs=4)[0]
    verdicts = {r.case.id: r.verdict for r in cert.results}
    assert verdicts["chunked.basic"] == "PASS"  # whole: the mutant goes unnoticed
    assert verdicts["chunked.basic+crlf"] == "FAIL"


def test_pieces_cover_the_segmentation_areas() -> None:
    ids = {c.id for c in all_cases()}
    for case_id in ("chunked.basic", "framing.content-length", "headers.typical-set",
                    "status.code-abc", "interim.100-continue", "smuggling.te-and-cl"):
        assert {f"{case_id}+bytes", f"{case_id}+crlf"} <= ids
    assert "headers.endless-headers+bytes" not in ids  # floods are judged by their bound
    assert not any("+" in c.id for c in all_cases() if c.profile == "info")
