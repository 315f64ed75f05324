"""graph → ``nodes.csv`` and ``edges.csv`` with every attribute, for R, pandas and spreadsheets.

One row per paper (``id`` first, then every attribute any paper has, in sorted order) and one per citation
(``source`` cites ``target``, then the edge attributes). Unknown values are empty cells; text is written as is
(the csv module quotes what needs quoting), UTF-8, ``\\n`` line ends, the same bytes for the same graph.
"""

from __future__ import annotations

import csv
import io

import networkx as nx

from ..attributes import flat_attributes
from ..escape import csv_cell

FILES = ("nodes.csv", "edges.csv")


def _table(header: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else csv_cell(v)) for k, v in row.items()})
    return buffer.getvalue()


def generate_tables(graph: nx.DiGraph) -> dict[str, str]:
    nodes = [{"id": n, "in_list_citations": graph.in_degree(n), "in_list_references": graph.out_degree(n),
              **flat_attributes(graph.nodes[n])} for n in sorted(graph.nodes)]
    node_keys = sorted({k for row in nodes for k in row} - {"id"})
    edges = [{"source": u, "target": v, **flat_attributes(graph.edges[u, v])} for u, v in sorted(graph.edges)]
    edge_keys = sorted({k for row in edges for k in row} - {"source", "target"})
    return {"nodes.csv": _table(["id", *node_keys], nodes),
            "edges.csv": _table(["source", "target", *edge_keys], edges)}
