"""Nothing becomes something else: untrusted text (titles, venues, ids, URLs from the list or a source) written
into a format where some characters mean markup, a formula or a field's end. One function per target; every
export that writes such a format uses these."""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters Markdown (and GitHub's renderer) reads as markup: escaped with a backslash so they show as written.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~")
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """Text inside an XML element: ``&``, ``<`` and ``>`` as entities (str.replace, not xml.sax.saxutils: the
    GraphML of 50,000 papers escapes millions of values)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """An XML attribute's value, double-quoted: also ``"`` and the whitespace an XML parser would normalise
    (newline, carriage return, tab) as character references, so the value reads back as written."""
    return '"' + xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;") \
        .replace("\t", "&#9;") + '"'


def markdown_text(text: str) -> str:
    """Text that Markdown shows as written: no link, emphasis, heading or HTML from a title."""
    out = "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))
    return " ".join(out.split())


def markdown_url(url: str) -> str:
    """A URL that stays whole inside ``[text](…)``: a ``)``, a space, ``<`` or ``[`` in a DOI would end the link
    early and let what follows be read as markup."""
    return quote(str(url), safe=":/?#@!$&'*+,;=%~-._")


def csv_cell(value):
    """A CSV cell a spreadsheet will not run: text that starts like a formula is prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def bibtex_verbatim(value: str) -> str:
    """A DOI, URL or eprint as a BibTeX field's value: braces and backslashes (which would end the field, or start
    another: ``10.1234/x},title={pwned``) are percent-encoded, whitespace removed."""
    return re.sub(r"[{}\\\\\s%]", lambda m: "%" + format(ord(m.group(0)), "02X"), str(value))
