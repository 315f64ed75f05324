"""RIS (.ris), as Zotero, EndNote, Mendeley, Scopus and Web of Science export it → papers, parsed by rispy.

rispy keeps no line numbers, so the start line of each record (its ``TY  -`` line) is found in the text itself,
for the ``FILE:LINE`` of every report. A record whose ``ER  -`` line is missing would be merged by rispy into the
next one (its fields added to the next record's, one paper lost); it is ended at the next ``TY  -``, and said.
"""

from __future__ import annotations

import re

import rispy

from .references import Reference, build_result, first, year_of
from .result import ImportResult

TY_RE = re.compile(r"^TY  - ", re.M)
TAG_RE = re.compile(r"^([A-Z][A-Z0-9])  -")


def _ended(text: str, name: str, problems: list[str]) -> str:
    """``text`` with an ``ER  -`` line before every ``TY  -`` that comes while a record is still open."""
    out: list[str] = []
    open_since: int | None = None
    for n, line in enumerate(text.split("\n"), start=1):
        tag = TAG_RE.match(line)
        if tag and tag.group(1) == "TY":
            if open_since is not None:
                problems.append(f"{name}:{open_since}: a record without its 'ER  -' line: ended where the next one "
                                f"begins (line {n})")
                out.append("ER  - ")
            open_since = n
        elif tag and tag.group(1) == "ER":
            open_since = None
        out.append(line)
    return "\n".join(out)


def parse_ris(text: str, name: str = "references.ris", *, category_field: str | None = None,
              category: str | None = None) -> ImportResult:
    text = text.replace("\r\n", "\n")
    lines = [text.count("\n", 0, m.start()) + 1 for m in TY_RE.finditer(text)]
    problems: list[str] = []
    text = _ended(text, name, problems)
    try:
        records = rispy.loads(text)
    except Exception as exc:  # noqa: BLE001 - rispy raises plain errors on malformed files; say where
        line = lines[0] if lines else 1
        return build_result([], name, [f"{name}:{line}: cannot be read as RIS ({exc})"])
    refs = []
    for n, record in enumerate(records):
        fields: dict[str, list[str]] = {}
        for key, value in record.items():
            values = value if isinstance(value, list) else [value]
            fields[key.lower()] = [" ".join(str(v).split()) for v in values if str(v).strip()]
        title = first(fields, "title", "primary_title")
        venue = first(fields, "secondary_title", "journal_name", "alternate_title3", "publisher")
        year = year_of(first(fields, "year", "publication_year", "date"))
        authors = tuple(" ".join(reversed([p.strip() for p in a.split(",", 1)])) if "," in a else a
                        for a in fields.get("authors", []) + fields.get("first_authors", []))
        urls = [u for u in fields.get("urls", []) if re.match(r"https?://", u)]
        refs.append(Reference(line=lines[n] if n < len(lines) else 1, key=first(fields, "id"),
                              title=title, authors=authors, year=year, venue=venue,
                              doi=first(fields, "doi"), urls=urls, fields=fields))
    return build_result(refs, name, problems, category_field=category_field, category=category)
