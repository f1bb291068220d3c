#!/usr/bin/env python3
"""Seeded-bug benchmark (Magma / FuzzBench style): how fast the fuzz targets find real httplib defects.

Strategy: each bug is one historical httplib defect put back as a small text patch
into a copy of the running interpreter's http.client source, or of the reference
where http.client still has the defect (so its copy could not tell the bug from the
baseline). The copies live in a temporary folder as importable modules
(`seeded_NAME`, and the unpatched `seeded_http_client` / `seeded_reference`). For each
bug and each of its targets, libFuzzer runs the target (launcher) with the patched copy as
the implementation, from the target's shipped seeds and an empty corpus, for a fixed
budget, one process at a time; then the same with the crash-only harness
(`httpcts.fuzz.crash_only`: only exceptions other than HTTPException count, the style
of OSS-Fuzz's http.client fuzzer) as the anchor.

Whether a finding is the bug's is decided without reading the bug's name: the
harness runs with the unpatched copy as its baseline (HTTPCTS_FUZZ_BASELINE) and
records a finding only when the baseline, on the same input, does not fail the same
way (same kind and exception type); and an unexpected exception counts only when its
innermost frame in the implementation is a function the patch changed (removing a
check can let an input run on into an older defect elsewhere, as a control character
in the method reaching http.client's IPv6 zone assert: that finding is not the
bug's). libFuzzer's own artifacts (a timeout, an out-of-memory kill) count when the
baseline replays the input cleanly in a subprocess under the same limits. The time to detection is from starting the
libFuzzer process (interpreter start-up and instrumentation included) to the first
such finding; the run stops there.

Output: one row per (bug, target) with the seconds to detection or "missed" for the
oracles and for crash-only, and as the last line
`found: K of N within B s; crash-only: J of N` (a bug counts as found when any of its
targets found it).

    python bench/fuzz_bugs.py [--budget 60] [--bugs NAME,...] [--json FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import httpcts.reference
from httpcts.fuzz import corpus
from httpcts.fuzz._engine import (
    ARTIFACT_PREFIXES,
    RSS_LIMIT_MB,
    TIMEOUT_S,
    harness_env,
    libfuzzer_command,
)
from httpcts.fuzz._runtime import BASELINE_ENV

HTTP_CLIENT = "http.client"
REFERENCE = "reference"
BASELINES = {HTTP_CLIENT: "seeded_http_client", REFERENCE: "seeded_reference"}

# (file inside the source, text it must contain once, replacement); the file of
# http.client's copy is "client.py"
Patch = Tuple[str, str, str]


@dataclass(frozen=True)
class Bug:
    name: str
    source: str  # HTTP_CLIENT or REFERENCE: what the patch applies to
    origin: str  # the CVE or issue the defect comes from
    targets: Tuple[str, ...]
    patches: Tuple[Patch, ...]

    @property
    def module(self) -> str:
        return "seeded_" + self.name.replace("-", "_")


BUGS: Tuple[Bug, ...] = (
    Bug("unbounded-line", HTTP_CLIENT, "CVE-2013-1752", ("response", "headers"), (
        ("client.py", '''        line = fp.readline(_MAXLINE + 1)
        if len(line) > _MAXLINE:
            raise LineTooLong("header line")
        headers.append(line)''', '''        line = fp.readline()
        headers.append(line)'''),
        ("client.py", '''        line = str(self.fp.readline(_MAXLINE + 1), "iso-8859-1")
        if len(line) > _MAXLINE:
            raise LineTooLong("status line")''', '''        line = str(self.fp.readline(), "iso-8859-1")'''),
    )),
    Bug("interim-header-flood", HTTP_CLIENT, "CVE-2021-3737", ("response",), (
        ("client.py", '''            skipped_headers = _read_headers(self.fp)''', '''            skipped_headers = []
            while True:
                skip = self.fp.readline(_MAXLINE + 1)
                if len(skip) > _MAXLINE:
                    raise LineTooLong("header line")
                if not skip.strip():
                    break'''),
    )),
    Bug("crlf-in-url", HTTP_CLIENT, "CVE-2019-9740", ("request",), (
        ("client.py", '''        match = _contains_disallowed_url_pchar_re.search(url)
        if match:
            raise InvalidURL(f"URL can't contain control characters. {url!r} "''', '''        match = None
        if match:
            raise InvalidURL(f"URL can't contain control characters. {url!r} "'''),
    )),
    Bug("crlf-in-method", HTTP_CLIENT, "CVE-2020-26116", ("request",), (
        ("client.py", '''        match = _contains_disallowed_method_pchar_re.search(method)''', '''        match = None'''),
    )),
    Bug("signed-length", REFERENCE, "gh-150751", ("chunked", "headers"), (
        ("_abnf.py", '''content_length_re = re.compile(r"[0-9]+")''', '''content_length_re = re.compile(r"\\+?[0-9][0-9_]*")'''),
        ("_abnf.py", '''CHUNK_SIZE = rf"(?P<size>{HEXDIG}+)"''', '''CHUNK_SIZE = rf"(?P<size>\\+?{HEXDIG}[0-9A-Fa-f_]*)"'''),
    )),
    Bug("unknown-1xx-final", REFERENCE, "bpo-28570", ("response",), (
        ("_parser.py", '''            if status >= 200 or status == 101:''', '''            if status != 100:'''),
        ("_parser.py", '''        if status < 200 and status != 101:''', '''        if status == 100:'''),
    )),
    Bug("bare-cr-in-field", REFERENCE, "cpython#114782", ("headers",), (
        ("_abnf.py", '''FIELD_BYTE = r"[\\x01-\\x09\\x0b\\x0c\\x0e-\\xff]"''',
         '''FIELD_BYTE = r"(?:[\\x01-\\x09\\x0b\\x0c\\x0e-\\xff]|\\r(?!\\n))"  # a CR not before LF'''),
    )),
    Bug("any-bytes-after-chunk", REFERENCE, "CVE-2025-43859 (h11)", ("chunked",), (
        ("_bodies.py", '''                    if end == b"\\r\\n" or end[:1] == b"\\n":
                        buffer.take_at_most(2 if end == b"\\r\\n" else 1)''', '''                    if len(end) == 2 or end[:1] == b"\\n":
                        buffer.take_at_most(1 if end[:1] == b"\\n" else 2)'''),
    )),
    Bug("length-allocated", REFERENCE, "CVE-2025-13836", ("response", "headers"), (
        ("_bodies.py", '''        self._left = length or 0''', '''        self._left = len(bytearray(length or 0))'''),
    )),
    Bug("chunked-trailing-space", REFERENCE, "httplib-behaviour.md 2.2", ("response",), (
        ("_framing.py", '''        listed = [CHUNKED] if codings == [CHUNKED] else [c for c in _tokens(codings) if c]''',
         '''        listed = [c.lower() for value in codings for c in value.split(",") if c]'''),
    )),
    Bug("conflicting-lengths", REFERENCE, "RFC 9112 6.3 item 5", ("headers", "response"), (
        ("_framing.py", '''            raise ProtocolError(f"conflicting Content-Length values {values!r}")''',
         '''            pass  # the first value wins'''),
    )),
    Bug("no-trailer-limit", REFERENCE, "gh-150743", ("chunked", "response"), (
        ("_limits.py", '''    max_trailers: int = 100''', '''    max_trailers: int = 1 << 62'''),
    )),
    Bug("no-interim-limit", REFERENCE, "gh-150743", ("response",), (
        ("_limits.py", '''    max_interim: int = 100''', '''    max_interim: int = 1 << 62'''),
    )),
    Bug("folded-transfer-encoding", REFERENCE, "httplib-behaviour.md 2.2", ("differential",), (
        ("_fields.py", '''    """A block of field lines (each ending in LF) -> (name, value) pairs in order."""
''', '''    """A block of field lines (each ending in LF) -> (name, value) pairs in order."""
    text = "\\n".join(line for line in text.split("\\n") if line[:1] not in (" ", "\\t"))  # folds dropped
'''),
        ("_framing.py", '''    if codings:
''', '''    if codings and any(value.strip() for value in codings):
'''),
    )),
)


def changed_functions(text: str, old: str) -> List[str]:
    """The functions of `text` whose lines contain some of `old` (the lines a patch replaces)."""
    start = text.index(old)
    lines = text[: start + len(old)].splitlines()
    first = text[:start].count("\n")
    names, indent = [], None
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number]
        stripped = line.lstrip()
        if stripped.startswith(("def ", "async def ")):
            depth = len(line) - len(stripped)
            if number >= first or indent is None or depth < indent:
                names.append(stripped.split("def ", 1)[1].split("(", 1)[0])
                indent = depth
                if number < first:
                    break
    return names


# The reference's record modules (events, Conclusion): every copy uses the reference's
# own, so a copy's records compare equal to the model's (a dataclass equals only an
# instance of its own class). No bug patches them.
SHARED_RECORDS = ("_events", "_conclusion")
_ALIAS = """import importlib
import sys

