"""The field checks every source's answer passes before it is believed or cached.

A source's answer is data from the network, so every record passes through its source's checks (the ``records``
module of each member of :mod:`graphbuild.sources`) before the cache stores it; the cache checks it once more as
it writes it, and when its schema changes. A record that does not fit (an id that is a list, a date of
``"</sc"``, a count that is text) is rejected with :class:`BadRecord`, which names the field; the caller warns,
counts it and stores nothing. Strings are cleaned of lone surrogates and control characters, so nothing
downstream (SQLite, XML, JSON in the page) meets them.

This module knows no HTTP and no files.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..ids import normalize_arxiv, normalize_doi

PAPER_ID_RE = re.compile(r"^[0-9a-f]{40}$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
COUNT_FIELDS = ("citationCount", "referenceCount", "influentialCitationCount")
TEXT_FIELDS = ("title", "venue")
MAX_TEXT = 2000  # characters; a longer "title" is not a title


class BadRecord(ValueError):
    """A record from a source that does not have the documented shape; ``field`` names what is wrong."""

    def __init__(self, field_name: str, problem: str, paper: str | None = None):
        self.field, self.problem, self.paper = field_name, problem, paper
        who = f"paper {paper}: " if paper else ""
        super().__init__(f"{who}'{field_name}' {problem}")


def clean_text(value: str) -> str:
    """``value`` without lone surrogates, control or format characters, and with single spaces."""
    if value.isascii() and value.isprintable():
        return " ".join(value.split())
    kept = []
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: not text (cannot even be encoded as UTF-8)
            continue
        kept.append(ch if ch.isprintable() else " ")
    return " ".join("".join(kept).split())


def is_paper_id(value: Any) -> bool:
    return isinstance(value, str) and bool(PAPER_ID_RE.match(value))


def check_text(value: Any, name: str, paper: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(name, f"is {type(value).__name__}, not text", paper)
    text = clean_text(value)
    if len(text) > MAX_TEXT:
        raise BadRecord(name, f"is {len(text)} characters long", paper)
    return text or None


def check_count(value: Any, name: str, paper: str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadRecord(name, f"is {value!r:.40}, not a count", paper)
    return value


def check_year(value: Any, name: str, paper: str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2200:
        raise BadRecord(name, f"is {value!r:.40}, not a year", paper)
    return value


def check_date(value: Any, name: str, paper: str | None) -> str | None:
    if value is None:
        return None
    m = DATE_RE.match(value) if isinstance(value, str) else None
    if m:
        try:
            datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return value
        except ValueError:
            pass
    raise BadRecord(name, f"is {value!r:.40}, not a YYYY-MM-DD date", paper)


def check_external_ids(value: Any, paper: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadRecord("externalIds", f"is {type(value).__name__}, not a mapping", paper)
    out: dict[str, str] = {}
    for key, raw in value.items():
        if raw is None:
            continue
        if not isinstance(key, str) or isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise BadRecord(f"externalIds.{key}", f"is {type(raw).__name__}, not an id", paper)
        ident = clean_text(str(raw))
        if key == "ArXiv":
            if normalize_arxiv(ident) is None:
                raise BadRecord("externalIds.ArXiv", f"is {ident!r:.40}, not an arXiv id", paper)
            ident = normalize_arxiv(ident) or ident
        elif key == "DOI":
            if normalize_doi(ident) is None:
                raise BadRecord("externalIds.DOI", f"is {ident!r:.40}, not a DOI", paper)
        if ident:
            out[key] = ident
    return out or None


def check_authors(value: Any, paper: str | None) -> list[dict] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise BadRecord("authors", f"is {type(value).__name__}, not a list", paper)
    authors = []
    for item in value:
        if not isinstance(item, dict):
            raise BadRecord("authors", "holds something that is not an author", paper)
        name = check_text(item.get("name"), "authors.name", paper)
        if name:
            entry: dict[str, Any] = {"name": name}
            if isinstance(item.get("authorId"), str):
                entry["authorId"] = clean_text(item["authorId"])
            authors.append(entry)
    return authors


def check_url(value: Any, paper: str | None) -> str | None:
    text = check_text(value, "url", paper)
    if text is not None and not re.match(r"^https?://\S+$", text):
        raise BadRecord("url", f"is {text!r:.40}, not an http(s) address", paper)
    return text


# What each field of a record must be: the checker, given (value, field name for messages, paper id).
CHECKS = {"title": check_text, "venue": check_text, "citationCount": check_count, "referenceCount": check_count,
          "influentialCitationCount": check_count, "corpusId": check_count, "year": check_year,
          "publicationDate": check_date}


def checked_fields(raw: dict, names: tuple[str, ...], pid: str | None, prefix: str = "") -> dict[str, Any]:
    return {name: CHECKS[name](raw[name], prefix + name, pid) for name in names if name in raw}


