"""`httpcts mutate`: stable mutant ids, the in-memory loader, MUTANTS.md, the CI sample."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from httpcts.conformance import _mutants
from httpcts.conformance._mutants import Mutant, enumerate_mutants, mutated_tree
from httpcts.conformance._mutation_ledger import Ledger, LedgerError, default_ledger_path
from httpcts.conformance.mutate import Outcome, score

# The sample CI certifies (README). Fixed, so that a survivor in it is news, not chance;
# seed 30 is one whose kills come from cases that do not depend on timing or on how the
# bytes are cut (no timing.*, abort.* or in-pieces case is the only killer), which a
# loaded machine could flip.
CI_SAMPLE = ("--sample", "24", "--seed", "30")

SOURCE = textwrap.dedent('''\
    """A docstring is not mutated."""
    LIMIT: int = 100


    def check(size: int, flag: bool) -> bytes:
        """Neither is this one."""
        if size > LIMIT and not flag:
            raise ValueError(f"size {size} is over the limit")
        return b"ok" if size in (1, 2) else b""
''')


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    (tmp_path / "__init__.py").write_text("from .mod import check\n")
    (tmp_path / "mod.py").write_text(SOURCE)
    return tmp_path


def test_operators_and_ids(package: Path) -> None:
    ids = [m.id for m in enumerate_mutants(package) if m.file == "mod.py"]
    assert ids == [
        "mod.py:2:13:int+1", "mod.py:2:13:int-1",
        "mod.py:7:4:negated", "mod.py:7:7:And->Or", "mod.py:7:7:Gt->GtE",
        "mod.py:7:24:not-removed",
        "mod.py:8:8:raise-removed",
        "mod.py:9:11:bytes-emptied", "mod.py:9:11:negated",
        "mod.py:9:20:In->NotIn", "mod.py:9:29:int+1", "mod.py:9:29:int-1",
        "mod.py:9:32:int+1", "mod.py:9:32:int-1", "mod.py:9:40:bytes-filled",
    ]
    assert enumerate_mutants(package) == enumerate_mutants(package)  # same source, same ids


@pytest.mark.parametrize("mutant_id, changed", [
    ("mod.py:7:7:Gt->GtE", "if size >= LIMIT and (not flag):"),
    ("mod.py:7:24:not-removed", "if size > LIMIT and flag:"),
    ("mod.py:8:8:raise-removed", "pass"),
    ("mod.py:7:4:negated", "if not (size > LIMIT and (not flag)):"),
    ("mod.py:9:11:negated", "return b'ok' if not size in (1, 2) else b''"),
    ("mod.py:9:40:bytes-filled", "return b'ok' if size in (1, 2) else b'X'"),
])
def test_one_change_per_mutant(package: Path, mutant_id: str, changed: str) -> None:
    mutant = next(m for m in enumerate_mutants(package) if m.id == mutant_id)
    before = ast.unparse(ast.parse(SOURCE)).splitlines()
    after = ast.unparse(mutated_tree(package / "mod.py", mutant)).splitlines()
    assert [line.strip() for a, line in zip(before, after) if a != line] == [changed]


def test_a_mutant_of_a_changed_file_is_refused(package: Path) -> None:
    with pytest.raises(LookupError, match="mod.py:99:0:negated"):
        mutated_tree(package / "mod.py", Mutant("mod.py", 99, 0, "negated", ""))


def test_loader_serves_the_mutant_under_its_own_name(package: Path) -> None:
    program = textwrap.dedent(f'''
        import sys
        from pathlib import Path
        from httpcts.conformance import _mutants
        mutant = next(m for m in _mutants.enumerate_mutants(Path({str(package)!r}))
                      if m.id == "mod.py:7:24:not-removed")
        _mutants.install(mutant, Path({str(package)!r}))
        import {_mutants.MUTANT_PACKAGE} as mutated
        print(mutated.mod.__mutant__, mutated.check(500, False) == b"", "mod" in sys.modules)
    ''')
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert out == ["mod.py:7:24:not-removed", "True", "False"]


def test_the_reference_has_many_mutants_with_unique_ids() -> None:
    mutants = enumerate_mutants()
    assert len(mutants) > 1000
    assert len({m.id for m in mutants}) == len(mutants)
    assert {m.file for m in mutants} >= {"_parser.py", "_connection.py", "_message.py"}


def test_ledger_matches_by_id_or_by_fingerprint_when_lines_moved(tmp_path: Path) -> None:
    ledger_file = tmp_path / "MUTANTS.md"
    ledger_file.write_text(textwrap.dedent('''\
        # Mutants
        ## A buffer size only
        - `_buffer.py:10:4:int+1` ``size = 4096`` reads in bigger steps
        - `_buffer.py:20:4:int-1` ``size = 4096``
    '''))
    ledger = Ledger.load(ledger_file)
    found = ledger.lookup(Mutant("_buffer.py", 10, 4, "int+1", "x"))
    assert found is not None and found.reason == "A buffer size only: reads in bigger steps"
    moved = Mutant("_buffer.py", 25, 4, "int-1", "size = 4096")
    assert ledger.lookup(moved).reason == "A buffer size only"  # type: ignore[union-attr]
    assert ledger.lookup(Mutant("_buffer.py", 25, 4, "int+1", "size = 8192")) is None
    twins = [Mutant("_buffer.py", 10, 4, "int+1", "size = 4096"),
             Mutant("_buffer.py", 50, 4, "int+1", "size = 4096")]
    bound = Ledger.load(ledger_file).bind(twins)
    assert bound.lookup(twins[0]) is not None and bound.lookup(twins[1]) is None  # same text
    ledger_file.write_text("## Not reached\n- `_legacy.py::HTTP` the legacy class\n"
                           "## Not yet killed\n### Chunked file bodies\n"
                           "- `_connection.py:213:30:True->False` ``chunked = True`` a pipe\n")
    gap = Ledger.load(ledger_file).lookup(Mutant("_connection.py", 213, 30, "True->False", ""))
    assert gap is not None and not gap.equivalent and gap.reason == "Chunked file bodies: a pipe"
    scoped = Ledger.load(ledger_file)
    inside = Mutant("_legacy.py", 30, 4, "negated", "if x:", "HTTP.__init__")
    found = scoped.lookup(inside)
    assert found is not None and found.reason == "Not reached: the legacy class"
    assert scoped.lookup(Mutant("_legacy.py", 90, 4, "negated", "if x:", "HTTPS")) is None
    ledger_file.write_text("- `not-an-id` ``x``\n")
    with pytest.raises(LedgerError, match="not-an-id"):
        Ledger.load(ledger_file)


def test_every_ledger_entry_names_mutants_of_this_reference() -> None:
    mutants = enumerate_mutants()
    ledger = Ledger.load(default_ledger_path())
    assert len(ledger.entries) > 10, "MUTANTS.md lists (almost) no equivalent mutant"
    ids, prints = {m.id for m in mutants}, {m.fingerprint for m in mutants}
    stale = [e.id for e in ledger.entries
             if e.id not in ids and e.fingerprint not in prints and not any(map(e.covers, mutants))]
    assert not stale, f"MUTANTS.md names mutants the reference no longer has: {stale}"


def test_score_counts_timeouts_as_detected_and_leaves_equivalents_out() -> None:
    outcomes = [Outcome("a", "killed", 1.0), Outcome("b", "timeout", 60.0),
                Outcome("c", "survived", 1.0), Outcome("d", "equivalent", 1.0),
                Outcome("e", "known-gap", 1.0)]
    assert score(outcomes)["score"] == 0.5


@pytest.mark.timeout(600)
def test_ci_sample_every_mutant_is_killed_or_listed(tmp_path: Path) -> None:
    """The fixed sample: each mutant is killed, or MUTANTS.md lists it (equivalent or gap).

    What makes this check mean something: the command first certifies the unmutated
    copy and stops (exit 2) unless every normative case passes, so no kill comes from a
    broken harness; each worker checks that the mutated module is the one it runs; a kill
    counts only if the killing case fails again when run a second time, and a survivor
    fails the check only if it survives a second run too, so a loaded machine does not
    make the check flaky in either direction.
    """
    report = tmp_path / "sample.json"
    run = subprocess.run(
        [sys.executable, "-m", "httpcts.conformance.mutate", *CI_SAMPLE, "--jobs", "2",
         "--check", "--quiet", "--json", str(report)],
        capture_output=True, text=True, timeout=580,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    statuses = [m["status"] for m in json.loads(report.read_text())["mutants"]]
    assert len(statuses) == 24 and statuses.count("killed") >= 12, statuses
