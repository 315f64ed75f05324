"""Where the sources agree on the graph's edges, and where one source alone vouches for an edge.

One database is one opinion: Semantic Scholar elides some publishers' reference lists and splits or merges
versions; OpenAlex keeps a reference only when it matches a work it has, and leaves some lists empty. An edge two
sources report independently is well supported; an edge one source alone reports is worth a look, and what the
*other* source says of the citing paper tells how much its silence means: nothing if it does not know the paper
or has no reference list for it, something if it lists the paper's references and this one is not among them.

Pure functions of the graph (its ``sources`` edge attribute and the per-source node attributes that
:func:`graphbuild.graph.build_graph` sets).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .. import sources as registry
from ..graph import edge_source_counts, source_names


@dataclass(frozen=True)
class SingleSourceEdge:
    citing: str
    cited: str
    sources: str  # the edge's sources, e.g. "semantic_scholar" or "curated,openalex"
    reported_by: str  # the one database that reports it
    other: str  # the database that does not
    other_says: str  # what that database knows of the citing paper, in words
    other_knows_references: bool  # True when its silence is evidence (it lists the paper's references)

    def as_dict(self) -> dict:
        return {"citing": self.citing, "cited": self.cited, "sources": self.sources, "reported_by": self.reported_by,
                "other": self.other, "other_says": self.other_says,
                "other_knows_references": self.other_knows_references}


def asked(graph: nx.DiGraph, source: str) -> bool:
    """Whether the graph holds any answer of ``source`` (a database never asked has nothing to disagree with)."""
    key = registry.SOURCES[source].status_key
    return any(d.get(key, "no_data") != "no_data" for _, d in graph.nodes(data=True))


def compared_sources(graph: nx.DiGraph) -> list[str]:
    """The sources the graph holds answers of, in the registry's order: those whose edges can be compared."""
    return [name for name in registry.source_names() if asked(graph, name)]


def what_source_says(graph: nx.DiGraph, source: str, citing: str, cited: str) -> tuple[str, bool]:
    """What ``source`` knows of ``citing``'s references, in words, and whether its silence on ``cited`` is
    evidence (it has the paper and a reference list for it)."""
    a, b = graph.nodes[citing], graph.nodes[cited]
    described = registry.SOURCES[source]
    name = described.title
    refs_key, count_key = described.attribute("references_status"), described.attribute("reference_count")
    status, cited_status = a.get(described.status_key, "no_data"), b.get(described.status_key, "no_data")
    refs = a.get(refs_key, "unknown") if refs_key else "unknown"
    count = a.get(count_key) if count_key else None
    if status == "no_data":
        return f"{name} was not asked about {citing}", False
    if status == "unresolved":
        return f"{name} does not know {citing}", False
    if refs == "elided":
        return f"{name}'s reference list of {citing} is elided by the publisher (unknown)", False
    if refs == "unknown":
        return f"{name} lists no references for {citing} (unknown, not none)", False
    if cited_status == "unresolved":
        return f"{name} does not know {cited}, so cannot list it among {citing}'s {count} references", False
    partial = " (partial)" if refs == "partial" else ""
    return f"{name} lists {count} references{partial} for {citing}; {cited} is not among them", refs == "complete"


def single_source_edges(graph: nx.DiGraph) -> list[SingleSourceEdge]:
    """Every edge exactly one database reports, with what each other database asked says of it; those where the
    other's silence is evidence first, then by citing and cited paper. Nothing when fewer than two were asked."""
    compared = compared_sources(graph)
    out: list[SingleSourceEdge] = []
    if len(compared) < 2:
        return out
    for u, v, data in graph.edges(data=True):
        names = set(source_names(data))
        reporting = [s for s in compared if s in names]
        if len(reporting) != 1:
            continue
        for other in (s for s in compared if s != reporting[0]):
            says, evidence = what_source_says(graph, other, u, v)
            out.append(SingleSourceEdge(u, v, ",".join(source_names(data)), reporting[0], other, says, evidence))
    return sorted(out, key=lambda e: (not e.other_knows_references, e.citing, e.cited))


def source_agreement(graph: nx.DiGraph, top: int = 10) -> dict:
    """Edges by combination of sources, and the papers whose outgoing edges the databases disagree on most
    (edges one reports and the other, knowing the paper's references, does not)."""
    compared = compared_sources(graph)
    per_paper: dict[str, dict[str, int]] = {}
    for edge in single_source_edges(graph):
        if edge.other_knows_references:
            counts = per_paper.setdefault(edge.citing, {s: 0 for s in compared})
            counts[edge.reported_by] += 1
    agreed: dict[str, int] = {}
    for u, _, data in graph.edges(data=True):
        if len(compared) >= 2 and all(s in source_names(data) for s in compared):
            agreed[u] = agreed.get(u, 0) + 1
    ranked = sorted(per_paper, key=lambda p: (-sum(per_paper[p].values()), p))
    disagreeing = [{"paper": p, **{f"{s}_only": per_paper[p][s] for s in compared}, "both": agreed.get(p, 0)}
                   for p in ranked]
    return {"by_sources": edge_source_counts(graph), "disagreeing": disagreeing[:top], "compared": len(compared) >= 2}
