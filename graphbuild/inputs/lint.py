"""Lint a paper list as its maintainer would check it by hand: the same paper listed twice, identifiers that are
malformed, entries with no identifier, categories of one paper or whose names differ only in case or punctuation;
and, from what the sources said (the cache of a build), titles that disagree with the paper their identifier
names (the link points at another paper), identifiers no source knows, and papers a source says were retracted
or withdrawn (OpenAlex's ``is_retracted``; Semantic Scholar's API says nothing of it).

Every finding names its file and line. Errors make ``graphbuild lint`` exit 1 (for a pull request's check);
warnings are for the maintainer to judge. An awesome list may list a paper under two sections on purpose, so a
repeat there is a warning; in a bibliography or papers.yaml it is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog import Catalog
from ..ids import CATALOG_ID_KINDS, IDENTIFIER_KINDS, normalize_title, titles_agree
from .result import ImportResult

ERROR, WARNING = "error", "warning"
# an arXiv or DOI link as lists write them, to check what follows is an identifier
ARXIV_LINK_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^\s)\]>\"'#?{},;|]+)", re.I)
DOI_LINK_RE = re.compile(r"(?<![\w.])(?:dx\.)?doi\.org/([^\s)\]>\"'#?{}|]+)", re.I)
PROBLEM_RE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<message>.*)$", re.S)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    severity: str  # error or warning
    code: str  # a short name for the rule: duplicate, malformed-id, no-identifier, ...
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.code}]"

    def github(self) -> str:
        """A GitHub Actions workflow command: an annotation on the line in a pull request's diff."""
        def prop(value: str) -> str:
            return _escape(value).replace(":", "%3A").replace(",", "%2C")

        where = f"file={prop(self.file)},line={self.line},title={prop('graphbuild lint: ' + self.code)}"
        return f"::{self.severity} {where}::{_escape(self.message)}"


