"""graphbuild: build, explore and rank the citation graph of a curated reading list.

The library a notebook user calls; the ``graphbuild`` command is a thin layer over it::

    from graphbuild import load_catalog, build_graph, load_graph
    catalog = load_catalog("papers.yaml")
    graph = load_graph(catalog, "output/cache")   # offline, from what `graphbuild build` cached
"""

__version__ = "0.1.0"

from .build import build, load_graph, make_client  # noqa: E402
from .catalog import Catalog, InvalidCatalog, Paper, load_catalog, parse_catalog  # noqa: E402
from .graph import build_graph  # noqa: E402

__all__ = [
    "Catalog", "InvalidCatalog", "Paper", "build", "build_graph", "load_catalog", "load_graph", "make_client",
    "parse_catalog",
]
