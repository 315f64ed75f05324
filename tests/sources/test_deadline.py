"""A deadline that holds whatever the server does: a status line or a body dribbled one byte every half second, an
answer of hundreds of megabytes, JSON nested 200,000 deep. Real HTTP to the fakes; wall-clock bounds asserted."""

from __future__ import annotations

import resource
import shutil
import time

import pytest

from graphbuild.sources.errors import SourceBadAnswer, SourceDeadlineExceeded, SourceUnavailable

from helpers import SHIPPED_CATALOG, make_client, make_openalex_client, run_graphbuild


@pytest.mark.slow
@pytest.mark.parametrize("body_only", [False, True], ids=["status line", "body"])
def test_a_dribbled_answer_is_cut_at_the_request_bound(small_s2, body_only):
    small_s2.fail("dribble", delay=0.5, body_only=body_only, times=10)
    client = make_client(small_s2, timeout=1.5, max_retries=1)
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="no whole answer within 1.5 s"):
        client.batch(["ARXIV:1901.00001"], "title")
    assert time.monotonic() - started < 2 * 1.5 + 1.5  # two attempts, and a backoff between


@pytest.mark.slow
def test_a_dribbled_answer_ends_at_the_deadline(small_s2):
    small_s2.fail("dribble", delay=0.5, times=100)
    client = make_client(small_s2, timeout=30, max_retries=6, deadline=2.5)
    started = time.monotonic()
    with pytest.raises(SourceDeadlineExceeded, match="deadline"):
        client.batch(["ARXIV:1901.00001"], "title")
    assert time.monotonic() - started < 2.5 + 1.0


def test_a_huge_answer_is_refused_as_it_streams_in(small_s2):
    small_s2.fail("huge", size=300 * 1024 * 1024)
    client = make_client(small_s2)
    client.max_answer_bytes = 8 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SourceBadAnswer, match="more than 8,388,608 bytes"):
        client.batch(["ARXIV:1901.00001"], "title")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # the 300 MB never came in


def test_json_nested_too_deep_is_a_bad_answer_not_a_crash(small_s2, fake_oa):
    small_s2.fail("deep", size=200_000, times=10)
    with pytest.raises(SourceUnavailable, match="garbled"):
        make_client(small_s2, max_retries=1).batch(["ARXIV:1901.00001"], "title")
    fake_oa.fail("deep", size=200_000, times=10)
    with pytest.raises(SourceUnavailable, match="garbled"):
        make_openalex_client(fake_oa, max_retries=1).work("W1")


@pytest.mark.slow
@pytest.mark.parametrize("down", ["s2", "openalex", "s2,openalex"])
def test_a_build_against_dribbling_servers_ends_within_its_deadline(down, shipped_s2, fake_oa, tmp_path):
    """--deadline 10 is one bound for the whole build, however many sources dribble: it ends within 10 s plus one
    request's timeout (and the build's own work), from the cache and the curated references."""
    from helpers import shipped_works

    fake_oa.corpus_works, _ = shipped_works(__import__("graphbuild.catalog").catalog.load_catalog(SHIPPED_CATALOG))
    for name in down.split(","):
        (shipped_s2 if name == "s2" else fake_oa).fail("dribble", delay=0.5, times=1000)
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    started = time.monotonic()
    result = run_graphbuild("build", "--sources", "s2,openalex", "--api-url", shipped_s2.url, "--openalex-url",
                            fake_oa.url, "--deadline", "10", "--timeout", "4", "--max-rps", "0", "--backoff", "0.1",
                            cwd=tmp_path, env={"GRAPHBUILD_SOURCES": ""}, timeout=120)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert took < 10 + 4 + 8, took  # the deadline, one request's timeout, and the build itself on a loaded machine
    assert "could not be used" in result.stderr and "deadline" in result.stderr
    assert (tmp_path / "output" / "lineage.html").exists()
