"""Inputs: reading lists in the forms people keep them, each turned into one :class:`ImportResult`.

``read(path)`` picks the reader from the file's extension, else from its content: awesome-list Markdown
(:mod:`.markdown`), BibTeX/BibLaTeX (:mod:`.bibtex`), RIS (:mod:`.ris`), CSL-JSON (:mod:`.csljson`) and a plain
list of identifiers (:mod:`.idlist`). Writing and merging papers.yaml from a result lives in :mod:`.listfile`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .markdown import parse_markdown
from .result import ImportedCategory, ImportedPaper, ImportResult, paper_id_for, slugify
from .text import UnreadableInput, read_text

__all__ = ["FORMATS", "ImportResult", "ImportedCategory", "ImportedPaper", "UnreadableInput", "detect_format",
           "paper_id_for", "parse", "parse_markdown", "read", "read_text", "slugify"]

# format name -> the file extensions that say so
FORMATS = {
    "markdown": (".md", ".markdown", ".mdown", ".mkd"),
    "bibtex": (".bib", ".bibtex", ".biblatex"),
    "ris": (".ris", ".nbib", ".enw"),
    "csl-json": (".json", ".csljson"),
    "ids": (".txt", ".ids", ".list"),
}


def detect_format(path: str | Path, text: str) -> str:
    """The format of a list, from its extension, else from its content."""
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes and name not in ("ids", "csl-json"):
            return name
    head = text.lstrip()[:4000]
    if head.startswith(("[", "{")):
        return "csl-json"
    if re.search(r"^\s*@\w+\s*[{(]", head, re.M):
        return "bibtex"
    if re.search(r"^TY  - ", head, re.M):
        return "ris"
    if suffix in FORMATS["ids"] or _looks_like_ids(head):
        return "ids"
    return "markdown"


def _looks_like_ids(head: str) -> bool:
    lines = [ln.strip() for ln in head.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    ident = re.compile(r"^(arxiv:\s*)?(\d{4}\.\d{4,5}(v\d+)?|10\.\d{4,9}/\S+|https?://\S+|doi:\S+)(\s|$)", re.I)
    return bool(lines) and sum(1 for ln in lines if ident.match(ln)) >= max(1, 0.8 * len(lines))


def parse(text: str, name: str, fmt: str, *, category_field: str | None = None,
          category: str | None = None) -> ImportResult:
    """Read ``text`` (named ``name`` in reports) as ``fmt``."""
    if fmt == "markdown":
        result = parse_markdown(text, name)
        if category:  # one category for everything, named by the user
            from .result import category_slug

            cid = category_slug(category)
            result.categories = [ImportedCategory(cid, category, 1)]
            for paper in result.papers:
                paper.category = cid
        return result
    if fmt == "bibtex":
        from .bibtex import parse_bibtex

        return parse_bibtex(text, name, category_field=category_field, category=category)
    if fmt == "ris":
        from .ris import parse_ris

        return parse_ris(text, name, category_field=category_field, category=category)
    if fmt == "csl-json":
        from .csljson import parse_csl_json

        return parse_csl_json(text, name, category_field=category_field, category=category)
    if fmt == "ids":
        from .idlist import parse_idlist

        return parse_idlist(text, name, category=category)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def read(path: str | Path, *, fmt: str | None = None, category_field: str | None = None,
         category: str | None = None) -> ImportResult:
    """Read a reading list from ``path`` (its format from ``fmt``, else detected); raise :class:`UnreadableInput`
    when the file cannot be read as text."""
    text, note = read_text(path)
    result = parse(text, str(path), fmt or detect_format(path, text), category_field=category_field,
                   category=category)
    if note:
        result.notes.append(note)
    return result
