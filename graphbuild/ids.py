"""Identity in one place: the kinds of identifier a paper can have (:data:`IDENTIFIER_KINDS`, each with its
papers.yaml key, its check, how Semantic Scholar takes it and how a provisional title spells it), normalisers for
arXiv ids, DOIs and titles, the provisional title a paper gets when its list gives none, and the keys by which two
records are the same work. The importers, the catalog, the sources, the graph and the analyses all use these; pure
functions, and this module imports nothing of graphbuild's."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

# New-style arXiv ids (2007 on): YYMM.NNNN or YYMM.NNNNN, optional version.
ARXIV_NEW_RE = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}(v\d+)?$")
# Old-style ids: archive[.SUBJ]/YYMMNNN, optional version.
ARXIV_OLD_RE = re.compile(r"^[a-z][a-z-]*(\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(v\d+)?$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_DOI_PREFIX = "10.48550/arxiv."  # arXiv's DataCite DOIs: 10.48550/arXiv.2106.07447
TITLE_MATCH_MIN_SIMILARITY = 0.9


def arxiv_year_month(arxiv_id: str) -> str | None:
    """``2006.11477`` → ``2020-06``; ``hep-th/9901001`` → ``1999-01``."""
    m = ARXIV_NEW_RE.match(arxiv_id)
    if m:
        yy, mm = m.group(1), m.group(2)
        return f"20{yy}-{mm}"
    m = ARXIV_OLD_RE.match(arxiv_id)
    if m:
        yy, mm = int(m.group(2)), m.group(3)
        return f"{1900 + yy if yy >= 91 else 2000 + yy}-{mm}"
    return None


def normalize_arxiv(value: str) -> str | None:
    """Strip a ``arXiv:`` prefix and a version; ``None`` when it is not an arXiv id (or its month is impossible)."""
    value = value.strip()
    if value.lower().startswith("arxiv:"):
        value = value[6:]
    m = ARXIV_NEW_RE.match(value) or ARXIV_OLD_RE.match(value)
    if not m:
        return None
    value = re.sub(r"v\d+$", "", value)
    year_month = arxiv_year_month(value)
    if year_month is None or not 1 <= int(year_month[5:]) <= 12:
        return None
    return value


def arxiv_doi(arxiv_id: str) -> str:
    """arXiv's DataCite DOI for an arXiv id, lower-cased (the only way OpenAlex knows an arXiv id):
    ``10.48550/arxiv.2106.07447``."""
    return ARXIV_DOI_PREFIX + arxiv_id.lower()


def normalize_doi(value: str) -> str | None:
    """A bare DOI (``10.x/y``), accepting ``doi:`` and ``https://doi.org/`` forms; ``None`` when malformed."""
    value = value.strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value, flags=re.IGNORECASE)
    return value if DOI_RE.match(value) else None


def normalize_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.lower()).split())


def titles_agree(ours: str, theirs: str | None) -> bool:
    """Guard against /search/match returning a different paper: it always returns *something* close."""
    if not theirs:
        return False
    a, b = normalize_title(ours), normalize_title(theirs)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_MATCH_MIN_SIMILARITY


def _matching(pattern: str, flags: int = 0) -> Callable[[str], str | None]:
    compiled = re.compile(pattern, flags)
    return lambda value: value.strip() if compiled.fullmatch(value.strip()) else None


@dataclass(frozen=True)
class IdentifierKind:
    """One kind of scholarly identifier."""

    kind: str  # the name graphbuild gives it, and its papers.yaml key ("arxiv")
    label: str  # how a provisional title spells it ("arXiv:2106.07447")
    name: str  # what people call it ("arXiv id")
    normalize: Callable[[str], str | None]  # the id in its one spelling, or None when it is not one
    expected: str  # for messages: what a good one looks like
    s2_prefix: str | None = None  # how Semantic Scholar's batch takes it ("ARXIV:…"); None: not at all
    in_catalog: bool = True  # papers.yaml has a key of its name for it (else it stays a link)


IDENTIFIER_KINDS: dict[str, IdentifierKind] = {k.kind: k for k in (
    IdentifierKind("arxiv", "arXiv", "arXiv id", normalize_arxiv, 'expected e.g. "2106.07447"', "ARXIV"),
    IdentifierKind("doi", "doi", "DOI", normalize_doi, "expected e.g. 10.1109/TASLP.2021.3122291", "DOI"),
    IdentifierKind("openreview", "OpenReview", "OpenReview id", _matching(r"[A-Za-z0-9_-]{5,}"),
                   "the id= of the forum URL"),
    IdentifierKind("s2", "S2", "Semantic Scholar id", _matching(r"[0-9a-fA-F]{40}|CorpusId:\d+", re.I),
                   "40 hex digits or CorpusId:N"),
    IdentifierKind("acl", "ACL", "ACL Anthology id", _matching(r"[A-Za-z0-9][\w.-]{2,60}"),
                   "expected e.g. 2023.acl-long.1 or P19-1001", "ACL"),
    IdentifierKind("pmid", "PMID", "PubMed id", _matching(r"\d{1,9}"), "expected e.g. 31452104", "PMID"),
    IdentifierKind("pmcid", "PMCID", "PubMed Central id",
                   lambda v: v.strip().upper() if re.fullmatch(r"(?i)PMC\d{1,9}", v.strip()) else None,
                   "expected e.g. PMC6815624", "PMCID"),
    IdentifierKind("proceedings", "proceedings", "proceedings page", lambda v: v.strip() or None,
                   "a proceedings page's address", in_catalog=False),
)}
# papers.yaml's identifier keys, in the order papers.yaml is written
CATALOG_ID_KINDS = tuple(k for k, kind in IDENTIFIER_KINDS.items() if kind.in_catalog)

# A title that is only an identifier ("arXiv:2301.00001", "ACL:2023.acl-long.1"): the list gave none, and the
# importer wrote the identifier in its place until a source names the paper.
PROVISIONAL_TITLE_RE = re.compile(r"^(?:" + "|".join(re.escape(k.label) for k in IDENTIFIER_KINDS.values())
                                  + r"):\S+$", re.I)


def provisional_title(kind: str, value: str) -> str:
    """The title a paper the list gives no title gets: its identifier (``arXiv:2106.07447``)."""
    return f"{IDENTIFIER_KINDS[kind].label}:{value}"


def is_provisional_title(title: str) -> bool:
    return bool(PROVISIONAL_TITLE_RE.match(title))


def s2_lookup_id(kind: str, value: str) -> str | None:
    """How Semantic Scholar's batch takes an identifier (``ARXIV:2106.07447``, a bare paperId, ``CorpusId:N``)."""
    if kind == "s2":
        return value if ":" in value else value.lower()
    if kind == "pmcid":  # Semantic Scholar takes the number: PMCID:2323736
        value = value.upper().removeprefix("PMC")
    prefix = IDENTIFIER_KINDS[kind].s2_prefix
    return f"{prefix}:{value}" if prefix else None


def work_keys(arxiv: str | None = None, doi: str | None = None) -> list[str]:
    """The keys under which two records are the same work, whoever wrote them: ``arxiv:ID`` and ``doi:DOI``,
    lower-cased; arXiv's own DOI (``10.48550/arXiv.ID``) is the arXiv id's key."""
    keys = []
    if doi and doi.lower().startswith(ARXIV_DOI_PREFIX):
        arxiv = arxiv or normalize_arxiv(doi[len(ARXIV_DOI_PREFIX):])
        doi = None
    if arxiv:
        keys.append("arxiv:" + arxiv.lower())
    if doi:
        keys.append("doi:" + doi.lower())
    return keys