sys.modules[__name__] = importlib.import_module("httpcts.reference.{name}")
"""


def copy_reference(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    for name in SHARED_RECORDS:
        (target / f"{name}.py").write_text(_ALIAS.format(name=name))


def build(folder: Path, bugs: Sequence[Bug]) -> Dict[str, List[str]]:
    """The unpatched copies and one patched copy per bug, importable from `folder`;
    returns the functions each bug's patch changed."""
    client = Path(http.client.__file__).read_text()
    reference = Path(httpcts.reference.__file__).parent
    (folder / "seeded_http_client.py").write_text(client)
    copy_reference(reference, folder / "seeded_reference")
    changed: Dict[str, List[str]] = {}
    for bug in bugs:
        if bug.source == HTTP_CLIENT:
            files = {"client.py": client}
        else:
            files = {path.name: path.read_text() for path in reference.glob("*.py")}
        for name, old, new in bug.patches:
            if files[name].count(old) != 1:
                raise SystemExit(f"fuzz_bugs: the patch of {bug.name} does not apply: {name} does not "
                                 f"contain exactly once {old.splitlines()[0].strip()!r}")
            changed.setdefault(bug.name, []).extend(changed_functions(files[name], old))
            files[name] = files[name].replace(old, new)
        if bug.source == HTTP_CLIENT:
            (folder / f"{bug.module}.py").write_text(files["client.py"])
        else:
            target = folder / bug.module
            copy_reference(reference, target)
            for name, text in files.items():
                if name[:-3] not in SHARED_RECORDS:
                    (target / name).write_text(text)
    return changed


