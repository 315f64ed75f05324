"""What the citing sentences (issue 24) add to lineage.html at the sizes people bring.

    python benchmarks/page_sentences.py [N ...] [--read FRACTION]   # default: 500 2000 10000, 0.6

Each citation of :func:`benchmarks.synthetic.page_graph` is given, for a fraction of the citing papers (Semantic
Scholar reads the text of about 60 % of them), one to three sentences of about 200 characters with an intent, and
one in five is marked influential, as ``build`` stores them. Reported: the page without any reasons, with them,
the difference, and how many sentences of how many characters the page carries (``html.sentence_room``); the rest
stay in ``graphbuild why`` and the ``citations`` export.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import page_graph  # noqa: E402
from graphbuild.export.html import generate_html, sentence_room  # noqa: E402
from graphbuild.graph import why_attributes  # noqa: E402
from graphbuild.works import Citation, Context  # noqa: E402

WORDS = ["speech", "model", "we", "follow", "[4]", "token", "masked", "prediction", "as in", "unlike"]
INTENTS = ["methodology", "background", "result"]


def with_reasons(n: int, read: float, seed: int = 1):
    graph = page_graph(n)
    rng = random.Random(seed)
    carried = 0
    for _u, _v, data in graph.edges(data=True):
        data["sources"] = ["semantic_scholar"]
        citations = []
        if rng.random() < read:
            sentences = tuple(
                Context(" ".join(rng.choice(WORDS) for _ in range(30)), (rng.choice(INTENTS),))
                for _ in range(rng.randint(1, 3)))
            intents = tuple(sorted({c.intents[0] for c in sentences}))
            citations.append(Citation(sentences, intents, rng.random() < 0.2))
            carried += 1
        data.update(why_attributes(citations))
    return graph, carried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 2000, 10000])
    parser.add_argument("--read", type=float, default=0.6)
    args = parser.parse_args()
    print("| papers | citations | with sentences | page without reasons (MB) | with reasons (MB) | added (MB) |"
          " sentences an edge, characters |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for n in args.sizes:
        plain = page_graph(n)
        for _u, _v, data in plain.edges(data=True):
            data["sources"] = ["semantic_scholar"]
            data.update(why_attributes([]))
        before = len(generate_html(plain).encode())
        graph, carried = with_reasons(n, args.read)
        after = len(generate_html(graph).encode())
        count, chars = sentence_room(carried)
        room = f"{count}, up to {chars}" if count else "none (the count and a hint)"
        print(f"| {n:,} | {graph.number_of_edges():,} | {carried:,} | {before / 1e6:.2f} | {after / 1e6:.2f} |"
              f" {(after - before) / 1e6:.2f} | {room} |")


if __name__ == "__main__":
    main()
