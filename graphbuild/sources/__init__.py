"""The sources graphbuild asks, as one family: each a member package with a client, a plan that fills the cache,
a pure read of the cache into :class:`~graphbuild.works.Work` records, and a reader of the works citing the list;
and this registry, the one description of every source that the build, watch, the command line, the graph, the
analyses and the exports read.

* :mod:`.semantic_scholar`: Semantic Scholar's Graph API (metadata, reference lists, forward citations).
* :mod:`.openalex`: OpenAlex (metadata, ``referenced_works``, works outside the list, forward citations).
* What they share: :mod:`.http` (one transport: pacing, retries, ``Retry-After``, a deadline), :mod:`.errors`
  (one family of conditions, the stop rule), :mod:`.fetching` (the frame of every plan) and :mod:`.checks` (the
  field checks every answer passes before it is believed or cached).

Adding a source is a member package, one :class:`Source` line in :data:`SOURCES`, and its tests; nothing else
changes: its name appears in every edge's ``sources``, its title in the page's legend and the build's report, its
attributes on every node. The registry itself imports nothing of its members: a member is loaded when one of its
functions is first called (:meth:`Source.member`), so the graph and the exports can read the registry without
loading an HTTP client.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

SEMANTIC_SCHOLAR, OPENALEX = "semantic_scholar", "openalex"
CURATED = "curated"  # the list's own references (papers.yaml ``cites``): not a source, but it vouches for edges

# The node attributes a source's answer sets, by what they mean (see graphbuild.attributes for each).
ATTRIBUTE_FIELDS = ("status", "id", "citation_count", "influential_citation_count", "reference_count",
                    "references_status", "references_resolved", "versions", "distrusted_year")


@dataclass(frozen=True)
class Source:
    """One source: who it is for people and for the data, and where its members live.

    ``members`` maps each member function to its ``module:function``: ``make_client(url, key, **options)``,
    ``fill(catalog, cache, client, readings, *, refresh, progress, without) -> FetchReport`` (``without``: the
    optional steps to leave out, such as ``"contexts"``, which a source without them ignores), ``read(catalog, cache,
    readings) -> Reading`` (pure: the cache only), ``citing(work_ids, cache, client, since, today, progress, *,
    refresh)`` for ``graphbuild watch``, and ``check_work(record) -> record`` (what the cache checks a stored work
    with).
    ``attributes`` names the node attribute of each of :data:`ATTRIBUTE_FIELDS` (None: not set); by default
    ``<name>_<field>``. ``known_for_all`` lists the fields written for every paper, "unknown" where the source has
    no answer (Semantic Scholar's ``references_status``, as graphbuild has always written it); ``on_page``, the
    fields the page shows besides the status and the reference list's (see :mod:`graphbuild.attributes`).
    """

    name: str
    title: str
    key: str  # its short name on the command line (--sources s2,openalex) and in reports' ids
    aliases: tuple[str, ...]
    members: dict[str, str]
    url_variable: str = ""
    key_variable: str = ""
    page: str = ""  # its web page for a work, {id} standing for the work's id
    attributes: dict[str, str | None] = field(default_factory=dict)
    known_for_all: tuple[str, ...] = ()
    on_page: tuple[str, ...] = ("id",)  # the page shows these fields too (besides status and the reference list's)

    def member(self, name: str) -> Any:
        """The member function ``name``, its module loaded on first use."""
        module, _, function = self.members[name].partition(":")
        return getattr(importlib.import_module(module), function)

    def attribute(self, what: str) -> str | None:
        """The node attribute that holds ``what`` (one of :data:`ATTRIBUTE_FIELDS`) for this source."""
        return self.attributes[what] if what in self.attributes else f"{self.name}_{what}"

    @property
    def status_key(self) -> str:
        key = self.attribute("status")
        assert key is not None
        return key


def _members(package: str) -> dict[str, str]:
    return {"make_client": f"{package}.client:make_client", "fill": f"{package}.fill:fill",
            "read": f"{package}.read:read", "citing": f"{package}.citations:citing",
            "check_work": f"{package}.records:check_stored"}


SOURCES: dict[str, Source] = {s.name: s for s in (
    Source(SEMANTIC_SCHOLAR, "Semantic Scholar", "s2", ("semanticscholar",), _members(f"{__name__}.semantic_scholar"),
           "GRAPHBUILD_S2_URL", "S2_API_KEY", "https://www.semanticscholar.org/paper/{id}",
           {"status": "s2_status", "id": "s2_id", "citation_count": "citation_count",
            "influential_citation_count": "influential_citation_count", "reference_count": "reference_count",
            "references_status": "references_status", "references_resolved": "references_resolved",
            "versions": None, "distrusted_year": None}, known_for_all=("references_status",),
           on_page=("citation_count", "influential_citation_count", "references_resolved")),
    Source(OPENALEX, "OpenAlex", "openalex", ("oa",), _members(f"{__name__}.openalex"), "GRAPHBUILD_OPENALEX_URL",
           "OPENALEX_API_KEY", "https://openalex.org/{id}",
           {"status": "openalex_status", "id": "openalex_id", "citation_count": "openalex_citation_count",
            "influential_citation_count": None, "reference_count": "openalex_reference_count",
            "references_status": "openalex_references_status", "references_resolved": None,
            "versions": "openalex_other_ids", "distrusted_year": "openalex_year"}),
)}


def source_names() -> tuple[str, ...]:
    """The sources, in the order a build asks them (each may use what the earlier ones said)."""
    return tuple(SOURCES)


def titles() -> dict[str, str]:
    """Every name an edge's ``sources`` can hold, with its title for people."""
    return {**{name: s.title for name, s in SOURCES.items()}, CURATED: "curated"}


def by_alias(text: str) -> Source | None:
    """The source ``text`` names: its name, its key, its title without spaces, or an alias (case-insensitive)."""
    wanted = text.strip().lower()
    for source in SOURCES.values():
        if wanted in (source.name, source.key, source.title.lower().replace(" ", ""), *source.aliases):
            return source
    return None


@contextlib.contextmanager
def registered(source: Source) -> Iterator[Source]:
    """Add ``source`` to the registry for the duration of a ``with`` block (a test's own source)."""
    SOURCES[source.name] = source
    try:
        yield source
    finally:
        SOURCES.pop(source.name, None)


__all__ = ["ATTRIBUTE_FIELDS", "CURATED", "OPENALEX", "SEMANTIC_SCHOLAR", "SOURCES", "Source", "by_alias",
           "registered", "source_names", "titles"]
