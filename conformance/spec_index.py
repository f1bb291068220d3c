"""The shipped httplib 2.6.5 spec, indexed by item name, so reports can quote it.

Strategy: a line scanner, not an RST parser.  Each API directive (``.. class::``,
``.. method::``, ``.. exception::``, ``.. data::``, ``.. attribute::``) opens an
item named after its signature up to the ``(`` ("HTTPConnection.request"); its body
is the indented block that follows, dedented, kept verbatim.  Each row of the
status-constant grid table becomes a ``const`` item ("NOT_FOUND") whose text is
"NOT_FOUND = 404: <definition>".  `lookup` forgives the usual spellings of a name
("httplib.HTTPResponse.read()", "httplib 2.6 docs: HTTPResponse.read").
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Optional

SPEC_FILE = "spec/httplib-2.6.5.rst"
PACKAGE = "httpcts.conformance"

KINDS = ("class", "method", "exception", "data", "attribute", "const")
_DIRECTIVE = re.compile(r"^\.\. (class|method|exception|data|attribute)::\s+(\S.*)$")
# A grid-table row of the status constants: "| :const:`CONTINUE` | ``100`` | HTTP/1.1, ..."
_CONST_ROW = re.compile(
    r"^\|\s*:const:`(?P<name>[A-Z_]+)`\s*\|\s*``(?P<value>\d+)``\s*\|(?P<rest>.*)\|\s*$"
)
_TABLE_CONT = re.compile(r"^\|\s*\|\s*\|(?P<rest>.*)\|\s*$")
_RST_LINK = re.compile(r"`([^`<]+?)\s*<([^>]+)>`_")


@dataclass(frozen=True)
class SpecItem:
    """One documented name: its kind, the directive's signature, its body text, its line."""

    name: str
    kind: str
    signature: str
    text: str
    line: int


def parse_spec(text: str) -> dict[str, SpecItem]:
    """Every item of the spec text, in document order, keyed by name."""
    lines = text.splitlines()
    items: dict[str, SpecItem] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = _DIRECTIVE.match(line)
        const = _CONST_ROW.match(line)
        if directive:
            kind, signature = directive.group(1), directive.group(2).strip()
            start = index
            body, index = _indented_block(lines, index + 1)
            name = signature.split("(", 1)[0].strip()
            items[name] = SpecItem(name, kind, signature, body, start + 1)
            continue
        if const:
            start = index
            definition = [const.group("rest").strip()]
            index += 1
            while index < len(lines) and (cont := _TABLE_CONT.match(lines[index])):
                definition.append(cont.group("rest").strip())
                index += 1
            words = _RST_LINK.sub(r"\1 (\2)", " ".join(part for part in definition if part))
            name, value = const.group("name"), const.group("value")
            text = f"{name} = {value}: {words}"
            items[name] = SpecItem(name, "const", f"{name} = {value}", text, start + 1)
            continue
        index += 1
    return items


def _indented_block(lines: list[str], index: int) -> tuple[str, int]:
    """The blank-or-indented lines from ``index``, dedented; and the index after them."""
    body: list[str] = []
    while index < len(lines) and (not lines[index].strip() or lines[index][:1].isspace()):
        body.append(lines[index])
        index += 1
    return textwrap.dedent("\n".join(body)).strip("\n"), index


@cache
def load_spec(resource: str = SPEC_FILE) -> dict[str, SpecItem]:
    """The items of the spec shipped in the installed ``httpcts.conformance`` package."""
    text = resources.files(PACKAGE).joinpath(resource).read_text(encoding="utf-8")
    return parse_spec(text)


def status_constants() -> dict[str, int]:
    """The status-code table: constant name -> value, in table order."""
    return {
        item.name: int(item.signature.split(" = ", 1)[1])
        for item in load_spec().values()
        if item.kind == "const"
    }


_PREFIXES = ("httplib 2.6 docs:", "httplib.", "http.client.")


def normalise_name(name: str) -> str:
    """"httplib.HTTPResponse.read()" -> "HTTPResponse.read"."""
    name = name.strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :].strip()
    return name.split("(", 1)[0].strip()


def lookup(name: str, items: Optional[dict[str, SpecItem]] = None) -> Optional[SpecItem]:
    """The item a case's spec name refers to, or None if the spec has no such item."""
    table = load_spec() if items is None else items
    return table.get(normalise_name(name))
