"""The OpenAlex client against the fake OpenAlex: real HTTP, the API's answers and faults, recorded bodies."""

from __future__ import annotations

import json
import logging

import pytest

from graphbuild.sources.errors import SourceNotTheAPI, SourceRateLimited, SourceRefused, SourceUrlTooLong
from graphbuild.sources.openalex.client import MAX_URL_BYTES, WORK_FIELDS, pack_values, request_line_bytes
from graphbuild.sources.openalex.records import check_work

from fake_openalex import NOT_FOUND_HTML, FakeWorks
from fake_s2 import Raw
from helpers import data_file, make_openalex_client


@pytest.fixture
def works():
    corpus = FakeWorks()
    corpus.add("W100", "Wav2vec 2.0: A Framework", arxiv="2006.11477", year=2020, cited_by=900)
    corpus.add("W200", "HuBERT: Self-Supervised Speech", doi="10.1109/TASLP.2021.3122291", arxiv_merged="2106.07447",
               year=2021, references=["W100", "W999"], cited_by=500)
    corpus.add("W300", "Some Journal Paper", doi="10.1000/j.1", year=2019, cited_by=3)
    return corpus


@pytest.fixture
def oa(fake_oa, works):
    fake_oa.corpus_works = works
    return fake_oa


def test_a_doi_list_finds_works_in_one_call_by_doi_and_ids_doi(oa):
    client = make_openalex_client(oa)
    found = client.works("doi", ["10.48550/arxiv.2006.11477", "10.1109/taslp.2021.3122291", "10.9999/nothing"])
    assert sorted(w["id"] for w in found) == ["https://openalex.org/W100", "https://openalex.org/W200"]
    assert oa.count == 1
    request = oa.log[0]
    assert request.query["per_page"] == "100" and request.query["select"] == ",".join(WORK_FIELDS)
    hubert = check_work(next(w for w in found if w["id"].endswith("W200")))
    assert hubert["arxiv"] == "2106.07447" and hubert["references"] == ["W100", "W999"]


def test_the_key_travels_in_a_header_only(oa):
    oa.keys = {"s3cret-key"}
    client = make_openalex_client(oa, api_key="s3cret-key")
    client.works("openalex", ["W100"])
    client.work("W200")
    for request in oa.log:
        assert request.headers["Authorization"] == "Bearer s3cret-key"
        assert "s3cret" not in json.dumps(request.query) and "s3cret" not in request.path
    assert "s3cret" not in oa.last_request_line


def test_without_a_key_it_says_so_once(oa, caplog):
    client = make_openalex_client(oa)
    with caplog.at_level(logging.WARNING, logger="graphbuild.openalex"):
        client.works("openalex", ["W100"])
        client.work("W100")
    assert sum("without a key" in r.message for r in caplog.records) == 1
    assert all("Authorization" not in r.headers for r in oa.log)


def test_a_refused_key_stops_at_once(oa):
    oa.keys = {"good"}
    client = make_openalex_client(oa, api_key="wrong")
    with pytest.raises(SourceRefused, match="OPENALEX_API_KEY was refused"):
        client.works("openalex", ["W100"])
    assert oa.count == 1  # a 401 is final: no retries


def test_a_whitespace_key_is_not_sent(oa):
    client = make_openalex_client(oa, api_key="   ")
    client.work("W100")
    assert "Authorization" not in oa.log[0].headers and not client.has_key


def test_a_spent_budget_stops_at_once_and_says_until_when(oa):
    oa.budgets[None] = 1
    client = make_openalex_client(oa, sleep=lambda s: None)
    client.works("openalex", ["W100"])  # 1 credit: the last one
    assert client.work("W200") is not None  # singletons are free
    with pytest.raises(SourceRefused, match="budget is spent .*midnight UTC"):
        client.works("openalex", ["W200"])
    assert oa.count == 3  # the 429 of a spent budget is not retried


def test_a_per_second_429_is_retried_after_its_retry_after(oa):
    slept = []
    client = make_openalex_client(oa, sleep=slept.append)
    oa.fail("status", status=429, retry_after="1", times=2, body={
        "error": "Rate limit exceeded", "message": "Rate limit exceeded: 10 requests per second. Please slow down.",
        "retryAfter": 0.4})
    assert client.work("W100")["id"].endswith("W100")
    assert slept == [1.0, 1.0] and oa.count == 3


def test_429s_that_never_end_give_up(oa):
    client = make_openalex_client(oa, max_retries=2, sleep=lambda s: None)
    oa.fail("status", status=429, retry_after="1", times=10, body={"error": "Rate limit exceeded", "message": "x"})
    with pytest.raises(SourceRateLimited, match="429 Too Many Requests 3 times"):
        client.work("W100")


