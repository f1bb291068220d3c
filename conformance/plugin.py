"""pytest plugin: run the conformance cases as test items in an implementer's CI.

    pytest --pyargs httpcts.conformance --httpcts-impl MODULE [--httpcts-profile hardened] [-n auto]

Strategy: the plugin (entry point ``pytest11``) only adds options and
parametrizes the ``httpcts_case`` fixture of ``test_conformance.py`` (shipped in
this package) with one item per case, id = case id.  FAIL fails the item,
NON-STRICT fails it only with --httpcts-strict, UNSUPPORTED and INFORMATIONAL
skip, ERROR errors.  Loaded in every pytest session, so it does nothing unless
that fixture is requested.
"""

from __future__ import annotations

from typing import Any


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("httpcts", "httpcts conformance")
    group.addoption("--httpcts-impl", default="http.client", metavar="MODULE",
                    help="module offering the httplib API to certify (default http.client)")
    group.addoption("--httpcts-python", default=None, metavar="PATH",
                    help="run the module under this interpreter (out of process)")
    group.addoption("--httpcts-profile", default="all", choices=("doc", "hardened", "info", "all"),
                    help="profile of the cases to run (default all)")
    group.addoption("--httpcts-cases", action="append", default=[], metavar="GLOB", help="only case ids matching GLOB")
    group.addoption("--httpcts-strict", action="store_true", help="NON-STRICT (a SHOULD not met) fails the item")


def pytest_generate_tests(metafunc: Any) -> None:
    if "httpcts_case" not in metafunc.fixturenames:
        return
    from .cases import select

    config = metafunc.config
    cases = select(profile=config.getoption("httpcts_profile"), include=config.getoption("httpcts_cases"))
    metafunc.parametrize("httpcts_case", cases, ids=[case.id for case in cases])
