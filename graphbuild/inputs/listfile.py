"""Writing papers.yaml from an imported awesome list: a fresh file, or a merge into an existing one.

A merge must not cost the maintainer anything the markdown does not know: curated ``cites``, notes, hand-chosen
ids, comments and the order of the file. It therefore edits the existing YAML in place with ruamel.yaml's
round-trip mode (PyYAML drops comments), matching imported papers to existing ones by arXiv id, DOI, OpenReview id,
paper link or normalised title, and categories by where their papers already are. Papers that vanished from the
markdown are reported and only removed with ``prune``. The result is validated before it is written, atomically.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

from ..catalog import Catalog, load_catalog, parse_catalog
from ..files import write_atomic
from ..ids import CATALOG_ID_KINDS, normalize_title
from ..palette import PALETTE
from .result import IdPool, ImportedPaper, ImportResult, paper_id_for, with_ancestors

FIELDS = ("title", "year", "venue", *CATALOG_ID_KINDS, "remark")
PROVISIONAL_NOTE = "the list gives no title: graphbuild build shows the one Semantic Scholar knows"


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # paper id -> changed fields
    vanished: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    # gone from the list but holding hand-curated work (paper id -> what): kept without force, removed with it
    curated: dict[str, list[str]] = field(default_factory=dict)
    new_categories: list[str] = field(default_factory=list)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


# Plain scalars YAML reads as null or a boolean: an id spelled like one is written quoted, so "## Null" is the
# category "null", not a category without an id (numbers and dates are read as the text they are by the catalog).
_YAML_SPECIAL = re.compile(r"(?i)^(?:~|null|true|false|yes|no|on|off|y|n)$")


def _id(value: str) -> str:
    """An id as papers.yaml holds it: plain where YAML reads it as text, quoted where it would not."""
    return f'"{value}"' if _YAML_SPECIAL.match(value) else value


def render_catalog(result: ImportResult, source: str) -> str:
    """A new papers.yaml for an imported list (deterministic: list order). Top-level categories get the palette's
    colours in order (:mod:`graphbuild.palette`); a subsection names its ``parent`` and takes its colour."""
    lines = [f"# Imported from {source} by `graphbuild import`. Add curated `cites:` to papers as you check them.", ""]
    if result.title:
        lines += [f"title: {_q(result.title)}", ""]
    used = with_ancestors(result.categories, {p.category for p in result.papers if p.category})
    lines.append("categories:" if used else "categories: []")
    roots = 0
    for category in used:
        if category.parent:
            lines.append(f"  - {{id: {_id(category.id)}, label: {_q(category.label)}, parent: {_id(category.parent)}}}")
        else:
            lines.append(f"  - {{id: {_id(category.id)}, label: {_q(category.label)}, "
                         f"color: \"{PALETTE[roots % len(PALETTE)]}\"}}")
            roots += 1
    lines += ["", "papers:"]
    grouped: dict[str, list] = {}  # one pass: papers × categories would grow as n^1.33 on lists of many sections
    for paper in result.papers:
        grouped.setdefault(paper.category or "", []).append(paper)
    for category in used:
        if category.id not in grouped:
            continue
        lines.append(f"  # --- {category.label} ---")
        for paper in grouped[category.id]:
            lines += _paper_lines(paper)
    loose = grouped.get("", [])
    if loose:  # no category given: `graphbuild audit` proposes one from the citations
        lines.append("  # --- uncategorised ---")
        for paper in loose:
            lines += _paper_lines(paper)
    text = "\n".join(lines) + "\n"
    if not result.papers:
        text = text.replace("papers:\n", "papers: []\n")
    return text

def _paper_lines(paper) -> list[str]:
    lines = [f"  - id: {_id(paper.id)}"]
    note = f"  # {PROVISIONAL_NOTE}" if paper.provisional_title else ""
    lines.append(f"    title: {_q(paper.title)}{note}")
    if paper.category:
        lines.append(f"    category: {_id(paper.category)}")
    for key in ("year", "venue", *CATALOG_ID_KINDS, "remark"):
        value = getattr(paper, key)
        if value is not None:
            lines.append(f"    {key}: {value if key == 'year' else _q(value)}")
    if paper.authors:
        lines.append(f"    authors: [{', '.join(_q(a) for a in paper.authors)}]")
    if paper.links:
        lines.append("    links:")
        for kind in ("paper", "code", "project"):
            if kind in paper.links:
                lines.append(f"      {kind}: {_q(paper.links[kind])}")
    return lines


def render_suggestions(suggestions, taken: set[str]) -> str:
    """Paper entries ready to paste under ``papers:`` in papers.yaml, for works ``graphbuild suggest`` (or
    ``watch``) found: each with a fresh id (not in ``taken``), title, suggested category, year, arXiv id, DOI and
    a note of how it relates to the list. ``suggestions`` are objects with ``title``, ``category``, ``year``,
    ``arxiv``, ``doi`` and ``note`` (a suggestion is cited by listed papers, a watched work cites them); an empty
    string when there are none."""
    from ..analysis.suggest import suggestion_id  # one id rule for every suggestion

    taken = set(taken)
    lines = []
    for s in suggestions:
        lines.append(f"- id: {suggestion_id(s, taken)}")
        lines.append(f"  title: {_q(s.title)}")
        if s.category:
            lines.append(f"  category: {_id(s.category)}")
        if s.year:
            lines.append(f"  year: {int(s.year)}")
        if s.arxiv:
            lines.append(f"  arxiv: {_q(s.arxiv)}")
        if s.doi:
            lines.append(f"  doi: {_q(s.doi)}")
        lines.append(f"  notes: {_q(s.note)}")
    return "\n".join(lines) + ("\n" if lines else "")


def write_new_catalog(result: ImportResult, source: str, path: str | Path) -> Catalog:
    text = render_catalog(result, source)
    catalog = parse_catalog(text, str(path))  # never write a file graphbuild itself would reject
    write_atomic(path, text)
    return catalog


# --- merging -----------------------------------------------------------------------------------------------------


def _keys(paper, title: str | None, link: str | None) -> list[tuple[str, str]]:
    """The keys a paper (of the catalog, or imported) is matched by in a merge: its own id, its identifiers, its
    paper link, its title."""
    keys = []
    for kind in sorted(CATALOG_ID_KINDS, key=lambda k: k != "s2"):
        value = getattr(paper, kind)
        if value:
            keys.append((kind, value if kind == "openreview" else value.lower()))
    if link:
        keys.append(("link", link.rstrip("/").lower()))
    if title:
        keys.append(("title", normalize_title(title)))
    return keys


def _curated_work(entries: list, pid: str) -> list[str]:
    """What a person wrote about paper ``pid`` that the list does not know: its curated cites and notes, and the
    curated cites of other papers that point to it."""
    what = []
    for entry in entries:
        cites = entry.get("cites") or []
        targets = [str(c if isinstance(c, str) else c.get("id")) for c in cites]
        if str(entry["id"]) == pid:
            if targets:
                what.append(f"its curated cites ({len(targets)})")
            if entry.get("notes"):
                what.append("its notes")
        elif pid in targets:
            what.append(f"{entry['id']}'s curated cite of it")
    return what


def merge_catalog(result: ImportResult, path: str | Path, *, prune: bool = False,
                  force: bool = False) -> MergeReport:
    """Merge ``result`` into the papers.yaml at ``path`` (which must be valid), in place. ``prune`` removes the
    papers gone from the list, but not one that holds hand-curated work (cites, notes, or another paper's curated
    cite of it) unless ``force``: the report names what each would lose."""
    path = Path(path)
    existing = load_catalog(path)
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    crlf = b"\r\n" in raw[:65536] and raw.count(b"\r\n") >= raw.count(b"\n") / 2
    data = rt.load(raw.decode("utf-8-sig").replace("\r\n", "\n"))
    entries = {str(e["id"]): e for e in data["papers"]}
    report = MergeReport()

    index: dict[tuple[str, str], list[str]] = {}  # two papers may share a title (or a link): keep both
    for paper in existing.papers:
        title = None if paper.title_is_provisional else paper.title
        for key in _keys(paper, title, paper.links.get("paper")):
            index.setdefault(key, []).append(paper.id)
    matches: dict[int, str] = {}
    claimed: set[str] = set()
    for n, imported in enumerate(result.papers):
        title = None if imported.provisional_title else imported.title
        for key in _keys(imported, title, imported.links.get("paper")):
            found = next((pid for pid in index.get(key, ()) if pid not in claimed), None)
            if found:
                matches[n] = found
                claimed.add(found)
                break

    category_ids = _map_categories(result, existing, matches, data, report)
    by_id = existing.by_id
    taken = IdPool(p.id for p in existing.papers)
    last_of_category: dict[str, int] = {}
    for i, entry in enumerate(data["papers"]):
        last_of_category[str(entry.get("category"))] = i
    for n, imported in enumerate(result.papers):
        category = category_ids.get(imported.category, "")
        if n in matches:
            _update(entries[matches[n]], by_id[matches[n]], imported, category, report)
        else:
            _add(data["papers"], imported, category, taken, last_of_category, report)

    for paper in existing.papers:
        if paper.id not in claimed:
            report.vanished.append(paper.id)
    if prune and report.vanished:
        gone = set(report.vanished)
        for pid in report.vanished:
            work = _curated_work(data["papers"], pid)
            if work:
                report.curated[pid] = work
                if not force:
                    gone.discard(pid)
        for entry in list(data["papers"]):
            if str(entry["id"]) in gone:
                data["papers"].remove(entry)
        for entry in data["papers"]:
            cites = entry.get("cites")
            if cites:
                for cite in list(cites):
                    target = cite if isinstance(cite, str) else cite.get("id")
                    if str(target) in gone:
                        cites.remove(cite)
        report.pruned = sorted(gone)

    if not (report.added or report.updated or report.pruned or report.new_categories):
        return report  # nothing to change: leave the file (and its timestamp) alone
    buffer = io.StringIO()
    rt.dump(data, buffer)
    text = buffer.getvalue()
    parse_catalog(text, str(path))  # never write a file graphbuild itself would reject
    if crlf:  # keep the file's own line endings and byte-order mark: a merge must not change every line
        text = text.replace("\n", "\r\n")
    write_atomic(path, ("\ufeff" if bom else "") + text)
    return report


def _map_categories(result: ImportResult, existing: Catalog, matches: dict[int, str], data, report: MergeReport):
    """Imported category id → existing category id: where most of its matched papers already are; else an
    existing category with the same label or id; else a new category."""
    by_id = existing.by_id
    votes: dict[str, Counter] = {c.id: Counter() for c in result.categories}
    for n, imported in enumerate(result.papers):
        if n in matches and imported.category in votes and by_id[matches[n]].category:
            votes[imported.category][by_id[matches[n]].category] += 1
    mapping: dict[str, str] = {}
    labels = {c.label.lower(): c.id for c in existing.categories.values()}
    used = {c.id for c in with_ancestors(result.categories, {p.category for p in result.papers})}
    roots = sum(1 for c in existing.categories.values() if not c.parent)
    for category in result.categories:  # parents before their children
        if votes[category.id]:
            mapping[category.id] = sorted(votes[category.id], key=lambda c: (-votes[category.id][c], c))[0]
        elif category.label.lower() in labels:
            mapping[category.id] = labels[category.label.lower()]
        elif category.id in existing.categories:
            mapping[category.id] = category.id
        elif category.id in used:
            new_id = category.id
            taken = set(existing.categories) | set(report.new_categories)
            suffix = 2
            while new_id in taken:
                new_id, suffix = f"{category.id}-{suffix}", suffix + 1
            parent = mapping.get(category.parent) if category.parent else None
            if parent:
                entry = CommentedMap(id=new_id, label=Quoted(category.label), parent=parent)
            else:
                colour = Quoted(PALETTE[roots % len(PALETTE)])
                entry = CommentedMap(id=new_id, label=Quoted(category.label), color=colour)
                roots += 1
            entry.fa.set_flow_style()
            if not data.get("categories"):
                data["categories"] = CommentedSeq()
            data["categories"].append(entry)
            report.new_categories.append(new_id)
            mapping[category.id] = new_id
    return mapping


def _take_tail_comment(node):
    """Detach the comment that follows ``node``'s last value (ruamel keeps ``# --- Next section ---`` there), so
    that keys added to an entry, or an entry added after it, do not land below the next section's comment."""
    if isinstance(node, CommentedMap) and node:
        last = next(reversed(node))
        value = node[last]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
            found = _take_tail_comment(value)
            if found is not None:
                return found
        item = node.ca.items.get(last)
        if item and len(item) > 2 and item[2] is not None:
            token, item[2] = item[2], None
            return token
    elif isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        if isinstance(node[index], (CommentedMap, CommentedSeq)):
            found = _take_tail_comment(node[index])
            if found is not None:
                return found
        item = node.ca.items.get(index)
        if item and item[0] is not None:
            token, item[0] = item[0], None
            return token
    return None


