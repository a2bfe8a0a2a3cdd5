"""A trainee's first contact: `coursekit lab` lands in Chinese on the start-here notebook.

The server is started with ``coursekit.lab.lab_command`` (see conftest), and the
page visits ``/`` — the address the launched browser opens.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from coursekit.lab import START_NOTEBOOK, default_start
from tests.browser.labui import ROOT, missing_glyphs, required, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def start_notebook() -> str:
    """The notebook coursekit opens first; the calling test fails when chapters/00_start_here.ipynb is missing."""
    required(ROOT / START_NOTEBOOK, "the start-here notebook")
    start = default_start(ROOT)
    assert start == START_NOTEBOOK, f"coursekit would open {start!r} first, not {START_NOTEBOOK!r}"
    return start


def test_lab_opens_in_chinese_on_the_start_notebook(repo_lab, lab_page):
    page = lab_page
    start = start_notebook()
    page.goto(repo_lab.page_url("/"))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-DirListing-item", timeout=30_000)
    page.wait_for_timeout(1500)  # the news question, when enabled, pops up right after start

    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert {"文件", "编辑", "运行", "内核"} <= set(menus), f"menu bar is not in Chinese: {menus}"

    assert f"/lab/tree/{start}" in page.url, page.url
    tabs = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tabLabel").all_inner_texts()
    assert PurePosixPath(start).name in tabs, f"start notebook not open; tabs: {tabs}"

    # The file browser is at the course root, so chapters and exercises are one click away.
    crumbs = page.locator(".jp-FileBrowser .jp-BreadCrumbs").first.inner_text()
    assert "chapters" not in crumbs, f"file browser opened inside a folder: {crumbs!r}"
    listing = page.locator(".jp-FileBrowser .jp-DirListing-itemText").all_inner_texts()
    expected = {name for name in ("chapters", "course", "solutions") if (ROOT / name).is_dir()}
    assert expected <= set(listing), f"file browser is not at the course root: {listing}"

    toasts = page.locator(".Toastify__toast").all_inner_texts()
    assert toasts == [], f"a notification covers the page (news pop-up?): {toasts}"

    assert missing_glyphs(page) == "", "Chinese characters drawn as boxes in the interface"
    screenshot(page, "first-contact")
