"""The jobs graphbuild does, as library functions the command line only calls and prints: :func:`build` (papers.yaml
→ Semantic Scholar and OpenAlex, through the cache → graph → graph.graphml, graph.gexf, lineage.html,
lineage.svg), and :func:`load_list`, what every reading command works from (the catalog, the cache, the graph).

Semantic Scholar is asked first: the DOIs, arXiv and MAG ids it gives a paper widen OpenAlex's search for it. The
files of one build are written as a set (:func:`graphbuild.files.write_output_set`).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .analysis.mainpath import mark_main_path
from .cache import Cache
from .catalog import Catalog, load_catalog
from .export.formats import FORMATS
from .export.gexf import generate_gexf
from .export.graphml import generate_graphml
from .export.html import generate_html
from .export.svg import generate_svg
from .files import finish_interrupted_write, write_output_set
from .graph import build_graph
from .layout import timeline_layout
from .records import OPENALEX, SEMANTIC_SCHOLAR, SOURCE_NAMES
from .sources.fetching import FetchReport, Progress
from .sources.openalex import OpenAlex
from .sources.openalex_fetch import fetch_openalex
from .sources.s2_fetch import Records, fetch_records
from .sources.semanticscholar import SemanticScholar

API_KEY_VARIABLE = "S2_API_KEY"
API_URL_VARIABLE = "GRAPHBUILD_S2_URL"
OPENALEX_KEY_VARIABLE = "OPENALEX_API_KEY"
OPENALEX_URL_VARIABLE = "GRAPHBUILD_OPENALEX_URL"
OUTPUT_FILES = ("graph.graphml", "graph.gexf", "lineage.html", "lineage.svg")
GENERATORS = (generate_graphml, generate_gexf, generate_html, generate_svg)


@dataclass
class BuildResult:
    catalog: Catalog
    graph: nx.DiGraph
    reports: dict[str, FetchReport]  # per source used, in the order asked
    written: list[Path] = field(default_factory=list)

    @property
    def report(self) -> FetchReport:
        """Semantic Scholar's report (an empty offline one when it was not used)."""
        return self.reports.get(SEMANTIC_SCHOLAR) or FetchReport(offline=True)

    def papers_with_status(self, status: str) -> list[str]:
        return sorted(n for n, d in self.graph.nodes(data=True) if d.get("s2_status") == status)


def default_cache_dir(out_dir: str | Path) -> Path:
    return Path(out_dir) / "cache"


def make_client(api_url: str | None = None, **options) -> SemanticScholar:
    """A client for ``api_url`` (else ``$GRAPHBUILD_S2_URL``, else the real API), keyed by ``$S2_API_KEY``."""
    return SemanticScholar(
        api_url or os.environ.get(API_URL_VARIABLE) or None,
        os.environ.get(API_KEY_VARIABLE) or None,
        **options,
    )


def make_openalex_client(api_url: str | None = None, **options) -> OpenAlex:
    """A client for ``api_url`` (else ``$GRAPHBUILD_OPENALEX_URL``, else the real API), keyed by
    ``$OPENALEX_API_KEY``."""
    return OpenAlex(
        api_url or os.environ.get(OPENALEX_URL_VARIABLE) or None,
        os.environ.get(OPENALEX_KEY_VARIABLE) or None,
        **options,
    )


def load_records(catalog: Catalog, cache_dir: str | Path, sources: tuple[str, ...] = SOURCE_NAMES) -> Records:
    """What the cache holds for ``catalog`` from ``sources``, with no network (empty when there is no cache yet)."""
    cache_dir = Path(cache_dir)
    if not (cache_dir / Cache.FILENAME).exists():
        return Records()
    with Cache(cache_dir, read_only=True) as cache:  # reading never writes: works on a read-only cache too
        records, _ = fetch_all(catalog, cache, {}, sources)
    return records


