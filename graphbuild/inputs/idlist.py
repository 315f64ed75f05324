"""A plain list of identifiers or URLs, one per line (arXiv ids, DOIs, OpenReview or Semantic Scholar URLs) →
papers with provisional titles, which ``graphbuild build`` replaces with the ones Semantic Scholar knows.

Blank lines and ``#`` comments are skipped; text after the identifier on a line is taken as its title.
"""

from __future__ import annotations

import re

from ..ids import normalize_arxiv, normalize_doi
from .references import Reference, build_result
from .result import ImportResult

TOKEN_RE = re.compile(r"^\s*(\S+)\s*(.*?)\s*$")


def parse_idlist(text: str, name: str = "ids.txt", *, category: str | None = None) -> ImportResult:
    problems: list[str] = []
    refs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = TOKEN_RE.match(line)
        token, rest = (m.group(1), m.group(2)) if m else ("", "")
        token = token.rstrip(".,;")
        ref = Reference(line=number, title=rest.strip(" -–—:\"'") or None)
        bare = re.sub(r"^(arxiv:|doi:)", "", token, flags=re.I)
        if bare.startswith("10.") and normalize_doi(bare):  # a bare DOI (10.1109/…) is no web address: its
            ref.doi = bare                                     # resolver's is
            ref.urls = ["https://doi.org/" + bare]
        elif token.lower().startswith(("http://", "https://", "www.")) or "/" in token and "." in token.split("/")[0]:
            ref.urls = [token if "://" in token else "https://" + token]
        elif normalize_arxiv(bare):
            ref.arxiv = bare
        elif normalize_doi(bare):
            ref.doi = bare
        else:
            problems.append(f"{name}:{number}: {token[:60]!r} is not an arXiv id, a DOI or a URL")
            continue
        refs.append(ref)
    return build_result(refs, name, problems, category=category)
