"""How the hand-checked samples in this folder were chosen (run once per list; the truth files record its output).

The sample is taken from the raw file, not from what the importer found, so that an entry the importer misreads
or loses is as likely to be drawn as any other: of the lines that link a paper (an ``http`` link to anything but
code hosting, badges, social media or video) 25 are drawn at even steps through the file (the first, then every
n/25-th). A person then read each drawn line, with the lines around it, and wrote down the entry's
title, venue and year as they read them. Usage::

    python3 tests/inputs/truth/sample.py ../shared/corpus/lists/LIST.md   # the drawn lines, with context
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SAMPLE = 25
LINK_RE = re.compile(r"https?://([^/\s)\]>\"']+)([^\s)\]>\"']*)", re.I)
NOT_PAPERS = re.compile(
    r"(?:^|\.)(?:github\.com|githubusercontent\.com|shields\.io|badge|awesome\.re|twitter\.com|x\.com|youtube\.com|"
    r"youtu\.be|huggingface\.co|colab\.research\.google\.com|star-history\.com|discord|linkedin\.com|"
    r"weixin\.qq\.com|zhihu\.com|bilibili\.com|gitee\.com|img\.|medium\.com|reddit\.com|paperswithcode\.com|"
    r"visitor|hits\.|opensource\.org|creativecommons\.org)",
    re.I,
)


def links_a_paper(line: str) -> bool:
    if line.lstrip().startswith("#"):
        return False
    return any(not NOT_PAPERS.search(m.group(1)) for m in LINK_RE.finditer(line))


def drawn_lines(text: str, sample: int = SAMPLE) -> list[int]:
    """The 1-based numbers of the drawn lines: ``sample`` of the paper-linking lines at even steps."""
    candidates = [n + 1 for n, line in enumerate(text.splitlines()) if links_a_paper(line)]
    return sorted({candidates[k * len(candidates) // sample] for k in range(min(sample, len(candidates)))})


if __name__ == "__main__":
    path = Path(sys.argv[1])
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for n in drawn_lines(text):
        print(f"===== {n}")
        for m in range(max(1, n - 3), min(len(lines), n + 2) + 1):
            print(f"{'>' if m == n else ' '}{m:5d}| {lines[m - 1][:400]}")
