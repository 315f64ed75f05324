"""The reading list: categories and papers loaded from papers.yaml, validated with line numbers.

papers.yaml is written by people, so loading is strict and talkative: every problem in the file is collected and
reported at once as ``papers.yaml:LINE: paper 'ID': what is wrong`` (see :class:`InvalidCatalog`).

The file is parsed with PyYAML's *safe* composer and the scalars are read from the node tree as the text the user
typed. That sidesteps YAML 1.1 typing (an unquoted arXiv id ``2110.13900`` would otherwise load as the float
``2110.139``; ``no`` would become ``False``) and keeps a line number for every value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .ids import (  # noqa: F401  (normalize_* re-exported: catalog.normalize_arxiv)
    CATALOG_ID_KINDS,
    IDENTIFIER_KINDS,
    PROVISIONAL_TITLE_RE,
    arxiv_year_month,
    is_provisional_title,
    normalize_arxiv,
    normalize_doi,
    s2_lookup_id,
)

CATEGORY_KEYS = {"id", "label", "color", "parent"}
PAPER_KEYS = {
    "id", "title", "category", "year", "venue", *CATALOG_ID_KINDS, "first_appeared", "authors", "links", "remark",
    "notes", "cites",
}
LINK_KEYS = {"paper", "code", "project"}
CITE_KEYS = {"id", "evidence", "confidence"}
CONFIDENCE_LEVELS = {"high", "medium", "low"}
TOP_KEYS = {"title", "description", "categories", "papers"}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(-(\d{2}))?$")
YAML_NULLS = {"", "~", "null", "Null", "NULL"}
# libyaml's safe loader when PyYAML was built with it (twice as fast on a 10,000-paper list); same nodes and marks
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Category:
    """A category of the list. ``parent`` makes the categories a tree (an awesome list's sections and their
    subsections: "6 Efficient Attention" → "6.1 Positional Encoding Variants"); the page draws a top-level
    category as a lane that opens into its children. ``color`` is the list's own, else one of the palette's
    (:mod:`graphbuild.palette`), given by :func:`parse_catalog` to each top-level category in order and inherited
    by its descendants."""

    id: str
    label: str
    color: str
    line: int = 0
    parent: str | None = None
    color_given: bool = True  # False: the palette's, not the list's


@dataclass(frozen=True)
class CuratedCitation:
    """A reference from one listed paper to another that a person checked."""

    target: str
    evidence: str | None = None
    confidence: str | None = None


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    category: str
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    s2: str | None = None
    openreview: str | None = None
    acl: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    first_appeared: str | None = None
    authors: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    remark: str | None = None
    notes: str | None = None
    cites: tuple[CuratedCitation, ...] = ()
    line: int = 0

    @property
    def first_appearance(self) -> str | None:
        """When the work first appeared, as ``YYYY-MM``: an explicit ``first_appeared``, else the arXiv id's YYMM.

        The list's ``year`` is the venue year; a paper posted on arXiv in 2023 and published at ICLR 2024 is listed
        as 2024, but on a timeline of who built on whom it belongs to 2023.
        """
        if self.first_appeared:
            return self.first_appeared[:7]
        return arxiv_year_month(self.arxiv) if self.arxiv else None

    @property
    def title_is_provisional(self) -> bool:
        """True when the title is only an identifier (``arXiv:2301.00001``, ``ACL:2023.acl-long.1``): the list gave
        no title, so the build shows the one a source knows."""
        return is_provisional_title(self.title)

    @property
    def identifiers(self) -> dict[str, str]:
        """Every identifier papers.yaml gives the paper, by kind (:data:`graphbuild.ids.IDENTIFIER_KINDS`)."""
        return {kind: value for kind in CATALOG_ID_KINDS if (value := getattr(self, kind))}

    @property
    def lookup_ids(self) -> list[str]:
        """The ids Semantic Scholar accepts for this paper, most precise first (its own id first)."""
        ids = self.identifiers
        order = sorted(ids, key=lambda kind: kind != "s2")
        return [i for kind in order if (i := s2_lookup_id(kind, ids[kind]))]


@dataclass
class Catalog:
    categories: dict[str, Category]
    papers: list[Paper]
    title: str | None = None
    description: str | None = None
    path: str = "papers.yaml"

    @property
    def by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    paper: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        who = f"paper '{self.paper}': " if self.paper else ""
        return f"{where}{who}{self.message}"


class InvalidCatalog(Exception):
    """papers.yaml cannot be used; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def root_category(categories: dict[str, Category], cid: str) -> str:
    """The top-level category above ``cid`` (itself when it has no parent; a circle stops where it closes)."""
    seen = {cid}
    while (parent := categories[cid].parent) in categories and parent not in seen:
        seen.add(parent)
        cid = parent
    return cid


