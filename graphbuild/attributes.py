"""The one declared table of what the graph's nodes and edges carry: each attribute's name, type, meaning, and who
sets it. :func:`graphbuild.graph.build_graph` keeps real values (a list stays a list); each exporter flattens its
own copy with :func:`flat`, the page shows the attributes marked for it, the README's table is this one (a test
reads both), and a test holds every attribute a graph has to this table.

Each source's attributes come from its registry entry (:data:`graphbuild.sources.SOURCES`): ``s2_status`` and
``openalex_status`` are the ``status`` of two sources, and a source added to the registry brings its own.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from .sources import ATTRIBUTE_FIELDS, SOURCES


@dataclass(frozen=True)
class Attribute:
    name: str
    type: type  # str, int, bool or list (of str)
    meaning: str
    set_by: str  # who sets it: the list (papers.yaml), a source, the graph, an analysis
    on_page: bool = False  # the page's script reads it
    joiner: str = ","  # how a list is written where only text fits (GraphML, GEXF, CSV, the page)
    gephi: bool = True  # written into GraphML and GEXF (the citing sentences are not: CSV and JSON carry them)
    item: builtins.type = str  # what a list holds: text, or (citing sentences) a dict {"text": str, "intents": [str]}


# What the list and the graph give every paper (the sources fill in what the list leaves empty).
PAPER_ATTRIBUTES = (
    Attribute("title", str, "the list's title; where it gives only an identifier, a source's", "list, sources", True),
    Attribute("category", str, "the category id", "list", True),
    Attribute("category_label", str, "the category's label", "list"),
    Attribute("color", str, "the category's colour (#rrggbb)", "list"),
    Attribute("year", int, "the list's (venue) year, else a source's (one it believes)", "list, sources", True),
    Attribute("first_appearance", str, "YYYY-MM it first appeared: the arXiv id's month, else papers.yaml's "
              "first_appeared, else a source's date, else January of its year", "list, sources", True),
    Attribute("venue", str, "where it was published", "list, sources", True),
    Attribute("arxiv", str, "its arXiv id, without version", "list, sources", True),
    Attribute("doi", str, "its DOI (a publisher's)", "list, sources", True),
    Attribute("openreview", str, "its OpenReview forum id", "list"),
    Attribute("remark", str, "the list's short name for it (the node label)", "list", True),
    Attribute("authors", list, "its authors, in order", "list, sources", True, "; "),
    Attribute("url", str, "the list's paper link, else its arXiv page, else a source's page", "list, sources", True),
    Attribute("code_url", str, "the list's code link", "list", True),
    Attribute("project_url", str, "the list's project page", "list", True),
    Attribute("main_path", bool, "on the main path (SPC, global search)", "analysis.mainpath", True),
    Attribute("community", int, "the community its citations put it in (Leiden on direct citation and coupling; 1 "
              "the largest); none for a paper linked to no other", "analysis.communities", True),
    Attribute("community_label", str, "the words that set its community's titles apart (c-TF-IDF)",
              "analysis.communities"),
)

# What each source says of a paper, by field of ATTRIBUTE_FIELDS (its name per source: the registry's).
SOURCE_FIELDS = {
    "status": (str, "resolved, unresolved (the source does not know it) or no_data (never asked: offline or "
                    "unreachable)"),
    "id": (str, "the source's own id for it"),
    "citation_count": (int, "works citing it in the whole source"),
    "influential_citation_count": (int, "of those, the ones the source finds influential"),
    "reference_count": (int, "the length of its reference list in the source"),
    "references_status": (str, "complete, partial (paging was interrupted), elided (the publisher withheld it) or "
                               "unknown (no list: not 'cites nothing')"),
    "references_resolved": (int, "how many of its references the source resolved to a work"),
    "versions": (list, "the source's other ids for the same paper (a preprint and its journal version kept apart)"),
    "distrusted_year": (int, "the source's year for it, too far from the list's to be believed (a bad merge)"),
}
ON_PAGE = {"status", "reference_count", "references_status"}  # and a source's on_page fields

EDGE_ATTRIBUTES = (
    Attribute("sources", list, "what vouches for the citation, sorted: curated (papers.yaml's cites) and the "
              "sources' names", "graph", True),
    Attribute("contexts", int, "how many sentences of the citing paper that cite it are known (0: none known)",
              "sources", True),
    Attribute("influential", str, "true or false where a source read the citation in the citing paper's text "
              "(Semantic Scholar's isInfluential); unknown where it read no sentence of it, never 'not influential'",
              "sources", True),
    Attribute("intents", list, "why it cites, as read in those sentences: background, methodology, result",
              "sources", True),
    Attribute("sentences", list, "the citing sentences, each with its intents (in text formats: one a line, its "
              "intents in brackets before it)", "sources", True, "\n", gephi=False, item=dict),
    Attribute("evidence", str, "the curated reference's evidence note", "list"),
    Attribute("confidence", str, "the curated reference's confidence: high, medium or low", "list"),
    Attribute("main_path", bool, "on the main path", "analysis.mainpath", True),
)


_PER_REGISTRY: dict[tuple, dict] = {}  # what is worked out from the source registry, for its current state


def _per_registry(what: str, make):
    """``make()``, worked out once per state of the source registry (exporters ask for every node and edge; a test
    that registers a source changes the state, and the answer with it)."""
    state = tuple((name, id(source)) for name, source in SOURCES.items())
    if state not in _PER_REGISTRY:
        _PER_REGISTRY.clear()
        _PER_REGISTRY[state] = {}
    kept = _PER_REGISTRY[state]
    if what not in kept:
        kept[what] = make()
    return kept[what]


def source_attributes() -> list[Attribute]:
    """Every source's attributes, in the registry's order."""
    return list(_per_registry("attributes", _source_attributes))


def _source_attributes() -> list[Attribute]:
    out = []
    for source in SOURCES.values():
        for field_name in ATTRIBUTE_FIELDS:
            name = source.attribute(field_name)
            if name:
                kind, meaning = SOURCE_FIELDS[field_name]
                shown = field_name in ON_PAGE or field_name in source.on_page
                out.append(Attribute(name, kind, f"{source.title}: {meaning}", source.name, shown))
    return out


def node_attributes() -> list[Attribute]:
    return [*PAPER_ATTRIBUTES, *source_attributes()]


def page_node_keys() -> list[str]:
    """The node attributes the page's script reads."""
    return sorted(a.name for a in node_attributes() if a.on_page)


