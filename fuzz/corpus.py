"""Seed corpora and dictionaries: what each fuzz target starts from.

Strategy: seeds are written at run time, never committed in bulk. Sources, in order:
a few hand-written responses covering every framing and the awkward corners (below),
the realistic responses of bench/corpus/*.http, and the bytes every scenario of the
scripted-server catalogue sends (when httpcts.servers is importable). Each target
gets its slice of a response (status line, header block, chunked body) behind a
control byte; the request target gets encoded caller inputs. Dictionaries live in
fuzz/dictionaries/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator, List, Sequence, Tuple

HERE = Path(__file__).resolve().parent
DICTIONARIES = HERE / "dictionaries"
BENCH_CORPUS = HERE.parent / "bench" / "corpus"
REGRESSIONS = HERE / "regressions"
CATALOGUE_FLOOD_CAP = 4096  # bytes of a Flood step kept in a seed
MAX_SEED = 16384  # longer seeds are cut: fuzzing speed follows input size
MAX_SEED_BY_TARGET = {"headers": 4096, "status_line": 1024}  # what matters comes first

# Small responses for every framing and the corners the research notes name.
HANDWRITTEN: Tuple[bytes, ...] = (
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n",
    b"HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil close",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
    b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 1180591620717411303424\r\n\r\nx",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8000000000000000\r\nx",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
    b"HTTP/1.1 200\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
    b"hello, HTTP/0.9",
)

# Request target inputs: (flags, host, method, url, headers, body)
REQUESTS: Tuple[Tuple[int, str, str, str, Tuple[Tuple[str, str], ...], bytes], ...] = (
    (3, "example.com", "GET", "/", (), b""),
    (3, "example.com:8080", "POST", "/submit?x=1", (("Content-Type", "text/plain"),), b"hello"),
    (0, "[::1]:80", "PUT", "/a", (("X-A", "1"), ("X-B", " spaced ")), b""),
    (2, "h", "PATCH", "http://h/abs", (("Accept-Encoding", "gzip"),), b"body"),
    (5, "h\u00e9.com", "GET", "/\u00e9", (("X", "\u00e9"),), b""),
    (1, "h", "GE T", "/ x", (("Bad Name", "v"),), b""),
)


def encode_request(flags: int, host: str, method: str, url: str,
                   headers: Sequence[Tuple[str, str]], body: bytes) -> bytes:
    """An input of the request target (see its docstring for the layout)."""
    def field(text: str) -> bytes:
        raw = text.encode("utf-8" if flags & 4 else "latin-1", "replace")[:255]
        return bytes([len(raw)]) + raw

    out = bytes([flags]) + field(host) + field(method) + field(url) + bytes([len(headers)])
    for name, value in headers:
        out += field(name) + field(value)
    return out + body


def catalogue_bytes() -> List[Tuple[str, bytes]]:
    """(scenario id, bytes sent on its first connection) for every catalogue scenario."""
    try:
        from httpcts.servers import CATALOGUE, Flood, Send, SendPieces
    except ImportError:
        return []
    out = []
    for scenario_id, scenario in CATALOGUE.items():
        sent = b""
        for step in scenario.connections[0] if scenario.connections else ():
            if isinstance(step, (Send, SendPieces)):
                sent += step.data
            elif isinstance(step, Flood):
                sent += step.prefix + step.pattern * max(1, CATALOGUE_FLOOD_CAP // len(step.pattern))
        if sent:
            out.append((scenario_id, sent))
    return out


def responses() -> List[Tuple[str, bytes]]:
    """Every seed response, named."""
    out = [(f"hand-{i:02d}", data) for i, data in enumerate(HANDWRITTEN)]
    if BENCH_CORPUS.is_dir():
        out += [(f"bench-{p.stem}", p.read_bytes()) for p in sorted(BENCH_CORPUS.glob("*.http"))]
    out += [(f"scenario-{name}", data) for name, data in catalogue_bytes()]
    return out


def _head_end(data: bytes) -> int:
    end = data.find(b"\r\n\r\n")
    return len(data) if end < 0 else end + 4


def slices(target: str) -> Iterator[Tuple[str, bytes]]:
    """(name, payload without control byte) of each seed for `target`."""
    if target == "request":
        for i, spec in enumerate(REQUESTS):
            yield f"request-{i:02d}", encode_request(*spec)[1:]
        return
    for name, data in responses():
        if target == "status_line":
            yield name, data.split(b"\n", 1)[0].rstrip(b"\r")
        elif target == "headers":
            yield name, data.split(b"\n", 1)[1] if b"\n" in data else b""
        elif target == "chunked":
            head_end = _head_end(data)
            if b"chunked" in data[:head_end].lower():
                yield name, data[head_end:]
        else:
            yield name, data


def seeds(target: str) -> Iterator[Tuple[str, bytes]]:
    """(file name, input) seeds of `target`: each slice with control byte 0 and one more."""
    seen = set()
    for name, payload in slices(target):
        payload = payload[: MAX_SEED_BY_TARGET.get(target, MAX_SEED)]
        if target == "request":
            flags = [(REQUESTS[int(name[-2:])][0])]
        else:
            flags = [0, hashlib.sha1(payload).digest()[0]]
        for flag in flags:
            data = bytes([flag]) + payload
            if data not in seen:
                seen.add(data)
                yield f"{name}-{flag:02x}", data


def write_seeds(target: str, folder: Path) -> int:
    """Write the seeds of `target` into `folder`; the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, data in seeds(target):
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:100]
        (folder / safe).write_bytes(data)
        count += 1
    return count


def dictionary(target: str) -> Path:
    """The libFuzzer dictionary file of `target`."""
    return DICTIONARIES / ("request.dict" if target == "request" else "response.dict")


def dictionary_tokens(target: str) -> List[bytes]:
    """The dictionary's entries as bytes (for the in-process engine)."""
    tokens = []
    for line in dictionary(target).read_text().splitlines():
        line = line.strip()
        if line.startswith('"') and line.endswith('"'):
            tokens.append(line[1:-1].encode("latin-1").decode("unicode_escape").encode("latin-1"))
    return tokens
