"""Local demo/test websites: a data model, a real HTTP server and a synthetic site generator.

- :mod:`demo.site` -- :class:`~demo.site.Page` and :class:`~demo.site.Site` (also loaded from a
  directory of real files plus an optional ``routes.toml``).
- :mod:`demo.server` -- :func:`~demo.server.serve` a ``Site`` on 127.0.0.1 in background threads.
- :mod:`demo.generator` -- :func:`~demo.generator.generate_site` builds large
  synthetic sites with known truth.
"""
