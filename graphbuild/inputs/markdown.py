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
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from ..catalog import arxiv_year_month, normalize_arxiv
from .links import (
    Identifier,
    classify_link,
    identifiers_in_url,
    is_label,
    is_paper_like_url,
    repair_url,
)
from .result import (
    IdPool,
    ImportedCategory,
    ImportedPaper,
    ImportResult,
    category_slug,
    paper_id_for,
    slugify,
    unique_id,
)

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
GENERIC_SUMMARY_RE = re.compile(r"^(?:toggle|click|expand|show|more|details?|hide|open|see|view)\b", re.I)
NOT_ENTRIES_SUMMARY_RE = re.compile(r"^(?:abstract|bibtex|citation|cite|tl;?dr|summary|intro|description|"
                                    r"motivation|method|results?|key ?(?:idea|points?)|notes?)\b", re.I)
YEAR_RE = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?![\d])")
BARE_URL_HINT_RE = re.compile(r"://|www\.|arxiv|\.com/|\.co/|\.org/|\.net/", re.I)
DATE_TAG_RE = re.compile(r"^\s*(?:[\[【(（]\s*([^\]】)）]{0,30}?)\s*[\]】)）])")
AUTHOR_LINE_RE = re.compile(r"^\s*\W*(?:authors?|author\(s\)|by|作者)\s*\W*\s*[:：]", re.I)
REMARK_RE = re.compile(r"\bRemark\s*:\s*(.+?)\s*$")
SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
BARE_URL_RE = re.compile(r"(?<![\w/@.])((?:https?://|www\.|(?:github\.com|gitlab\.com|huggingface\.co|arxiv\.org|"
                         r"doi\.org|openreview\.net)/)[^\s<>\"'`\]\[]+[^\s<>\"'`.,;:!?)\]\[])"
                         r"|(?<![\w/])(arXiv:\s?\d{4}\.\d{4,5}(?:v\d+)?)", re.I)
VENUE_WORDS = re.compile(
    r"\b(arxiv|neurips|nips|icml|iclr|cvpr|iccv|eccv|wacv|bmvc|acl|emnlp|naacl|eacl|coling|aaai|ijcai|kdd|www|"
    r"sigir|wsdm|cikm|recsys|icassp|interspeech|asru|slt|miccai|isbi|tmi|tpami|pami|jmlr|tmlr|tacl|tkde|tois|"
    r"tnnls|tip|ijcv|nature|science|cell|pnas|corl|rss|icra|iros|uai|aistats|colt|ecml|icdm|sdm|mlsys|osdi|"
    r"sosp|usenix|ndss|ccs|s&p|sp|chi|uist|mm|acm|ieee|springer|elsevier|journal|conference|workshop|"
    r"transactions|proceedings|symposium|letters|review|preprint|biorxiv|medrxiv|openreview|ssrn|tkde|tist|"
    r"findings|ijcnlp|lrec|naacl-hlt|siggraph|tog|cvpr[w]?|icme|icip|ismir|taslp|jasa|eusipco)\b", re.I)
