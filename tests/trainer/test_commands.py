"""The trainer CLI is a thin shell: ``coursekit grade|export|report|feedback`` on a graded class."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coursekit.cli import main
from tests.trainer.review.test_export import EXPECTED, HEADER, _rows


@pytest.mark.slow
def test_grade_again_skips_every_graded_trainee(graded_course: Path, capsys) -> None:
    assert main(["grade", "ps1", "--course", str(graded_course), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "graded 0, skipped 5, failed 0" in out, out
    assert "h2_partial  skipped 3/4" in out, out  # the gradebook's score, read back


@pytest.mark.slow
def test_export_writes_the_sheet_and_says_where(graded_course: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "成绩.csv"
    assert main(["export", "ps1", str(target), "--course", str(graded_course)]) == 0
    assert capsys.readouterr().out.strip() == f"grade sheet written: {target}"
    back = pd.read_csv(target, encoding="utf-8-sig")
    assert back.columns.tolist() == HEADER
    assert _rows(back) == EXPECTED


@pytest.mark.slow
def test_report_writes_html_where_asked(graded_course: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "ps1.html"
    assert main(["report", "ps1", "--course", str(graded_course), "--output", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"report written: {target}"
    html = target.read_text(encoding="utf-8")
    assert "test_rate" in html and "<img" in html


@pytest.mark.slow
def test_feedback_for_one_trainee_lists_its_page(graded_course: Path, capsys) -> None:
    assert main(["feedback", "ps1", "--course", str(graded_course), "--student", "h2_partial"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("h2_partial: ") and lines[0].endswith("ps1.html")
    assert Path(lines[0].split(": ", 1)[1]).is_file()


@pytest.mark.slow  # its fixture grades a course (about 14 s)
def test_bad_input_is_an_error_line_and_exit_code_2(graded_course: Path, tmp_path: Path, capsys) -> None:
    code = main(["export", "ps1", str(tmp_path / "grades.txt"), "--course", str(graded_course)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("coursekit: error: ") and "grades.txt" in err, err
    assert not (tmp_path / "grades.txt").exists()
