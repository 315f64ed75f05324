"""Semantic Scholar's records as graphbuild keeps them, checked: paper records, reference lists and their pages,
in the shape the Graph API documents (``../shared/docs/semantic-scholar-api.md``), minus nulls and unknown fields;
and the :class:`~graphbuild.works.Work` each becomes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...works import Citation, Context, Ref, Work
from .. import SEMANTIC_SCHOLAR
from ..checks import (
    COUNT_FIELDS,
    TEXT_FIELDS,
    BadRecord,
    check_authors,
    check_external_ids,
    check_url,
    checked_fields,
    clean_text,
    is_paper_id,
)

MAX_SENTENCE = 1000  # characters of a citing sentence kept (a longer one is cut, and says so with "…")
MAX_SENTENCES = 50  # sentences kept per citation
INTENT_RE = re.compile(r"^[a-z][a-z _-]{0,39}$")


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
    record.update(checked_fields(raw, (*TEXT_FIELDS, *COUNT_FIELDS, "corpusId", "year", "publicationDate"), pid))
    if "externalIds" in raw:
        record["externalIds"] = check_external_ids(raw["externalIds"], pid)
    if "authors" in raw:
        record["authors"] = check_authors(raw["authors"], pid)
    if "url" in raw:
        record["url"] = check_url(raw["url"], pid)
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
    entry.update(checked_fields(raw, ("title", "venue", "year", "publicationDate", "citationCount"), pid,
                                "references."))
    if "externalIds" in raw:
        ids = check_external_ids(raw["externalIds"], pid) or {}
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




def check_citation_page(raw: Any, paper: str, offset: int) -> tuple[dict[str, dict] | None, list[str], int | None]:
    """One page of ``/paper/{id}/references`` asked with the edge fields (``contexts``, ``intents``,
    ``contextsWithIntent``, ``isInfluential``): why the paper cites each reference on it, by the cited paperId,
    in :func:`check_citation`'s shape (only the references with something to say), every cited paperId on the
    page, and the next page's offset (None: the last). ``data: null`` (the publisher elided the references) is
    ``(None, [], None)``: unknown. A page of the wrong shape is a :class:`BadRecord`, never "no contexts"."""
    if not isinstance(raw, dict):
        raise BadRecord("page", f"is {type(raw).__name__}, not an object", paper)
    data = raw.get("data")
    if data is None:
        return None, [], None
    if not isinstance(data, list):
        raise BadRecord("data", f"is {type(data).__name__}, not a list", paper)
    found: dict[str, dict] = {}
    seen: list[str] = []
    for edge in data:
        if not isinstance(edge, dict):
            raise BadRecord("data", "holds something that is not an edge", paper)
        cited = edge.get("citedPaper")
        pid = cited.get("paperId") if isinstance(cited, dict) else None
        if pid is None:
            if cited is not None and not isinstance(cited, dict):
                raise BadRecord("citedPaper", f"is {type(cited).__name__}, not a paper", paper)
            continue  # an unresolved reference: no graph edge to say anything of
        if not is_paper_id(pid):
            raise BadRecord("citedPaper.paperId", f"is {pid!r:.60}, not a Semantic Scholar id", paper)
        seen.append(pid)
        entry = check_citation(edge, paper)
        if entry:
            found[pid] = entry
    nxt = raw.get("next")
    if nxt is None:
        return found, seen, None
    if isinstance(nxt, bool) or not isinstance(nxt, int) or nxt <= offset:
        raise BadRecord("next", f"is {nxt!r:.40}: paging must move past offset {offset}", paper)
    return found, seen, nxt


def check_citation(edge: dict, paper: str | None = None) -> dict:
    """Why one edge cites: ``{"contexts": [[sentence, [intent, ...]], ...], "intents": [...], "isInfluential":
    bool}``, each key only where the source says something (an empty dict: it says nothing). Sentences come from
    ``contextsWithIntent`` (each with its own intents), then any of ``contexts`` not among them."""
    sentences: list[list] = []
    texts: set[str] = set()

    def add(text: Any, intents: list[str], where: str) -> None:
        if not isinstance(text, str):
            raise BadRecord(where, f"holds {type(text).__name__}, not a sentence", paper)
        clean = clean_text(text)
        if len(clean) > MAX_SENTENCE:
            clean = clean[: MAX_SENTENCE - 1].rstrip() + "…"
        if clean and clean not in texts and len(sentences) < MAX_SENTENCES:
            texts.add(clean)
            sentences.append([clean, intents])

    with_intent = edge.get("contextsWithIntent")
    if with_intent is not None:
        if not isinstance(with_intent, list):
            raise BadRecord("contextsWithIntent", f"is {type(with_intent).__name__}, not a list", paper)
        for item in with_intent:
            if not isinstance(item, dict):
                raise BadRecord("contextsWithIntent", "holds something that is not a context", paper)
            add(item.get("context"), _intents(item.get("intents"), "contextsWithIntent.intents", paper),
                "contextsWithIntent.context")
    plain = edge.get("contexts")
    if plain is not None:
        if not isinstance(plain, list):
            raise BadRecord("contexts", f"is {type(plain).__name__}, not a list", paper)
        for text in plain:
            add(text, [], "contexts")
    intents = sorted(set(_intents(edge.get("intents"), "intents", paper)).union(*(s[1] for s in sentences)))
    influential = edge.get("isInfluential")
    if influential is not None and not isinstance(influential, bool):
        raise BadRecord("isInfluential", f"is {influential!r:.40}, not true or false", paper)
    entry: dict[str, Any] = {}
    if sentences:
        entry["contexts"] = sentences
    if intents:
        entry["intents"] = intents
    if influential is not None:
        entry["isInfluential"] = influential
    return entry


def _intents(raw: Any, where: str, paper: str | None) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadRecord(where, f"is {type(raw).__name__}, not a list", paper)
    out = []
    for item in raw:
        intent = clean_text(item).lower() if isinstance(item, str) else None
        if intent is None or not INTENT_RE.match(intent):
            raise BadRecord(where, f"holds {item!r:.40}, not an intent", paper)
        if intent not in out:
            out.append(intent)
    return sorted(out)


def citation_of(entry: dict) -> Citation:
    """A stored citation entry (:func:`check_citation`'s shape) as a :class:`~graphbuild.works.Citation`."""
    contexts = tuple(Context(text, tuple(intents)) for text, intents in entry.get("contexts") or ())
    influential = entry.get("isInfluential")
    return Citation(contexts, tuple(entry.get("intents") or ()), influential if isinstance(influential, bool) else None)


def check_stored(raw: Any) -> dict:
    """A paper record as the cache stores it (checked again as it is written, and when the schema changes)."""
    return check_paper(raw)


def ref_of(entry: dict, _make=tuple.__new__) -> Ref:
    """A stored reference entry (:func:`check_reference`'s shape) as a :class:`~graphbuild.works.Ref`.

    Built with ``tuple.__new__``: a 50,000-paper list reads three million of these, and the named tuple's own
    constructor (with its defaults) takes twice as long."""
    get = entry.get
    ids = get("externalIds")
    influential = get("isInfluential")
    return _make(Ref, (get("paperId"), ids.get("ArXiv") if ids else None, ids.get("DOI") if ids else None,
                       get("title"), get("year"), influential if influential is True or influential is False
                       else None))


def work_of(record: dict, *, references_status: str = "unknown",
            load_references: Callable[[], tuple[Ref, ...] | None] | None = None,
            load_citations: Callable[[], dict[str, Citation] | None] | None = None) -> Work:
    """A checked paper record (or a citing or cited work's entry) as a :class:`~graphbuild.works.Work`."""
    ids = record.get("externalIds") or {}
    doi = ids.get("DOI")
    options: dict[str, Any] = {}
    if load_references is not None:
        options["load_references"] = load_references
    if load_citations is not None:
        options["load_citations"] = load_citations
    return Work(
        SEMANTIC_SCHOLAR, record["paperId"], title=record.get("title"), year=record.get("year"),
        date=record.get("publicationDate"), venue=record.get("venue") or None,
        authors=tuple(a["name"] for a in record.get("authors") or [] if a.get("name")),
        arxiv=ids.get("ArXiv"), doi=doi, dois=tuple(d.lower() for d in (doi,) if d),
        mag=str(ids["MAG"]) if str(ids.get("MAG", "")).isdigit() else None, url=record.get("url"),
        citation_count=record.get("citationCount"), influential_citation_count=record.get("influentialCitationCount"),
        reference_count=record.get("referenceCount"), references_status=references_status, **options)


# What each lookup prefix is in a record's externalIds (graphbuild.ids.s2_lookup_id writes these prefixes)
_ANSWERING = {"ARXIV": "ArXiv", "DOI": "DOI", "ACL": "ACL", "PMID": "PubMed", "PMCID": "PubMedCentral"}


def answers(key: str, record: dict) -> bool:
    """Whether ``record`` can be the answer to the lookup ``key`` (``ARXIV:2106.07447``, ``DOI:…``, a paperId,
    ``CorpusId:N``): an id of the kind asked for, where the record gives one, is the one asked for. A record that
    gives none cannot be told wrong, and is believed."""
    prefix, _, value = key.partition(":")
    if not value:  # a bare paperId
        return record.get("paperId") == key.lower()
    if prefix.upper() == "CORPUSID":
        return record.get("corpusId") in (None, int(value) if value.isdigit() else value)
    ids = record.get("externalIds") or {}
    field = _ANSWERING.get(prefix.upper())
    given = ids.get(field) if field else None
    if given is None:
        if prefix.upper() == "DOI" and value.lower().startswith("10.48550/arxiv.") and ids.get("ArXiv"):
            return ids["ArXiv"].lower() == value.lower()[len("10.48550/arxiv."):]
        return True
    return str(given).lower() == value.lower()
