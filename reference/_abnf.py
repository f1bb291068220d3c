"""The HTTP/1.1 grammar pieces the reference parses and writes, one named piece per rule.

Each rule quotes its RFC source. Every parser regex of the reference is composed
from these pieces (the one-pass head reader and the chunk fast path included), so
the response grammar is written once. Regexes work on text decoded as ISO-8859-1
(one character per byte), so a class such as [\\x80-\\xff] means obs-text; the fast
paths compile the same pieces as bytes patterns (`as_bytes`).

Every piece is unambiguous: no two quantified parts can match the same byte at the
same place (each OWS run is followed by a literal or a class without SP and HTAB; a
value starts with a byte OWS cannot take). So a failing match never retries a split
of the same bytes, and matching time is linear on every interpreter, with or without
possessive quantifiers (a test feeds the adversarial heads of BEHAVIOUR.md,
"Parse time"). Deliberate leniencies are listed beside the rule with their reason;
all of them are also written down in BEHAVIOUR.md.
"""

from __future__ import annotations

import re

# RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
#                         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA ; token = 1*tchar
TCHAR = r"[-!#$%&'*+.^_`|~0-9A-Za-z]"
TOKEN = TCHAR + "+"
token_re = re.compile(TOKEN)

# RFC 9110 5.6.3: OWS = *( SP / HTAB )
OWS = r"[ \t]*"

# RFC 9110 5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
#   (qdtext excludes DQUOTE and "\", so each byte has one reading)
QUOTED_STRING = r'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'

# RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
#   HTTP-version = "HTTP/" DIGIT "." DIGIT ; status-code = 3DIGIT
#   reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
# Leniency: the SP before an empty reason may be missing ("HTTP/1.1 200"), as many
# servers send it and nothing becomes ambiguous.
DIGIT = "[0-9]"
STATUS_CODE = DIGIT + "{3}"
REASON_PHRASE = r"[\t\x20-\x7e\x80-\xff]*"
STATUS_LINE = (
    rf"HTTP/(?P<major>{DIGIT})\.(?P<minor>{DIGIT}) (?P<status>{STATUS_CODE})(?: (?P<reason>{REASON_PHRASE}))?"
)
status_line_re = re.compile(STATUS_LINE)
# Anything that looks like an HTTP-version token, to tell UnknownProtocol ("HTTP/2.0",
# "HTTP/2") from a garbled status line ("HTTP/1.1junk 200").
http_version_re = re.compile(r"HTTP/[0-9]+(?:\.[0-9]+)?")

# RFC 9112 5: field-line = field-name ":" OWS field-value OWS
#   field-name = token ; field-value = *field-content (RFC 9110 5.5)
# Leniency: a value may hold any byte but CR, LF and NUL (other CTLs and obs-text are
# kept, as 2.6 and Python 3 keep them); CR, LF and NUL are refused (BEHAVIOUR.md).
# FIELD_VALUE starts with a byte OWS cannot take, so the OWS before it has one reading;
# it takes the OWS after the value too, which callers strip (the end of the line, not
# a second OWS run, decides where a value ends: a regex OWS there would be ambiguous).
FIELD_BYTE = r"[\x01-\x09\x0b\x0c\x0e-\xff]"
FIELD_VCHAR = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x21-\xff]"  # FIELD_BYTE without SP, HTAB
FIELD_VALUE = rf"(?:{FIELD_VCHAR}{FIELD_BYTE}*)?"
# The one field-line parser: (name, value with any OWS after it); the line end is the
# caller's (CRLF or LF). Header and trailer blocks, the one-pass head and the error
# path that names a bad line all match field lines with this.
FIELD_LINE = rf"({TOKEN}):{OWS}({FIELD_VALUE})"
field_line_re = re.compile(FIELD_LINE)
# A block of field lines, each ending in LF or CRLF, one match per line (findall).
field_lines_re = re.compile(rf"^{FIELD_LINE}\r?\n", re.MULTILINE)

# RFC 9110 8.6: Content-Length = 1*DIGIT (no sign, no "_", no hex, no spaces inside)
content_length_re = re.compile(r"[0-9]+")

# RFC 9112 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
#   chunk-size = 1*HEXDIG
#   chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
# Leniency: OWS after the size or extensions (servers pad), as h11 allows. Written
# with each OWS run after the item it follows (size, name, value), the same language
# with one reading of every run.
HEXDIG = "[0-9A-Fa-f]"
CHUNK_SIZE = rf"(?P<size>{HEXDIG}+)"
CHUNK_EXT = rf"(?:;{OWS}{TOKEN}{OWS}(?:={OWS}(?:{TOKEN}|{QUOTED_STRING}){OWS})?)*"
chunk_header_re = re.compile(rf"{CHUNK_SIZE}{OWS}{CHUNK_EXT}")
# The chunk fast path: sizes of at most 15 hex digits (a Python int, no extensions).
SHORT_CHUNK_SIZE = HEXDIG + "{1,15}"

# Caller input checked before anything is sent (request side).
# RFC 9110 9.1: method = token
method_re = token_re
# RFC 9112 3.2: request-target; no CTL, SP or DEL may reach the request line.
forbidden_in_target_re = re.compile(r"[\x00-\x20\x7f]")
# A host may not carry CTLs, SP, DEL or characters that end the authority.
forbidden_in_host_re = re.compile(r"[\x00-\x20\x7f/?#@\\]")
# RFC 9110 5.5: field-value = *field-content; no CTL other than HTAB.
forbidden_in_value_re = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def as_bytes(pattern: str) -> bytes:
    """A piece as a bytes pattern, for the fast paths that match undecoded bytes."""
    return pattern.encode("latin-1")
