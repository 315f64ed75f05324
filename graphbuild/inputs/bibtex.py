"""BibTeX and BibLaTeX (.bib) as Zotero, JabRef, Overleaf and Google Scholar write them → papers.

Parsed by bibtexparser 2 (``@string`` macros resolved, authors split into name parts), then each value is turned
into plain Unicode text: values with LaTeX in them (a backslash, ``$``, ``~``) through pylatexenc, the library
bibtexparser's own LaTeX middleware uses, after the common accents and letters are done directly; the rest only lose
their protective braces (a 10,000-entry file: 15 s through pylatexenc alone, 2.5 s so). Each entry becomes a
:class:`~.references.Reference`. ``crossref`` is resolved here (bibtexparser leaves it): an entry inherits the
fields it lacks from the entry it names. Blocks that cannot be
parsed are reported as ``FILE:LINE: why``; the rest is imported.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import bibtexparser
from bibtexparser import middlewares
from pylatexenc.latex2text import LatexNodes2Text

from .references import Reference, build_result, first, year_of
from .result import ImportResult

VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "eventtitle", "publisher", "school", "institution",
                "howpublished")


LATEX_RE = re.compile(r"[\\$~^]")
_LATEX = LatexNodes2Text()
# The accents and letters names are full of, done directly (pylatexenc takes a millisecond a value); anything else
# with a backslash still goes to pylatexenc.
ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
           ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
           "r": "\u030a"}
ACCENT_RE = re.compile(r"\\([`'^\"~=.]|[uvHckr](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
# escaped specials wait in private-use characters while pylatexenc runs (it would read a bare $ as math)
LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
           "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "\ue000", "%": "\ue001", "_": "\ue002", "#": "\ue003",
           "$": "\ue004"}
RESTORE = str.maketrans({"\ue000": "&", "\ue001": "%", "\ue002": "_", "\ue003": "#", "\ue004": "$"})
LETTER_RE = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![A-Za-z])\s*(?:\{\})?|\\([&%_#$])")


def _accent(m: re.Match) -> str:
    letter = (m.group(2) or m.group(3) or "").lstrip("\\")
    letter = {"i": "i", "j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + ACCENTS[m.group(1)])


@lru_cache(maxsize=65536)
def plain_text(value: str) -> str:
    """A BibTeX value as plain Unicode text: ``{\\"u}ber {No} {Deal}`` → ``über No Deal``."""
    if "\\" in value:
        value = ACCENT_RE.sub(_accent, value)
        value = LETTER_RE.sub(lambda m: LETTERS[m.group(1) or m.group(2)], value)
    if LATEX_RE.search(value):
        try:
            value = _LATEX.latex_to_text(value)
        except Exception:  # noqa: BLE001 - pylatexenc gives up on some malformed LaTeX: keep the raw text
            pass
    return " ".join(value.replace("{", "").replace("}", "").translate(RESTORE).split())


def _names(value: object) -> tuple[str, ...]:
    """Authors as "Given Family" (bibtexparser's name parts), whatever form the file wrote them in."""
    if not isinstance(value, list):
        return ()
    names = []
    for part in value:
        if isinstance(part, middlewares.NameParts):
            name = " ".join([*part.first, *part.von, *part.last, *part.jr]).strip()
        else:
            name = str(part).strip()
        name = plain_text(name)
        if name and name.lower() != "others":
            names.append(name)
    return tuple(names)


def _failure(name: str, block) -> str:
    """``FILE:LINE: why`` for a block bibtexparser could not use."""
    where = f"{name}:{(block.start_line or 0) + 1}"
    previous = getattr(block, "previous_block", None)
    if previous is not None and getattr(block, "key", None):
        first_line = (previous.start_line or 0) + 1
        return f"{where}: a second entry with the key '{block.key}' (the first, on line {first_line}, is used)"
    error = getattr(block, "error", None)
    return f"{where}: cannot be read as a BibTeX entry ({str(error or type(block).__name__)[:120]})"


def parse_bibtex(text: str, name: str = "references.bib", *, category_field: str | None = None,
                 category: str | None = None) -> ImportResult:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(),
                                                                 middlewares.SplitNameParts()])
    problems = [_failure(name, block) for block in library.failed_blocks]
    by_key = {entry.key.lower(): entry for entry in library.entries}
    containers = {str(e.fields_dict["crossref"].value).lower() for e in library.entries if "crossref" in e.fields_dict}
    refs = []
    for entry in library.entries:
        if entry.key.lower() in containers and entry.entry_type.lower() in ("proceedings", "book", "collection",
                                                                              "mvproceedings", "mvbook"):
            continue  # a volume that other entries name with crossref: where they appeared, not a paper
        fields: dict[str, list[str]] = {}
        for f in entry.fields:
            if isinstance(f.value, str):
                fields.setdefault(f.key.lower(), []).append(plain_text(f.value))
        parent_key = (first(fields, "crossref") or "").lower()
        parent = by_key.get(parent_key) if parent_key else None
        if parent is not None:  # inherit what the entry lacks from the proceedings or book it names
            for f in parent.fields:
                if isinstance(f.value, str) and f.key.lower() not in fields:
                    fields[f.key.lower()] = [plain_text(f.value)]
        author_field = entry.fields_dict.get("author") or entry.fields_dict.get("editor")
        if author_field is None and parent is not None:
            author_field = parent.fields_dict.get("author")
        venue = first(fields, *VENUE_FIELDS)
        refs.append(Reference(
            line=(entry.start_line or 0) + 1, key=entry.key, title=first(fields, "title"),
            authors=_names(author_field.value) if author_field is not None else (),
            year=year_of(first(fields, "year", "date")), venue=venue,
            doi=first(fields, "doi"), urls=fields.get("url", []), fields=fields))
    return build_result(refs, name, problems, category_field=category_field, category=category)
