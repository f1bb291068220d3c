"""MUTANTS.md as data: which surviving mutants are equivalent, and why.

Strategy: the file is for people first (reasons grouped under headings, one bullet
per mutant), so the parser reads only what a bullet must carry: the mutant's id in
a code span, the original source line in a double-backtick span, and the text
after it as that mutant's own note; the heading above it is the shared reason.
A bullet is found by id, or, when edits above it moved its line, by its
fingerprint (file, column, operator, source line), so unrelated edits to the
reference do not turn explained survivors into unexplained ones.  A bullet that
names a scope instead (`_parser.py::ResponseParser.next_event`, no source span)
covers every mutant inside that class or function: for code that no profile can
reach through the httplib API, where one reason holds for every change.  Bullets
under the heading "## Not yet killed" are known gaps: survivors a true case could
kill, listed so that a check can tell a known gap from a new survivor, but counted
against the score like any survivor.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from ._mutants import Mutant

_BULLET = re.compile(r"^- `(?P<id>[^`]+)` ``(?P<source>.*?)``(?P<note>.*)$")
_SCOPE = re.compile(r"^- `(?P<file>[^`:]+)::(?P<scope>[\w.]+)`(?P<note>.*)$")
_HEADING = re.compile(r"^#{2,4} (?P<title>.+)$")
GAPS_HEADING = "Not yet killed"  # the section of known survivors that are not equivalent


@dataclass(frozen=True)
class Entry:
    id: str
    source: str
    reason: str  # the heading it stands under, then its own note
    equivalent: bool = True  # False under "## Not yet killed": a known gap, still counted

    @property
    def fingerprint(self) -> Tuple[str, int, str, str]:
        if "::" in self.id:
            return ("", -1, "", "")
        file, _, col, operator = self.id.split(":", 3)
        return (file, int(col), operator, self.source.strip())

    def covers(self, mutant: Mutant) -> bool:
        """For a scope entry: whether the mutant lies inside that class or function."""
        file, _, scope = self.id.partition("::")
        return bool(scope) and mutant.file == file and (
            mutant.scope == scope or mutant.scope.startswith(scope + "."))


class LedgerError(ValueError):
    """MUTANTS.md has a bullet that names no mutant id."""


@dataclass
class Ledger:
    entries: List[Entry]
    ids: Set[str] = field(default_factory=set)  # the current mutants, once bound
    prints: Counter = field(default_factory=Counter)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        if not path.exists():
            return cls([])
        entries: List[Entry] = []
        heading, equivalent = "", True
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            title = _HEADING.match(line)
            if title:
                heading = title["title"].strip()
                if line.startswith("## "):
                    equivalent = not heading.lower().startswith(GAPS_HEADING.lower())
                continue
            scope = _SCOPE.match(line)
            if scope:
                note = scope["note"].strip(" -—:")
                entries.append(Entry(f"{scope['file']}::{scope['scope']}", "",
                                     f"{heading}: {note}" if note else heading, equivalent))
                continue
            bullet = _BULLET.match(line)
            if not bullet:
                continue
            if bullet["id"].count(":") < 3:
                raise LedgerError(f"{path}:{number}: {bullet['id']!r} is not file:line:col:op")
            note = bullet["note"].strip(" -—:")
            reason = f"{heading}: {note}" if note else heading
            entries.append(Entry(bullet["id"], bullet["source"], reason, equivalent))
        return cls(entries)

    def bind(self, mutants: List[Mutant]) -> Ledger:
        """Know the reference's current mutants: an entry whose id is one of them is
        found by id only, and a moved entry only by a fingerprint no other mutant has."""
        self.ids = {m.id for m in mutants}
        self.prints = Counter(m.fingerprint for m in mutants)
        return self

    def lookup(self, mutant: Mutant) -> Optional[Entry]:
        by_id: Dict[str, Entry] = {entry.id: entry for entry in self.entries}
        if mutant.id in by_id:
            return by_id[mutant.id]
        if self.prints.get(mutant.fingerprint, 1) == 1:
            moved = [entry for entry in self.entries
                     if entry.id not in self.ids and entry.fingerprint == mutant.fingerprint]
            if len(moved) == 1:
                return moved[0]
        return next((entry for entry in self.entries if entry.covers(mutant)), None)


def default_ledger_path() -> Path:
    return Path(__file__).with_name("MUTANTS.md")
