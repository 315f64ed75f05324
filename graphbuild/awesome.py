"""Awesome-list markdown → categories and papers, tolerant of how people really write these lists.

Understood item styles (list items ``-``, ``*``, ``+`` or ``1.``, at any nesting depth, and table rows):

* the seed's: ``- **Title** , 2024 , Venue [[paper](url)] [[github](url)] , Remark: Name``
* ``- [Title](url) - description`` and ``* [Title](url) (Venue 2023) [[code]](url)``
* ``- NAME: [Title](url) - *Authors*, `Venue Year` `` (a short name before the title becomes the remark)
* markdown tables with a *title*/*paper* column; other columns give year, venue and links.

Headings become categories (anchors such as ``<a id="subtitle3"></a>`` stripped; a table of contents is not a
category); a list item without links whose children are papers becomes a sub-category. Identifiers are recovered
from links (arXiv ``abs``/``pdf`` with version and ``.pdf`` stripped, ``doi.org`` DOIs, OpenReview ids) and links
are classified as paper, code or project page.

Real lists have defects: a link broken across two lines whose second half lands under the next heading (the seed's
OWSM item) is joined back to its item; missing years, stray spaces and commas are tolerated. A line that looks like
a paper but cannot be understood is reported as ``LIST.md:LINE: why``; everything else still imports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from .catalog import normalize_arxiv, normalize_doi

NOT_CATEGORIES = re.compile(r"^(categori[sz]ation|(table of )?contents?|toc|index|contributors?|contributing|license|"
                            r"acknowledge?ments?|citation|star history|related( lists?)?)$", re.I)
LINK_RE = re.compile(r"\[([^\[\]]*)\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\s*\)")
ITEM_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
YEAR_RE = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])")
LABELS = {"paper", "pdf", "arxiv", "code", "github", "project", "page", "website", "demo", "github.io", "homepage",
          "blog", "video", "slides", "poster", "model", "models", "data", "dataset", "openreview", "link", "html",
          "doi", "project page", "official", "unofficial", "pytorch", "tensorflow", "jax", "huggingface", "hf"}
PAPER_HOSTS = ("arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "aclweb.org", "ieeexplore.ieee.org",
               "dl.acm.org", "proceedings.mlr.press", "papers.nips.cc", "proceedings.neurips.cc", "openaccess.thecvf.com",
               "isca-speech.org", "isca-archive.org", "link.springer.com", "sciencedirect.com", "nature.com",
               "semanticscholar.org", "biorxiv.org", "jmlr.org")
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org", "paperswithcode.com")
EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F]")
STOP = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via", "by", "from", "towards", "toward", "at"}


@dataclass
class ImportedPaper:
    title: str
    category: str  # category id
    line: int
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    openreview: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    remark: str | None = None
    id: str = ""
    dangling: str | None = None  # label of a link whose URL has not been seen yet (broken across lines)


@dataclass
class ImportedCategory:
    id: str
    label: str
    line: int


@dataclass
class ImportResult:
    title: str | None
    categories: list[ImportedCategory]
    papers: list[ImportedPaper]
    problems: list[str]  # "LIST.md:LINE: why"


# --- small helpers ---------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.") or "x"


def _clean(text: str) -> str:
    text = re.sub(r"<a\s[^>]*>\s*</a>", "", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    text = EMOJI_RE.sub("", text)
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split()).strip(" ,;")


def arxiv_from_url(url: str) -> str | None:
    m = re.search(r"arxiv\.org/(?:abs|pdf|html)/([^?#\s]+)", url, re.I)
    if not m:
        return None
    raw = re.sub(r"\.pdf$", "", m.group(1).rstrip("/"), flags=re.I)
    return normalize_arxiv(raw)


def doi_from_url(url: str) -> str | None:
    m = re.search(r"doi\.org/(10\.[^?#\s]+)", url, re.I)
    return normalize_doi(m.group(1)) if m else None


def openreview_from_url(url: str) -> str | None:
    parts = urlsplit(url)
    if "openreview.net" not in parts.netloc.lower():
        return None
    ids = parse_qs(parts.query).get("id")
    return ids[0] if ids and re.fullmatch(r"[A-Za-z0-9_-]{5,}", ids[0]) else None


def classify_link(label: str, url: str) -> str:
    """``paper``, ``code`` or ``project`` from the link's label and host."""
    host = urlsplit(url).netloc.lower()
    label = label.strip().lower()
    if label in ("paper", "pdf", "arxiv", "openreview", "doi", "html") or any(host.endswith(h) for h in PAPER_HOSTS):
        return "paper"
    if host.endswith("github.io"):
        return "project"
    if any(host.endswith(h) for h in CODE_HOSTS) or label in ("code", "github", "pytorch", "tensorflow", "jax"):
        return "code"
    if url.lower().endswith(".pdf"):
        return "paper"
    return "project"


def paper_id_for(title: str, remark: str | None, taken: set[str]) -> str:
    """A short readable id: the name before a colon ("HuBERT: ..." → hubert, "wav2vec 2.0: ..." → wav2vec2), else
    the remark ("VALL-E"), else a name-like first word ("Qwen2-Audio Technical Report"), else the acronym of a short
    phrase before a colon ("Finite Scalar Quantization: ..." → fsq), else the first significant title words."""
    head, _, rest = title.partition(":")
    words = head.split()
    candidate = None
    if rest and 1 <= len(words) <= 2 and len(head) <= 24:
        candidate = _name_slug(head)
    elif remark:
        candidate = _name_slug(remark)
    elif words and _name_like(words[0]) and len(words) > 1:
        candidate = _name_slug(words[0])
    elif rest and 3 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        candidate = "".join(w[0] for w in words).lower()
    if not candidate:
        significant = [w for w in re.findall(r"[A-Za-z0-9]+", title.lower()) if w not in STOP]
        candidate = "-".join(significant[:3]) or "paper"
    unique, n = candidate, 2
    while unique in taken:
        unique, n = f"{candidate}-{n}", n + 1
    taken.add(unique)
    return unique


def _name_like(word: str) -> bool:
    """CamelCase, digits inside, or a hyphenated capitalised word: a model's name, not an English word."""
    return bool(re.search(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]|^[A-Z0-9]{2,}(-|$)|^[A-Z][a-z]*-[A-Z0-9]", word))


def _name_slug(name: str) -> str:
    name = re.sub(r"(\w) (\d+(?:\.\d+)*)\b", r"\1\2", name.strip())  # "wav2vec 2.0" → "wav2vec2.0"
    name = re.sub(r"(\d)\.0\b", r"\1", name)  # "wav2vec2.0" → "wav2vec2"
    return slugify(name)


# --- parsing -----------------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, name: str):
        self.name = name
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.title: str | None = None
        self.categories: dict[str, ImportedCategory] = {}
        self.papers: list[ImportedPaper] = []
        self.problems: list[str] = []
        self.heading: str | None = None  # label of the current heading (None: no usable heading yet)
        self.heading_line = 0
        self.skip_section = False
        self.parents: list[tuple[int, str | None]] = []  # (indent, sub-category label) of open non-paper items
        self.current: ImportedPaper | None = None
        self.current_indent = -1
        self.dangling: ImportedPaper | None = None
        self.taken: set[str] = set()

    def report(self, line: int, why: str) -> None:
        self.problems.append(f"{self.name}:{line}: {why}")

    def run(self) -> ImportResult:
        in_code = False
        table: list[tuple[int, str]] = []
        for number, raw in enumerate(self.lines, start=1):
            line = raw.rstrip()
            if line.lstrip().startswith("```"):
                in_code = not in_code
                continue
            if in_code:
                continue
            if line.lstrip().startswith("|"):
                table.append((number, line))
                continue
            if table:
                self.table(table)
                table = []
            self.line(number, line)
        if table:
            self.table(table)
        self.drop_duplicates()
        for paper in self.papers:
            paper.id = paper_id_for(paper.title, paper.remark, self.taken)
        return ImportResult(self.title, list(self.categories.values()), self.papers, self.problems)

    def line(self, number: int, line: int | str) -> None:
        heading = HEADING_RE.match(line)
        if heading:
            self.current, self.parents = None, []
            level, text = len(heading.group(1)), _clean(heading.group(2))
            if level == 1 and self.title is None:
                self.title = text or None
                return
            self.heading, self.heading_line = text, number
            self.skip_section = bool(NOT_CATEGORIES.match(text.strip(" :")))
            return
        stripped = line.strip()
        if not stripped:
            return
        if stripped.startswith("(") and self.dangling is not None and re.match(r"^\(\s*https?://", stripped):
            self.attach_dangling(number, stripped)
            return
        item = ITEM_RE.match(line)
        if item:
            self.item(number, len(item.group(1).expandtabs(4)), item.group(2))
            return
        if self.current is not None and (line[:1].isspace() or not stripped.startswith(("<", "!", "["))):
            # a continuation line of the item above (wrapped text, or links on the next line)
            if line[:1].isspace():
                self.extend(self.current, stripped, number)

    def drop_duplicates(self) -> None:
        """A paper listed twice (same arXiv id, DOI or OpenReview id) is kept once, where it first appears."""
        seen: dict[tuple[str, str], int] = {}
        kept = []
        for paper in self.papers:
            keys = [(k, v.lower()) for k, v in (("arXiv id", paper.arxiv), ("DOI", paper.doi),
                                                 ("OpenReview id", paper.openreview)) if v]
            first = next((seen[k] for k in keys if k in seen), None)
            if first is not None:
                kind = next(k for k in keys if k in seen)[0]
                self.report(paper.line, f"the same paper as on line {first} (same {kind}); listed once")
                continue
            for key in keys:
                seen[key] = paper.line
            kept.append(paper)
        self.papers = kept

    def attach_dangling(self, number: int, text: str) -> None:
        paper = self.dangling
        m = re.match(r"^\(\s*(https?://[^)\s]+)\s*\)", text)
        if m and paper is not None:
            kind = classify_link(paper.dangling or "", m.group(1))
            paper.links.setdefault(kind, m.group(1))
            self._ids_from(paper, m.group(1))
            paper.dangling = None
            self.dangling = None
        else:
            self.report(number, "a stray link continuation that belongs to no item")

    def category_for(self, indent: int) -> str | None:
        while self.parents and self.parents[-1][0] >= indent:
            self.parents.pop()
        label = self.heading
        subs = [sub for _, sub in self.parents if sub]
        if subs:
            label = " / ".join(([label] if label else []) + subs)
        if label is None:
            return None
        cid = slugify(label)
        if cid not in self.categories:
            self.categories[cid] = ImportedCategory(cid, label, self.heading_line)
        return cid

    def item(self, number: int, indent: int, text: str) -> None:
        links = LINK_RE.findall(_normalize_links(text))
        if self.skip_section:
            self.current = None
            return
        if links and all(url.startswith("#") for _, url in links):
            self.current = None  # a table-of-contents entry
            return
        paper = self.parse_item(text, number)
        if paper is None:
            self.current = None
            plain = _clean(LINK_RE.sub(r"\1", _normalize_links(text)))
            while self.parents and self.parents[-1][0] >= indent:
                self.parents.pop()
            if not links and plain and len(plain) <= 60:
                self.parents.append((indent, plain.rstrip(":")))  # may head a nested group of papers
            elif any(arxiv_from_url(u) or doi_from_url(u) for _, u in links):
                self.report(number, "a paper link without a title")
            return
        category = self.category_for(indent)
        if category is None:
            self.report(number, "a paper before any heading: put it under a heading (its category)")
            return
        paper.category = category
        self.papers.append(paper)
        self.current, self.current_indent = paper, indent
        if paper.dangling:
            self.dangling = paper

    def parse_item(self, text: str, number: int) -> ImportedPaper | None:
        text = _normalize_links(text)
        links = LINK_RE.findall(text)
        title, remark, rest = None, None, text
        bold = re.match(r"^\W*\*\*(.+?)\*\*(.*)$", text) or re.match(r"^\W*__(.+?)__(.*)$", text)
        if bold:
            title, rest = _clean(bold.group(1)), bold.group(2)
        else:
            for label, url in links:
                cleaned = _clean(label)
                if cleaned.lower() not in LABELS and len(cleaned.split()) >= 2:
                    title = cleaned
                    before, _, rest = text.partition(f"[{label}]({url})")
                    name = _clean(before).rstrip(":").strip()
                    if name and len(name) <= 40 and before.rstrip().endswith(":"):
                        remark = name
                    links = [(label, url, "title")] + [(lb, u) for lb, u in links if (lb, u) != (label, url)]
                    break
        if not title:
            return None
        paper = ImportedPaper(title=title, category="", line=number, remark=remark)
        for link in links:
            label, url = link[0], link[1].strip("<>")
            kind = "paper" if len(link) == 3 else classify_link(label, url)
            paper.links.setdefault(kind, url)
            self._ids_from(paper, url)
        tail = LINK_RE.sub(" ", rest)
        self._details(paper, tail, comma_separated=bool(bold))
        dangling = re.search(r"\[\[?([^\[\]]+)\]\]?\s*$", rest)
        if dangling and not rest.rstrip().endswith(")"):
            paper.dangling = dangling.group(1)
        return paper

    def _details(self, paper: ImportedPaper, tail: str, comma_separated: bool = False) -> None:
        remark = re.search(r"Remark\s*:\s*(.+?)\s*$", tail)
        if remark:
            paper.remark = _clean(remark.group(1)) or paper.remark
            tail = tail[: remark.start()]
        tail = re.sub(r"\*[^*]+\*", " ", tail)  # *Authors*
        tail = re.sub(r"\[\[?[^\[\]]*\]?\]?", " ", tail)  # leftover link labels
        venue_text = " ".join(re.findall(r"`([^`]+)`", tail)) or " ".join(re.findall(r"\(([^()]*\d{4}[^()]*)\)", tail))
        if not venue_text:
            venue_text = tail
        years = YEAR_RE.findall(venue_text)
        if years:
            paper.year = int(years[-1])
            pieces = [_clean(p).strip(" -()`") for p in re.split(r",|\s-\s", venue_text)]
            k = max(i for i, p in enumerate(pieces) if years[-1] in p)
            venue = _clean(YEAR_RE.sub(" ", pieces[k])).strip(" ,-()`")
            for j in (k + 1, k - 1):  # "…, 2024 , arXiv" or "…, CVPR , 2016"
                if not venue and 0 <= j < len(pieces) and pieces[j] and not YEAR_RE.search(pieces[j]):
                    venue = pieces[j]
            paper.venue = venue or None
        elif re.search(r"`([^`]+)`", tail):
            paper.venue = _clean(re.findall(r"`([^`]+)`", tail)[-1]) or None
        elif comma_separated:  # the seed's "**Title** , Venue [[paper](…)]" with the year missing
            pieces = [p for p in (_clean(p).strip(" -()`") for p in tail.split(",")) if p]
            paper.venue = pieces[0] if pieces else None

    def _ids_from(self, paper: ImportedPaper, url: str) -> None:
        paper.arxiv = paper.arxiv or arxiv_from_url(url)
        paper.doi = paper.doi or doi_from_url(url)
        paper.openreview = paper.openreview or openreview_from_url(url)

    def extend(self, paper: ImportedPaper, text: str, number: int) -> None:
        text = _normalize_links(text)
        for label, url in LINK_RE.findall(text):
            paper.links.setdefault(classify_link(label, url), url)
            self._ids_from(paper, url)
        if paper.year is None:
            self._details(paper, LINK_RE.sub(" ", text))

    def table(self, rows: list[tuple[int, str]]) -> None:
        cells = [(n, [c.strip() for c in line.strip().strip("|").split("|")]) for n, line in rows]
        if len(cells) < 2 or not re.fullmatch(r"[\s|:-]+", rows[1][1]):
            return
        header = [_clean(c).lower() for c in cells[0][1]]
        title_col = next((i for i, h in enumerate(header) if re.search(r"\b(title|paper)s?\b", h)), None)
        if title_col is None or self.skip_section:
            return  # a table of statistics, contributors, ...: not papers
        year_col = next((i for i, h in enumerate(header) if re.search(r"\b(year|date)\b", h)), None)
        venue_col = next((i for i, h in enumerate(header) if re.search(r"\b(venue|conference|journal|published)\b", h)), None)
        for number, row in cells[2:]:
            if title_col >= len(row):
                self.report(number, "a table row with fewer cells than the header")
                continue
            cell = _normalize_links(row[title_col])
            links = LINK_RE.findall(cell)
            title = _clean(LINK_RE.sub(r"\1", cell))
            if not title:
                continue
            paper = ImportedPaper(title=title, category="", line=number)
            for _, url in links:
                paper.links.setdefault("paper", url)
                self._ids_from(paper, url)
            for i, value in enumerate(row):
                if i == title_col:
                    continue
                for label, url in LINK_RE.findall(_normalize_links(value)):
                    paper.links.setdefault(classify_link(label, url), url)
                    self._ids_from(paper, url)
            if year_col is not None and year_col < len(row) and YEAR_RE.search(row[year_col]):
                paper.year = int(YEAR_RE.search(row[year_col]).group(1))
            if venue_col is not None and venue_col < len(row):
                venue = _clean(LINK_RE.sub(r"\1", row[venue_col]))
                if venue:
                    years = YEAR_RE.findall(venue)
                    if years and paper.year is None:
                        paper.year = int(years[-1])
                    paper.venue = _clean(YEAR_RE.sub(" ", venue)) or None
            category = self.category_for(0)
            if category is None:
                self.report(number, "a paper before any heading: put it under a heading (its category)")
                continue
            paper.category = category
            self.papers.append(paper)


def _normalize_links(text: str) -> str:
    """``[[label](url)]`` and ``[[label]](url)`` → ``[label](url)``."""
    text = re.sub(r"\[\[([^\[\]]*)\]\(([^()\s]+)\)\]", r"[\1](\2)", text)
    return re.sub(r"\[\[([^\[\]]*)\]\]\(([^()\s]+)\)", r"[\1](\2)", text)


def parse_awesome(text: str, name: str = "LIST.md") -> ImportResult:
    """Parse an awesome-list README. Never raises on odd input: what it cannot understand goes to ``problems``."""
    return _Parser(text, name).run()
