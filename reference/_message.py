"""HTTPMessage: the response headers behind the mimetools.Message interface of 2.6.

Built from the parser's (name, value) pairs. Like 2.6, repeated fields are merged
with ", " for `getheader`, `msg[name]`, `dict` and `items()`, while `getheaders(name)`
keeps one value per field. Unlike 2.6, items keep the order in which fields first
appeared. The merged dict is built on first use: most callers read two or three
headers, and the parser already decided framing without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Dict, List, Optional, Protocol, Tuple, TypeVar, Union, overload

from ._events import Fields

_T = TypeVar("_T")
_QUOTES = (('"', '"'), ("<", ">"))  # the quotes getparam() removes (mimetools documentation)


def _param(text: str) -> str:
    """One Content-Type parameter as mimetools.getplist() gives it: ``key=value``, key lowered."""
    key, equals, value = text.partition("=")
    return f"{key.strip().lower()}={value.strip()}" if equals else text


class _HasFields(Protocol):
    @property
    def fields(self) -> Fields: ...


class HTTPMessage:
    def __init__(self, fields: Union[Fields, _HasFields] = ()) -> None:
        # a parser's fields are built on first use (most callers read only the body)
        self._source = fields
        self._merged: Optional[Dict[str, str]] = None
        self.status = ""

    @property
    def _fields(self) -> Fields:
        source = self._source
        if isinstance(source, tuple):
            return source
        self._source = fields = source.fields
        return fields

    @property
    def fields(self) -> Fields:
        """The fields in wire order, as received (names in their original case)."""
        return self._fields

    @property
    def dict(self) -> Dict[str, str]:
        merged = self._merged
        if merged is None:
            merged = {}
            for name, value in self._fields:
                key = name.lower()
                merged[key] = f"{merged[key]}, {value}" if key in merged else value
            self._merged = merged
        return merged

    @property
    def headers(self) -> List[str]:
        """The header lines as 2.6 kept them, each ending in CRLF."""
        return [f"{name}: {value}\r\n" for name, value in self._fields]

    @overload
    def getheader(self, name: str) -> Optional[str]: ...
    @overload
    def getheader(self, name: str, default: _T) -> Union[str, _T]: ...
    def getheader(self, name: str, default: object = None) -> object:
        return self.dict.get(name.lower(), default)

    get = getheader

    def getheaders(self, name: str) -> List[str]:
        key = name.lower()
        return [value for field, value in self._fields if field.lower() == key]

    def getallmatchingheaders(self, name: str) -> List[str]:
        key = name.lower()
        return [line for line, (field, _) in zip(self.headers, self._fields) if field.lower() == key]

    def getrawheader(self, name: str) -> Optional[str]:
        """The text after the colon of the first matching line, as rfc822 gave it."""
        lines = self.getallmatchingheaders(name)
        if not lines:
            return None
        return lines[0].split(":", 1)[1]

    def __getitem__(self, name: str) -> str:
        return self.dict[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self.dict

    has_key = __contains__

    def __len__(self) -> int:
        return len(self.dict)

    def __iter__(self) -> Iterator[str]:
        return iter(self.dict)

    def keys(self) -> List[str]:
        return list(self.dict)

    def values(self) -> List[str]:
        return list(self.dict.values())

    def items(self) -> List[Tuple[str, str]]:
        return list(self.dict.items())

    def __str__(self) -> str:
        return "".join(self.headers)

    # -- the Content-Type helpers of mimetools.Message --------------------------

    def _content_type(self) -> Tuple[str, List[str]]:
        raw = self.getheader("content-type")
        if raw is None:
            return "text/plain", []
        kind, *params = (part.strip() for part in raw.split(";"))
        return (kind.lower() if "/" in kind else "text/plain"), [_param(p) for p in params if p]

    def gettype(self) -> str:
        return self._content_type()[0]

    def getmaintype(self) -> str:
        return self.gettype().split("/", 1)[0]

    def getsubtype(self) -> str:
        return self.gettype().split("/", 1)[1]

    def getplist(self) -> List[str]:
        """The Content-Type parameters; in ``key=value`` the key is lower-cased, the value kept."""
        return self._content_type()[1]

    def getparam(self, name: str) -> Optional[str]:
        """The first parameter ``name=value``'s value, without surrounding ``"..."`` or ``<...>``."""
        wanted = name.lower()
        for param in self.getplist():
            key, equals, value = param.partition("=")
            if equals and key == wanted:
                if len(value) > 1 and (value[0], value[-1]) in _QUOTES:
                    value = value[1:-1]
                return value
        return None

    def getencoding(self) -> str:
        return (self.getheader("content-transfer-encoding") or "7bit").lower()
