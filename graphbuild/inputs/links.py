"""What a link in a reading list points to: a scholarly identifier, a paper page, code, or something else.

An awesome list is a pile of links; a paper is a distinct scholarly identifier among them. The identifiers read
here are the ones the sources can look a paper up by (arXiv, DOI, OpenReview, Semantic Scholar) plus proceedings
pages that name exactly one paper (ACL Anthology, PMLR, NeurIPS, CVF, AAAI, IJCAI, PubMed, bioRxiv/medRxiv).
Those last ones have no id Semantic Scholar's batch accepts, so they serve as the paper's identity in the list
(for finding duplicates and for merging) and the build finds the paper by its title.

Pure functions of a URL and a link's label; nothing here reads files or speaks HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

from ..ids import normalize_arxiv, normalize_doi

# Labels that name a link rather than a paper: "[pdf]", "[[code]]", "`[paper]`", "Project Page" ...
LABEL_WORDS = {
    "paper", "papers", "pdf", "arxiv", "code", "codes", "github", "gitlab", "project", "page", "website", "web",
    "site", "demo", "demos", "github.io", "homepage", "home", "blog", "video", "videos", "slides", "slide",
    "poster", "model", "models", "data", "dataset", "datasets", "openreview", "link", "links", "html", "doi",
    "official", "unofficial", "pytorch", "tensorflow", "jax", "huggingface", "hf", "abs", "abstract", "here",
    "url", "source", "repo", "repository", "implementation", "download", "checkpoint", "checkpoints",
    "weights", "notebook", "colab", "talk", "youtube", "bilibili", "zhihu", "twitter", "x", "tweet", "thread",
    "supp", "supplementary", "appendix", "bibtex", "bib", "cite", "citation", "publication", "pub", "preprint",
    "proceedings", "acm", "ieee", "springer", "elsevier", "semantic", "scholar", "google", "pwc", "leaderboard",
    "benchmark", "space", "spaces", "api", "docs", "documentation", "tutorial", "report", "technical", "tech",
    "full", "text", "read", "more", "view", "official code", "paper link", "openaccess", "cvf", "nips",
    "neurips", "icml", "iclr", "cvpr", "eccv", "iccv", "acl", "emnlp", "naacl", "aaai", "ijcai", "kdd", "www",
    "sigir", "pmlr", "jmlr", "biorxiv", "medrxiv", "pubmed", "researchgate", "dblp", "en", "zh", "中文", "论文",
    "代码", "项目", "主页", "github repo", "the", "a", "our", "its", "and", "&", "/", "|", "·", "-",
}
# Frameworks and languages named in code links: "[official code - caffe]", "code (PyTorch)".
FRAMEWORK_WORDS = {
    "caffe", "caffe2", "mxnet", "keras", "chainer", "theano", "matconvnet", "torch", "paddle", "paddlepaddle",
    "mindspore", "c", "cpp", "c++", "python", "matlab", "lua", "julia", "r", "java", "rust", "go", "cuda", "onnx",
    "tf", "tf2", "pt", "lightning", "detectron", "detectron2", "mmdet", "mmdetection", "sklearn", "scikit", "learn",
    "numpy", "js", "javascript", "web", "app", "gradio", "streamlit", "docker", "colab", "notebook", "kaggle",
}
PAPER_LABEL_WORDS = {"paper", "papers", "pdf", "arxiv", "openreview", "doi", "html", "abs", "abstract",
                     "preprint", "publication", "pub", "proceedings", "full", "text", "论文", "openaccess"}
CODE_LABEL_WORDS = {"code", "codes", "github", "gitlab", "pytorch", "tensorflow", "jax", "implementation",
                    "repo", "repository", "代码", "official", "unofficial"}

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org", "paperswithcode.com",
              "colab.research.google.com", "pypi.org", "kaggle.com", "modelscope.cn", "gitee.com")
PAPER_HOSTS = ("arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "aclweb.org", "ieeexplore.ieee.org",
               "dl.acm.org", "proceedings.mlr.press", "papers.nips.cc", "proceedings.neurips.cc", "neurips.cc",
               "openaccess.thecvf.com", "thecvf.com", "icml.cc", "iclr.cc", "ecva.net", "isca-speech.org",
               "isca-archive.org", "link.springer.com",
               "sciencedirect.com", "nature.com", "semanticscholar.org", "biorxiv.org", "medrxiv.org", "jmlr.org",
               "ojs.aaai.org", "aaai.org", "ijcai.org", "pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov",
               "onlinelibrary.wiley.com", "tandfonline.com", "journals.plos.org", "mdpi.com", "frontiersin.org",
               "science.org", "pnas.org", "cell.com", "iopscience.iop.org", "academic.oup.com", "researchgate.net",
               "ssrn.com", "papers.ssrn.com", "computer.org", "usenix.org", "ndss-symposium.org", "vldb.org",
               "ceur-ws.org", "hal.science", "hal.archives-ouvertes.fr", "osf.io", "jstor.org", "ieee.org")

ARXIV_URL_RE = re.compile(r"(?:^|[/.])arxiv\.org/(?:(?:abs|pdf|html|format|ps)/([^?#\s]+)|(\d{4}\.\d{4,5}(?:v\d+)?)"
                          r"(?:\.pdf)?/?(?:[?#]|$))", re.I)
DOI_IN_URL_RE = re.compile(r"(?<![\w.])(10\.\d{4,9}/[^\s?#&\"'<>]+)")
S2_URL_RE = re.compile(r"semanticscholar\.org/(?:paper|arxiv)/(?:[^/?#]+/)?([0-9a-f]{40})\b", re.I)
ACL_RE = re.compile(r"(?:aclanthology\.org|aclweb\.org/anthology)/(?:[A-Z]/[A-Z]\d\d/)?"
                    r"([A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+)(?:v\d+)?(?:\.pdf)?/?$", re.I)
PUBMED_RE = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{4,9})/?$", re.I)
PMC_RE = re.compile(r"ncbi\.nlm\.nih\.gov/pmc/articles/(PMC\d+)/?", re.I)
BIORXIV_RE = re.compile(r"(?:bio|med)rxiv\.org/content/(10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,})", re.I)
# Proceedings pages that name one paper (identity within the list, no id a source's batch accepts)
PROCEEDINGS_RE = re.compile(
    r"(proceedings\.mlr\.press/v\d+/[^/?#]+?)(?:\.html|\.pdf|/[^/]*\.pdf)?$"
    r"|((?:papers\.nips\.cc|proceedings\.neurips\.cc)/paper(?:_files)?/(?:paper/)?\d{4}/(?:hash|file)/[0-9a-f]{32})"
    r"|(openaccess\.thecvf\.com/content(?:_[A-Za-z0-9_]+)?/(?:[A-Za-z0-9_]+/)*(?:papers|html)/[^/?#]+?)"
    r"(?:_paper)?\.(?:pdf|html)$"
    r"|(ecva\.net/papers/[^?#]+?)\.(?:pdf|php)$"
    r"|(ojs\.aaai\.org/index\.php/AAAI/article/(?:view|download)/\d+)"
    r"|(ijcai\.org/proceedings/\d{4}/\d+)"
    r"|(jmlr\.org/papers/v\d+/[^/?#.]+)",
    re.I)
OPENREVIEW_ID_RE = re.compile(r"^[A-Za-z0-9_-]{5,}$")
URL_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
HOSTLIKE_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/|$)", re.I)


@dataclass(frozen=True)
class Identifier:
    """One scholarly identifier: ``kind`` is ``arxiv``, ``doi``, ``openreview``, ``s2``, ``acl``, ``pmid``,
    ``pmcid`` or ``proceedings`` (a proceedings page, keyed by its normalised URL)."""

    kind: str
    value: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.value.lower())


@lru_cache(maxsize=65536)
def repair_url(url: str) -> str | None:
    """A usable http(s) URL, or None. A scheme-less ``github.com/x`` becomes ``https://github.com/x``; ``//x``
    becomes ``https://x``; anything else that is not http(s) (``javascript:``, ``data:``, ``file:``, ``mailto:``,
    a relative path, an in-page ``#anchor``) is refused."""
    url = url.strip().strip("<>").strip()
    if not url or any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in url) or " " in url:
        return None
    url = url.replace('"', "%22").replace("<", "%3C").replace(">", "%3E").replace("\\", "%5C")
    if url.startswith("//"):
        url = "https:" + url
    elif not URL_SCHEME_RE.match(url):
        if HOSTLIKE_RE.match(url):
            url = "https://" + url
        else:
            return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        return None
    return url


