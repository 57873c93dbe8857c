"""Fixtures shared by the whole suite. Sphinx's testing fixtures (``app``, ``warning``,
``make_app``) are registered here, at the root: pytest accepts plugins only here."""

pytest_plugins = ["sphinx.testing.fixtures"]
