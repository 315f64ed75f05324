"""CSL-JSON (Zotero's "Better CSL JSON" and plain CSL JSON, as citeproc reads it) → papers.

A JSON array of items with ``title``, ``author`` ([{family, given}] or {literal}), ``issued`` ({date-parts}),
``container-title``, ``DOI``, ``URL`` and ``id``. Lines for reports are found by each item's ``"id"`` in the text.
"""

from __future__ import annotations

import json
import re

from .references import Reference, build_result, year_of
from .result import ImportResult


def _text(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if isinstance(value, (str, int)) and str(value).strip() else None


def parse_csl_json(text: str, name: str = "references.json", *, category_field: str | None = None,
                   category: str | None = None) -> ImportResult:
    problems: list[str] = []
    try:
        items = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        return build_result([], name, [f"{name}:{line}: not valid JSON ({exc})"])
    except RecursionError:
        return build_result([], name, [f"{name}:1: JSON nested too deep to be a bibliography"])
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]
    if not isinstance(items, list):
        return build_result([], name, [f"{name}:1: expected a JSON array of CSL items"])
    refs = []
    for n, item in enumerate(items):
        key = item.get("id") if isinstance(item, dict) else None
        m = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(key)), text) if key is not None else None
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        if not isinstance(item, dict):
            problems.append(f"{name}:{line}: item {n + 1} is not an object")
            continue
        fields = {k.lower(): [t] for k, v in item.items() if (t := _text(v))}
        for k in ("keyword", "keywords", "collections", "groups"):
            if isinstance(item.get(k), list):
                fields[k] = [str(v) for v in item[k]]
        authors = []
        for person in item.get("author") or []:
            if isinstance(person, dict):
                authors.append(person.get("literal") or " ".join(
                    p for p in (person.get("given"), person.get("non-dropping-particle"), person.get("family")) if p))
        issued = item.get("issued") or {}
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        year = None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = year_of(str(parts[0][0]))
        elif isinstance(issued, dict):
            year = year_of(str(issued.get("raw") or issued.get("literal") or ""))
        refs.append(Reference(line=line, key=str(key) if key is not None else None, title=_text(item.get("title")),
                              authors=tuple(a for a in authors if a), year=year,
                              venue=_text(item.get("container-title")) or _text(item.get("publisher")),
                              doi=_text(item.get("DOI")), urls=[u for u in [_text(item.get("URL"))] if u],
                              fields=fields))
    return build_result(refs, name, problems, category_field=category_field, category=category)