def _with_palette(categories: dict[str, Category]) -> dict[str, Category]:
    """Give each category without a colour of its own the palette's: a top-level category the next palette colour
    (in the order the list declares them), a descendant the colour of its top-level category."""
    from .palette import category_colours

    roots = [cid for cid in categories if root_category(categories, cid) == cid]
    palette = category_colours(roots)
    out = {}
    for cid, category in categories.items():
        if category.color_given:
            out[cid] = category
            continue
        top = categories[root_category(categories, cid)]
        colour = top.color if top.color_given else palette.get(top.id, ("#999999", ""))[0]  # a circle: reported
        out[cid] = Category(category.id, category.label, colour, category.line, category.parent, False)
    return out


# --- loading -------------------------------------------------------------------------------------------------


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate papers.yaml; raise :class:`InvalidCatalog` listing every problem."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidCatalog([Problem(shown, 0, f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidCatalog(
            [Problem(shown, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None
    return parse_catalog(text, shown)


def parse_catalog(text: str, path: str = "papers.yaml") -> Catalog:
    """Parse papers.yaml text; the pure half of :func:`load_catalog` (``path`` is only used in messages)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidCatalog([Problem(path, 1, "the file is empty; expected 'categories:' and 'papers:'")])
    control = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if control:  # YAML refuses these; say where, in one line
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise InvalidCatalog([Problem(path, line, f"a control character (0x{ord(control.group()):02x}) at column "
                                                  f"{column}: remove it")])
    try:
        root = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise InvalidCatalog([Problem(path, line, f"YAML syntax error: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise InvalidCatalog([Problem(path, 0, "YAML error: " + " ".join(str(exc).split()))]) from None
    return _Validator(path).catalog(root)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.style in (None, "")  # a plain scalar: PyYAML says None, libyaml's composer says ""
        and node.tag == "tag:yaml.org,2002:null"
        and node.value in YAML_NULLS
    )


class _Validator:
    """Walks the YAML node tree, building the catalog and collecting problems instead of stopping at the first."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | int, message: str, paper: str | None = None) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.problems.append(Problem(self.path, line, message, paper))

    def items(self, node: yaml.MappingNode, what: str, paper: str | None = None) -> Iterator[tuple[str, yaml.Node]]:
        """Key/value pairs of a mapping, reporting duplicate and non-string keys (PyYAML keeps the last silently)."""
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, f"{what}: a key must be a plain name", paper)
                continue
            key = key_node.value
            if key in seen:
                self.problem(key_node, f"{what}: key '{key}' appears twice (first on line {seen[key]})", paper)
                continue
            seen[key] = _line(key_node)
            yield key, value_node

    def text(self, node: yaml.Node, what: str, paper: str | None = None) -> str | None:
        """A non-empty single-line-or-more string, or None (after reporting) when it is not one."""
        if _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.problem(node, f"'{what}' must be text, not {kind}", paper)
            return None
        value = node.value.strip()
        if not value:
            return None
        if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
            self.problem(node, f"'{what}' contains a control character", paper)
            return None
        return value

    def catalog(self, root: yaml.Node | None) -> Catalog:
        if root is None or _is_null(root):
            raise InvalidCatalog([Problem(self.path, 1, "the file is empty; expected 'categories:' and 'papers:'")])
        if not isinstance(root, yaml.MappingNode):
            raise InvalidCatalog([Problem(self.path, _line(root),
                                          "expected a mapping with 'categories:' and 'papers:'")])
        sections = dict(self.items(root, "top level"))
        for key in sections:
            if key not in TOP_KEYS:
                self.problem(root, f"unknown top-level key '{key}' (expected one of: {', '.join(sorted(TOP_KEYS))})")
        title = self.text(sections["title"], "title") if "title" in sections else None
        description = self.text(sections["description"], "description") if "description" in sections else None
        categories = self.categories(sections.get("categories"), root)
        papers = self.papers(sections.get("papers"), root, categories)
        if self.problems:
            raise InvalidCatalog(self.problems)
        return Catalog(categories, papers, title, description, self.path)

    def categories(self, node: yaml.Node | None, root: yaml.Node) -> dict[str, Category]:
        categories: dict[str, Category] = {}
        if node is None or _is_null(node):  # a list without categories: every paper uncategorised
            return categories
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "'categories' must be a list of {id, label, color}")
            return categories
        parents: dict[str, yaml.Node] = {}
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                self.problem(item, "a category must be a mapping with id, label and color")
                continue
            fields = dict(self.items(item, "category"))
            cid = self.text(fields["id"], "id") if "id" in fields else None
            if cid is None:
                self.problem(item, "category without an 'id'")
                continue
            who = f"category '{cid}'"
            for key in fields:
                if key not in CATEGORY_KEYS:
                    self.problem(fields[key], f"{who}: unknown key '{key}' (expected id, label, color, parent)")
            if not ID_RE.match(cid):
                self.problem(fields["id"], f"{who}: id must be lower-case letters, digits, '.', '_' or '-'")
            label = self.text(fields["label"], "label") if "label" in fields else None
            color = self.text(fields["color"], "color") if "color" in fields else None
            if color is not None and not COLOR_RE.match(color):
                self.problem(fields["color"], f"{who}: color '{color}' is not #rrggbb (quote it: \"#1f77b4\")")
            parent = self.text(fields["parent"], "parent") if "parent" in fields else None
            if cid in categories:
                self.problem(item, f"{who}: declared twice (first on line {categories[cid].line})")
                continue
            if parent is not None:
                parents[cid] = fields["parent"]
            categories[cid] = Category(cid, label or cid, (color or "").lower(), _line(item), parent,
                                       color_given=color is not None)
        self.check_tree(categories, parents)
        return _with_palette(categories)

    def check_tree(self, categories: dict[str, Category], parents: dict[str, yaml.Node]) -> None:
        """Every parent is a declared category, and following parents never comes back (no circle)."""
        for cid, node in parents.items():
            parent = categories[cid].parent
            if parent == cid:
                self.problem(node, f"category '{cid}': is its own parent")
            elif parent not in categories:
                known = ", ".join(sorted(categories))
                self.problem(node, f"category '{cid}': unknown parent '{parent}' (declared: {known})")
        in_circle: set[str] = set()
        for cid in parents:
            chain, at = [cid], categories[cid].parent
            while at in categories and at != cid and at not in chain and len(chain) <= len(categories):
                chain.append(at)
                at = categories[at].parent
            if at == cid and len(chain) > 1 and not in_circle & set(chain):
                in_circle.update(chain)
                self.problem(parents[cid], f"category '{cid}': its parents run in a circle "
                                           f"({' → '.join([*chain, cid])})")

    def papers(self, node: yaml.Node | None, root: yaml.Node, categories: dict[str, Category]) -> list[Paper]:
        if node is None or _is_null(node):
            self.problem(root, "missing 'papers:' (the list of papers)")
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "'papers' must be a list")
            return []
        if not node.value:
            self.problem(node, "'papers' is empty")
        papers: list[Paper] = []
        first_line: dict[str, int] = {}
        cite_nodes: list[tuple[Paper, list[tuple[CuratedCitation, yaml.Node]]]] = []
        seen_ids: dict[tuple[str, str], tuple[str, int]] = {}
        for item in node.value:
            parsed = self.paper(item, categories)
            if parsed is None:
                continue
            paper, cites = parsed
            if paper.id in first_line:
                self.problem(item, f"duplicate id (first used on line {first_line[paper.id]})", paper.id)
                continue
            first_line[paper.id] = paper.line
            for kind, value in paper.identifiers.items():
                if kind == "openreview":
                    continue  # one forum can hold a paper's workshop and conference versions
                value = value.lower()
                other = seen_ids.get((kind, value))
                if other:
                    self.problem(item, f"{IDENTIFIER_KINDS[kind].name} {value} is also given for paper '{other[0]}' "
                                       f"(line {other[1]})", paper.id)
                else:
                    seen_ids[(kind, value)] = (paper.id, paper.line)
            papers.append(paper)
            cite_nodes.append((paper, cites))
        for paper, cites in cite_nodes:
            targets: set[str] = set()
            for cite, cite_node in cites:
                if cite.target == paper.id:
                    self.problem(cite_node, "'cites' names the paper itself", paper.id)
                elif cite.target not in first_line:
                    self.problem(cite_node, f"'cites' names unknown paper '{cite.target}'", paper.id)
                elif cite.target in targets:
                    self.problem(cite_node, f"'cites' names '{cite.target}' twice", paper.id)
                targets.add(cite.target)
        return papers

    def paper(self, item: yaml.Node, categories: dict[str, Category]):
        if not isinstance(item, yaml.MappingNode):
            self.problem(item, "a paper must be a mapping (id, title, category, ...)")
            return None
        fields = dict(self.items(item, "paper"))
        pid = self.text(fields["id"], "id") if "id" in fields else None
        if pid is None:
            title_node = fields.get("title")
            hint = f" (title: {title_node.value[:60]!r})" if isinstance(title_node, yaml.ScalarNode) else ""
            self.problem(item, f"paper without an 'id'{hint}")
            return None
        if not ID_RE.match(pid):
            self.problem(fields["id"], "id must be lower-case letters, digits, '.', '_' or '-'", pid)
        for key, value in fields.items():
            if key not in PAPER_KEYS:
                self.problem(value, f"unknown key '{key}' (expected one of: {', '.join(sorted(PAPER_KEYS))})", pid)

        def text(key: str) -> str | None:
            return self.text(fields[key], key, pid) if key in fields else None

        title = text("title")
        if title is None:
            self.problem(fields.get("title", item), "missing 'title'", pid)
        # no category: the paper is uncategorised (a .bib or a list of ids without keywords); `graphbuild audit`
        # proposes one from its citations
        category = None if "category" not in fields or _is_null(fields["category"]) else text("category")
        if category is not None and categories and category not in categories:
            known = ", ".join(sorted(categories))
            self.problem(fields["category"], f"unknown category '{category}' (declared: {known})", pid)
        year = self.year(fields.get("year"), pid)
        identifiers: dict[str, str | None] = {}
        for kind in CATALOG_ID_KINDS:
            raw = text(kind)
            if raw is not None:
                identifiers[kind] = IDENTIFIER_KINDS[kind].normalize(raw)
                if identifiers[kind] is None:
                    described = IDENTIFIER_KINDS[kind]
                    self.problem(fields[kind], f"malformed {described.name} '{raw}' ({described.expected})", pid)
        first = text("first_appeared")
        if first is not None:
            m = DATE_RE.match(first)
            if not m or not 1 <= int(m.group(2)) <= 12:
                self.problem(fields["first_appeared"],
                             f"'first_appeared' must be YYYY-MM or YYYY-MM-DD, not '{first}'", pid)
                first = None
        links = self.links(fields.get("links"), pid)
        authors = self.authors(fields.get("authors"), pid)
        cites = self.cites(fields.get("cites"), pid)
        paper = Paper(
            id=pid, title=title or "", category=category or "", year=year, venue=text("venue"), **identifiers,
            first_appeared=first, authors=authors, links=links,
            remark=text("remark"), notes=text("notes"), cites=tuple(c for c, _ in cites), line=_line(item),
        )
        return paper, cites

    def year(self, node: yaml.Node | None, pid: str) -> int | None:
        if node is None or _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode) or not re.fullmatch(r"\d{4}", node.value.strip()):
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            self.problem(node, f"'year' must be a four-digit year, not {shown!r}", pid)
            return None
        year = int(node.value)
        if not 1800 <= year <= 2100:
            self.problem(node, f"'year' {year} is out of range", pid)
            return None
        return year

    def links(self, node: yaml.Node | None, pid: str) -> dict[str, str]:
        if node is None or _is_null(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "'links' must be a mapping of paper/code/project to URLs", pid)
            return {}
        links = {}
        for key, value in self.items(node, "links", pid):
            if key not in LINK_KEYS:
                self.problem(value, f"unknown link '{key}' (expected paper, code, project)", pid)
                continue
            url = self.text(value, f"links.{key}", pid)
            if url is None:
                continue
            if not re.match(r"^https?://[^\s<>\"]+$", url):
                self.problem(value, f"links.{key} is not an http(s) URL: {url!r}", pid)
                continue
            links[key] = url
        return links

    def authors(self, node: yaml.Node | None, pid: str) -> tuple[str, ...]:
        if node is None or _is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "'authors' must be a list of names", pid)
            return ()
        names = (self.text(item, "authors", pid) for item in node.value)
        return tuple(name for name in names if name)

    def cites(self, node: yaml.Node | None, pid: str) -> list[tuple[CuratedCitation, yaml.Node]]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "'cites' must be a list of paper ids (or {id, evidence, confidence})", pid)
            return []
        cites: list[tuple[CuratedCitation, yaml.Node]] = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                target = self.text(item, "cites", pid)
                if target:
                    cites.append((CuratedCitation(target), item))
                continue
            if not isinstance(item, yaml.MappingNode):
                self.problem(item, "a 'cites' entry must be an id or {id, evidence, confidence}", pid)
                continue
            entry = dict(self.items(item, "cites", pid))
            for key, value in entry.items():
                if key not in CITE_KEYS:
                    self.problem(value, f"unknown key '{key}' in 'cites' (expected id, evidence, confidence)", pid)
            target = self.text(entry["id"], "cites.id", pid) if "id" in entry else None
            if target is None:
                self.problem(item, "a 'cites' entry without an 'id'", pid)
                continue
            evidence = self.text(entry["evidence"], "evidence", pid) if "evidence" in entry else None
            confidence = self.text(entry["confidence"], "confidence", pid) if "confidence" in entry else None
            if confidence is not None and confidence not in CONFIDENCE_LEVELS:
                self.problem(entry["confidence"], f"confidence must be high, medium or low, not '{confidence}'", pid)
                confidence = None
            cites.append((CuratedCitation(target, evidence, confidence), item))
        return cites
