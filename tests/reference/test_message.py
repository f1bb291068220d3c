"""HTTPMessage: the mimetools.Message interface of 2.6 over the parsed fields.

Repeated fields are merged with ", " (getheader, [], dict, items, get); getheaders(name)
keeps one value per field line; names are matched without regard to case.
"""

from __future__ import annotations

import pytest
from helpers import response_from
from httpcts.reference import HTTPMessage

REPLY = (b"HTTP/1.1 200 OK\r\n"
         b"Content-Type: Text/HTML; charset=\"utf-8\"; Level = 1\r\n"
         b"Set-Cookie: a=1\r\n"
         b"X-Folded: one\r\n two\r\n"
         b"set-cookie: b=2\r\n"
         b"Content-Length: 0\r\n\r\n")


@pytest.fixture
def msg() -> HTTPMessage:
    response = response_from(REPLY)
    assert response.read() == b""
    return response.msg


def test_getheader(msg: HTTPMessage) -> None:
    assert msg.getheader("content-length") == "0"
    assert msg.getheader("SET-COOKIE") == "a=1, b=2"
    assert msg.getheader("x-folded") == "one two"
    assert msg.getheader("nope") is None
    assert msg.getheader("nope", "d") == "d"
    assert msg.get("Set-Cookie") == "a=1, b=2"
    assert msg.get("nope", 5) == 5


def test_getheaders_one_value_per_field(msg: HTTPMessage) -> None:
    assert msg.getheaders("Set-Cookie") == ["a=1", "b=2"]
    assert msg.getheaders("nope") == []


def test_mapping_interface(msg: HTTPMessage) -> None:
    assert msg["set-cookie"] == msg["Set-Cookie"] == "a=1, b=2"
    with pytest.raises(KeyError):
        msg["nope"]
    assert "CONTENT-TYPE" in msg and "nope" not in msg and 5 not in msg
    assert msg.has_key("x-folded")
    assert len(msg) == 4
    keys = ["content-type", "set-cookie", "x-folded", "content-length"]
    assert msg.keys() == keys
    assert list(msg) == keys
    assert msg.values() == ['Text/HTML; charset="utf-8"; Level = 1', "a=1, b=2", "one two", "0"]
    assert msg.items() == list(zip(keys, msg.values()))
    assert msg.dict == dict(msg.items())


def test_raw_lines(msg: HTTPMessage) -> None:
    assert msg.headers == [
        'Content-Type: Text/HTML; charset="utf-8"; Level = 1\r\n',
        "Set-Cookie: a=1\r\n",
        "X-Folded: one two\r\n",
        "set-cookie: b=2\r\n",
        "Content-Length: 0\r\n",
    ]
    assert str(msg) == "".join(msg.headers)
    assert msg.getallmatchingheaders("SET-COOKIE") == ["Set-Cookie: a=1\r\n", "set-cookie: b=2\r\n"]
    assert msg.getallmatchingheaders("nope") == []
    # rfc822's getrawheader: the first matching field, text after the colon as is
    assert msg.getrawheader("x-folded") == " one two\r\n"
    assert msg.getrawheader("set-cookie") == " a=1\r\n"
    assert msg.getrawheader("nope") is None
    assert msg.fields[1] == ("Set-Cookie", "a=1")


def test_content_type_helpers(msg: HTTPMessage) -> None:
    assert msg.gettype() == "text/html"
    assert msg.getmaintype() == "text"
    assert msg.getsubtype() == "html"
    assert msg.getplist() == ['charset="utf-8"', "level=1"]
    assert msg.getparam("CHARSET") == "utf-8"
    assert msg.getparam("level") == "1"
    assert msg.getparam("nope") is None
    assert msg.getencoding() == "7bit"


@pytest.mark.parametrize("fields, kind, plist", [
    ((), "text/plain", []),
    ((("Content-Type", "garbage"),), "text/plain", []),
    ((("Content-Type", "application/json;"),), "application/json", []),
    ((("Content-Type", "a/b; q=\""),), "a/b", ['q="']),
])
def test_content_type_defaults(fields, kind: str, plist) -> None:
    msg = HTTPMessage(fields)
    assert msg.gettype() == kind
    assert msg.getplist() == plist


def test_plist_lowers_keys_not_values_as_mimetools_documents() -> None:
    # the example of the mimetools documentation, plus a parameter without a value
    msg = HTTPMessage((("Content-type", "text/html; spam=1; Spam=2; Spam"),))
    assert msg.getplist() == ["spam=1", "spam=2", "Spam"]
    assert msg.getparam("SPAM") == "1"


@pytest.mark.parametrize("raw, value", [
    ('"quoted"', "quoted"), ("<angled>", "angled"), ("<", "<"), ('"x>', '"x>'), ("Plain", "Plain"),
])
def test_getparam_removes_quotes_and_angle_brackets(raw: str, value: str) -> None:
    assert HTTPMessage((("Content-Type", f"a/b; Id={raw}"),)).getparam("id") == value


def test_getparam_needs_name_equals_value() -> None:
    assert HTTPMessage((("Content-Type", "a/b; flag"),)).getparam("flag") is None


def test_param_with_a_lone_quote_is_kept() -> None:
    assert HTTPMessage((("Content-Type", 'a/b; q="'),)).getparam("q") == '"'


def test_getencoding() -> None:
    msg = HTTPMessage((("Content-Transfer-Encoding", "BASE64"),))
    assert msg.getencoding() == "base64"


def test_empty_message() -> None:
    msg = HTTPMessage()
    assert (len(msg), msg.items(), msg.headers, str(msg), msg.status) == (0, [], [], "", "")
