"""pytest plugin: run the conformance cases as test items in an implementer's CI.

    pytest --pyargs httpcts.conformance --httpcts-impl MODULE[:Class] [--httpcts-profile hardened]
           [--httpcts-baseline FILE] [--httpcts-exclude GLOB] [-n auto]

Strategy: the plugin (entry point ``pytest11``) only adds options and
parametrizes the ``httpcts_case`` fixture of ``test_conformance.py`` (shipped in
this package) with one item per case, id = case id.  FAIL fails the item,
NON-STRICT fails it only with --httpcts-strict, UNSUPPORTED and INFORMATIONAL
skip, ERROR errors.  With --httpcts-baseline, a case the baseline records as failing
is a strict xfail: still failing shows as XFAIL, fixed shows as XPASS and fails the
item until the baseline is updated (the same baseline files as ``certify
--baseline``).  Loaded in every pytest session, so it does nothing unless that
fixture is requested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("httpcts", "httpcts conformance")
    add = group.addoption
    add("--httpcts-impl", default="http.client", metavar="MODULE",
        help="module, or module:Class, offering the httplib API (default http.client)")
    add("--httpcts-base", default=None, metavar="MODULE",
        help="where names the target lacks come from (default for module:Class: http.client)")
    add("--httpcts-python", default=None, metavar="PATH",
        help="run the module under this interpreter (out of process)")
    add("--httpcts-profile", default="all", choices=("doc", "hardened", "info", "all"),
        help="profile of the cases to run (default all)")
    add("--httpcts-cases", action="append", default=[], metavar="GLOB",
        help="only case ids matching GLOB")
    add("--httpcts-exclude", action="append", default=[], metavar="GLOB",
        help="skip case ids matching GLOB (like certify --exclude)")
    add("--httpcts-strict", action="store_true",
        help="NON-STRICT (a SHOULD not met) fails the item")
    add("--httpcts-baseline", default=None, metavar="FILE",
        help="report.json or text baseline: its failing cases become strict xfails")


def _known_failures(config: Any) -> Dict[str, str]:
    """case id -> baseline verdict, for the cases whose item the baseline expects to fail."""
    path = config.getoption("httpcts_baseline")
    if not path:
        return {}
    from . import _baseline, _drivers

    module = config.getoption("httpcts_impl")
    python = config.getoption("httpcts_python")
    impl = (_drivers.out_of_process(python, module=module) if python
            else _drivers.in_process(module))
    verdicts = _baseline.for_implementation(_baseline.load(Path(path)), impl.name, module, path)
    from ._schema import Verdict

    strict = config.getoption("httpcts_strict")
    failing = {Verdict.FAIL, Verdict.ERROR} | ({Verdict.NON_STRICT} if strict else set())
    return {case: verdict for case, verdict in verdicts.items() if verdict in failing}


def pytest_generate_tests(metafunc: Any) -> None:
    if "httpcts_case" not in metafunc.fixturenames:
        return
    import pytest

    from .cases import select

    config = metafunc.config
    cases = select(profile=config.getoption("httpcts_profile"),
                   include=config.getoption("httpcts_cases"),
                   exclude=config.getoption("httpcts_exclude"))
    known = _known_failures(config)
    params = [
        pytest.param(case, id=case.id, marks=pytest.mark.xfail(
            strict=True, reason=f"baseline: {known[case.id]}")) if case.id in known
        else pytest.param(case, id=case.id)
        for case in cases
    ]
    metafunc.parametrize("httpcts_case", params)