def _escape(text: str) -> str:
    """Workflow-command data escaping (%, CR, LF), so a list's text never becomes a second command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _short(title: str, most: int = 70) -> str:
    return title if len(title) <= most else title[: most - 1].rstrip() + "…"


def _category_key(label: str) -> str:
    return re.sub(r"[\W_]+", "", label.casefold())


# --- the list as an importer read it (Markdown, BibTeX, RIS, CSL-JSON, ids) ----------------------------------------

def lint_import(result: ImportResult, name: str, text: str, fmt: str) -> list[Finding]:
    """The findings of a list read by :func:`graphbuild.inputs.read` (``text``: the file, for its links)."""
    out: list[Finding] = []
    for problem in result.problems:
        m = PROBLEM_RE.match(problem)
        out.append(Finding(m["file"], int(m["line"]), ERROR, "unreadable-entry", m["message"]) if m else
                   Finding(name, 0, ERROR, "unreadable-entry", problem))
    for note in result.notes:
        m = PROBLEM_RE.match(note)
        if m:
            out.append(Finding(m["file"], int(m["line"]), WARNING, "check", m["message"]))
    repeat = WARNING if fmt == "markdown" else ERROR
    titles = {p.line: p.title for p in result.papers}
    for kept, others in result.repeats:
        for line in others:
            out.append(Finding(name, line, repeat, "duplicate",
                               f"lists again the paper of line {kept} ('{_short(titles.get(kept, ''))}')"
                               + (": on purpose, under another section?" if fmt == "markdown" else "")))
    out += _same_titles(name, [(p.line, p.title, p.year, p.provisional_title) for p in result.papers])
    for paper in result.papers:
        if _unidentified(paper):
            out.append(_no_identifier(name, paper.line, f"'{_short(paper.title)}'"))
        elif paper.provisional_title:
            out.append(Finding(name, paper.line, WARNING, "no-title",
                               f"gives only an identifier ({paper.title}): the build names it from a source"))
    out += _malformed_links(name, text)
    counts: dict[str, int] = {}
    for paper in result.papers:
        counts[paper.category] = counts.get(paper.category, 0) + 1
    out += _categories(name, [(c.id, c.label, c.line) for c in result.categories], counts)
    return sorted(set(out), key=lambda f: (f.file, f.line, f.code, f.message))


def _unidentified(paper) -> bool:
    """No identifier of any kind, and no paper link (an imported entry or a catalog paper alike)."""
    return not any(getattr(paper, kind) for kind in CATALOG_ID_KINDS) and not paper.links.get("paper")


def _no_identifier(name: str, line: int, who: str) -> Finding:
    return Finding(name, line, WARNING, "no-identifier",
                   f"{who} has no arXiv id, DOI or paper link: a source can find it by its title only")


def _same_titles(name: str, papers: Iterable[tuple[int, str, int | None, bool]]) -> list[Finding]:
    """Two entries with one title and year that no identifier joined: one paper under two identifiers?"""
    first: dict[tuple[str, int | None], int] = {}
    out = []
    for line, title, year, provisional in papers:
        key = (normalize_title(title), year)
        if provisional or len(key[0]) < 12:  # an identifier, or a title too short to tell papers apart
            continue
        if key in first:
            out.append(Finding(name, line, ERROR, "duplicate",
                               f"has the title and year of line {first[key]} ('{_short(title)}') under another "
                               "identifier: one paper listed twice, or a link to the wrong paper?"))
        else:
            first[key] = line
    return out


def _malformed_links(name: str, text: str) -> list[Finding]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        for m in ARXIV_LINK_RE.finditer(line):
            raw = re.sub(r"\.pdf$", "", m.group(1).rstrip("."), flags=re.I)
            if IDENTIFIER_KINDS["arxiv"].normalize(raw) is None:
                out.append(Finding(name, number, ERROR, "malformed-id",
                                   f"'{raw[:40]}' in an arXiv link is not an arXiv id "
                                   f"({IDENTIFIER_KINDS['arxiv'].expected})"))
        for m in DOI_LINK_RE.finditer(line):
            raw = m.group(1).rstrip(".,;")
            if IDENTIFIER_KINDS["doi"].normalize(raw) is None:
                out.append(Finding(name, number, ERROR, "malformed-id",
                                   f"'{raw[:40]}' in a doi.org link is not a DOI "
                                   f"({IDENTIFIER_KINDS['doi'].expected})"))
    return out


def _categories(name: str, categories: list[tuple[str, str, int]], counts: dict[str, int]) -> list[Finding]:
    out = []
    seen: dict[str, tuple[str, int]] = {}
    for cid, label, line in categories:
        key = _category_key(label)
        if key and key in seen and seen[key][0] != label:
            out.append(Finding(name, line, WARNING, "category-name",
                               f"category '{label}' differs from '{seen[key][0]}' (line {seen[key][1]}) only in case "
                               "or punctuation: one category?"))
        seen.setdefault(key, (label, line))
        if counts.get(cid) == 1:
            out.append(Finding(name, line, WARNING, "category-of-one",
                               f"category '{label}' holds one paper: merge it into another?"))
    return out


# --- papers.yaml --------------------------------------------------------------------------------------------------

def lint_catalog(catalog: Catalog) -> list[Finding]:
    """The findings of a valid papers.yaml (an invalid one is reported by the catalog's own validator)."""
    name = str(catalog.path)
    out: list[Finding] = []
    owner: dict[tuple[str, str], tuple[str, int]] = {}
    for paper in catalog.papers:
        for kind in CATALOG_ID_KINDS:
            value = getattr(paper, kind)
            if not value:
                continue
            key = (kind, value.lower())
            if key in owner and owner[key][0] != paper.id:
                out.append(Finding(name, paper.line, ERROR, "duplicate",
                                   f"paper '{paper.id}' has the {IDENTIFIER_KINDS[kind].name} {value} of "
                                   f"'{owner[key][0]}' (line {owner[key][1]}): one paper listed twice"))
            owner.setdefault(key, (paper.id, paper.line))
    out += _same_titles(name, [(p.line, p.title, p.year, p.title_is_provisional) for p in catalog.papers])
    for paper in catalog.papers:
        if _unidentified(paper):
            out.append(_no_identifier(name, paper.line, f"paper '{paper.id}'"))
    counts: dict[str, int] = {}
    for paper in catalog.papers:
        counts[paper.category] = counts.get(paper.category, 0) + 1
        # a category above it holds it too: a parent with one subcategory is not "of one paper"
    out += _categories(name, [(c.id, c.label, c.line) for c in catalog.categories.values()
                              if not any(o.parent == c.id for o in catalog.categories.values())], counts)
    return sorted(set(out), key=lambda f: (f.file, f.line, f.code, f.message))


def lint_against_sources(catalog: Catalog, readings) -> list[Finding]:
    """What the sources' answers (a build's cache: ``readings``) say against the list: a title that is not the
    title of the paper its identifier names (the link points at another paper), an identifier no source knows, a
    paper retracted or withdrawn."""
    name = str(catalog.path)
    out: list[Finding] = []
    by_id = {p.id: p for p in catalog.papers}
    told: dict[str, list[tuple[str, str | None]]] = {}
    retracted: dict[str, list[str]] = {}
    for source, reading in readings.items():
        for pid, work in reading.works.items():
            told.setdefault(pid, []).append((source, work.title if work is not None else None))
            if work is not None and work.retracted:
                retracted.setdefault(pid, []).append(source)
    from ..sources import titles

    names = titles()
    for pid, sources in sorted(retracted.items()):
        listed = by_id.get(pid)
        if listed is not None:
            who = ", ".join(names.get(s, s) for s in sources)
            out.append(Finding(name, listed.line, WARNING, "retracted",
                               f"paper '{pid}' was retracted or withdrawn ({who} says so): keep it only with a "
                               "remark that says why"))
    for pid, said in sorted(told.items()):
        paper = by_id.get(pid)
        if paper is None or not any(getattr(paper, kind) for kind in CATALOG_ID_KINDS):
            continue
        known = [(s, t) for s, t in said if t]
        if not known and all(t is None for _, t in said):
            asked = ", ".join(names.get(s, s) for s, _ in said)
            out.append(Finding(name, paper.line, WARNING, "unknown-id",
                               f"paper '{pid}': no source knows its identifier ({asked} asked): a typo, or too new?"))
            continue
        if paper.title and not paper.title_is_provisional and known and \
                not any(titles_agree(paper.title, t) for _, t in known):
            source, title = known[0]
            out.append(Finding(name, paper.line, ERROR, "wrong-paper",
                               f"paper '{pid}' is titled '{_short(paper.title)}' but its identifier names "
                               f"'{_short(title or '')}' ({names.get(source, source)}): a link to another paper?"))
    return out
