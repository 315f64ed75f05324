"""Awesome-list Markdown → categories and papers, by reading the document rather than matching lines.

Every maintainer invents a style (bold titles or linked ones, bullets or paragraphs, tables, ``<details>`` blocks,
dates in brackets, links on the item's second line, sub-bullets for authors and links), but all of them are
CommonMark with HTML blocks. So the list is parsed with markdown-it-py (which keeps each block's source lines) and
its HTML blocks with Python's HTML parser, into a tree of sections, list items, paragraphs and table rows. Then:

* **Identifier first.** A paper is a distinct scholarly identifier found in an entry (see :mod:`.links`). An entry
  is the smallest block that holds one: a list item with its sub-items, a table row, a paragraph (or one line of a
  paragraph of references), a ``<details>`` block, or a heading's section when the heading is the title. A list
  item whose sub-items are papers of their own is a group (a sub-category), not an entry.
* **Pieces by what they are, not where they stand.** The title is bold text, the text of a link that is not a
  label (``paper``, ``pdf``, ``code``), the text before the first link, a ``<summary>`` or the heading, in that
  order of trust; never a label, a badge, an ``Author(s):`` line or a URL. The year comes from a date tag
  (``[2023/10]``), the venue text or the arXiv id; the venue is the short text that carries the year, without it.
* **Entries without an identifier** are papers when they read like one: a title and a paper-like link, or a
  title with a venue and year. Links only to code, models, datasets or tools are not papers.
* **Categories** come from the heading path, group bullets, ``<summary>`` texts and bold-only paragraphs; tables
  of contents, contributor lists, licences and badge sections are not categories. Papers found only in a news or
  introduction section are kept under that section.
* **Duplicates**: entries that share an identifier are one paper, placed where its richest entry stands (an index
  or abbreviations section gives each paper once, in its real category).

Nothing here raises on odd input: what cannot be read goes to ``problems`` as ``LIST.md:LINE: why``, and what
is passed over is counted in ``skipped`` by reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..ids import CATALOG_ID_KINDS, arxiv_year_month, provisional_title
from .links import Identifier, classify_link, identifiers_in_url, is_label, is_paper_like_url, repair_url
from .mdtree import Node, Span, clean, links_in, parse_tree, plain
from .pieces import (
    APOSTROPHES,
    AUTHOR_LINE_RE,
    DATE_TAG_RE,
    REMARK_RE,
    SHORT_YEAR_TAIL_RE,
    TITLE_MAX,
    VENUE_WORDS,
    YEAR_RE,
    authors_of,
    bracket_tags,
    canonical_venue,
    is_title,
    is_venue_tag,
    lead_title,
    looks_like_authors,
    named_reference,
    page_title,
    reference_venue,
    split_authors,
    strip_venue_suffix,
    strong_runs,
    tidy_title,
    title_candidate,
    trim_venue,
    venue_ok,
    venue_year,
)
from .result import (
    PAGE_KINDS,
    IdPool,
    ImportedCategory,
    ImportedPaper,
    ImportResult,
    category_slug,
    cut,
    fill,
    paper_id_for,
    same_title,
    slugify,
    unique_id,
    with_ancestors,
)

# how many papers a heading says its section holds ("(7 papers)", "[12]", "（15篇）", "- 30 papers"): no part of
# the category's name; a year in brackets ("(2023)") is one
HEADING_COUNT_RE = re.compile(
    r"\s*(?:[(\[（【]\s*(?:\d{1,4}\s*(?:papers?|works?|items?|articles?|entries|refs?|references|篇|项|个)|\d{1,3})"
    r"\s*[)\]）】]|[-–—:：]\s*\d{1,4}\s*(?:papers?|works?|articles?|篇))\s*$", re.I)
# "[text](javascript:…)": markdown-it refuses the link (its validateLink), so it reaches us as plain text
UNSAFE_LINK_RE = re.compile(r"\]\(\s*((?:javascript|vbscript|file|data):\S*?)\)(?=\s|$|\[|\()", re.I)
# Sections that hold no papers of the list's own (their links are navigation, people, licences, badges).
IGNORED_SECTION_RE = re.compile(
    r"^(?:categori[sz]ation|(?:table of )?contents?|toc|index|outline|contributors?|contributing|contribution|"
    r"contribute|how to contribute|licen[cs]es?|acknowledge?ments?|thanks|citations?|cite|cite (?:us|this)|"
    r"how to cite|bibtex|star[- ]?history|stargazers|stars?|badges?|contact|contact us|related (?:lists?|"
    r"repositories|repos|awesome lists?|projects)|other awesome lists?|sponsors?|maintainers?|authors?|"
    r"disclaimer|navigation|menu|join us|community)$", re.I)
# Sections whose papers are only kept when the list gives them nowhere else (under that section's name).
ASIDE_SECTION_RE = re.compile(
    r"^(?:news|latest news|(?:latest |recent )?updates?|update logs?|changelog|what'?s new|announcements?|"
    r"introduction|intro|about|overview|motivation|preface|highlights?|todo|to ?do)$", re.I)
# A <details> block that only folds the list away ("Toggle", "Click to expand") is transparent; one that holds an
# abstract or a citation holds no entries.
GENERIC_SUMMARY_RE = re.compile(r"^(?:toggle|click|expand|show|more|details?|hide|open|see|view)\b|^(?:展开|点击)|"
                                r"^(?:references?|links?|sources?|参考链接|参考文献|相关链接)\s*[:：]?\s*$", re.I)


@dataclass
class Entry:
    """The pieces of one candidate paper: its own lines of spans (the first is its lead) and where it stands."""

    segments: list[list[Span]]
    line: int
    path: tuple[str, ...]
    aside: bool = False  # in a news or introduction section
    given_title: str | None = None  # from a heading or summary, when the entry is that block
    cells: list[list[Span]] | None = None  # table rows
    header: list[str] | None = None


def _ids(spans: list[Span]) -> list[Identifier]:
    found: list[Identifier] = []
    for s in links_in(spans):
        url = repair_url(s.href or "")
        if url:
            found.extend(identifiers_in_url(url))
    return found


def _subtree_spans(node: Node) -> list[Span]:
    if node.kind == "folded":
        return []
    out = list(node.spans) + list(node.label)
    for cell in node.cells:
        out.extend(cell)
    for child in node.children:
        out.extend(_subtree_spans(child))
    return out


def _subtree_segments(node: Node) -> list[tuple[int, list[Span]]]:
    out = [(node.line, node.spans)] if node.spans else []
    for child in node.children:
        if child.kind in ("section", "folded"):
            continue
        out.extend(_subtree_segments(child))
    return out


SECTION_VENUE_RE = re.compile(r"^\s*(?:accepted\s+)?(?:papers\s+(?:at|in|of)\s+)?(.+?)\s*(?:accepted\s+)?"
                              r"(?:papers?|list|track|proceedings)?\s*$", re.I)


def venue_of_section(paper: ImportedPaper, path: tuple[str, ...]) -> None:
    """The venue and year of a conference list's section or title ("ICCV 2023 Papers", "NeurIPS 2024", "Papers at
    CVPR 2025", "GeoAI in CVPR 2025"), nearest heading first, for a paper whose entry names none."""
    for heading in reversed(path):
        m = SECTION_VENUE_RE.match(heading)
        tag = m.group(1) if m else heading
        year = YEAR_RE.search(tag)
        named = VENUE_WORDS.search(tag[: year.start()]) if year and is_venue_tag(tag) else None
        if year and named:  # "GeoAI in CVPR 2025": the venue is what stands from its name to the year
            named_venue = tag[named.start(): year.start()].strip(" " + APOSTROPHES + "[]()（）【】")
            paper.venue = canonical_venue(" ".join(named_venue.split()))
            paper.year = int(year.group(1))  # the venue's year, as an entry's own tag gives it
            return


