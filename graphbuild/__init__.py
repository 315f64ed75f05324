"""graphbuild: build, explore and rank the citation graph of a curated reading list.

The library a notebook user calls; the ``graphbuild`` command is a thin layer over it::

    from graphbuild import load_catalog, load_graph, rank
    catalog = load_catalog("papers.yaml")
    graph = load_graph(catalog, "output/cache")   # offline, from what `graphbuild build` cached
    top = rank(graph, "pagerank", top=10)

Names are loaded when first used (PEP 562), so ``import graphbuild.analysis`` does not pull in the HTTP client.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "build": "jobs", "watch": "jobs", "load_graph": "jobs", "load_readings": "jobs", "make_client": "jobs",
    "load_list": "jobs", "Work": "works", "Ref": "works", "Reading": "works",
    "Catalog": "catalog", "InvalidCatalog": "catalog", "Paper": "catalog", "load_catalog": "catalog",
    "parse_catalog": "catalog", "build_graph": "graph", "rank": "analysis", "compute": "analysis",
    "main_paths": "analysis", "lineage_tree": "analysis",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