MONTH_RE = re.compile(r"(?:\d{1,2}(?:st|nd|rd|th)?\s*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                      r"[a-z]*\.?,?(?:\s*\d{1,2}(?:st|nd|rd|th)?,?)?", re.I)
NAME_TOKEN_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ\u0100-\u017f][\w'’.\-À-ÿ\u0100-\u017f]*$")

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Link targets are kept as written (our own repair_url checks them); markdown-it's percent-encoding would change
# what the maintainer typed and costs a third of the parse. validateLink still refuses javascript: and the like.
_MD.normalizeLink = lambda url: url.strip()  # type: ignore[method-assign]


# --- the document as a tree --------------------------------------------------------------------------------------


@dataclass
class Span:
    """One piece of inline text: plain, bold, italic, code, a link, an image (badge) or a line break."""

    kind: str  # text | link | image | break
    text: str = ""
    href: str | None = None  # links: the raw target
    strong: bool = False
    em: bool = False
    code: bool = False
    bare: bool = False  # a link written as a bare URL (its text is the URL)


@dataclass
class Node:
    kind: str  # doc | section | item | quote | details | table | para | row
    line: int
    spans: list[Span] = field(default_factory=list)  # section: the heading; item: its first paragraph; para
    children: list[Node] = field(default_factory=list)
    level: int = 0  # section: heading level
    cells: list[list[Span]] = field(default_factory=list)  # row
    header: list[str] = field(default_factory=list)  # row: the table's header texts
    label: list[Span] = field(default_factory=list)  # details: the summary


def _inline_spans(children, base_strong: bool = False) -> list[Span]:
    """markdown-it inline tokens → spans (links keep their text; inline HTML tags are honoured)."""
    spans: list[Span] = []
    strong, em = int(base_strong), 0
    link: Span | None = None
    html_links: list[Span] = []
    for tok in children or []:
        t = tok.type
        if t in ("strong_open", "strong_close"):
            strong += 1 if t == "strong_open" else -1
        elif t in ("em_open", "em_close"):
            em += 1 if t == "em_open" else -1
        elif t == "link_open":
            link = Span("link", "", tok.attrs.get("href", "") or "", strong > 0, em > 0)
        elif t == "link_close":
            if link is not None:
                spans.append(link)
            link = None
        elif t in ("softbreak", "hardbreak"):
            if link is not None:
                link.text += " "
            else:
                spans.append(Span("break"))
        elif t == "image":
            alt = tok.content or ""
            if link is not None:
                link.kind_image = True  # type: ignore[attr-defined]
            else:
                spans.append(Span("image", alt))
        elif t == "html_inline":
            html = tok.content
            tag = re.match(r"<\s*(/?)\s*([a-zA-Z0-9]+)", html)
            if not tag:
                continue
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name in ("b", "strong"):
                strong += -1 if closing else 1
            elif name in ("i", "em"):
                em += -1 if closing else 1
            elif name == "br":
                spans.append(Span("break"))
            elif name == "a" and not closing:
                href = re.search(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", html, re.I)
                target = next((g for g in href.groups() if g is not None), "") if href else ""
                html_links.append(Span("link", "", target, strong > 0, em > 0))
            elif name == "a" and closing and html_links:
                spans.append(html_links.pop())
            elif name == "img" and not closing:
                alt = re.search(r"""alt\s*=\s*(?:"([^"]*)"|'([^']*)')""", html, re.I)
                spans.append(Span("image", next((g for g in alt.groups() if g), "") if alt else ""))
        else:
            text = tok.content if t in ("text", "code_inline", "html_inline") else ""
            if not text:
                continue
            if link is not None:
                link.text += text
                link.strong = link.strong or strong > 0
            elif html_links:
                html_links[-1].text += text
            else:
                spans.append(Span("text", text, None, strong > 0, em > 0, code=t == "code_inline"))
    spans.extend(html_links)
    return _split_bare_urls(spans)


def _split_bare_urls(spans: list[Span]) -> list[Span]:
    """Bare URLs and ``arXiv:ID`` mentions inside text become links."""
    out: list[Span] = []
    for span in spans:
        if span.kind != "text" or not BARE_URL_HINT_RE.search(span.text):
            out.append(span)
            continue
        pos = 0
        for m in BARE_URL_RE.finditer(span.text):
            if m.start() > pos:
                out.append(Span("text", span.text[pos:m.start()], None, span.strong, span.em, span.code))
            if m.group(1):
                out.append(Span("link", m.group(1), m.group(1), span.strong, span.em, bare=True))
            else:
                arxiv = normalize_arxiv(m.group(2).replace(" ", ""))
                out.append(Span("link", m.group(2), f"https://arxiv.org/abs/{arxiv}" if arxiv else "",
                                span.strong, span.em, bare=True))
            pos = m.end()
        if pos < len(span.text):
            out.append(Span("text", span.text[pos:], None, span.strong, span.em, span.code))
    return out


class _HTMLBlock(HTMLParser):
    """An HTML block → events: headings, details/summary, table rows, list items and paragraphs, with lines."""

    BLOCK = {"p", "div", "ul", "ol", "table", "thead", "tbody", "blockquote", "hr", "section", "center", "dl"}

    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.events: list[tuple] = []
        self.spans: list[Span] = []
        self.mode: str | None = None  # heading | summary | cell | item | None (paragraph)
        self.level = 0
        self.strong = 0
        self.em = 0
        self.link: Span | None = None
        self.row: list[list[Span]] | None = None
        self.row_header = False
        self.start_line = first_line

    def line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def flush(self) -> None:
        spans = [s for s in self.spans if s.kind != "text" or s.text.strip()]
        if spans:
            if self.mode == "heading":
                self.events.append(("heading", self.level, spans, self.start_line))
            elif self.mode == "summary":
                self.events.append(("summary", spans, self.start_line))
            elif self.mode == "cell" and self.row is not None:
                self.row.append(spans)
            elif self.mode == "item":
                self.events.append(("item", spans, self.start_line))
            else:
                self.events.append(("para", spans, self.start_line))
        elif self.mode == "cell" and self.row is not None:
            self.row.append([])
        self.spans = []
        self.start_line = self.line()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("b", "strong"):
            self.strong += 1
        elif tag in ("i", "em"):
            self.em += 1
        elif tag == "br":
            self.spans.append(Span("break"))
        elif tag == "a":
            self.link = Span("link", "", a.get("href") or "", self.strong > 0, self.em > 0)
        elif tag == "img":
            self.spans.append(Span("image", a.get("alt") or ""))
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.mode, self.level = "heading", int(tag[1])
        elif tag == "details":
            self.flush()
            self.events.append(("details_open", self.line()))
        elif tag == "summary":
            self.flush()
            self.mode = "summary"
        elif tag == "tr":
            self.flush()
            self.row, self.row_header = [], False
        elif tag in ("td", "th") and self.row is not None:
            self.flush()
            self.mode = "cell"
            self.row_header = self.row_header or tag == "th"
        elif tag == "li":
            self.flush()
            self.mode = "item"
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.strong = max(0, self.strong - 1)
        elif tag in ("i", "em"):
            self.em = max(0, self.em - 1)
        elif tag == "a" and self.link is not None:
            self.spans.append(self.link)
            self.link = None
        elif re.fullmatch(r"h[1-6]", tag) or tag in ("summary", "li"):
            self.flush()
            self.mode = None
        elif tag in ("td", "th"):
            self.flush()
            self.mode = None
        elif tag == "tr" and self.row is not None:
            self.flush()
            if any(self.row):
                self.events.append(("row", self.row, self.row_header, self.line()))
            self.row = None
        elif tag == "details":
            self.flush()
            self.events.append(("details_close", self.line()))
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if self.link is not None:
            self.link.text += data
            return
        if not self.spans:
            self.start_line = self.line()
        self.spans.extend(_split_bare_urls([Span("text", data, None, self.strong > 0, self.em > 0)]))

    def close(self):
        super().close()
        if self.link is not None:
            self.spans.append(self.link)
        self.flush()


def parse_tree(text: str) -> tuple[Node, list[str]]:
    """The document as a tree of nodes; also its source lines (for repairs that need the raw text)."""
    lines = text.split("\n")
    tokens = _MD.parse(text)
    doc = Node("doc", 0)
    stack: list[Node] = [doc]

    def top() -> Node:
        return stack[-1]

    def open_section(level: int, spans: list[Span], line: int) -> None:
        while len(stack) > 1 and not (top().kind == "section" and top().level < level):
            if top().kind in ("item", "quote", "table"):
                break
            stack.pop()
        node = Node("section", line, spans, level=level)
        top().children.append(node)
        stack.append(node)

    def add_block(node: Node) -> None:
        parent = top()
        if node.kind == "para" and parent.kind == "item" and not parent.spans and not parent.children:
            parent.spans = node.spans  # the item's own first paragraph
            return
        parent.children.append(node)

    header: list[str] = []
    row_cells: list[list[Span]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        line = tok.map[0] + 1 if tok.map else (stack[-1].line or 1)
        if t == "heading_open":
            spans = _inline_spans(tokens[i + 1].children)
            if top().kind in ("item", "quote"):
                add_block(Node("para", line, [Span("text", _plain(spans), strong=True)]))
            else:
                open_section(int(tok.tag[1]), spans, line)
            i += 3
            continue
        if t == "list_item_open":
            node = Node("item", line)
            top().children.append(node)
            stack.append(node)
        elif t == "list_item_close" or t == "blockquote_close":
            kind = "item" if t == "list_item_close" else "quote"
            while len(stack) > 1 and top().kind != kind:
                stack.pop()
            if len(stack) > 1:
                stack.pop()
        elif t == "blockquote_open":
            node = Node("quote", line)
            top().children.append(node)
            stack.append(node)
        elif t == "paragraph_open":
            add_block(Node("para", line, _inline_spans(tokens[i + 1].children)))
            i += 3
            continue
        elif t == "table_open":
            header, row_cells = [], []
            node = Node("table", line)
            top().children.append(node)
            stack.append(node)
        elif t == "table_close":
            while len(stack) > 1 and top().kind != "table":
                stack.pop()
            if len(stack) > 1:
                stack.pop()
        elif t == "tr_open":
            row_cells = []
            row_line = line
        elif t in ("th_open", "td_open"):
            if i + 1 < len(tokens) and tokens[i + 1].type == "inline":
                row_cells.append(_inline_spans(tokens[i + 1].children))
                i += 3
                continue
            row_cells.append([])  # a cell the row left out (markdown-it pads short rows)
        elif t == "tr_close":
            if top().kind == "table":
                if not header and tokens[i - 1].type == "th_close":
                    header = [_plain(c).lower() for c in row_cells]
                else:
                    raw_cells = _raw_cells(lines[row_line - 1]) if 0 < row_line <= len(lines) else []
                    if len(raw_cells) > len(row_cells):  # GFM drops cells beyond the header's: keep them
                        row_cells = [_inline_spans(_MD.parseInline(c)[0].children) for c in raw_cells]
                    top().children.append(Node("row", row_line, cells=row_cells, header=header))
        elif t == "html_block":
            _html_events(tok.content, line, stack, add_block, open_section)
        i += 1
    return doc, lines


def _raw_cells(line: str) -> list[str]:
    """The cells of a table row as written (split at unescaped pipes outside code spans)."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, current, in_code = [], [], False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] == "|":
            current.append("|")
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current).strip())
    return cells


def _html_events(html: str, line: int, stack: list[Node], add_block, open_section) -> None:
    parser = _HTMLBlock(line)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - the HTML parser is lenient; a failure only loses this block's text
        return
    header: list[str] = []
    for event in parser.events:
        kind = event[0]
        if kind == "heading":
            open_section(event[1], event[2], event[3])
        elif kind == "details_open":
            node = Node("details", event[1])
            stack[-1].children.append(node)
            stack.append(node)
        elif kind == "summary":
            for node in reversed(stack):
                if node.kind == "details":
                    if not node.label:
                        node.label = event[1]
                        if NOT_ENTRIES_SUMMARY_RE.match(_tidy_title(_plain(event[1]))):
                            node.kind = "folded"  # an abstract or a citation: no entries inside
                    break
        elif kind == "details_close":
            if any(n.kind in ("details", "folded") for n in stack[1:]):
                while stack[-1].kind not in ("details", "folded"):
                    stack.pop()
                stack.pop()
        elif kind == "row":
            cells, is_header, row_line = event[1], event[2], event[3]
            if is_header and not header:
                header = [_plain(c).lower() for c in cells]
                continue
            stack[-1].children.append(Node("row", row_line, cells=cells, header=header))
        elif kind == "item":
            stack[-1].children.append(Node("item", event[2], event[1]))
        else:
            add_block(Node("para", event[2], event[1]))


# --- text helpers --------------------------------------------------------------------------------------------------


def _plain(spans: list[Span], links: bool = True) -> str:
    parts = []
    for s in spans:
        if s.kind == "text" or (links and s.kind == "link" and not s.bare):
            parts.append(s.text)
        elif s.kind == "break":
            parts.append(" ")
    return _clean(" ".join(parts) if False else "".join(parts))


def _clean(text: str) -> str:
    if text.isascii() and ":" not in text and "<" not in text and text.isprintable():
        return " ".join(text.split())
    text = SHORTCODE_RE.sub(" ", text)
    text = EMOJI_RE.sub(" ", text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = "".join(ch if ch.isprintable() or ch.isspace() else " " for ch in text)  # no control characters
    return " ".join(text.split())  # every kind of space and line break → one space


def _tidy_title(text: str) -> str:
    text = _clean(text)
    text = re.sub(r"^\s*(?:\d{1,4}[.)]\s+|[-*•]\s+)", "", text)
    m = DATE_TAG_RE.match(text)
    while m and (YEAR_RE.search(m.group(1) or "") or re.fullmatch(r"\s*\d{1,4}\s*", m.group(1) or "")):
        text = text[m.end():]
        m = DATE_TAG_RE.match(text)
    text = text.strip(" \t.,;:-–—|/\\*_~`").rstrip(" ([{（【").lstrip(" )]}）】")
    if len(text) >= 2 and text[0] in "\"'“‘«「《" and text[-1] in "\"'”’»」》":
        text = text[1:-1].strip()
    return text


NULLISH_RE = re.compile(r"^(?:n/?a|none|null|nil|tbd|tba|todo|to do|coming soon|soon|unknown|-+|–|—|\?+)$", re.I)


def _is_title(text: str) -> bool:
    """Could ``text`` be a paper's title (rather than a label, a URL, an author line or a number)?"""
    if not text or len(text) < 2 or not re.search(r"[^\W\d_]", text) or NULLISH_RE.match(text):
        return False
    if re.match(r"^(?:https?://|www\.)", text, re.I) or is_label(text):
        return False
    if AUTHOR_LINE_RE.match(text) or re.fullmatch(r"(?:authors?|author\(s\)|key|keywords?|tags?|note|tl;?dr|"
                                                  r"expenv|openreview|venue|year|abstract)\s*:?", text, re.I):
        return False
    return True


# --- entries -----------------------------------------------------------------------------------------------------


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


def _links(spans: list[Span]) -> list[Span]:
    return [s for s in spans if s.kind == "link"]


def _ids(spans: list[Span]) -> list[Identifier]:
    found: list[Identifier] = []
    for s in _links(spans):
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


def _title_candidate(spans: list[Span]) -> tuple[str | None, str]:
    """The title a line of spans gives, and how: ``strong``, ``link``, ``plain`` or ``none``."""
    strong = [r for r in _strong_runs(spans) if not BRACKET_TAG_RE.fullmatch(r)]
    link_titles = [(_tidy_title(s.text), s) for s in _links(spans) if not s.bare]
    link_titles = [(t, s) for t, s in link_titles if _is_title(t)]
    strong = [t for t in strong if _is_title(t)]
    if strong:
        best_strong = strong[0]
        if link_titles and len(link_titles[0][0].split()) > max(2, len(best_strong.split())):
            return link_titles[0][0], "link"
        return best_strong, "strong"
    if link_titles:
        return link_titles[0][0], "link"
    before = []
    for s in spans:
        if s.kind in ("link", "break"):
            break
        if s.kind == "text" and not s.em and not s.code and not (s.strong and BRACKET_TAG_RE.fullmatch(s.text.strip())):
            before.append(s.text)
    plain = _tidy_title(re.split(r"\s[-–—]\s|\s\|\s", "".join(before))[0])
    if plain and _is_title(plain):
        return plain, "plain"
    return None, "none"


BRACKET_TAG_RE = re.compile(r"\[[^\[\]]{1,40}\]")


def _bracket_tags(spans: list[Span]) -> list[str]:
    """Bold tags in brackets before a title, ``**[R-CNN]**``: a short name (the remark) or a venue."""
    return [r[1:-1].strip() for r in _strong_runs_raw(spans) if BRACKET_TAG_RE.fullmatch(r)]


def _strong_runs_raw(spans: list[Span]) -> list[str]:
    return [" ".join("".join(s.text for s in group).split()) for group in _strong_groups(spans)]


def _strong_groups(spans: list[Span]) -> list[list[Span]]:
    groups, current = [], []
    for s in spans:
        if s.kind == "text" and s.strong:
            current.append(s)
        else:
            if current:
                groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _strong_runs(spans: list[Span]) -> list[str]:
    runs, current = [], []
    for s in spans:
        if s.kind == "text" and s.strong or (s.kind == "link" and s.strong and not s.bare and not is_label(s.text)):
            current.append(s.text)
        elif s.kind == "text" and not s.text.strip() and current:
            current.append(s.text)
        else:
            if current:
                runs.append(_tidy_title("".join(current)))
            current = []
    if current:
        runs.append(_tidy_title("".join(current)))
    return [r for r in runs if r]


def _reads_like_title(text: str) -> bool:
    """A heading or summary that can be a paper's title (``AnySat: An Earth Observation Model``), not a section
    name (``Papers``, ``2021``)."""
    words = text.split()
    return _is_title(text) and (len(words) >= 3 or (":" in text and len(words) >= 2)) \
        and not ASIDE_SECTION_RE.match(text) and not re.fullmatch(r"[\d.\s]+\S*", text)


def _is_group_label(spans: list[Span]) -> str | None:
    """A lead that only names a group of papers: short text, no links, no year-like venue."""
    if not spans or _links(spans):
        return None
    text = _tidy_title(_plain(spans))
    if not text or len(text) > 80 or not re.search(r"[^\W\d_]", text):
        return None
    return text.rstrip(":：")


def _label_paragraph(node: Node) -> str | None:
    """A paragraph of bold text alone (``**1.1.1 Feature Augmentation**``, ``<b>…</b>``): a sub-heading."""
    if node.kind != "para" or not node.spans or _links(node.spans):
        return None
    texts = [s for s in node.spans if s.kind == "text" and s.text.strip()]
    if not texts or not all(s.strong for s in texts):
        return None
    text = _tidy_title(_plain(node.spans))
    return text.rstrip(":：") if text and len(text) <= 100 else None


def _has_own_title(spans: list[Span]) -> bool:
    title, how = _title_candidate(spans)
    return title is not None and (how in ("strong", "link") or bool(_ids(spans)))


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
                                        for s in _links(node.spans) if not is_label(s.text) or s.bare)
    if node.kind in ("quote", "details", "table"):
        return any(_standalone(c) for c in node.children)
    return False


class _Reader:
    def __init__(self, text: str, name: str):
        self.name = name
        self.text = text
        self.entries: list[Entry] = []
        self.problems: list[str] = []
        self.skipped: Counter = Counter()
        self.links: Counter = Counter()
        self.title: str | None = None
        self.categories: dict[tuple[str, ...], ImportedCategory] = {}
        self.category_ids = IdPool()
        self.group_paths: set[tuple[str, ...]] = set()
        self.paths: dict[int, tuple[str, ...]] = {}

    # walking -------------------------------------------------------------------------------------------------

    def read(self) -> ImportResult:
        doc, self.lines = parse_tree(self.text)
        self.count_links(doc)
        self.walk(doc.children, (), aside=True)
        papers = self.papers()
        used = {p.category for p in papers}
        categories = [c for c in self.categories.values() if c.id in used]
        return ImportResult(self.title, categories, papers, self.problems, self.skipped, self.links)

    def count_links(self, node: Node) -> None:
        for s in _links(_subtree_spans(node)):
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
        if entries and _reads_like_title(title) and all(e.given_title is None and not self.titled(e) for e in entries) \
                and self.one_paper(entries):
            segments = [seg for e in entries for seg in e.segments]
            self.entries.append(Entry(segments, line, path, entries[0].aside, given_title=title))
            return
        for entry in entries:
            if entry.path[: len(path)] == path and len(entry.path) == len(path) + 1 and entry.path[-1] is None:
                pass
            self.entries.append(entry)

    def titled(self, entry: Entry) -> bool:
        """Does the entry carry a title of its own (marked as one, or plain text beside an identifier)?"""
        if entry.cells is not None:
            return True
        for seg in entry.segments[:1]:
            title, how = _title_candidate(seg)
            if title and (how in ("strong", "link") or _ids(seg)):
                return True
        return False

    def one_paper(self, entries: list[Entry]) -> bool:
        """Do these untitled entries, together, name exactly one paper (one identifier, or else a paper link)?"""
        keys = {i.key for e in entries for i in self.entry_ids(e)}
        if len(keys) == 1:
            return True
        if keys:
            return False
        spans = [s for e in entries for seg in e.segments for s in seg]
        return any(classify_link(s.text, u) == "paper" for s in _links(spans) if (u := repair_url(s.href or "")))

    def entry_ids(self, entry: Entry) -> list[Identifier]:
        spans = [s for seg in entry.segments for s in seg]
        for cell in entry.cells or []:
            spans.extend(cell)
        return _ids(spans)

    def section(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        text = _tidy_title(_plain(node.spans)) or _clean(_plain(node.spans))
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
        if not has_subsections and mine and len(direct) == len(mine) and node.level >= 2 and _reads_like_title(text) and \
                all(e.given_title is None and not self.titled(e) for e in mine) and self.one_paper(mine):
            del self.entries[before:]
            segments = [seg for e in mine for seg in e.segments]
            segments += [n.spans for n in node.children if n.kind == "quote" for n in n.children if n.spans]
            self.entries.append(Entry(segments, node.line, path, aside, given_title=text))

    def is_toc(self, node: Node) -> bool:
        """A section whose links all point inside the page."""
        links = _links(_subtree_spans(Node("x", 0, children=[c for c in node.children if c.kind != "section"])))
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
        elif node.kind == "details":
            summary = _tidy_title(_plain(node.label))
            if summary and GENERIC_SUMMARY_RE.match(summary):
                summary = ""
            if summary:
                before = len(self.entries)
                self.walk(node.children, path + (summary,), aside)
                mine = self.entries[before:]
                if mine and _reads_like_title(summary) and \
                        all(not self.titled(e) and e.given_title is None for e in mine) and \
                        self.one_paper(mine):
                    del self.entries[before:]
                    self.entries.append(Entry([seg for e in mine for seg in e.segments], node.line, path, aside,
                                              given_title=summary))
            else:
                self.walk(node.children, path, aside)

    def item(self, node: Node, path: tuple[str, ...], aside: bool) -> None:
        lead = node.spans
        if lead and all((s.href or "").startswith("#") for s in _links(lead)) and _links(lead) \
                and not node.children:
            self.skipped["table-of-contents entries"] += 1
            return
        standalone = [c for c in node.children if _standalone(c)]
        lead_ids = _ids(lead)
        lead_title, how = _title_candidate(lead) if lead else (None, "none")
        if not standalone:
            segments = [seg for _, seg in _subtree_segments(node)]
            self.entries.append(Entry(segments or [[]], node.line, path, aside))
            return
        if lead_ids or (lead_title and how in ("strong", "link") and _links(lead)):
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
            starts = bool(_strong_runs(ln)) or any(not s.bare and _is_title(_tidy_title(s.text)) for s in _links(ln))
            if not groups or (starts and any(_ids(seg) or _title_candidate(seg)[0] for seg in groups[-1])
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
        if path in self.categories:
            return self.categories[path].id
        parts = [p for p in path if p]
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
        self.categories[path] = ImportedCategory(cid, label, line)
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
                    _fill(paper, read[m][1])
            if len(members) > 1:
                self.skipped["entries listing a paper again"] += len(members) - 1
            papers.append((min(members), paper))
        papers.sort(key=lambda x: x[0])
        result = [p for _, p in papers]
        for p in result:
            p.category = self.category(self.paths[id(p)], p.line)
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
        spans = [s for seg in segments for s in seg]
        if entry.cells is not None:
            return self.read_row(entry)
        links = _links(spans)
        usable: list[tuple[Span, str]] = []
        for s in links:
            if (s.href or "").startswith("#"):
                continue
            url = repair_url(s.href or "")
            if url:
                usable.append((s, url))
        ids = [i for _, u in usable for i in identifiers_in_url(u)]
        lead = segments[0] if segments else []
        title, how = (entry.given_title, "given") if entry.given_title else _title_candidate(lead)
        if title is None:
            for seg in segments[1:]:
                t, h = _title_candidate(seg)
                if t and h in ("strong", "link") and not AUTHOR_LINE_RE.match(_plain(seg)):
                    title, how = t, h
                    break
        paper_links = [u for s, u in usable if classify_link(s.text, u) == "paper"]
        if not ids:
            if title is None:
                if paper_links:
                    self.report(entry.line, "a paper link without a title: add the title, or link an arXiv/DOI page")
                else:
                    self.skipped["no paper link (code, models, data, tools or other pages)"] += 1
                return None, 0
            _, year, venue = _venue_year(spans, title)
            if entry.aside:  # news and introductions: only what an identifier names
                if usable:
                    self.skipped["news or introduction lines without an identifier"] += 1
                return None, 0
            if not (paper_links or (year and venue and how in ("strong", "link", "given"))):
                self.skipped["no paper link (code, models, data, tools or other pages)"] += 1
                return None, 0
        if title is None:
            first = ids[0]
            title = {"arxiv": "arXiv:", "doi": "doi:", "openreview": "OpenReview:", "s2": "S2:", "acl": "ACL:",
                     "pmid": "PMID:", "pmcid": "PMCID:"}.get(first.kind, "") + first.value
            provisional = True
        else:
            provisional = False
            title = _strip_venue_suffix(title)
        paper = ImportedPaper(title=title, category="", line=entry.line, provisional_title=provisional)
        self.paths[id(paper)] = entry.path
        for s, url in usable:
            if s.bare and AUTHOR_LINE_RE.match(s.text):
                continue
            kind = "paper" if (how == "link" and _tidy_title(s.text) == title) else classify_link(s.text, url)
            if kind == "paper" and any(i.kind in ("arxiv", "doi") for i in identifiers_in_url(url)) \
                    and "paper" in paper.links and not identifiers_in_url(paper.links["paper"]):
                paper.links["paper"] = url  # an identifier link beats a plain page
            paper.links.setdefault(kind, url)
        for s in links:
            if s.href and not s.href.startswith("#") and repair_url(s.href) is None and \
                    not re.match(r"^[\w./-]+$", s.href):
                self.report(entry.line, f"link {s.href[:60]!r} dropped: not an http(s) address")
        for ident in ids:
            key = ident.key
            if key not in paper.identities:
                paper.identities.append(key)
            if ident.kind in ("arxiv", "doi", "openreview", "s2") and getattr(paper, ident.kind) is None:
                setattr(paper, ident.kind, ident.value)
        if not ids and paper_links:
            paper.identities.append(("link", paper_links[0].rstrip("/").lower()))
        remark = REMARK_RE.search(_plain(spans, links=False))
        tags = [t for t in _bracket_tags(lead) if not YEAR_RE.search(t) and not re.search(r"['’]\s?\d\d\b", t)
                and _is_title(t) and len(t) <= 30]
        if remark:
            paper.remark = _clean(remark.group(1)) or None
        elif tags and how != "strong":
            paper.remark = tags[0]
        elif how == "link":
            before = []
            for s in lead:
                if s.kind == "link":
                    break
                before.append(s.text if s.kind == "text" else "")
            name = _tidy_title("".join(before))
            if name and len(name) <= 40 and "".join(before).rstrip().endswith((":", "：")) and _is_title(name) \
                    and not DATE_TAG_RE.match("".join(before)):
                paper.remark = name
        paper.year, paper.venue = _venue_year(spans, title)[1:]
        _year_from_context(paper, entry.path)
        paper.authors = _authors(segments, title)
        quality = (3 if how in ("strong", "link", "given") else 1 if how == "plain" else 0) * 100 \
            + min(len(title.split()), 30) + (5 if paper.venue else 0)
        return paper, quality

    def read_row(self, entry: Entry) -> tuple[ImportedPaper | None, int]:
        cells = entry.cells or []
        header = entry.header or []
        spans = [s for c in cells for s in c]
        usable = [(s, repair_url(s.href or "")) for s in _links(spans) if not (s.href or "").startswith("#")]
        usable = [(s, u) for s, u in usable if u]
        ids = [i for _, u in usable for i in identifiers_in_url(u)]

        def col(pattern: str) -> int | None:
            return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)

        title_col = col(r"\btitles?\b")
        if title_col is None:
            title_col = col(r"\bpapers?\b")
        name_col = col(r"\b(name|abbr|short|model|method|acronym)\b")
        year_col = col(r"\b(year|date|time)\b")
        venue_col = col(r"\b(venue|conference|conf|journal|published|publication|source|where)\b")
        author_col = col(r"\bauthors?\b")
        title = None
        if title_col is not None and title_col < len(cells):
            title = _tidy_title(_plain(cells[title_col]))
            if not _is_title(title):
                title = None
            # a row with a cell left out shifts its columns: a much longer title-like cell is the title
            longest = max(((_tidy_title(_plain(c)), i) for i, c in enumerate(cells) if i != title_col),
                          key=lambda x: len(x[0].split()), default=("", -1))
            if title and len(longest[0].split()) >= max(5, 3 * len(title.split())) and _is_title(longest[0]) \
                    and not _looks_like_authors(longest[0]) and (not cells[-1] or len(cells) < len(header)):
                title = longest[0]
        if title is None:
            skip = {year_col, venue_col, author_col}
            texts = [(_tidy_title(_plain(c)), i) for i, c in enumerate(cells) if i not in skip]
            texts = [(t, i) for t, i in texts if _is_title(t) and not YEAR_RE.fullmatch(t)]
            if texts and (ids or title_col is not None or header == []):
                title = max(texts, key=lambda x: (len(x[0].split()), -x[1]))[0]
        if not ids:
            paper_like = any(classify_link(s.text, u) == "paper" for s, u in usable)
            dated = any(YEAR_RE.search(_plain(c)) for c in cells) and (
                venue_col is not None or any(VENUE_WORDS.search(_plain(c)) for c in cells))
            if title_col is None or title is None or not (paper_like or dated):
                self.skipped["table rows without a paper"] += 1
                return None, 0
        provisional = title is None
        if title is None:
            title = f"{ids[0].kind}:{ids[0].value}" if ids[0].kind != "arxiv" else f"arXiv:{ids[0].value}"
        paper = ImportedPaper(title=title, category="", line=entry.line, provisional_title=provisional)
        self.paths[id(paper)] = entry.path
        for i, cell in enumerate(cells):
            for s in _links(cell):
                url = repair_url(s.href or "")
                if not url or (s.href or "").startswith("#"):
                    continue
                kind = "paper" if i == title_col else classify_link(s.text, url)
                paper.links.setdefault(kind, url)
        for ident in ids:
            if ident.key not in paper.identities:
                paper.identities.append(ident.key)
            if ident.kind in ("arxiv", "doi", "openreview", "s2") and getattr(paper, ident.kind) is None:
                setattr(paper, ident.kind, ident.value)
        if not ids:
            paper_links = [u for _, u in usable if is_paper_like_url(u)]
            if paper_links:
                paper.identities.append(("link", paper_links[0].rstrip("/").lower()))
        if name_col is not None and name_col != title_col and name_col < len(cells):
            name = _tidy_title(_plain(cells[name_col]))
            if name and len(name) <= 40 and _is_title(name) and name != title:
                paper.remark = name
        if year_col is not None and year_col < len(cells):
            m = YEAR_RE.search(_plain(cells[year_col]))
            paper.year = int(m.group(1)) if m else None
        if venue_col is not None and venue_col < len(cells):
            venue = _plain(cells[venue_col])
            m = YEAR_RE.findall(venue)
            if m and paper.year is None:
                paper.year = int(m[-1])
            venue = _tidy_title(YEAR_RE.sub(" ", venue)).strip(" ,'’-()")
            paper.venue = venue if venue and _venue_ok(venue) else None
        if paper.venue is None and paper.year is None:
            for cell in cells:  # columns shifted: a short cell with a venue and a year
                text = _plain(cell)
                m = YEAR_RE.findall(text)
                if m and len(text.split()) <= 5 and VENUE_WORDS.search(text):
                    paper.year = int(m[-1])
                    paper.venue = _tidy_title(YEAR_RE.sub(" ", text)).strip(" ,'’-()") or None
                    break
        _year_from_context(paper, entry.path)
        if author_col is not None and author_col < len(cells):
            paper.authors = _split_authors(_plain(cells[author_col]))
        return paper, 300 + min(len(title.split()), 30)


def _strip_venue_suffix(title: str) -> str:
    """``Title (AAAI 2023)`` → ``Title``: a venue and year written inside the bold title are not part of it."""
    m = re.search(r"\s*[(\[]([^()\[\]]{0,60}\b(?:19|20)\d\d\b[^()\[\]]{0,20})[)\]]\s*\.?$", title)
    if m and len(title[: m.start()].split()) >= 2:
        return title[: m.start()].rstrip(" .,;:-")
    return title


def _year_from_context(paper: ImportedPaper, path: tuple[str, ...]) -> None:
    """A paper without a year takes it from a heading that names one (``## 2021``, ``### ICML 2025``, with the
    venue too), else from its arXiv id."""
    if paper.year is not None:
        return
    for label in reversed(path):
        m = re.fullmatch(r"(?:(.{1,40}?)[\s,'’]+)?((?:19|20)\d\d)", (label or "").strip())
        if m:
            paper.year = int(m.group(2))
            if paper.venue is None and m.group(1) and VENUE_WORDS.search(m.group(1)):
                paper.venue = m.group(1).strip()
            return
    if paper.arxiv:
        ym = arxiv_year_month(paper.arxiv)
        paper.year = int(ym[:4]) if ym else None


def _venue_ok(venue: str) -> bool:
    if MONTH_RE.fullmatch(venue) or NULLISH_RE.match(venue):
        return False
    return 1 <= len(venue) <= 80 and not is_label(venue) or bool(VENUE_WORDS.search(venue))


def _venue_year(spans: list[Span], title: str | None) -> tuple[str | None, int | None, str | None]:
    """Year and venue from the text of an entry other than its title, links and authors."""
    text_parts: list[str] = []
    pieces: list[tuple[str, str]] = []  # (how, text): code, em, paren, bracket, plain
    date_year = None
    for s in spans:
        if s.kind == "text":
            text_parts.append(s.text)
            if s.code and s.text.strip():
                pieces.append(("code", s.text))
            elif s.em and s.text.strip():
                pieces.append(("em", s.text))
                if _looks_like_authors(YEAR_RE.sub("", s.text)):
                    text_parts[-1] = " \x01 "  # *Authors*: not venue text
            elif s.strong:
                text_parts[-1] = " \x00 " if title and _tidy_title(s.text) and _tidy_title(s.text) in title else s.text
        elif s.kind == "link":
            if not s.bare and title and _tidy_title(s.text) == title:
                text_parts.append(" \x00 ")
            elif not s.bare and re.search(r"\d{4}", s.text) and not is_label(re.sub(r"\d{4}", "", s.text)):
                text_parts.append(f" [{s.text}] ")
            else:
                text_parts.append(" \x01 ")
        elif s.kind == "break":
            text_parts.append(" \x01 ")
    text = "".join(text_parts)
    if title:
        text = text.replace(title, " \x00 ", 1)
    text = SHORT_YEAR_RE.sub(_expand_short_year, text)
    # a leading date tag: [2023/10], 【2024-05】, [07th Aug., 2025]
    m = DATE_TAG_RE.match(_clean(text.replace("\x00", " ").replace("\x01", " ")))
    if m and YEAR_RE.search(m.group(1) or "") and len(m.group(1)) <= 20 and \
            not VENUE_WORDS.search(m.group(1)):
        date_year = int(YEAR_RE.search(m.group(1)).group(1))
    remark = REMARK_RE.search(text)
    if remark:
        text = text[: remark.start()]
    for m in re.finditer(r"\(([^()]{1,80})\)", text):
        pieces.append(("paren", m.group(1)))
    for m in re.finditer(r"[\[【]([^\[\]【】]{1,80})[\]】]", text):
        pieces.append(("bracket", m.group(1)))
    # plain pieces: what is left outside *authors*, links and the title, split at commas, full stops and dashes
    plain = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)
    for chunk in re.split(r"[\x00\x01]", plain):
        for piece in re.split(r",|(?<![A-Z])\.(?:\s|$)|\s[-–—|]\s", chunk):
            if piece.strip():
                pieces.append(("plain", piece))
    em_texts = {p for how, p in pieces if how == "em"}
    order = {"code": 0, "paren": 1, "em": 2, "bracket": 3, "plain": 4}
    with_year = [(order[how], n, how, p) for n, (how, p) in enumerate(pieces) if YEAR_RE.search(p)
                 and not (how == "em" and _looks_like_authors(p))]
    year = date_year
    venue = None
    if with_year:
        with_year.sort()
        _, n, how, piece = with_year[0]
        years = YEAR_RE.findall(piece)
        if len(years) > 1 and re.search(r"[,;]", piece):  # "arXiv 2019, ICLR 2020": where it was published
            piece = next(p for p in reversed(re.split(r"[,;]", piece)) if years[-1] in p)
        if not (how == "bracket" and date_year is not None and YEAR_RE.search(piece)
                and str(date_year) in piece and DATE_TAG_RE.match(f"[{piece}]") and not VENUE_WORDS.search(piece)):
            year = int(years[-1])  # the venue's year, over a date tag (which is when it appeared)
        rest = _tidy_title(YEAR_RE.sub(" ", piece)).strip(" ,-()`'’/")
        rest = re.sub(r"^(?:in|at|accepted (?:by|at|to)|published (?:in|at))\s+", "", rest, flags=re.I)
        if how == "bracket" and DATE_TAG_RE.match(f"[{piece}]") and year == date_year and \
                not VENUE_WORDS.search(piece) and not re.search(r"[A-Za-z]{3,}", YEAR_RE.sub("", piece)
                                                                 .replace("th", "")):
            rest = ""
        if rest and len(rest.split()) <= 8 and not _looks_like_authors(rest) and \
                not MONTH_RE.fullmatch(rest) and \
                not re.fullmatch(r"[\d/.\-\s]+", rest):
            venue = rest
        elif how == "plain":
            for j in (n + 1, n - 1):  # the seed's "Title , 2024 , Venue" and "…, CVPR , 2016"
                if 0 <= j < len(pieces) and pieces[j][0] == "plain":
                    cand = _tidy_title(pieces[j][1]).strip(" ,-()`")
                    if cand and not YEAR_RE.search(cand) and len(cand.split()) <= 6 and \
                            not _looks_like_authors(cand):
                        venue = cand
                        break
        elif how == "bracket":
            for how2, p in pieces:
                if how2 == "bracket" and p != piece and YEAR_RE.search(p):
                    cand = _tidy_title(YEAR_RE.sub(" ", p)).strip(" ,-()`")
                    if cand and len(cand.split()) <= 8:
                        venue = cand
                        break
    if venue is None:
        named = [p for how, p in pieces if how in ("code", "em", "plain") and VENUE_WORDS.search(p)
                 and len(p.split()) <= 6 and not _looks_like_authors(p) and not (title and p.strip() in title)]
        if named:
            venue = _tidy_title(named[0]).strip(" ,-()`") or None
        elif not with_year:
            # the seed's "**Title** , Venue [[paper](…)]" with the year missing
            plain_pieces = [_tidy_title(p).strip(" -()`") for how, p in pieces if how == "plain"]
            plain_pieces = [p for p in plain_pieces if p]
            if plain_pieces and len(plain_pieces[0].split()) <= 3 and not _looks_like_authors(plain_pieces[0]) \
                    and "," in text.split("\x00")[-1][:4] and not em_texts:
                venue = plain_pieces[0]
    if venue is not None and (not _venue_ok(venue) or venue == title):
        venue = None
    return None, year, venue


SHORT_YEAR_RE = re.compile(r"\b([A-Za-z][A-Za-z&-]{1,15})\s?['’]\s?(\d{2})\b")


def _expand_short_year(m: re.Match) -> str:
    """``CVPR' 14`` → ``CVPR 2014``; ``NIPS'99`` → ``NIPS 1999``."""
    yy = int(m.group(2))
    return f"{m.group(1)} {2000 + yy if yy <= 40 else 1900 + yy}"


def _looks_like_authors(text: str) -> bool:
    """A list of people's names: ``A Oord et al``, ``Doe, J., Roe, R.``, ``Jane Doe, John Roe and Ann Lee``."""
    text = text.strip()
    if re.match(r"^[\w\s()-]{1,20}[:：]", text) and not AUTHOR_LINE_RE.match(text):
        return False  # "Key: …", "ExpEnv: …": a labelled note, not names
    if re.search(r"\bet al\b", text):
        return True
    if text.count(",") >= 2 and not re.search(r"\d", text):
        tokens = [w for w in re.split(r"[\s,;&]+", text) if w and w.lower() not in ("and", "...", "…")]
        capital = sum(1 for w in tokens if w[:1].isupper())
        if tokens and capital >= 0.7 * len(tokens):
            return True
    words = [w for w in re.split(r"[\s,;&]+|\band\b", text) if w]
    if len(words) >= 2 and "," in text and all(NAME_TOKEN_RE.match(w) for w in words) and \
            not VENUE_WORDS.search(text):
        return True
    return False


def _split_authors(text: str) -> tuple[str, ...]:
    text = re.sub(r"^\W*(?:authors?|author\(s\)|by)\s*\W*[:：]\s*", "", _clean(text), flags=re.I).strip(" .;")
    if not text or len(text) > 2000:
        return ()
    if len(re.findall(r"\sand\s", text)) >= 1 and all(p.count(",") == 1 for p in re.split(r"\sand\s", text)
                                                       if "others" not in p):
        # BibTeX style: "Scarselli, Franco and Gori, Marco and others"
        names = [p.strip(" .*") for p in re.split(r"\sand\s", text)]
        return tuple(" ".join(reversed([x.strip() for x in n.split(",", 1)])) for n in names
                     if n and n != "others")[:100]
    sep = ";" if ";" in text else ","
    parts = [p.strip(" .*") for p in re.split(rf"{sep}|\band\b|&", text)]
    parts = [p for p in parts if p]
    if any(re.fullmatch(r"(?:[A-Z]\.\s?)+[A-Z]?\.?", p) for p in parts):  # "Mo, S., Tian, Y." → pairs
        paired, i = [], 0
        while i < len(parts):
            if i + 1 < len(parts) and re.fullmatch(r"(?:[A-Z]\.\s?-?)+[A-Z]?\.?", parts[i + 1]):
                paired.append(f"{parts[i]}, {parts[i + 1]}")
                i += 2
            else:
                paired.append(parts[i])
                i += 1
        parts = paired
    parts = [re.sub(r"\s*\(.*$", "", p).strip() for p in parts]
    parts = [p for p in parts if p and p not in ("...", "…", "et al") and len(p) <= 80 and re.search(r"[^\W\d_]", p)]
    return tuple(parts[:100])


def _authors(segments: list[list[Span]], title: str) -> tuple[str, ...]:
    """Authors where the entry marks them: an ``Author(s):`` line, italic names, or a line of names."""
    for seg in segments:
        plain = _plain(seg, links=False)
        if AUTHOR_LINE_RE.match(plain):
            return _split_authors(plain)
    for seg in segments:
        for s in seg:
            if s.kind == "text" and s.em and _looks_like_authors(YEAR_RE.sub("", s.text)):
                return _split_authors(s.text)
    for seg in segments[1:]:
        if _links(seg):
            continue
        plain = _plain(seg)
        core = re.sub(r"\([^()]*\)|\*", "", plain).strip(" .")
        if core and _looks_like_authors(core) and core not in title:
            return _split_authors(core)
    return ()


def _fill(paper: ImportedPaper, other: ImportedPaper) -> None:
    """Complete ``paper`` with what a duplicate entry of it knows."""
    for key in ("year", "venue", "arxiv", "doi", "openreview", "s2", "remark"):
        if getattr(paper, key) is None and getattr(other, key) is not None:
            setattr(paper, key, getattr(other, key))
    if not paper.authors and other.authors:
        paper.authors = other.authors
    if paper.provisional_title and not other.provisional_title:
        paper.title, paper.provisional_title = other.title, False
    for kind, url in other.links.items():
        paper.links.setdefault(kind, url)
    for key in other.identities:
        if key not in paper.identities:
            paper.identities.append(key)


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
