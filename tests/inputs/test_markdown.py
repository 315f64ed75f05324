"""graphbuild import reads awesome lists as people write them: the seed, real lists of every style in SOURCES.tsv (read
from ../shared/corpus, never copied here), every entry style, odd links, non-Latin headings, bad files."""

from __future__ import annotations

import csv
import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.inputs import parse_markdown
from graphbuild.inputs.links import is_label
from graphbuild.inputs.listfile import render_catalog

from helpers import SHARED, SHIPPED_CATALOG, shared_file

# Independent of the importer: any arxiv.org/abs|pdf|html link in the raw text (as SOURCES.tsv counts them).
ARXIV_LINK_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)


def read_shared(relative: str) -> str:
    return shared_file(relative).read_text(encoding="utf-8")


def test_seed_imports_exactly_the_shipped_list():
    result = parse_markdown(read_shared("seed/awesome-large-speech-models.md"), "seed.md")
    shipped = load_catalog(SHIPPED_CATALOG)
    assert result.problems == []
    assert [p.id for p in result.papers] == [p.id for p in shipped.papers]
    by_id = shipped.by_id
    for paper in result.papers:
        ours = by_id[paper.id]
        assert paper.links == ours.links, paper.id
        assert (paper.title, paper.year, paper.venue, paper.remark) == (ours.title, ours.year, ours.venue, ours.remark)
        if paper.id == "salmonn":  # the list links OpenReview only; the arXiv id is a curated fix
            assert paper.arxiv is None and paper.openreview == ours.openreview == "14rn7HpKVk"
        else:
            assert paper.arxiv == ours.arxiv, paper.id
    groups: dict[str, set] = {}
    for paper in result.papers:
        groups.setdefault(paper.category, set()).add(paper.id)
    shipped_groups: dict[str, set] = {}
    for paper in shipped.papers:
        shipped_groups.setdefault(paper.category, set()).add(paper.id)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, shipped_groups.values()))
    assert [c.label for c in result.categories] == [
        "Survey", "Speech/Audio-Text Large Language Model", "Speech Tokenization/Discretization",
        "Speech Recognition & Translation", "Self-supervise Pretrain Speech Model", "Speech Synthesis",
        "Audio/Music/Others"]
    assert all(len(c.id) <= 40 for c in result.categories)
    owsm = next(p for p in result.papers if p.id == "owsm-v3.1")  # its link is broken across 14 lines
    assert owsm.links["code"] == "https://github.com/espnet/espnet/tree/master/egs2/owsm_v3.1/s2t1"


def test_a_real_list_in_another_style():
    result = parse_markdown(read_shared("corpus/awesome-speech-pretraining.md"), "awesome-speech-pretraining.md")
    assert result.problems == []
    assert len(result.papers) == 29  # every paper item, nothing from the statistics tables
    # the sections are "## Papers" then "### 2018" ...: the tree is kept, each year a child of Papers
    assert [(c.label, c.parent) for c in result.categories] == [("Papers", None)] + [
        (year, "papers") for year in ["2018", "2019", "2020", "2021", "2022"]]
    cpc = result.papers[0]
    assert (cpc.id, cpc.remark, cpc.arxiv, cpc.year, cpc.venue) == ("cpc", "CPC", "1807.03748", 2018, "arXiv")
    assert cpc.title == "Representation Learning with Contrastive Predictive Coding"
    assert cpc.authors == ("A Oord et al",)
    vq = next(p for p in result.papers if p.arxiv == "1910.05453")  # `arXiv 2019, ICLR 2020`
    assert (vq.year, vq.venue) == (2020, "ICLR")
    data2vec = result.papers[-1]  # a blog link, but a title with a venue and year
    assert data2vec.title.startswith("data2vec") and data2vec.year == 2022 and data2vec.arxiv is None
    assert len(parse_catalog(render_catalog(result, "x.md")).papers) == 29


def corpus_lists() -> list:
    """One case per real list in ../shared/corpus/lists (SOURCES.tsv says what each is)."""
    path = SHARED / "corpus" / "lists" / "SOURCES.tsv"
    if not path.exists():
        return [pytest.param({}, marks=pytest.mark.skip(reason=f"needs {path} (../shared beside the clone)"))]
    with open(path, encoding="utf-8") as f:
        return [pytest.param(row, id=row["file"][:30]) for row in csv.DictReader(f, delimiter="\t")]


# What each real list's headings (and group bullets, <summary> texts, bold sub-headings) say its categories are:
# a few each, checked by eye against the file.
EXPECTED_CATEGORIES = {
    "CHIANGEL__Awesome-LLM-for-RecSys.md": ["User- and Item-level Feature Augmentation",
                                            "LLM for RS Pipeline Controller", "Benchmarks"],
    # "### 2.2 Planning & Reasoning" and "### 3.2 Planning & Reasoning": the second says whose it is
    "JayCheng113__awesome-gameagent-papers.md": ["Surveys", "Perception & World Modeling",
                                                 "Planning & Reasoning",
                                                 "Minecraft & Open-World Embodied Agents / Planning & Reasoning"],
    "amirhossein-kz__Awesome-Diffusion-Models-in-Medical-Imaging.md": ["Survey Papers", "Anomaly Detection",
                                                                       "Inpainting", "Multi-task"],
    "benedekrozemberczki__awesome-fraud-detection-papers.md": ["2023", "2015", "1995"],
    "krantiparida__awesome-audio-visual.md": ["Audio-Visual Localization", "Uncategorized Papers"],
    "opendilab__awesome-model-based-RL.md": ["Classic Model-Based RL Papers", "NeurIPS 2025", "ICLR 2021"],
    "rstanjieyi__GeoAI-in-CVPR-2025.md": ["CVPR 2025 Accepted Paper List"],
    "thunlp__TAADpapers.md": ["Survey Papers", "Word-level Attack", "Certified Robustness"],
}
NOT_CATEGORIES = re.compile(r"content|contributor|licen[cs]e|star|citation|acknowledg", re.I)


@pytest.mark.slow
@pytest.mark.parametrize("source", corpus_lists())
def test_real_lists_of_every_style(source):
    text = read_shared(f"corpus/lists/{source['file']}")
    result = parse_markdown(text, source["file"])
    linked = {m.group(1).lower() for m in ARXIV_LINK_RE.finditer(text)}
    assert len(linked) == int(source["arxiv_ids"])  # our count agrees with the corpus's own
    imported = {key[1] for p in result.papers for key in p.identities if key[0] == "arxiv"}
    assert not linked - imported, f"arXiv ids linked but not imported: {sorted(linked - imported)}"
    held = {p.arxiv for p in result.papers if p.arxiv}
    assert len(linked & held) / len(linked) >= 0.98  # ids kept as a paper's own arXiv id in papers.yaml
    for paper in result.papers:
        assert not is_label(paper.title), (paper.line, paper.title)
        assert not re.match(r"https?://|www\.", paper.title), paper.title
        assert not re.match(r"(?i)\W*authors?\b|\W*author\(s\)", paper.title), paper.title
        assert not re.search(r"\]\(|\*\*|<\w", paper.title), paper.title  # no markup left in titles
        assert paper.venue is None or not re.search(r"(?<!\d)(19|20)\d\d(?!\d)", paper.venue), paper.venue
    labels = [c.label for c in result.categories]
    for expected in EXPECTED_CATEGORIES.get(source["file"], []):
        assert expected in labels
    assert not [label for label in labels if NOT_CATEGORIES.search(label)]
    assert len({c.id for c in result.categories}) == len(result.categories)
    assert all(len(c.id) <= 40 for c in result.categories)
    catalog = parse_catalog(render_catalog(result, source["file"]))  # a papers.yaml graphbuild accepts
    assert len(catalog.papers) == len(result.papers)


