"""Semantic Scholar's Academic Graph API as a member of the sources family (see :mod:`graphbuild.sources`).

* :mod:`.client`: the HTTP client (batch metadata and nested references, reference and citation pages, title
  match), its key in the ``x-api-key`` header only.
* :mod:`.fill`: what to ask for, in as few requests as the API's caps allow, every answer stored as it arrives.
* :mod:`.read`: what the cache holds, as :class:`~graphbuild.works.Work` records (pure; no HTTP).
* :mod:`.citations`: the works citing the list, read window by window, for ``graphbuild watch``.
* :mod:`.records`: the checks every answer passes, and the Work each record becomes.

Nothing is imported here: the registry loads each member when it is first used.
"""