def _joiners() -> dict[str, str]:
    return _per_registry("joiners", lambda: {a.name: a.joiner for a in (*node_attributes(), *EDGE_ATTRIBUTES)
                                             if a.type is list})


def not_for_gephi() -> set[str]:
    """The attributes GraphML and GEXF leave out."""
    return {a.name for a in (*node_attributes(), *EDGE_ATTRIBUTES) if not a.gephi}


def _item(value) -> str:
    """One item of a list as text: a citing sentence as ``[intent, intent] sentence``, anything else as it is."""
    if isinstance(value, dict) and "text" in value:
        intents = value.get("intents") or []
        return f"[{', '.join(intents)}] {value['text']}" if intents else str(value["text"])
    return str(value)


def flat(name: str, value):
    """``value`` as a scalar, for formats that hold only text and numbers: a list joined (``authors`` by ``"; "``,
    the citing sentences one a line, the others by ``","``), anything else as it is."""
    if isinstance(value, (list, tuple)):
        return _joiners().get(name, ",").join(_item(v) for v in value)
    return value


def flat_attributes(data: dict) -> dict:
    """A copy of a node's or edge's attributes with every list joined (:func:`flat`)."""
    joiners = _joiners()
    return {k: joiners.get(k, ",").join(map(_item, v)) if isinstance(v, (list, tuple)) else v
            for k, v in data.items()}


def markdown_table() -> str:
    """The table as the README shows it (a test holds the README to it)."""
    names = {str: "text", int: "integer", bool: "true/false", list: "list"}
    lines = ["| attribute | on | type | meaning | set by |", "|---|---|---|---|---|"]
    for where, attributes in (("node", node_attributes()), ("edge", list(EDGE_ATTRIBUTES))):
        for a in attributes:
            joiner = "a line each" if a.joiner == "\n" else f"joined by `{a.joiner.strip() or a.joiner}`"
            kind = names[a.type] + (" of `{text, intents}`" if a.item is dict else "") + (
                f" ({joiner} in text formats)" if a.type is list else "")
            lines.append(f"| `{a.name}` | {where} | {kind} | {a.meaning} | {a.set_by} |")
    return "\n".join(lines) + "\n"
