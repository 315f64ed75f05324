"""The client against the fake server: real HTTP, real retries, real timeouts."""

from __future__ import annotations

import socket
import time

import pytest

from graphbuild.sources.errors import SourceRateLimited, SourceRequestError, SourceUnavailable, SourceUnreachable
from graphbuild.sources.semantic_scholar.client import SemanticScholar

from helpers import SMALL_IDS, make_client, small_corpus

FIELDS = "title,externalIds,referenceCount"


@pytest.fixture
def server(fake_s2):
    fake_s2.corpus = small_corpus()
    return fake_s2


def test_batch_returns_records_in_order_with_null_slots(server, client):
    slots = client.batch(["ARXIV:2001.00002", "ARXIV:9999.99999", "doi:10.1000/gamma.2021"], FIELDS)
    assert [s and s["paperId"] for s in slots] == [SMALL_IDS["beta"], None, SMALL_IDS["gamma"]]
    assert slots[0] == {"paperId": SMALL_IDS["beta"], "title": "Beta Builds on Alpha", "referenceCount": 3,
                        "externalIds": {"ArXiv": "2001.00002", "CorpusId": int(SMALL_IDS["beta"][:7], 16)}}
    request = server.log[0]
    assert (request.method, request.path, request.query) == ("POST", "/graph/v1/paper/batch", {"fields": FIELDS})
    assert request.body == {"ids": ["ARXIV:2001.00002", "ARXIV:9999.99999", "doi:10.1000/gamma.2021"]}


def test_batch_where_no_id_resolves_is_all_null_not_an_error(server, client):
    # The API answers 400 "No valid paper ids given" instead of [null, null].
    assert client.batch(["ARXIV:9999.99999", "ARXIV:9999.99998"], FIELDS) == [None, None]
    assert server.count == 1


def test_batch_rejects_more_than_500_ids(client):
    with pytest.raises(ValueError):
        client.batch([f"ARXIV:2001.{i:05d}" for i in range(501)], FIELDS)


def test_references_pages_and_elided(server, client):
    page = client.references_page(SMALL_IDS["beta"], "paperId,title,isInfluential", offset=0, limit=2)
    assert page["next"] == 2 and len(page["data"]) == 2
    assert page["data"][0] == {"isInfluential": True, "citedPaper": {"paperId": SMALL_IDS["alpha"],
                                                                     "title": "Alpha: A Foundation"}}
    last = client.references_page(SMALL_IDS["beta"], "paperId,title", offset=2, limit=2)
    assert "next" not in last and last["data"] == [{"citedPaper": {"paperId": None, "title": "Some unpublished note"}}]
    elided = client.references_page(SMALL_IDS["delta"], "paperId")
    assert elided["data"] is None and "elided by the publisher" in elided["citingPaperInfo"]["openAccessPdf"]["disclaimer"]


def test_title_match_and_no_match(server, client):
    assert client.match_title("Delta, Found by Title Only", "title")["paperId"] == SMALL_IDS["delta"]
    assert client.match_title("A Paper Nobody Wrote", "title") is None
    assert server.count == 2


def test_final_4xx_is_not_retried(server, client):
    with pytest.raises(SourceRequestError) as info:
        client.references_page("0" * 40, "paperId")
    assert info.value.status == 404 and info.value.message == f"Paper with id {'0' * 40} not found"
    assert server.count == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_retried(server, client, status):
    server.fail("status", status=status, times=2)
    assert client.match_title("Delta, Found by Title Only", "title")["paperId"] == SMALL_IDS["delta"]
    assert server.count == 3


def test_429_without_retry_after_backs_off_exponentially(server):
    delays = []
    c = make_client(server, sleep=delays.append, backoff=1.0, max_backoff=60)
    server.fail("status", status=429, times=3)
    assert c.batch(["ARXIV:1901.00001"], FIELDS)[0]["paperId"] == SMALL_IDS["alpha"]
    assert server.count == 4
    # equal jitter: attempt n waits between half and all of backoff * 2**n
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and 2.0 <= delays[2] <= 4.0


def test_429_honours_retry_after_for_real(server):
    c = make_client(server)
    server.fail("status", status=429, retry_after="1")
    started = time.monotonic()
    assert c.batch(["ARXIV:1901.00001"], FIELDS)[0] is not None
    assert time.monotonic() - started >= 0.95
    assert server.count == 2


def test_repeated_429_gives_up_suggesting_an_api_key(server, caplog):
    c = make_client(server, max_retries=3)
    server.fail("status", status=429, times=10)
    with pytest.raises(SourceRateLimited) as info:
        c.batch(["ARXIV:1901.00001"], FIELDS)
    assert "S2_API_KEY" in str(info.value)
    assert server.count == 4
    assert any("S2_API_KEY" in r.getMessage() for r in caplog.records)


def test_dropped_connection_is_retried(server, client):
    server.fail("drop")
    assert client.batch(["ARXIV:1901.00001"], FIELDS)[0]["paperId"] == SMALL_IDS["alpha"]
    assert server.count == 2


def test_answer_slower_than_the_timeout_is_retried(server):
    c = make_client(server, timeout=0.3)
    server.fail("slow", delay=1.0)
    started = time.monotonic()
    assert c.batch(["ARXIV:1901.00001"], FIELDS)[0]["paperId"] == SMALL_IDS["alpha"]
    assert time.monotonic() - started < 1.0  # gave up waiting at the timeout, did not sit out the delay
    assert server.count == 2


def test_malformed_json_is_retried_then_reported(server):
    c = make_client(server, max_retries=2)
    server.fail("malformed")
    assert c.batch(["ARXIV:1901.00001"], FIELDS)[0] is not None
    server.reset_log()
    server.fail("malformed", times=5)
    with pytest.raises(SourceUnavailable, match="not JSON"):
        c.batch(["ARXIV:1901.00001"], FIELDS)
    assert server.count == 3


def test_api_key_travels_in_the_header(server):
    c = SemanticScholar(server.url, "secret-key-123", max_rps=0)
    c.batch(["ARXIV:1901.00001"], FIELDS)
    assert server.log[0].headers.get("x-api-key") == "secret-key-123"
    assert "secret-key-123" not in server.log[0].path and "secret-key-123" not in str(server.log[0].query)


def test_without_a_key_no_key_header_is_sent(server, client):
    client.batch(["ARXIV:1901.00001"], FIELDS)
    assert not any(k.lower() == "x-api-key" for k in server.log[0].headers)


def test_rate_limit_spaces_requests(server):
    c = make_client(server, max_rps=5)
    started = time.monotonic()
    for _ in range(4):
        c.match_title("Delta, Found by Title Only", "title")
    assert time.monotonic() - started >= 0.55  # three gaps of 0.2 s


def test_unreachable_fails_fast():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = SemanticScholar(f"http://127.0.0.1:{port}/graph/v1", max_rps=0, max_retries=6, backoff=5)
    started = time.monotonic()
    with pytest.raises(SourceUnreachable, match="connection refused"):
        c.batch(["ARXIV:1901.00001"], FIELDS)
    assert time.monotonic() - started < 5
    assert c.requests_sent == 3


def test_name_resolution_failure_is_unreachable():
    c = SemanticScholar("http://no-such-host.invalid/graph/v1", max_rps=0, sleep=lambda s: None)
    with pytest.raises(SourceUnreachable, match="name resolution"):
        c.batch(["ARXIV:1901.00001"], FIELDS)
