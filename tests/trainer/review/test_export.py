"""Grade sheets: CSV and Excel with Chinese headers, read back."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coursekit.errors import ConfigError
from coursekit.trainer.review.export import export_grades, grade_table, grades_table

HEADER = ["学员", "test_mean", "test_total", "test_rate", "总分", "满分", "得分率"]
# per trainee: test_mean (2), test_total (1), test_rate (1); see tests/trainer/coursefactory.py
EXPECTED = {
    "h1_full": [2.0, 1.0, 1.0, 4.0, 4.0, 1.0],
    "h2_partial": [2.0, 1.0, 0.0, 3.0, 4.0, 0.75],   # rate divides by zero
    "h3_blank": [0.0, 0.0, 0.0, 0.0, 4.0, 0.0],
    "h4_total_only": [0.0, 1.0, 0.0, 1.0, 4.0, 0.25],
    "h5_exfil": [2.0, 1.0, 1.0, 4.0, 4.0, 1.0],
}


def _rows(table: pd.DataFrame) -> dict[str, list[float]]:
    return {str(row[0]): [float(v) for v in row[1:]] for row in table.itertuples(index=False)}


@pytest.mark.slow
def test_grades_table_from_gradebook(graded_course: Path) -> None:
    table = grades_table(graded_course, "ps1")
    assert table.columns.tolist() == HEADER
    assert _rows(table) == EXPECTED


@pytest.mark.slow
def test_csv_reads_back(graded_course: Path, tmp_path: Path) -> None:
    path = export_grades(graded_course, "ps1", tmp_path / "成绩.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese right
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back.columns.tolist() == HEADER
    assert _rows(back) == EXPECTED


@pytest.mark.slow
def test_excel_reads_back(graded_course: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = export_grades(graded_course, "ps1", tmp_path / "grades.xlsx")
    back = pd.read_excel(path, engine="openpyxl")
    assert back.columns.tolist() == HEADER
    assert _rows(back) == EXPECTED
    sheet = load_workbook(path).active
    assert sheet.title == "成绩"
    assert sheet.cell(row=2, column=7).number_format == "0.0%"
    assert sheet.freeze_panes == "B2"


def test_ungraded_cells_are_empty_and_count_zero(tmp_path: Path) -> None:
    matrix = pd.DataFrame({"t1": [2.0, None], "essay": [None, 3.0]}, index=["a", "b"])
    table = grade_table(matrix, pd.Series({"t1": 2.0, "essay": 3.0}))
    assert table["总分"].tolist() == [2.0, 3.0]
    assert table["得分率"].tolist() == [0.4, 0.6]
    from coursekit.trainer.review.export import write_csv, write_excel

    back = pd.read_csv(write_csv(table, tmp_path / "g.csv"), encoding="utf-8-sig")
    assert back["essay"].isna().tolist() == [True, False]
    back = pd.read_excel(write_excel(table, tmp_path / "g.xlsx"), engine="openpyxl")
    assert back["t1"].isna().tolist() == [False, True]


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\.csv or \.xlsx"):
        export_grades(tmp_path, "ps1", tmp_path / "grades.ods")
