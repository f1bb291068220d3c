"""Mutants of the reference: one small AST change each, with a stable id, loaded in memory.

Strategy: a mutant is one change to one node of one file of `reference/`, named
``file:line:col:operator`` (``_parser.py:120:11:Lt->LtE``), so results of two runs
on the same source compare by id.  `enumerate_mutants` walks each file's AST in
source order and lists every applicable operator (the `OPERATORS` table); the
mutated source is never written anywhere: `install` puts a finder on
``sys.meta_path`` that serves the reference's files as the package `MUTANT_PACKAGE`,
compiling the one mutated file from its changed AST.  Because the copy has its own
name, nothing else that imports ``httpcts.reference`` (fuzz oracles, servers) sees it.

We wrote this instead of driving mutmut or cosmic-ray: both mutate files on disk
(the worktree is shared, and several mutants run at once), need their own test
runner or session database, and neither can stop a certification at its first
non-PASS verdict.  An operator table over `ast` is about a hundred lines.

Not mutated, because no profile can observe them: docstrings, annotations,
`assert` statements (type narrowing only), decorators (`frozen=True`, `overload`),
`__all__` and `__slots__`, and the
message text of raised exceptions (the profiles judge an exception by its class,
never by its words).
"""

from __future__ import annotations

import ast
import copy
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

MUTANT_PACKAGE = "httpcts_mutant"
SHORT_LITERAL = 8  # longest str/bytes literal the literal operators change
_NAME_LISTS = ("__all__", "__slots__")  # names, not behaviour: a wrong one fails at import

_COMPARE_SWAPS: Dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


class MutantError(Exception):
    """A mutant that cannot be built or compiled: a fault of the mutator, never a kill."""


@dataclass(frozen=True)
class Mutant:
    """One change: where, which operator, and the source line it changes."""

    file: str  # name inside reference/, like "_parser.py"
    line: int
    col: int
    operator: str
    source: str  # the original line, stripped
    scope: str = ""  # the enclosing class and function, dotted ("" at module level)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.col}:{self.operator}"

    @property
    def fingerprint(self) -> Tuple[str, int, str, str]:
        """What identifies the mutant when lines above it move (MUTANTS.md matching)."""
        return (self.file, self.col, self.operator, self.source)


# -- operators: node -> [(operator name, replacement node)] --------------------------

Replacement = Tuple[str, Callable[[], ast.AST]]


def _compare(node: ast.AST) -> List[Replacement]:
    assert isinstance(node, ast.Compare)
    out: List[Replacement] = []
    for index, op in enumerate(node.ops):
        swap = _COMPARE_SWAPS.get(type(op))
        if swap is None:
            continue
        suffix = f"#{index}" if len(node.ops) > 1 else ""

        def build(index: int = index, swap: type = swap) -> ast.AST:
            ops = list(node.ops)
            ops[index] = swap()
            return ast.Compare(left=node.left, ops=ops, comparators=node.comparators)

        out.append((f"{type(op).__name__}->{swap.__name__}{suffix}", build))
    return out


def _boolop(node: ast.AST) -> List[Replacement]:
    assert isinstance(node, ast.BoolOp)
    other = ast.Or if isinstance(node.op, ast.And) else ast.And
    name = f"{type(node.op).__name__}->{other.__name__}"
    return [(name, lambda: ast.BoolOp(op=other(), values=node.values))]


def _unary_not(node: ast.AST) -> List[Replacement]:
    assert isinstance(node, ast.UnaryOp)
    if not isinstance(node.op, ast.Not):
        return []
    return [("not-removed", lambda: node.operand)]


def _condition(node: ast.AST) -> List[Replacement]:
    """Negate the test of if/while/ternary (a test that is `not x` is covered above)."""
    test = getattr(node, "test", None)
    if test is None or isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return []

    def build() -> ast.AST:
        negated = copy.copy(node)  # the same statement or expression, its test negated
        negated.test = ast.UnaryOp(op=ast.Not(), operand=test)  # type: ignore[attr-defined]
        return negated

    return [("negated", build)]


def _raise(node: ast.AST) -> List[Replacement]:
    return [("raise-removed", ast.Pass)]


def _constant(node: ast.AST) -> List[Replacement]:
    assert isinstance(node, ast.Constant)
    value = node.value
    if isinstance(value, bool):
        return [(f"{value}->{not value}", lambda: ast.Constant(not value))]
    if isinstance(value, int):
        return [("int+1", lambda: ast.Constant(value + 1)),
                ("int-1", lambda: ast.Constant(value - 1))]
    if isinstance(value, (str, bytes)) and len(value) <= SHORT_LITERAL:
        kind = "bytes" if isinstance(value, bytes) else "str"
        if value:
            return [(f"{kind}-emptied", lambda: ast.Constant(value[:0]))]
        filler = b"X" if isinstance(value, bytes) else "X"
        return [(f"{kind}-filled", lambda: ast.Constant(filler))]
    return []


OPERATORS: Dict[type, Callable[[ast.AST], List[Replacement]]] = {
    ast.Compare: _compare,
    ast.BoolOp: _boolop,
    ast.UnaryOp: _unary_not,
    ast.If: _condition,
    ast.While: _condition,
    ast.IfExp: _condition,
    ast.Raise: _raise,
    ast.Constant: _constant,
}


