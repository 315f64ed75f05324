"""What changed between two versions of a list: papers added and removed, citations gained and lost, papers whose
rank moved, and category flows that changed. Pure functions of two graphs; reports as Markdown (a pull-request
comment) or JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import networkx as nx

from ..escape import markdown_text
from .flows import category_flows
from .metrics import rank


@dataclass
class RankMove:
    paper: str
    old: int
    new: int

    @property
    def change(self) -> int:
        return self.old - self.new  # positive: moved up


@dataclass
class ListDiff:
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id): one paper under a new id
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    citations_gained: list[tuple[str, str]] = field(default_factory=list)
    citations_lost: list[tuple[str, str]] = field(default_factory=list)
    rank_moves: list[RankMove] = field(default_factory=list)
    flows_changed: list[tuple[str, str, int, int]] = field(default_factory=list)  # citing cat, cited cat, old, new
    metric: str = "local"

    @property
    def empty(self) -> bool:
        return not (self.renamed or self.added or self.removed or self.citations_gained or self.citations_lost
                    or self.rank_moves or self.flows_changed)


def _identities(data: dict) -> list[tuple]:
    """What makes a paper the same paper in two versions of a list, whatever its id: its arXiv id, its DOI, its
    title (words, case and punctuation aside) with its year."""
    keys: list[tuple] = []
    for kind in ("arxiv", "doi"):
        if data.get(kind):
            keys.append((kind, str(data[kind]).strip().lower()))
    words = " ".join(re.findall(r"[^\W_]+", str(data.get("title") or "").casefold()))
    if words:
        keys.append(("title", words, data.get("year")))
    return keys


def _owners(graph: nx.DiGraph, papers: list[str], kind: str) -> dict[tuple, list[str]]:
    index: dict[tuple, list[str]] = {}
    for p in papers:
        for key in _identities(graph.nodes[p]):
            if key[0] == kind:
                index.setdefault(key, []).append(p)
    return index


def renamed_papers(old: nx.DiGraph, new: nx.DiGraph) -> dict[str, str]:
    """Papers only in ``old`` matched to papers only in ``new`` by identity (:func:`_identities`), each key taken
    only where it names one paper on each side: a renamed id, not one paper removed and another added."""
    gone, came = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    found: dict[str, str] = {}
    for kind in ("arxiv", "doi", "title"):  # the surest first
        before = _owners(old, [p for p in gone if p not in found], kind)
        after = _owners(new, [p for p in came if p not in found.values()], kind)
        for key, olds in sorted(before.items(), key=lambda kv: str(kv[0])):
            news = after.get(key, [])
            if len(olds) == 1 and len(news) == 1 and olds[0] not in found and news[0] not in found.values():
                found[olds[0]] = news[0]
    return found


def diff_graphs(old: nx.DiGraph, new: nx.DiGraph, by: str = "local") -> ListDiff:
    """The changes from ``old`` to ``new``; ranks by metric ``by`` for the papers in both. A paper whose id
    changed (its arXiv id, DOI, or title and year the same) is reported as renamed, and compared as one paper."""
    out = ListDiff(metric=by)
    renamed = renamed_papers(old, new)
    out.renamed = sorted(renamed.items())
    if renamed:
        old = nx.relabel_nodes(old, renamed, copy=True)
    out.added = sorted(set(new) - set(old))
    out.removed = sorted(set(old) - set(new))
    out.citations_gained = sorted(set(new.edges) - set(old.edges))
    out.citations_lost = sorted(set(old.edges) - set(new.edges))
    old_rank = {r.paper: r.rank for r in rank(old, by)}
    new_rank = {r.paper: r.rank for r in rank(new, by)}
    moves = [RankMove(p, old_rank[p], new_rank[p]) for p in sorted(set(old_rank) & set(new_rank))
             if old_rank[p] != new_rank[p]]
    out.rank_moves = sorted(moves, key=lambda m: (-abs(m.change), m.paper))
    before, after = category_flows(old), category_flows(new)
    pairs = sorted(set(before.counts) | set(after.counts), key=lambda p: (str(p[0]), str(p[1])))
    out.flows_changed = [(a, b, before.counts.get((a, b), 0), after.counts.get((a, b), 0)) for a, b in pairs
                         if before.counts.get((a, b), 0) != after.counts.get((a, b), 0)]
    return out


def report_json(diff: ListDiff) -> str:
    return json.dumps({
        "renamed": [{"old": a, "new": b} for a, b in diff.renamed],
        "added": diff.added, "removed": diff.removed,
        "citations_gained": [{"citing": u, "cited": v} for u, v in diff.citations_gained],
        "citations_lost": [{"citing": u, "cited": v} for u, v in diff.citations_lost],
        "rank_moves": [{"paper": m.paper, "old": m.old, "new": m.new, "change": m.change} for m in diff.rank_moves],
        "flows_changed": [{"citing": a, "cited": b, "old": o, "new": n} for a, b, o, n in diff.flows_changed],
        "metric": diff.metric,
    }, indent=2) + "\n"


def report_markdown(diff: ListDiff, old_name: str, new_name: str, titles: dict[str, str]) -> str:
    """A pull-request comment; paper ids in code spans, titles as plain text."""
    def who(paper: str) -> str:
        title = markdown_text(titles.get(paper, ""))
        return f"`{paper}`" + (f" {title}" if title else "")

    lines = [f"## graphbuild: {old_name} → {new_name}", ""]
    if diff.empty:
        return "\n".join(lines + ["No change to papers, citations, ranks or flows."]) + "\n"
    sections = [
        (f"Papers renamed ({len(diff.renamed)})", [f"`{a}` → {who(b)}" for a, b in diff.renamed]),
        (f"Papers added ({len(diff.added)})", [who(p) for p in diff.added]),
        (f"Papers removed ({len(diff.removed)})", [who(p) for p in diff.removed]),
        (f"Citations gained ({len(diff.citations_gained)})", [f"`{u}` → `{v}`" for u, v in diff.citations_gained]),
        (f"Citations lost ({len(diff.citations_lost)})", [f"`{u}` → `{v}`" for u, v in diff.citations_lost]),
        (f"Rank moves by {diff.metric} ({len(diff.rank_moves)})",
         [f"{who(m.paper)}: {m.old} → {m.new} ({'+' if m.change > 0 else ''}{m.change})" for m in diff.rank_moves]),
        (f"Category flows changed ({len(diff.flows_changed)})",
         [f"`{a}` → `{b}`: {o} → {n}" for a, b, o, n in diff.flows_changed]),
    ]
    for heading, items in sections:
        if items:
            lines += [f"### {heading}", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(lines).rstrip() + "\n"
