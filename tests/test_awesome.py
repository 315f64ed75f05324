"""graphbuild import: the seed list, a real list in another style, every item style, defects, merge and prune."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import SHIPPED_CATALOG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.awesome import arxiv_from_url, classify_link, parse_awesome
from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.cli import main
from graphbuild.listfile import merge_catalog, render_catalog

FIXTURES = Path(__file__).parent / "fixtures"
SEED = (FIXTURES / "awesome-large-speech-models.md").read_text(encoding="utf-8")
PRETRAINING = (FIXTURES / "awesome-speech-pretraining.md").read_text(encoding="utf-8")


def test_seed_imports_exactly_the_shipped_list():
    result = parse_awesome(SEED, "seed.md")
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
    groups = {}
    for paper in result.papers:
        groups.setdefault(paper.category, set()).add(paper.id)
    shipped_groups = {}
    for paper in shipped.papers:
        shipped_groups.setdefault(paper.category, set()).add(paper.id)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, shipped_groups.values()))
    assert [c.label for c in result.categories] == [
        "Survey", "Speech/Audio-Text Large Language Model", "Speech Tokenization/Discretization",
        "Speech Recognition & Translation", "Self-supervise Pretrain Speech Model", "Speech Synthesis",
        "Audio/Music/Others"]
    owsm = next(p for p in result.papers if p.id == "owsm-v3.1")
    assert owsm.links["code"] == "https://github.com/espnet/espnet/tree/master/egs2/owsm_v3.1/s2t1"
    assert owsm.category == next(c.id for c in result.categories if c.label.startswith("Speech Recognition"))


def test_reimporting_the_seed_into_the_shipped_list_changes_nothing(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_bytes(SHIPPED_CATALOG.read_bytes())
    report = merge_catalog(parse_awesome(SEED, "seed.md"), path)
    assert (report.added, report.updated, report.vanished) == ([], {}, [])
    assert path.read_bytes() == SHIPPED_CATALOG.read_bytes()


def test_a_real_list_in_another_style():
    result = parse_awesome(PRETRAINING, "awesome-speech-pretraining.md")
    assert result.problems == []
    assert len(result.papers) == 29  # every paper item, nothing from the statistics tables
    assert [c.label for c in result.categories] == ["2018", "2019", "2020", "2021", "2022"]
    cpc = result.papers[0]
    assert (cpc.id, cpc.remark, cpc.arxiv, cpc.year, cpc.venue) == ("cpc", "CPC", "1807.03748", 2018, "arXiv")
    assert cpc.title == "Representation Learning with Contrastive Predictive Coding"
    no_arxiv = [p.title for p in result.papers if not p.arxiv]
    assert len(no_arxiv) == 3  # two IEEE Xplore links and one blog page
    assert not any("BASE" in p.title or "wav2vec-U +" in p.title for p in result.papers)
    catalog = parse_catalog(render_catalog(result, "awesome-speech-pretraining.md"))
    assert len(catalog.papers) == 29


STYLES = textwrap.dedent("""\
    # My List
    [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

    ## Contents
    - [Models](#models)
    - [Benchmarks](#benchmarks)

    ## Models
    - [Attention Is All You Need](https://arxiv.org/abs/1706.03762v5) - the transformer.
    * [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/pdf/1810.04805.pdf) (NAACL 2019) [[code]](https://github.com/google-research/bert)
    1. [Deep Residual Learning for Image Recognition](https://doi.org/10.1109/CVPR.2016.90) , CVPR ,  2016 ,
    2. **Language Models are Few-Shot Learners** , 2020 , NeurIPS [[paper](https://arxiv.org/abs/2005.14165)] [[project](https://openai.com/gpt3)]
    - Vision
      - [An Image is Worth 16x16 Words](https://openreview.net/forum?id=YicbFdNTTy) `ICLR 2021`
      - [Masked Autoencoders Are Scalable Vision Learners](https://arxiv.org/abs/2111.06377)
    - [arXiv](https://arxiv.org/abs/2301.00001)

    ## Benchmarks
    | Title | Venue | Year | Links |
    |---|---|---|---|
    | [GLUE: A Multi-Task Benchmark](https://arxiv.org/abs/1804.07461) | ICLR | 2019 | [code](https://github.com/nyu-mll/GLUE-baselines) |
    | SuperGLUE: A Stickier Benchmark | NeurIPS | 2019 | |

    ## Contributors
    - [@someone](https://github.com/someone)
    """)


def test_every_item_style():
    result = parse_awesome(STYLES, "list.md")
    by_title = {p.title: p for p in result.papers}
    assert result.title == "My List"
    assert len(result.papers) == 8
    attention = by_title["Attention Is All You Need"]
    assert attention.arxiv == "1706.03762" and attention.year is None and attention.category == "models"
    bert = by_title["BERT: Pre-training of Deep Bidirectional Transformers"]
    assert (bert.arxiv, bert.year, bert.venue, bert.id) == ("1810.04805", 2019, "NAACL", "bert")
    assert bert.links == {"paper": "https://arxiv.org/pdf/1810.04805.pdf", "code": "https://github.com/google-research/bert"}
    resnet = by_title["Deep Residual Learning for Image Recognition"]
    assert (resnet.doi, resnet.year, resnet.venue) == ("10.1109/CVPR.2016.90", 2016, "CVPR")
    gpt3 = by_title["Language Models are Few-Shot Learners"]
    assert gpt3.links["project"] == "https://openai.com/gpt3" and gpt3.year == 2020 and gpt3.venue == "NeurIPS"
    vit = by_title["An Image is Worth 16x16 Words"]
    assert vit.openreview == "YicbFdNTTy" and vit.year == 2021 and vit.venue == "ICLR"
    assert vit.category == "models-vision" and by_title["Masked Autoencoders Are Scalable Vision Learners"].category == "models-vision"
    glue = by_title["GLUE: A Multi-Task Benchmark"]
    assert (glue.arxiv, glue.year, glue.venue, glue.category) == ("1804.07461", 2019, "ICLR", "benchmarks")
    assert glue.links["code"] == "https://github.com/nyu-mll/GLUE-baselines"
    assert "SuperGLUE: A Stickier Benchmark" in by_title
    assert [c.id for c in result.categories] == ["models", "models-vision", "benchmarks"]
    assert result.problems == ["list.md:16: a paper link without a title"]


DEFECTS = textwrap.dedent("""\
    ## Recognition
    - **Broken Link Paper: Across Lines** , 2024 , Interspeech [[paper](https://arxiv.org/pdf/2401.16658)] [[github]
    -   **Spacey   Title** ,, 2023 ,  arXiv  [[paper](https://arxiv.org/abs/2301.99999v2)]
    - **No Year Here** , arXiv [[paper](https://example.org/paper.pdf)]

    ## Synthesis
    - **Next Heading Paper: Fine** , 2024 , arXiv [[paper](https://arxiv.org/pdf/2406.02430)]
    (https://github.com/espnet/espnet/tree/master/egs2/owsm_v3.1/s2t1)]
    - [](https://arxiv.org/abs/2406.00001)
    """)


def test_real_world_defects_are_recovered_or_reported():
    result = parse_awesome(DEFECTS, "defects.md")
    broken, spacey, no_year, fine = result.papers
    assert broken.links["code"] == "https://github.com/espnet/espnet/tree/master/egs2/owsm_v3.1/s2t1"
    assert broken.category == "recognition" and fine.category == "synthesis" and "code" not in fine.links
    assert (spacey.title, spacey.year, spacey.venue, spacey.arxiv) == ("Spacey Title", 2023, "arXiv", "2301.99999")
    assert no_year.year is None and no_year.venue == "arXiv" and no_year.links == {"paper": "https://example.org/paper.pdf"}
    assert result.problems == ["defects.md:9: a paper link without a title"]


def test_a_paper_listed_twice_is_kept_once():
    text = "## A\n- [First Listing Here](https://arxiv.org/abs/2001.00001)\n## B\n- [Again Listed](https://arxiv.org/abs/2001.00001v2)\n"
    result = parse_awesome(text, "twice.md")
    assert [p.title for p in result.papers] == ["First Listing Here"]
    assert result.problems == ["twice.md:4: the same paper as on line 2 (same arXiv id); listed once"]


def test_link_helpers():
    assert arxiv_from_url("https://arxiv.org/pdf/2106.07447v3.pdf") == "2106.07447"
    assert arxiv_from_url("http://arxiv.org/abs/hep-th/9901001") == "hep-th/9901001"
    assert classify_link("github", "https://speechresearch.github.io/naturalspeech3/") == "project"
    assert classify_link("code", "https://github.com/x/y") == "code"
    assert classify_link("paper", "https://openreview.net/pdf?id=14rn7HpKVk") == "paper"


def test_merge_adds_updates_keeps_and_prunes(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_text(textwrap.dedent("""\
        # my curated list: keep this comment
        categories:
          - {id: rec, label: "Recognition", color: "#112233"}
        papers:
          - id: my-own-id   # a hand-picked id
            title: "Broken Link Paper: Across Lines"
            category: rec
            year: 2023
            arxiv: "2401.16658"
            notes: "checked by hand"
            cites: [gone]
          - id: gone
            title: "A Paper No Longer Listed"
            category: rec
        """), encoding="utf-8")
    report = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path)
    text = path.read_text(encoding="utf-8")
    assert "# my curated list: keep this comment" in text and "# a hand-picked id" in text
    catalog = load_catalog(path)
    mine = catalog.by_id["my-own-id"]
    assert mine.year == 2024 and mine.notes == "checked by hand" and [c.target for c in mine.cites] == ["gone"]
    assert mine.links["code"].endswith("owsm_v3.1/s2t1")
    assert report.updated["my-own-id"] == ["year", "venue", "links.paper", "links.code"]
    assert report.vanished == ["gone"] and "gone" in catalog.by_id  # kept without --prune
    assert sorted(report.added) == ["nhp", "no-year-here", "spacey-title"]  # "Next Heading Paper: …" → nhp
    assert report.new_categories == ["synthesis"]
    assert [p.id for p in catalog.papers][:4] == ["my-own-id", "gone", "spacey-title", "no-year-here"]
    again = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path)
    assert (again.added, again.updated) == ([], {})  # ids stable: a re-import changes nothing
    pruned = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path, prune=True)
    catalog = load_catalog(path)
    assert pruned.pruned == ["gone"] and "gone" not in catalog.by_id and catalog.by_id["my-own-id"].cites == ()


def test_cli_import(tmp_path, capsys):
    source = tmp_path / "README.md"
    source.write_text(DEFECTS, encoding="utf-8")
    out = tmp_path / "papers.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Imported 4 papers in 2 categories" in captured.out
    assert captured.err.strip() == f"{source}:9: a paper link without a title"
    assert len(load_catalog(out).papers) == 4
    assert main(["import", str(source), "-o", str(out)]) == 1  # refuses to replace curated work
    assert "use --merge" in capsys.readouterr().err
    assert main(["import", str(source), "-o", str(out), "--prune"]) == 2
    assert main(["import", str(source), "-o", str(out), "--merge"]) == 0
    assert "0 added, 0 updated" in capsys.readouterr().out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["## Heading", "# Title", "- **Bold** , 2020 , X [[paper](https://arxiv.org/abs/2001.00001)]",
                     "- [A Title Here](https://arxiv.org/abs/2002.00002) (ICML 2020)", "| Title | Year |", "|---|---|",
                     "| [T t](http://x) | 2021 |", "(https://github.com/a/b)]", "   - nested", "```", "[[github]",
                     "* [](http://)", "1. **", "<a id=\"x\"></a>"]),
), max_size=30))
def test_no_input_crashes_the_importer(lines):
    result = parse_awesome("\n".join(lines), "fuzz.md")
    for paper in result.papers:
        assert paper.title and paper.category and paper.id
    assert all(p.startswith("fuzz.md:") for p in result.problems)
    parse_catalog(render_catalog(result, "fuzz.md")) if result.papers else None
