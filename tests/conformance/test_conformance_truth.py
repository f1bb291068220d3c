"""The key self-tests: the reference passes every doc and hardened case, and http.client
shows its known defects (research notes §2.2 and §3) as FAIL."""

from __future__ import annotations

from typing import Dict

import pytest
from httpcts.conformance._run import Result


def test_reference_passes_every_doc_and_hardened_case(reference_results: Dict[str, Result]) -> None:
    bad = {
        cid: (r.verdict, r.observed)
        for cid, r in reference_results.items()
        if r.case.profile in ("doc", "hardened") and r.verdict != "PASS"
    }
    assert bad == {}


def test_reference_has_no_error_in_any_case(reference_results: Dict[str, Result]) -> None:
    assert [cid for cid, r in reference_results.items() if r.verdict == "ERROR"] == []


KNOWN_STDLIB_FAILURES = (
    "framing.cl-plus",            # gh-150751: Content-Length: +2 accepted
    "framing.cl-2-pow-70",        # OverflowError instead of IncompleteRead (3.11.7)
    "framing.cl-2-pow-40",        # CVE-2025-13836: huge allocation (MemoryError) in 3.11.7
    "chunked.size-20-hex-digits",  # OverflowError
    "chunked.trailer-flood",      # gh-150743 not in 3.11.7
    "interim.100-endless",        # gh-150743
    "smuggling.bare-cr-in-header",  # cpython#114782
    "interim.103-desync",         # bpo-28570
    "api.constructor.invalid-port-empty",  # doc: InvalidURL for an empty port (bpo-10860 changed it)
)  # fmt: skip


@pytest.mark.parametrize("case_id", KNOWN_STDLIB_FAILURES)
def test_http_client_shows_known_defects(stdlib_results: Dict[str, Result], case_id: str) -> None:
    assert stdlib_results[case_id].verdict == "FAIL", stdlib_results[case_id].observed


def test_http_client_handles_the_100_continue_flood(stdlib_results: Dict[str, Result]) -> None:
    # CVE-2021-3737 is fixed in 3.11: the flood after 100 Continue is refused
    assert stdlib_results["interim.100-header-flood"].verdict == "PASS"


def test_http_client_fails_the_documented_strict_argument(stdlib_results: Dict[str, Result]) -> None:
    # HTTPConnection(host, port, strict) is documented: lacking it fails the doc case
    result = stdlib_results["status.strict-garbage-line"]
    assert result.verdict == "FAIL", result.observed
    assert result.label.startswith("lacks the documented HTTPConnection(strict, timeout)")


def test_http_client_has_no_error(stdlib_results: Dict[str, Result]) -> None:
    assert [cid for cid, r in stdlib_results.items() if r.verdict == "ERROR"] == []


def test_results_keep_wire_transcripts(stdlib_results: Dict[str, Result]) -> None:
    result = stdlib_results["headers.endless-headers"]
    events = [e for t in result.transcripts for e in t.events]
    assert any(e.direction == "recv" for e in events)
    assert any(e.direction == "send" for e in events)
    kept = sum(len(e.data.head) + len(e.data.tail) for e in events if e.data is not None)
    assert kept <= 2 * 2048  # a flood is kept as its sizes, not its bytes
    assert sum(e.data.size for e in events if e.data is not None) > 8192
