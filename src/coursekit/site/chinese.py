"""The site's Chinese interface: search that works, and every theme string in Simplified Chinese.

Three gaps of the tools are closed here, each named where it is handled:

* **Search.** Sphinx 9.0 names the JavaScript stemmer after the search
  language (``window.Stemmer = ChineseStemmer``), but its Chinese search ships
  the English stemmer, so every page threw ``ChineseStemmer is not defined``
  and search never finished (sphinx-doc/sphinx#14229). :class:`ChineseSearch`
  names the stemmer that is there.
* **Translations.** The Book theme's zh_CN catalog has Taiwan wording
  (列印成 PDF) and lacks "Search"; the PyData theme has no zh_CN catalog.
  :data:`CATALOGS` are the course's own translations, compiled to ``.mo``
  files at build time (:func:`compiled_catalogs`) and registered ahead of the
  themes' catalogs, so they take precedence.
* **Strings without translation markers.** A few labels are literal English
  in the theme's templates (sidebar toggles, navigation landmarks);
  :func:`translate_page` replaces them in the written pages.

>>> translate_page('<button title="Toggle primary sidebar">')
'<button title="显示或隐藏目录">'
>>> CATALOGS["booktheme"]["Print to PDF"]
'打印为 PDF'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["CATALOGS", "LITERAL_STRINGS", "compiled_catalogs", "setup", "translate_page"]

LOCALE = "zh_CN"
LOCALE_DIR = "locales"   # under the staged source folder; Sphinx's ``locale_dirs``

CATALOGS: dict[str, dict[str, str]] = {
    # PyData theme (catalog "sphinx"; the templates' _() calls)
    "sphinx": {
        "Click to expand": "点击展开",
        "Click to collapse": "点击收起",
        "Skip to main content": "跳到正文",
        "Back to top": "回到顶部",
        "Search": "搜索",
        "Error": "错误",
        "Please activate JavaScript to enable the search functionality.": "请启用 JavaScript 以使用搜索功能。",
        "Breadcrumb": "页面路径",
        "Home": "首页",
        "Indices": "索引",
        "General Index": "总索引",
        "On this page": "本页内容",
        "previous page": "上一页",
        "previous": "上一页",
        "next page": "下一页",
        "next": "下一页",
        "Collapse Sidebar": "收起侧栏",
        "Expand Sidebar": "展开侧栏",
        "Section Navigation": "本节导航",
        "Show Source": "显示源文件",
        "Color mode": "配色",
        "Light": "浅色",
        "Dark": "深色",
        "System Settings": "跟随系统",
        "Announcement": "公告",
        "Site navigation": "网站导航",
    },
    # Book theme (catalog "booktheme")
    "booktheme": {
        "By": "作者：",
        "By the": "作者：",
        "Contents": "目录",
        "Download notebook file": "下载 notebook 文件",
        "Download source file": "下载源文件",
        "Download this page": "下载本页",
        "Fullscreen mode": "全屏",
        "Print to PDF": "打印为 PDF",
        "Search": "搜索",
        "Toggle navigation": "显示或隐藏导航",
        "next page": "下一页",
        "previous page": "上一页",
    },
}

# literal English in the themes' templates (no translation marker), as it appears in the HTML
LITERAL_STRINGS = {
    'title="Toggle primary sidebar"': 'title="显示或隐藏目录"',
    'title="Toggle secondary sidebar"': 'title="显示或隐藏本页内容"',
    'aria-label="Main"': 'aria-label="课程目录"',
    'aria-label="Page"': 'aria-label="本页"',
}


def translate_page(html: str) -> str:
    """Replace the themes' untranslatable English labels in a written page."""
    for english, chinese in LITERAL_STRINGS.items():
        html = html.replace(english, chinese)
    return html


def compiled_catalogs() -> dict[str, bytes]:
    """:data:`CATALOGS` compiled to ``.mo`` bytes, by path under the source folder.

    >>> sorted(compiled_catalogs())
    ['locales/zh_CN/LC_MESSAGES/booktheme.mo', 'locales/zh_CN/LC_MESSAGES/sphinx.mo']
    >>> compiled_catalogs() == compiled_catalogs()
    True
    """
    from datetime import datetime, timezone
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    fixed_date = datetime(2026, 1, 1, tzinfo=timezone.utc)
    compiled = {}
    for name, messages in CATALOGS.items():
        catalog = Catalog(locale=LOCALE, domain=name, fuzzy=False,    # fixed dates: the same bytes every build
                          creation_date=fixed_date, revision_date=fixed_date)
        for english, chinese in messages.items():
            catalog.add(english, chinese)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        compiled[f"{LOCALE_DIR}/{LOCALE}/LC_MESSAGES/{name}.mo"] = buffer.getvalue()
    return compiled


def _chinese_search() -> Any:
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        """Chinese search whose JavaScript stemmer name matches the stemmer it ships (English)."""

        language_name = "English"

    return ChineseSearch


def setup(app: Any) -> dict[str, Any]:
    """Register the search fix and the course's catalogs (before the themes register theirs)."""
    app.add_search_language(_chinese_search())
    app.add_message_catalog("booktheme", str(Path(app.srcdir) / LOCALE_DIR))

    def translate_written_pages(app: Any, exception: Exception | None) -> None:
        if exception is None:
            for page in Path(app.outdir).rglob("*.html"):
                text = page.read_text(encoding="utf-8")
                if (translated := translate_page(text)) != text:
                    page.write_text(translated, encoding="utf-8")

    app.connect("build-finished", translate_written_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
