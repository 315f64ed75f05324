"""Why a paper cites another, over the graph: each citation's reason as far as a source read it (its intents,
whether it is influential, the citing sentences: :func:`graphbuild.graph.why_attributes`), the citation paths from
one paper to another with the reason at every step, and the *methodological lineage*: the citations made for a
paper's method (or found influential), on which the main path can be computed too.

Semantic Scholar's intents come from a classifier of citing sentences (Cohan et al. 2019, "Structural Scaffolds
for Citation Intent Classification in Scientific Publications", NAACL: background, method, result comparison);
its influential citations from Valenzuela, Ha & Etzioni 2015, "Identifying Meaningful Citations" (AAAI workshop).
A citation no sentence was read for is *unknown*: it is left out of a lineage filtered by intent or influence, and
said to be unknown wherever it is shown, never "not influential".
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import islice

import networkx as nx

INTENTS = ("methodology", "background", "result")  # Semantic Scholar's, in the order a lineage cares for


@dataclass(frozen=True)
class Reason:
    """Why ``citing`` cites ``cited``, as the graph's edge says."""

    citing: str
    cited: str
    intents: tuple[str, ...]
    influential: str  # true, false or unknown
    sentences: tuple[tuple[str, tuple[str, ...]], ...]  # (text, its intents)
    sources: tuple[str, ...]

    @property
    def known(self) -> bool:
        """Whether a source read anything of why (a sentence, or its influence)."""
        return bool(self.sentences) or self.influential != "unknown"

    def summary(self) -> str:
        """One line: ``methodology, influential`` / ``background`` / ``unknown, no citing sentence read; reported
        by curated``."""
        if not self.known:
            from ..sources import titles

            names = titles()
            said = ", ".join(names.get(s, s) for s in self.sources) or "nobody"
            return f"unknown, no citing sentence read; reported by {said}"
        parts = list(self.intents) or ["no intent given"]
        if self.influential == "true":
            parts.append("influential")
        return ", ".join(parts)


def reason(graph: nx.DiGraph, citing: str, cited: str) -> Reason:
    """Why ``citing`` cites ``cited`` (the edge must exist)."""
    data = graph.edges[citing, cited]
    sentences = tuple((s["text"], tuple(s.get("intents", ()))) for s in data.get("sentences", ()))
    return Reason(citing, cited, tuple(data.get("intents", ())), str(data.get("influential", "unknown")), sentences,
                  tuple(data.get("sources", ())))


def citation_paths(graph: nx.DiGraph, start: str, end: str, *, limit: int = 10,
                   max_steps: int | None = None) -> list[list[str]]:
    """The citation paths from ``start`` down to ``end`` (``start`` cites … cites ``end``), shortest first, at most
    ``limit`` of them (Yen's k shortest simple paths, as networkx's ``shortest_simple_paths``), none longer than
    ``max_steps`` citations."""
    if start not in graph or end not in graph or start == end:
        return []
    try:
        paths: Iterator[list[str]] = nx.shortest_simple_paths(graph, start, end)
        return [p for p in islice(paths, limit) if max_steps is None or len(p) - 1 <= max_steps]
    except nx.NetworkXNoPath:
        return []


def lineage_filter(graph: nx.DiGraph, intents: Collection[str] = (), *, influential: bool = False) -> nx.DiGraph:
    """The citations of ``graph`` made for one of ``intents`` (any, when empty) and, with ``influential``, found
    influential: the methodological lineage for ``intents=("methodology",)``. Every paper stays; citations not
    read are left out (unknown is not a reason)."""
    wanted = set(intents)

    def keep(citing: str, cited: str) -> bool:
        data = graph.edges[citing, cited]
        if influential and data.get("influential") != "true":
            return False
        return not wanted or bool(wanted & set(data.get("intents", ())))

    return nx.subgraph_view(graph, filter_edge=keep)


def has_reasons(graph: nx.DiGraph) -> bool:
    """Whether any citation of ``graph`` has a reason read (else every filter by intent is empty, and says why)."""
    return any(d.get("sentences") or d.get("influential", "unknown") != "unknown" for *_, d in graph.edges(data=True))


def influential_citations(graph: nx.DiGraph) -> dict[str, int | None]:
    """In-list citations a source finds influential, per paper; None for all when no citation's influence is
    known (no source read why the list's papers cite)."""
    if not has_reasons(graph):
        return {n: None for n in graph}
    counts: dict[str, int] = dict.fromkeys(graph, 0)
    for _, cited, data in graph.edges(data=True):
        if data.get("influential") == "true":
            counts[cited] += 1
    return dict(counts)