def host_of(url: str) -> str:
    host = urlsplit(url).netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host


def _host_is(host: str, names: tuple[str, ...]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def arxiv_from_url(url: str) -> str | None:
    m = ARXIV_URL_RE.search(url)
    if not m:
        return None
    raw = unquote(m.group(1) or m.group(2)).rstrip("/")
    raw = re.sub(r"\.pdf$", "", raw, flags=re.I)
    raw = re.sub(r"^(?:pdf|abs)/", "", raw)
    return normalize_arxiv(raw)


def doi_from_url(url: str) -> str | None:
    """A DOI from doi.org links and from publisher URLs that embed one (``dl.acm.org/doi/10.1145/...``,
    ``link.springer.com/article/10.1007/...``, ``biorxiv.org/content/10.1101/...``); arXiv's own DOIs
    (``10.48550/arXiv.ID``) are left to :func:`arxiv_from_url`."""
    m = BIORXIV_RE.search(url)
    if m:
        return normalize_doi(m.group(1))
    m = DOI_IN_URL_RE.search(unquote(url))
    if not m:
        return None
    doi = m.group(1)
    doi = re.sub(r"(\.pdf|\.full|/full|/abstract|/pdf|/epdf|/meta|/fulltext\.html?)+$", "", doi, flags=re.I)
    doi = doi.rstrip(".,;)]")
    if doi.lower().startswith("10.48550/arxiv."):
        return None
    return normalize_doi(doi)


def openreview_from_url(url: str) -> str | None:
    parts = urlsplit(url)
    if not _host_is(host_of(url), ("openreview.net",)):
        return None
    ids = parse_qs(parts.query).get("id")
    return ids[0] if ids and OPENREVIEW_ID_RE.fullmatch(ids[0]) else None


@lru_cache(maxsize=65536)
def identifiers_in_url(url: str) -> tuple[Identifier, ...]:
    """Every scholarly identifier a URL names (usually none or one)."""
    found: list[Identifier] = []
    arxiv = arxiv_from_url(url)
    if arxiv:
        return (Identifier("arxiv", arxiv),)
    m = re.search(r"10\.48550/arxiv\.([0-9.]+\d)", unquote(url), re.I)
    if m and normalize_arxiv(m.group(1)):
        return (Identifier("arxiv", normalize_arxiv(m.group(1)) or ""),)
    host = host_of(url)
    openreview = openreview_from_url(url)
    if openreview:
        return (Identifier("openreview", openreview),)
    m = S2_URL_RE.search(url)
    if m:
        return (Identifier("s2", m.group(1).lower()),)
    m = ACL_RE.search(url.split("?")[0].split("#")[0])
    if m and _host_is(host, ("aclanthology.org", "aclweb.org")):
        found.append(Identifier("acl", m.group(1)))
    m = PUBMED_RE.search(url.split("?")[0].split("#")[0])
    if m:
        found.append(Identifier("pmid", m.group(1)))
    m = PMC_RE.search(url)
    if m:
        found.append(Identifier("pmcid", m.group(1).upper()))
    doi = doi_from_url(url) if not _host_is(host, CODE_HOSTS) else None
    if doi:
        found.append(Identifier("doi", doi))
    if not found:
        m = PROCEEDINGS_RE.search(url.split("?")[0].split("#")[0])
        if m:
            value = next(g for g in m.groups() if g)
            found.append(Identifier("proceedings", re.sub(r"^(www\.)", "", value.lower())))
    return tuple(found)


def label_words(label: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:[.'][^\W_]+)*|[&/|·-]", label.lower())


@lru_cache(maxsize=65536)
def is_label(text: str) -> bool:
    """Does ``text`` name a link (``pdf``, ``[Paper]``, ``Project Page``, ``code (official)``, ``arXiv 2023``)
    rather than a work? Every word is a link word, a year or a number."""
    words = label_words(text)
    if not words:
        return True
    if all(w in LABEL_WORDS or re.fullmatch(r"(19|20)\d\d|v?\d+", w) for w in words):
        return True
    # "official code - caffe", "code (PyTorch)", "Unofficial implementation in JAX": a link word and frameworks
    return len(words) <= 6 and words[0] in LABEL_WORDS and words[0] not in ("the", "a", "our", "its", "and") and \
        all(w in LABEL_WORDS or w in FRAMEWORK_WORDS or re.fullmatch(r"v?\d+(\.\d+)*", w) for w in words)


@lru_cache(maxsize=65536)
def classify_link(label: str, url: str) -> str:
    """``paper``, ``code`` or ``project`` from the link's label and host."""
    host = host_of(url)
    words = set(label_words(label))
    if identifiers_in_url(url) or (_host_is(host, PAPER_HOSTS) and _has_path(url)):
        return "paper"
    if words & PAPER_LABEL_WORDS and not words & CODE_LABEL_WORDS and not _host_is(host, CODE_HOSTS):
        return "paper"
    if host.endswith("github.io"):
        return "project"
    if _host_is(host, CODE_HOSTS) or words & CODE_LABEL_WORDS:
        return "code"
    if urlsplit(url).path.lower().endswith(".pdf"):
        return "paper"
    return "project"


@lru_cache(maxsize=65536)
def is_paper_like_url(url: str) -> bool:
    """A link that points at a paper (an identifier, a page on a publisher or proceedings host, a PDF)."""
    return bool(identifiers_in_url(url)) or (_host_is(host_of(url), PAPER_HOSTS) and _has_path(url)) \
        or urlsplit(url).path.lower().endswith(".pdf")


def _has_path(url: str) -> bool:
    """More than a site's home page (``https://www.aaai.org/`` names a society, not a paper)."""
    parts = urlsplit(url)
    return parts.path.strip("/") not in ("", "index.html", "index.php") or bool(parts.query)