def section_venue(path: tuple[str, ...]) -> tuple[str | None, int | None]:
    """The venue and year a conference list's title or headings give its papers (see :func:`venue_of_section`)."""
    probe = ImportedPaper(title="", category="", line=0)
    venue_of_section(probe, path)
    return probe.venue, probe.year


LINK_LABEL_RE = re.compile(r"(?:^|[\s(|])([A-Za-z][\w .&/-]{0,24}?)\s*[:：]\s*$")


def link_labels(spans: list[Span]) -> dict[int, str]:
    """The label a bare URL is given by the words before it ("* Paper: https://…", "Project: https://…"), keyed by
    the link span's position in ``spans``; a link with text of its own is labelled by that text."""
    labels: dict[int, str] = {}
    before = ""
    for n, s in enumerate(spans):
        if s.kind == "link":
            m = LINK_LABEL_RE.search(before) if s.bare else None
            labels[n] = m.group(1) if m else s.text
            before = ""
        elif s.kind == "break":
            before = ""
        else:
            before += s.text
    return labels


def labelled_links(spans: list[Span]) -> list[tuple[Span, str]]:
    """Every link in ``spans`` with its label (:func:`link_labels`)."""
    labels = link_labels(spans)
    return [(spans[n], label) for n, label in labels.items()]


def reads_like_title(text: str) -> bool:
    """A heading or summary that can be a paper's title (``AnySat: An Earth Observation Model``), not a section
    name (``Papers``, ``2021``)."""
    words = text.split()
    return is_title(text) and (len(words) >= 3 or (":" in text and len(words) >= 2)) \
        and not ASIDE_SECTION_RE.match(text) and not re.fullmatch(r"[\d.\s]+\S*", text)


def _is_group_label(spans: list[Span]) -> str | None:
    """A lead that only names a group of papers: short text, no links, no year-like venue."""
    if not spans or links_in(spans):
        return None
    text = tidy_title(plain(spans))
    if not text or len(text) > 80 or not re.search(r"[^\W\d_]", text):
        return None
    return text.rstrip(":：")


def _label_paragraph(node: Node) -> str | None:
    """A paragraph of bold text alone (``**1.1.1 Feature Augmentation**``, ``<b>…</b>``): a sub-heading."""
    if node.kind != "para" or not node.spans or links_in(node.spans):
        return None
    texts = [s for s in node.spans if s.kind == "text" and s.text.strip()]
    if not texts or not all(s.strong for s in texts):
        return None
    text = tidy_title(plain(node.spans))
    return text.rstrip(":：") if text and len(text) <= 100 else None


def _has_own_title(spans: list[Span]) -> bool:
    title, how = title_candidate(spans)
    return title is not None and (how in ("strong", "link", "reference") or bool(_ids(spans)))


def _standalone(node: Node) -> bool:
    """Is this child block a paper of its own (its own title, and an identifier or a paper link)?"""
    if node.kind == "row":
        return True
    if node.kind in ("item", "para"):
        if not node.spans:
            return any(_standalone(c) for c in node.children)
        if not _has_own_title(node.spans):
            return any(_standalone(c) for c in node.children)
        spans = _subtree_spans(node)
        return bool(_ids(spans)) or any(is_paper_like_url(repair_url(s.href or "") or "x:")
                                        for s in links_in(node.spans) if not is_label(s.text) or s.bare)
    if node.kind in ("quote", "details", "table"):
        return any(_standalone(c) for c in node.children)
    return False