def import_(text: str, name: str = "list.md"):
    return parse_markdown(textwrap.dedent(text), name)


def test_venue_tags_typed_with_a_left_quote_or_glued_to_the_title():
    """Seen on a list no test had read (XiaoxinHe/Awesome-Graph-LLM): ``(*TKDE‘23*)`` with the opening quote as its
    apostrophe, and ``(*arXiv 2024.02*)Large …`` with no space before the title."""
    result = import_("""\
        ## Knowledge Graph
        - (*TKDE‘23*) AutoAlign: Fully Automatic Knowledge Graph Alignment [[paper](https://arxiv.org/abs/2307.11772)]
        - (*arXiv 2024.02*)Large Language Model Meets Graph Neural Network [[paper](https://arxiv.org/abs/2402.05894)]
        - (*NeurIPS´22*) A Third One With an Acute Accent [[paper](https://arxiv.org/abs/2205.00001)]
        """)
    first, second, third = result.papers
    assert (first.title, first.venue, first.year) == ("AutoAlign: Fully Automatic Knowledge Graph Alignment",
                                                      "TKDE", 2023)
    assert (second.title, second.venue, second.year) == ("Large Language Model Meets Graph Neural Network",
                                                         "arXiv", 2024)
    assert (third.title, third.venue, third.year) == ("A Third One With an Acute Accent", "NeurIPS", 2022)


def test_paragraph_entries_without_bullets():
    result = import_("""\
        ## Segmentation

        **DiffSeg: A Segmentation Model** \\
        *Jane Doe, John Roe* \\
        [07th Aug., 2025] [MICCAI, 2025] \\
        [[Paper](http://arxiv.org/abs/2508.09177v1)] [[GitHub](https://github.com/x/y)]

        **Second Paper Without arXiv** \\
        *Ann Lee* \\
        [01st May, 2024] [IEEE TMI, 2024] \\
        [[Paper](https://ieeexplore.ieee.org/document/123456)]
        """)
    first, second = result.papers
    assert (first.title, first.arxiv, first.year, first.venue) == ("DiffSeg: A Segmentation Model", "2508.09177",
                                                                  2025, "MICCAI")
    assert first.authors == ("Jane Doe", "John Roe") and first.links["code"] == "https://github.com/x/y"
    assert (second.title, second.venue, second.year) == ("Second Paper Without arXiv", "IEEE TMI", 2024)
    assert [c.label for c in result.categories] == ["Segmentation"]


def test_date_prefixed_bold_titles_and_a_news_section():
    result = import_("""\
        ## News
        - [2024/05] We added 20 papers. See [our survey](https://arxiv.org/abs/2403.10249).
        - [2024/04] **Release v2** of the list.

        ## Surveys
        - [2024/03] **A Survey on Game Agents: Methods** *arXiv* [[paper](https://arxiv.org/abs/2403.10249)] `#survey`
        - 【2023-10】 **Genie: Generative Interactive Environments** *ICML 2024* [[paper](https://arxiv.org/abs/2402.15391)]
        """)
    assert [(p.title, p.year, p.venue, p.category) for p in result.papers] == [
        ("A Survey on Game Agents: Methods", 2024, "arXiv", "surveys"),
        ("Genie: Generative Interactive Environments", 2024, "ICML", "surveys")]
    assert result.problems == [] and result.skipped["entries listing a paper again"] == 1


def test_a_parent_bullet_with_children_for_authors_and_links():
    result = import_("""\
        ## 2023
        - **Semi-supervised Fraud Detection via Graphs (AAAI 2023)**
          - **Author(s):** Sheng Xiang, Mingzhi Zhu
          - ![stars](https://img.shields.io/github/stars/x/y)
          - [Paper](https://arxiv.org/abs/2302.10407) / [Demo](https://x.github.io/demo)
        - **A Framework for Few Labels (WSDM 2023)**
          - Ya-Lin Zhang, Yi-Xuan Sun, Fangfang Fan
          - [[Paper]](https://dl.acm.org/doi/10.1145/3539597.3573022)
          - [[Code]](https://github.com/finint/antifraud)
        """)
    first, second = result.papers
    assert (first.title, first.venue, first.year, first.arxiv) == ("Semi-supervised Fraud Detection via Graphs",
                                                                  "AAAI", 2023, "2302.10407")
    assert first.authors == ("Sheng Xiang", "Mingzhi Zhu") and first.links["project"] == "https://x.github.io/demo"
    assert (second.title, second.doi, second.venue) == ("A Framework for Few Labels", "10.1145/3539597.3573022",
                                                       "WSDM")
    assert second.authors == ("Ya-Lin Zhang", "Yi-Xuan Sun", "Fangfang Fan")
    assert second.links == {"paper": "https://dl.acm.org/doi/10.1145/3539597.3573022",
                            "code": "https://github.com/finint/antifraud"}


def test_bare_urls_and_details_blocks():
    result = import_("""\
        # TTS papers
        <details open>
        <summary>Acoustic models</summary>

        - FastSpeech: https://arxiv.org/pdf/1905.09263.pdf
        - Tacotron 2 (https://arxiv.org/abs/1712.05884)

        </details>

        <details><summary>Vocoders</summary>

        * WaveNet: https://arxiv.org/abs/1609.03499 and code at github.com/ibab/tensorflow-wavenet
        </details>
        """)
    assert [(p.title, p.arxiv, p.category) for p in result.papers] == [
        ("FastSpeech", "1905.09263", "acoustic-models"), ("Tacotron 2", "1712.05884", "acoustic-models"),
        ("WaveNet", "1609.03499", "vocoders")]
    assert result.papers[2].links["code"] == "https://github.com/ibab/tensorflow-wavenet"


def test_backtick_labels_and_titles_between_pipes():
    result = import_("""\
        ## Detection
        - **[R-CNN]** Rich feature hierarchies for accurate object detection | **[CVPR' 14]** | [`[pdf]`](https://arxiv.org/pdf/1311.2524.pdf) [`[official code]`](https://github.com/rbgirshick/rcnn)
        - **[Fast R-CNN]** Fast R-CNN | **[ICCV' 15]** | [`[pdf]`](https://arxiv.org/pdf/1504.08083.pdf)
        """)
    rcnn = result.papers[0]
    assert rcnn.arxiv == "1311.2524" and rcnn.links["code"] == "https://github.com/rbgirshick/rcnn"
    assert rcnn.title == "Rich feature hierarchies for accurate object detection"
    assert rcnn.remark == "R-CNN" and rcnn.venue == "CVPR" and rcnn.year == 2014
    assert result.papers[1].arxiv == "1504.08083"


