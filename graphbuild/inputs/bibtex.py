"""BibTeX and BibLaTeX (.bib) as Zotero, JabRef, Overleaf and Google Scholar write them → papers.

Parsed by bibtexparser 2 (``@string`` macros resolved; LaTeX accents and braces decoded to Unicode through its
pylatexenc middleware), then each entry becomes a :class:`~.references.Reference`. ``crossref`` is resolved here
(bibtexparser leaves it): an entry inherits the fields it lacks from the entry it names. Blocks that cannot be
parsed are reported as ``FILE:LINE: why``; the rest is imported.
"""

from __future__ import annotations

import bibtexparser
from bibtexparser import middlewares

from .references import Reference, build_result, first, year_of
from .result import ImportResult

VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "eventtitle", "publisher", "school", "institution",
                "howpublished")


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
        if name and name.lower() != "others":
            names.append(name.replace("{", "").replace("}", ""))
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
    library = bibtexparser.parse_string(text, append_middleware=[
        middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
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
                fields.setdefault(f.key.lower(), []).append(" ".join(f.value.split()))
        parent_key = (first(fields, "crossref") or "").lower()
        parent = by_key.get(parent_key) if parent_key else None
        if parent is not None:  # inherit what the entry lacks from the proceedings or book it names
            for f in parent.fields:
                if isinstance(f.value, str) and f.key.lower() not in fields:
                    fields[f.key.lower()] = [" ".join(f.value.split())]
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
