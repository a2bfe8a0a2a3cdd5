"""Mapping graded cells to course sections."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursekit.errors import DataError
from coursekit.trainer.author.sections import notebook_sections, read_sections_file, section_map


def _test(grade_id: str, **metadata) -> nbformat.NotebookNode:
    cell = new_code_cell("assert True")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id,
                                 "points": 1}
    cell.metadata.update(metadata)
    return cell


def _notebook() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        _test("t0"),
        new_markdown_cell("# 练习\n## 2.1 一次解决率"),
        _test("t1"),
        _test("t2", coursekit={"section": "2.2 满意度"}),
        _test("t3", tags=["section:2.3 NPS"]),
        new_code_cell("x = 1"),
    ])


def test_sections_from_metadata_tags_and_headings() -> None:
    assert notebook_sections(_notebook(), "ps1") == {
        "t0": "ps1", "t1": "2.1 一次解决率", "t2": "2.2 满意度", "t3": "2.3 NPS"}


def test_yaml_overrides_cells(tmp_path: Path) -> None:
    folder = tmp_path / "source" / "ps1"
    folder.mkdir(parents=True)
    nbformat.write(_notebook(), str(folder / "ps1.ipynb"))
    (folder / "sections.yaml").write_text("t1: 第二章\nps1/t3: 第三章\n", encoding="utf-8")
    mapping = section_map(tmp_path, "ps1")
    assert mapping[("ps1", "t1")] == "第二章"
    assert mapping[("ps1", "t3")] == "第三章"
    assert mapping[("ps1", "t2")] == "2.2 满意度"


def test_bad_yaml_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "sections.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DataError, match="must map grade ids to section names"):
        read_sections_file(path)
    path.write_text("t1: [a, b]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"each section must be a short text; rows t1"):
        read_sections_file(path)
