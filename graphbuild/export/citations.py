"""graph → ``citations.json``: every citation of the list with why it is made, as far as a source read it.

One object per edge (``citing`` cites ``cited``, in sorted order): who vouches for it (``sources``), whether it is
influential (``true``, ``false`` or ``unknown``: unknown where no sentence of it was read, never "not
influential"), its intents, and the citing sentences themselves, each with its intents, as Semantic Scholar read
them in the citing paper's text. For scripts and notebooks: ``json.load`` and filter by intent. UTF-8, keys sorted,
the same bytes for the same graph.
"""

from __future__ import annotations

import json

import networkx as nx


def citation_records(graph: nx.DiGraph) -> list[dict]:
    """Each citation of ``graph`` as a plain dict (the file's ``citations``)."""
    out = []
    for citing, cited in sorted(graph.edges):
        data = graph.edges[citing, cited]
        out.append({
            "citing": citing, "cited": cited,
            "citing_title": graph.nodes[citing].get("title", citing),
            "cited_title": graph.nodes[cited].get("title", cited),
            "sources": list(data.get("sources", [])),
            "influential": data.get("influential", "unknown"),
            "intents": list(data.get("intents", [])),
            "sentences": [dict(s) for s in data.get("sentences", [])],
        })
    return out


def generate_citations(graph: nx.DiGraph) -> str:
    records = citation_records(graph)
    document = {
        "title": graph.graph.get("title", ""),
        "citations": records,
        "counts": {"citations": len(records),
                   "with_sentences": sum(1 for r in records if r["sentences"]),
                   "influential": sum(1 for r in records if r["influential"] == "true")},
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
