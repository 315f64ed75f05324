"""The main job: papers.yaml → Semantic Scholar (through the cache) → graph → graph.graphml, graph.gexf, lineage.html."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .cache import Cache
from .catalog import Catalog, load_catalog
from .export.gexf import write_gexf
from .export.graphml import write_graphml
from .export.html import write_html
from .analysis.mainpath import mark_main_path
from .fetch import FetchReport, Progress, Records, fetch_records
from .graph import build_graph
from .layout import timeline_layout
from .semanticscholar import SemanticScholar

API_KEY_VARIABLE = "S2_API_KEY"
API_URL_VARIABLE = "GRAPHBUILD_S2_URL"
OUTPUT_FILES = ("graph.graphml", "graph.gexf", "lineage.html")


@dataclass
class BuildResult:
    catalog: Catalog
    graph: nx.DiGraph
    report: FetchReport
    written: list[Path] = field(default_factory=list)

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


def load_records(catalog: Catalog, cache_dir: str | Path) -> Records:
    """What the cache holds for ``catalog``, with no network (empty when there is no cache yet)."""
    cache_dir = Path(cache_dir)
    if not (cache_dir / Cache.FILENAME).exists():
        return Records()
    with Cache(cache_dir) as cache:
        records, _ = fetch_records(catalog, cache, None)
    return records


def load_graph(catalog: Catalog, cache_dir: str | Path) -> nx.DiGraph:
    """The graph from the catalog and what the cache holds, with no network (for the reading commands)."""
    return build_graph(catalog, load_records(catalog, cache_dir))


def build(
    catalog_path: str | Path = "papers.yaml",
    out_dir: str | Path = "output",
    *,
    cache_dir: str | Path | None = None,
    client: SemanticScholar | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build and export the citation graph. ``client=None`` builds offline from the cache and curated references.

    Raises :class:`graphbuild.catalog.InvalidCatalog` before anything is written when papers.yaml is invalid.
    """
    catalog = load_catalog(catalog_path)
    out_dir = Path(out_dir)
    with Cache(cache_dir or default_cache_dir(out_dir)) as cache:
        records, report = fetch_records(catalog, cache, client, refresh=refresh, progress=progress)
    graph = build_graph(catalog, records)
    mark_main_path(graph)  # the spine, shown by the page and carried into GraphML/GEXF
    result = BuildResult(catalog, graph, report)
    timeline = timeline_layout(graph)
    for name, writer in zip(OUTPUT_FILES, (write_graphml, write_gexf, write_html)):
        writer(graph, out_dir / name, timeline)
        result.written.append(out_dir / name)
    return result
