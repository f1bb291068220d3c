"""Shared fixtures: one certification of the reference and of http.client per worker."""

from __future__ import annotations

from typing import Dict

import pytest
from httpcts.conformance import _drivers
from httpcts.conformance._run import Result
from httpcts.conformance.cases import select
from httpcts.conformance.certify import run_certification


def _certify(module: str, profile: str = "all") -> Dict[str, Result]:
    cert = run_certification([_drivers.in_process(module)], select(profile=profile), jobs=8)[0]
    return {r.case.id: r for r in cert.results}


@pytest.fixture(scope="session")
def reference_results() -> Dict[str, Result]:
    return _certify("httpcts.reference")


@pytest.fixture(scope="session")
def stdlib_results() -> Dict[str, Result]:
    return _certify("http.client")
