"""The missing-glyph check used by the other browser tests can fail.

A chromium that sees only the DejaVu fonts (no CJK font, via its own fontconfig
file) must report Chinese text as boxes; the normal one must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._components import missing
from tests.browser.labui import LAUNCH_ARGS, missing_glyphs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAGE = "<p style='font-family: sans-serif'>文件 编辑 首次解决率 abc</p>"


def test_chinese_text_is_drawn_with_a_real_font(playwright_browser):
    page = playwright_browser.new_page()
    page.set_content(PAGE)
    assert missing_glyphs(page) == ""
    page.close()


def test_check_reports_boxes_when_no_cjk_font_is_installed(playwright_browser, tmp_path):
    if not DEJAVU.is_dir():
        missing("DejaVu fonts", f"{DEJAVU} not found (Debian package fonts-dejavu-core)")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8")
    pw_chromium = playwright_browser.browser_type
    browser = pw_chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS,
                                 env={"FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)})
    try:
        page = browser.new_page()
        page.set_content(PAGE)
        assert set(missing_glyphs(page)) == set("文件编辑首次解决率")
    finally:
        browser.close()