_REPLAY = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[4]) << 20, int(sys.argv[4]) << 20))
from httpcts.fuzz import targets
from httpcts.fuzz._runtime import harness_test, load_impl, timed
target, harness, baseline, path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[5]
timed(harness_test(targets.load(target).test_one_input, target, harness))(Path(path).read_bytes(), load_impl(baseline))
"""


def baseline_passes(folder: Path, target: str, harness: str, baseline: str, artifact: Path) -> bool:
    """Whether the unpatched copy runs a libFuzzer artifact cleanly, under the campaign's limits."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])))
    try:
        done = subprocess.run([sys.executable, "-c", _REPLAY, target, harness, baseline, str(RSS_LIMIT_MB + 1024),
                               str(artifact)], env=env, capture_output=True, timeout=TIMEOUT_S + 5)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def is_the_bugs(meta: Dict[str, str], functions: Sequence[str]) -> bool:
    """An oracle's finding (the baseline did not share it), or an exception raised in changed code."""
    if meta["exception"] == "Finding":
        return True
    return (meta.get("top_frame") or "").rsplit(":", 1)[-1] in functions


def detect(folder: Path, bug: Bug, target: str, harness: str, budget: int, seeds: Path,
           functions: Sequence[str]) -> Optional[float]:
    """Seconds from launch to the first finding the bug caused, or None within the budget."""
    out = folder / "runs" / f"{bug.name}-{target}-{harness}"
    (out / "corpus").mkdir(parents=True)
    cmd = libfuzzer_command(target, budget, out, [out / "corpus", seeds])
    env = harness_env(bug.module, out / "findings", harness)
    env[BASELINE_ENV] = BASELINES[bug.source]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    log = (out / "libfuzzer.log").open("wb")
    started_wall, started = time.time(), time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env, start_new_session=True)
    found: Optional[float] = None
    checked: set = set()
    try:
        while found is None:
            ended = proc.poll() is not None
            for meta in sorted((out / "findings").glob("finding-*.json")):
                try:
                    info = json.loads(meta.read_text())
                    stamp = info["time"]
                except (ValueError, KeyError):
                    continue  # being written: read it on the next pass
                if is_the_bugs(info, functions):
                    found = stamp - started_wall if found is None else min(found, stamp - started_wall)
            for artifact in sorted(out.iterdir()):
                if artifact.name.startswith(ARTIFACT_PREFIXES) and artifact not in checked:
                    checked.add(artifact)
                    took = artifact.stat().st_mtime - started_wall
                    if baseline_passes(folder, target, harness, BASELINES[bug.source], artifact):
                        found = took if found is None else min(found, took)
            if ended or time.monotonic() - started > budget + 30:
                break
            time.sleep(0.2)
    finally:
        if proc.poll() is None:  # found, or over time: nothing of the run is needed any more
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        log.close()
    return found if found is None or found <= budget else None


