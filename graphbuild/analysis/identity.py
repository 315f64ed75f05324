"""One work under several ids: Semantic Scholar records of a preprint and its journal version, and OpenAlex's
record of either. Used where works outside the list are counted (``suggest``, ``watch``): a work counts the listed
papers that cite it under any of its ids, once each."""

from __future__ import annotations

from ..ids import work_keys
from ..sources import source_names


class WorkGroups:
    """Works by id, with the listed papers citing each, merged when they share a DOI or an arXiv id (union-find).

    :meth:`groups` gives each merged work's ids, the id most listed papers cite it under first (on a tie, the id
    of the source asked first: Semantic Scholar's before OpenAlex's). ``info`` of each id holds its ``source``."""

    def __init__(self) -> None:
        self.citing: dict[str, set[str]] = {}
        self.info: dict[str, dict] = {}
        self.parent: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        self.rank = {name: n for n, name in enumerate(source_names())}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def add(self, work: str, citing: str, info: dict, arxiv: str | None, doi: str | None) -> None:
        """``work`` (an id) is cited by the listed paper ``citing``; ``info`` is kept from the first sighting."""
        if work not in self.parent:
            self.parent[work] = work
            self.info[work] = {**info, "arxiv": arxiv, "doi": doi}
        self.citing.setdefault(work, set()).add(citing)
        for key in work_keys(arxiv, doi):
            other = self.by_key.setdefault(key, work)
            a, b = self.find(work), self.find(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = {}
        for work in self.parent:
            members.setdefault(self.find(work), []).append(work)
        def order(i: str) -> tuple:
            return -len(self.citing[i]), self.rank.get(self.info[i].get("source", ""), len(self.rank)), i

        return [sorted(group, key=order) for group in members.values()]

    def cited_by(self, group: list[str]) -> set[str]:
        return set().union(*(self.citing[i] for i in group))

    def first(self, group: list[str], key: str):
        """The first known value of ``key`` among the group's records."""
        return next((self.info[i][key] for i in group if self.info[i].get(key)), None)
