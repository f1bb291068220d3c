"""One pytest item per conformance case (collected with ``pytest --pyargs httpcts.conformance``).

Strategy: a session-scoped driver for the target named by --httpcts-impl (in
process, isolated in workers when it is not a known implementation, or under
--httpcts-python); each item runs its case under the watchdog and turns the verdict
into a pytest outcome with the requirement, expected and observed values.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from httpcts.conformance import _drivers
from httpcts.conformance._model import Case
from httpcts.conformance._schema import Verdict
from httpcts.conformance._summary import describe_looked_at
from httpcts.conformance._targets import base_only_cases
from httpcts.conformance._verdicts import describe_expected, describe_observed
from httpcts.conformance._watchdog import run_guarded


@pytest.fixture(scope="session")
def httpcts_driver(request: Any) -> Iterator[Any]:
    module = request.config.getoption("httpcts_impl")
    python = request.config.getoption("httpcts_python")
    base = request.config.getoption("httpcts_base")
    impl = (_drivers.out_of_process(python, module=module, base=base) if python
            else _drivers.in_process(module, base=base))
    try:
        driver = _drivers.make_driver(impl)
    except _drivers.DriverError as exc:
        pytest.exit(f"httpcts: {exc}", returncode=2)
    yield driver
    driver.close()


def test_case(httpcts_case: Case, httpcts_driver: Any, request: Any) -> None:
    if base_only_cases([httpcts_case], httpcts_driver.impl.from_base):
        pytest.skip("checks only names supplied by the base module, not by the target")
    result = run_guarded(httpcts_case, httpcts_driver)
    detail = (
        f"{httpcts_case.desc}\nrequirement: {httpcts_case.requirement}\n"
        f"expected: {' | '.join(describe_expected(httpcts_case))}\n"
        f"observed: {describe_looked_at(httpcts_case, result.observed)}"
    )
    if result.verdict is Verdict.FAIL:
        pytest.fail(f"{result.verdict} [{httpcts_case.profile} MUST] {detail}", pytrace=False)
    if result.verdict is Verdict.NON_STRICT:
        if request.config.getoption("httpcts_strict"):
            pytest.fail(f"{result.verdict} [{httpcts_case.profile} SHOULD] {detail}", pytrace=False)
        pytest.skip(f"{result.verdict} (SHOULD not met): {httpcts_case.requirement}")
    if result.verdict is Verdict.ERROR:
        raise RuntimeError(f"harness error: {result.observed.get('error')}")
    if result.verdict in (Verdict.UNSUPPORTED, Verdict.INFORMATIONAL):
        pytest.skip(f"{result.verdict}: {result.label or describe_observed(result.observed)[:200]}")
