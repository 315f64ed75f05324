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
import statistics
import sys
import time
from pathlib import Path

from graphbuild.inputs import parse_markdown, read_text
from graphbuild.inputs.links import is_label
from graphbuild.inputs.markdown import HEADING_COUNT_RE
from graphbuild.inputs.pieces import is_venue_tag

URL_TITLE_RE = re.compile(r"^(?:https?://|www\.)", re.I)
ESCAPED_ID_RE = re.compile(r"(?:^|-)u[0-9a-f]{4,5}(?:-|$)")

# a venue the entry's own text shows, by the benchmark's own pattern (a known venue's name next to a year, with the
# addresses taken out: a CVF link's "CVPR2023" is no venue shown); a paper without a venue whose entry shows one is
# a venue missed
SHOWN_VENUES = ("arXiv", "NeurIPS", "NIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "WACV", "BMVC", "ACL", "EMNLP",
                "NAACL", "EACL", "COLING", "AAAI", "IJCAI", "KDD", "WWW", "SIGIR", "WSDM", "CIKM", "RecSys", "ICASSP",
                "Interspeech", "MICCAI", "ISBI", "TPAMI", "JMLR", "TMLR", "TACL", "CoRL", "ICRA", "IROS", "UAI",
                "AISTATS", "ICDM", "CHI", "SIGGRAPH", "TASLP", "Nature", "Science")
SHOWN_VENUE_RE = re.compile(r"(?<![\w/.-])(?:" + "|".join(SHOWN_VENUES) + r")(?:[\s'’,:-]{0,3}|(?=\d))(?:19|20)?\d\d(?!\d)",
                            re.I)
ADDRESS_RE = re.compile(r"\]\([^)]*\)|https?://\S+|<[^>]+>")

ARXIV_LINK_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)


def linked_arxiv_ids(text: str) -> set[str]:
    return {m.group(1).lower() for m in ARXIV_LINK_RE.finditer(text)}


NEXT_ENTRY_RE = re.compile(r"^(?:[-*+]\s|\d+[.)]\s|\||#|\s*$)")


def venues_missed(text: str, papers: list) -> list[str]:
    """Papers without a venue whose entry (its first line and the lines that continue it: indented, or running on
    without a new item, row or heading; at most six) shows one, as ``LINE: title``."""
    lines = text.splitlines()
    missed = []
    for p in papers:
        if p.venue:
            continue
        entry = [lines[p.line - 1]]
        for line in lines[p.line: p.line + 5]:
            if NEXT_ENTRY_RE.match(line):
                break
            entry.append(line)
        if SHOWN_VENUE_RE.search(ADDRESS_RE.sub(" ", " ".join(entry))):
            missed.append(f"{p.line}: {p.title[:50]}")
    return missed


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
        "venues_missed": venues_missed(text, result.papers),
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
          f"{'label':>5} {'prov':>4} {'probl':>5} {'venue':>5} {'v mis':>5} {'bad t':>5} {'cnt c':>5} {'esc':>3} {'sec':>5}")
    for r in rows:
        print(f"{r['list'][:58]:58} {r['papers']:>6} {r['categories']:>4} {r['linked']:>6} {r['imported']:>6} "
              f"{r['recall']:>6.3f} {r['no_id']:>5} {len(r['label_titles']):>5} {r['provisional']:>4} "
              f"{r['problems']:>5} {r['venues']:>5} {len(r['venues_missed']):>5} {len(r['bad_titles']):>5} {len(r['counted']):>5} "
              f"{len(r['escaped']):>3} {r['seconds']:>5.2f}")
        if args.missed and r["missed"]:
            print("    missed:", " ".join(r["missed"]))
        if args.missed and r["label_titles"]:
            print("    label titles:", r["label_titles"][:10])
        for key in ("venues_missed", "bad_titles", "counted", "escaped"):
            if args.missed and r[key]:
                print(f"    {key.replace('_', ' ')}:", [t[:60] for t in r[key][:10]])
    if args.synthetic:
        # linear time (issue 21: at most 1 s per 1,000 papers plus start-up): CPU seconds, median of three, at
        # three sizes in one run, and the cost of each further 1,000
        sizes = sorted({1000, args.synthetic, 10 * args.synthetic // 3})
        cpu = {}
        for size in sizes:
            text = synthetic_list(size)
            runs = []
            for _ in range(3):
                start = time.process_time()
                result = parse_markdown(text, "synthetic.md")
                runs.append(time.process_time() - start)
            cpu[size] = statistics.median(runs)
            print(f"synthetic list of {size} entries: {len(result.papers)} papers in {cpu[size]:.2f} CPU s "
                  f"(median of 3)")
        small, large = sizes[0], sizes[-1]
        print(f"each further 1,000 papers: {(cpu[large] - cpu[small]) / (large - small) * 1000:.2f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
