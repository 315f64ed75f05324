"""How much of a real awesome list `graphbuild import` reads, and how well: arXiv recall, papers without an
identifier, titles that look like link labels, papers with a venue, titles that are a venue tag, a URL or a
paragraph ("bad t"), categories that keep a count ("cnt c"), ids spelt as escape codes ("esc"), and seconds, for
every Markdown list in a folder.

The arXiv ids a list links are counted from the raw text with a pattern of their own (any ``arxiv.org/abs|pdf|
html/ID`` URL, versions and ``.pdf`` stripped), independently of the importer, so the recall is not the importer
grading itself. Usage::

    python3 -m benchmarks.import_recall ../shared/corpus/lists ../shared/corpus   # one row per list
    python3 -m benchmarks.import_recall LISTS --missed                            # and the ids it missed

Targets (issue 9): recall >= 0.98 on every list, no label titles, a 3,000-paper list in <= 2 s (``--synthetic``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from graphbuild.inputs import parse_markdown, read_text
from graphbuild.inputs.links import is_label
from graphbuild.inputs.markdown import HEADING_COUNT_RE
from graphbuild.inputs.pieces import is_venue_tag

URL_TITLE_RE = re.compile(r"^(?:https?://|www\.)", re.I)
ESCAPED_ID_RE = re.compile(r"(?:^|-)u[0-9a-f]{4,5}(?:-|$)")

ARXIV_LINK_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)


def linked_arxiv_ids(text: str) -> set[str]:
    return {m.group(1).lower() for m in ARXIV_LINK_RE.finditer(text)}


def measure(path: Path) -> dict:
    text, _ = read_text(path)
    start = time.perf_counter()
    result = parse_markdown(text, path.name)
    seconds = time.perf_counter() - start
    linked = linked_arxiv_ids(text)
    imported = {p.arxiv.lower() for p in result.papers if p.arxiv}
    return {
        "list": path.name,
        "papers": len(result.papers),
        "categories": len(result.categories),
        "linked": len(linked),
        "imported": len(linked & imported),
        "recall": len(linked & imported) / len(linked) if linked else 1.0,
        "missed": sorted(linked - imported),
        "no_id": sum(1 for p in result.papers if not p.identities or p.identities[0][0] == "link"),
        "label_titles": [p.title for p in result.papers if is_label(p.title)],
        "provisional": sum(1 for p in result.papers if p.provisional_title),
        # what issue 21 counts: titles that are a venue tag, a URL or a paragraph; categories that keep a count;
        # ids spelt as escape codes
        "bad_titles": [p.title for p in result.papers if is_venue_tag(p.title) or URL_TITLE_RE.match(p.title)
                       or len(p.title) > 300 or len(p.title.split()) > 40],
        "counted": [c.label for c in result.categories if HEADING_COUNT_RE.search(c.label)],
        "escaped": [i for i in [*(c.id for c in result.categories), *(p.id for p in result.papers)]
                    if ESCAPED_ID_RE.search(i)],
        "venues": sum(1 for p in result.papers if p.venue),
        "problems": len(result.problems),
        "seconds": seconds,
    }


def synthetic_list(papers: int) -> str:
    """A list of ``papers`` entries in a dozen styles, for the speed target."""
    lines = ["# Synthetic list", ""]
    for n in range(papers):
        if n % 100 == 0:
            lines += ["", f"## Section {n // 100}", ""]
        arxiv = f"{20 + n % 5:02d}{1 + n % 12:02d}.{10000 + n:05d}"
        style = n % 4
        if style == 0:
            lines.append(f"- **Paper number {n}: a study** , 2023 , arXiv [[paper](https://arxiv.org/abs/{arxiv})]")
        elif style == 1:
            lines.append(f"* [A paper about topic {n}](https://arxiv.org/pdf/{arxiv}.pdf) - Doe, J. (ICML 2022)")
        elif style == 2:
            lines.append(f"1. **Method {n} for learning**. *A. Author, B. Author*. NeurIPS 2021. "
                         f"[[pdf](https://arxiv.org/abs/{arxiv})] [[code](https://github.com/x/y{n})]")
        else:
            lines.append(f"- [2024/0{1 + n % 9}] **Model {n}: Scaling things** *ICLR 2024* "
                         f"[[paper](https://arxiv.org/abs/{arxiv})]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--missed", action="store_true", help="list the arXiv ids each list lost")
    parser.add_argument("--synthetic", type=int, default=3000, help="papers in the synthetic speed list (0: none)")
    args = parser.parse_args(argv)
    rows = [measure(p) for folder in args.folders for p in sorted(folder.glob("*.md")) if p.name != "README.md"]
    print(f"{'list':58} {'papers':>6} {'cats':>4} {'arXiv':>6} {'found':>6} {'recall':>6} {'no id':>5} "
          f"{'label':>5} {'prov':>4} {'probl':>5} {'venue':>5} {'bad t':>5} {'cnt c':>5} {'esc':>3} {'sec':>5}")
    for r in rows:
        print(f"{r['list'][:58]:58} {r['papers']:>6} {r['categories']:>4} {r['linked']:>6} {r['imported']:>6} "
              f"{r['recall']:>6.3f} {r['no_id']:>5} {len(r['label_titles']):>5} {r['provisional']:>4} "
              f"{r['problems']:>5} {r['venues']:>5} {len(r['bad_titles']):>5} {len(r['counted']):>5} "
              f"{len(r['escaped']):>3} {r['seconds']:>5.2f}")
        if args.missed and r["missed"]:
            print("    missed:", " ".join(r["missed"]))
        if args.missed and r["label_titles"]:
            print("    label titles:", r["label_titles"][:10])
        for key in ("bad_titles", "counted", "escaped"):
            if args.missed and r[key]:
                print(f"    {key.replace('_', ' ')}:", [t[:60] for t in r[key][:10]])
    if args.synthetic:
        text = synthetic_list(args.synthetic)
        start = time.perf_counter()
        result = parse_markdown(text, "synthetic.md")
        seconds = time.perf_counter() - start
        print(f"synthetic list of {args.synthetic} entries: {len(result.papers)} papers in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
