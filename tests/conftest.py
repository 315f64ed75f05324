"""Shared fixtures: the fake Semantic Scholar server, a small catalog, the shipped catalog's fake corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphbuild.catalog import Catalog, load_catalog

from fake_s2 import FakeSemanticScholar
from helpers import (
    SHARED,
    SHIPPED_CATALOG,
    SMALL_CATALOG,
    make_client,
    shipped_corpus,
    small_corpus,
)

# --- sources ------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def semantic_scholar_unless_asked(monkeypatch):
    """A build asks every source by default, and no test may reach a real API: tests ask Semantic Scholar alone
    (its fake), and those about OpenAlex say so with ``--sources`` or ``build(openalex=...)``."""
    monkeypatch.setenv("GRAPHBUILD_SOURCES", "s2")
    monkeypatch.delenv("GRAPHBUILD_OPENALEX_URL", raising=False)
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)


# --- the fake server ---------------------------------------------------------------------------------------


@pytest.fixture
def fake_s2():
    server = FakeSemanticScholar().start()
    yield server
    server.stop()


@pytest.fixture
def fake_oa():
    from fake_openalex import FakeOpenAlex

    server = FakeOpenAlex().start()
    yield server
    server.stop()


@pytest.fixture
def client(fake_s2):
    c = make_client(fake_s2)
    yield c
    c.close()


# --- a small synthetic list ----------------------------------------------------------------------------------


@pytest.fixture
def small_catalog_path(tmp_path) -> Path:
    path = tmp_path / "papers.yaml"
    path.write_text(SMALL_CATALOG, encoding="utf-8")
    return path


@pytest.fixture
def small_s2(fake_s2):
    fake_s2.corpus = small_corpus()
    return fake_s2


# --- the shipped list ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shipped_catalog() -> Catalog:
    return load_catalog(SHIPPED_CATALOG)


@pytest.fixture
def shipped_s2(fake_s2, shipped_catalog):
    fake_s2.corpus = shipped_corpus(shipped_catalog)
    return fake_s2


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    """A copy of the shipped papers.yaml in a temp folder (tests may edit it)."""
    path = tmp_path / "papers.yaml"
    shutil.copy(SHIPPED_CATALOG, path)
    return path


# --- say loudly what could not be tested here ---------------------------------------------------------------

CHROMIUM_PATH = Path("/usr/bin/chromium")


def _missing() -> list[str]:
    missing = []
    if not CHROMIUM_PATH.exists():
        missing.append(f"browser tests SKIPPED: {CHROMIUM_PATH} is not installed (apt-get install chromium)")
    if not SHARED.exists():
        missing.append(f"real-input import tests SKIPPED: {SHARED} (../shared beside the clone) is absent")
    return missing


def pytest_report_header(config):
    return _missing() or None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for line in _missing():
        terminalreporter.write_line(f"WARNING: {line}", yellow=True, bold=True)
