"""Fixtures of the site tests: one real build of the course's site, made once per test session.

The build runs the chapters (about a minute on 2 cores), so tests that need it
are marked slow. It is skipped (laptop) or failed (CI) with the install command
when the site's tools (the ``site`` extra) are missing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests._components import missing

ROOT = Path(__file__).resolve().parents[2]
SITE_TOOLS = ("sphinx", "myst_nb", "sphinx_book_theme", "jieba", "latex2mathml")


def site_tools_missing() -> str | None:
    """Why the site cannot be built here, or None."""
    absent = [name for name in SITE_TOOLS if importlib.util.find_spec(name) is None]
    return f"{', '.join(absent)} not installed: pip install -e .[site]" if absent else None


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course's site, built from nothing into a temporary folder: ``(SiteBuild, work folder)``."""
    reason = site_tools_missing()
    if reason:
        missing("the site tools", reason)
    from coursekit.site import build

    base = tmp_path_factory.mktemp("site")
    return build(ROOT, base / "out", base / "work", clean=True), base / "work"
