"""Fixtures of the browser tests: a private JupyterLab on loopback and a headless chromium.

Every test here is marked ``browser`` and ``slow`` and is skipped (failed in CI, see
tests/_components.py), with the command that enables it, when /usr/bin/chromium or Python playwright is missing.
JupyterLab runs with its own temporary Jupyter folders (config, data, runtime,
settings, workspaces), so nothing on the machine's user profile changes the
result; the course's ``coursekit.lab.configure_lab`` defaults are applied there.
The browser itself (``playwright_browser``, ``page``) comes from tests/conftest.py.
"""

from __future__ import annotations

import pytest

from coursekit.lab import default_start
from tests.browser.labui import ROOT, LabEnv, start_lab


@pytest.fixture(scope="session")
def lab_env(tmp_path_factory) -> LabEnv:
    return LabEnv(tmp_path_factory.mktemp("jupyter"))


@pytest.fixture(scope="session")
def repo_lab(playwright_browser, lab_env, tmp_path_factory):
    """JupyterLab serving the repository root, started with coursekit's own command.

    It opens what coursekit would open (``default_start``); whether that is the
    start-here notebook is test_first_contact's check, so a missing one fails
    that test (naming the path) without stopping the other browser tests.
    """
    server = start_lab(ROOT, default_start(ROOT), lab_env, tmp_path_factory.mktemp("lab") / "lab.log")
    yield server
    server.stop()


@pytest.fixture
def lab_page(repo_lab, page):
    """A page for the repository's JupyterLab; the test's kernels are shut down afterwards."""
    yield page
    repo_lab.shutdown_kernels()
