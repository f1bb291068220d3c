"""Parse time is linear: adversarial heads are refused at once on every interpreter.

Each bomb of the servers' parse-time catalogue (a long run a backtracking regex can
split many ways, then the byte that fails the parse) is fed to ResponseParser whole
and in pieces, at its catalogue size and at 60 KB, in a child process with a
deadline, so a super-linear parser fails the test instead of hanging it. The bound
(2 s per input, where a linear parse takes milliseconds) says nothing about speed:
the head regex this replaced needed hours for the 424-byte `repeated-connection`
bomb on Python 3.9 and 3.10. The one-pass head regex is also checked in the form
without possessive quantifiers, which 3.9 and 3.10 compile, on every interpreter.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import httpcts.reference as httplib
import pytest
from httpcts.reference import _clean_head
from httpcts.servers.catalogue.parse_time import BOMBS, CHUNKED_HEAD

BOUND = 2.0  # seconds per input; a linear parse of 64 KB takes milliseconds
SIZE = 60000

CHILD = r"""
import json, sys, time
import httpcts.reference as httplib
from httpcts.servers.catalogue.parse_time import BOMBS

def refuse(data, piece):
    parser = httplib.ResponseParser()
    try:
        for start in range(0, len(data), piece):
            parser.feed(data[start:start + piece])
            if parser.receive_head():
                parser.read_body()
        parser.feed_eof()
        parser.receive_head()
        while not parser.message_complete:
            parser.read_body()
    except httplib.HTTPException as exc:
        return type(exc).__name__
    return None

for bomb in BOMBS:
    for data in (bomb.build(), bomb.of_size(int(sys.argv[1]))):
        for piece in (len(data), 512):
            start = time.perf_counter()
            error = refuse(data, piece)
            print(json.dumps([bomb.slug, len(data), piece, error, time.perf_counter() - start]), flush=True)
"""


def test_every_bomb_is_refused_in_linear_time() -> None:
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(SIZE)], capture_output=True, text=True,
                              timeout=60 + 20 * BOUND)
    except subprocess.TimeoutExpired as exc:
        last = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"parsing did not end within the deadline; inputs finished: {last!r}")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 4 * len(BOMBS)
    for slug, size, piece, error, seconds in rows:
        assert error is not None, f"{slug} ({size} bytes, pieces of {piece}) was accepted"
        assert seconds < BOUND, f"{slug} ({size} bytes, pieces of {piece}) took {seconds:.2f} s"
    assert time.monotonic() - started < 60 + 20 * BOUND


HEAD_BOMBS = [bomb for bomb in BOMBS if CHUNKED_HEAD not in bomb.prefix]  # failing in the head


@pytest.mark.parametrize("bomb", HEAD_BOMBS, ids=lambda b: b.slug)
def test_the_head_regex_without_possessive_quantifiers_is_linear(bomb: object) -> None:
    # the form 3.9 and 3.10 compile, checked on this interpreter too: a match that
    # fails at the last byte ends after one pass
    plain = re.compile(_clean_head.head_pattern(possessive=False))
    for data in (bomb.build(), bomb.of_size(SIZE)):
        start = time.perf_counter()
        assert plain.match(data, 0, len(data)) is None
        assert time.perf_counter() - start < BOUND
    assert plain.match(b"HTTP/1.1 200 OK\r\nConnection: a\r\nX: b\r\n\r\n") is not None


def test_the_issue_head_on_this_interpreter() -> None:
    # issue #13: 25 Connection lines then a NUL took hours on 3.9/3.10
    head = b"HTTP/1.1 200 OK\r\n" + b"Connection: a\r\n" * 25 + b"X: \x00\r\n\r\n"
    parser = httplib.ResponseParser()
    parser.feed(head)
    start = time.perf_counter()
    with pytest.raises(httplib.ProtocolError, match="NUL"):
        parser.receive_head()
    assert time.perf_counter() - start < BOUND