def _put_tail_comment(node, token) -> None:
    """Attach ``token`` (from :func:`_take_tail_comment`) after ``node``'s last value."""
    if token is None:
        return
    last = next(reversed(node))
    value = node[last]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        _put_tail_comment(value, token)
        return
    node.ca.items.setdefault(last, [None, None, None, None])[2] = token


def _update(entry, paper, imported: ImportedPaper, category: str, report: MergeReport) -> None:
    tail = _take_tail_comment(entry)
    try:
        _update_fields(entry, paper, imported, category, report)
    finally:
        _put_tail_comment(entry, tail)


def _update_fields(entry, paper, imported: ImportedPaper, category: str, report: MergeReport) -> None:
    changed = []
    for key in FIELDS:
        value = getattr(imported, key)
        if value is None or value == getattr(paper, key) or (key == "title" and imported.provisional_title):
            continue
        entry[key] = value if key == "year" else Quoted(value)
        changed.append(key)
    if category and category != paper.category:  # an import without categories keeps the curated ones
        entry["category"] = category
        changed.append("category")
    if imported.authors and tuple(imported.authors) != tuple(paper.authors):
        authors = CommentedSeq(Quoted(a) for a in imported.authors)
        authors.fa.set_flow_style()
        entry["authors"] = authors
        changed.append("authors")
    for kind, url in imported.links.items():
        if paper.links.get(kind) != url:
            links = entry.get("links")
            if links is None:
                links = entry["links"] = CommentedMap()
            links[kind] = url
            changed.append(f"links.{kind}")
    if changed:
        report.updated[paper.id] = changed


