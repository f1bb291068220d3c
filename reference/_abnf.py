"""The HTTP/1.1 grammar pieces the reference parses and writes, one regex per rule.

Each rule quotes its RFC source. Regexes work on str decoded as ISO-8859-1 (one
character per byte), so a character class such as [\\x80-\\xff] means obs-text.
Deliberate leniencies are listed beside the rule with their reason; all of them are
also written down in BEHAVIOUR.md.
"""

from __future__ import annotations

import re

# RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
#                         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA ; token = 1*tchar
TCHAR = r"[-!#$%&'*+.^_`|~0-9A-Za-z]"
TOKEN = TCHAR + "+"
token_re = re.compile(TOKEN)

# RFC 9110 5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
QUOTED_STRING = r'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'

# RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
#   HTTP-version = "HTTP/" DIGIT "." DIGIT ; status-code = 3DIGIT
#   reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
# Leniency: the SP before an empty reason may be missing ("HTTP/1.1 200"), as many
# servers send it and nothing becomes ambiguous.
status_line_re = re.compile(
    r"HTTP/(?P<major>[0-9])\.(?P<minor>[0-9]) (?P<status>[0-9]{3})"
    r"(?: (?P<reason>[\t\x20-\x7e\x80-\xff]*))?"
)
# Anything that looks like an HTTP-version token, to tell UnknownProtocol ("HTTP/2.0",
# "HTTP/2") from a garbled status line ("HTTP/1.1junk 200").
http_version_re = re.compile(r"HTTP/[0-9]+(?:\.[0-9]+)?")

# RFC 9110 8.6: Content-Length = 1*DIGIT (no sign, no "_", no hex, no spaces inside)
content_length_re = re.compile(r"[0-9]+")

# RFC 9112 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
#   chunk-size = 1*HEXDIG
#   chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
# Leniency: trailing OWS after the size or extensions (servers pad), as h11 allows.
CHUNK_EXT = rf"(?:[ \t]*;[ \t]*{TOKEN}(?:[ \t]*=[ \t]*(?:{TOKEN}|{QUOTED_STRING}))?)*"
chunk_header_re = re.compile(rf"(?P<size>[0-9A-Fa-f]+){CHUNK_EXT}[ \t]*")

# Caller input checked before anything is sent (request side).
# RFC 9110 9.1: method = token
method_re = token_re
# RFC 9112 3.2: request-target; no CTL, SP or DEL may reach the request line.
forbidden_in_target_re = re.compile(r"[\x00-\x20\x7f]")
# A host may not carry CTLs, SP, DEL or characters that end the authority.
forbidden_in_host_re = re.compile(r"[\x00-\x20\x7f/?#@\\]")
# RFC 9110 5.5: field-value = *field-content; no CTL other than HTAB.
forbidden_in_value_re = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
