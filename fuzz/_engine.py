"""Campaign engines: libFuzzer through atheris in a subprocess, or an in-process loop.

Strategy: `run_campaign` prepares the folders (corpus, seeds, findings), runs one
engine with a wall-clock bound, and returns a summary dict; the CLI prints it. The
atheris engine runs the target through the launcher (`python -m httpcts.fuzz
TARGET`) with libFuzzer flags and reads libFuzzer's status lines
(`#N ... cov: C ... exec/s: R`) for the live line; the target saves
each distinct finding itself (campaign mode, see _runtime), and libFuzzer's own crash,
timeout and OOM artifacts are classified afterwards by replaying them in-process. The
in-process engine, used when atheris is missing, mutates the seeds with the
dictionary and mixes in inputs generated from the Hypothesis strategies.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, TextIO

from . import corpus, targets
from ._runtime import (
    FINDINGS_ENV,
    HARNESS_ENV,
    IMPL_ENV,
    STRUCTURED,
    Recorder,
    harness_test,
    launch_command,
    load_impl,
    timed,
)
from .oracles import signature

STATUS_RE = re.compile(rb"#(\d+)\s*:?\s.*?cov: (\d+).*?exec/s:? (\d+)")
FINAL_EXECS_RE = re.compile(rb"stat::number_of_executed_units: (\d+)")
ARTIFACT_PREFIXES = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")
MAX_LEN = 8192
TIMEOUT_S = 10
RSS_LIMIT_MB = 2048
OUT = Path("fuzz-out")  # campaign folders: OUT/TARGET-IMPL unless the caller says otherwise


def campaign_folder(target: str, impl: str) -> Path:
    return OUT / f"{target}-{impl}"


def atheris_available() -> bool:
    return importlib.util.find_spec("atheris") is not None


class LiveLine:
    """The progress line: rewritten in place on a terminal, one line per 5 s otherwise."""

    def __init__(self, label: str, stream: Optional[TextIO] = None) -> None:
        self.label = label
        self.stream = stream = stream if stream is not None else sys.stderr
        self.tty = stream.isatty()
        self.last = 0.0

    def show(self, seconds: float, execs: int, rate: float, cov: Any, findings: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and not self.tty and now - self.last < 5:
            return
        self.last = now
        text = (f"[{self.label}] {seconds:5.0f}s  execs {execs:>9}  exec/s {rate:>7.0f}  "
                f"cov {cov}  findings {findings}")
        self.stream.write(("\r" + text) if self.tty else text + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.tty:
            self.stream.write("\n")


def classify(target: str, impl_name: str, path: Path) -> Dict[str, Any]:
    """Replay one input in-process: kind, exception type and top frame of what it raises."""
    module = targets.load(target)
    impl = load_impl(impl_name)
    try:
        timed(module.test_one_input)(path.read_bytes(), impl)
    except Exception as exc:
        kind, exc_type, top = signature(exc)
        return {"kind": kind, "exception": exc_type, "top_frame": top, "detail": str(exc)[:300]}
    return {"kind": "not-reproduced", "exception": None, "top_frame": None, "detail": ""}


def collect_findings(target: str, impl_name: str, out: Path) -> List[Dict[str, Any]]:
    """Findings of a campaign folder, deduplicated by (kind, exception, top frame)."""
    found: Dict[tuple, Dict[str, Any]] = {}
    for meta_path in sorted((out / "findings").glob("finding-*.json")):
        meta = json.loads(meta_path.read_text())
        key = (meta["kind"], meta["exception"], meta["top_frame"])
        found.setdefault(key, {**meta, "reproducer": str(meta_path.with_suffix(""))})
    for path in sorted(out.iterdir()):
        if not path.is_file() or not path.name.startswith(ARTIFACT_PREFIXES):
            continue
        if path.name.startswith(("timeout-", "oom-", "slow-unit-")):
            kind = path.name.split("-", 1)[0] if not path.name.startswith("slow") else "slow-unit"
            info = {"kind": kind, "exception": None, "top_frame": None, "detail": ""}
        else:
            info = classify(target, impl_name, path)
        key = (info["kind"], info["exception"], info["top_frame"])
        found.setdefault(key, {**info, "reproducer": str(path)})
    return list(found.values())


def _count_findings(out: Path) -> int:
    folder = out / "findings"
    count = len(list(folder.glob("finding-*.json"))) if folder.is_dir() else 0
    return count + sum(1 for p in out.iterdir() if p.name.startswith(ARTIFACT_PREFIXES))


def libfuzzer_command(target: str, seconds: int, out: Path, folders: List[Path],
                      runs: Optional[int] = None, jobs: int = 1, structured: bool = False) -> List[str]:
    """The launcher running the target under libFuzzer: time, limits, artifact prefix, dictionary, corpus folders."""
    cmd = [
        *launch_command(STRUCTURED if structured else target),
        f"-max_total_time={seconds}", f"-timeout={TIMEOUT_S}", f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-max_len={MAX_LEN}", f"-artifact_prefix={out}/", "-print_final_stats=1",
    ]
    if not structured:
        cmd.append(f"-dict={corpus.dictionary(target)}")
    if runs is not None:
        cmd.append(f"-runs={runs}")
    if jobs > 1:
        cmd += [f"-fork={jobs}", "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1"]
    return cmd + [str(folder) for folder in folders]


def harness_env(impl_name: str, findings: Path, harness: str = "oracles") -> Dict[str, str]:
    """The environment a launched target reads in campaign mode."""
    env = dict(os.environ)
    env[IMPL_ENV] = impl_name
    env[FINDINGS_ENV] = str(findings)
    env[HARNESS_ENV] = harness
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def run_libfuzzer(target: str, impl_name: str, seconds: int, jobs: int, corpus_dir: Path,
                  seeds_dir: Path, out: Path, runs: Optional[int], live: LiveLine,
                  structured: bool = False, harness: str = "oracles") -> Dict[str, Any]:
    cmd = libfuzzer_command(target, seconds, out, [corpus_dir, seeds_dir], runs, jobs, structured)
    env = harness_env(impl_name, out / "findings", harness)
    (out / "command.txt").write_text(" ".join(cmd) + "\n")
    start = time.monotonic()
    execs, rate, cov = 0, 0.0, 0
    log = (out / "libfuzzer.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    assert proc.stderr is not None
    interrupted = False
    try:
        try:
            for line in proc.stderr:
                log.write(line)
                match = STATUS_RE.search(line)
                if match:
                    execs, cov = int(match.group(1)), int(match.group(2))
                    rate = float(match.group(3))
                    live.show(time.monotonic() - start, execs, rate, cov, _count_findings(out))
                final = FINAL_EXECS_RE.search(line)
                if final:
                    execs = max(execs, int(final.group(1)))
                if time.monotonic() - start > seconds + 120:
                    break
            proc.wait(timeout=60)
        except KeyboardInterrupt:  # Ctrl-C: stop the fuzzer, keep what it ran
            interrupted = True
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        proc.stderr.close()
        log.close()
    elapsed = time.monotonic() - start
    live.show(elapsed, execs, execs / elapsed if elapsed else 0, cov, _count_findings(out), force=True)
    return {"engine": "atheris/libFuzzer" + (" (structured)" if structured else ""),
            "executions": execs, "seconds": round(elapsed, 1), "coverage": cov,
            "exit_code": proc.returncode, "interrupted": interrupted}


def _mutate(rng: random.Random, data: bytes, pool: List[bytes], tokens: List[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        at = rng.randrange(len(buf) + 1)
        if op < 0.25 and buf:
            del buf[at : at + rng.randint(1, 8)]
        elif op < 0.55 and tokens:
            buf[at:at] = rng.choice(tokens)
        elif op < 0.75 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op < 0.85 and pool:
            other = rng.choice(pool)
            cut = rng.randrange(len(other) + 1)
            buf[at:] = other[cut:]
        elif buf:
            start = rng.randrange(len(buf))
            buf[at:at] = buf[start : start + rng.randint(1, 16)]
    if buf:
        buf[0] = rng.randrange(256) if rng.random() < 0.2 else buf[0]
    return bytes(buf[:MAX_LEN])


def run_inprocess(target: str, impl_name: str, seconds: int, seeds_dir: Path, out: Path,
                  runs: Optional[int], live: LiveLine, seed: int = 0, harness: str = "oracles") -> Dict[str, Any]:
    """Mutation loop over the seeds plus generated inputs, until `seconds` or `runs`."""
    from .structured import generated_input

    module = targets.load(target)
    impl = load_impl(impl_name)
    recorder = Recorder(out / "findings")
    pool = [p.read_bytes() for p in sorted(seeds_dir.iterdir()) if p.is_file()] or [b"\x00"]
    tokens = corpus.dictionary_tokens(target)
    rng = random.Random(seed)
    start = time.monotonic()
    deadline = start + seconds
    execs = 0
    test: Callable[[bytes, Any], None] = timed(harness_test(module.test_one_input, target, harness))
    interrupted = False
    try:
        while time.monotonic() < deadline and (runs is None or execs < runs):
            if execs < len(pool):
                data = pool[execs]
            elif execs % 4 == 3 and target != "request":
                data = generated_input(target, rng)
            else:
                data = _mutate(rng, rng.choice(pool), pool, tokens)
            execs += 1
            try:
                test(data, impl)
            except Exception as exc:
                recorder.record(data, exc)
            if execs % 256 == 0:
                elapsed = time.monotonic() - start
                live.show(elapsed, execs, execs / elapsed, "n/a", _count_findings(out))
    except KeyboardInterrupt:  # Ctrl-C: keep what ran
        interrupted = True
    elapsed = time.monotonic() - start
    live.show(elapsed, execs, execs / elapsed if elapsed else 0, "n/a", _count_findings(out), force=True)
    return {"engine": "in-process (atheris not installed: random mutation + Hypothesis strategies, no coverage)",
            "executions": execs, "seconds": round(elapsed, 1), "coverage": None,
            "interrupted": interrupted}


def run_campaign(target: str, *, impl: Optional[str] = None, seconds: int = 60, jobs: int = 1,
                 corpus_dir: Optional[Path] = None, artifacts: Optional[Path] = None,
                 runs: Optional[int] = None, engine: str = "auto", structured: bool = False,
                 stream: Optional[TextIO] = None, harness: str = "oracles") -> Dict[str, Any]:
    """Run one campaign and return its summary (the CLI's last output line)."""
    stream = stream if stream is not None else sys.stderr
    impl_name = impl or "httpcts.reference"
    targets.load(target)
    load_impl(impl_name)  # fail early on a bad --impl
    out = (artifacts or campaign_folder(target, impl_name)).resolve()
    out.mkdir(parents=True, exist_ok=True)
    corpus_dir = (corpus_dir or out / "corpus").resolve()
    corpus_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir = out / "seeds"
    corpus.write_seeds(target, seeds_dir)
    (out / "run.json").write_text(json.dumps({"target": target, "implementation": impl_name}) + "\n")
    live = LiveLine(f"{target}/{impl_name}", stream)
    use_atheris = engine == "atheris" or (engine == "auto" and atheris_available())
    if use_atheris:
        if not atheris_available():
            raise RuntimeError("--engine atheris: atheris is not installed (pip install atheris)")
        result = run_libfuzzer(target, impl_name, seconds, jobs, corpus_dir, seeds_dir, out, runs,
                               live, structured, harness)
    else:
        stream.write("atheris is not installed: using the in-process mutation engine\n")
        result = run_inprocess(target, impl_name, seconds, seeds_dir, out, runs, live, harness=harness)
    live.end()
    findings = collect_findings(target, impl_name, out)
    executions = result["executions"]
    summary = {
        "target": target,
        "implementation": impl_name,
        "harness": harness,
        "engine": result["engine"],
        "executions": executions,
        "seconds": result["seconds"],
        "exec_per_s": round(executions / result["seconds"], 1) if result["seconds"] else 0,
        "coverage": result["coverage"],
        "interrupted": result["interrupted"],
        "corpus": str(corpus_dir),
        "corpus_size": sum(1 for p in corpus_dir.iterdir() if p.is_file()),
        "artifacts": str(out),
        "findings": [
            {"kind": f["kind"], "exception": f["exception"], "top_frame": f["top_frame"],
             "detail": f.get("detail") or f.get("message", ""), "reproducer": f["reproducer"]}
            for f in findings
        ],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary
