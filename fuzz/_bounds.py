"""The hardened profile's bounds as a fuzz oracle: a valid response, stretched past a bound, is refused.

Strategy: libFuzzer's inputs stay under 8 KB, so no input can itself cross a 64 KB
line limit, and reaching a hundred repeated header lines takes a long campaign. The
fuzzer supplies the context instead (an interim response, a chunked body with
trailers, a HEAD response...) and this oracle stretches one element of a clearly
valid response (`_model.strict_response`) past the reference's bound: one line to
twice the line limit, or twice the bound's count of field lines, trailer lines or
interim responses. The implementation must refuse the stretched response (an
HTTPException from begin() or read()); reading it to the end is a finding
(`unbounded`, naming the bound). The bounds are the reference's DEFAULT_LIMITS, the
hardened profile's numbers (RFC 9112 leaves them to the client; CVE-2013-1752,
CVE-2021-3737 and gh-150743 are what happens without them).

Cost: only whole deliveries (split plan 0, one control byte in 16) of valid
responses are stretched, and each stretch once per response shape (interim statuses,
final status, framing, method, whether there are fields or trailers) in a process:
the bound either holds in that context or it does not. A stretch that does not apply
(trailers of a Content-Length body) is skipped.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Callable, List, Optional, Set, Tuple

from . import _model
from ._io import FakeSocket
from .oracles import Finding, control

if TYPE_CHECKING:
    from httpcts.reference import Conclusion

PAD = b"X-Pad: 0\r\n"
STRETCH = 2  # how far past each bound a stretched response goes


def _limits() -> object:
    from httpcts.reference import DEFAULT_LIMITS

    return DEFAULT_LIMITS


def _head_ends(data: bytes, heads: int) -> List[int]:
    """Where each of the first `heads` heads ends (after its blank line); CRLF-only input."""
    ends, at = [], 0
    for _ in range(heads):
        at = data.find(b"\r\n\r\n", at) + 4
        ends.append(at)
    return ends


def _stretch_line(data: bytes, model: Conclusion, ends: List[int]) -> Optional[bytes]:
    """The final head's status line (or first field line) made twice the line limit."""
    limit = _limits().max_line  # type: ignore[attr-defined]
    status_start = ends[-2] if len(ends) > 1 else 0
    line_end = data.find(b"\r\n", status_start)
    filler = b"a" * (STRETCH * limit)
    if model.fields:
        return data[:line_end + 2] + b"X-Pad: " + filler + b"\r\n" + data[line_end + 2 :]
    if model.reason:
        return data[:line_end] + filler + data[line_end:]
    return None


def _more_fields(data: bytes, model: Conclusion, ends: List[int]) -> Optional[bytes]:
    """The final head with twice max_headers extra field lines."""
    status_start = ends[-2] if len(ends) > 1 else 0
    at = data.find(b"\r\n", status_start) + 2
    return data[:at] + PAD * (STRETCH * _limits().max_headers) + data[at:]  # type: ignore[attr-defined]


def _interim_fields(data: bytes, model: Conclusion, ends: List[int]) -> Optional[bytes]:
    """The first interim response with twice max_headers field lines (CVE-2021-3737)."""
    if not model.interim:
        return None
    at = data.find(b"\r\n") + 2
    return data[:at] + PAD * (STRETCH * _limits().max_headers) + data[at:]  # type: ignore[attr-defined]


def _more_interim(data: bytes, model: Conclusion, ends: List[int]) -> Optional[bytes]:
    """The first interim response repeated twice max_interim times."""
    if not model.interim:
        return None
    first = data[: ends[0]]
    return first * (STRETCH * _limits().max_interim) + data  # type: ignore[attr-defined]


def _more_trailers(data: bytes, model: Conclusion, ends: List[int]) -> Optional[bytes]:
    """A chunked body with twice max_trailers trailer lines."""
    if model.framing != "chunked" or model.error is not None:
        return None
    decoded = _model.dechunk(data[ends[-1] :], lenient=False)
    if decoded is None:
        return None
    at = ends[-1] + decoded[2] - 2  # before the CRLF that ends the trailer section
    return data[:at] + PAD * (STRETCH * _limits().max_trailers) + data[at:]  # type: ignore[attr-defined]


Stretch = Callable[[bytes, "Conclusion", List[int]], Optional[bytes]]

# name -> how to stretch a valid response past that bound
STRETCHES: List[Tuple[str, Stretch]] = [
    ("line", _stretch_line),
    ("header lines", _more_fields),
    ("interim header lines", _interim_fields),
    ("interim responses", _more_interim),
    ("trailer lines", _more_trailers),
]


_tried: Set[tuple] = set()  # (stretch, shape) pairs this process has tried
MAX_TRIED = 100_000


def check_bounds(impl: types.ModuleType, data: bytes, control_byte: int) -> None:
    """Stretch a valid, wholly delivered response past each bound; accepting one is `unbounded`."""
    if control_byte & 0x0F:
        return
    method = control(control_byte)[1]
    model = _model.strict_response(data, method=method)
    if model is None or model.error is not None:  # outside the clear subset, or cut short
        return
    shape = (impl.__name__, method, tuple(interim.status for interim in model.interim), model.status,
             model.framing, bool(model.fields),
             bool(model.trailers), bool(model.reason))
    for name, stretch in STRETCHES:
        key = (name, shape)
        if key in _tried:
            continue
        if len(_tried) < MAX_TRIED:
            _tried.add(key)
        stretched = stretch(data, model, _head_ends(data, len(model.interim) + 1))
        if stretched is not None:
            _check_refused(impl, stretched, method, model.status, name)


def _check_refused(impl: types.ModuleType, stretched: bytes, method: str, status: int, name: str) -> None:
    sock = FakeSocket(stretched)
    response = None
    try:
        response = impl.HTTPResponse(sock, method=method)  # geventhttpclient reads here
        response.begin()
        response.read()
        read_status = response.status
    except impl.HTTPException:
        return
    finally:
        if response is not None:
            response.close()
        sock.close()
    if read_status == status:  # else it stopped before the stretch (another oracle's finding)
        raise Finding("unbounded", f"{name}; a valid response stretched past the bound "
                      f"({STRETCH}x the reference's) was read to the end, {len(stretched)} bytes")