def _skipped_children(node: ast.AST) -> List[ast.AST]:
    """Subtrees no profile observes (see the module comment)."""
    skipped: List[ast.AST] = []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        every = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
        skipped += [a.annotation for a in every if a is not None and a.annotation is not None]
        skipped += [node.returns] if node.returns is not None else []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        skipped += node.decorator_list
    if isinstance(node, ast.AnnAssign):
        skipped.append(node.annotation)
    if isinstance(node, ast.Assert):
        skipped.append(node)
    if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in _NAME_LISTS for t in node.targets):
        skipped.append(node)
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
        skipped += node.exc.args + [k.value for k in node.exc.keywords]
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            skipped.append(body[0])  # a docstring
    if isinstance(node, ast.JoinedStr):
        skipped += [v for v in node.values if isinstance(v, ast.Constant)]
    return skipped


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node that may be mutated, parents before children."""
    stack = [tree]
    skipped: set = set()
    while stack:
        node = stack.pop()
        if id(node) in skipped:
            continue
        skipped.update(id(child) for child in _skipped_children(node))
        if id(node) in skipped:
            continue
        yield node
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _points(tree: ast.AST) -> Iterator[Tuple[ast.AST, str, Callable[[], ast.AST]]]:
    for node in _walk(tree):
        operator = OPERATORS.get(type(node))
        if operator is None or not hasattr(node, "lineno"):
            continue
        for name, build in operator(node):
            yield node, name, build


def _scopes(tree: ast.AST) -> Dict[int, str]:
    """id(node) -> dotted name of the innermost class or function holding it."""
    scopes: Dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{scope}.{child.name}" if scope else child.name
            scopes[id(child)] = inner
            visit(child, inner)

    visit(tree, "")
    return scopes


def reference_dir() -> Path:
    spec = importlib.util.find_spec("httpcts.reference")
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(list(spec.submodule_search_locations)[0])


def enumerate_mutants(directory: Optional[Path] = None) -> List[Mutant]:
    """Every mutant of every reference file, in a stable order."""
    directory = directory or reference_dir()
    out: List[Mutant] = []
    for path in sorted(directory.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text, str(path))
        scopes = _scopes(tree)
        for node, name, _ in _points(tree):
            line, col = node.lineno, node.col_offset  # type: ignore[attr-defined]
            out.append(Mutant(path.name, line, col, name, lines[line - 1].strip(),
                              scopes.get(id(node), "")))
    out.sort(key=lambda m: (m.file, m.line, m.col, m.operator))
    return out


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target, self.replacement = target, replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return ast.copy_location(self.replacement, node)
        return super().visit(node)


def mutated_tree(path: Path, mutant: Mutant) -> ast.Module:
    """The file's AST with the mutant's one change applied."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node, name, build in _points(tree):
        where = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
        if where == (mutant.line, mutant.col) and name == mutant.operator:
            changed = _Replace(node, build()).visit(tree)
            assert isinstance(changed, ast.Module)
            return ast.fix_missing_locations(changed)
    raise LookupError(f"no mutation point {mutant.id} in {path} (the file changed?)")


class _Loader(importlib.abc.Loader):
    def __init__(self, path: Path, mutant: Optional[Mutant]) -> None:
        self.path, self.mutant = path, mutant
        self.tree = mutated_tree(path, mutant) if mutant is not None else None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: object) -> None:
        source = self.tree if self.tree is not None else self.path.read_text(encoding="utf-8")
        if self.mutant is not None:  # lets the worker check the mutant is what it runs
            module.__dict__["__mutant__"] = self.mutant.id
        try:
            code = compile(source, str(self.path), "exec")
        except (SyntaxError, TypeError, ValueError) as exc:
            raise MutantError(f"{self.mutant.id if self.mutant else self.path} does not "
                              f"compile: {exc}") from None  # an operator bug, not a kill
        exec(code, module.__dict__)


class _Finder(importlib.abc.MetaPathFinder):
    """Serves reference/*.py as MUTANT_PACKAGE, one file replaced by its mutant."""

    def __init__(self, directory: Path, mutant: Optional[Mutant]) -> None:
        self.directory, self.mutant = directory, mutant

    def find_spec(self, fullname: str, path: Optional[Sequence[str]] = None,
                  target: object = None) -> Optional[importlib.machinery.ModuleSpec]:
        head, _, tail = fullname.partition(".")
        if head != MUTANT_PACKAGE or "." in tail:
            return None
        file = self.directory / (f"{tail}.py" if tail else "__init__.py")
        if not file.exists():
            return None
        mutant = self.mutant if self.mutant and file.name == self.mutant.file else None
        spec = importlib.util.spec_from_loader(fullname, _Loader(file, mutant), origin=str(file),
                                               is_package=not tail)
        assert spec is not None
        if not tail:
            spec.submodule_search_locations = [str(self.directory)]
        return spec


def install(mutant: Optional[Mutant], directory: Optional[Path] = None) -> None:
    """Make `MUTANT_PACKAGE` importable: the reference, with `mutant` applied if given."""
    sys.meta_path.insert(0, _Finder(directory or reference_dir(), mutant))
