"""The shipped specification, parsed: documented item names and the status-code table.

Strategy: the spec file is reStructuredText from the Python 2.6.5 documentation.
Documented items are the targets of its ``class``, ``exception``, ``data``,
``method`` and ``attribute`` directives (signature stripped), plus every
``:const:`NAME``` row of the status-code table with its value.  Case ``spec``
lists use exactly these names; the coverage self-test compares against them.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Dict, List

SPEC_FILE = os.path.join(os.path.dirname(__file__), "spec", "httplib-2.6.5.rst")
_DIRECTIVE = re.compile(r"^\s*\.\. (class|exception|data|method|attribute):: ([A-Za-z_][\w.]*)", re.M)
_CONST_ROW = re.compile(r"^\|\s*:const:`(\w+)`\s*\|\s*``(\d+)``", re.M)


@cache
def _text() -> str:
    with open(SPEC_FILE, encoding="utf-8") as handle:
        return handle.read()


def directive_items() -> List[str]:
    """Names documented by directives, in file order (``HTTPConnection.request``, ...)."""
    return [name for _, name in _DIRECTIVE.findall(_text())]


def status_constants() -> Dict[str, int]:
    """The status-code table: constant name -> value, in table order."""
    return {name: int(value) for name, value in _CONST_ROW.findall(_text())}


def spec_items() -> List[str]:
    """Every documented item a case may name in its ``spec`` list."""
    return directive_items() + list(status_constants())
