"""Lineage questions: what does a paper build on, what built on it; and finding a paper from what a user typed."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..ids import normalize_arxiv


class PaperNotFound(LookupError):
    """No paper matches the query."""


class AmbiguousPaper(LookupError):
    """Several papers match the query; ``matches`` lists them."""

    def __init__(self, query: str, matches: list[str]):
        super().__init__(query)
        self.query, self.matches = query, matches


def find_paper(graph: nx.DiGraph, query: str) -> str:
    """Resolve an id, an arXiv id (version allowed) or a unique title fragment (case-insensitive) to a paper id."""
    q = query.strip()
    if q in graph:
        return q
    lowered = q.lower()
    arxiv = normalize_arxiv(q)
    for test in (  # the most exact kind of match first: id, arXiv id, whole title or remark, title fragment
        lambda n, d: n.lower() == lowered,
        lambda n, d: arxiv is not None and d.get("arxiv") == arxiv,
        lambda n, d: (d.get("title") or "").lower() == lowered or (d.get("remark") or "").lower() == lowered,
        lambda n, d: lowered in (d.get("title") or "").lower() or lowered in n.lower(),
    ):
        matches = sorted(n for n, d in graph.nodes(data=True) if test(n, d))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AmbiguousPaper(query, matches)
    raise PaperNotFound(query)


@dataclass
class TreeNode:
    paper: str
    children: list[TreeNode] = field(default_factory=list)
    repeated: bool = False  # already shown elsewhere in the tree: not expanded again


def lineage_tree(graph: nx.DiGraph, paper: str, direction: str = "up", depth: int | None = None) -> TreeNode:
    """The tree of what ``paper`` builds on (``up``: the papers it cites, transitively) or what builds on it
    (``down``: the papers citing it). Each paper is expanded once (breadth-first, so at its shallowest place);
    later occurrences are marked ``repeated``. Children are ordered by first appearance, then id."""
    step = graph.successors if direction == "up" else graph.predecessors
    root = TreeNode(paper)
    expanded = {paper}
    level = [root]
    current_depth = 0
    while level and (depth is None or current_depth < depth):
        next_level = []
        for node in level:
            for child in sorted(step(node.paper), key=lambda n: (graph.nodes[n].get("first_appearance") or "", n)):
                item = TreeNode(child, repeated=child in expanded)
                node.children.append(item)
                if not item.repeated:
                    expanded.add(child)
                    next_level.append(item)
        level = next_level
        current_depth += 1
    return root


def lineage_reach(graph: nx.DiGraph, paper: str, direction: str = "up") -> set[str]:
    """Every paper ``paper`` builds on (``up``), or that builds on it (``down``), at any distance."""
    return nx.descendants(graph, paper) if direction == "up" else nx.ancestors(graph, paper)


def tree_papers(tree: TreeNode) -> set[str]:
    """The distinct papers a lineage tree shows (its root excluded)."""
    found: set[str] = set()
    todo = list(tree.children)
    while todo:
        node = todo.pop()
        found.add(node.paper)
        todo.extend(node.children)
    return found
