"""The formats ``graphbuild export`` (and ``build --formats``) writes: the one registry of their names, what they
are, and where they go by default."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from ..layout import Timeline
from .bibtex import generate_bibtex
from .pajek import generate_pajek
from .svg import generate_svg
from .tables import generate_tables
from .vosviewer import generate_vosviewer


@dataclass(frozen=True)
class Format:
    help: str
    default: str  # a file name, or a folder name for formats of several files
    generate: Callable[[nx.DiGraph, Timeline | None], dict[str, str]]  # file name -> text
    folder: bool = False


FORMATS: dict[str, Format] = {
    "vosviewer": Format("VOSviewer / VOSviewer Online JSON map (categories as clusters)", "vosviewer.json",
                        lambda g, t: {"vosviewer.json": generate_vosviewer(g, t)}),
    "pajek": Format("Pajek .net (arcs citing → cited), .clu (categories) and .vec (years)", "pajek",
                    generate_pajek, folder=True),
    "csv": Format("nodes.csv and edges.csv with every attribute", "csv", lambda g, t: generate_tables(g), folder=True),
    "bibtex": Format("BibTeX of the list (keys are the paper ids)", "papers.bib",
                     lambda g, t: {"papers.bib": generate_bibtex(g)}),
    "svg": Format("the timeline as a standalone SVG picture (for a README)", "lineage.svg",
                  lambda g, t: {"lineage.svg": generate_svg(g, t)}),
}