def test_link_paragraphs_indented_under_group_bullets():
    result = import_("""\
        ## Models
        - Vision

          [An Image is Worth 16x16 Words](https://openreview.net/forum?id=YicbFdNTTy) `ICLR 2021`

          [Masked Autoencoders Are Scalable Vision Learners](https://arxiv.org/abs/2111.06377)
        - Language
          - [Attention Is All You Need](https://arxiv.org/abs/1706.03762v5) - the transformer.
        """)
    assert [(p.title, p.category) for p in result.papers] == [
        ("An Image is Worth 16x16 Words", "models-vision"),
        ("Masked Autoencoders Are Scalable Vision Learners", "models-vision"),
        ("Attention Is All You Need", "models-language")]
    assert [(c.label, c.parent) for c in result.categories] == [
        ("Models", None), ("Models / Vision", "models"), ("Models / Language", "models")]
    assert result.papers[0].openreview == "YicbFdNTTy" and result.papers[0].year == 2021


def test_numbered_items_with_the_link_on_the_second_line():
    result = import_("""\
        ## Models
        1. **Graph Attention Networks.**
        *Petar Veličković, Guillem Cucurull.* ICLR 2018. [paper](https://arxiv.org/pdf/1710.10903.pdf)
        1. **Graph Networks as Learnable Physics Engines.**
        *Alvaro Sanchez-Gonzalez.* NeurIPS 2018.
        [paper](https://arxiv.org/abs/1806.01242)

        ## Libraries
        1. [PyTorch Geometric](https://github.com/rusty1s/pytorch_geometric) - a library.
        2. [DGL](github.com/dmlc/dgl)
        """)
    gat, physics = result.papers
    assert (gat.title, gat.arxiv, gat.year, gat.venue) == ("Graph Attention Networks", "1710.10903", 2018, "ICLR")
    assert gat.authors == ("Petar Veličković", "Guillem Cucurull")
    assert (physics.arxiv, physics.venue, physics.year) == ("1806.01242", "NeurIPS", 2018)
    assert result.skipped["no paper link (code, models, data, tools or other pages)"] == 2  # libraries


def test_tables_markdown_and_html():
    result = import_("""\
        ## Benchmarks
        | Name | Paper | Publication | Link |
        |---|---|---|---|
        | GLUE | GLUE: A Multi-Task Benchmark | ICLR 2019 | [[Link]](https://arxiv.org/abs/1804.07461) |
        | SGLUE | SuperGLUE: A Stickier Benchmark for General-Purpose Systems | NeurIPS 2019 | |
        | Broken Row With A Long Title Left Out Of Its Column | WWW 2025 | |[[Link]](https://arxiv.org/abs/2502.19628) |

        ## Stats
        | Model | Params |
        |---|---|
        | BERT | 110M |

        ## More
        <table>
        <tr><th>Title</th><th>Venue</th></tr>
        <tr><td><a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a></td><td>NeurIPS 2017</td></tr>
        </table>
        """)
    glue, superglue, broken, attention = result.papers
    assert (glue.title, glue.remark, glue.venue, glue.year, glue.arxiv) == (
        "GLUE: A Multi-Task Benchmark", "GLUE", "ICLR", 2019, "1804.07461")
    assert (superglue.arxiv, superglue.venue) == (None, "NeurIPS")  # a titled row with a venue and year
    assert broken.arxiv == "2502.19628" and broken.title.startswith("Broken Row")
    assert (attention.title, attention.arxiv, attention.venue, attention.year) == (
        "Attention Is All You Need", "1706.03762", "NeurIPS", 2017)
    assert result.skipped["table rows without a paper"] == 1


def test_headings_that_are_titles():
    result = import_("""\
        ## Accepted Papers
        #### AnySat: An Earth Observation Model
        > Guillaume Astruc, Nicolas Gonthier.

        * Paper: https://arxiv.org/abs/2412.14123
        * Code: https://github.com/gastruc/AnySat
        * <details>
            <summary>Abstract (Click to expand):</summary>
            We propose AnySat, see https://arxiv.org/abs/9999.99999.
          </details>

        #### Open-Canopy: Forest Monitoring
        * Paper: https://arxiv.org/pdf/2407.09392
        """)
    assert [(p.title, p.arxiv, p.category) for p in result.papers] == [
        ("AnySat: An Earth Observation Model", "2412.14123", "accepted-papers"),
        ("Open-Canopy: Forest Monitoring", "2407.09392", "accepted-papers")]
    assert result.papers[0].authors == ("Guillaume Astruc", "Nicolas Gonthier")


def test_identifiers_of_every_kind_and_duplicates():
    result = import_("""\
        ## Papers
        - [Paper A at ACL](https://aclanthology.org/2020.acl-main.1.pdf)
        - [Paper B at PMLR](https://proceedings.mlr.press/v139/radford21a.html)
        - [Paper C at NeurIPS](https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html)
        - [Paper D at CVPR](https://openaccess.thecvf.com/content/CVPR2022/papers/Hu_Mix_and_Localize_CVPR_2022_paper.pdf)
        - [Paper E on bioRxiv](https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full)
        - [Paper F on PubMed](https://pubmed.ncbi.nlm.nih.gov/31234567/)
        - [Paper G on S2](https://www.semanticscholar.org/paper/Title/0123456789abcdef0123456789abcdef01234567)
        - [Paper H at AAAI](https://ojs.aaai.org/index.php/AAAI/article/view/16000)
        - [Paper I old arXiv](http://arxiv.org/abs/hep-th/9901001v2)

        ## Abbreviations
        - [A](https://aclanthology.org/2020.acl-main.1/)
        """)
    by_title = {p.title: p for p in result.papers}
    assert len(result.papers) == 9  # the abbreviation repeats paper A: listed once, in its real category
    assert by_title["Paper A at ACL"].identities == [("acl", "2020.acl-main.1")]
    assert by_title["Paper A at ACL"].category == "papers"
    assert by_title["Paper E on bioRxiv"].doi == "10.1101/2020.01.01.123456"
    assert by_title["Paper F on PubMed"].identities == [("pmid", "31234567")]
    assert by_title["Paper G on S2"].s2 == "0123456789abcdef0123456789abcdef01234567"
    assert by_title["Paper I old arXiv"].arxiv == "hep-th/9901001"
    assert all(p.identities for p in result.papers)


def test_odd_links_are_dropped_and_reported_and_the_rest_imported():
    result = import_("""\
        ## Papers
        - [Good Paper Title](https://arxiv.org/abs/2001.00001) [[code]](javascript:alert(1)) [[data]](data:text/html,x)
        - [Another Good Paper](https://arxiv.org/abs/2001.00002) [[code]]() [[pdf]](file:///etc/passwd)
        - [A third with \x07 bell](https://arxiv.org/abs/2001.00003) [[site]](<https://ex ample.org>)
        """, "odd.md")
    assert [p.arxiv for p in result.papers] == ["2001.00001", "2001.00002", "2001.00003"]
    assert all(set(p.links) == {"paper"} for p in result.papers)  # no `code: ""`, no javascript:
    assert result.papers[2].title == "A third with bell"
    catalog = parse_catalog(render_catalog(result, "odd.md"))
    assert len(catalog.papers) == 3