def fetch_all(catalog: Catalog, cache: Cache, clients: dict[str, SemanticScholar | OpenAlex | None],
              sources: tuple[str, ...] = SOURCE_NAMES, *, refresh: bool | Collection[str] = False,
              progress: Progress | None = None) -> tuple[Records, dict[str, FetchReport]]:
    """Ask each of ``sources`` (its client from ``clients``; none: offline, from the cache) for ``catalog``.
    ``refresh``: True for every source, or the names of those to ask again for everything."""
    def again(name: str) -> bool:
        return refresh is True or (not isinstance(refresh, bool) and name in refresh)

    records, reports = Records(), {}
    if SEMANTIC_SCHOLAR in sources:
        s2 = clients.get(SEMANTIC_SCHOLAR)
        assert s2 is None or isinstance(s2, SemanticScholar)
        records, reports[SEMANTIC_SCHOLAR] = fetch_records(catalog, cache, s2, refresh=again(SEMANTIC_SCHOLAR),
                                                           progress=progress)
    if OPENALEX in sources:
        oa = clients.get(OPENALEX)
        assert oa is None or isinstance(oa, OpenAlex)
        records.openalex, reports[OPENALEX] = fetch_openalex(catalog, records, cache, oa, refresh=again(OPENALEX),
                                                             progress=progress)
    return records, reports


def load_graph(catalog: Catalog, cache_dir: str | Path, sources: tuple[str, ...] = SOURCE_NAMES) -> nx.DiGraph:
    """The graph from the catalog and what the cache holds, with no network."""
    return build_graph(catalog, load_records(catalog, cache_dir, sources))


def load_list(catalog: Catalog | str | Path, cache_dir: str | Path,
              sources: tuple[str, ...] = SOURCE_NAMES) -> tuple[Catalog, Records, nx.DiGraph]:
    """Everything the reading commands work from, with no network: the catalog (loaded when a path is given),
    what the cache holds for it, and the graph of both."""
    if not isinstance(catalog, Catalog):
        catalog = load_catalog(catalog)
    records = load_records(catalog, cache_dir, sources)
    return catalog, records, build_graph(catalog, records)


def build(
    catalog: Catalog | str | Path = "papers.yaml",
    out_dir: str | Path = "output",
    *,
    cache_dir: str | Path | None = None,
    client: SemanticScholar | None = None,
    openalex: OpenAlex | None = None,
    sources: tuple[str, ...] = SOURCE_NAMES,
    refresh: bool | Collection[str] = False,
    progress: Progress | None = None,
    formats: tuple[str, ...] = (),
) -> BuildResult:
    """Build and export the citation graph from ``sources``: Semantic Scholar through ``client`` and OpenAlex through
    ``openalex``; a source without a client is used offline, from what the cache holds of it. ``refresh``: True, or
    the names of the sources to ask again for everything.

    ``catalog`` is a :class:`Catalog` already loaded, or the path of papers.yaml. ``formats`` names extra exports
    of :data:`graphbuild.export.formats.FORMATS`, written with the three files, as one set. Raises
    :class:`graphbuild.catalog.InvalidCatalog` before anything is written when papers.yaml is invalid,
    :class:`graphbuild.cache.CacheDamaged` when the cache is not a usable database, and
    :class:`graphbuild.sources.s2_fetch.SourceMisconfigured` when the API's URL is wrong.
    """
    if not isinstance(catalog, Catalog):
        catalog = load_catalog(catalog)
    out_dir = Path(out_dir)
    finish_interrupted_write(out_dir)
    with Cache(cache_dir or default_cache_dir(out_dir)) as cache:
        records, reports = fetch_all(catalog, cache, {SEMANTIC_SCHOLAR: client, OPENALEX: openalex}, sources,
                                     refresh=refresh, progress=progress)
    graph = build_graph(catalog, records)
    mark_main_path(graph)  # the spine, shown by the page and carried into GraphML/GEXF
    result = BuildResult(catalog, graph, reports)
    timeline = timeline_layout(graph)
    texts = {name: generate(graph, timeline) for name, generate in zip(OUTPUT_FILES, GENERATORS)}
    for name in formats:
        fmt = FORMATS[name]
        for file_name, text in fmt.generate(graph, timeline).items():
            texts[f"{fmt.default}/{file_name}" if fmt.folder else file_name] = text
    result.written = write_output_set(out_dir, texts)
    return result
