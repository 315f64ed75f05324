"""What a source said, checked before it is believed: typed records of papers and reference lists.

A source's answer is data from the network, so every record passes through :func:`check_paper` or
:func:`check_reference` before the cache stores it or the graph sees it, and again when it is read back from a
cache written by an older or broken build. A record that does not fit (an ``externalIds`` that is a string, a
``paperId`` that is a list, a ``publicationDate`` of ``"</sc"``, a count that is text) is rejected with
:class:`BadRecord`, which names the field; the caller warns, counts it and stores nothing. Strings are cleaned of
lone surrogates and control characters, so nothing downstream (SQLite, XML, JSON in the page) meets them.

OpenAlex's works (``../shared/docs/openalex-api.md`` §5) are checked by :func:`check_work` and kept in a smaller
shape of their own (:func:`check_stored_work` checks it again when it is read back): ids without their URL prefix,
the DOIs of both ``doi`` and ``ids.doi`` (they can differ), the arXiv id found in the DOI or the locations, and
``references``, the W ids of ``referenced_works``. An empty ``referenced_works`` is kept as empty; the graph
reads it as *unknown*, never as "cites nothing".

This module knows no HTTP and no files: the records are plain dicts of JSON values, the shape the Semantic Scholar
Graph API documents (``../shared/docs/semantic-scholar-api.md``), minus nulls and unknown fields.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from .ids import normalize_arxiv, normalize_doi

# The vocabulary of provenance: an edge's ``sources`` is a sorted, comma-separated set of these names.
SEMANTIC_SCHOLAR, OPENALEX, CURATED = "semantic_scholar", "openalex", "curated"
SOURCE_NAMES = (SEMANTIC_SCHOLAR, OPENALEX)  # the sources a build can ask, in the order it asks them
SOURCE_TITLES = {SEMANTIC_SCHOLAR: "Semantic Scholar", OPENALEX: "OpenAlex", CURATED: "curated"}  # for people

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


@dataclass
class OpenAlexRecords:
    """What OpenAlex said about the listed papers."""

    ids: dict[str, str | None] = field(default_factory=dict)  # catalog id -> W id; None: OpenAlex has no such work
    works: dict[str, dict] = field(default_factory=dict)  # W id -> checked work (see check_work)
    distrusted_years: dict[str, int] = field(default_factory=dict)  # catalog id -> OpenAlex's year, off by > 1
    outside: dict[str, dict] = field(default_factory=dict)  # W id -> works outside the list that listed papers cite
    # catalog id -> the other works OpenAlex keeps for the same paper (its preprint and its published version, when
    # OpenAlex has not merged them): found under the paper's other ids, with a title that agrees
    versions: dict[str, list[str]] = field(default_factory=dict)

    def work_ids(self, paper: str) -> list[str]:
        """Every OpenAlex work of a listed paper: the one taken for it first, then its other versions."""
        wid = self.ids.get(paper)
        return [wid, *self.versions.get(paper, [])] if wid else []


@dataclass
class Records:
    """What is known from the sources about the listed papers, keyed by catalog id where it says so."""

    s2_ids: dict[str, str | None] = field(default_factory=dict)  # catalog id -> S2 paperId; None: not found
    papers: dict[str, dict] = field(default_factory=dict)  # S2 paperId -> record
    references: dict[str, Any] = field(default_factory=dict)  # S2 paperId -> cache.References
    openalex: OpenAlexRecords = field(default_factory=OpenAlexRecords)


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


def _text(value: Any, name: str, paper: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(name, f"is {type(value).__name__}, not text", paper)
    text = clean_text(value)
    if len(text) > MAX_TEXT:
        raise BadRecord(name, f"is {len(text)} characters long", paper)
    return text or None


def _count(value: Any, name: str, paper: str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadRecord(name, f"is {value!r:.40}, not a count", paper)
    return value


def _year(value: Any, name: str, paper: str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2200:
        raise BadRecord(name, f"is {value!r:.40}, not a year", paper)
    return value


def _date(value: Any, name: str, paper: str | None) -> str | None:
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


def _external_ids(value: Any, paper: str | None) -> dict[str, str] | None:
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


def _authors(value: Any, paper: str | None) -> list[dict] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise BadRecord("authors", f"is {type(value).__name__}, not a list", paper)
    authors = []
    for item in value:
        if not isinstance(item, dict):
            raise BadRecord("authors", "holds something that is not an author", paper)
        name = _text(item.get("name"), "authors.name", paper)
        if name:
            entry: dict[str, Any] = {"name": name}
            if isinstance(item.get("authorId"), str):
                entry["authorId"] = clean_text(item["authorId"])
            authors.append(entry)
    return authors


def _url(value: Any, paper: str | None) -> str | None:
    text = _text(value, "url", paper)
    if text is not None and not re.match(r"^https?://\S+$", text):
        raise BadRecord("url", f"is {text!r:.40}, not an http(s) address", paper)
    return text


# What each field of a record must be: the checker, given (value, field name for messages, paper id).
CHECKS = {"title": _text, "venue": _text, "citationCount": _count, "referenceCount": _count,
          "influentialCitationCount": _count, "corpusId": _count, "year": _year, "publicationDate": _date}


def _checked(raw: dict, names: tuple[str, ...], pid: str | None, prefix: str = "") -> dict[str, Any]:
    return {name: CHECKS[name](raw[name], prefix + name, pid) for name in names if name in raw}


def check_paper(raw: Any, *, nested_references: bool = False) -> dict:
    """A paper record as the API documents it, cleaned; :class:`BadRecord` when it does not fit.

    ``nested_references``: the record carries a ``references`` list (a nested batch answer); it is checked with
    :func:`check_references` and kept (``None`` stays None: elided by the publisher).
    """
    if not isinstance(raw, dict):
        raise BadRecord("record", f"is {type(raw).__name__}, not an object")
    pid = raw.get("paperId")
    if not is_paper_id(pid):
        raise BadRecord("paperId", f"is {pid!r:.60}, not a Semantic Scholar id")
    record: dict[str, Any] = {"paperId": pid}
    record.update(_checked(raw, (*TEXT_FIELDS, *COUNT_FIELDS, "corpusId", "year", "publicationDate"), pid))
    if "externalIds" in raw:
        record["externalIds"] = _external_ids(raw["externalIds"], pid)
    if "authors" in raw:
        record["authors"] = _authors(raw["authors"], pid)
    if "url" in raw:
        record["url"] = _url(raw["url"], pid)
    if nested_references and "references" in raw:
        refs = raw["references"]
        record["references"] = None if refs is None else check_references(refs, pid)
    return {k: v for k, v in record.items() if v is not None or k == "references"}


def check_reference(raw: Any, edge: dict | None = None) -> dict | None:
    """One cited work (a nested reference, or a page's ``citedPaper``) as stored: the fields graphbuild uses,
    without nulls, plus the edge's ``isInfluential``. None when the entry is not an object at all."""
    if not isinstance(raw, dict):
        return None
    pid = raw.get("paperId")
    if pid is not None and not is_paper_id(pid):
        raise BadRecord("references.paperId", f"is {pid!r:.60}, not a Semantic Scholar id")
    entry: dict[str, Any] = {"paperId": pid} if pid else {}
    entry.update(_checked(raw, ("title", "venue", "year", "publicationDate", "citationCount"), pid, "references."))
    if "externalIds" in raw:
        ids = _external_ids(raw["externalIds"], pid) or {}
        entry["externalIds"] = {k: v for k, v in ids.items() if k in ("ArXiv", "DOI")} or None
    influential = (edge or raw).get("isInfluential")
    if isinstance(influential, bool):
        entry["isInfluential"] = influential
    return {k: v for k, v in entry.items() if v is not None and v != ""}


def check_references(raw: Any, paper: str | None = None) -> list[dict]:
    """A reference list: a JSON array of cited works. Entries that are not works are dropped; a list that is
    not a list is a :class:`BadRecord` (never "no references")."""
    if not isinstance(raw, list):
        raise BadRecord("references", f"is {type(raw).__name__}, not a list", paper)
    out = []
    for item in raw:
        try:
            entry = check_reference(item)
        except BadRecord as exc:
            raise BadRecord(exc.field, exc.problem, paper) from None
        if entry is not None:
            out.append(entry)
    return out


def check_page(raw: Any, paper: str, offset: int, key: str = "citedPaper") -> tuple[list[dict] | None, int | None]:
    """One page of ``/paper/{id}/references`` (or, with ``key="citingPaper"``, of ``/citations``): its works (None:
    elided by the publisher) and the offset of the next page (None: the last one). A ``next`` that does not move
    forward is a :class:`BadRecord`: paging must advance."""
    if not isinstance(raw, dict):
        raise BadRecord("page", f"is {type(raw).__name__}, not an object", paper)
    data = raw.get("data")
    if data is None:
        return None, None
    if not isinstance(data, list):
        raise BadRecord("data", f"is {type(data).__name__}, not a list", paper)
    refs = []
    for edge in data:
        if not isinstance(edge, dict):
            continue
        try:
            entry = check_reference(edge.get(key), edge)
        except BadRecord as exc:
            raise BadRecord(exc.field, exc.problem, paper) from None
        if entry is not None:
            refs.append(entry)
    nxt = raw.get("next")
    if nxt is None:
        return refs, None
    if isinstance(nxt, bool) or not isinstance(nxt, int) or nxt <= offset:
        raise BadRecord("next", f"is {nxt!r:.40}: paging must move past offset {offset}", paper)
    return refs, nxt


# --- OpenAlex ------------------------------------------------------------------------------------------------

WORK_ID_RE = re.compile(r"^(?:https://openalex\.org/)?([Ww]\d{1,12})$")
ARXIV_DOI_PREFIX = "10.48550/arxiv."
ARXIV_PAGE_RE = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?/?$", re.I)
ARXIV_OAI_PREFIX = "pmh:oai:arxiv.org:"


def work_id(value: Any) -> str | None:
    """``W123`` from ``https://openalex.org/W123`` or ``W123``; None for anything else."""
    m = WORK_ID_RE.match(value) if isinstance(value, str) else None
    return "W" + m.group(1)[1:] if m else None


def arxiv_doi(arxiv_id: str) -> str:
    """arXiv's DataCite DOI, the only way OpenAlex knows an arXiv id: ``10.48550/arxiv.2106.07447``."""
    return ARXIV_DOI_PREFIX + arxiv_id.lower()


def publisher_doi(work: dict) -> str | None:
    """An OpenAlex work's DOI other than arXiv's (its arXiv id already says that one)."""
    return next((d for d in work.get("dois", []) if not d.startswith(ARXIV_DOI_PREFIX)), None)


def _work_doi(value: Any, name: str, wid: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(name, f"is {type(value).__name__}, not a DOI", wid)
    doi = normalize_doi(clean_text(value))
    if doi is None:
        raise BadRecord(name, f"is {value!r:.60}, not a DOI", wid)
    return doi.lower()


def _arxiv_of(dois: list[str], locations: Any) -> str | None:
    """The arXiv id of a work: its arXiv DOI, else an arXiv landing page or OAI id among its locations."""
    for doi in dois:
        if doi.startswith(ARXIV_DOI_PREFIX):
            found = normalize_arxiv(doi[len(ARXIV_DOI_PREFIX):])
            if found:
                return found
    for loc in locations if isinstance(locations, list) else []:
        if not isinstance(loc, dict):
            continue
        for text in (loc.get("landing_page_url"), loc.get("id")):
            if not isinstance(text, str):
                continue
            m = ARXIV_PAGE_RE.match(text)
            raw = m.group(1) if m else text[len(ARXIV_OAI_PREFIX):] if text.lower().startswith(ARXIV_OAI_PREFIX) \
                else None
            found = normalize_arxiv(raw) if raw else None
            if found:
                return found
    return None


def _work_references(value: Any, name: str, wid: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRecord(name, f"is {type(value).__name__}, not a list", wid)
    refs = []
    for item in value:
        ref = work_id(item)
        if ref is None:
            raise BadRecord(name, f"holds {item!r:.60}, not an OpenAlex work id", wid)
        refs.append(ref)
    return list(dict.fromkeys(refs))


def check_work(raw: Any) -> dict:
    """An OpenAlex Work as graphbuild keeps it; :class:`BadRecord` when it does not have the documented shape.

    Kept: ``id`` (``W…``), ``dois`` (``doi`` and ``ids.doi``, lowercased, without the resolver), ``arxiv``,
    ``mag``, ``title`` (``display_name``; null and ``""`` are no title), ``year``, ``publicationDate``, ``venue``
    (the primary location's source), ``type``, ``authors`` (names), ``citationCount``, ``references`` (W ids) and
    ``referenceCount``.
    """
    if not isinstance(raw, dict):
        raise BadRecord("work", f"is {type(raw).__name__}, not an object")
    wid = work_id(raw.get("id"))
    if wid is None:
        raise BadRecord("id", f"is {raw.get('id')!r:.60}, not an OpenAlex work id")
    ids = raw.get("ids")
    if ids is not None and not isinstance(ids, dict):
        raise BadRecord("ids", f"is {type(ids).__name__}, not a mapping", wid)
    ids = ids or {}
    dois = [d for d in (_work_doi(raw.get("doi"), "doi", wid), _work_doi(ids.get("doi"), "ids.doi", wid)) if d]
    record: dict[str, Any] = {"id": wid, "dois": list(dict.fromkeys(dois)) or None,
                              "arxiv": _arxiv_of(dois, raw.get("locations"))}
    mag = ids.get("mag")
    if mag is not None:
        if isinstance(mag, bool) or not isinstance(mag, (str, int)) or not str(mag).isdigit():
            raise BadRecord("ids.mag", f"is {mag!r:.40}, not a MAG id", wid)
        record["mag"] = str(mag)
    record["title"] = _text(raw.get("display_name", raw.get("title")), "display_name", wid)
    record["year"] = _year(raw.get("publication_year"), "publication_year", wid)
    record["publicationDate"] = _date(raw.get("publication_date"), "publication_date", wid)
    record["type"] = _text(raw.get("type"), "type", wid)
    location = raw.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    record["venue"] = _text(source.get("display_name"), "primary_location.source.display_name", wid) \
        if isinstance(source, dict) else None
    authorships = raw.get("authorships")
    if authorships is not None and not isinstance(authorships, list):
        raise BadRecord("authorships", f"is {type(authorships).__name__}, not a list", wid)
    names = []
    for item in authorships or []:
        author = item.get("author") if isinstance(item, dict) else None
        name = _text(author.get("display_name"), "authorships.author.display_name", wid) \
            if isinstance(author, dict) else None
        if name:
            names.append(name)
    record["authors"] = names or None
    record["citationCount"] = _count(raw.get("cited_by_count"), "cited_by_count", wid)
    record["references"] = _work_references(raw.get("referenced_works"), "referenced_works", wid)
    record["referenceCount"] = _count(raw.get("referenced_works_count"), "referenced_works_count", wid)
    return {k: v for k, v in record.items() if v is not None}


def check_stored_work(raw: Any) -> dict:
    """A work as :func:`check_work` stored it, read back from a cache an older or broken build may have written."""
    if not isinstance(raw, dict):
        raise BadRecord("work", f"is {type(raw).__name__}, not an object")
    wid = work_id(raw.get("id"))
    if wid is None or wid != raw.get("id"):
        raise BadRecord("id", f"is {raw.get('id')!r:.60}, not an OpenAlex work id")
    dois = raw.get("dois")
    if dois is not None and (not isinstance(dois, list) or any(_work_doi(d, "dois", wid) != d for d in dois)):
        raise BadRecord("dois", "is not a list of DOIs", wid)
    arxiv = raw.get("arxiv")
    if arxiv is not None and (not isinstance(arxiv, str) or normalize_arxiv(arxiv) != arxiv):
        raise BadRecord("arxiv", f"is {arxiv!r:.40}, not an arXiv id", wid)
    record = dict(raw)
    for name, check in (("title", _text), ("venue", _text), ("type", _text), ("year", _year),
                        ("publicationDate", _date), ("citationCount", _count), ("referenceCount", _count)):
        if name in raw:
            record[name] = check(raw[name], name, wid)
    authors = raw.get("authors")
    if authors is not None and (not isinstance(authors, list) or not all(isinstance(a, str) for a in authors)):
        raise BadRecord("authors", "is not a list of names", wid)
    record["references"] = _work_references(raw.get("references"), "references", wid)
    if raw.get("mag") is not None and not (isinstance(raw["mag"], str) and raw["mag"].isdigit()):
        raise BadRecord("mag", f"is {raw['mag']!r:.40}, not a MAG id", wid)
    return {k: v for k, v in record.items() if v is not None}