def test_non_latin_headings_stay_distinct():
    result = import_("""\
        ## 语音
        - [Speech Paper One](https://arxiv.org/abs/2001.00001)
        ## 文本
        - [Text Paper Two](https://arxiv.org/abs/2001.00002)
        ## ~
        - [Other Paper Three](https://arxiv.org/abs/2001.00003)
        ## Ελληνικά
        - [Greek Paper Four](https://arxiv.org/abs/2001.00004)
        """)
    ids = [c.id for c in result.categories]
    assert len(set(ids)) == 4 and [c.label for c in result.categories] == ["语音", "文本", "~", "Ελληνικά"]
    assert len({p.category for p in result.papers}) == 4
    parse_catalog(render_catalog(result, "x.md"))


def test_an_identifier_without_a_title_is_imported_with_a_provisional_title():
    result = import_("""\
        ## Papers
        - [[paper]](https://arxiv.org/abs/2106.07447) [[code]](https://github.com/x/y)
        - [pdf](https://example.org/paper.pdf)
        """, "untitled.md")
    (paper,) = result.papers
    assert (paper.title, paper.provisional_title, paper.year) == ("arXiv:2106.07447", True, 2021)
    assert result.problems == ["untitled.md:3: a paper link without a title: add the title, or link an arXiv/DOI page"]
    catalog = parse_catalog(render_catalog(result, "x.md"))
    assert catalog.papers[0].title_is_provisional


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["## Heading", "# Title", "- **Bold** , 2020 , X [[paper](https://arxiv.org/abs/2001.00001)]",
                     "- [A Title Here](https://arxiv.org/abs/2002.00002) (ICML 2020)", "| Title | Year |", "|---|---|",
                     "| [T t](http://x) | 2021 |", "(https://github.com/a/b)]", "   - nested", "```", "[[github]",
                     "* [](http://)", "1. **", "<a id=\"x\"></a>", "<details><summary>S</summary>", "</details>",
                     "<table><tr><td>", "https://arxiv.org/abs/2003.00003", "**Bold alone**", "> quote",
                     "  [Indented Link Title](https://doi.org/10.1000/xyz)", "<h2>HTML heading</h2>"]),
), max_size=30))
def test_no_input_crashes_the_importer(lines):
    result = parse_markdown("\n".join(lines), "fuzz.md")
    for paper in result.papers:
        assert paper.title and paper.category and paper.id
    assert all(p.startswith("fuzz.md:") for p in result.problems)
    if result.papers:
        parse_catalog(render_catalog(result, "fuzz.md"))


def test_harvard_style_references_as_scholar_exports_them():
    # an excerpt of yzhao062/anomaly-detection-resources: "Surname, I., ... YEAR[, Month]. Title. *Venue*, vol(issue)"
    result = import_("""\
        ### 4.1. Overview & Survey Papers

        Chandola, V., Banerjee, A. and Kumar, V., 2009. Anomaly detection: A survey. *ACM computing surveys* , 41(3), p.15. [[Download PDF]](https://www.vs.inf.ethz.ch/edu/HS2011/CPS/papers/chandola09.pdf )

        Campos, G.O., Zimek, A., Micenková, B. and Houle, M.E., 2016. On the evaluation of unsupervised outlier detection: measures, datasets, and an empirical study. *Data Mining and Knowledge Discovery*, 30(4), pp.891-927. [[HTML]](https://link.springer.com/article/10.1007/s10618-015-0444-8"[HTML]")

        ### 4.2. Key Algorithms
        - Angiulli, F. and Pizzuti, C., 2002, August. Fast outlier detection in high dimensional spaces. In *European Conference on Principles of Data Mining and Knowledge Discovery* pp. 15-27. [[HTML]](https://link.springer.com/chapter/10.1007/3-540-45681-3_2)
        """)
    first, second, third = result.papers
    assert (first.title, first.year, first.venue) == ("Anomaly detection: A survey", 2009, "ACM computing surveys")
    assert first.authors == ("V. Chandola", "A. Banerjee", "V. Kumar")
    assert second.title.startswith("On the evaluation of unsupervised outlier detection: measures")
    assert second.authors[-2:] == ("B. Micenková", "M.E. Houle") and second.doi == "10.1007/s10618-015-0444-8"
    assert (third.title, third.year) == ("Fast outlier detection in high dimensional spaces", 2002)
    assert third.authors == ("F. Angiulli", "C. Pizzuti")


def test_a_reference_under_a_heading_keeps_its_own_title_and_a_bold_name_is_its_remark():
    # yzhao062/anomaly-detection-resources again: a section holding one reference is not a paper titled with the
    # section's heading, and "**Isolation Forest**. Liu, F.T., …" is a short name before a full reference
    result = import_("""\
        ### 4.3. Time-series Outlier Detection

        Gupta, M., Gao, J., Aggarwal, C.C. and Han, J., 2014. Outlier detection for temporal data: A survey. *IEEE Transactions on Knowledge and Data Engineering*, 26(9), pp.2250-2267. [[PDF]](https://www.microsoft.com/en-us/research/wp-content/uploads/2014/01/gupta14_tkde.pdf)

        ### 4.5. Key Algorithms

        - **Isolation Forest**. Liu, F.T., Ting, K.M. and Zhou, Z.H., 2008, December. Isolation forest. In *International Conference on Data Mining*, pp. 413-422. IEEE. [[PDF]](https://cs.nju.edu.cn/zhouzh/zhouzh.files/publication/icdm08b.pdf)
        - **LOF**: Breunig, M.M., Kriegel, H.P., Ng, R.T. and Sander, J., 2000, May. LOF: identifying density-based local outliers. In *ACM SIGMOD Record*, 29(2), pp. 93-104. [[PDF]](http://www.dbs.ifi.lmu.de/Publikationen/Papers/LOF.pdf)
        """)
    gupta, forest, lof = result.papers
    assert (gupta.title, gupta.year) == ("Outlier detection for temporal data: A survey", 2014)
    assert gupta.venue == "IEEE Transactions on Knowledge and Data Engineering" and gupta.authors[0] == "M. Gupta"
    assert (forest.title, forest.remark, forest.year, forest.venue) == \
        ("Isolation forest", "Isolation Forest", 2008, "International Conference on Data Mining")
    assert forest.authors == ("F.T. Liu", "K.M. Ting", "Z.H. Zhou")
    assert (lof.title, lof.remark, lof.venue) == ("LOF: identifying density-based local outliers", "LOF",
                                                  "ACM SIGMOD Record")


