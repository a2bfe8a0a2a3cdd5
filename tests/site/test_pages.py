"""The site's generated pages: start page, exercise pages and the staged chapter (no Sphinx run)."""

from __future__ import annotations

import json

import pytest

from coursekit.errors import ConfigError
from coursekit.site.pages import data_page, exercise_page, exercises_index, index_page
from coursekit.site.sources import Sources, find_assignments, staged_notebook
from tests.site._course import make_course, notebook, write_notebook


def test_start_page_lists_the_chapters_with_their_own_titles_and_times(tmp_path):
    root = make_course(tmp_path, exercise=True)
    write_notebook(root / "chapters" / "02_more.ipynb",
                   notebook(("md", "# 第2章 提升\n\n**预计用时**：约 35 分钟")))
    sources = Sources.of(root)
    page = index_page(sources.chapters, sources.assignments)
    assert "| [第1章 演示](01_demo.ipynb) | 约 20 分钟 | `chapters/01_demo.ipynb` |" in page
    assert "| [第2章 提升](02_more.ipynb) | 约 35 分钟 |" in page
    assert "各章合计预计约 55 分钟" in page            # 20 + 35, summed from the notebooks
    assert "coursekit lab" in page
    assert ":caption: 练习" in page and "exercises/index" in page


def test_a_chapter_without_a_time_estimate_shows_a_dash_and_adds_nothing(tmp_path):
    root = make_course(tmp_path)
    write_notebook(root / "chapters" / "02_more.ipynb", notebook(("md", "# 第2章 提升")))
    sources = Sources.of(root)
    page = index_page(sources.chapters, sources.assignments)
    assert "| [第2章 提升](02_more.ipynb) | — |" in page
    assert "各章合计预计约 20 分钟" in page
    assert ":caption: 练习" not in page                # no exercises, no exercises section


def test_exercise_page_has_the_brief_without_the_answering_rules_and_two_separate_downloads(tmp_path):
    (exercise,) = find_assignments(make_course(tmp_path, exercise=True))
    page = exercise_page(exercise)
    assert page.startswith("# 作业 1　演示练习\n")
    assert "1. 计算合计；" in page and "不要改测试" not in page
    assert "{download}`空白练习 notebook（a1_demo.ipynb） <../downloads/exercises/a1_demo.ipynb>`" in page
    assert "{download}`参考答案（a1_demo_solution.ipynb） <../downloads/exercises/a1_demo_solution.ipynb>`" in page
    assert "| a1 | [作业 1　演示练习](a1_demo.md) |" in exercises_index((exercise,))


def test_an_exercise_without_its_solution_is_named(tmp_path):
    root = make_course(tmp_path, exercise=True)
    (root / "solutions" / "a1_demo" / "a1_demo.ipynb").unlink()
    with pytest.raises(ConfigError, match=r"a1_demo lacks solutions/a1_demo/a1_demo.ipynb.*coursekit course build"):
        find_assignments(root)


def test_a_folder_without_chapters_is_refused_with_the_fix(tmp_path):
    with pytest.raises(ConfigError, match=r"no chapter notebooks .*--root"):
        Sources.of(tmp_path)


def test_missing_data_dictionary_is_an_error_not_a_blank_page(tmp_path):
    with pytest.raises(ConfigError, match=r"README.md is missing"):
        data_page(tmp_path / "datasets" / "README.md")


def test_staged_chapter_gets_the_source_note_after_its_title_and_nothing_else_changes(tmp_path):
    root = make_course(tmp_path)
    source = root / "chapters" / "01_demo.ipynb"
    staged = json.loads(staged_notebook(source))
    original = json.loads(source.read_text(encoding="utf-8"))
    banner = "".join(staged["cells"][1]["source"])
    assert "chapters/01_demo.ipynb" in banner and "coursekit lab" in banner
    assert "{download}`下载 notebook <downloads/chapters/01_demo.ipynb>`" in banner
    assert [c for i, c in enumerate(staged["cells"]) if i != 1] == original["cells"]


def test_index_entries_go_into_the_chosen_markdown_cell_after_its_heading(tmp_path):
    root = make_course(tmp_path)
    staged = json.loads(staged_notebook(root / "chapters" / "01_demo.ipynb", {1: ["首次解决率", "双重差分"]}))
    summary = "".join(staged["cells"][3]["source"])          # 2nd markdown cell; the banner is cell 1
    assert summary.startswith("## 小结\n:::{index} !首次解决率, !双重差分\n:::\n")


def test_each_term_is_indexed_once_in_the_chapter_that_uses_it_most():
    from coursekit.site.indexing import placements

    chapters = {"01": ["# 一", "熵权法", "熵权法和熵权法"], "02": ["# 二", "熵权法 熵权法", "合规闸门"]}
    assert placements(chapters, ["熵权法", "合规闸门", "无此词"]) == {"01": {1: ["熵权法"]}, "02": {2: ["合规闸门"]}}
    tied = {"01": ["熵权法"], "02": ["熵权法"]}
    assert placements(tied, ["熵权法"]) == {"01": {0: ["熵权法"]}}       # a tie goes to the earlier chapter
