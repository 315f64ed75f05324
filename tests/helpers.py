"""Helpers the tests share (importable: ``from helpers import ...``): where things are, the fake server's
corpora for the small and the shipped list, and a client set up for tests. Fixtures stay in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graphbuild.catalog import Catalog
from graphbuild.sources.openalex.client import OpenAlex
from graphbuild.sources.semantic_scholar.client import SemanticScholar

from fake_s2 import FakeCorpus, FakeSemanticScholar, s2_id

ROOT = Path(__file__).resolve().parent.parent


SHIPPED_CATALOG = ROOT / "papers.yaml"


# Read-only material beside every clone (CI's too): the seed list and real inputs. Never copied into the project.
SHARED = ROOT.parent / "shared"


DATA = ROOT / "tests" / "data"  # small recorded API answers, copied here (tests/data/README.md says from where)


def data_file(relative: str) -> Path:
    """A recorded answer in tests/data (always there: part of the clone)."""
    return DATA / relative


def shared_file(relative: str) -> Path:
    """A file from ../shared, or skip the test saying what is missing (a clone without ../shared beside it)."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs {path} (the read-only ../shared folder beside the clone)")
    return path


def run_graphbuild(*args: str, cwd: Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m graphbuild ARGS`` in ``cwd``, importing this checkout, with no real key or API URL inherited."""
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("S2_API_KEY", "GRAPHBUILD_S2_URL", "OPENALEX_API_KEY", "GRAPHBUILD_OPENALEX_URL")}
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "graphbuild", *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout)


def make_client(server: FakeSemanticScholar, **options) -> SemanticScholar:
    """A client as tests want it: no rate limit, short timeouts and backoff (real HTTP all the same)."""
    settings = dict(max_rps=0, timeout=2.0, connect_timeout=2.0, backoff=0.01, max_backoff=0.05, max_retries=4)
    settings.update(options)
    return SemanticScholar(server.url, **settings)


def fetch(catalog: Catalog, cache_dir, s2: SemanticScholar | None = None, openalex: OpenAlex | None = None, *,
          sources: tuple[str, ...] | None = None, **options):
    """Fill the cache in ``cache_dir`` through the clients given (none: offline), then read it: (readings, reports),
    as a build does before it makes the graph. ``sources`` defaults to those with a client (Semantic Scholar
    alone when none is)."""
    from graphbuild.cache import Cache
    from graphbuild.jobs import fill_and_read

    clients = {k: v for k, v in (("semantic_scholar", s2), ("openalex", openalex)) if v is not None}
    with Cache(cache_dir) as cache:
        return fill_and_read(catalog, cache, clients, sources or tuple(clients) or ("semantic_scholar",), **options)


def make_openalex_client(server, **options) -> OpenAlex:
    """An OpenAlex client as tests want it: no pacing, short timeouts and backoff, real HTTP to the fake."""
    settings = dict(max_rps=0, timeout=2.0, connect_timeout=2.0, backoff=0.01, max_backoff=0.05, max_retries=4)
    settings.update(options)
    return OpenAlex(server.url, **settings)


SMALL_CATALOG = textwrap.dedent(
    """\
    title: "Small test list"
    categories:
      - {id: base, label: "Foundations", color: "#1f77b4"}
      - {id: apps, label: "Applications", color: "#ff7f0e"}
    papers:
      - id: alpha
        title: "Alpha: A Foundation"
        category: base
        year: 2019
        arxiv: "1901.00001"
      - id: beta
        title: "Beta Builds on Alpha"
        category: base
        year: 2020
        arxiv: "2001.00002v2"
      - id: gamma
        title: "Gamma: Journal Work"
        category: apps
        year: 2021
        doi: "10.1000/Gamma.2021"
        cites:
          - {id: alpha, evidence: "named in the introduction", confidence: high}
      - id: delta
        title: "Delta, Found by Title Only"
        category: apps
        year: 2022
      - id: epsilon
        title: "Epsilon: Newest of All"
        category: apps
        year: 2023
        arxiv: "2301.00005"
        cites: [delta]
    """
)


SMALL_IDS = {name: s2_id(name) for name in ("alpha", "beta", "gamma", "delta", "epsilon", "outside1", "outside2")}


def small_corpus() -> FakeCorpus:
    """The fake Semantic Scholar's view of SMALL_CATALOG: alpha ← beta ← gamma, delta ← epsilon → gamma."""
    corpus = FakeCorpus()
    ids = SMALL_IDS
    corpus.add(ids["outside1"], "An Outside Classic", year=2010, citation_count=5000)
    corpus.add(ids["outside2"], "Another Outside Work", year=2015, doi="10.5555/outside2")
    corpus.add(ids["alpha"], "Alpha: A Foundation", arxiv="1901.00001", year=2019, citation_count=900,
               references=[corpus.ref(ids["outside1"])], authors=["Ada Lovelace"])
    corpus.add(ids["beta"], "Beta Builds on Alpha", arxiv="2001.00002", year=2020, citation_count=300,
               references=[corpus.ref(ids["alpha"], influential=True), corpus.ref(ids["outside1"]),
                           {"paperId": None, "title": "Some unpublished note"}])
    corpus.add(ids["gamma"], "Gamma: Journal Work", doi="10.1000/GAMMA.2021", year=2021, citation_count=40,
               references=[corpus.ref(ids["beta"]), corpus.ref(ids["outside2"]), corpus.ref(ids["outside1"])])
    corpus.add(ids["delta"], "Delta, Found by Title Only", year=2022, citation_count=10, references=None,
               reference_count=12)  # publisher-elided reference list
    # epsilon cites gamma by DOI only (its S2 record lacks our paperId link): matched by DOI, case-insensitive
    corpus.add(ids["epsilon"], "Epsilon: Newest of All", arxiv="2301.00005", year=2023,
               references=[{"paperId": s2_id("gamma-dup"), "title": "Gamma: Journal Work",
                            "externalIds": {"DOI": "10.1000/gamma.2021"}},
                           corpus.ref(ids["outside1"]), corpus.ref(ids["outside2"])])
    return corpus


def shipped_sentences(citing: str, cited: str, n: int) -> list[tuple[str, list[str]]]:
    """The sentences :func:`shipped_corpus`'s papers cite a curated reference with: none for every third (no full
    text in Semantic Scholar), else one or two, with the in-text markers real ones carry."""
    if (len(citing) + n) % 3 == 2:
        return []
    said = [(f"Like {cited} [{n + 3}], {citing} learns from unlabelled speech.", ["methodology"])]
    if n % 2:
        said.append((f"Results on LibriSpeech follow {cited} [{n + 3}, {n + 7}].", ["result", "background"]))
    return said


def shipped_corpus(catalog: Catalog) -> FakeCorpus:
    """A fake Semantic Scholar for the shipped 33 papers: most curated references plus a few it alone knows,
    and outside works (some unresolved) in every reference list, as the real API would have them."""
    corpus = FakeCorpus()
    outside = [s2_id(f"outside-{k}") for k in range(40)]
    for k, pid in enumerate(outside):
        corpus.add(pid, f"Outside work number {k}", year=2000 + k % 20, citation_count=k * 10)
    ids = {p.id: s2_id("shipped:" + p.id) for p in catalog.papers}
    for paper in catalog.papers:
        corpus.add(ids[paper.id], paper.title, arxiv=paper.arxiv, year=paper.year, references=[],
                   citation_count=100 * len(paper.title) % 997, venue=paper.venue or "")
    order = sorted(catalog.papers, key=lambda p: p.first_appearance or "")
    for paper in order:
        refs = []
        for n, cite in enumerate(paper.cites):
            if (len(paper.id) + n) % 4 != 0:  # S2 misses a quarter of the curated references
                refs.append(corpus.cite(ids[cite.target], *shipped_sentences(paper.id, cite.target, n),
                                        influential=n % 3 == 0))
        earlier = [p for p in order if (p.first_appearance or "") < (paper.first_appearance or "")]
        for other in earlier:
            if (len(paper.id) * 7 + len(other.id)) % 11 == 0 and all(c.target != other.id for c in paper.cites):
                refs.append(corpus.ref(ids[other.id]))  # an edge only Semantic Scholar knows
        refs.extend(corpus.ref(o) for o in outside[len(paper.id) % 7 :: 3])
        refs.append({"paperId": None, "title": f"Unresolved reference of {paper.id}"})
        corpus.papers[ids[paper.id]].update(references=refs, referenceCount=len(refs))
    return corpus


def shipped_works(catalog: Catalog):
    """A fake OpenAlex for the shipped 33 papers, disagreeing with :func:`shipped_corpus` as real sources do: it
    misses a fifth of the curated references (not the same fifth), knows a few edges of its own, lists dangling and
    outside works, has HuBERT only as its published version (the arXiv preprint merged into it, found by the
    arXiv DOI only through the singleton), and has an empty reference list for one paper. Returns the works and
    the W id of each paper."""
    from fake_openalex import FakeWorks

    works = FakeWorks()
    wid = {p.id: f"W{4000000000 + n}" for n, p in enumerate(catalog.papers)}
    order = sorted(catalog.papers, key=lambda p: p.first_appearance or "")
    for k in range(20):
        works.add(f"W{3000000000 + k}", f"Outside classic {k}", doi=f"10.5555/outside.{k}", year=2000 + k)
    for paper in order:
        refs = [wid[c.target] for n, c in enumerate(paper.cites) if (len(paper.id) + n) % 5 != 1]
        earlier = [p for p in order if (p.first_appearance or "") < (paper.first_appearance or "")]
        refs += [wid[o.id] for o in earlier
                 if (len(paper.id) * 3 + len(o.id)) % 13 == 0 and all(c.target != o.id for c in paper.cites)]
        refs += [f"W{3000000000 + k}" for k in range(len(paper.id) % 5, 20, 4)] + ["W9999999999"]  # one dangling
        if paper.id == "vall-e":
            refs = []  # OpenAlex has no reference list for it: unknown, not "cites nothing"
        if paper.id == "hubert":
            works.add(wid[paper.id], paper.title, doi="10.1109/TASLP.2021.3122291", arxiv_merged=paper.arxiv,
                      year=paper.year, references=refs, venue="IEEE/ACM TASLP", cited_by=len(paper.title))
        else:
            works.add(wid[paper.id], paper.title, arxiv=paper.arxiv, year=paper.year, references=refs,
                      cited_by=len(paper.title))
    return works, wid


TREE_CATALOG = """
categories:
  - {id: models, label: "Models"}
  - {id: vision, label: "Vision", parent: models}
  - {id: speech, label: "Speech", parent: models}
  - {id: tts, label: "Speech Synthesis", parent: speech}
  - {id: data, label: "Data"}
papers:
"""


def tree_graph():
    """40 papers in a category tree three deep (Models > Speech > Speech Synthesis), each citing the one before."""
    from graphbuild.catalog import parse_catalog
    from graphbuild.graph import build_graph

    text = TREE_CATALOG
    for k in range(40):
        category = ["models", "vision", "speech", "tts", "data"][k % 5]
        cites = f", cites: [p{k - 1}]" if k else ""
        text += (f'  - {{id: p{k}, title: "Paper {k}", category: {category}, '
                 f'arxiv: "{20 + k % 5}{1 + k % 12:02d}.{k:05d}"{cites}}}\n')
    return build_graph(parse_catalog(text))
