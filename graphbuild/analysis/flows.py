"""Which areas build on which: the category × category citation matrix."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..layout import category_order


@dataclass(frozen=True)
class Flows:
    categories: list[str]  # in catalog order
    counts: dict[tuple[str, str], int]  # (citing category, cited category) -> citations

    def row_total(self, citing: str) -> int:
        return sum(self.counts.get((citing, cited), 0) for cited in self.categories)

    def share(self, citing: str, cited: str) -> float:
        """The share of ``citing``'s in-list citations that go to ``cited``."""
        total = self.row_total(citing)
        return self.counts.get((citing, cited), 0) / total if total else 0.0


def category_flows(graph: nx.DiGraph) -> Flows:
    order = category_order(graph)
    counts: dict[tuple[str, str], int] = {}
    for citing, cited in graph.edges:
        key = (graph.nodes[citing].get("category"), graph.nodes[cited].get("category"))
        counts[key] = counts.get(key, 0) + 1
    return Flows(order, counts)