class _Reader:
    def __init__(self, text: str, name: str):
        self.name = name
        self.text = text
        self.entries: list[Entry] = []
        self.problems: list[str] = []
        self.notes: list[str] = []  # "LIST.md:LINE: what was done" where a reader should check
        self.repeats: list[tuple[int, list[int]]] = []  # a paper listed again: (its line kept, the others)
        self.skipped: Counter = Counter()
        self.links: Counter = Counter()
        self.title: str | None = None
        self.categories: dict[tuple[str, ...], ImportedCategory] = {}
        self.category_ids = IdPool()
        self.group_paths: set[tuple[str, ...]] = set()
        self.paths: dict[int, tuple[str, ...]] = {}

    # walking -------------------------------------------------------------------------------------------------

    def read(self) -> ImportResult:
        unread: list[tuple[int, str]] = []
        doc, self.lines = parse_tree(self.text, unread)
        for line, why in unread:
            self.report(line, why)
        self.count_links(doc)
        self.walk(doc.children, (), aside=True)
        papers = self.papers()
        categories = with_ancestors(list(self.categories.values()), {p.category for p in papers})
        return ImportResult(self.title, categories, papers, self.problems, self.skipped, self.links, self.notes,
                            sorted(self.repeats))

    def count_links(self, node: Node) -> None:
        for s in links_in(_subtree_spans(node)):
            url = repair_url(s.href or "")
            if not url:
                self.links["in-page or unusable"] += 1
                continue
            ids = identifiers_in_url(url)
            self.links[ids[0].kind if ids else classify_link(s.text, url)] += 1

    def walk(self, children: list[Node], path: tuple[str, ...], aside: bool) -> None:
        group: str | None = None
        pending: list[Entry] = []
        group_line = 0

        def close_group() -> None:
            nonlocal pending
            if group is not None:
                self.fold(group, group_line, pending, path)
            else:
                self.entries.extend(pending)
            pending = []

        for child in children:
            if child.kind == "section":
                close_group()
                group = None
                self.section(child, path, aside)
                continue
            label = _label_paragraph(child)
            if label is not None:
                close_group()
                group, group_line = label, child.line
                continue
            here = path + ((group,) if group else ())
            before = len(self.entries)
            self.block(child, here, aside)
            pending.extend(self.entries[before:])
            del self.entries[before:]
        close_group()

    def fold(self, title: str, line: int, entries: list[Entry], path: tuple[str, ...]) -> None:
        """A bold-only paragraph (or a heading) followed by entries that have no title of their own is one paper
        whose title it is; followed by titled entries, it names their group."""
        if entries and reads_like_title(title) and all(e.given_title is None and not self.titled(e) for e in entries) \
                and self.one_paper(entries):
            segments = [seg for e in entries for seg in e.segments]
            self.entries.append(Entry(segments, line, path, entries[0].aside, given_title=title))
            return
        self.entries.extend(entries)

    def titled(self, entry: Entry) -> bool:
        """Does the entry carry a title of its own (marked as one, or plain text beside an identifier)?"""
        if entry.cells is not None:
            return True
        for seg in entry.segments[:1]:
            title, how = title_candidate(seg)
            if title and (how in ("strong", "link", "reference") or _ids(seg)):
                return True
        return False

    def one_paper(self, entries: list[Entry]) -> bool:
        """Do these untitled entries, together, name exactly one paper (one identifier, or else a paper link)?"""
        keys = {i.key for e in entries for i in self.entry_ids(e)}
        if len(keys) == 1:
            return True
        if keys:
            return False
        spans = [s for e in entries for seg in e.segments for s in [Span("break"), *seg]]
        return any(classify_link(label, u) == "paper" for s, label in labelled_links(spans)
                   if (u := repair_url(s.href or "")))

    def entry_ids(self, entry: Entry) -> list[Identifier]:
        spans = [s for seg in entry.segments for s in seg]
        for cell in entry.cells or []:
            spans.extend(cell)
        return _ids(spans)

    def section(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        # a heading of only a symbol or an emoji (## ★, ## 🚀) is a section like any other, named by what it shows
        text = tidy_title(plain(node.spans)) or clean(plain(node.spans)) or _symbols(node.spans)
        text = HEADING_COUNT_RE.sub("", text).strip() or text  # "Event Misunderstanding (7 papers)": a count
        if node.level == 1 and self.title is None and not path:
            self.title = text or None
            self.walk(node.children, path, aside=True)
            return
        bare = re.sub(r"^\s*(?:[\dIVXivx]+[.)]|\d+(?:\.\d+)+\.?)\s+", "", text).strip(" :：")
        if not text or IGNORED_SECTION_RE.match(bare) or self.is_toc(node):
            self.skipped["in a contents, contributors, licence or citation section"] += \
                sum(1 for n in node.children if n.kind != "section")
            for child in node.children:
                if child.kind == "section":
                    self.section(child, path, aside)
            return
        is_aside = bool(ASIDE_SECTION_RE.match(bare))
        has_subsections = any(c.kind == "section" for c in node.children)
        before = len(self.entries)
        self.walk(node.children, path + (text,), aside=is_aside)
        mine = self.entries[before:]
        direct = [e for e in mine if e.path == path + (text,)]
        heading_is_title = not has_subsections and mine and len(direct) == len(mine) and node.level >= 2 \
            and reads_like_title(text)
        # a conference list's paper under its own heading may link only its project page, or nothing
        # ("#### ABBSPO: …", "* Paper: None", "* Project: https://…" in "GeoAI in CVPR 2025")
        if heading_is_title and all(e.given_title is None and not self.titled(e) for e in mine) \
                and (self.one_paper(mine) or (not any(self.entry_ids(e) for e in mine)
                                              and all(section_venue((self.title or "", *path, text))))):
            del self.entries[before:]
            segments = [seg for e in mine for seg in e.segments]
            segments += [n.spans for n in node.children if n.kind == "quote" for n in n.children if n.spans]
            self.entries.append(Entry(segments, node.line, path, aside, given_title=text))

    def is_toc(self, node: Node) -> bool:
        """A section whose links all point inside the page."""
        links = links_in(_subtree_spans(Node("x", 0, children=[c for c in node.children if c.kind != "section"])))
        return bool(links) and all((s.href or "").startswith("#") for s in links)

    def block(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        if node.kind == "item":
            self.item(node, path, aside)
        elif node.kind == "para":
            self.paragraph(node, path, aside)
        elif node.kind == "table":
            for row in node.children:
                if row.kind == "row":
                    self.row(row, path, aside)
        elif node.kind == "row":
            self.row(node, path, aside)
        elif node.kind == "quote":
            self.walk(node.children, path, aside)
        elif node.kind == "details" and _ids(node.label):
            # "<details><summary>Title: http://arxiv.org/abs/…</summary>notes</details>": the summary is the paper
            # (its identifier in it), what it folds is about that paper, not a section of papers
            self.entries.append(Entry([list(node.label)], node.line, path, aside))
            self.walk(node.children, path, aside)
        elif node.kind == "details":
            summary = tidy_title(plain(node.label))
            if summary and GENERIC_SUMMARY_RE.match(summary):
                summary = ""
            if summary:
                before = len(self.entries)
                self.walk(node.children, path + (summary,), aside)
                mine = self.entries[before:]
                if mine and reads_like_title(summary) and \
                        all(not self.titled(e) and e.given_title is None for e in mine) and \
                        self.one_paper(mine):
                    del self.entries[before:]
                    self.entries.append(Entry([seg for e in mine for seg in e.segments], node.line, path, aside,
                                              given_title=summary))
            else:
                self.walk(node.children, path, aside)

    def item(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        lead = node.spans
        if lead and all((s.href or "").startswith("#") for s in links_in(lead)) and links_in(lead) \
                and not node.children:
            self.skipped["table-of-contents entries"] += 1
            return
        standalone = [c for c in node.children if _standalone(c)]
        lead_ids = _ids(lead)
        lead_title, how = title_candidate(lead) if lead else (None, "none")
        if not standalone:
            segments = [seg for _, seg in _subtree_segments(node)]
            self.entries.append(Entry(segments or [[]], node.line, path, aside))
            return
        if lead_ids or (lead_title and how in ("strong", "link", "reference") and links_in(lead)):
            rest = [c for c in node.children if c not in standalone]
            segments = [lead] + [seg for c in rest for _, seg in _subtree_segments(c)]
            self.entries.append(Entry(segments, node.line, path, aside))
            for child in standalone:
                self.block(child, path, aside)
            return
        group = _is_group_label(lead)
        if group:
            self.group_paths.add(path + (group,))
        self.walk(node.children, path + ((group,) if group else ()), aside)

    def paragraph(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        lines: list[list[Span]] = [[]]
        for s in node.spans:
            if s.kind == "break":
                lines.append([])
            else:
                lines[-1].append(s)
        lines = [ln for ln in lines if any(s.kind != "text" or s.text.strip() for s in ln)]
        if not lines:
            return
        # A paragraph of references, one per line, each with its own titled link: one entry per line.
        groups: list[list[list[Span]]] = []
        for ln in lines:
            starts = bool(strong_runs(ln)) or any(not s.bare and is_title(tidy_title(s.text)) for s in links_in(ln))
            if not groups or (starts and any(_ids(seg) or title_candidate(seg)[0] for seg in groups[-1])
                              and (_ids(ln) or _ids([s for seg in groups[-1] for s in seg]))):
                groups.append([ln])
            else:
                groups[-1].append(ln)
        step = 1 if len(groups) == len(lines) else 0
        for n, segments in enumerate(groups):
            line = node.line + (n * step if step else sum(len(g) for g in groups[:n]))
            self.entries.append(Entry(segments, line, path, aside))

    def row(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        self.entries.append(Entry([[s for c in node.cells for s in c]], node.line, path, aside,
                                  cells=node.cells, header=node.header))

    # reading entries -------------------------------------------------------------------------------------------

    def report(self, line: int, why: str) -> None:
        self.problems.append(f"{self.name}:{line}: {why}")

    def category(self, path: tuple[str, ...], line: int) -> str:
        """The category of a heading path, made on first use, after its parent (the path's nearest named prefix):
        the categories form the list's tree of sections, in the order the document gives them."""
        if path in self.categories:
            return self.categories[path].id
        prefix = path[:-1]
        while prefix and not prefix[-1]:
            prefix = prefix[:-1]
        parent = self.category(prefix, line) if prefix else None
        # "6.1 Positional Encoding Variants" (a heading, a <summary>, a bold line): the number is its place, which
        # the categories' order keeps
        parts = [re.sub(r"^\d+(?:\.\d+)+\.?\s+(?=\S)", "", p) for p in path if p]
        if not parts:
            parts = [self.title or "Papers"]
        label, base = parts[-1], category_slug(parts[-1])
        taken_labels = {c.label for c in self.categories.values()}
        if len(parts) >= 2 and (label in taken_labels or path in self.group_paths):
            label = f"{parts[-2]} / {parts[-1]}"
            base = f"{category_slug(parts[-2], 1)}-{category_slug(parts[-1])}"
        if base in self.category_ids and len(parts) >= 2:  # "3.2 Planning" beside "2.2 Planning": say whose
            base = f"{category_slug(parts[-2], 1)}-{base}"
        cid = unique_id(base, self.category_ids)
        self.categories[path] = ImportedCategory(cid, label, line, parent)
        return cid

    def papers(self) -> list[ImportedPaper]:
        read: list[tuple[Entry, ImportedPaper, int]] = []
        for entry in self.entries:
            paper, quality = self.read_entry(entry)
            if paper is not None:
                read.append((entry, paper, quality))
        # duplicates: one paper per identifier, placed where its best entry stands
        owner: dict[tuple[str, str], int] = {}
        groups: list[list[int]] = []
        group_of: list[int] = []
        for n, (_, paper, _) in enumerate(read):
            found = {owner[k] for k in paper.identities if k in owner}
            # a web page two entries of different titles share (not an arXiv id or a DOI, which name one paper):
            # one link pasted under two papers, so two papers, the link left to the first
            clash = next((m for g in sorted(found) for m in groups[g]
                          if not same_title(read[m][1], paper)
                          and all(k[0] in PAGE_KINDS for k in set(paper.identities) & set(read[m][1].identities))),
                         None)
            if clash is not None:
                first = read[clash][1]
                self.notes.append(f"{self.name}:{paper.line}: '{cut(paper.title)}' shares its link with line "
                                  f"{first.line} ('{cut(first.title)}') but not its title: imported as two papers, "
                                  f"the link kept on line {first.line}'s; check which paper it is")
                shared = set(paper.identities) & set(first.identities)
                paper.identities = [k for k in paper.identities if k not in shared]
                for kind, value in shared:
                    if kind in CATALOG_ID_KINDS and (getattr(paper, kind) or "").lower() == value:
                        setattr(paper, kind, None)
                paper.links = {k: u for k, u in paper.links.items() if u not in first.links.values()}
                found = {owner[k] for k in paper.identities if k in owner}
            if found:
                g = min(found)
                for other in sorted(found - {g}):
                    for m in groups[other]:
                        group_of[m] = g
                    groups[g].extend(groups[other])
                    groups[other] = []
                    for k, v in list(owner.items()):
                        if v == other:
                            owner[k] = g
                groups[g].append(n)
                group_of.append(g)
            else:
                g = len(groups)
                groups.append([n])
                group_of.append(g)
            for k in paper.identities:
                owner[k] = g
        papers: list[tuple[int, ImportedPaper]] = []
        for members in groups:
            if not members:
                continue
            members.sort()
            best = max(members, key=lambda m: (not read[m][0].aside, read[m][2], -m))
            paper = read[best][1]
            for m in members:
                if m != best:
                    fill(paper, read[m][1])
            if len(members) > 1:
                self.skipped["entries listing a paper again"] += len(members) - 1
                self.repeats.append((paper.line, sorted(read[m][1].line for m in members if m != best)))
            papers.append((min(members), paper))
        papers.sort(key=lambda x: x[0])
        result = [p for _, p in papers]
        for p in result:
            p.category = self.category(self.paths[id(p)], p.line)
            if p.venue is None:  # "## ICCV 2023 Papers" over a table of its papers, a list "GeoAI in CVPR 2025"
                venue_of_section(p, (self.title or "", *self.paths[id(p)]))
            if p.venue:  # one spelling whichever way the entry gave it (a table's column, a tag, a heading)
                p.venue = canonical_venue(p.venue)
        taken = IdPool()
        for p in result:
            if p.provisional_title and not p.remark:
                p.id = unique_id(slugify(p.title.replace(":", "-"))[:40].strip("-.") or "paper", taken)
            else:
                p.id = paper_id_for(p.title, p.remark, taken)
        return result

    def read_entry(self, entry: Entry) -> tuple[ImportedPaper | None, int]:
        """One entry → a paper (with a quality score for choosing among duplicates), or None with the reason
        counted or reported."""
        segments = entry.segments
        # the entry's lines and sub-items, each kept apart ("Chi Jin" ends one sub-item, "Key: …" starts the next)
        spans = [s for n, seg in enumerate(segments) for s in ([Span("break")] if n else []) + seg]
        if entry.cells is not None:
            return self.read_row(entry)
        links = links_in(spans)
        labels = {id(s): label for s, label in labelled_links(spans)}
        usable: list[tuple[Span, str]] = []
        for s in links:
            if (s.href or "").startswith("#"):
                continue
            url = repair_url(s.href or "")
            if url:
                usable.append((s, url))
        ids = [i for _, u in usable for i in identifiers_in_url(u)]
        lead = segments[0] if segments else []
        title, how = (entry.given_title, "given") if entry.given_title else title_candidate(lead)
        if title is None:
            for seg in segments[1:]:
                t, h = title_candidate(seg)
                if t and h in ("strong", "link") and not AUTHOR_LINE_RE.match(plain(seg)):
                    title, how = t, h
                    break
        paper_links = [u for s, u in usable if classify_link(labels[id(s)], u) == "paper"]
        if not ids:
            if title is None:
                if paper_links:
                    self.report(entry.line, "a paper link without a title: add the title, or link an arXiv/DOI page")
                else:
                    self.skipped["no paper link (code, models, data, tools or other pages)"] += 1
                return None, 0
            _, year, venue = venue_year(spans, title)
            if entry.aside:  # news and introductions: only what an identifier names
                if usable:
                    self.skipped["news or introduction lines without an identifier"] += 1
                return None, 0
            if how == "given" and venue is None:
                venue, year = section_venue((self.title or "", *entry.path))
            if not (paper_links or (year and venue and how in ("strong", "link", "given", "reference"))):
                self.skipped["no paper link (code, models, data, tools or other pages)"] += 1
                return None, 0
        if title is not None and self.overlong(entry.line, title, bool(ids)):
            title = None
            if not ids:
                return None, 0
        if title is not None:
            title = page_title(title)
            # "Native Sparse Attention : Hardware-Aligned and Natively...": cut short, so the source names it
            if ids and re.search(re.escape(title) + r"\s*(?:\.{3}|…)", clean(plain(spans))):
                title = None
        if title is None:
            title = provisional_title(ids[0].kind, ids[0].value)
            provisional = True
        else:
            provisional = False
            title = strip_venue_suffix(title)
        paper = ImportedPaper(title=title, category="", line=entry.line, provisional_title=provisional)
        self.paths[id(paper)] = entry.path
        for s, url in usable:
            if s.bare and AUTHOR_LINE_RE.match(s.text):
                continue
            kind = "paper" if (how == "link" and tidy_title(s.text) == title) else classify_link(labels[id(s)], url)
            if kind == "paper" and any(i.kind in ("arxiv", "doi") for i in identifiers_in_url(url)) \
                    and "paper" in paper.links and not identifiers_in_url(paper.links["paper"]):
                paper.links["paper"] = url  # an identifier link beats a plain page
            paper.links.setdefault(kind, url)
        for s in links:
            if s.href and not s.href.startswith("#") and repair_url(s.href) is None and \
                    not re.match(r"^[\w./-]+$", s.href):
                self.report(entry.line, f"link {s.href[:60]!r} dropped: not an http(s) address")
        # a link to a script or a local file is no link to markdown-it either: it stays text, and is said
        for m in UNSAFE_LINK_RE.finditer(plain(spans, links=False)):
            self.report(entry.line, f"link {m.group(1)[:60]!r} dropped: not an http(s) address")
        for ident in ids:
            key = ident.key
            if key not in paper.identities:
                paper.identities.append(key)
            if ident.kind in CATALOG_ID_KINDS and getattr(paper, ident.kind) is None:
                setattr(paper, ident.kind, ident.value)
        if not ids and paper_links:
            paper.identities.append(("link", paper_links[0].rstrip("/").lower()))
        remark = REMARK_RE.search(plain(spans, links=False))
        tags = [t for t in bracket_tags(lead) if not YEAR_RE.search(t) and not SHORT_YEAR_TAIL_RE.search(t)
                and is_title(t) and len(t) <= 30]
        named = named_reference(lead) if how == "reference" else None
        if remark:
            paper.remark = clean(remark.group(1)) or None
        elif named and len(named[0]) <= 40:  # **LOF**: Breunig, M.M., … 2000. LOF: identifying …
            paper.remark = named[0]
        elif tags and how != "strong":
            paper.remark = tags[0]
        elif how == "link":
            before = []
            for s in lead:
                if s.kind == "link":
                    break
                before.append(s.text if s.kind == "text" else "")
            name = tidy_title("".join(before))
            if name and len(name) <= 40 and "".join(before).rstrip().endswith((":", "：")) and is_title(name) \
                    and not DATE_TAG_RE.match("".join(before)):
                paper.remark = name
        paper.year, paper.venue = venue_year(spans, title)[1:]
        if how == "reference":  # "Surname, I., YEAR. Title. *Venue*, vol(issue)": the venue is in italics
            paper.venue = reference_venue(lead) or paper.venue
        _year_from_context(paper, entry.path)
        paper.authors = authors_of(segments, title)
        quality = (3 if how in ("strong", "link", "given", "reference") else 1 if how == "plain" else 0) * 100 \
            + min(len(title.split()), 30) + (5 if paper.venue else 0)
        return paper, quality

    def overlong(self, line: int, title: str, has_id: bool) -> bool:
        """A "title" too long to be one (a paragraph the reader did not split) is reported, never written."""
        if len(title) <= TITLE_MAX:
            return False
        self.report(line, f"a title of {len(title)} characters is a paragraph, not a title: {title[:60].rstrip()!r}…; "
                          + ("its identifier stands in" if has_id else "passed over"))
        return True

    def read_row(self, entry: Entry) -> tuple[ImportedPaper | None, int]:
        cells = entry.cells or []
        header = entry.header or []
        spans = [s for c in cells for s in c]
        usable = [(s, u) for s in links_in(spans) if not (s.href or "").startswith("#")
                  and (u := repair_url(s.href or ""))]
        ids = [i for _, u in usable for i in identifiers_in_url(u)]

        def col(pattern: str) -> int | None:
            return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)

        # the header's words in English or Chinese ("| 年份 | 会议 | 论文 |": year, venue, paper)
        title_col = col(r"\btitles?\b|标题|题目|论文名称|论文标题")
        if title_col is None:
            title_col = col(r"\bpapers?\b|论文|文章|文献")
        name_col = col(r"\b(name|abbr|short|model|method|acronym)\b|简称|名称|模型|方法")
        year_col = col(r"\b(year|date|time)\b|年份|日期|时间|^\s*年\s*$")
        venue_col = col(r"\b(venue|conference|conf|journal|published|publication|source|where)\b"
                        r"|会议|期刊|来源|出处|发表")
        author_col = col(r"\bauthors?\b|作者")
        title = None
        if title_col is not None and title_col < len(cells):
            title = lead_title(cells[title_col]) or tidy_title(plain(cells[title_col]))
            if not is_title(title):
                title = None
            # a row with a cell left out shifts its columns: a much longer title-like cell is the title
            longest = max(((tidy_title(plain(c)), i) for i, c in enumerate(cells) if i != title_col),
                          key=lambda x: len(x[0].split()), default=("", -1))
            if title and len(longest[0].split()) >= max(5, 3 * len(title.split())) and is_title(longest[0]) \
                    and not looks_like_authors(longest[0]) and (not cells[-1] or len(cells) < len(header)):
                title = longest[0]
        if title is None:
            skip = {year_col, venue_col, author_col}
            texts = [(tidy_title(plain(c)), i) for i, c in enumerate(cells) if i not in skip]
            texts = [(t, i) for t, i in texts if is_title(t) and not YEAR_RE.fullmatch(t)]
            if texts and (ids or title_col is not None or header == []):
                title = max(texts, key=lambda x: (len(x[0].split()), -x[1]))[0]
        if not ids:
            paper_like = any(classify_link(s.text, u) == "paper" for s, u in usable)
            dated = any(YEAR_RE.search(plain(c)) for c in cells) and (
                venue_col is not None or any(VENUE_WORDS.search(plain(c)) for c in cells))
            if title_col is None or title is None or not (paper_like or dated):
                self.skipped["table rows without a paper"] += 1
                return None, 0
        if title is not None and self.overlong(entry.line, title, bool(ids)):
            title = None
            if not ids:
                return None, 0
        provisional = title is None
        if title is None:
            title = provisional_title(ids[0].kind, ids[0].value)
        paper = ImportedPaper(title=title, category="", line=entry.line, provisional_title=provisional)
        self.paths[id(paper)] = entry.path
        for i, cell in enumerate(cells):
            for s in links_in(cell):
                url = repair_url(s.href or "")
                if not url or (s.href or "").startswith("#"):
                    continue
                kind = "paper" if i == title_col else classify_link(s.text, url)
                paper.links.setdefault(kind, url)
        for ident in ids:
            if ident.key not in paper.identities:
                paper.identities.append(ident.key)
            if ident.kind in CATALOG_ID_KINDS and getattr(paper, ident.kind) is None:
                setattr(paper, ident.kind, ident.value)
        if not ids:
            paper_links = [u for _, u in usable if is_paper_like_url(u)]
            if paper_links:
                paper.identities.append(("link", paper_links[0].rstrip("/").lower()))
        if name_col is not None and name_col != title_col and name_col < len(cells):
            name = tidy_title(plain(cells[name_col]))
            if name and len(name) <= 40 and is_title(name) and name != title:
                paper.remark = name
        if year_col is not None and year_col < len(cells):
            m = YEAR_RE.search(plain(cells[year_col]))
            paper.year = int(m.group(1)) if m else None
        if venue_col is not None and venue_col < len(cells):
            venue = plain(cells[venue_col])
            years = YEAR_RE.findall(venue)
            if years and paper.year is None:
                paper.year = int(years[-1])
            shifted = not years and not VENUE_WORDS.search(venue)  # "Falcon (40B)": a row pasted from a wider table?
            venue = trim_venue(tidy_title(YEAR_RE.sub(" ", venue)))
            paper.venue = venue if venue and venue_ok(venue) else None
        else:
            shifted = False
        if (paper.venue is None and paper.year is None) or shifted:
            for cell in cells:  # columns shifted: a short cell with a venue and a year
                text = plain(cell)
                years = YEAR_RE.findall(text)
                if years and len(text.split()) <= 5 and VENUE_WORDS.search(text):
                    paper.year = int(years[-1])
                    paper.venue = trim_venue(tidy_title(YEAR_RE.sub(" ", text))) or None
                    break
        _year_from_context(paper, entry.path)
        if author_col is not None and author_col < len(cells):
            paper.authors = split_authors(plain(cells[author_col]))
        return paper, 300 + min(len(title.split()), 30)


def _symbols(spans: list[Span]) -> str:
    """What a heading shows when cleaning left nothing: its symbols and emoji, as written."""
    return " ".join("".join(s.text for s in spans if s.kind == "text").split())[:40]


def _year_from_context(paper: ImportedPaper, path: tuple[str, ...]) -> None:
    """A paper without a year takes it from a heading that names one (``## 2021``, ``### ICML 2025``: its venue
    comes from :func:`venue_of_section`), else from its arXiv id."""
    if paper.year is not None:
        return
    for label in reversed(path):  # a heading that is a year, or a venue and its year: "2021", "ICML 2025"
        m = re.fullmatch(rf"(?:(.{{1,40}}?)[\s,{APOSTROPHES}]+)?((?:19|20)\d\d)", (label or "").strip())
        if m:
            paper.year = int(m.group(2))
            return
    if paper.arxiv:
        ym = arxiv_year_month(paper.arxiv)
        paper.year = int(ym[:4]) if ym else None
        return
    for label in reversed(path):  # "Top ML Papers of the Week (March 10 - March 16) - 2025": when it was listed
        m = re.fullmatch(r".{1,80}?\s[-–—]\s+((?:19|20)\d\d)", (label or "").strip())
        if m:
            paper.year = int(m.group(1))
            return


DANGLING_RE = re.compile(r"\[\[?([^\[\]()]{1,30})\]\]?\s*$")
CONTINUATION_RE = re.compile(r"^\s*\(\s*(https?://[^)\s]+)\s*\)\]?\s*$")


def join_broken_links(text: str) -> str:
    """A link broken across lines, ``[[github]`` at the end of an item and ``(https://…)]`` on a later line (the
    seed's OWSM item, whose second half lands under the next heading, after other items), is joined back to the
    nearest earlier item left dangling. Line numbers
    are kept: the continuation's line is left empty."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        m = CONTINUATION_RE.match(line)
        if not m:
            continue
        for k in range(n - 1, max(-1, n - 100), -1):
            d = DANGLING_RE.search(lines[k])
            if d and not lines[k].rstrip().endswith(")"):
                lines[k] = lines[k][: d.start()] + f"[[{d.group(1)}]({m.group(1)})]"
                lines[n] = ""
                break
    return "\n".join(lines)


def parse_markdown(text: str, name: str = "LIST.md") -> ImportResult:
    """Read an awesome-list README. Never raises on odd input: what it cannot understand goes to ``problems``."""
    text = join_broken_links(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    return _Reader(text, name).read()
