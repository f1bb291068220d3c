"""The `httpcts` command: one entry point, subcommands looked up in a table.

Each subcommand lives in the subpackage that owns it and exposes `main(argv) -> int`;
the table keeps this module free of their imports so `httpcts serve` never loads the
fuzzing or certification machinery.  ``httpcts report merge`` is the one second-level
command (``httpcts report DIR`` renders a folder, ``report merge`` combines folders).
Exit status 130 after Ctrl-C, without a traceback, whichever command was running.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Optional

INTERRUPTED = 130
SECOND_LEVEL = {("report", "merge"): "httpcts.conformance.merge"}

SUBCOMMANDS = {
    "certify": ("httpcts.conformance.certify", "certify an httplib-style implementation"),
    "report": ("httpcts.conformance.site",
               "render a report folder as HTML (report merge OUT IN...: merge report folders)"),
    "repro": ("httpcts.conformance.repro",
              "write a stand-alone reproducer of one case (stdlib only, Python 2.7 and 3.6+)"),
    "diff": ("httpcts.conformance.diff",
             "compare two certification reports (exit 1 on regressions)"),
    "serve": ("httpcts.servers.cli", "list or serve the scripted server scenarios"),
    "fuzz": ("httpcts.fuzz.cli", "list, run, reproduce and minimise fuzz targets"),
    "mutate": ("httpcts.conformance.mutate", "measure the suite: certify mutants of the reference"),
}


def _usage() -> str:
    lines = ["usage: httpcts COMMAND [ARGS ...]", "", "commands:"]
    lines += [f"  {name:<8} {help_text}" for name, (_, help_text) in SUBCOMMANDS.items()]
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"httpcts: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name = SUBCOMMANDS[name][0]
    if (name, rest[0] if rest else "") in SECOND_LEVEL:
        module_name, rest = SECOND_LEVEL[(name, rest[0])], rest[1:]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            print(f"httpcts: command {name!r} is not available in this build", file=sys.stderr)
        else:
            print(f"httpcts {name}: needs the package {exc.name!r}; install the extra that "
                  f"brings it (pip install 'httpcts[dev]')", file=sys.stderr)
        return 2
    try:
        return int(module.main(rest))
    except KeyboardInterrupt:  # commands that keep partial results catch it themselves
        print(f"\nhttpcts {name}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # the reader (head, less) went away; silence the flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
