"""An awesome list as a tree: sections, list items, block quotes, ``<details>`` blocks, tables and paragraphs, each
with its source line and its inline text as :class:`Span` pieces (plain, bold, italic, code, links, badges, line
breaks).

The Markdown is parsed by markdown-it-py (CommonMark plus GFM tables; block tokens keep their source lines) and its
HTML blocks by Python's HTML parser, so ``<details>/<summary>``, ``<table>``, ``<a href>``, ``<b>`` and ``<br>`` count
like their Markdown twins. Bare URLs and ``arXiv:ID`` mentions in text become links. Nothing here decides what a
paper is: that is :mod:`.markdown`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from ..ids import normalize_arxiv

SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
BARE_URL_HINT_RE = re.compile(r"://|www\.|arxiv|\.com/|\.co/|\.org/|\.net/", re.I)
BARE_URL_RE = re.compile(r"(?<![\w/@.])((?:https?://|www\.|(?:github\.com|gitlab\.com|huggingface\.co|arxiv\.org|"
                         r"doi\.org|openreview\.net)/)[^\s<>\"'`\]\[]+[^\s<>\"'`.,;:!?)\]\[])"
                         r"|(?<![\w/])(arXiv:\s?\d{4}\.\d{4,5}(?:v\d+)?)", re.I)
NOT_ENTRIES_SUMMARY_RE = re.compile(r"^(?:abstract|bibtex|citation|cite|tl;?dr|summary|intro|description|"
                                    r"motivation|method|results?|key ?(?:idea|points?)|notes?)\b", re.I)
# markdown-it stops reading the rest of a document once blocks nest past maxNesting (20 by default: a bullet outline
# ten levels deep); the limit is raised, and indentation deeper than MAX_INDENT columns (an outline nested more
# than sixty levels) is read as that deep, so its parser's recursion stays bounded. What is still cut is reported.
MAX_NESTING = 256
MAX_INDENT = 120
_MD = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
_LEADING = re.compile(r"^[ \t]+")
# Link targets are kept as written (our own repair_url checks them); markdown-it's percent-encoding would change
# what the maintainer typed and costs a third of the parse. validateLink still refuses javascript: and the like.
_MD.normalizeLink = lambda url: url.strip()  # type: ignore[method-assign]


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


def _clamped(lines: list[str]) -> tuple[str, int | None]:
    """The text with no line indented deeper than :data:`MAX_INDENT` columns, and the first line that was."""
    first = None
    out = []
    for n, line in enumerate(lines):
        m = _LEADING.match(line)
        if m and len(m.group(0).expandtabs(4)) > MAX_INDENT:
            first = first or n + 1
            line = " " * MAX_INDENT + line[m.end():]
        out.append(line)
    return "\n".join(out), first


def read_tokens(text: str) -> tuple[list, list[tuple[int, str]]]:
    """markdown-it's tokens of the whole document, and what could not be read as written, as (line, why)."""
    lines = text.split("\n")
    problems: list[tuple[int, str]] = []
    clamped, first = _clamped(lines)
    if first:
        problems.append((first, f"an outline nested deeper than {MAX_INDENT // 2} levels: its deeper levels are "
                                "read as that deep"))
    try:
        tokens = _MD.parse(clamped)
    except RecursionError:  # quotes inside quotes thousands deep: read it flat
        problems.append((1, "blocks nested too deeply to read as written: read without their nesting"))
        tokens = _MD.parse("\n".join(_LEADING.sub("", line).lstrip("> ") for line in lines))
    last = max((t.map[1] for t in tokens if t.map), default=0)
    content = [n for n, line in enumerate(lines) if line.strip()]
    if content and last <= content[-1]:
        problems.append((last + 1, f"blocks nested deeper than {MAX_NESTING} levels: the rest of the file, from this "
                                   "line, could not be read"))
    return tokens, problems


def parse_tree(text: str, problems: list[tuple[int, str]] | None = None) -> tuple[Node, list[str]]:
    """The document as a tree of nodes; also its source lines (for repairs that need the raw text). What could not
    be read as written is added to ``problems`` as (line, why)."""
    lines = text.split("\n")
    tokens, found = read_tokens(text)
    if problems is not None:
        problems.extend(found)
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
                add_block(Node("para", line, [Span("text", plain(spans), strong=True)]))
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
                    header = [plain(c).lower() for c in row_cells]
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
                        if NOT_ENTRIES_SUMMARY_RE.match(plain(event[1]).lstrip(" *_:-")):
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
                header = [plain(c).lower() for c in cells]
                continue
            stack[-1].children.append(Node("row", row_line, cells=cells, header=header))
        elif kind == "item":
            stack[-1].children.append(Node("item", event[2], event[1]))
        else:
            add_block(Node("para", event[2], event[1]))


def plain(spans: list[Span], links: bool = True) -> str:
    parts = []
    for s in spans:
        if s.kind == "text" or (links and s.kind == "link" and not s.bare):
            parts.append(s.text)
        elif s.kind == "break":
            parts.append(" ")
    return clean("".join(parts))


def clean(text: str) -> str:
    if text.isascii() and ":" not in text and "<" not in text and text.isprintable():
        return " ".join(text.split())
    text = SHORTCODE_RE.sub(" ", text)
    text = EMOJI_RE.sub(" ", text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = "".join(ch if ch.isprintable() or ch.isspace() else " " for ch in text)  # no control characters
    return " ".join(text.split())  # every kind of space and line break → one space


def links_in(spans: list[Span]) -> list[Span]:
    return [s for s in spans if s.kind == "link"]
