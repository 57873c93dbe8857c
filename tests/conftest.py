"""Fixtures shared by the whole suite. Sphinx's testing fixtures (``app``, ``warning``,
``make_app``) are registered here, at the root: pytest accepts plugins only here."""

import os

from hypothesis import settings

pytest_plugins = ["sphinx.testing.fixtures"]

# CI runs the same examples every time (a red CI names a failure anyone can rerun); local
# runs explore new ones (failures found there are pinned with @example).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
