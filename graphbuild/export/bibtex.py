"""graph (or suggestions) → BibTeX, for the manuscript's bibliography.

Keys are the paper ids (stable across builds, and what ``graphbuild import`` of this file gives back as ids).
Fields come from the list and the sources: ``title``, ``author`` (``and``-joined), ``year``, ``journal`` (the venue;
``@misc`` with ``howpublished`` when there is none), ``doi``, ``eprint`` + ``archivePrefix = {arXiv}``, ``url``.
Text is escaped for LaTeX (``&``, ``%``, ``$``, ``#``, ``_``, braces, ``~``, ``^``, backslash), and titles are
wrapped in a second pair of braces so that BibTeX styles keep their capitals.
"""

from __future__ import annotations

import re

import networkx as nx

from ..escape import bibtex_verbatim

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
            "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
PREPRINT_VENUES = {"arxiv", "arxiv preprint", "corr", "preprint", "biorxiv", "medrxiv"}
_SPECIAL_RE = re.compile("|".join(re.escape(k) for k in _SPECIAL))


def latex_escape(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], " ".join(str(text).split()))


def bibtex_entry(key: str, *, title: str, authors: list[str] | tuple[str, ...] = (), year: int | None = None,
                 venue: str | None = None, doi: str | None = None, arxiv: str | None = None,
                 url: str | None = None, note: str | None = None) -> str:
    """One entry; ``@article`` in a venue, else ``@misc`` (a preprint server is not a venue here)."""
    if venue and venue.strip().lower() in PREPRINT_VENUES:
        venue = None
    kind = "article" if venue else "misc"
    fields = [("title", "{" + latex_escape(title) + "}")]
    if authors:
        fields.append(("author", " and ".join(latex_escape(a) for a in authors)))
    if year:
        fields.append(("year", str(year)))
    if venue:
        fields.append(("journal", latex_escape(venue)))
    elif arxiv:
        fields.append(("howpublished", f"arXiv:{latex_escape(arxiv)}"))
    if doi:
        fields.append(("doi", bibtex_verbatim(doi)))
    if arxiv:
        fields += [("eprint", bibtex_verbatim(arxiv)), ("archivePrefix", "arXiv")]
    if url:
        fields.append(("url", bibtex_verbatim(url)))
    if note:
        fields.append(("note", latex_escape(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    key = re.sub(r"[^\w.:/+-]", "-", key)  # a key holds no brace, comma or space
    return f"@{kind}{{{key},\n{body}\n}}\n"


def generate_bibtex(graph: nx.DiGraph) -> str:
    entries = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        authors = list(data.get("authors") or [])
        entries.append(bibtex_entry(node, title=data.get("title") or node, authors=authors, year=data.get("year"),
                                    venue=data.get("venue"), doi=data.get("doi"), arxiv=data.get("arxiv"),
                                    url=data.get("url")))
    return "\n".join(entries)