def test_a_repository_link_is_no_title_when_a_stray_star_broke_the_bold_one():
    # songqiang321/Awesome-AI-Papers: "Q*" inside the bold title turns it into italics for Markdown, and the entry's
    # second link names a GitHub repository
    result = import_("""\
        ## Large Language Model

        - **From Google Gemini to OpenAI Q* (Q-Star): A Survey of Reshaping the Generative Artificial Intelligence (AI) Research Landscape**, _Mclntosh et al._, arxiv 2023. \\[[paper](https://arxiv.org/abs/2312.10868)\\]\\[[AGI-survey](https://github.com/ulab-uiuc/AGI-survey)\\]
        - **A Survey of Large Language Models**, _Zhao etal._, arxiv 2023. \\[[paper](https://arxiv.org/abs/2303.18223)\\]\\[[code](https://github.com/RUCAIBox/LLMSurvey)\\]
        """)
    survey, llm = result.papers
    assert survey.title.startswith("From Google Gemini to OpenAI Q") and survey.title.endswith("Research Landscape")
    assert survey.links["code"] == "https://github.com/ulab-uiuc/AGI-survey" and survey.arxiv == "2312.10868"
    assert llm.title == "A Survey of Large Language Models"


def test_a_table_cell_that_holds_a_title_and_its_description():
    # dair-ai/ML-Papers-of-the-Week (a9189f3), lines 191, 483, 215 and 1504: the title and a paragraph about the
    # paper share one cell, parted by a wide gap, a dash before a lower-case word, a description's opening verb, or
    # a bold run; the rest of the cell is not the title.
    result = import_("""\
        ## Top ML Papers of the Week (June 9 - June 15) - 2025
        | **Paper**  | **Links** |
        | ------------- | ------------- |
        | 7) Magistral  Mistral introduces Magistral, its first reasoning-focused LLM line, alongside a custom RL training stack that enables pure reinforcement learning from scratch.  Key insights:  <br>● Pure RL can rival distillation: Magistral Medium was trained without any reasoning traces (<think> tags, boxed answers). | [Paper](https://arxiv.org/abs/2506.10910) |
        | 3) Foundations of LLMs - new survey on the foundations of LLMs covering areas such as pre-training, prompting, and alignment methods. | [Paper](https://arxiv.org/abs/2501.09223) |
        | 3) An Operating System for Memory-Augmented Generation in LLMs Introduces a unified operating system for managing memory LLMs, addressing a key limitation in  current architectures: their lack of structured, persistent, and governable memory. | [Paper](https://arxiv.org/abs/2505.22101) |
        | 1) **AlphaMissense** - an AI model classifying missense variants to help pinpoint the cause of diseases; the model is used to develop a catalogue of genetic mutations. | [Paper](https://www.science.org/doi/10.1126/science.adg7492) |
        | 5) Thinking Machines  This survey provides an overview and comparison of existing reasoning techniques. | [Paper](https://arxiv.org/abs/2503.10814) |
        """)
    assert [p.title for p in result.papers] == [
        "Magistral", "Foundations of LLMs", "An Operating System for Memory-Augmented Generation in LLMs",
        "AlphaMissense", "Thinking Machines"]
    # ... while a title with a subtitle after a dash, or with words a description could begin with, stays whole
    # (CHIANGEL/Awesome-LLM-for-RecSys, lines 112 and 320)
    result = import_("""\
        | Name | Paper | LLM Backbone (Largest) | LLM Tuning Strategy | Publication | Link |
        |:---:|:---:|:---:|:---:|:---:|:---:|
        | Stack | A BERT based Ensemble Approach for Sentiment Classification of Customer Reviews and its Application to Nudge Marketing in e-Commerce | BERT-base (110M) | Frozen | Arxiv 2023 | [[Link]](https://arxiv.org/abs/2311.10782) |
        | X | Survey for Landing Generative AI in Social and E-commerce Recsys - the Industry Perspectives | Y | Z | Arxiv 2024 | [[Link]](https://www.arxiv.org/abs/2406.06475) |
        """)
    assert [p.title for p in result.papers] == [
        "A BERT based Ensemble Approach for Sentiment Classification of Customer Reviews and its Application to "
        "Nudge Marketing in e-Commerce",
        "Survey for Landing Generative AI in Social and E-commerce Recsys - the Industry Perspectives"]


def test_a_title_longer_than_300_characters_is_reported_not_written():
    long = "word " * 80
    result = import_(f"""\
        | Paper | Links |
        | --- | --- |
        | {long} | [Paper](https://arxiv.org/abs/2506.10910) |
        """)
    assert [p.title for p in result.papers] == ["arXiv:2506.10910"]
    assert result.problems == ["list.md:3: a title of 399 characters is a paragraph, not a title: "
                               "'word word word word word word word word word word word word'…; its identifier stands in"]


def test_a_venue_tag_before_the_title_leaves_no_brackets_and_a_month_is_no_venue():
    # XiaoxinHe/Awesome-Graph-LLM (an unseen list, RESULTS §4): "- (*NAACL'21*) Title [[paper](…)]" and
    # "- (*arXiv 2023.05*) Title …" gave the titles "() Can Language Models …" and the venue "arXiv .05"
    result = import_("""
        ## Node Classification

        - (*NAACL'21*) Can Language Models Solve Graph Problems in Natural Language? [[paper](https://arxiv.org/abs/2305.10037)]
        - (*arXiv 2023.05*) GPT4Graph: Can Large Language Models Understand Graph Structured Data? [[paper](https://arxiv.org/abs/2305.15066)][[code](https://github.com/x/y)]
        - (*KDD'2024-08*) Graph Mamba: Towards Learning on Graphs with State Space Models [[paper](https://arxiv.org/abs/2402.08678)]
    """)
    got = [(p.title, p.venue, p.year) for p in result.papers]
    assert got == [("Can Language Models Solve Graph Problems in Natural Language?", "NAACL", 2021),
                   ("GPT4Graph: Can Large Language Models Understand Graph Structured Data?", "arXiv", 2023),
                   ("Graph Mamba: Towards Learning on Graphs with State Space Models", "KDD", 2024)]


def test_headings_in_any_script_give_readable_ids():
    # a Chinese list's headings gave ids of escape codes (u5f55-u5236-u5b8c: 37 in one list); now pinyin, and
    # Japanese, Korean, Russian and Greek headings read as their language does
    from graphbuild.inputs.result import slugify

    assert slugify("录制完成") == "lu-zhi-wan-cheng"
    assert slugify("日本語の論文") == "ri-ben-yu-no-lun-wen"
    assert slugify("한국어") == "han-gug-eo"
    assert slugify("Русский язык") == "russkiy-yazyk"
    assert slugify("Ελληνικά") == "ellinika" and slugify("Café Straße") == "cafe-strasse"
    result = import_("""
        ## 语音识别

        - [Robust Speech Recognition via Large-Scale Weak Supervision](https://arxiv.org/abs/2212.04356)

        ## 语音合成

        - [Neural Codec Language Models are Zero-Shot Text to Speech Synthesizers](https://arxiv.org/abs/2301.02111)
    """)
    assert [(c.id, c.label) for c in result.categories] == [("yu-yin-shi", "语音识别"), ("yu-yin-he", "语音合成")]
    assert not [c.id for c in result.categories if re.search(r"u[0-9a-f]{4}", c.id)]


