"""OpenAlex's works as graphbuild keeps them, checked (``../shared/docs/openalex-api.md`` §5), and the
:class:`~graphbuild.works.Work` each becomes.

:func:`check_work` keeps a smaller shape than the API's (:func:`check_stored` checks that shape again when the
cache writes it): ids without their URL prefix, the DOIs of both ``doi`` and ``ids.doi`` (they can differ), the
arXiv id found in the DOI or the locations, and ``references``, the W ids of ``referenced_works``. An empty
``referenced_works`` is kept as empty; the graph reads it as *unknown*, never as "cites nothing".
"""

from __future__ import annotations

import re
from typing import Any

from ...ids import ARXIV_DOI_PREFIX, normalize_arxiv, normalize_doi
from ...works import Ref, Work
from .. import OPENALEX
from ..checks import BadRecord, check_count, check_date, check_text, check_year, clean_text

WORK_ID_RE = re.compile(r"^(?:https://openalex\.org/)?([Ww]\d{1,12})$")
ARXIV_PAGE_RE = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?/?$", re.I)
ARXIV_OAI_PREFIX = "pmh:oai:arxiv.org:"


def work_id(value: Any) -> str | None:
    """``W123`` from ``https://openalex.org/W123`` or ``W123``; None for anything else."""
    m = WORK_ID_RE.match(value) if isinstance(value, str) else None
    return "W" + m.group(1)[1:] if m else None


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
    record["title"] = check_text(raw.get("display_name", raw.get("title")), "display_name", wid)
    record["year"] = check_year(raw.get("publication_year"), "publication_year", wid)
    record["publicationDate"] = check_date(raw.get("publication_date"), "publication_date", wid)
    record["type"] = check_text(raw.get("type"), "type", wid)
    location = raw.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    record["venue"] = check_text(source.get("display_name"), "primary_location.source.display_name", wid) \
        if isinstance(source, dict) else None
    authorships = raw.get("authorships")
    if authorships is not None and not isinstance(authorships, list):
        raise BadRecord("authorships", f"is {type(authorships).__name__}, not a list", wid)
    names = []
    for item in authorships or []:
        author = item.get("author") if isinstance(item, dict) else None
        name = check_text(author.get("display_name"), "authorships.author.display_name", wid) \
            if isinstance(author, dict) else None
        if name:
            names.append(name)
    record["authors"] = names or None
    record["citationCount"] = check_count(raw.get("cited_by_count"), "cited_by_count", wid)
    record["references"] = _work_references(raw.get("referenced_works"), "referenced_works", wid)
    record["referenceCount"] = check_count(raw.get("referenced_works_count"), "referenced_works_count", wid)
    record["retracted"] = _retracted(raw.get("is_retracted"), "is_retracted", wid)
    return {k: v for k, v in record.items() if v is not None}


def _retracted(value: Any, name: str, wid: str) -> bool | None:
    """``is_retracted``: a boolean (OpenAlex sets it from Retraction Watch's database), or absent."""
    if value is not None and not isinstance(value, bool):
        raise BadRecord(name, f"is {value!r:.40}, not true or false", wid)
    return value


def check_stored(raw: Any) -> dict:
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
    for name, check in (("title", check_text), ("venue", check_text), ("type", check_text), ("year", check_year),
                        ("publicationDate", check_date), ("citationCount", check_count),
                        ("referenceCount", check_count)):
        if name in raw:
            record[name] = check(raw[name], name, wid)
    authors = raw.get("authors")
    if authors is not None and (not isinstance(authors, list) or not all(isinstance(a, str) for a in authors)):
        raise BadRecord("authors", "is not a list of names", wid)
    record["references"] = _work_references(raw.get("references"), "references", wid)
    if raw.get("mag") is not None and not (isinstance(raw["mag"], str) and raw["mag"].isdigit()):
        raise BadRecord("mag", f"is {raw['mag']!r:.40}, not a MAG id", wid)
    record["retracted"] = _retracted(raw.get("retracted"), "retracted", wid)
    return {k: v for k, v in record.items() if v is not None}


def work_of(record: dict) -> Work:
    """A checked work (:func:`check_work`'s shape) as a :class:`~graphbuild.works.Work`, its ``referenced_works``
    as its references (an empty list is unknown: OpenAlex keeps a reference only when it matches a work it has)."""
    refs = tuple(Ref(r) for r in record.get("references", []))
    return Work(
        OPENALEX, record["id"], title=record.get("title"), year=record.get("year"), date=record.get("publicationDate"),
        venue=record.get("venue"), authors=tuple(record.get("authors", [])), arxiv=record.get("arxiv"),
        doi=publisher_doi(record), dois=tuple(record.get("dois", [])), mag=record.get("mag"),
        citation_count=record.get("citationCount"), reference_count=len(refs), retracted=record.get("retracted"),
        references_status="complete" if refs else "unknown", load_references=lambda: refs or None)
