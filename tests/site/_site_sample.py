"""A small synthetic report.json in the shape `httpcts certify` writes.

Strategy: two implementations, five cases over three groups and three profiles,
chosen so every feature of the site has something to show: a FAIL with a
transcript (CR, LF, a NUL and an elided flood), a disagreement, a case one
implementation did not run, a result without a transcript, and a case whose spec
item is not in the spec file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FLOOD_MARK = "...[1048000 bytes elided]..."


def _transcript(response: str, *, flood: bool = False) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [
        {"t": 0.0, "kind": "accept", "note": "127.0.0.1:40000"},
        {"t": 0.0012, "kind": "recv", "direction": "recv", "data": "GET / HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n", "bytes": 37},
        {"t": 0.0013, "kind": "request", "note": "GET / HTTP/1.1"},
        {"t": 0.0020, "kind": "send", "direction": "send", "data": response, "bytes": len(response)},
    ]
    if flood:
        events.append(
            {"t": 0.01, "kind": "send", "direction": "send", "data": "X-Flood: a" + FLOOD_MARK + "aaaa\\r\\n",
             "bytes": 1048576, "elided": True}
        )
    events += [{"t": 0.03, "kind": "close"}, {"t": 0.031, "kind": "end"}]
    return [{"connection": 0, "events": events}]


CASES: list[dict[str, Any]] = [
    {"id": "doc.status.ok", "title": "Status line", "profile": "doc", "level": "MUST",
     "spec": ["HTTPResponse.status", "HTTPResponse.reason"], "references": ["RFC 9112 §4", "httplib 2.6 docs: HTTPResponse.status"],
     "scenario": "status.ok", "desc": "200 OK with Content-Length: 5", "requirement": "status is 200 and reason is 'OK'.",
     "program": [{"op": "connection", "cls": "HTTPConnection", "args": ["$host", "$port"], "as": "conn"},
                 {"op": "request", "method": "GET", "url": "/"}, {"op": "getresponse", "as": "resp"}],
     "expected": [{"verdict": "PASS", "match": {"status": 200, "reason": "OK"}, "note": ""}]},
    {"id": "doc.status.garbage", "title": "Status line", "profile": "doc", "level": "MUST",
     "spec": ["BadStatusLine"], "references": ["CVE-2021-3737", "bpo-44022"],
     "scenario": "status.garbage-line", "desc": "the status line is not HTTP", "requirement": "getresponse() raises BadStatusLine.",
     "program": [{"op": "request", "method": "GET", "url": "/"}, {"op": "getresponse"}],
     "expected": [{"verdict": "PASS", "match": {"raises": "BadStatusLine"}, "note": ""}]},
    {"id": "hardened.headers.flood", "title": "Header limits", "profile": "hardened", "level": "MUST",
     "spec": ["HTTPConnection.getresponse"], "references": ["CVE-2025-13836"],
     "scenario": None, "desc": "endless header line", "requirement": "stops reading after a bounded number of bytes."},
    {"id": "info.headers.folding", "title": "Header limits", "profile": "info", "level": "INFO",
     "spec": ["HTTPResponse.getheader"], "references": [], "desc": "obs-fold continuation line"},
    {"id": "doc.misc.not-in-spec", "title": "Misc", "profile": "doc", "level": "SHOULD",
     "spec": ["HTTPConnection.set_tunnel"], "references": [], "desc": "tunnel through a proxy"},
]


def _result(case: str, profile: str, verdict: str, observed: dict[str, Any], **extra: Any) -> dict[str, Any]:
    level = {"doc": "MUST", "hardened": "MUST", "info": "INFO"}[profile]
    out = {"case": case, "profile": profile, "level": level, "verdict": verdict, "label": None,
           "expected": ["status=200, reason='OK'"], "observed": observed, "duration_s": 0.0123}
    out.update(extra)
    return out


def sample_report() -> dict[str, Any]:
    ok = "HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello"
    garbage = "HTTP/1.1 2OO\\x00 OK\\r\\n\\r\\n"
    reference = [
        _result("doc.status.ok", "doc", "PASS", {"status": 200, "reason": "OK"}, transcripts=_transcript(ok)),
        _result("doc.status.garbage", "doc", "PASS", {"raises": "BadStatusLine", "mro": ["BadStatusLine"]},
                transcripts=_transcript(garbage)),
        _result("hardened.headers.flood", "hardened", "PASS", {"raises": "LineTooLong"},
                transcripts=_transcript(ok, flood=True)),
        _result("info.headers.folding", "info", "INFORMATIONAL", {"header": "a b"}),
        _result("doc.misc.not-in-spec", "doc", "UNSUPPORTED", {"unsupported": "set_tunnel"}),
    ]
    stdlib = [
        _result("doc.status.ok", "doc", "PASS", {"status": 200, "reason": "OK"}, transcripts=_transcript(ok)),
        _result("doc.status.garbage", "doc", "FAIL",
                {"status": 200, "reason": "OK", "req.head": "GET / HTTP/1.1\r\nHost: x\r\n"},
                transcripts=_transcript(garbage)),
        _result("hardened.headers.flood", "hardened", "ERROR", {"error": "timeout after 8 s"}),
        _result("info.headers.folding", "info", "INFORMATIONAL", {"header": "a\r\n b"}),
    ]
    return {
        "title": "httpcts certification: sample",
        "generated": "2026-01-01T00:00:00Z",
        "implementations": [
            {"name": "httpcts.reference", "module": "httpcts.reference", "python": "3.11.9",
             "summary": {"doc": {"PASS": 2, "UNSUPPORTED": 1}, "hardened": {"PASS": 1}, "info": {"INFORMATIONAL": 1}},
             "results": reference},
            {"name": "http.client", "module": "http.client", "python": "3.11.9", "results": stdlib},  # no summary
        ],
        "cases": CASES,
    }


def write_sample(folder: Path, report: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.json"
    path.write_text(json.dumps(sample_report() if report is None else report, indent=1), encoding="utf-8")
    return path
