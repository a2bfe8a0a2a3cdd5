"""Reading an export's cells: CSV/Excel files, the header row, totals rows (for :mod:`coursekit.datasets.byo`).

A file is read with no header applied, every line a row (row ``i`` is
spreadsheet row ``i + 1``, blank lines included), so the header row can be
looked for among the top :data:`HEADER_SEARCH_ROWS` rows. Totals rows are
dropped only in the two conservative cases documented in
:mod:`coursekit.datasets.byo`.

>>> cells = pd.DataFrame([["工单导出", None], ["工单号", "处理人"], ["T1", "A01"], ["合计", None]])
>>> body, rows, notes = locate_header(cells, False, None, "read_tickets",
...                                   missing=lambda heads: [] if "工单号" in heads else ["ticket_id"],
...                                   fail=None)
>>> body.values.tolist(), rows
([['T1', 'A01']], [3])
>>> notes[1]
"read_tickets: dropped row 4, a totals row ('合计')"
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 10
#: First cells that mark a totals row (compared without spaces, case and a trailing colon).
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "总合计", "合计金额", "total", "totals", "grandtotal",
                         "subtotal", "sum"})


def read_cells(source: Any, sheet: str | int = 0) -> tuple[pd.DataFrame, bool]:
    """``(cells, is_frame)``: a file's cells with no header applied (row ``i`` = spreadsheet row ``i + 1``),
    or a copy of the DataFrame."""
    if isinstance(source, pd.DataFrame):
        return source.copy(), True
    if not isinstance(source, (str, os.PathLike)):
        raise DataError(None, f"expected a CSV/Excel file path or a DataFrame, got {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise DataError(None, f"file not found: {path}",
                        hint="check the path (relative paths start at the notebook's folder)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        cells = pd.read_excel(path, sheet_name=sheet, dtype=str, engine="openpyxl", header=None)
    elif suffix in (".csv", ".txt", ".tsv"):
        cells = _read_csv(path, sep="\t" if suffix == ".tsv" else ",")
    else:
        raise DataError(None, f"cannot read {path.name}: expected a .csv or .xlsx file",
                        hint="save the export as CSV (UTF-8) or Excel workbook (.xlsx); .xls is not supported")
    if cells.empty:
        raise DataError(None, f"{path.name} is empty", hint="export the table with its header row")
    return cells, False


def _read_csv(path: Path, sep: str) -> pd.DataFrame:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gbk", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            return pd.DataFrame()
        options = {"sep": sep, "header": None, "dtype": str, "skip_blank_lines": False}
        try:
            return pd.read_csv(io.StringIO(text), **options)
        except pd.errors.ParserError:
            # a line longer than the first (a one-cell title line above the header): read as wide as the widest
            width = max(len(row) for row in csv.reader(io.StringIO(text), delimiter=sep))
            return pd.read_csv(io.StringIO(text), names=range(width), **options)
    raise DataError(None, f"cannot decode {path.name} as UTF-8 or GBK",
                    hint="save it from Excel as 'CSV UTF-8 (逗号分隔)'")


def _cell_texts(values: Any) -> list[str]:
    return ["" if _blank(v) else str(v).strip() for v in values]


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value).strip() == ""


def _header_names(values: Any) -> list[str]:
    """Header texts as pandas would name them: empty -> 'Unnamed: j', repeats -> 'name.1'."""
    names, seen = [], {}
    for j, text in enumerate(_cell_texts(values)):
        name = text or f"Unnamed: {j}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


def _candidates(cells: pd.DataFrame, is_frame: bool, header_row: Any) -> list[tuple[Any, int, list[str]]]:
    """Possible header rows as ``(row as users see it, position of the first data row, header texts)``."""
    if is_frame:
        rows = [(None, 0, [str(c) for c in cells.columns])]
        rows += [(cells.index[k], k + 1, _cell_texts(cells.iloc[k])) for k in range(min(len(cells), HEADER_SEARCH_ROWS - 1))]
        if header_row is None:
            return rows
        if header_row not in cells.index:
            raise ConfigError(f"header_row {header_row!r} is not a row label of the DataFrame; leave it out "
                              "to search the first rows, or give the index label of the row that holds the headers")
        k = cells.index.get_loc(header_row)
        return [(header_row, k + 1, _cell_texts(cells.iloc[k]))]
    if header_row is None:
        return [(i + 1, i + 1, _cell_texts(cells.iloc[i])) for i in range(min(len(cells), HEADER_SEARCH_ROWS))
                if not cells.iloc[i].isna().all()]
    if isinstance(header_row, bool) or not isinstance(header_row, (int, np.integer)) or not 1 <= header_row <= len(cells):
        raise ConfigError(f"header_row must be a spreadsheet row number from 1 to {len(cells)}, got {header_row!r}")
    return [(int(header_row), int(header_row), _cell_texts(cells.iloc[int(header_row) - 1]))]


def locate_header(cells: pd.DataFrame, is_frame: bool, header_row: Any, fn: str,
                  missing: Callable[[list[str]], list[str]],
                  fail: Callable[[list[str], list[str], Any], None]) -> tuple[pd.DataFrame, list[Any], list[str]]:
    """Find the header row; return the table under it, its row labels and notes on skipped rows.

    ``missing(headers)`` lists the required columns a header row lacks; when no row has them all,
    ``fail(missing, headers, row)`` raises for the row that came closest.
    """
    options = _candidates(cells, is_frame, header_row)
    scored = [(row, start, heads, missing(heads)) for row, start, heads in options]
    chosen = next((option for option in scored if not option[3]), None)
    if chosen is None:
        row, _, heads, absent = min(scored, key=lambda option: len(option[3]))
        fail(absent, heads, row)
    row, start, heads, _ = chosen
    notes = []
    if is_frame and row is None:
        body, labels = cells, list(cells.index)
    else:
        body = cells.iloc[start:]
        labels = list(body.index) if is_frame else [i + 1 for i in range(start, len(cells))]
        body = body.set_axis(_header_names(heads), axis=1)
        above = ([" ".join(t for t in _cell_texts(cells.columns) if t and not t.startswith("Unnamed:"))]
                 if is_frame else []) + [
            " ".join(t for t in _cell_texts(cells.iloc[i]) if t) for i in range(start - 1)]
        above = [t for t in above if t and not t.startswith("Unnamed")]
        if above:
            shown = ", ".join(repr(t if len(t) <= 30 else t[:29] + "…") for t in above[:3])
            notes.append(f"{fn}: the headers are in row {row}; skipped {len(above)} row(s) above them ({shown})")
        body = body.loc[:, [bool(h) or body.iloc[:, j].notna().any() for j, h in enumerate(heads)]]
    if not is_frame:
        filled = body.notna().any(axis=1).to_numpy()
        body = body.loc[filled]
        labels = [r for r, keep in zip(labels, filled) if keep]
    body = body.reset_index(drop=True) if not is_frame else body
    return drop_labelled_totals(body, labels, notes, fn)


def drop_labelled_totals(body: pd.DataFrame, labels: list[Any], notes: list[str],
                         fn: str) -> tuple[pd.DataFrame, list[Any], list[str]]:
    """Drop rows whose first filled cell is a totals word (合计, 总计, 小计, Total ...)."""
    if body.empty or body.shape[1] == 0:
        return body, labels, notes
    # the first filled cell is the first column's, except on rows where that is blank (few): look at those
    first = body.iloc[:, 0].astype("string").str.strip()
    texts = first.fillna("").to_numpy(dtype=object)
    for pos in np.flatnonzero(texts == ""):
        texts[pos] = next((t for t in _cell_texts(body.iloc[pos]) if t), "")
    hits = np.flatnonzero(_is_total_word(pd.Series(texts, dtype=object)))
    if len(hits) == 0:
        return body, labels, notes
    for pos in hits:
        notes.append(f"{fn}: dropped row {labels[pos]}, a totals row ({texts[pos]!r})")
    keep = np.ones(len(body), dtype=bool)
    keep[hits] = False
    return body.loc[keep], [r for r, k in zip(labels, keep) if k], notes


def _is_total_word(texts: pd.Series) -> np.ndarray:
    words = texts.str.replace(r"[\s:：]+", "", regex=True).str.lower()
    return words.isin(TOTAL_WORDS).to_numpy(dtype=bool)


def drop_unlabelled_total(data: pd.DataFrame, required: tuple[str, ...], labels: list[Any], notes: list[str],
                           fn: str) -> tuple[pd.DataFrame, list[Any]]:
    """Drop the last row when it has no id, agent or time (the required cells) and only numbers: a sum row."""
    if len(data) < 2:
        return data, labels
    last = data.iloc[-1]
    if not all(_blank(last[c]) for c in required if c in data.columns):
        return data, labels
    filled = [v for v in last.tolist() if not _blank(v)]
    if not filled or not all(_numberlike(v) for v in filled):
        return data, labels
    notes.append(f"{fn}: dropped row {labels[-1]}, a totals row (only numbers, no ticket_id)")
    return data.iloc[:-1], labels[:-1]


def _numberlike(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, float, np.number)):
        return True
    return re.fullmatch(r"[-+]?[\d,]*\.?\d+%?", str(value).strip()) is not None


def tell(notes: list[str]) -> None:
    """Print what was skipped, in the message language (a note, not a warning: the data is fine)."""
    from coursekit._messages_zh import translate
    from coursekit.i18n import message_language

    for note in notes:
        print((translate(note) if message_language() == "zh" else None) or note)
