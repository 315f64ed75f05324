"""Exports: one module per format, each a pure ``generate_*`` (graph → text), and :mod:`.formats`, the one
registry of formats that the build and ``graphbuild export`` both use (and its atomic :func:`~.formats.write`)."""
