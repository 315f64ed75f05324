"""What a source said, in one typed shape: a :class:`Work` per paper, with its references as :class:`Ref` ids, and
a :class:`Reading` of the whole list per source.

Every source's answer becomes these at the source boundary (each source's ``read`` in :mod:`graphbuild.sources`
turns its cached, checked records into them), so nothing past ``sources/`` reads an API's own JSON: the graph,
the analyses and the exports see the same fields whoever answered. Unknown values are ``None`` (or empty), never
guessed; a reference list that is unknown (elided by the publisher, or a source that keeps none) is ``None``,
never "cites nothing".

This module knows no HTTP, no cache and no files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple


class Ref(NamedTuple):
    """One entry of a work's reference list: the cited work as the citing work's source identifies it.

    A tuple, not a dataclass: a 50,000-paper list holds three million of them, read once each.
    """

    id: str | None  # the source's own id of the cited work; None: the source could not resolve it
    arxiv: str | None = None  # its arXiv id, where the source says
    doi: str | None = None  # its DOI (a publisher's, not arXiv's), where the source says
    title: str | None = None  # what the source calls it, where it says (for suggestions of works outside the list)
    year: int | None = None
    influential: bool | None = None  # the source finds the citation influential (Semantic Scholar); None: not said


class Context(NamedTuple):
    """One sentence of a citing work that cites a reference, with the intents the source reads in it."""

    text: str
    intents: tuple[str, ...] = ()  # Semantic Scholar's: background, methodology, result


@dataclass(frozen=True)
class Citation:
    """Why a work cites one of its references, as the source read it in the citing work's text (Semantic
    Scholar's ``contexts``, ``intents`` and ``isInfluential``, Valenzuela et al. 2015, "Identifying Meaningful
    Citations").

    A citation the source read no sentence for (it has no full text of the citing work, or it does not report that
    reference) says nothing of why: its :attr:`influential` is None, *unknown*, never "not influential".
    """

    contexts: tuple[Context, ...] = ()
    intents: tuple[str, ...] = ()  # the union of the sentences' intents (and the edge's own), sorted
    is_influential: bool | None = None  # what the source says (None: it did not)

    @property
    def influential(self) -> bool | None:
        """True when the source finds it influential; False only when it read the citation and finds it not;
        None (unknown) when it read no sentence of it."""
        if self.is_influential:
            return True
        return False if self.is_influential is False and self.contexts else None


def _no_references() -> tuple[Ref, ...] | None:
    return None


def _no_citations() -> dict[str, Citation] | None:
    return None


@dataclass(frozen=True)
class Work:
    """A work as one source knows it (a listed paper, a work outside the list, or a work citing the list).

    The reference list is read when asked for (:attr:`references`), not held: at 50,000 papers the lists of all
    of them would take gigabytes, while the graph needs each once.
    """

    source: str  # the source's name (``semantic_scholar``, ``openalex``: see graphbuild.sources.SOURCES)
    id: str  # the source's own id for it (a Semantic Scholar paperId, an OpenAlex W id)
    title: str | None = None
    year: int | None = None
    date: str | None = None  # YYYY-MM-DD, the publication date the source gives
    venue: str | None = None
    authors: tuple[str, ...] = ()
    arxiv: str | None = None  # the arXiv id, without version
    doi: str | None = None  # the publisher's DOI (arXiv's own DOI is not one: the arXiv id says it)
    dois: tuple[str, ...] = ()  # every DOI the source gives it, arXiv's included, lower-cased
    mag: str | None = None  # its Microsoft Academic Graph id, which OpenAlex W ids continue
    url: str | None = None  # the source's page for it
    citation_count: int | None = None  # works citing it, in the whole source
    influential_citation_count: int | None = None
    reference_count: int | None = None  # what the source counts in its reference list
    references_status: str = "unknown"  # complete, partial (paging was interrupted), elided (withheld), unknown
    versions: tuple[str, ...] = ()  # the source's other ids for the same paper (a preprint and its journal version)
    distrusted_year: int | None = None  # the source's year, when it is too far from the list's to be believed
    retracted: bool | None = None  # the source says it was retracted or withdrawn (OpenAlex); None: not said
    load_references: Callable[[], tuple[Ref, ...] | None] = field(default=_no_references, repr=False,
                                                                   compare=False)
    # Why it cites each reference, by the reference's id in the source (None: not read, or the source reads none)
    load_citations: Callable[[], dict[str, Citation] | None] = field(default=_no_citations, repr=False,
                                                                      compare=False)

    @property
    def references(self) -> tuple[Ref, ...] | None:
        """The reference list (None: unknown). Read anew on each access."""
        return self.load_references()

    @property
    def citations(self) -> dict[str, Citation] | None:
        """Why it cites its references, by the cited work's id in the source (None: never read). Read anew on each
        access; a reference missing from a dict that was read is one the source read no sentence for."""
        return self.load_citations()

    @property
    def year_believed(self) -> bool:
        return self.distrusted_year is None


@dataclass
class Reading:
    """What one source said about the listed papers, keyed by catalog id.

    ``works[paper]`` is the source's work for the paper, or None when the source was asked and does not know it;
    a paper missing from ``works`` was never asked about (offline, or the source stopped first): no data.
    """

    source: str
    works: dict[str, Work | None] = field(default_factory=dict)
    outside: dict[str, Work] = field(default_factory=dict)  # works outside the list it described, by its id
    errors: dict[str, str] = field(default_factory=dict)  # catalog id -> why the source's answer was not taken
    rejected: list[str] = field(default_factory=list)  # cached rows that could not be read: ignored, said
    cache_hits: int = 0  # papers whose answer the cache already held

    def work(self, paper: str) -> Work | None:
        return self.works.get(paper)

    def ids(self, paper: str) -> list[str]:
        """Every id of the source's for ``paper``: its work's, then the other versions'."""
        work = self.works.get(paper)
        return [work.id, *work.versions] if work else []


Readings = dict[str, Reading]  # source name -> its reading, in the order the sources are asked
