"""Pure functions on the citation graph: metrics and rankings, main paths, lineage, category flows, suggestions,
and where the sources agree."""

from .agreement import SingleSourceEdge, single_source_edges, source_agreement
from .flows import category_flows
from .lineage import AmbiguousPaper, PaperNotFound, find_paper, lineage_reach, lineage_tree, tree_papers
from .mainpath import SEARCHES, WEIGHTS, find_cycles, main_paths, mark_main_path, traversal_counts
from .metrics import ALIASES, METRICS, REGISTRY, ConvergenceError, compute, rank
from .stats import graph_stats
from .suggest import suggest_missing, suggestion_id

__all__ = [
    "ALIASES", "REGISTRY", "SEARCHES", "WEIGHTS", "ConvergenceError", "suggestion_id",
    "AmbiguousPaper", "METRICS", "PaperNotFound", "category_flows", "compute", "find_cycles", "find_paper",
    "graph_stats", "lineage_reach", "lineage_tree", "main_paths", "mark_main_path", "rank", "suggest_missing",
    "traversal_counts", "tree_papers", "SingleSourceEdge", "single_source_edges", "source_agreement",
]
