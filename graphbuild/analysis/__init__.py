"""Pure functions on the citation graph: metrics and rankings, main paths, lineage, category flows, suggestions,
and where the sources agree.

Names are loaded when first used (PEP 562): ``from graphbuild.analysis.metrics import rank`` loads the metrics
alone, not every analysis.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "SingleSourceEdge": "agreement", "single_source_edges": "agreement", "source_agreement": "agreement",
    "category_flows": "flows",
    "AmbiguousPaper": "lineage", "PaperNotFound": "lineage", "find_paper": "lineage", "lineage_reach": "lineage",
    "lineage_tree": "lineage", "tree_papers": "lineage",
    "SEARCHES": "mainpath", "WEIGHTS": "mainpath", "find_cycles": "mainpath", "main_paths": "mainpath",
    "mark_main_path": "mainpath", "traversal_counts": "mainpath",
    "ALIASES": "metrics", "METRICS": "metrics", "REGISTRY": "metrics", "ConvergenceError": "metrics",
    "compute": "metrics", "rank": "metrics",
    "graph_stats": "stats",
    "suggest_missing": "suggest", "suggestion_id": "suggest",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphbuild.analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
