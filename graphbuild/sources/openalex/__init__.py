"""OpenAlex as a member of the sources family (see :mod:`graphbuild.sources`).

* :mod:`.client`: the HTTP client (OR-list filters under the URL limit, free singletons and autocomplete, four
  kinds of 429), its key in the ``Authorization`` header only.
* :mod:`.fill`: what to ask for, at the floor of one list call per 100 papers, every answer stored as it arrives.
* :mod:`.read`: what the cache holds, as :class:`~graphbuild.works.Work` records (pure; no HTTP): which work is a
  listed paper's, its other versions, a year not believed, the works outside the list.
* :mod:`.citations`: the works citing the list, for ``graphbuild watch``.
* :mod:`.records`: the checks every answer passes, and the Work each record becomes.

Nothing is imported here: the registry loads each member when it is first used.
"""
