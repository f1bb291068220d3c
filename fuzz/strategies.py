"""Hypothesis strategies for HTTP/1.1 responses, from the RFC 9112 grammar.

Strategy: every strategy is keyword-only, its bounds taken from the RFC (or from
the parser limits the RFC leaves to implementations) and validated with
InvalidArgument naming the argument; draws stay local so examples shrink toward
fewer fields, shorter values, fewer chunks and no extensions. `responses()` builds a
valid response together with what a correct client must conclude from it (the one
record of a conclusion, httpcts.reference.Conclusion), so the round-trip property
needs no second parser; `mutated_responses()` applies one
targeted mutation from a table of known parser weak spots (smuggling, overflow,
leniency) and says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, Optional, Sequence, Tuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

if TYPE_CHECKING:
    from httpcts.reference import Conclusion

Fields = Tuple[Tuple[str, str], ...]

# RFC 9110 5.6.2 tchar; RFC 9110 5.5 field-vchar (VCHAR only: obs-text is obsolete).
TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
VCHAR = "".join(chr(c) for c in range(0x21, 0x7F))
FRAMINGS = ("content-length", "chunked", "until-close", "no-body")
FRAMING_NAMES = frozenset(("content-length", "transfer-encoding", "connection", "trailer"))
MAX_LINE = 65536  # CPython's and the reference's line limit (RFC 9112 2.3 leaves it open)
MAX_FIELDS = 100  # the same for header lines (RFC 9112 5 leaves it open)


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidArgument(f"{name}={value!r} must be an int in [{low}, {high}]")


@dataclass(frozen=True)
class GeneratedResponse:
    """A generator's input: the bytes of a response, the method it answers and what a
    correct client concludes from them (`expected`; connection reuse is not judged)."""

    wire: bytes
    method: str
    expected: Conclusion


def status_codes(*, min_code: int = 200, max_code: int = 599) -> st.SearchStrategy[int]:
    """RFC 9110 15: status-code = 3DIGIT, classes 1xx-5xx; shrinks toward `min_code`.

    Common codes (200, 204, 304, 404) are drawn more often than a uniform draw would.
    """
    _check_int("min_code", min_code, 100, 999)
    _check_int("max_code", max_code, min_code, 999)
    common = [c for c in (200, 204, 206, 301, 304, 404, 500) if min_code <= c <= max_code]
    uniform = st.integers(min_code, max_code)
    return st.sampled_from(common) | uniform if common else uniform


def reason_phrases(*, max_size: int = 30) -> st.SearchStrategy[str]:
    """RFC 9112 4: reason-phrase = 1*( HTAB / SP / VCHAR ) or empty; shrinks toward ""."""
    _check_int("max_size", max_size, 0, MAX_LINE - 13)
    return st.text(alphabet=VCHAR + " \t", max_size=max_size)


def status_lines(*, versions: Sequence[str] = ("1.0", "1.1"),
                 codes: Optional[st.SearchStrategy[int]] = None) -> st.SearchStrategy[bytes]:
    """RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF.

    Shrinks toward the first version, the smallest code and an empty reason.
    """
    if not versions or any(v not in ("1.0", "1.1") for v in versions):
        raise InvalidArgument(f"versions={versions!r} must be a non-empty subset of ('1.0', '1.1')")
    return st.builds(
        lambda v, c, r: f"HTTP/{v} {c:03d} {r}\r\n".encode("ascii"),
        st.sampled_from(tuple(versions)), codes or status_codes(), reason_phrases(),
    )


def field_names(*, max_size: int = 20, exclude: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """RFC 9110 5.1: field-name = token; shrinks toward short names of early tchars."""
    _check_int("max_size", max_size, 1, MAX_LINE)
    banned = {name.lower() for name in exclude}
    return st.text(alphabet=TCHAR, min_size=1, max_size=max_size).filter(
        lambda name: name.lower() not in banned
    )


def field_values(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """RFC 9110 5.5: field-value = *field-content: VCHARs with SP/HTAB only inside.

    Shrinks toward the empty value.
    """
    _check_int("max_size", max_size, 0, MAX_LINE)
    return st.text(alphabet=VCHAR + " \t", max_size=max_size).map(lambda v: v.strip(" \t"))


def header_fields(*, max_fields: int = 8, max_value: int = 40) -> st.SearchStrategy[Fields]:
    """RFC 9112 5 field lines, none that changes framing; shrinks toward no fields.

    Duplicate names are likely (a short name alphabet), as RFC 9110 5.3 allows them.
    """
    _check_int("max_fields", max_fields, 0, MAX_FIELDS - 4)
    pair = st.tuples(field_names(exclude=tuple(FRAMING_NAMES)) | st.sampled_from(["X-A", "Via", "Date"]),
                     field_values(max_size=max_value))
    return st.lists(pair, max_size=max_fields).map(tuple)


def chunk_extensions(*, max_extensions: int = 2) -> st.SearchStrategy[bytes]:
    """RFC 9112 7.1.1 chunk-ext = *( ";" name [ "=" ( token / quoted-string ) ] ).

    Shrinks toward no extension.
    """
    _check_int("max_extensions", max_extensions, 0, 64)
    token = st.text(alphabet=TCHAR, min_size=1, max_size=8)
    quoted = st.text(alphabet="".join(c for c in VCHAR if c not in '"\\') + " ", max_size=8).map(
        lambda t: f'"{t}"'
    )
    ext = st.builds(lambda n, v: f";{n}" + (f"={v}" if v else ""), token, st.none() | token | quoted)
    return st.lists(ext, max_size=max_extensions).map(lambda items: "".join(items).encode("ascii"))


def chunked_bodies(*, max_chunks: int = 6, max_chunk_size: int = 64, extensions: bool = True,
                   trailers: bool = True) -> st.SearchStrategy[Tuple[bytes, bytes, Fields]]:
    """RFC 9112 7.1 chunked body -> (wire, decoded body, trailer fields).

    Sizes use lower- or upper-case hex, sometimes with leading zeros. Shrinks toward
    fewer, shorter chunks with no extensions and no trailers.
    """
    _check_int("max_chunks", max_chunks, 0, 1024)
    _check_int("max_chunk_size", max_chunk_size, 1, 1 << 20)
    return _chunked_bodies(max_chunks, max_chunk_size, extensions, trailers)


@st.composite
def _chunked_bodies(draw: st.DrawFn, max_chunks: int, max_chunk_size: int, extensions: bool,
                    trailers: bool) -> Tuple[bytes, bytes, Fields]:
    chunks = draw(st.lists(st.binary(min_size=1, max_size=max_chunk_size), max_size=max_chunks))
    wire = b""
    for chunk in chunks:
        size = draw(st.sampled_from(["%x", "%X", "0%x"])) % len(chunk)
        ext = draw(chunk_extensions()) if extensions else b""
        wire += size.encode("ascii") + ext + b"\r\n" + chunk + b"\r\n"
    wire += b"0" + (draw(chunk_extensions()) if extensions else b"") + b"\r\n"
    fields = draw(header_fields(max_fields=3)) if trailers else ()
    wire += b"".join(f"{n}: {v}\r\n".encode("ascii") for n, v in fields) + b"\r\n"
    return wire, b"".join(chunks), fields


def responses(*, framings: Sequence[str] = FRAMINGS, max_body: int = 256, interim: bool = True,
              method: str = "GET") -> st.SearchStrategy[GeneratedResponse]:
    """A valid RFC 9112 response to `method` and its expected reading.

    Framings: Content-Length (RFC 9112 6.3 item 5), chunked (item 3), close-delimited
    (item 8) and no body (item 1: HEAD, 1xx, 204, 304). Interim 1xx responses (not 101)
    may come first. Shrinks toward no interim response, the first framing, no fields
    and an empty body.
    """
    if not framings or any(f not in FRAMINGS for f in framings):
        raise InvalidArgument(f"framings={framings!r} must be a non-empty subset of {FRAMINGS}")
    _check_int("max_body", max_body, 0, 1 << 24)
    if method not in ("GET", "HEAD"):
        raise InvalidArgument(f"method={method!r} must be 'GET' or 'HEAD'")
    return _responses(tuple(framings), max_body, interim, method)


@st.composite
def _responses(draw: st.DrawFn, framings: Tuple[str, ...], max_body: int, interim: bool,
               method: str) -> GeneratedResponse:
    framing = draw(st.sampled_from(framings))
    if method == "HEAD":
        framing = "no-body"
    interims = draw(st.lists(st.sampled_from([100, 102, 103]), max_size=2)) if interim else []
    wire = b"".join(b"HTTP/1.1 %d Info\r\n\r\n" % code for code in interims)
    version = "1.1" if framing == "chunked" else draw(st.sampled_from(["1.1", "1.0"]))
    if framing == "no-body" and method == "GET":
        status = draw(st.sampled_from([204, 304]))
    else:
        status = draw(status_codes().filter(lambda c: c not in (204, 304)))
    reason = draw(reason_phrases(max_size=12))
    fields = list(draw(header_fields()))
    body, payload = b"", b""
    length: Optional[int] = 0 if framing == "no-body" else None
    trailers: Fields = ()
    if framing == "content-length":
        body = payload = draw(st.binary(max_size=max_body))
        length = len(body)
        fields.insert(draw(st.integers(0, len(fields))), ("Content-Length", draw(st.sampled_from(["%d", "%03d"])) % length))
    elif framing == "chunked":
        payload, body, trailers = draw(chunked_bodies(max_chunk_size=max(1, max_body // 4)))
        fields.insert(draw(st.integers(0, len(fields))), ("Transfer-Encoding", "chunked"))
    elif framing == "until-close":
        body = payload = draw(st.binary(max_size=max_body))
    wire += f"HTTP/{version} {status} {reason}\r\n".encode("ascii")
    wire += b"".join(f"{n}: {v}\r\n".encode("ascii") for n, v in fields) + b"\r\n"
    # imported here, not with this module: see oracles._ref
    from httpcts.reference import Conclusion, InterimResponse

    expected = Conclusion(
        interim=tuple(InterimResponse(11, code, "Info", ()) for code in interims),
        version=10 if version == "1.0" else 11, status=status, reason=reason, fields=tuple(fields),
        framing=framing, length=length,
        head_length=len(wire), body=body, trailers=trailers, trailing=b"",
    )
    return GeneratedResponse(wire + payload, method, expected)


def _replace_first(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    return lambda wire: wire.replace(old, new, 1)


# name -> mutation of a response's bytes; each is a known weak spot of some parser
MUTATIONS: Dict[str, Callable[[bytes], bytes]] = {
    "lf-line-ends": lambda w: w.replace(b"\r\n", b"\n"),
    "bare-cr-in-field": _replace_first(b"\r\n", b"\rX-Smuggled: 1\r\n"),
    "obs-fold": _replace_first(b"\r\n", b"\r\n folded\r\n"),
    "space-before-colon": _replace_first(b":", b" :"),
    "nul-in-field": _replace_first(b": ", b": \x00"),
    "leading-whitespace-line": _replace_first(b"\r\n", b"\r\n X-Lead: 1\r\n"),
    "duplicate-content-length": _replace_first(b"Content-Length:", b"Content-Length: 1\r\nContent-Length:"),
    "huge-content-length": lambda w: w.replace(b"Content-Length: ", b"Content-Length: 1180591620717411303424", 1),
    "signed-content-length": lambda w: w.replace(b"Content-Length: ", b"Content-Length: +", 1),
    "underscore-content-length": lambda w: w.replace(b"Content-Length: ", b"Content-Length: 1_", 1),
    "te-trailing-space": _replace_first(b"chunked\r\n", b"chunked \r\n"),
    "te-and-cl": _replace_first(b"Transfer-Encoding: chunked\r\n", b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n"),
    "te-gzip-chunked": _replace_first(b"Transfer-Encoding: chunked", b"Transfer-Encoding: gzip, chunked"),
    "huge-chunk-size": lambda w: w.replace(b"\r\n\r\n", b"\r\n\r\n8000000000000000\r\n", 1),
    "negative-chunk-size": lambda w: w.replace(b"\r\n\r\n", b"\r\n\r\n-5\r\n", 1),
    "hex-prefix-chunk-size": lambda w: w.replace(b"\r\n\r\n", b"\r\n\r\n0x", 1),
    "junk-after-chunk-data": lambda w: w[: w.rfind(b"\r\n0")] + b"XX" + w[w.rfind(b"\r\n0") + 2 :] if b"\r\n0" in w else w,
    "http2-version": _replace_first(b"HTTP/1.1", b"HTTP/2.0"),
    "status-underscore": lambda w: w[:9] + b"2_0" + w[12:] if len(w) > 12 else w,
    "unicode-space-status": _replace_first(b" ", b"\xa0"),
}


def mutated_responses(*, base: Optional[st.SearchStrategy[GeneratedResponse]] = None,
                      truncate: bool = True) -> st.SearchStrategy[Tuple[str, bytes]]:
    """(mutation name, bytes): one entry of MUTATIONS applied to a valid response.

    With `truncate`, the result may also be cut short anywhere (EOF mid-message).
    Shrinks toward the first mutation of the table, the base's simplest response and
    no truncation.
    """
    if base is not None and not isinstance(base, st.SearchStrategy):
        raise InvalidArgument(f"base={base!r} must be a strategy of GeneratedResponse")
    return _mutated(base if base is not None else responses(), truncate)


@st.composite
def _mutated(draw: st.DrawFn, base: st.SearchStrategy[GeneratedResponse], truncate: bool) -> Tuple[str, bytes]:
    response = draw(base)
    name = draw(st.sampled_from(sorted(MUTATIONS)))
    wire = MUTATIONS[name](response.wire)
    if truncate and draw(st.booleans()):
        wire = wire[: draw(st.integers(0, len(wire)))]
        name += "+truncated"
    return name, wire
