"""Writing and merging papers.yaml from an import: merge keeps curated work, a re-merge changes nothing, prune."""

from __future__ import annotations

import textwrap

import pytest

from graphbuild.catalog import load_catalog
from graphbuild.cli import main
from graphbuild.inputs import parse_markdown as parse_awesome
from graphbuild.inputs.listfile import merge_catalog

from helpers import SHARED, SHIPPED_CATALOG, shared_file

SEED = "seed/awesome-large-speech-models.md"

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


def test_reimporting_the_seed_into_the_shipped_list_changes_nothing(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_bytes(SHIPPED_CATALOG.read_bytes())
    report = merge_catalog(parse_awesome(shared_file(SEED).read_text(encoding="utf-8"), "seed.md"), path)
    assert (report.added, report.updated, report.vanished) == ([], {}, [])
    assert path.read_bytes() == SHIPPED_CATALOG.read_bytes()


def real_lists() -> list:
    folder = SHARED / "corpus" / "lists"
    if not folder.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"needs {folder} (../shared beside the clone)"))]
    return [pytest.param(p, id=p.name[:30]) for p in sorted(folder.glob("*.md"))]


@pytest.mark.slow
@pytest.mark.parametrize("source", real_lists())
def test_import_then_merge_again_changes_nothing_on_real_lists(tmp_path, capsys, source):
    out = tmp_path / "papers.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    written = out.read_bytes()
    assert b'code: ""' not in written
    capsys.readouterr()
    assert main(["import", str(source), "-o", str(out), "--merge"]) == 0
    assert "0 added, 0 updated, 0 no longer in the list" in capsys.readouterr().out
    assert out.read_bytes() == written


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
    # "Next Heading Paper: …" → nhp; a link with no title is imported under its identifier
    assert sorted(report.added) == ["arxiv-2406.00001", "nhp", "no-year-here", "spacey-title"]
    assert report.new_categories == ["synthesis"]
    assert [p.id for p in catalog.papers][:4] == ["my-own-id", "gone", "spacey-title", "no-year-here"]
    again = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path)
    assert (again.added, again.updated) == ([], {})  # ids stable: a re-import changes nothing
    # "gone" is no longer listed, but a curated cite points to it: prune keeps it and says why, --force removes
    # it with the cite (a prune deleted hand-curated cites silently)
    before = path.read_bytes()
    kept = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path, prune=True)
    assert kept.pruned == [] and kept.curated == {"gone": ["my-own-id's curated cite of it"]}
    assert path.read_bytes() == before
    pruned = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path, prune=True, force=True)
    catalog = load_catalog(path)
    assert pruned.pruned == ["gone"] and "gone" not in catalog.by_id and catalog.by_id["my-own-id"].cites == ()


