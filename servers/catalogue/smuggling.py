"""Header smuggling: responses whose framing depends on how a parser reads an
odd header line (bare CR, space before the colon, duplicated or conflicting
Content-Length, Transfer-Encoding variants, TE next to CL).

Strategy: each row is a complete response whose *honest* reading differs from a
lenient one; the description says what each reading yields.  Bodies are short
and the connection closes afterwards, so read-to-EOF readings are visible too.
"""

from __future__ import annotations

from ._build import chunked, head, make, notes, reply, rfc9110, rfc9112, show

CATEGORY = "smuggling"
STATUS = b"HTTP/1.1 200 OK"

# (slug, header lines, body bytes, what the ambiguity is, references)
ROWS = (
    ("bare-cr-in-header", (b"X-A: 1\rContent-Length: 2",), b"hello",
     "bare CR hides a Content-Length inside X-A (py3 email parser splits it: body 'he')", ("cpython#114782", rfc9112("2.2"))),
    ("space-before-colon", (b"Content-Length : 2",), b"hello",
     "'Content-Length : 2' (whitespace before the colon must be rejected)", (rfc9112("5.1"), "gh-93158")),
    ("tab-before-colon", (b"Content-Length\t: 2",), b"hello", "'Content-Length<TAB>: 2'", (rfc9112("5.1"),)),
    ("cl-duplicate-same", (b"Content-Length: 5", b"Content-Length: 5"), b"hello",
     "Content-Length: 5 twice (2.6 merges to '5, 5' and reads to EOF)", (rfc9110("8.6"), notes("1.4"))),
    ("cl-conflicting", (b"Content-Length: 2", b"Content-Length: 5"), b"hello",
     "Content-Length 2 then 5 (py3: first wins, 3 bytes left on the wire)", (rfc9110("8.6"), rfc9112("6.3"), notes("2.2"))),
    ("cl-comma-list", (b"Content-Length: 5, 5",), b"hello", "Content-Length: '5, 5' in one line", (rfc9110("8.6"),)),
    ("cl-comma-conflict", (b"Content-Length: 2, 5",), b"hello", "Content-Length: '2, 5' in one line", (rfc9110("8.6"),)),
    ("te-trailing-space", (b"Transfer-Encoding: chunked ",), chunked(b"hello"),
     "'Transfer-Encoding: chunked ' with a trailing space (py3: not chunked)", (notes("2.2"), rfc9112("6.1"))),
    ("te-duplicate", (b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked"), chunked(b"hello"),
     "Transfer-Encoding: chunked twice (2.6 merges to 'chunked, chunked': not chunked)", (notes("1.4"), rfc9112("6.1"))),
    ("te-gzip-chunked", (b"Transfer-Encoding: gzip, chunked",), chunked(b"hello"),
     "'gzip, chunked' (chunked is final, 2.6 reads raw to EOF)", (rfc9112("6.1"), notes("1.4"))),
    ("te-chunked-gzip", (b"Transfer-Encoding: chunked, gzip",), chunked(b"hello"),
     "'chunked, gzip' (chunked not final: read to close)", (rfc9112("6.3"),)),
    ("te-identity", (b"Transfer-Encoding: identity",), b"hello", "obsolete 'identity' coding, body to EOF", (rfc9112("6.1"),)),
    ("te-unknown", (b"Transfer-Encoding: x-custom",), b"hello",
     "unknown coding 'x-custom' (2.6 never raises UnknownTransferEncoding)", (rfc9112("6.1"), notes("1.4"))),
    ("te-uppercase-space-in-value", (b"Transfer-Encoding:  CHUNKED",), chunked(b"hello"),
     "'Transfer-Encoding:  CHUNKED' (upper case, two spaces)", (rfc9112("6.1"),)),
    ("te-and-cl", (b"Content-Length: 3", b"Transfer-Encoding: chunked"), chunked(b"hello"),
     "TE chunked plus a wrong Content-Length: 3 (CL must be ignored)", (rfc9112("6.3"), "CWE-444")),
    ("cl-and-te", (b"Transfer-Encoding: chunked", b"Content-Length: 100"), chunked(b"hello"),
     "TE chunked plus Content-Length: 100, larger than the body", (rfc9112("6.3"), "CWE-444")),
    ("te-http10", (b"Transfer-Encoding: chunked",), chunked(b"hello"),
     "chunked on an HTTP/1.0 response (2.6 honours it)", (rfc9112("6.1"), notes("1.4"))),
    ("te-obs-fold", (b"Transfer-Encoding:", b" chunked"), chunked(b"hello"),
     "Transfer-Encoding value on a folded continuation line", (rfc9112("5.2"), notes("1.3"))),
)  # fmt: skip


def _status(slug: str) -> bytes:
    return b"HTTP/1.0 200 OK" if slug.endswith("http10") else STATUS


SCENARIOS = tuple(
    make(
        CATEGORY, "malicious", slug, f"{what}; headers {show(b' | '.join(lines), 60)!r}", refs,
        reply(head(_status(slug), *lines) + body),
    )
    for slug, lines, body, what, refs in ROWS
)  # fmt: skip
