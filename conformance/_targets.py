"""Which documented names a target supplies itself, and which cases check only the others.

Strategy: a target named ``module:Class`` (or a module with ``--base``) borrows every
name it lacks from a base module (`driver_main.load_target` builds the namespace).
A case is credited to the target only if its client program touches at least one
name the target supplied: the names a program touches are read from its operations
(the class it constructs, the module attributes and exception classes it inspects,
``responses``).  A case that touches only borrowed names says nothing about the
target, so the report marks it as the base's.
"""

from __future__ import annotations

from functools import cache
from typing import Any, FrozenSet, Iterable, List, Set

from ._model import Case
from .spec_index import load_spec

# Operations that name a module-level attribute, and where the name is.
_MODULE_OPS = {"connection": "cls", "mro": "name"}


@cache
def documented_names() -> FrozenSet[str]:
    """Module-level names of the spec file (classes, exceptions, data, constants)."""
    return frozenset(name for name in load_spec() if "." not in name)


def module_names(case: Case) -> Set[str]:
    """The module-level names the case's client program touches."""
    names: Set[str] = set()
    for op in case.program:
        kind = op.get("op")
        if kind in _MODULE_OPS:
            names.add(str(op.get(_MODULE_OPS[kind]) or "HTTPConnection"))
        elif kind == "responses_get":
            names.add("responses")
        elif "module" in (op.get("of"), op.get("on")):
            names.add(str(op.get("name", "")).split(".", 1)[0])
    return names


def documented_from_base(from_base: Iterable[str]) -> List[str]:
    documented = documented_names()
    return sorted(name for name in from_base if name in documented)


def base_only_cases(cases: Iterable[Case], from_base: Iterable[str]) -> List[str]:
    """Ids of the cases whose program touches only names the base supplied."""
    borrowed = set(from_base)
    if not borrowed:
        return []
    return [case.id for case in cases if (names := module_names(case)) and names <= borrowed]


def target_json(impl: Any, cases: Iterable[Case]) -> dict:
    """What report.json records about where an implementation's names came from."""
    if not impl.from_base:
        return {}
    return {"base": impl.base or "http.client", "from_base": documented_from_base(impl.from_base),
            "base_only_cases": base_only_cases(cases, impl.from_base)}
