"""`httpcts repro CASE [--impl MODULE] [--python PATH] [-o FILE]`: a stand-alone reproducer.

Strategy: the reproducer is what a maintainer attaches to an upstream bug report,
so it needs nothing but the standard library and the implementation under test,
on Python 2.7 or 3.6+.  It is one file: a header saying what the case checks, the
client program as Python and the acceptable outcomes; the case and its scenario
as JSON (the scripted bytes, Latin-1, with their timing); the verdict names from
`_schema.VERDICT_NAMES`; and the sources of the stdlib-only modules that run it
(`_reproducer` and what it imports), loaded as modules when the file runs, so
the very code that certifies judges the reproduction.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from . import _drivers
from ._explain import python_steps
from ._model import Case
from ._schema import VERDICT_NAMES
from .cases import all_cases

# The embedded modules, in load order (each imports only the ones before it).
MODULES = (
    "_observe", "_ops", "_program", "driver_main", "_match", "_facts", "_replay", "_reproducer",
)
TEMPLATE = '''#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""httpcts reproducer: {id} ({profile} {level}), written by `httpcts repro`.

{requirement}
Stimulus: {desc}
References: {references}

Run it with the interpreter of the implementation under test (Python 2.7 or 3.6+,
nothing but the standard library and the implementation is needed):

    python {filename} [--impl MODULE]

MODULE defaults to {default}.  It serves the
scenario's bytes{scenario} on a loopback port with their timing, runs the client
program below against MODULE, prints what happened and the verdict, and exits 0
when the observation is one the case accepts, 1 when it is not, 2 when the case
could not be run.

The client program (an exception ends it and is the observation):

{program}

Acceptable outcomes, tried in order (the first that matches decides; none: {default_verdict}):

{outcomes}
"""

import sys
import types

CASE = {case_json}
SCENARIO = {scenario_json}
VERDICT_NAMES = {names_json}
DEFAULT_MODULE = {module_json}
SOURCES = [
{sources}
]


def _load():
    for name, source in SOURCES:
        module = types.ModuleType(name)
        module.__file__ = "<httpcts %s>" % name
        code = compile("# -*- coding: utf-8 -*-\\n" + source, module.__file__, "exec")
        exec(code, module.__dict__)
        sys.modules[name] = module
    return sys.modules["_reproducer"]


if __name__ == "__main__":
    sys.exit(_load().main(sys.argv[1:], CASE, SCENARIO, VERDICT_NAMES, DEFAULT_MODULE))
'''


class ReproError(ValueError):
    """The case cannot become a stand-alone reproducer (unknown id, TLS scenario)."""


def _literal(value: Any) -> str:
    """JSON as a Python literal the reproducer parses back: json.loads(r'''...''')."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True).replace("'", "\\u0027")
    return "__import__('json').loads(r'''" + text + "''')"


def _source(name: str) -> str:
    text = resources.files("httpcts.conformance").joinpath(f"{name}.py").read_text(encoding="utf-8")
    if "'''" in text:
        raise ReproError(f"{name}.py holds ''' and cannot be embedded")
    return f"    ({name!r}, r'''{text}'''),"


def _scenario(case: Case) -> Optional[Dict[str, Any]]:
    if case.scenario is None:
        return None
    from ..servers import get_scenario

    scenario: Dict[str, Any] = get_scenario(case.scenario).to_json()
    if scenario.get("tls"):
        raise ReproError(f"{case.id} runs over TLS ({case.scenario}): the stand-alone reproducer "
                         f"replays plain HTTP only; use httpcts certify IMPL --cases {case.id}")
    return scenario


def _program_lines(case: Case) -> str:
    """The client program, one numbered step a line, with the step's note."""
    lines = []
    for number, step in enumerate(python_steps(case.program)):
        note = f"  # {step.note}" if step.note and "#" not in step.code else ""
        lines.append(f"    {number}: {step.code}{note}")
    return "\n".join(lines)


def _outcome_lines(case: Case) -> str:
    """The acceptable outcomes, numbered as the ``matched`` index counts them."""
    lines = []
    for number, outcome in enumerate(case.expect):
        note = f"  ({outcome.note})" if outcome.note else ""
        lines.append(f"    {number} {outcome.verdict.value}: {json.dumps(outcome.match)}{note}")
    return "\n".join(lines) or "    (none: the case records what happens)"


def reproducer(case: Case, module: Optional[str] = None, filename: str = "repro.py") -> str:
    """The text of a stand-alone reproducer for ``case`` (``module``: its default --impl)."""
    scenario = _scenario(case)
    program = _program_lines(case)
    outcomes = _outcome_lines(case)
    default_verdict = {"MUST": VERDICT_NAMES["fail"], "SHOULD": VERDICT_NAMES["non_strict"]}.get(
        case.level, VERDICT_NAMES["informational"])
    return TEMPLATE.format(
        id=case.id, profile=case.profile, level=case.level, requirement=case.requirement,
        desc=case.desc, references=", ".join(case.references) or "-", filename=filename,
        default=module or "httplib on Python 2, http.client on Python 3",
        scenario=f" ({case.scenario})" if case.scenario else "", program=program,
        outcomes=outcomes, default_verdict=default_verdict,
        case_json=_literal(case.to_json()), scenario_json=_literal(scenario),
        names_json=_literal(VERDICT_NAMES), module_json=_literal(module),
        sources="\n".join(_source(name) for name in MODULES),
    )


def _find(case_id: str) -> Case:
    cases = {case.id: case for case in all_cases()}
    if case_id not in cases:
        import difflib

        close = difflib.get_close_matches(case_id, list(cases), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (httpcts certify --list)"
        raise ReproError(f"no case {case_id!r}{hint}")
    return cases[case_id]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="httpcts repro",
        description="Write a stand-alone reproducer of one case: a single Python file "
                    "(2.7 or 3.6+, standard library only) to attach to a bug report.")
    parser.add_argument("case", help="case id (httpcts certify --list)")
    parser.add_argument(
        "--impl", metavar="MODULE",
        help="the implementation it runs against by default (default: httplib on Python 2, "
             "http.client on Python 3); the file takes --impl too")
    parser.add_argument(
        "--python", metavar="PATH",
        help="the interpreter it is for: written into its first line, and its httplib / "
             "http.client is the default module")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="where to write it (default: stdout)")
    args = parser.parse_args(list(argv))
    module = args.impl
    try:
        case = _find(args.case)
        if args.python:
            info = _drivers.probe_python(args.python)
            if info is None:
                raise ReproError(f"--python {args.python!r} is not a working Python interpreter")
            module = module or info["module"]
        text = reproducer(case, module, Path(args.output).name if args.output else "repro.py")
    except ReproError as exc:
        print(f"httpcts repro: {exc}", file=sys.stderr)
        return 2
    if args.python:
        text = text.replace("#!/usr/bin/env python\n", f"#!{args.python}\n", 1)
    if not args.output:
        sys.stdout.write(text)
        return 0
    Path(args.output).write_text(text, encoding="utf-8")
    Path(args.output).chmod(0o755)
    runner = args.python or "python"
    print(f"httpcts repro: wrote {args.output}; run it with: {runner} {args.output}",
          file=sys.stderr)
    return 0


__all__: List[str] = ["ReproError", "main", "reproducer"]
