"""The header object: `HTTPResponse.msg` is documented as a `mimetools.Message`.

Strategy: the spec file says only "A mimetools.Message instance containing the
response headers", so what a doc case may demand is what the 2.6 documentation of
mimetools.Message (and of rfc822.Message, its base) states a method returns; each
row below quotes that sentence as its requirement and cites the spec's msg lines.
One scenario carries every Content-Type feature those sentences speak of (case of
type and keys, quoted and <angled> values, a parameter without a value, two
parameters with one name); the defaults are read from a response without
Content-Type.  An implementation whose `msg` lacks a documented method raises at
the call and fails, as a documented signature is part of the doc profile.
"""

from __future__ import annotations

from typing import Any, List

from .._model import Case
from ._build import SPEC_REF, accepted, case
from ._programs import Op, connect, getresponse, read, request

MIMETOOLS = "mimetools docs (2.6): Message objects"
RFC822 = "rfc822 docs (2.6): Message objects"
PARAMS = "headers.content-type-params"
PLAIN = "headers.repeated"  # X-Multi twice, Content-Length; no Content-Type, no X-Absent
MSG = ("HTTPResponse.msg",)
MSG_LINES = (503, 505)
RAW_HEADER = ("getrawheader(name) returns the text after the colon of the first matching header, "
              "leading whitespace and line end included, or None if no header matches")


def _call(method: str, *args: Any, key: str = "") -> Op:
    return {"op": "attr", "of": "resp", "name": f"msg.{method}", "call": True,
            "args": list(args), "key": key or method}


def _calling(*calls: Op) -> tuple:
    return (connect(), request(), getresponse()) + calls + (read(),)


def _desc(call: Op, scenario: str) -> str:
    return f"resp.msg.{call['name'][4:]}(...) after a response from {scenario}"


def _row(slug: str, scenario: str, calls: tuple, expected: dict, requirement: str,
         source: str) -> Case:
    return case(f"message.api.{slug}", scenario, "doc", "MUST", lines=MSG_LINES, spec=MSG,
                refs=(f"{SPEC_REF}: HTTPResponse.msg", source), program=_calling(*calls),
                desc=_desc(calls[0], scenario), expect=(accepted(**expected),),
                requirement=requirement)


CASES = (
    _row("gettype", PARAMS, (_call("gettype"),), {"gettype": "text/html"},
         "gettype() returns type/subtype of Content-Type, converted to lower case", MIMETOOLS),
    _row("getmaintype", PARAMS, (_call("getmaintype"),), {"getmaintype": "text"},
         "getmaintype() returns the main type, converted to lower case", MIMETOOLS),
    _row("getsubtype", PARAMS, (_call("getsubtype"),), {"getsubtype": "html"},
         "getsubtype() returns the subtype, converted to lower case", MIMETOOLS),
    _row("getplist", PARAMS, (_call("getplist"),),
         {"getplist": ["spam=1", "spam=2", "Flag", 'charset="utf-8"', "boundary=<b1>",
                       "level=Top", 'empty=""', 'lone="']},
         "getplist() lists the parameters; for key=value the key is converted to lower case "
         "but the value is not", MIMETOOLS),
    _row("getparam-first", PARAMS, (_call("getparam", "SPAM", key="spam"),), {"spam": "1"},
         "getparam(name) returns the value of the first parameter of the form name=value",
         MIMETOOLS),
    _row("getparam-quoted", PARAMS, (_call("getparam", "charset", key="charset"),),
         {"charset": "utf-8"}, 'getparam() removes quotes of the form "..." around the value',
         MIMETOOLS),
    _row("getparam-angled", PARAMS, (_call("getparam", "boundary", key="boundary"),),
         {"boundary": "b1"}, "getparam() removes quotes of the form <...> around the value",
         MIMETOOLS),
    _row("getparam-plain", PARAMS,
         (_call("getparam", "level", key="level"), _call("getparam", "lone", key="lone")),
         {"level": "Top", "lone": '"'},
         "getparam() keeps a value that no quotes surround as it is: 'Top', and a lone '\"'",
         MIMETOOLS),
    _row("getparam-empty-quotes", PARAMS, (_call("getparam", "empty", key="empty"),),
         {"empty": ""}, 'getparam() removes the quotes of "" and returns the empty value',
         MIMETOOLS),
    _row("getparam-missing", PARAMS, (_call("getparam", "flag", key="flag"),), {"flag": None},
         "getparam() returns None when no parameter of the form name=value has that name",
         MIMETOOLS),
    _row("getencoding", PARAMS, (_call("getencoding"),), {"getencoding": "base64"},
         "getencoding() returns Content-Transfer-Encoding, converted to lower case", MIMETOOLS),
    _row("defaults", PLAIN,
         (_call("gettype"), _call("getmaintype"), _call("getsubtype"), _call("getencoding")),
         {"gettype": "text/plain", "getmaintype": "text", "getsubtype": "plain",
          "getencoding": "7bit"},
         "without Content-Type, gettype() is 'text/plain', getmaintype() 'text', getsubtype() "
         "'plain'; without Content-Transfer-Encoding, getencoding() is '7bit'", MIMETOOLS),
    _row("getheader-default", PLAIN,
         (_call("getheader", "CONTENT-length", key="length"),
          _call("getheader", "X-Absent", "none", key="absent")),
         {"length": "5", "absent": "none"},
         "getheader(name[, default]) gives the value of the first header named name (names "
         "compare without case), stripped, or default when there is none", RFC822),
    _row("getallmatchingheaders", PLAIN,
         (_call("getallmatchingheaders", "X-MULTI", key="lines"),
          _call("getallmatchingheaders", "x-absent", key="none")),
         {"lines": {"$len": 2}, "none": []},
         "getallmatchingheaders(name) lists the lines of all headers matching name, the empty "
         "list if none", RFC822),
    _row("getrawheader", PLAIN,
         (_call("getrawheader", "content-LENGTH", key="raw"),
          _call("getrawheader", "x-absent", key="none")),
         {"raw": {"$in": [" 5\r\n", " 5\n"]}, "none": None}, RAW_HEADER, RFC822),
    _row("getrawheader-first", "headers.set-cookie-three",
         (_call("getrawheader", "SET-COOKIE", key="raw"),),
         {"raw": {"$in": [" a=1; Path=/\r\n", " a=1; Path=/\n"]}}, RAW_HEADER, RFC822),
    _row("getrawheader-colons", "headers.typical-set", (_call("getrawheader", "date", key="raw"),),
         {"raw": {"$in": [" Tue, 15 Nov 1994 08:12:31 GMT\r\n",
                          " Tue, 15 Nov 1994 08:12:31 GMT\n"]}}, RAW_HEADER, RFC822),
    _row("mapping", PLAIN,
         (_call("__getitem__", "content-LENGTH", key="item"),
          _call("__contains__", "Content-Length", key="in"),
          _call("__contains__", "x-absent", key="not_in")),
         {"item": "5", "in": True, "not_in": False},
         "m[name] is like m.getheader(name) but raises KeyError if absent; `name in m` tells "
         "whether the header is present (names compare without case)", RFC822),
)


def cases() -> List[Case]:
    return list(CASES)
