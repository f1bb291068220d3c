"""Hardening bounds of the response parser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Line length, header and trailer lines, interim responses.

    The defaults are CPython 3's (65536-byte lines, 100 header lines) plus the trailer
    and interim bounds of gh-150743.
    """

    max_line: int = 65536
    max_headers: int = 100
    max_trailers: int = 100
    max_interim: int = 100

    def __post_init__(self) -> None:
        for name in ("max_line", "max_headers", "max_trailers", "max_interim"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive int, got {value!r}")


DEFAULT_LIMITS = Limits()
