"""What an importer hands on: categories and papers read from a list, with where each came from and what was
skipped. Every input format (awesome-list Markdown today; BibTeX, RIS and others later) produces one
:class:`ImportResult`, and :mod:`graphbuild.inputs.listfile` turns it into papers.yaml."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from anyascii import anyascii

from ..ids import CATALOG_ID_KINDS

STOP = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via", "by", "from", "towards", "toward", "at",
        "is", "are", "as", "its", "into", "using"}


@dataclass
class ImportedPaper:
    """A paper as an importer read it; its identifier fields are :data:`graphbuild.ids.CATALOG_ID_KINDS`."""

    title: str
    category: str  # category id
    line: int
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    openreview: str | None = None
    s2: str | None = None
    acl: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    remark: str | None = None
    authors: tuple[str, ...] = ()
    id: str = ""
    identities: list[tuple[str, str]] = field(default_factory=list)  # (kind, lower-cased value), for duplicates
    provisional_title: bool = False  # the list gave no title: ``title`` is the identifier until a source names it


@dataclass
class ImportedCategory:
    id: str
    label: str
    line: int
    parent: str | None = None  # the id of the section it is a subsection of


def with_ancestors(categories: list[ImportedCategory], used: set[str]) -> list[ImportedCategory]:
    """The categories papers are in, and every category above them (a section whose papers are all in its
    subsections is still their parent), in the given order."""
    by_id = {c.id: c for c in categories}
    keep = set()
    for cid in used:
        while cid in by_id and cid not in keep:
            keep.add(cid)
            cid = by_id[cid].parent  # type: ignore[assignment]
    return [c for c in categories if c.id in keep]


@dataclass
class ImportResult:
    title: str | None
    categories: list[ImportedCategory]
    papers: list[ImportedPaper]
    problems: list[str]  # "LIST.md:LINE: why"
    skipped: Counter = field(default_factory=Counter)  # reason -> entries passed over, for the summary
    links: Counter = field(default_factory=Counter)  # kind of link -> how many the list holds
    notes: list[str] = field(default_factory=list)  # what the reader wants said that is not a problem
    # entries that list a paper again (merged into the first): (line kept, [lines merged into it]), for lint
    repeats: list[tuple[int, list[int]]] = field(default_factory=list)


# a character of these scripts is a syllable or a word: its transliteration stands apart (语音 → yu-yin)
SYLLABIC = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "YI ", "BOPOMOFO")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by ``-``, readable in any script: accents dropped (NFKD), other scripts
    transliterated by anyascii (``语音识别`` → ``yu-yin-shi-bie``, pinyin; ``Русский`` → ``russkiy``), so an id
    reads as its heading does to a reader of its language, never as escape codes; only a character anyascii
    cannot spell is written as its code point."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if bare.isascii():  # ASCII, or a letter with accents (é → e)
            out.append(bare)
        elif ch.isalnum():
            spelt = anyascii(ch)
            if not re.search(r"[A-Za-z0-9]", spelt):
                out.append(f" u{ord(ch):x} ")
            elif unicodedata.name(ch, "").startswith(SYLLABIC):
                out.append(f" {spelt} ")
            else:
                out.append(spelt)
        else:
            out.append(" ")
    slug = re.sub(r"[^a-z0-9.]+", "-", "".join(out).lower()).strip("-.")
    if not slug:  # only symbols: name them ("~" → "tilde")
        names = [unicodedata.name(ch, "").lower() for ch in text if not ch.isspace()]
        slug = re.sub(r"[^a-z0-9]+", "-", " ".join(n for n in names if n)).strip("-")
    return re.sub(r"\.{2,}", ".", slug)


def category_slug(label: str, max_words: int = 3) -> str:
    """A short id for a category label: its first significant words, without section numbers or stop words
    (``2.1 Perception & World Modeling`` → ``perception-world-modeling``)."""
    label = re.sub(r"^\s*(?:[\dIVXivx]+[.)]|\d+(?:\.\d+)+\.?|[A-Z][.)])\s+", "", label)
    words = [w for w in re.split(r"-+", slugify(label).replace(".", "-")) if w]
    significant = [w for w in words if w not in STOP] or words
    return "-".join(significant[:max_words]) or "x"


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
    if candidate:
        candidate = candidate[:40].strip("-.")
    if not candidate or not re.match(r"[a-z0-9]", candidate):
        significant = [w for w in re.findall(r"[a-z0-9]+", slugify(title)) if w not in STOP]
        candidate = "-".join(significant[:3])[:40].strip("-") or "paper"
    return unique_id(candidate, taken)


class IdPool(set):
    """The ids taken so far, remembering the next free suffix per base so that allocating n ids that share one
    base (``paper``, ``paper-2``, …) stays linear."""

    def __init__(self, ids=()):
        super().__init__(ids)
        self.next_suffix: dict[str, int] = {}


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free first; the result is added to ``taken``."""
    suffixes = taken.next_suffix if isinstance(taken, IdPool) else {}
    unique, n = base, suffixes.get(base, 2)
    if unique in taken:
        unique = f"{base}-{n}"
        while unique in taken:
            n += 1
            unique = f"{base}-{n}"
        suffixes[base] = n + 1
    taken.add(unique)
    return unique


def _name_like(word: str) -> bool:
    """CamelCase, digits inside, or a hyphenated capitalised word: a model's name, not an English word."""
    return bool(re.search(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]|^[A-Z0-9]{2,}(-|$)|^[A-Z][a-z]*-[A-Z0-9]", word))


def _name_slug(name: str) -> str:
    name = re.sub(r"(\w) (\d+(?:\.\d+)*)\b", r"\1\2", name.strip())  # "wav2vec 2.0" → "wav2vec2.0"
    name = re.sub(r"(\d)\.0\b", r"\1", name)  # "wav2vec2.0" → "wav2vec2"
    return slugify(name)


# identities that are a web page, not an identifier of one work: two entries may share one by mistake
PAGE_KINDS = frozenset({"proceedings", "link"})
SHORT_NAME_WORDS = 3  # a title of this many words or fewer may be a short name ("ResNet") for a longer one


def title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", title.casefold()) if len(w) > 1 or w.isdigit()}


def same_title(a: ImportedPaper, b: ImportedPaper) -> bool:
    """Could two entries be one paper by their titles? Yes when either has no title of its own (an identifier or
    a short name), when one's words hold the other's, or when they share half their words (a title revised
    between versions); no for two different full titles."""
    if a.provisional_title or b.provisional_title:
        return True
    wa, wb = title_words(a.title), title_words(b.title)
    if min(len(wa), len(wb)) <= SHORT_NAME_WORDS or wa <= wb or wb <= wa:
        return True
    return len(wa & wb) / len(wa | wb) >= 0.5


def cut(text: str, limit: int = 60) -> str:
    """A title shortened for a message."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fill(paper: ImportedPaper, other: ImportedPaper) -> None:
    """Complete ``paper`` with what a duplicate entry of it knows."""
    for key in ("year", "venue", *CATALOG_ID_KINDS, "remark"):
        if getattr(paper, key) is None and getattr(other, key) is not None:
            setattr(paper, key, getattr(other, key))
    if not paper.authors and other.authors:
        paper.authors = other.authors
    if paper.provisional_title and not other.provisional_title:
        paper.title, paper.provisional_title = other.title, False
    for kind, url in other.links.items():
        paper.links.setdefault(kind, url)
    for identity in other.identities:
        if identity not in paper.identities:
            paper.identities.append(identity)
