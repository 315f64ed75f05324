"""A summary of the graph: size, sources, structure, coverage."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from ..sources import SOURCES
from .agreement import source_agreement
from .mainpath import find_cycles


def graph_stats(graph: nx.DiGraph) -> dict:
    """Plain data (JSON-able) describing the graph."""
    nodes = graph.nodes(data=True)
    reference_total = sum(d.get("reference_count", 0) for _, d in nodes if "references_resolved" in d)
    resolved_total = sum(d.get("references_resolved", 0) for _, d in nodes)
    categories = list(graph.graph.get("categories", {}))
    per_category = Counter(d.get("category") for _, d in nodes)
    cycles = find_cycles(graph)
    agreement = source_agreement(graph)
    return {
        "papers": graph.number_of_nodes(),
        "citations": graph.number_of_edges(),
        "citations_by_sources": agreement["by_sources"],
        "sources_compared": agreement["compared"],
        "sources_disagree_most": agreement["disagreeing"],
        "density": nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
        "components": nx.number_weakly_connected_components(graph) if graph.number_of_nodes() else 0,
        "isolated": sorted(nx.isolates(graph)),
        "cycles": cycles,
        "per_category": {c: per_category.get(c, 0) for c in categories},
        **{name: dict(sorted(Counter(d.get(source.status_key, "no_data") for _, d in nodes).items()))
           for name, source in SOURCES.items()},  # papers per status, for each source
        "openalex_references_unknown": sorted(n for n, d in nodes if d.get("openalex_references_status") == "unknown"),
        "openalex_years_distrusted": sorted(n for n, d in nodes if "openalex_year" in d),
        "references_resolved": resolved_total,
        "references_counted": reference_total,
        "completeness": resolved_total / reference_total if reference_total else None,
        "elided": sorted(n for n, d in nodes if d.get("references_status") == "elided"),
        "unresolved": sorted(n for n, d in nodes if d.get("s2_status") == "unresolved"),
    }
