"""Identifiers of a paper, normalised: arXiv ids, DOIs and titles, the keys by which a paper is the same paper in
the list, in the cache and in every source. Pure functions; this module imports nothing of graphbuild's."""

from __future__ import annotations

import difflib
import re

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
