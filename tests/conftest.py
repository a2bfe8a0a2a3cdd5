"""Fixtures shared by the tests (error messages are pinned to English in the root conftest).

The headless browser is here, not in tests/browser/conftest.py, because both the
JupyterLab tests (tests/browser) and the site tests (tests/site) use it: one
definition means one Playwright session per test run (a second ``sync_playwright()``
inside the first fails with "Sync API inside the asyncio loop").
"""

import pytest

from coursekit.i18n import get_language, set_language
from tests._components import missing


@pytest.fixture
def zh_language():
    """Chinese labels for one test (the display language is restored after); use with usefixtures."""
    language = get_language()
    set_language("zh")
    yield
    set_language(language)


@pytest.fixture(scope="session")
def playwright_browser():
    """Headless chromium for the whole session; skipped (failed in CI) with a hint when absent."""
    from tests.browser.labui import LAUNCH_ARGS, browser_missing

    reason = browser_missing()
    if reason:
        missing("chromium and playwright", reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(playwright_browser):
    """A fresh zh-CN browser page (its own context) for one test."""
    from tests.browser.labui import VIEWPORT

    context = playwright_browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
