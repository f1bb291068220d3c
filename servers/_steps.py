"""Script steps: what a scripted server does on one connection, as plain data.

Strategy: every step is a small frozen dataclass validated when built, so a bad
scenario fails where it is written rather than halfway through a test run.  The
engine (`_engine.py`) interprets steps; nothing here touches a socket.

JSON form: ``{"step": "<tag>", <field>: <value>, ...}``.  Byte strings are encoded
as Latin-1 text (byte N becomes code point N), which keeps HTTP bytes readable in
the JSON and round-trips every byte exactly; tuples become lists.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Union

# Hard ceiling for one Flood step: floods are bounded by design, and a typo that
# asks for gigabytes should fail when the scenario is built, not fill a disk.
MAX_FLOOD_BYTES = 64 * 1024 * 1024


# A request-line word (method or target): what `ExpectRequest.fits` compares.
_REQUEST_WORD = re.compile(r"[\x21-\x7e\x80-\xff]+")


class ScenarioError(ValueError):
    """A scenario or step was built (or decoded) from invalid data."""


def _fail(owner: str, field: str, value: object, expected: str) -> ScenarioError:
    return ScenarioError(f"{owner}.{field} must be {expected}, got {value!r}")


def _check_bytes(owner: str, field: str, value: object) -> None:
    if not isinstance(value, bytes):
        raise _fail(owner, field, value, "bytes")


def _check_seconds(owner: str, field: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value < 0:  # type: ignore[operator, arg-type]
        expected = "a finite number of seconds >= 0" + (" or None" if optional else "")
        raise _fail(owner, field, value, expected)


def _check_count(owner: str, field: str, value: object, *, minimum: int = 1) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise _fail(owner, field, value, f"an int >= {minimum}")


@dataclass(frozen=True)
class ExpectRequest:
    """Read one whole request (head, then a body framed by Content-Length or chunked).

    The request is recorded parsed and raw.  A request larger than the limits, a
    malformed one, or EOF before it is complete ends the script (recorded as a
    ``bad-request`` or ``eof`` event).  ``timeout`` (seconds, scaled) defaults to
    the connection deadline.

    ``method`` and ``target`` (None: any) say which request the steps after this
    one answer; a scenario that answers by request picks its answer with them
    (see `Scenario`).
    """

    TAG: ClassVar[str] = "expect_request"
    max_head_bytes: int = 65536
    max_headers: int = 200
    max_body_bytes: int = 16 * 1024 * 1024
    timeout: float | None = None
    method: str | None = None
    target: str | None = None

    def __post_init__(self) -> None:
        _check_count("ExpectRequest", "max_head_bytes", self.max_head_bytes)
        _check_count("ExpectRequest", "max_headers", self.max_headers, minimum=0)
        _check_count("ExpectRequest", "max_body_bytes", self.max_body_bytes, minimum=0)
        _check_seconds("ExpectRequest", "timeout", self.timeout, optional=True)
        for field in ("method", "target"):
            value = getattr(self, field)
            if value is not None and not (isinstance(value, str) and _REQUEST_WORD.fullmatch(value)):
                raise _fail("ExpectRequest", field, value, "None or a non-empty Latin-1 word without spaces")

    def fits(self, method: bytes, target: bytes) -> bool:
        """Whether a request with this method and target is the one expected here."""
        return (self.method is None or self.method.encode("latin-1") == method) and (
            self.target is None or self.target.encode("latin-1") == target
        )


@dataclass(frozen=True)
class Send:
    """Send ``data`` as fast as the peer takes it."""

    TAG: ClassVar[str] = "send"
    data: bytes

    def __post_init__(self) -> None:
        _check_bytes("Send", "data", self.data)


@dataclass(frozen=True)
class SendPieces:
    """Send ``data`` in pieces, sleeping ``delay`` seconds (scaled) between pieces.

    ``sizes`` gives the piece lengths in order; the last size repeats until the
    data is used up, so ``sizes=(1,)`` sends every byte on its own (a drip).
    """

    TAG: ClassVar[str] = "send_pieces"
    data: bytes
    sizes: tuple[int, ...] = (1,)
    delay: float = 1.0

    def __post_init__(self) -> None:
        _check_bytes("SendPieces", "data", self.data)
        if not isinstance(self.sizes, tuple) or not self.sizes:
            raise _fail("SendPieces", "sizes", self.sizes, "a non-empty tuple of ints >= 1")
        for size in self.sizes:
            _check_count("SendPieces", "sizes", size)
        _check_seconds("SendPieces", "delay", self.delay)

    def pieces(self) -> tuple[bytes, ...]:
        """The pieces in sending order."""
        out, offset, index = [], 0, 0
        while offset < len(self.data):
            size = self.sizes[min(index, len(self.sizes) - 1)]
            out.append(self.data[offset : offset + size])
            offset += size
            index += 1
        return tuple(out)


@dataclass(frozen=True)
class Sleep:
    """Do nothing for ``seconds`` (scaled); bytes that arrive meanwhile stay unread."""

    TAG: ClassVar[str] = "sleep"
    seconds: float

    def __post_init__(self) -> None:
        _check_seconds("Sleep", "seconds", self.seconds)


@dataclass(frozen=True)
class Stall:
    """Stay silent, recording whatever arrives, until the peer closes.

    Ends after ``seconds`` (scaled) if given, else at the connection deadline.
    """

    TAG: ClassVar[str] = "stall"
    seconds: float | None = None

    def __post_init__(self) -> None:
        _check_seconds("Stall", "seconds", self.seconds, optional=True)


@dataclass(frozen=True)
class Close:
    """Graceful close: FIN now; unread input is drained briefly so no RST follows."""

    TAG: ClassVar[str] = "close"


@dataclass(frozen=True)
class HalfClose:
    """Shut down the writing side (FIN) and keep reading; the script goes on."""

    TAG: ClassVar[str] = "half_close"


@dataclass(frozen=True)
class Reset:
    """Abortive close: SO_LINGER 0 then close, so the peer gets an RST (ECONNRESET)."""

    TAG: ClassVar[str] = "reset"


@dataclass(frozen=True)
class ExpectEOF:
    """Wait for the peer to close its side, recording what arrives first.

    A timeout (seconds, scaled; default the connection deadline) is recorded as a
    ``timeout`` event and ends the script.
    """

    TAG: ClassVar[str] = "expect_eof"
    timeout: float | None = None

    def __post_init__(self) -> None:
        _check_seconds("ExpectEOF", "timeout", self.timeout, optional=True)


@dataclass(frozen=True)
class Flood:
    """Send ``prefix`` then ``pattern`` over and over: an endless-looking stream.

    Stops when ``max_bytes`` of pattern have been sent or the peer goes away (the
    script then ends).  ``rate`` is in bytes per second (scaled: faster when
    time_scale < 1); None means as fast as the peer reads.  Whole patterns only.
    """

    TAG: ClassVar[str] = "flood"
    pattern: bytes
    max_bytes: int
    rate: float | None = None
    prefix: bytes = b""

    def __post_init__(self) -> None:
        _check_bytes("Flood", "pattern", self.pattern)
        _check_bytes("Flood", "prefix", self.prefix)
        if not self.pattern:
            raise _fail("Flood", "pattern", self.pattern, "non-empty bytes")
        _check_count("Flood", "max_bytes", self.max_bytes)
        if self.max_bytes > MAX_FLOOD_BYTES:
            raise _fail("Flood", "max_bytes", self.max_bytes, f"<= {MAX_FLOOD_BYTES}")
        if self.rate is not None:
            _check_seconds("Flood", "rate", self.rate)
            if self.rate == 0:
                raise _fail("Flood", "rate", self.rate, "> 0 bytes per second or None")

    @property
    def repeats(self) -> int:
        """How many whole patterns fit in the bound."""
        return max(1, self.max_bytes // len(self.pattern))


Step = Union[ExpectRequest, Send, SendPieces, Sleep, Stall, Close, HalfClose, Reset, ExpectEOF, Flood]

STEP_TYPES: dict[str, type[Any]] = {
    cls.TAG: cls
    for cls in (ExpectRequest, Send, SendPieces, Sleep, Stall, Close, HalfClose, Reset, ExpectEOF, Flood)
}

# Fields holding bytes or tuples, per step type, so decoding needs no annotations.
_BYTES_FIELDS = {"data", "pattern", "prefix"}
_TUPLE_FIELDS = {"sizes"}


def is_step(value: object) -> bool:
    return type(value) in STEP_TYPES.values()


def step_to_json(step: Step) -> dict[str, Any]:
    """The JSON object for one step (see the module docstring)."""
    out: dict[str, Any] = {"step": step.TAG}
    for field in dataclasses.fields(step):
        value = getattr(step, field.name)
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        elif isinstance(value, tuple):
            value = list(value)
        out[field.name] = value
    return out


def step_from_json(obj: object, where: str = "step") -> Step:
    """Decode one step; errors name the position, the field and the value."""
    if not isinstance(obj, dict) or "step" not in obj:
        raise ScenarioError(f"{where} must be an object with a 'step' tag, got {obj!r:.80}")
    tag = obj["step"]
    cls = STEP_TYPES.get(tag)
    if cls is None:
        raise ScenarioError(f"{where}.step must be one of {sorted(STEP_TYPES)}, got {tag!r}")
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for name, value in obj.items():
        if name == "step":
            continue
        if name not in known:
            raise ScenarioError(f"{where}: {cls.__name__} has no field {name!r}")
        if name in _BYTES_FIELDS:
            if not isinstance(value, str):
                raise _fail(where, name, value, "a Latin-1 string")
            try:
                value = value.encode("latin-1")
            except UnicodeEncodeError:
                raise _fail(where, name, f"{value:.40}", "Latin-1 text (code points < 256)") from None
        elif name in _TUPLE_FIELDS and isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    try:
        return cls(**kwargs)  # type: ignore[no-any-return]
    except TypeError as exc:
        raise ScenarioError(f"{where}: {exc}") from None