def _add(papers: CommentedSeq, imported: ImportedPaper, category: str, taken: set[str],
         last_of_category: dict[str, int], report: MergeReport) -> None:
    if imported.id in taken:
        pid = paper_id_for(imported.title, imported.remark, taken)
    else:
        pid = imported.id
        taken.add(pid)
    entry = CommentedMap()
    entry["id"] = pid
    entry["title"] = Quoted(imported.title)
    if category:
        entry["category"] = category
    for key in ("year", "venue", *CATALOG_ID_KINDS, "remark"):
        value = getattr(imported, key)
        if value is not None:
            entry[key] = value if key == "year" else Quoted(value)
    if imported.authors:
        authors = CommentedSeq(Quoted(a) for a in imported.authors)
        authors.fa.set_flow_style()
        entry["authors"] = authors
    if imported.links:
        entry["links"] = CommentedMap((k, imported.links[k]) for k in ("paper", "code", "project")
                                      if k in imported.links)
    # after the last paper of its category, keeping the file grouped (a new category's papers go at the end)
    position = last_of_category[category] + 1 if category in last_of_category else len(papers)
    if position > 0:  # the comment after the paper we follow (the next section's heading) moves below the new one
        _put_tail_comment(entry, _take_tail_comment(papers[position - 1]))
    papers.insert(position, entry)
    for key, index in last_of_category.items():
        if index >= position:
            last_of_category[key] = index + 1
    last_of_category[category] = position
    report.added.append(pid)

