"""The Sphinx settings of the reading site, and the course words the Chinese search must know.

Sphinx with myst-nb and the Book theme builds the site (see ``docs/site.md``
for why). The settings keep the site offline and Chinese-first:

* ``language = "zh_CN"`` gives the theme's buttons and Sphinx's own strings in Chinese;
* ``html_search_language = "zh"`` indexes pages with the jieba segmenter, and
  :func:`search_words` adds the course's terms (首次解决率, 双重差分 …) to its
  dictionary, so a search for a whole term finds the pages that use it;
* formulas become MathML at build time (:mod:`coursekit.site.mathml`), and no
  widget JavaScript is loaded, so a page requests nothing from another host;
* notebooks run through myst-nb's execution cache; a cell error or any output
  on stderr fails the build, as the nbval run of the test suite does.

>>> words = search_words()
>>> {"首次解决率", "双重差分", "层次分析法"} <= set(words)
True
>>> cjk_terms("XmR 图（单值—移动极差图）")
['单值', '移动极差图']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["cjk_terms", "search_words", "sphinx_settings", "write_search_dictionary"]

TITLE = "售后服务绩效考核培训"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def cjk_terms(text: str) -> list[str]:
    """The runs of two or more Chinese characters in a name (a term's searchable words)."""
    return _CJK_RUN.findall(text)


def search_words() -> list[str]:
    """Course terms for the segmenter: the glossary's methods and the KPI catalog's names, sorted."""
    from coursekit.glossary import METHODS
    from coursekit.kpi import catalog

    names = [t.zh for t in METHODS] + [w for t in METHODS for w in t.terms] + list(catalog()["name_zh"])
    return sorted({word for name in names for word in cjk_terms(name)})


def write_search_dictionary(path: Path) -> Path:
    """Write the words as a jieba user dictionary (one word per line) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{word}\n" for word in search_words())
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def sphinx_settings(*, cache: str, search_dictionary: str, static: str) -> dict[str, Any]:
    """The values of the generated ``conf.py`` (paths absolute, as strings)."""
    return {
        "project": TITLE,
        "author": "coursekit",
        "copyright": "coursekit contributors",
        "language": "zh_CN",
        # the themes as extensions: their set-up then runs before the configuration is compared with the
        # last build's, so an unchanged project is recognised as unchanged
        # coursekit.site.chinese before the themes: its translations take precedence over theirs
        "extensions": ["myst_nb", "coursekit.site.chinese", "pydata_sphinx_theme", "sphinx_book_theme",
                       "coursekit.site.mathml", "coursekit.site.outputs"],
        "locale_dirs": ["locales"],
        "html_favicon": str(Path(static) / "favicon.svg"),
        "html_context": {"default_mode": "light"},   # the theme's colour mode, set (an empty one logs an error)
        "html_show_copyright": False,
        "exclude_patterns": ["_build", "downloads/**", "**/.ipynb_checkpoints", "jupyter_execute/**"],
        "html_theme": "sphinx_book_theme",
        "html_title": TITLE,
        "html_static_path": [static],
        # Values below are written as the theme and Sphinx would normalise them; otherwise every build
        # sees a "changed configuration" and re-reads every page (no incremental rebuild).
        "html_css_files": [("coursekit-site.css", {"priority": 800})],
        "html_permalinks_icon": "#",
        "html_sourcelink_suffix": "",
        "html_last_updated_fmt": None,
        "html_show_sphinx": False,
        "html_math_renderer": "mathml",
        "html_search_language": "zh",
        "html_search_options": {"dict": search_dictionary},
        # result snippets are fetched page by page, which browsers refuse for pages opened from disk
        # (file://, a file share); titles alone work everywhere
        "html_show_search_summary": False,
        "html_theme_options": {
            "use_download_button": True,
            "use_fullscreen_button": False,
            "use_repository_button": False,
            "use_issues_button": False,
            "use_edit_page_button": False,
            "home_page_in_toc": False,        # the site title above the menu already leads home
            "show_navbar_depth": 1,
            "navigation_with_keys": False,
            "launch_buttons": {},
            "search_bar_text": "搜索…",
            "navbar_persistent": ["search-button-field"],
            "icon_links": [],
            "logo": {},
        },
        "myst_enable_extensions": ["dollarmath", "colon_fence"],
        "myst_heading_anchors": 3,
        "myst_update_mathjax": False,
        "nb_execution_mode": "cache",
        "nb_execution_cache_path": cache,
        "nb_execution_timeout": 600,
        "nb_execution_raise_on_error": True,
        "nb_execution_show_tb": True,
        "nb_output_stderr": "severe",
        "nb_merge_streams": True,
        "nb_ipywidgets_js": {},
    }


CONF_TEMPLATE = '''"""Sphinx configuration of the coursekit reading site (generated by `coursekit site build`)."""
import logging

import jieba

from coursekit.site.config import sphinx_settings

jieba.setLogLevel(logging.WARNING)   # its dictionary-loading chatter is not a build message

globals().update(sphinx_settings(cache={cache!r}, search_dictionary={dictionary!r}, static={static!r}))
'''


def conf_py(*, cache: Path, search_dictionary: Path, static: Path) -> str:
    """The text of the staged ``conf.py``."""
    return CONF_TEMPLATE.format(cache=str(cache), dictionary=str(search_dictionary), static=str(static))
