"""Grade sheets for trainers: CSV and Excel with Chinese headers.

One row per trainee, one column per graded cell (test, manual answer or task,
in notebook order), then 总分 (total), 满分 (maximum) and 得分率 (total ÷
maximum, a fraction; Excel shows it as a percentage). Cells not graded yet
are empty and count as 0 in the total.

>>> import pandas as pd
>>> table = grade_table(pd.DataFrame({"t1": [2.0, 0.0], "t2": [1.0, None]},
...                                  index=["s1", "s2"]), pd.Series({"t1": 2.0, "t2": 1.0}))
>>> table.columns.tolist()
['学员', 't1', 't2', '总分', '满分', '得分率']
>>> table["得分率"].tolist()
[1.0, 0.0]
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from coursekit.errors import ConfigError

STUDENT, TOTAL, MAXIMUM, RATE = "学员", "总分", "满分", "得分率"


def grade_table(matrix: pd.DataFrame, max_scores: pd.Series) -> pd.DataFrame:
    """The sheet from a trainees × items score matrix and the items' points."""
    max_scores = max_scores.reindex(matrix.columns).astype("float64")
    table = matrix.astype("float64").copy()
    total = table.sum(axis=1, skipna=True)
    maximum = float(max_scores.sum())
    table.insert(0, STUDENT, [str(s) for s in table.index])
    table[TOTAL] = total.to_numpy()
    table[MAXIMUM] = maximum
    table[RATE] = (total / maximum).round(4).to_numpy() if maximum else float("nan")
    return table.reset_index(drop=True)


def grades_table(course_dir: str | os.PathLike, assignment: str) -> pd.DataFrame:
    """The grade sheet of ``assignment`` read from the course's gradebook."""
    from coursekit.trainer.review.scores import load_scores

    sheet = load_scores(course_dir, assignment)
    return grade_table(sheet.matrix(), sheet.max_scores())


def write_csv(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the sheet as UTF-8 CSV with a byte-order mark (Excel reads the Chinese right)."""
    path = Path(path)
    table.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def write_excel(table: pd.DataFrame, path: str | os.PathLike, sheet: str = "成绩") -> Path:
    """Write the sheet as .xlsx: bold header, frozen first row/column, percent format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([str(c) for c in table.columns])
    for row in table.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and v != v) else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B2"
    rate_col = list(table.columns).index(RATE) + 1 if RATE in table.columns else None
    for index, column in enumerate(table.columns, start=1):
        width = max(len(str(column)) * (2 if not str(column).isascii() else 1), 8) + 2
        ws.column_dimensions[get_column_letter(index)].width = min(width, 40)
        if index == rate_col:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
    book.save(path)
    return path


def export_grades(course_dir: str | os.PathLike, assignment: str,
                  path: str | os.PathLike) -> Path:
    """Write the grade sheet of ``assignment`` to ``path`` (``.csv`` or ``.xlsx``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ConfigError(f"grade sheets are .csv or .xlsx files, not {Path(path).name!r}")
    table = grades_table(course_dir, assignment)
    return write_csv(table, path) if suffix == ".csv" else write_excel(table, path)