def test_two_entries_that_share_a_page_but_not_a_title_are_two_papers():
    # benedekrozemberczki/awesome-fraud-detection-papers, lines 689-697: the same PDF pasted under two papers; one
    # of them vanished into the other. Now both stay, the link with the first, and the import says where to look
    result = import_("""
        ## 2003
        - **Applying Data Mining in Investigating Money Laundering Crimes (KDD 2003)**
          - Zhongfei (Mark) Zhang, John J. Salerno, Philip S. Yu
          - [[Paper]](https://pdfs.semanticscholar.org/9124/b61d48b7e52008c7fd5fac1b7eac38474581.pdf)

        ## 2000
        - **Document Classification and Visualisation to Support the Investigation of Suspected Fraud (PKDD 2000)**
          - Johan Hagman, Domenico Perrotta, Ralf Steinberger, and Aristi de Varfis
          - [[Paper]](https://pdfs.semanticscholar.org/9124/b61d48b7e52008c7fd5fac1b7eac38474581.pdf)

        ## Again
        - [ResNet](https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html)
        - [Deep Residual Learning for Image Recognition](https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html)
        - [wav2vec 2.0: A Framework for Self-Supervised Learning of Speech Representations](https://arxiv.org/abs/2006.11477)
        - [wav2vec 2.0: self-supervised speech representations (NeurIPS version)](https://arxiv.org/abs/2006.11477)
    """, "fraud.md")
    titles = [p.title for p in result.papers]
    assert titles[:2] == ["Applying Data Mining in Investigating Money Laundering Crimes",
                          "Document Classification and Visualisation to Support the Investigation of Suspected Fraud"]
    first, second = result.papers[:2]
    assert first.links["paper"].endswith("9124/b61d48b7e52008c7fd5fac1b7eac38474581.pdf") and "paper" not in second.links
    assert [n.split(": ", 1)[0] for n in result.notes] == ["fraud.md:8"] and "with line 3 " in result.notes[0]
    # a short name and its title, or one arXiv id under two wordings, are one paper as before
    assert len(result.papers) == 4 and result.skipped["entries listing a paper again"] == 2


def test_a_heading_that_counts_its_papers_names_the_category_without_the_count():
    # an unseen list's "## Event Misunderstanding (7 papers)" (18 categories like it): the count is no part of the
    # name, nor of the id; a year in brackets is
    result = import_("""
        ## Event Misunderstanding (7 papers)
        - [Can Language Models Solve Graph Problems in Natural Language?](https://arxiv.org/abs/2305.10037)
        ## 🔥 Speech (12)
        - [Libri-Light: A Benchmark for ASR with Limited or No Supervision](https://arxiv.org/abs/1912.07875)
        ## 语音 （15篇）
        - [Robust Speech Recognition via Large-Scale Weak Supervision](https://arxiv.org/abs/2212.04356)
        ## CVPR (2023)
        - [Neural Codec Language Models are Zero-Shot Text to Speech Synthesizers](https://arxiv.org/abs/2301.02111)
    """)
    assert [(c.id, c.label) for c in result.categories] == [
        ("event-misunderstanding", "Event Misunderstanding"), ("speech", "Speech"), ("yu-yin", "语音"),
        ("cvpr-2023", "CVPR (2023)")]


def test_a_venue_tag_is_a_venue_not_a_title_wherever_it_stands():
    # OpenDriveLab/End-to-end-Autonomous-Driving, lines 302 and 312: the venue is the paper link's own text (82 of
    # 128 such papers lost it); a list of "**Title** \" lines over "[[WACV 2025](arxiv…)]" (96 papers titled
    # "WACV 2025", "ACM MM 2025"); a line opening with its tagged link; venues spelt every way ("Arxiv", "NIPS")
    result = import_("""
        ## Planning

        - Planning-oriented Autonomous Driving [[CVPR2023]](https://arxiv.org/abs/2212.10156)[[Code]](https://github.com/OpenDriveLab/UniAD)![](https://img.shields.io/github/stars/OpenDriveLab/UniAD.svg?style=social&label=Star&maxAge=2592000)
        - VAD: Vectorized Scene Representation for Efficient Autonomous Driving [[ICCV2023]](https://arxiv.org/abs/2303.12077)[[Code]](https://github.com/hustvl/VAD)
        - [[ECCV2024]](https://arxiv.org/abs/2404.06450) Sparse Planning for End-to-End Driving

        ## Detection

        **Open-Vocabulary Object Detection with Large Models** \\
        [[WACV 2025](https://arxiv.org/abs/2501.00001)] [[code](https://github.com/a/b)]

        **Another Fine Paper on Video Understanding** \\
        [[ACM MM 2025](https://arxiv.org/abs/2501.00002)]

        - **Deep Speech Models** , 2017 , Arxiv [[paper](https://arxiv.org/abs/1701.00001)]
        - **Attention Everywhere** , 2017 , NIPS [[paper](https://arxiv.org/abs/1706.00001)]
    """)
    got = [(p.title, p.venue, p.year) for p in result.papers]
    assert got == [
        ("Planning-oriented Autonomous Driving", "CVPR", 2023),
        ("VAD: Vectorized Scene Representation for Efficient Autonomous Driving", "ICCV", 2023),
        ("Sparse Planning for End-to-End Driving", "ECCV", 2024),
        ("Open-Vocabulary Object Detection with Large Models", "WACV", 2025),
        ("Another Fine Paper on Video Understanding", "ACM MM", 2025),
        ("Deep Speech Models", "arXiv", 2017),
        ("Attention Everywhere", "NeurIPS", 2017)]


def test_a_summary_that_holds_an_identifier_is_the_paper_not_a_section():
    # an unseen list puts each paper in "<details><summary>Title: http://arxiv.org/abs/…</summary>" with a bare
    # URL and its notes inside: those papers were lost (10 of 39 ids), their summaries taken for sections
    result = import_("""
        ## Models

        <details><summary>Attention Is All You Need: http://arxiv.org/abs/1706.03762</summary>

        Notes about it, with a [blog post](https://example.org/post).
        </details>

        <details>
        <summary>BERT: Pre-training of Deep Bidirectional Transformers: https://arxiv.org/abs/1810.04805</summary>
        </details>

        <details><summary>Older papers</summary>

        - [Long Short-Term Memory](https://doi.org/10.1162/neco.1997.9.8.1735)
        </details>
    """)
    got = [(p.title, p.arxiv or p.doi, p.line, c.label)
           for p in result.papers for c in result.categories if c.id == p.category]
    assert got == [("Attention Is All You Need", "1706.03762", 4, "Models"),  # the line its <details> opens
                   ("BERT: Pre-training of Deep Bidirectional Transformers", "1810.04805", 9, "Models"),
                   ("Long Short-Term Memory", "10.1162/neco.1997.9.8.1735", 15, "Older papers")]


