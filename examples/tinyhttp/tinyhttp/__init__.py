"""tinyhttp: http.client with its own header writing (the worked example of README.md's
"Certify your implementation in CI").

It is everything http.client is, except ``HTTPConnection.putheader``, which tinyhttp
writes itself: it checks the name and every value before the line goes out.  The
line marked ``# the value check`` is what the README's one-line regression removes.
"""

import http.client
import re

globals().update({k: v for k, v in vars(http.client).items() if not k.startswith("__")})

_LEGAL_NAME = re.compile(rb"[^:\s][^:\r\n]*").fullmatch
# a CR or LF that does not start a folded continuation line
_ILLEGAL_VALUE = re.compile(rb"\n(?![ \t])|\r(?![ \t\n])").search


class HTTPResponse(http.client.HTTPResponse):
    pass


class HTTPConnection(http.client.HTTPConnection):
    response_class = HTTPResponse

    def putheader(self, header, *values):
        if self._HTTPConnection__state != http.client._CS_REQ_STARTED:
            raise CannotSendHeader()  # noqa: F821 - one of the names taken from http.client
        name = header.encode("ascii") if isinstance(header, str) else header
        if not _LEGAL_NAME(name):
            raise ValueError(f"Invalid header name {name!r}")
        encoded = [
            value.encode("latin-1") if isinstance(value, str)
            else str(value).encode("ascii") if isinstance(value, int) else value
            for value in values
        ]
        for value in encoded:
            if _ILLEGAL_VALUE(value):  # the value check
                raise ValueError(f"Invalid header value {value!r}")
        self._output(name + b": " + b"\r\n\t".join(encoded))