def run(bugs: Sequence[Bug], budget: int, keep: Optional[Path]) -> Dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-bugs-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        changed = build(folder, bugs)
        seeds: Dict[str, Path] = {}
        rows: List[Dict[str, object]] = []
        print(f"{'bug':<26} {'source':<11} {'origin':<24} {'target':<12} {'oracles':>9} {'crash-only':>11}")
        for bug in bugs:
            for target in bug.targets:
                if target not in seeds:
                    seeds[target] = folder / "seeds" / target
                    corpus.write_seeds(target, seeds[target])
                row: Dict[str, object] = {"bug": bug.name, "source": bug.source, "origin": bug.origin,
                                          "target": target}
                for harness in ("oracles", "crash-only"):
                    row[harness] = detect(folder, bug, target, harness, budget, seeds[target], changed[bug.name])
                rows.append(row)
                print(f"{bug.name:<26} {bug.source:<11} {bug.origin:<24} {target:<12} "
                      f"{_shown(row['oracles']):>9} {_shown(row['crash-only']):>11}", flush=True)
        found = {str(r["bug"]) for r in rows if r["oracles"] is not None}
        anchored = {str(r["bug"]) for r in rows if r["crash-only"] is not None}
        return {"budget": budget, "rows": rows, "bugs": len(bugs), "found": len(found),
                "crash_only": len(anchored), "python": sys.version.split()[0]}
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def _shown(seconds: object) -> str:
    return "missed" if seconds is None else f"{seconds:.1f} s"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=60, help="seconds per target and harness (default %(default)s)")
    parser.add_argument("--bugs", help="comma-separated bug names (default: all)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", type=Path, help="build and run in this folder and keep it")
    parser.add_argument("--list", action="store_true", help="list the bugs and exit")
    args = parser.parse_args(argv)
    if args.budget <= 0:
        parser.error(f"--budget must be positive, got {args.budget}")
    bugs = list(BUGS)
    if args.bugs:
        wanted = args.bugs.split(",")
        unknown = sorted(set(wanted) - {bug.name for bug in BUGS})
        if unknown:
            parser.error(f"unknown bug {', '.join(unknown)}; known: {', '.join(bug.name for bug in BUGS)}")
        bugs = [bug for bug in BUGS if bug.name in wanted]
    if args.list:
        for bug in bugs:
            print(f"{bug.name:<26} {bug.source:<11} {bug.origin:<24} {','.join(bug.targets)}")
        return 0
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    result = run(bugs, args.budget, args.keep)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"found: {result['found']} of {result['bugs']} within {args.budget} s; "
          f"crash-only: {result['crash_only']} of {result['bugs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
