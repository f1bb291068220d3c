"""`responses`: every HTTP/1.1 status code maps to its name.

Strategy: the spec says "This dictionary maps the HTTP 1.1 status codes to the W3C
names", so each code of RFC 2616 §10 gets a doc case: the name must be the one RFC
2616 §10 gives it or, where RFC 9110 §15 renamed it (as CPython 3.13 does), the new
one.  306 is left out: RFC 2616 §10.3.7 keeps it only as a reserved, unused code,
so a table without it is not wrong.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from .._model import Case
from ._build import SPEC_REF, accepted, case

# (code, RFC 2616 §10 name, RFC 9110 §15 name where it differs)
NAMES: Tuple[Tuple[int, str, Optional[str]], ...] = (
    (100, "Continue", None), (101, "Switching Protocols", None),
    (200, "OK", None), (201, "Created", None), (202, "Accepted", None),
    (203, "Non-Authoritative Information", None), (204, "No Content", None),
    (205, "Reset Content", None), (206, "Partial Content", None),
    (300, "Multiple Choices", None), (301, "Moved Permanently", None), (302, "Found", None),
    (303, "See Other", None), (304, "Not Modified", None), (305, "Use Proxy", None),
    (307, "Temporary Redirect", None),
    (400, "Bad Request", None), (401, "Unauthorized", None), (402, "Payment Required", None),
    (403, "Forbidden", None), (404, "Not Found", None), (405, "Method Not Allowed", None),
    (406, "Not Acceptable", None), (407, "Proxy Authentication Required", None),
    (408, "Request Timeout", None), (409, "Conflict", None), (410, "Gone", None),
    (411, "Length Required", None), (412, "Precondition Failed", None),
    (413, "Request Entity Too Large", "Content Too Large"),
    (414, "Request-URI Too Long", "URI Too Long"), (415, "Unsupported Media Type", None),
    (416, "Requested Range Not Satisfiable", "Range Not Satisfiable"),
    (417, "Expectation Failed", None),
    (500, "Internal Server Error", None), (501, "Not Implemented", None),
    (502, "Bad Gateway", None), (503, "Service Unavailable", None),
    (504, "Gateway Timeout", None), (505, "HTTP Version Not Supported", None),
)


RESPONSES_LINES = (383, 385)


def _named(code: int, name: str, renamed: Optional[str]) -> Case:
    names = [name] + ([renamed] if renamed else [])
    return case(f"responses.name.{code}", None, "doc", "MUST", lines=RESPONSES_LINES,
                spec=("responses",),
                refs=(f"{SPEC_REF}: responses", f"RFC 2616 §10 ({code})", "RFC 9110 §15"),
                program=({"op": "responses_get", "code": code, "key": "name"},),
                desc=f"responses[{code}]", expect=(accepted(name={"$in": names}),),
                requirement=f"responses maps the HTTP/1.1 code {code} to its name: "
                            + " or ".join(repr(n) for n in names))


CASES = tuple(_named(code, name, renamed) for code, name, renamed in NAMES)


def cases() -> List[Case]:
    return list(CASES)
