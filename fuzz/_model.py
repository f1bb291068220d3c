"""An independent model of RFC 9112 response framing, used only as a fuzz oracle.

Strategy: written from the RFC text, sharing no code or regex with httpcts.reference,
so a bug in the reference's grammar cannot hide in the oracle as well (the lesson of
h11's CVE-2025-43859: check what the parser concluded). Two tools:

* `strict_response(data)` accepts only the clearly valid subset of RFC 9112 (CRLF
  line ends, no obs-fold, no obs-text, one framing header, small heads) and returns
  what any correct client must conclude, as the record every reader shares
  (httpcts.reference.Conclusion): status, fields, body, trailers and the bytes left
  on the wire, or error "IncompleteRead" when EOF cuts the framed body short; None
  for anything outside the subset. Only the record type and the framing names come
  from the reference: they are vocabulary, not grammar.
* `dechunk(data, lenient=...)` decodes a chunked body (RFC 9112 7.1) and says how
  many bytes it used; `lenient=True` adds the leniencies the reference documents
  (LF alone ends a line, OWS after the size and around extensions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

if TYPE_CHECKING:
    from httpcts.reference import Conclusion

Fields = Tuple[Tuple[str, str], ...]

TCHAR = frozenset(b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
HEXDIG = frozenset(b"0123456789ABCDEFabcdef")
VCHAR_SP_HTAB = frozenset(range(0x20, 0x7F)) | {0x09}
OBS_TEXT = frozenset(range(0x80, 0x100))
OWS = b" \t"
MAX_MODEL_FIELDS = 50  # well under every implementation's header-count limit
MAX_MODEL_LINE = 4096  # well under every implementation's line limit


# The byte classes above as deletion tables: a value is made of allowed bytes when
# deleting them leaves nothing (C speed, and no regex shared with the reference).
_TCHAR_BYTES = bytes(sorted(TCHAR))
_VCHAR_SP_HTAB_BYTES = bytes(sorted(VCHAR_SP_HTAB))
_VALUE_OBS_BYTES = bytes(sorted(VCHAR_SP_HTAB | OBS_TEXT))


def is_token(data: bytes) -> bool:
    """RFC 9110 5.6.2 token = 1*tchar."""
    return bool(data) and not data.translate(None, _TCHAR_BYTES)


def is_field_value(data: bytes, *, obs_text: bool = False) -> bool:
    """RFC 9110 5.5 field-value without leading/trailing OWS (obs-text optional)."""
    allowed = _VALUE_OBS_BYTES if obs_text else _VCHAR_SP_HTAB_BYTES
    return not data.translate(None, allowed) and data == data.strip(OWS)


def _lines_until_blank(data: bytes, pos: int) -> Optional[Tuple[List[bytes], int]]:
    """CRLF-ended lines from `pos` up to an empty line; None if it never comes."""
    lines: List[bytes] = []
    while True:
        end = data.find(b"\r\n", pos)
        if end < 0:
            return None
        line = data[pos:end]
        pos = end + 2
        if not line:
            return lines, pos
        if b"\n" in line or b"\r" in line or len(line) > MAX_MODEL_LINE:
            return None
        lines.append(line)
        if len(lines) > MAX_MODEL_FIELDS:
            return None


def _strict_fields(lines: List[bytes]) -> Optional[Fields]:
    """RFC 9112 5: field-line = field-name ":" OWS field-value OWS (no obs-fold)."""
    fields = []
    for line in lines:
        name, colon, value = line.partition(b":")
        value = value.strip(OWS)
        if not colon or not is_token(name) or not is_field_value(value):
            return None
        fields.append((name.decode("ascii"), value.decode("ascii")))
    return tuple(fields)


def _strict_status(line: bytes) -> Optional[Tuple[int, int, str]]:
    """RFC 9112 4: "HTTP/1.x" SP 3DIGIT SP reason, x in 0-1, code 100-599, no obs-text."""
    if len(line) < 13 or not line.startswith(b"HTTP/1.") or line[7:8] not in (b"0", b"1"):
        return None
    if line[8:9] != b" " or line[12:13] != b" " or not line[9:12].isdigit():
        return None
    status = int(line[9:12])
    reason = line[13:]
    if not 100 <= status <= 599 or reason.translate(None, _VCHAR_SP_HTAB_BYTES):
        return None
    return (10 if line[7:8] == b"0" else 11), status, reason.decode("ascii")


def strict_response(data: bytes, *, method: str = "GET") -> Optional[Conclusion]:
    """The conclusion for a clearly valid response, or None outside that subset.

    The whole input is what the server sent before closing the connection. The
    record leaves `will_close` and `expected` unset (None): the model does not judge
    them.
    """
    # imported here, not with this module: see oracles._ref
    from httpcts.reference import CHUNKED, LENGTH, NO_BODY, UNTIL_CLOSE, Conclusion, InterimResponse

    pos = 0
    interim: List[InterimResponse] = []
    while True:
        end = data.find(b"\r\n", pos)
        if end < 0:
            return None
        status_line = _strict_status(data[pos:end])
        if status_line is None:
            return None
        version, status, reason = status_line
        block = _lines_until_blank(data, end + 2)
        if block is None:
            return None
        lines, pos = block
        fields = _strict_fields(lines)
        if fields is None or status == 101:
            return None
        if status >= 200:
            break
        interim.append(InterimResponse(version, status, reason, fields))
        if len(interim) > 10:
            return None
    lengths = [value for name, value in fields if name.lower() == "content-length"]
    codings = [value for name, value in fields if name.lower() == "transfer-encoding"]
    rest = data[pos:]

    def build(framing: str, length: Optional[int], body: bytes, trailing: bytes,
              complete: bool, trailers: Fields = ()) -> Conclusion:
        return Conclusion(
            error=None if complete else "IncompleteRead", interim=tuple(interim), version=version,
            status=status, reason=reason, fields=fields, framing=framing, length=length,
            head_length=pos, will_close=None, body=body, expected=None, trailers=trailers,
            trailing=trailing,
        )

    if method == "HEAD" or status in (204, 304):
        if lengths or codings:
            return None  # allowed by RFC 9110 for HEAD/304, but outside the clear subset
        return build(NO_BODY, 0, b"", rest, True)
    if codings:
        if lengths or len(codings) != 1 or codings[0].lower() != "chunked" or version != 11:
            return None
        decoded = dechunk(rest, lenient=False)
        if decoded is None:
            return None
        body, trailers, used, complete = decoded
        return build(CHUNKED, None, body, rest[used:], complete, trailers)
    if lengths:
        if len(lengths) != 1 or not lengths[0].isdigit() or not lengths[0].isascii():
            return None
        length = int(lengths[0])
        return build(LENGTH, length, rest[:length], rest[length:], len(rest) >= length)
    return build(UNTIL_CLOSE, None, rest, b"", True)


def _chunk_ext_ok(ext: bytes, *, lenient: bool) -> bool:
    """RFC 9112 7.1.1 chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] )."""
    if lenient:
        ext = ext.rstrip(OWS)  # OWS after the size or the extensions
    if not ext:
        return True
    if not ext.lstrip(OWS if lenient else b"").startswith(b";"):
        return False
    items = ext.lstrip(OWS if lenient else b"")[1:].split(b";")
    # quoted-strings may contain ";": rejoin items inside an open quote
    merged: List[bytes] = []
    for item in items:
        if merged and merged[-1].count(b'"') % 2 == 1:
            merged[-1] += b";" + item
        else:
            merged.append(item)
    for item in merged:
        name, eq, value = item.partition(b"=")
        if lenient:
            name, value = name.strip(OWS), value.strip(OWS)
        if not is_token(name):
            return False
        if eq and not (is_token(value) or _is_quoted(value)):
            return False
    return True


def _is_quoted(value: bytes) -> bool:
    """RFC 9110 5.6.4 quoted-string."""
    if len(value) < 2 or value[:1] != b'"' or value[-1:] != b'"':
        return False
    inner, index = value[1:-1], 0
    while index < len(inner):
        byte = inner[index]
        if byte == 0x5C:  # backslash: quoted-pair
            if index + 1 >= len(inner) or inner[index + 1] not in VCHAR_SP_HTAB | OBS_TEXT:
                return False
            index += 2
            continue
        if byte == 0x22 or byte not in VCHAR_SP_HTAB | OBS_TEXT:
            return False
        index += 1
    return True


def _take_line(data: bytes, pos: int, *, lenient: bool) -> Optional[Tuple[bytes, int]]:
    """(line without its end, position after it); CRLF, or LF alone when lenient."""
    end = data.find(b"\n", pos)
    if end < 0:
        return None
    if end > pos and data[end - 1 : end] == b"\r":
        return data[pos : end - 1], end + 1
    if not lenient:
        return b"\r", end + 1  # a bare LF: a line no strict grammar accepts
    return data[pos:end], end + 1


def dechunk(data: bytes, *, lenient: bool) -> Optional[Tuple[bytes, Fields, int, bool]]:
    """(body, trailers, bytes used, complete) of a chunked body, or None if malformed.

    Incomplete input (EOF inside) gives complete=False with what was decoded.
    Trailer fields are compared as (name, value) with obs-fold joined by one SP when
    lenient, refused otherwise.
    """
    pos = 0
    parts: List[bytes] = []
    while True:
        taken = _take_line(data, pos, lenient=lenient)
        if taken is None:
            return b"".join(parts), (), len(data), False
        line, pos = taken
        if not lenient and len(line) > MAX_MODEL_LINE:
            return None
        digits = 0
        while digits < len(line) and line[digits] in HEXDIG:
            digits += 1
        if not digits or not _chunk_ext_ok(line[digits:], lenient=lenient):
            return None
        size = int(line[:digits], 16)
        if not size:
            break
        chunk = data[pos : pos + size]
        parts.append(chunk)
        pos += size
        if len(chunk) < size:
            return b"".join(parts), (), len(data), False
        end = data[pos : pos + 2]
        if end == b"\r\n":
            pos += 2
        elif lenient and end[:1] == b"\n":
            pos += 1
        elif end in (b"", b"\r"):
            return b"".join(parts), (), len(data), False
        else:
            return None
    trailers: List[Tuple[str, str]] = []
    while True:
        taken = _take_line(data, pos, lenient=lenient)
        if taken is None:
            return b"".join(parts), (), len(data), False
        line, pos = taken
        if not line:
            return b"".join(parts), tuple(trailers), pos, True
        if not lenient and (len(trailers) >= MAX_MODEL_FIELDS or len(line) > MAX_MODEL_LINE):
            return None  # outside the clear subset: implementations may apply limits
        if b"\r" in line or b"\x00" in line:
            return None
        if line[:1] in (b" ", b"\t"):
            if not lenient or not trailers:
                return None
            last_name, last_value = trailers[-1]
            folded = line.strip(OWS).decode("latin-1")
            if folded:  # obs-fold is replaced by one SP (RFC 9112 5.2): none for nothing
                trailers[-1] = (last_name, f"{last_value} {folded}" if last_value else folded)
            continue
        raw_name, colon, raw_value = line.partition(b":")
        if not colon or not is_token(raw_name):
            return None
        raw_value = raw_value.strip(OWS)
        if not lenient and not is_field_value(raw_value):
            return None
        trailers.append((raw_name.decode("ascii"), raw_value.decode("latin-1")))