def test_a_conference_list_gives_its_papers_the_venue_its_heading_or_title_names():
    # rstanjieyi/GeoAI-in-CVPR-2025 (its title names the conference: its 24 papers had no venue, 11 the year of
    # their preprint); a conference list's "## ICCV 2023 Papers" over a table, or "## Papers at CVPR 2024"
    result = import_("""
        # GeoAI in CVPR 2025

        ## Remote Sensing

        - [AnySat: An Earth Observation Model for Any Resolutions, Scales, and Modalities](https://arxiv.org/abs/2412.14123)

        ## ICCV 2023 Papers

        | Title | Links |
        |---|---|
        | Segment Anything | [arXiv](https://arxiv.org/abs/2304.02643) |

        ## Papers at CVPR 2024

        - [Rich Human Feedback for Text-to-Image Generation](https://arxiv.org/abs/2312.10240)
        - [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239) (NeurIPS 2020)
    """)
    got = [(p.title.split(":")[0], p.venue, p.year) for p in result.papers]
    assert got == [("AnySat", "CVPR", 2025), ("Segment Anything", "ICCV", 2023),
                   ("Rich Human Feedback for Text-to-Image Generation", "CVPR", 2024),
                   ("Denoising Diffusion Probabilistic Models", "NeurIPS", 2020)]  # its own venue first


def test_a_conference_list_keeps_its_papers_that_link_no_paper():
    # rstanjieyi/GeoAI-in-CVPR-2025 lines 53-58 and 86-91: 12 of its 36 papers link a project page, a faculty page
    # labelled "Paper:", or nothing; they were lost (24 imported)
    result = import_("""
        # GeoAI in CVPR 2025

        ## CVPR 2025 Accepted

        #### ABBSPO: Adaptive Bounding Box Scaling and Symmetric Prior based Orientation Prediction for Detecting Aerial Image Objects

        > Woojin Lee, Hyugjae Chang, Jaeho Moon, Jaehyup Lee, Munchurl Kim

        * Paper: None
        * Project: https://kaist-viclab.github.io/ABBSPO_site/

        #### PointSR: Self-regularized Point Supervision for Drone-view Object Detection

        > Weizhuo Li, Yue Xi, Wenjing Jia, zehao zhang, Fei Li, Xiangzeng Liu, Qiguang Miao

        * Paper: https://faculty.xidian.edu.cn/LIUXIANGZENG/zh_CN/lwcg/405906/content/281985.htm
        * Code: None
    """)
    got = [(p.title.split(":")[0], p.venue, p.year, sorted(p.links)) for p in result.papers]
    assert got == [("ABBSPO", "CVPR", 2025, ["project"]), ("PointSR", "CVPR", 2025, ["paper"])]


def test_a_heading_without_a_conference_gives_no_paper_to_an_entry_without_a_paper_link():
    result = import_("""
        # Reading

        ## Tools

        #### Weights and Biases: experiment tracking for everyone

        * Project: https://wandb.ai/site
    """)
    assert result.papers == []


@pytest.mark.parametrize("line, venue, year", [
    # CHIANGEL/Awesome-LLM-for-RecSys line 5: the closing bracket belongs to the venue
    (":tada: Our survey paper has been accepted by **_ACM Transactions on Information Systems (TOIS)_**: "
     "[How Can Recommender Systems Benefit from Large Language Models: A Survey](https://dl.acm.org/doi/10.1145/3678004)",
     "ACM Transactions on Information Systems (TOIS)", None),
    # OpenDriveLab/End-to-end-Autonomous-Driving line 940: a venue run into the next word
    ("- ScenarioNet: Open-Source Platform for Large-Scale Traffic Scenario Simulation and Modeling "
     "[[NeurIPSDataset2023]](https://arxiv.org/abs/2306.12241)", "NeurIPS Dataset", 2023),
    # krantiparida/awesome-audio-visual line 139: the last author's initial is no part of the venue
    ("* [Few-Shot Audio-Visual Learning of Environment Acoustics](https://proceedings.neurips.cc/paper_files/paper/"
     "2022/file/113ae3a9762ca2168f860a8501d6ae25-Paper-Conference.pdf) - Majumder, S., Chen, C., Al-Halah, Z., & "
     "Grauman, K. NeurIPS (2022)", "NeurIPS", 2022),
    # OpenDriveLab/End-to-end-Autonomous-Driving line 220 (and 13 more): a two-letter venue is no date
    ("- Uncertainty-Aware Model-Based Reinforcement Learning: Methodology and Application in Autonomous Driving "
     "[[IV2022]](https://ieeexplore.ieee.org/abstract/document/9802913)", "IV", 2022),
    ("- Driving Behavior Explanation with Multi-level Fusion [[PR2022]](https://www.sciencedirect.com/science/article/"
     "abs/pii/S0031320321005975)", "PR", 2022),
    # thunlp/TAADpapers line 69: a `tag` right after the venue's full stop
    ("1. **Expanding Scope: Adapting English Adversarial Attacks to Chinese**. *Hanyu Liu, Chengyuan Cai, Yanjun Qi*. "
     "Findings of ACL 2023.`decision`[[pdf](https://arxiv.org/abs/2306.04874)]", "Findings of ACL", 2023),
])
def test_a_venue_as_the_line_shows_it(line, venue, year):
    result = import_(f"# L\n\n## S\n\n{line}\n")
    assert [(p.venue, p.year) for p in result.papers] == [(venue, year)]


def test_a_date_written_with_a_stray_comma_is_no_venue():
    # amirhossein-kz/Awesome-Diffusion-Models-in-Medical-Imaging lines 1731-1734: "[8th, Jul., 2024]" was the venue
    result = import_("""
        # L

        ## S

        **RadiomicsFill-Mammo: Synthetic Mammogram Mass Manipulation with Radiomics Features** \\
        *Inye Na, Jonghun Kim, Eun Sook Ko, Hyunjin Park* \\
        [8th, Jul., 2024] [MICCAI, 2024] \\
        [[Paper](https://arxiv.org/abs/2407.05683)] [[GitHub](https://github.com/nainye/RadiomicsFill)]
    """)
    assert [(p.venue, p.year) for p in result.papers] == [("MICCAI", 2024)]


def test_a_venue_is_spelt_one_way_in_a_table_and_a_row_pasted_from_a_wider_table_keeps_its_venue():
    # CHIANGEL/Awesome-LLM-for-RecSys: "Arxiv 2023" (457 rows) and "NIPS 2023" (line 294) in the Publication
    # column; line 353 has two more cells than its header, so its third cell is the model, not the venue
    result = import_("""
        # L

        ## Newest

        | **Paper** | **Publication** | **Link** |
        |:---:|:---:|:---:|
        | Large Language Model Can Interpret Latent Space of Sequential Recommender | Arxiv 2023 | [[Link]](https://arxiv.org/abs/2310.20487) |
        | CORE | Lending Interaction Wings to Recommender Systems with Conversational Agents | NIPS 2023 | [[Link]](https://arxiv.org/abs/2310.04230) |
        | Logic-Scaffolding: Personalized Aspect-Instructed Recommendation Explanation Generation using LLMs | Falcon (40B) | Frozen | WSDM 2024 | [[Link]](https://arxiv.org/abs/2312.14345) |
    """)
    assert [(p.venue, p.year) for p in result.papers] == [("arXiv", 2023), ("NeurIPS", 2023), ("WSDM", 2024)]


