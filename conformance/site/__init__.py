"""`httpcts report DIR`: turn ``DIR/report.json`` into a static site a person can read.

Strategy: a small package, one concern per module: `_bytes` (bytes made visible),
`_spectext` (spec quotes and reference links), `_views` (the report arranged into
rows, groups and pages), `_render` (templates, static files, progress) and this
command line.  The folder it writes is self-contained: no network fetch, opens
from disk, uploads as a CI artifact.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .._report import DEFAULT_EVIDENCE, EVIDENCE_CHOICES, EVIDENCE_HELP
from .._schema import SchemaError
from ._bytes import escape_bytes, segments, show_bytes
from ._render import REPORT_FILE, render_site
from ._spectext import reference_link, rst_to_html
from ._views import EVIDENCE_DIR, build_site

__all__ = [
    "DEFAULT_EVIDENCE", "EVIDENCE_CHOICES", "EVIDENCE_DIR", "build_site", "escape_bytes", "main",
    "reference_link", "render_site", "rst_to_html", "segments", "show_bytes",
]  # fmt: skip

def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="httpcts report",
        description="Render DIR/report.json (from `httpcts certify --report DIR`) as a static "
        "HTML site: DIR/index.html plus one evidence page per case and implementation.",
    )
    parser.add_argument("dir", type=Path, help="the report folder holding report.json")
    parser.add_argument("--evidence", choices=EVIDENCE_CHOICES, default=DEFAULT_EVIDENCE,
                        help=EVIDENCE_HELP)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress")
    args = parser.parse_args(list(argv))
    source = args.dir / REPORT_FILE
    if not source.is_file():
        print(f"httpcts report: no {REPORT_FILE} in {args.dir}", file=sys.stderr)
        return 2
    try:
        index = render_site(args.dir, args.evidence, None if args.quiet else sys.stderr)
    except (ValueError, SchemaError) as exc:  # malformed JSON, or not the documented shape
        print(f"httpcts report: cannot render {source}: {exc}", file=sys.stderr)
        return 1
    print(f"httpcts report: wrote {index}")
    return 0
