"""Spec quotes and references as HTML: just enough reStructuredText, and links.

Strategy: the spec file's directives hold paragraphs, literal blocks (after
``::``), notes, version markers, inline literals and roles; `rst_to_html` renders
those and nothing else, escaping everything.  `reference_link` turns a reference
such as "RFC 9112 §6.3" or "CVE-2021-3737" into a URL from one table.
"""

from __future__ import annotations

import re
from typing import Optional

from markupsafe import escape

_REFERENCE_LINKS = (
    (re.compile(r"^RFC\s*(\d+)\s*§\s*([\d.]+)$"), "https://www.rfc-editor.org/rfc/rfc{0}#section-{1}"),
    (re.compile(r"^RFC\s*(\d+)$"), "https://www.rfc-editor.org/rfc/rfc{0}"),
    (re.compile(r"^(CVE-\d{4}-\d+)$"), "https://www.cve.org/CVERecord?id={0}"),
    (re.compile(r"^CWE-(\d+)$"), "https://cwe.mitre.org/data/definitions/{0}.html"),
    (re.compile(r"^bpo-(\d+)$"), "https://bugs.python.org/issue{0}"),
    (re.compile(r"^(?:gh-|cpython#)(\d+)$"), "https://github.com/python/cpython/issues/{0}"),
    (re.compile(r"^urllib3#(\d+)$"), "https://github.com/urllib3/urllib3/issues/{0}"),
    (re.compile(r"^PEP\s*(\d+)$"), "https://peps.python.org/pep-{0:0>4}/"),
    (re.compile(r"^(https?://\S+)$"), "{0}"),
)


def reference_link(reference: str) -> Optional[str]:
    """A URL for a reference such as "RFC 9112 §6.3", "CVE-2021-3737" or "bpo-13684"."""
    for pattern, template in _REFERENCE_LINKS:
        match = pattern.match(reference.strip())
        if match:
            return template.format(*match.groups())
    return None


_INLINE = re.compile(
    r"``(?P<lit>.+?)``"  # ``literal``
    r"|:[a-z]+:`~?(?P<role>[^`]+)`"  # :role:`target`
    r"|(?<![\w*])\*(?P<em>[^*\s][^*]*)\*(?!\w)"  # *emphasis*
)


def _inline(text: str) -> str:
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        out.append(str(escape(text[pos : match.start()])))
        if match.group("lit") is not None:
            out.append(f"<code>{escape(match.group('lit'))}</code>")
        elif match.group("role") is not None:
            out.append(f"<code>{escape(match.group('role'))}</code>")
        else:
            out.append(f"<em>{escape(match.group('em'))}</em>")
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return "".join(out)


def rst_to_html(text: str) -> str:
    """Just enough reStructuredText for spec quotes: paragraphs, literal blocks,
    notes and version markers, inline literals and roles."""
    blocks, current = [], []
    for line in text.splitlines() + [""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    html, literal_next, note_next = [], False, False
    for block in blocks:
        indented = all(line[:1].isspace() for line in block)
        head = block[0].strip()
        if literal_next and indented:
            body = "\n".join(line[3:] if line.startswith("   ") else line for line in block)
            html.append(f"<pre class='literal'>{escape(body)}</pre>")
            continue
        literal_next = False
        version = re.match(r"\.\. version(added|changed)::\s*(\S+)", head)
        if version:
            rest = " ".join(line.strip() for line in block[1:])
            words = "New in version" if version.group(1) == "added" else "Changed in version"
            detail = ": " + _inline(rest) if rest else "."
            html.append(f"<p class='version'>{words} {version.group(2)}{detail}</p>")
            continue
        if head.startswith(".. note::"):
            rest = " ".join(line.strip() for line in block[1:])
            if rest:
                html.append(f"<p class='note'><strong>Note:</strong> {_inline(rest)}</p>")
            else:
                note_next = True
            continue
        paragraph = " ".join(line.strip() for line in block)
        if paragraph.endswith("::"):
            literal_next = True
            paragraph = paragraph[:-1]
        css = " class='note'" if note_next and indented else ""
        prefix = "<strong>Note:</strong> " if css else ""
        note_next = False
        html.append(f"<p{css}>{prefix}{_inline(paragraph)}</p>")
    return "\n".join(html)