def test_prune_keeps_a_paper_with_curated_cites_or_notes_unless_forced(tmp_path, capsys):
    listed = tmp_path / "README.md"
    listed.write_text("## A\n- [HuBERT: Self-Supervised Speech Representation Learning](https://arxiv.org/abs/2106.07447)\n"
                      "- [wav2vec 2.0: A Framework](https://arxiv.org/abs/2006.11477)\n- [WavLM: Large-Scale Pre-Training]"
                      "(https://arxiv.org/abs/2110.13900)\n", encoding="utf-8")
    out = tmp_path / "papers.yaml"
    assert main(["import", str(listed), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8").replace('    arxiv: "2106.07447"\n',
                                                   '    arxiv: "2106.07447"\n    cites: [wav2vec2]\n    notes: "read"\n')
    out.write_text(text, encoding="utf-8")
    listed.write_text("## A\n- [wav2vec 2.0: A Framework](https://arxiv.org/abs/2006.11477)\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(listed), "-o", str(out), "--merge", "--prune"]) == 0
    said = capsys.readouterr()
    assert "1 removed" in said.out and "removed wavlm" in said.out  # nothing curated: gone
    assert "kept hubert" in said.err and "its curated cites (1) and its notes" in said.err
    assert {p.id for p in load_catalog(out).papers} == {"hubert", "wav2vec2"}
    assert main(["import", str(listed), "-o", str(out), "--merge", "--prune", "--force"]) == 0
    assert "removed hubert, and with it its curated cites (1) and its notes" in capsys.readouterr().out
    assert [p.id for p in load_catalog(out).papers] == ["wav2vec2"]


def test_cli_import(tmp_path, capsys):
    source = tmp_path / "README.md"
    source.write_text(DEFECTS, encoding="utf-8")
    out = tmp_path / "papers.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Imported 5 papers in 2 categories" in captured.out
    assert "1 paper(s) have no title in the list" in captured.out and captured.err == ""
    assert len(load_catalog(out).papers) == 5
    assert main(["import", str(source), "-o", str(out)]) == 1  # refuses to replace curated work
    assert "use --merge" in capsys.readouterr().err
    assert main(["import", str(source), "-o", str(out), "--prune"]) == 2
    assert main(["import", str(source), "-o", str(out), "--merge"]) == 0
    assert "0 added, 0 updated" in capsys.readouterr().out


def test_merge_keeps_a_bom_and_crlf_line_endings(tmp_path):
    path = tmp_path / "papers.yaml"
    original = textwrap.dedent("""\
        # a Windows file
        categories:
          - {id: rec, label: "Recognition", color: "#112233"}
        papers:
          - id: mine
            title: "Broken Link Paper: Across Lines"
            category: rec
            arxiv: "2401.16658"
        """)
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    report = merge_catalog(parse_awesome(DEFECTS, "defects.md"), path)
    raw = path.read_bytes()
    assert report.added and raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # every line still ends in CRLF
    lines = iter(raw.decode("utf-8-sig").split("\r\n"))
    assert all(line in lines for line in original.splitlines())  # every old line kept, in order
    assert load_catalog(path).by_id["mine"].links["code"].endswith("owsm_v3.1/s2t1")


def test_merge_places_new_papers_and_keys_above_the_next_sections_comment(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_text(textwrap.dedent("""\
        categories:
          - {id: a, label: "A", color: "#112233"}
          - {id: b, label: "B", color: "#445566"}
        papers:
          # --- A ---
          - id: a1
            title: "Paper A One"
            category: a
            cites:
              - b1
          # --- B ---
          - id: b1
            title: "Paper B One"
            category: b
            links:
              code: https://github.com/x/y
          # --- end ---
        """), encoding="utf-8")
    source = ("## A\n- [Paper A One](https://arxiv.org/abs/2001.00001)\n"
              "- [Paper A Two Added](https://arxiv.org/abs/2001.00002)\n"
              "## B\n- [Paper B One](https://arxiv.org/abs/2001.00003)\n")
    report = merge_catalog(parse_awesome(source, "list.md"), path)
    assert report.added == ["paper-two-added"]
    lines = path.read_text(encoding="utf-8").splitlines()
    section_b, added, b1 = lines.index("  # --- B ---"), lines.index("  - id: paper-two-added"), lines.index("  - id: b1")
    a1_arxiv = lines.index('    arxiv: "2001.00001"')
    assert a1_arxiv < added < section_b < b1  # a1's new keys and the new A paper stay in section A
    assert lines[-1] == "  # --- end ---" and lines.index('    arxiv: "2001.00003"') < len(lines) - 1
    assert [p.id for p in load_catalog(path).papers] == ["a1", "paper-two-added", "b1"]


def test_rendered_suggestions_paste_into_a_valid_papers_yaml():
    from graphbuild.analysis.suggest import Suggestion
    from graphbuild.catalog import parse_catalog
    from graphbuild.inputs.listfile import render_suggestions

    found = [Suggestion("a" * 40, 'Attention Is All You Need: "quoted" \\ title', 2017, "1706.03762", None,
                        ("bert", "gpt"), "models"),
             Suggestion("b" * 40, "Attention Is All You Need", None, None, "10.1000/X", ("bert",), "models")]
    text = render_suggestions(found, {"attention-is-all"})
    catalog = parse_catalog('categories: [{id: models, label: M, color: "#000000"}]\n'
                            "papers:\n" + "".join(f"  {line}\n" for line in text.splitlines()))
    first, second = catalog.papers
    assert first.id == "attention-is-all-2" and second.id == "attention-is-all-3"  # fresh, unique ids
    assert first.title == 'Attention Is All You Need: "quoted" \\ title' and first.arxiv == "1706.03762"
    assert second.doi == "10.1000/X" and second.year is None
    assert first.notes == "suggested: cited by 2 listed papers (bert, gpt)"
    assert render_suggestions([], set()) == ""
