"""The class report from a graded course."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from coursekit.trainer.review.report import analyse_assignment, write_report


@pytest.mark.slow
def test_item_analysis_of_the_graded_class(graded_course: Path) -> None:
    report = analyse_assignment(graded_course, "ps1")
    items = report.items
    assert items.index.tolist() == ["test_mean", "test_total", "test_rate"]
    # test_mean passed by h1, h2, h5 (3 of 5); test_total by h1, h2, h4, h5; test_rate by h1, h5
    assert items["difficulty"].tolist() == pytest.approx([3 / 5, 4 / 5, 2 / 5])
    assert items["section"].tolist() == ["1. 平均值", "2. 合计", "3. 比率"]
    assert set(items["kind"]) == {"test"}
    totals = report.totals
    assert totals.loc["h2_partial", "score"] == 3.0
    assert totals.loc["h2_partial", "gaps"] == "3. 比率"
    assert totals.loc["h1_full", "strengths"] == "1. 平均值、2. 合计、3. 比率"


@pytest.mark.slow
def test_report_is_self_contained_html_with_plots(graded_course: Path, tmp_path: Path) -> None:
    path = write_report(graded_course, "ps1", tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "题目分析" in text and "待加强章节" in text
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    assert len(images) == 3
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert "http://" not in text and "https://" not in text  # nothing to download