def test_html_error_pages_are_read_as_errors_not_json(oa):
    client = make_openalex_client(oa, sleep=lambda s: None)
    assert client.work("W404") is None  # Flask's HTML 404: "no such work"
    assert oa.log[-1].path == "/works/W404"
    oa.fail("status", status=503, body=Raw(b"<html><title>Service Unavailable</title></html>", "text/html"))
    assert client.work("W100") is not None  # an HTML 503 is retried like any 5xx


def test_a_page_cut_off_by_the_time_limit_is_asked_again(oa):
    client = make_openalex_client(oa, sleep=lambda s: None)

    def cut(status, payload, query):
        data = json.loads(payload.body)
        data["meta"]["timed_out"] = True
        data["results"] = data["results"][:1]
        return status, Raw(json.dumps(data).encode(), "application/json")

    oa.fail("tamper", transform=cut)
    assert len(client.works("openalex", ["W100", "W200"])) == 2
    assert oa.count == 2


def test_redirects_for_lower_case_and_merged_ids_are_followed(oa, works):
    works.merged["W150"] = "W100"
    client = make_openalex_client(oa)
    assert client.work("w100")["id"].endswith("W100")
    assert client.work("W150")["id"].endswith("W100")  # merged: the surviving work


def test_a_wrong_url_is_not_the_api(oa):
    client = make_openalex_client(oa)
    client.base_url += "/nothing-here"
    with pytest.raises(SourceNotTheAPI, match="OpenAlex's URL"):
        client.works("openalex", ["W100"])


def test_or_lists_are_packed_under_the_url_limit_and_100_values():
    dois = [f"10.1000/a-rather-long-journal-identifier.{n:05d}" for n in range(250)]
    batches = pack_values(dois, "https://api.openalex.org", "doi")
    assert [d for b in batches for d in b] == dois
    assert all(len(b) <= 100 and request_line_bytes("https://api.openalex.org", "doi", b) <= MAX_URL_BYTES
               for b in batches)
    assert len(batches) == 4  # ~53 such DOIs fit under 4 KB: the URL, not the 100, is the limit here
    arxiv = [f"10.48550/arxiv.2101.{n:05d}" for n in range(250)]  # short: 100 a call
    assert [len(b) for b in pack_values(arxiv, "https://api.openalex.org", "doi")] == [100, 100, 50]


def test_a_request_line_too_long_for_the_server_is_its_own_error(oa):
    client = make_openalex_client(oa)
    with pytest.raises(SourceUrlTooLong, match="8190"):
        client.works("doi", ["10.1000/" + "x" * 90 + str(n) for n in range(100)])


def test_recorded_bodies_are_read_and_checked(oa):
    """Real responses served byte for byte: both list generations, a paratext with a null title."""
    client = make_openalex_client(oa)
    for name, count in (("list-openalex-or-cursor-page1.json", 2), ("list-cited-by-38-works.json", 38),
                        ("prewalden-2025-05-list-openalex-or-page1.json", 2)):
        body = data_file(f"openalex/{name}").read_bytes()
        oa.fail("tamper", transform=lambda status, payload, query, body=body: (200, Raw(body)))
        found = client.works("openalex", ["W1"])
        assert len(found) == count and all(check_work(w)["id"].startswith("W") for w in found)
    body = data_file("openalex/work-W4234567890-paratext-null-title.json").read_bytes()
    oa.fail("tamper", transform=lambda status, payload, query: (200, Raw(body)))
    paratext = check_work(client.work("W4234567890"))
    assert "title" not in paratext and paratext["references"] == []


def test_recorded_error_bodies_become_the_right_errors(oa):
    client = make_openalex_client(oa, api_key="k")
    body = data_file("openalex/error-401-invalid-api-key.json").read_bytes()
    oa.keys = {"k"}
    oa.fail("status", status=401, body=Raw(body))
    with pytest.raises(SourceRefused, match="API key not found"):
        client.work("W100")
    assert NOT_FOUND_HTML.startswith(b"<!doctype html>")


def test_a_list_longer_than_a_page_is_read_page_by_page_to_its_count(oa, works):
    for k in range(230):
        works.add(f"W{7000 + k}", f"Citing work {k}", doi=f"10.4444/c.{k}", year=2022, references=["W100"],
                  cited_by=k)
    client = make_openalex_client(oa)
    found = client.works("cites", ["W100"])
    assert len(found) == 231 and len({w["id"] for w in found}) == 231  # HuBERT cites it too
    assert [r.query["page"] for r in oa.log] == ["1", "2", "3"]
