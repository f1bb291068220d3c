"""Header smuggling: responses whose framing depends on how a parser reads an
odd header line (bare CR, space before the colon, duplicated or conflicting
Content-Length, Transfer-Encoding variants, TE next to CL).

Strategy: each row is a complete response whose *honest* reading differs from a
lenient one; the description says what each reading yields.  Bodies are short
and the connection closes afterwards, so read-to-EOF readings are visible too.
"""

from __future__ import annotations

from ._build import Row, chunked, head, notes, rfc9110, rfc9112, row, show, table

CATEGORY = "smuggling"
HELLO_CHUNKED = chunked(b"hello")


def ambiguous(
    slug: str, what: str, references: tuple[str, ...], lines: tuple[bytes, ...], body: bytes,
    status: bytes = b"HTTP/1.1 200 OK",
) -> Row:  # fmt: skip
    """A response with header ``lines`` and ``body``; ``what`` names the ambiguity."""
    description = f"{what}; headers {show(b' | '.join(lines), 60)!r}"
    return row(slug, description, references, head(status, *lines) + body)


SCENARIOS = table(
    CATEGORY, "malicious",
    ambiguous("bare-cr-in-header",
              "bare CR hides a Content-Length inside X-A (py3 email parser splits it: body 'he')",
              ("cpython#114782", rfc9112("2.2")), (b"X-A: 1\rContent-Length: 2",), b"hello"),
    ambiguous("space-before-colon",
              "'Content-Length : 2' (whitespace before the colon must be rejected)",
              (rfc9112("5.1"), "gh-93158"), (b"Content-Length : 2",), b"hello"),
    ambiguous("tab-before-colon", "'Content-Length<TAB>: 2'", (rfc9112("5.1"),),
              (b"Content-Length\t: 2",), b"hello"),
    ambiguous("cl-duplicate-same",
              "Content-Length: 5 twice (2.6 merges to '5, 5' and reads to EOF)",
              (rfc9110("8.6"), notes("1.4")), (b"Content-Length: 5", b"Content-Length: 5"),
              b"hello"),
    ambiguous("cl-conflicting",
              "Content-Length 2 then 5 (py3: first wins, 3 bytes left on the wire)",
              (rfc9110("8.6"), rfc9112("6.3"), notes("2.2")),
              (b"Content-Length: 2", b"Content-Length: 5"), b"hello"),
    ambiguous("cl-comma-list", "Content-Length: '5, 5' in one line", (rfc9110("8.6"),),
              (b"Content-Length: 5, 5",), b"hello"),
    ambiguous("cl-comma-conflict", "Content-Length: '2, 5' in one line", (rfc9110("8.6"),),
              (b"Content-Length: 2, 5",), b"hello"),
    ambiguous("te-trailing-space",
              "'Transfer-Encoding: chunked ' with a trailing space (py3: not chunked)",
              (notes("2.2"), rfc9112("6.1")), (b"Transfer-Encoding: chunked ",), HELLO_CHUNKED),
    ambiguous("te-duplicate",
              "Transfer-Encoding: chunked twice (2.6 merges to 'chunked, chunked': not chunked)",
              (notes("1.4"), rfc9112("6.1")),
              (b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked"), HELLO_CHUNKED),
    ambiguous("te-gzip-chunked", "'gzip, chunked' (chunked is final, 2.6 reads raw to EOF)",
              (rfc9112("6.1"), notes("1.4")), (b"Transfer-Encoding: gzip, chunked",),
              HELLO_CHUNKED),
    ambiguous("te-chunked-gzip", "'chunked, gzip' (chunked not final: read to close)",
              (rfc9112("6.3"),), (b"Transfer-Encoding: chunked, gzip",), HELLO_CHUNKED),
    ambiguous("te-identity", "obsolete 'identity' coding, body to EOF", (rfc9112("6.1"),),
              (b"Transfer-Encoding: identity",), b"hello"),
    ambiguous("te-unknown", "unknown coding 'x-custom' (2.6 never raises UnknownTransferEncoding)",
              (rfc9112("6.1"), notes("1.4")), (b"Transfer-Encoding: x-custom",), b"hello"),
    ambiguous("te-uppercase-space-in-value",
              "'Transfer-Encoding:  CHUNKED' (upper case, two spaces)",
              (rfc9112("6.1"),), (b"Transfer-Encoding:  CHUNKED",), HELLO_CHUNKED),
    ambiguous("te-and-cl", "TE chunked plus a wrong Content-Length: 3 (CL must be ignored)",
              (rfc9112("6.3"), "CWE-444"),
              (b"Content-Length: 3", b"Transfer-Encoding: chunked"), HELLO_CHUNKED),
    ambiguous("cl-and-te", "TE chunked plus Content-Length: 100, larger than the body",
              (rfc9112("6.3"), "CWE-444"),
              (b"Transfer-Encoding: chunked", b"Content-Length: 100"), HELLO_CHUNKED),
    ambiguous("te-http10", "chunked on an HTTP/1.0 response (2.6 honours it)",
              (rfc9112("6.1"), notes("1.4")), (b"Transfer-Encoding: chunked",), HELLO_CHUNKED,
              status=b"HTTP/1.0 200 OK"),
    ambiguous("te-obs-fold", "Transfer-Encoding value on a folded continuation line",
              (rfc9112("5.2"), notes("1.3")), (b"Transfer-Encoding:", b" chunked"), HELLO_CHUNKED),
)  # fmt: skip