def test_sub_items_are_read_apart_and_a_labelled_note_is_no_venue():
    # opendilab/awesome-model-based-RL lines 1528-1531 and 1210-1214: "Chi Jin" ended the authors' item and "Key:"
    # began the next, read together as the venue "Chi JinKey: learning theory"; "OpenReview: 10, 8, 8, 5" and
    # "ExpEnv: 2048 game" gave the venues "OpenReview: 8", "ExpEnv: game" and the year 2048
    result = import_("""
        # L

        ## Other

        - [A Sharp Analysis of Model-based Reinforcement Learning with Self-Play](https://arxiv.org/abs/2010.01604)
          - Qinghua Liu, Tiancheng Yu, Yu Bai, Chi Jin
          - Key: learning theory, multi-agent, model-based self play, two-player zero-sum Markov games
          - ExpEnv: None

        - [Planning in Stochastic Environments with a Learned Model](https://openreview.net/forum?id=X6D9bAHhBQ1)
          - Ioannis Antonoglou, Julian Schrittwieser, Sherjil Ozair, Thomas K Hubert, David Silver
          - Key: MCTS, stochastic MuZero
          - OpenReview: 10, 8, 8, 5
          - ExpEnv: 2048 game, Backgammon, Go
    """)
    assert [(p.venue, p.year) for p in result.papers] == [(None, 2020), (None, None)]


def test_a_week_heading_gives_the_year_to_a_paper_without_one():
    # dair-ai/ML-Papers-of-the-Week line 364 over line 374 (a PDF on the lab's site): its 135 such papers had no
    # year; a paper with an arXiv id keeps the id's year (the week it was listed in is not when it appeared)
    result = import_("""
        # ML Papers of the Week

        ## Top ML Papers of the Week (March 10 - March 16) - 2025

        | **Paper**  | **Links** |
        | ------------- | ------------- |
        | 8) Auditing LLMs for Hidden Objectives  Anthropic proposes a new framework. | [Paper](https://assets.anthropic.com/m/317564659027fb33/original/Auditing-Language-Models-for-Hidden-Objectives.pdf), [Tweet](https://x.com/AnthropicAI/status/1900217234825634236) |
        | 1) Cache-Augmented Generation (CAG) - an approach that aims to leverage the capabilities of long-context LLMs by preloading the LLM with all relevant docs in advance and precomputing the key-value (KV) cache; the preloaded context helps the model to provide contextually accurate answers without the need for additional retrieval during runtime. | [Paper](https://arxiv.org/pdf/2412.15605), [Tweet](https://x.com/omarsar0/status/1876721221083214200) |
    """)
    assert [(p.title, p.year) for p in result.papers] == [("Auditing LLMs for Hidden Objectives", 2025),
                                                          ("Cache-Augmented Generation (CAG)", 2024)]


def test_a_numbered_heading_names_its_category_without_the_number():
    # JayCheng113/awesome-gameagent-papers lines 83 and 85: "## 2. Core Capabilities", "### 2.1 Perception & World
    # Modeling" (the number is the heading's place; the categories keep the list's order)
    result = import_("""
        # Awesome Game Agent Papers

        ## 2. Core Capabilities

        ### 2.1 Perception & World Modeling

        - [2023/03] **Plan4MC** *arXiv* [[paper](https://arxiv.org/abs/2303.16563)]

        ### 2.2 Planning & Reasoning

        - [2023/05] **Voyager: An Open-Ended Embodied Agent with Large Language Models** *TMLR 2024* [[paper](https://arxiv.org/abs/2305.16291)]
    """)
    assert [c.label for c in result.categories] == ["Core Capabilities", "Perception & World Modeling",
                                                   "Planning & Reasoning"]


def test_a_table_with_chinese_headers_gives_titles_venues_and_years():
    # two public lists not in the corpus (a survey of diffusion-transformer papers, a food-safety agent list): the
    # header "| 年份 | 会议 | 论文 |" (year, venue, paper) was not read, so no row had a venue or a year and rows
    # linking a conference's page (cvpr.thecvf.com/virtual/…) or only their code were lost
    result = import_("""
        # 相关论文调研

        ## 严格 CCF A 主线文献

        | 年份 | 会议 | 论文 | 方向 |
        | --- | --- | --- | --- |
        | 2024 | CVPR | [SD-DiT: Unleashing the Power of Self-supervised Discrimination in Diffusion Transformer](https://cvpr.thecvf.com/virtual/2024/poster/30284) | 用自监督判别信号改善 DiT 训练 |
        | 2025 | ICML | [SANA 1.5: Efficient Scaling of Training-Time and Inference-Time Compute in Linear Diffusion Transformer](https://icml.cc/virtual/2025/poster/46604) | 线性化 DiT |
        | 2025 | ICLR Oral | [Representation Alignment for Generation: Training Diffusion Transformers Is Easier Than You Think](https://openreview.net/forum?id=DJSZGGZYVi) | REPA 的真实出处 |

        ## 学术会议高引论文 / Top Conference Papers

        | 会议 | 论文 | 链接 |
        |---|---|---|
        | **ICLR 2025 Oral** | AFlow: Automating Agentic Workflow Generation | [GitHub](https://github.com/FoundationAgents/AFLOW) |
        | **SemEval 2025** | Task 9: Food Hazard Detection Challenge | [arXiv](https://arxiv.org/html/2503.19800) |
    """)
    got = [(p.title.split(":")[0], p.venue, p.year) for p in result.papers]
    assert got == [("SD-DiT", "CVPR", 2024), ("SANA 1.5", "ICML", 2025), ("Representation Alignment for Generation",
                   "ICLR", 2025), ("AFlow", "ICLR", 2025), ("Task 9", "SemEval", 2025)]


def test_a_pasted_page_title_is_the_papers_title_and_a_cut_one_waits_for_the_source():
    # a public news digest (not in the corpus): "<details><summary>References</summary>" folds each item's links,
    # which are pages' own titles: "[2407.02646] A Practical Review …", "… - arXiv.org", or cut short with "..."
    result = import_("""
        # AI digest

        ## Sparse attention

        <details><summary>References</summary>
        <ul>
        <li><a href="https://arxiv.org/abs/2407.02646">[2407.02646] A Practical Review of Mechanistic Interpretability for Transformer-Based Language Models</a></li>
        <li><a href="https://arxiv.org/abs/2502.11089">[2502.11089] Native Sparse Attention : Hardware-Aligned and Natively...</a></li>
        <li><a href="https://arxiv.org/abs/2608.11015">[2608.11015] Sona Technical Report - arXiv.org</a></li>
        <li><a href="https://en.wikipedia.org/wiki/Ablation_(artificial_intelligence)">Ablation (artificial intelligence) - Wikipedia</a></li>
        </ul>
        </details>
    """)
    assert [(p.title, p.venue, p.provisional_title) for p in result.papers] == [
        ("A Practical Review of Mechanistic Interpretability for Transformer-Based Language Models", None, False),
        ("arXiv:2502.11089", None, True), ("Sona Technical Report", None, False)]
    assert [c.label for c in result.categories] == ["Sparse attention"]  # "References" only folds its links away
