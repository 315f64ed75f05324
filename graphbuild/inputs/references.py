"""Bibliography records (BibTeX, RIS, CSL-JSON, a list of identifiers) → papers and categories.

Every bibliography reader turns its entries into :class:`Reference` records; this module does the rest the same way
for all of them: identifiers from every field that can hold one (``doi``, ``eprint`` + ``archivePrefix``, a
``journal = {arXiv preprint arXiv:…}``, ``volume = {abs/…}``, URLs), one paper per identity (an entry listed twice
is one paper), and categories from a field the user names (``--category-field keywords``), one the user gives
(``--category``), or else one named after the file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..ids import CATALOG_ID_KINDS, IDENTIFIER_KINDS, normalize_arxiv, normalize_doi, provisional_title
from .links import identifiers_in_url, repair_url
from .result import (
    IdPool,
    ImportedCategory,
    ImportedPaper,
    ImportResult,
    category_slug,
    fill,
    paper_id_for,
    slugify,
    unique_id,
)

ARXIV_IN_TEXT_RE = re.compile(r"arXiv\s*[:/]?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
ABS_VOLUME_RE = re.compile(r"^abs/(\d{4}\.\d{4,5})$")
YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass
class Reference:
    """One bibliography record, its values as plain text (LaTeX already decoded by the reader)."""

    line: int
    key: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    urls: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)  # every field, lower-case name → values


def first(fields: dict[str, list[str]], *names: str) -> str | None:
    """The first value of the first of ``names`` that the record has."""
    for name in names:
        if fields.get(name):
            return fields[name][0]
    return None


def year_of(text: str | None) -> int | None:
    m = YEAR_RE.search(text or "")
    return int(m.group(1)) if m else None


def find_identifiers(ref: Reference) -> list[tuple[str, str]]:
    """(kind, value) for every identifier the record holds, most trusted first."""
    found: list[tuple[str, str]] = []

    def add(kind: str, value: str | None) -> None:
        if value and (kind, value) not in found:
            found.append((kind, value))

    if ref.arxiv:
        add("arxiv", normalize_arxiv(ref.arxiv))
    doi = normalize_doi(re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", ref.doi or "", flags=re.I).strip())
    if doi and doi.lower().startswith("10.48550/arxiv."):
        add("arxiv", normalize_arxiv(doi.split(".", 2)[-1]))
    else:
        add("doi", doi)
    eprint = " ".join(ref.fields.get("eprint", []))
    prefix = " ".join(ref.fields.get("archiveprefix", []) + ref.fields.get("eprinttype", [])).lower()
    if eprint and ("arxiv" in prefix or normalize_arxiv(eprint)):
        add("arxiv", normalize_arxiv(eprint.replace("arXiv:", "").strip()))
    # the journal as BibTeX (journal, journaltitle) or RIS (JO, T2, JF: rispy's journal_name, secondary_title,
    # alternate_title*) names it
    journal = " ".join([*(v for k in ("journal", "journaltitle", "journal_name", "secondary_title", "alternate_title1",
                                      "alternate_title2", "alternate_title3") for v in ref.fields.get(k, [])),
                        ref.venue or ""]).lower()
    for volume in ref.fields.get("volume", []):
        m = ABS_VOLUME_RE.match(volume.strip())
        if m and ("arxiv" in journal or "corr" in journal):  # Semantic Scholar / DBLP style: {ArXiv}, abs/…
            add("arxiv", normalize_arxiv(m.group(1)))
    for name in ("journal", "journaltitle", "note", "howpublished", "booktitle", "publisher", "number"):
        for value in ref.fields.get(name, []):
            for m in ARXIV_IN_TEXT_RE.finditer(value):
                add("arxiv", normalize_arxiv(m.group(1)))
    for pmid in ref.fields.get("pmid", []):
        if pmid.strip().isdigit():
            add("pmid", pmid.strip())
    for url in [*ref.urls, *other_urls(ref)]:
        repaired = repair_url(url)
        if repaired:
            for ident in identifiers_in_url(repaired):
                add(ident.kind, ident.value)
    return [(k, v) for k, v in found if v]


URL_RE = re.compile(r"https?://[^\s{}<>\"']+")
NOT_LINK_FIELDS = {"abstract", "file", "annote", "annotation", "comment", "comments", "review", "notes"}


def other_urls(ref: Reference) -> list[str]:
    """URLs in fields other than ``url`` (``html = {https://arxiv.org/pdf/…}``, ``pdf``, ``link``, ``note``), never
    in an abstract or a local file path."""
    return [m.group(0).rstrip(".,;)") for name, values in sorted(ref.fields.items())
            if name not in NOT_LINK_FIELDS and name != "url" for value in values for m in URL_RE.finditer(value)]


NOT_A_VALUE = {"undefined", "null", "none", "n/a", "na", "-", "--", "?", "unknown"}


def to_paper(ref: Reference) -> ImportedPaper | None:
    """A paper, or None when the record has neither a title nor an identifier."""
    ref.title = None if (ref.title or "").strip().lower() in NOT_A_VALUE else ref.title
    ref.venue = None if (ref.venue or "").strip().lower() in NOT_A_VALUE else ref.venue
    identities = find_identifiers(ref)
    if not ref.title and not identities:
        return None
    title = ref.title
    provisional = not title
    if not title:
        kind, value = identities[0]
        title = provisional_title(kind, value) if kind in IDENTIFIER_KINDS else f"{kind}:{value}"
    paper = ImportedPaper(title=title, category="", line=ref.line, year=ref.year, venue=ref.venue or None,
                          authors=tuple(a for a in ref.authors if a)[:100], provisional_title=provisional)
    for kind, value in identities:
        paper.identities.append((kind, value.lower()))
        if kind in CATALOG_ID_KINDS and getattr(paper, kind) is None:
            setattr(paper, kind, value)
    if paper.year is None and paper.arxiv:
        from ..ids import arxiv_year_month

        month = arxiv_year_month(paper.arxiv)
        paper.year = int(month[:4]) if month else None
    for url in ref.urls:
        repaired = repair_url(url)
        if repaired:
            paper.links.setdefault("paper", repaired)
            break
    if ref.key:
        paper.remark = None
        paper.id = ref.key  # a candidate: made a valid, unique catalog id in :func:`build_result`
    return paper


def build_result(refs: list[Reference], name: str, problems: list[str], *, category_field: str | None = None,
                 category: str | None = None, title: str | None = None) -> ImportResult:
    """Papers (duplicates merged), their categories, and the counts of what was passed over."""
    skipped: Counter = Counter()
    categories: dict[str, ImportedCategory] = {}
    category_ids = IdPool()

    def category_for(label: str, line: int) -> str:
        key = label.casefold()
        if key not in categories:
            categories[key] = ImportedCategory(unique_id(category_slug(label), category_ids), label, line)
        return categories[key].id

    papers: list[ImportedPaper] = []
    owner: dict[tuple[str, str], ImportedPaper] = {}
    repeats: dict[int, list[int]] = {}
    for ref in refs:
        paper = to_paper(ref)
        if paper is None:
            skipped["entries with neither a title nor an identifier"] += 1
            if ref.key:
                problems.append(f"{name}:{ref.line}: entry '{ref.key}' has neither a title nor an identifier")
            continue
        first = next((owner[k] for k in paper.identities if k in owner), None)
        if first is not None:
            fill(first, paper)
            skipped["entries listing a paper again"] += 1
            repeats.setdefault(first.line, []).append(ref.line)
            continue
        for key in paper.identities:
            owner[key] = paper
        if category:
            label = category
        elif category_field:
            values = [v for raw in ref.fields.get(category_field.lower(), []) for v in re.split(r"[;,]", raw)]
            values = [v.strip() for v in values if v.strip()]
            label = values[0] if values else ""
        else:  # a bibliography says nothing of categories: uncategorised, for `graphbuild audit` to propose
            label = ""
        paper.category = category_for(label, ref.line) if label else ""
        papers.append(paper)
    taken = IdPool()
    for paper in papers:
        candidate = slugify(paper.id)[:40].strip("-.") if paper.id else ""
        if not candidate and paper.provisional_title:  # no title yet: the id says which paper ("arxiv-2006.11477")
            candidate = slugify(paper.title)[:40].strip("-.")
        if candidate and ID_RE.match(candidate) and candidate not in taken:
            taken.add(candidate)
            paper.id = candidate
        else:
            paper.id = paper_id_for(paper.title, None, taken)
    return ImportResult(title, list(categories.values()), papers, problems, skipped,
                        repeats=sorted(repeats.items()))
