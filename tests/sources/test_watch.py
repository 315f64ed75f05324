"""graphbuild watch: works outside the list that cite it, read by publication-date window from the citations
endpoint of the fake Semantic Scholar, cached so that the next watch asks only for what is new."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from graphbuild.catalog import parse_catalog
from graphbuild.cli import main
from graphbuild.graph import build_graph
from graphbuild.inputs.bibtex import parse_bibtex
from graphbuild.jobs import build
from graphbuild.sources import fetching
from graphbuild.sources.semantic_scholar import citations

from fake_s2 import s2_id
from helpers import SMALL_CATALOG, SMALL_IDS

ALPHA, BETA, GAMMA, EPSILON = (SMALL_IDS[k] for k in ("alpha", "beta", "gamma", "epsilon"))


def citing(corpus, name: str, date: str | None, year: int, cites: list[str], arxiv: str | None = None):
    record = corpus.add(s2_id(name), f"New work {name}", year=year, arxiv=arxiv, venue="NeurIPS",
                        references=[corpus.ref(p) for p in cites])
    record["publicationDate"] = date
    return record


@pytest.fixture
def watched(small_s2, tmp_path):
    corpus = small_s2.corpus
    citing(corpus, "w1", "2024-05-10", 2024, [ALPHA, BETA], arxiv="2405.00001")
    citing(corpus, "w2", "2024-02-01", 2024, [ALPHA, BETA, GAMMA])
    citing(corpus, "w3", "2023-12-31", 2023, [ALPHA, BETA])  # before the window
    citing(corpus, "w4", None, 2024, [GAMMA, EPSILON])  # only its year is known: it overlaps the window
    citing(corpus, "w5", "2024-03-01", 2024, [ALPHA])  # cites one listed paper only
    catalog = tmp_path / "papers.yaml"
    catalog.write_text(SMALL_CATALOG, encoding="utf-8")
    build(catalog, tmp_path / "out", client=_client(small_s2))
    small_s2.reset_log()
    return small_s2, ["--catalog", str(catalog), "--out", str(tmp_path / "out"), "--api-url", small_s2.url,
                      "--max-rps", "0"]


def _client(server):
    from helpers import make_client

    return make_client(server)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_candidates_window_order_and_cost(watched, capsys):
    server, args = watched
    code, out, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--format", "json", *args)
    assert code == 0, err
    found = json.loads(out)
    assert [c["title"] for c in found] == ["New work w2", "New work w1", "New work w4"]  # most cites, then newest
    # (w4 is known only by its year: it sorts as the year's first day)
    w2, w1, w4 = found
    assert w2["cites"] == ["alpha", "beta", "gamma"] and w2["category"] == "base" and w2["date"] == "2024-02-01"
    assert w1["ids"] == {"s2": s2_id("w1"), "arxiv": "2405.00001"} and w1["url"] == "https://arxiv.org/abs/2405.00001"
    assert w4["date"] == "2024" and w4["category"] == "apps"  # gamma and epsilon are applications
    assert not any(c["already_suggested"] for c in found)
    pages = [r for r in server.log if r.path.endswith("/citations")]
    assert len(server.log) == len(pages) == 5  # one request per listed paper, nothing else
    assert {r.query["publicationDateOrYear"] for r in pages} == {"2024-01-01:2024-06-01"}  # no later than --as-of
    assert "watch since 2024-01-01: 5 requests" in err


def test_a_second_watch_asks_only_for_the_new_window(watched, capsys):
    server, args = watched
    run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", *args)
    server.reset_log()
    citing(server.corpus, "w6", "2024-07-01", 2024, [BETA, GAMMA])
    code, out, err = run(capsys, "watch", "--as-of", "2024-08-01", "--format", "json", *args)  # since: last watch
    assert code == 0, err
    pages = [r for r in server.log if r.path.endswith("/citations")]
    assert len(server.log) == len(pages) == 5
    assert {r.query["publicationDateOrYear"] for r in pages} == {"2024-06-01:2024-08-01"}  # only what is new
    found = json.loads(out)
    # w4 is known only by its year, which overlaps the new window too: shown again, marked as seen before
    assert [(c["title"], c["already_suggested"]) for c in found] == [("New work w6", False), ("New work w4", True)]
    code, out, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-08-01", "--format", "json",
                         *args)
    found = {c["title"]: c for c in json.loads(out)}
    assert set(found) == {"New work w1", "New work w2", "New work w4", "New work w6"}
    assert found["New work w1"]["already_suggested"] and found["New work w1"]["first_seen"] == "2024-06-01"
    server.reset_log()
    code, out, _ = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-08-01", "--offline", *args)
    assert code == 0 and server.count == 0 and "New work w6" in out  # offline: from the cache alone


def test_report_formats(watched, capsys):
    _, args = watched
    base = ["watch", "--since", "2024-01-01", "--as-of", "2024-06-01", *args]
    code, markdown, _ = run(capsys, *base, "--format", "markdown")
    assert "### Foundations (2)" in markdown and "### Applications (1)" in markdown
    assert "- [New work w1](https://arxiv.org/abs/2405.00001) (2024-05-10, NeurIPS)" in markdown
    code, text, _ = run(capsys, *base, "--format", "yaml")
    catalog = parse_catalog('categories: [{id: base, label: B, color: "#000000"}, {id: apps, label: A, '
                            'color: "#000000"}]\npapers:\n' + "".join(f"  {ln}\n" for ln in text.splitlines()))
    assert [p.title for p in catalog.papers] == ["New work w2", "New work w1", "New work w4"]
    # a new work cites the listed papers (it is not cited by them: it came after them)
    assert catalog.papers[1].arxiv == "2405.00001" and "cites 2 listed papers" in catalog.papers[1].notes
    assert not any("cited by" in p.notes for p in catalog.papers)
    code, bib, _ = run(capsys, *base, "--format", "bibtex")
    assert [p.title for p in parse_bibtex(bib, "w.bib").papers] == ["New work w2", "New work w1", "New work w4"]
    code, table, _ = run(capsys, *base)
    assert table.splitlines()[2].split()[0] == "3" and "New work w2" in table
    assert yaml.safe_load(text)  # plain YAML too


def test_a_window_deeper_than_the_api_pages_is_reported(watched, capsys, monkeypatch):
    server, args = watched
    for k in range(30):
        citing(server.corpus, f"many{k}", f"2024-04-{1 + k % 28:02d}", 2024, [ALPHA])
    monkeypatch.setattr(citations, "PAGING_DEPTH", 21)  # as if alpha had more than 10,000 citing works
    monkeypatch.setattr(citations, "PAGE_LIMIT", 10)
    code, _, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", *args)
    assert code == 0 and "more citing works in the window than Semantic Scholar pages through" in err and "alpha" in err


def test_watch_needs_ids_and_refuses_bad_dates(tmp_path, capsys):
    catalog = tmp_path / "papers.yaml"
    catalog.write_text(SMALL_CATALOG, encoding="utf-8")
    code, _, err = run(capsys, "watch", "--offline", "--catalog", str(catalog), "--out", str(tmp_path / "out"))
    assert code == 1 and "run `graphbuild build` online first" in err
    code, _, err = run(capsys, "watch", "--since", "2024-13-01", "--catalog", str(catalog))
    assert code == 2 and "expected a date" in err


def test_plan_windows():
    plan = fetching.plan_windows(["a", "b", "c", "d"], {"b": ("2024-01-01", "2024-06-01", True),
                                                         "c": ("2024-03-01", "2024-06-01", True),
                                                         "d": ("2024-01-01", "2024-08-01", True)},
                                  "2024-01-01", "2024-08-01")
    assert plan == {"a": [("2024-01-01", "2024-08-01")], "b": [("2024-06-01", "2024-08-01")],
                    "c": [("2024-01-01", "2024-02-29"), ("2024-06-01", "2024-08-01")]}  # d is up to date


def test_a_watch_with_both_sources_shows_a_work_once_and_asks_openalex_once_per_window(watched, fake_oa, capsys,
                                                                                         tmp_path):
    from fake_openalex import FakeWorks
    from helpers import make_client, make_openalex_client

    server, args = watched
    works = FakeWorks()
    works.add("W11", "Alpha: A Foundation", arxiv="1901.00001", year=2019)
    works.add("W12", "Beta Builds on Alpha", arxiv="2001.00002", year=2020, references=["W11"])
    works.add("W13", "Gamma: Journal Work", doi="10.1000/gamma.2021", year=2021, references=["W12"])
    works.add("W15", "Epsilon: Newest of All", arxiv="2301.00005", year=2023)
    # w1 of Semantic Scholar, which OpenAlex says also cites gamma
    works.add("W501", "New work w1", arxiv="2405.00001", date="2024-05-10", references=["W11", "W13"])
    works.add("W502", "Only in OpenAlex", doi="10.7777/only", date="2024-04-02", references=["W11", "W15"])
    works.add("W503", "Too old", doi="10.7777/old", date="2023-06-01", references=["W11", "W12"])
    fake_oa.corpus_works = works
    catalog = args[1]
    build(catalog, tmp_path / "out", client=make_client(server), openalex=make_openalex_client(fake_oa))
    server.reset_log(), fake_oa.reset_log()
    both = [*args, "--sources", "s2,openalex", "--openalex-url", fake_oa.url]
    code, out, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--format", "json", *both)
    assert code == 0, err
    found = {c["title"]: c for c in json.loads(out)}
    assert found["New work w1"]["cites"] == ["alpha", "beta", "gamma"]  # one work, the citations of both sources
    assert found["New work w1"]["sources"] == "openalex,semantic_scholar"
    assert found["New work w1"]["ids"]["openalex"] == "W501" and found["New work w1"]["ids"]["arxiv"] == "2405.00001"
    assert found["Only in OpenAlex"]["cites"] == ["alpha", "epsilon"] and found["Only in OpenAlex"]["sources"] == \
        "openalex"
    assert found["Only in OpenAlex"]["url"] == "https://doi.org/10.7777/only"
    assert "Too old" not in found
    cites_calls = [r for r in fake_oa.log if r.path == "/works" and r.query["filter"].startswith("cites:")]
    assert len(cites_calls) == 1 and "from_publication_date:2024-01-01" in cites_calls[0].query["filter"]
    assert len(cites_calls[0].query["filter"].split(",")[0].split("|")) == 4  # every listed work in one OR list

    fake_oa.reset_log()
    code, out, err = run(capsys, "watch", "--as-of", "2024-07-01", "--format", "json", *both)
    assert code == 0, err
    again = [r for r in fake_oa.log if r.path == "/works"]
    assert len(again) == 1 and "from_publication_date:2024-06-01" in again[0].query["filter"]  # only what is new
    offline = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--format", "json", "--offline",
                  "--sources", "s2,openalex", *args[:4])
    assert {c["title"] for c in json.loads(offline[1])} == set(found)


# --- watch state that cannot lie (round three) -----------------------------------------------------------------


def test_a_rejected_page_leaves_its_window_unread_and_the_next_watch_reads_it(watched, capsys):
    server, args = watched

    def bad_doi(status, payload, query):
        if isinstance(payload, dict) and payload.get("data"):
            payload["data"][0]["citingPaper"]["externalIds"] = {"DOI": "not a doi"}
        return status, payload

    server.fail("tamper", path_contains=f"/paper/{ALPHA}/citations", transform=bad_doi)
    code, out, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--format", "json", *args)
    assert code == 0 and "rejected an answer" in err and "reads those windows again: alpha" in err
    assert "more citing works" not in err  # not the paging cap
    server.reset_log()
    code, out, err = run(capsys, "watch", "--as-of", "2024-06-02", "--format", "json", *args)  # healthy again
    asked = {r.path.split("/")[-2]: r.query["publicationDateOrYear"] for r in server.log
             if r.path.endswith("/citations")}
    start, end = asked[ALPHA].split(":")
    assert start <= "2024-01-01" and end == "2024-06-02"  # alpha's window, read again from its start (or before)
    assert {c["title"] for c in json.loads(out)} >= {"New work w1", "New work w2"}


def test_as_of_bounds_the_window_and_works_dated_later_are_left_out(watched, capsys):
    server, args = watched
    citing(server.corpus, "future", "2099-01-01", 2099, [ALPHA, BETA])
    citing(server.corpus, "later", "2024-07-15", 2024, [ALPHA, BETA])  # after --as-of
    code, out, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--format", "json", *args)
    titles = {c["title"] for c in json.loads(out)}
    assert "New work future" not in titles and "New work later" not in titles and "New work w1" in titles


def test_a_watch_cannot_go_back_in_time_and_a_broken_last_watch_is_ignored(watched, capsys, tmp_path):
    from graphbuild.cache import Cache

    server, args = watched
    assert run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", *args)[0] == 0
    code, _, err = run(capsys, "watch", "--as-of", "2024-03-01", *args)
    assert code == 2 and "before the last watch the cache records (2024-06-01)" in err
    code, _, err = run(capsys, "watch", "--as-of", "2024-03-01", "--since", "2024-01-01", "--offline", *args[:4])
    assert code == 0 and "nothing is recorded" in err  # a report from the cache, as of then
    out = tmp_path / "out" / "cache"
    with Cache(out) as cache:
        cache.put_meta("last_watch", "abc")
        cache.db.execute("UPDATE citer_windows SET until = '2024-99-99' WHERE work_id = ?", (ALPHA,))
    server.reset_log()
    code, _, err = run(capsys, "watch", "--as-of", "2024-06-10", *args)
    assert code == 0 and "'abc', is not a date: ignored" in err and "read again" in err
    assert "Traceback" not in err
    asked = [r.query["publicationDateOrYear"] for r in server.log if f"/paper/{ALPHA}/citations" in r.path]
    assert asked and asked[0].endswith(":2024-06-10")


def test_refresh_reads_every_window_again(watched, capsys):
    server, args = watched
    assert run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", *args)[0] == 0
    server.reset_log()
    assert run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", *args)[0] == 0
    assert not [r for r in server.log if r.path.endswith("/citations")]  # all read already
    assert run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--refresh", *args)[0] == 0
    assert len([r for r in server.log if r.path.endswith("/citations")]) == 5  # one per listed paper


def test_a_doi_that_would_end_a_markdown_link_early_is_kept_inside_it():
    from graphbuild.analysis.watch import Candidate, report_markdown

    graph = build_graph(parse_catalog(SMALL_CATALOG))
    c = Candidate("W1", 'A title <img src=x onerror="alert(1)">', "2024-05-01", None,
                  {"doi": "10.1000/x) <img src=x onerror=alert(1)> (y"}, ("alpha", "beta"), "base")
    text = report_markdown([c], graph, "2024-01-01", 2)
    line = next(ln for ln in text.splitlines() if ln.startswith("- ["))
    assert not re.search(r"(?<!\\)<", line) and "\\<img" in line  # the title's markup shown as text, not markup
    assert "(https://doi.org/10.1000/x%29%20%3Cimg%20src=x%20onerror=alert%281%29%3E%20%28y)" in line


def test_a_new_work_comes_with_the_sentence_it_cites_the_list_in(watched, capsys):
    server, args = watched
    corpus = server.corpus
    said = "We build on *alpha* [3] and <b>fine-tune</b> its encoder."
    record = corpus.add(s2_id("w7"), "New work w7", year=2024, venue="ICLR",
                        references=[corpus.cite(ALPHA, (said, ["methodology"]), influential=True), corpus.cite(BETA)])
    record["publicationDate"] = "2024-04-01"
    code, out, err = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--format", "json", *args)
    assert code == 0, err
    pages = [r for r in server.log if r.path.endswith("/citations")]
    assert all("contextsWithIntent" in r.query["fields"] for r in pages) and len(pages) == 5  # no extra request
    found = {c["title"]: c for c in json.loads(out)}
    assert found["New work w7"]["why"] == {"alpha": {"intents": ["methodology"], "influential": "true",
                                                     "sentences": [{"text": said, "intents": ["methodology"]}]}}
    assert found["New work w2"]["why"] == {}  # cites without sentences (no text): nothing said
    code, markdown, _ = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--offline",
                            "--format", "markdown", *args)
    assert "  - `alpha` (methodology): “We build on \\*alpha\\* \\[3\\] and \\<b\\>fine\\-tune\\</b\\> its" in markdown
    code, table, _ = run(capsys, "watch", "--since", "2024-01-01", "--as-of", "2024-06-01", "--offline", *args)
    assert "How they cite the list" in table and "alpha (methodology)" in table and "fine-tune" in table
