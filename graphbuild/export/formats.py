"""The one registry of output formats: what ``graphbuild build`` writes every time (``in_build``), what
``build --formats`` adds to the same set, and what ``graphbuild export FORMAT`` writes alone. Each entry names its
files, says what it is, and points at its pure generator (``graph, timeline → {file name: text}``), loaded when
first used, so the command line can list the formats without loading them.
"""

from __future__ import annotations

import contextlib
import glob
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ..files import write_atomic
from ..layout import Drawing


def _single(module: str, function: str, name: str, *, timeline: bool = True) -> Callable:
    """A generator of one file, ``name``, from a module's ``generate_*`` function."""
    def generate(graph: nx.DiGraph, layout: Drawing | None) -> dict[str, str]:
        make = getattr(importlib.import_module(module, __package__), function)
        return {name: make(graph, layout) if timeline else make(graph)}
    return generate


def _several(module: str, function: str, *, timeline: bool = True) -> Callable:
    def generate(graph: nx.DiGraph, layout: Drawing | None) -> dict[str, str]:
        make = getattr(importlib.import_module(module, __package__), function)
        return make(graph, layout) if timeline else make(graph)
    return generate


class MissingDependency(RuntimeError):
    """An optional package a format needs is not installed (the message says how to install it)."""


@dataclass(frozen=True)
class Format:
    help: str
    default: str  # a file name, or a folder name for formats of several files
    generate: Callable[[nx.DiGraph, Drawing | None], dict[str, str | bytes]]  # file name -> text (bytes: binary)
    folder: bool = False
    in_build: bool = False  # written by every build, into the output folder itself


FORMATS: dict[str, Format] = {
    "graphml": Format("GraphML for Gephi, Cytoscape, yEd and networkx (timeline positions, colours, sizes)",
                      "graph.graphml", _single(".graphml", "generate_graphml", "graph.graphml"), in_build=True),
    "gexf": Format("GEXF for Gephi, with a start date per paper for its timeline", "graph.gexf",
                   _single(".gexf", "generate_gexf", "graph.gexf"), in_build=True),
    "html": Format("the lineage page: one self-contained file to explore the graph in a browser", "lineage.html",
                   _single(".html", "generate_html", "lineage.html"), in_build=True),
    "svg": Format("the timeline as a standalone SVG picture (for a README)", "lineage.svg",
                  _single(".svg", "generate_svg", "lineage.svg"), in_build=True),
    "vosviewer": Format("VOSviewer / VOSviewer Online JSON map (categories as clusters)", "vosviewer.json",
                        _single(".vosviewer", "generate_vosviewer", "vosviewer.json")),
    "vosviewer-similarity": Format("VOSviewer similarity map: papers linked by the references and citers they share "
                                   "(association strength), for VOSviewer's own layout and clustering",
                                   "vosviewer-similarity.json", _single(".vosviewer", "generate_vosviewer_similarity",
                                                                        "vosviewer-similarity.json", timeline=False)),
    "pajek": Format("Pajek .net (arcs citing → cited), .clu (categories) and .vec (years)", "pajek",
                    _several(".pajek", "generate_pajek"), folder=True),
    "csv": Format("nodes.csv and edges.csv with every attribute", "csv", _several(".tables", "generate_tables",
                                                                                  timeline=False), folder=True),
    "citations": Format("every citation with why it is made: influential or not, its intents, the citing sentences "
                        "(JSON)", "citations.json",
                        _single(".citations", "generate_citations", "citations.json", timeline=False)),
    "parquet": Format("nodes.parquet and edges.parquet with every attribute, typed (lists stay lists), for DuckDB, "
                      "Spark, pandas and polars (needs pyarrow: pip install \"graphbuild[parquet]\")", "parquet",
                      _several(".parquet", "generate_parquet", timeline=False), folder=True),
    "bibtex": Format("BibTeX of the list (keys are the paper ids)", "papers.bib",
                     _single(".bibtex", "generate_bibtex", "papers.bib", timeline=False)),
}

BUILD_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.in_build)


def output_texts(graph: nx.DiGraph, drawing: Drawing | None, names: tuple[str, ...]) -> dict[str, str | bytes]:
    """The files of ``names``, as paths relative to an output folder (a folder format's files inside its folder)
    → text, in the order given, each format once."""
    texts: dict[str, str | bytes] = {}
    for name in dict.fromkeys(names):
        fmt = FORMATS[name]
        for file_name, text in fmt.generate(graph, drawing).items():
            texts[f"{fmt.default}/{file_name}" if fmt.folder else file_name] = text
    return texts


def write(name: str, graph: nx.DiGraph, target: str | Path, drawing: Drawing | None = None) -> list[Path]:
    """Write format ``name`` of ``graph`` to ``target``: a file (or, for a format of several files, a folder; an
    existing folder given for a one-file format receives its default name), each file atomically."""
    fmt = FORMATS[name]
    target = Path(target)
    if not fmt.folder and target.is_dir():
        target = target / fmt.default
    written = []
    for file_name, text in fmt.generate(graph, drawing).items():
        path = target / file_name if fmt.folder else target
        remove_leftovers(path)
        write_atomic(path, text)
        written.append(path)
    return written


def remove_leftovers(path: Path) -> None:
    """The temporary files an earlier write of ``path`` left when it was killed (``.NAME.xxxxxxxx.tmp``)."""
    if path.parent.is_dir():
        for stray in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()
