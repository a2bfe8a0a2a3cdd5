"""Settings that keep the site offline and Chinese-first, and the search words."""

from __future__ import annotations

from coursekit.site.config import search_words, sphinx_settings, write_search_dictionary


def test_every_kpi_and_method_name_is_a_search_word():
    from coursekit.glossary import METHODS
    from coursekit.kpi import catalog

    words = set(search_words())
    assert {"首次解决率", "一次修复率", "净推荐值", "双重差分", "熵权法", "柯氏四级评估"} <= words
    assert len(words) >= len(METHODS) + len(catalog()) - 5        # a few names share words
    assert not any(w.isascii() for w in words)                     # jieba's own tokenizer handles Latin words


def test_search_dictionary_is_rewritten_only_when_the_words_change(tmp_path):
    path = write_search_dictionary(tmp_path / "words.txt")
    before = path.stat().st_mtime_ns
    write_search_dictionary(path)
    assert path.stat().st_mtime_ns == before
    assert path.read_text(encoding="utf-8").splitlines() == search_words()


def test_settings_keep_the_site_offline_and_fail_on_any_cell_problem():
    s = sphinx_settings(cache="/c", search_dictionary="/d", static="/s")
    assert s["language"] == "zh_CN" and s["html_search_language"] == "zh"
    assert s["html_search_options"] == {"dict": "/d"}
    assert s["html_math_renderer"] == "mathml"          # no MathJax from a CDN
    assert s["nb_ipywidgets_js"] == {}                   # no widget JavaScript from a CDN
    assert s["nb_execution_mode"] == "cache" and s["nb_execution_cache_path"] == "/c"
    assert s["nb_execution_raise_on_error"] is True
    assert s["nb_output_stderr"] == "severe"
