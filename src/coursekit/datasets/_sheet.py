"""Reading an export's cells: CSV/Excel files, the header row, totals rows (for :mod:`coursekit.datasets.byo`).

A file is read with no header applied, every line a row (row ``i`` is
spreadsheet row ``i + 1``, blank lines included), so the header row can be
looked for among the top :data:`HEADER_SEARCH_ROWS` rows. Totals rows are
dropped only in the two conservative cases documented in
:mod:`coursekit.datasets.byo`.

>>> cells = pd.DataFrame([["工单导出", None], ["工单号", "处理人"], ["T1", "A01"], ["合计", None]])
>>> body, rows, log = locate_header(cells, False, None, "read_tickets",
...                                 missing=lambda heads: [] if "工单号" in heads else ["ticket_id"],
...                                 fail=None)
>>> body.values.tolist(), rows
([['T1', 'A01']], [3])
>>> log.header_row, log.skipped_rows, log.notes[1]
(2, [1, 4], "read_tickets: dropped row 4, a totals row ('合计')")
"""

from __future__ import annotations

import csv
import operator
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from coursekit.datasets._read_report import in_message_language
from coursekit.errors import ConfigError, DataError

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 10
#: First cells that mark a totals row (compared without spaces, case and a trailing colon).
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "总合计", "合计金额", "total", "totals", "grandtotal",
                         "subtotal", "sum"})


@dataclass
class ReadLog:
    """What reading skipped, filled in as it goes: the header row, the rows skipped and a note on each.

    ``header_row`` is the row as users see it (``None``: a DataFrame's column names); ``skipped_rows``
    lists the title rows above the header and the totals rows dropped, in the same terms.
    """

    header_row: Any = None
    skipped_rows: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_cells(source: Any, sheet: str | int = 0) -> tuple[pd.DataFrame, bool]:
    """``(cells, is_frame)``: a file's cells with no header applied (row ``i`` = spreadsheet row ``i + 1``),
    or a copy of the DataFrame."""
    if isinstance(source, pd.DataFrame):
        return source.copy(deep=False), True  # copy-on-write: the caller's frame is never changed
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
    """All cells as text (the C parser straight from the file: no decoded copy of it in memory)."""
    options: dict[str, Any] = {"sep": sep, "header": None, "dtype": str, "skip_blank_lines": False}
    for encoding in ("utf-8-sig", "gbk", "gb18030"):
        try:
            try:
                return pd.read_csv(path, encoding=encoding, **options)
            except pd.errors.ParserError:
                # a line longer than the first (a one-cell title line above the header): read as wide as the widest
                with path.open(encoding=encoding, newline="") as lines:
                    width = max((len(row) for row in csv.reader(lines, delimiter=sep)), default=0)
                return pd.read_csv(path, encoding=encoding, names=range(width), **options)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:  # nothing but blank lines
            return pd.DataFrame()
    raise DataError(None, f"cannot decode {path.name} as UTF-8 or GBK",
                    hint="save it from Excel as 'CSV UTF-8 (逗号分隔)'")


def _cell_texts(values: Any) -> list[str]:
    return ["" if _blank(v) else str(v).strip() for v in values]


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value).strip() == ""


def _header_names(values: Any) -> list[str]:
    """Header texts as pandas would name them: empty -> 'Unnamed: j', repeats -> 'name.1'."""
    names: list[str] = []
    seen: dict[str, int] = {}
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
        rows += [(cells.index[k], k + 1, _cell_texts(cells.iloc[k]))
                 for k in range(min(len(cells), HEADER_SEARCH_ROWS - 1))]
        if header_row is None:
            return rows
        if header_row not in cells.index:
            raise ConfigError(f"header_row {header_row!r} is not a row label of the DataFrame; leave it out "
                              "to search the first rows, or give the index label of the row that holds the headers")
        k = int(np.flatnonzero(cells.index == header_row)[0])  # the first row with that label
        return [(header_row, k + 1, _cell_texts(cells.iloc[k]))]
    if header_row is None:
        return [(i + 1, i + 1, _cell_texts(cells.iloc[i])) for i in range(min(len(cells), HEADER_SEARCH_ROWS))
                if not cells.iloc[i].isna().all()]
    if (isinstance(header_row, bool) or not isinstance(header_row, (int, np.integer))
            or not 1 <= header_row <= len(cells)):
        raise ConfigError(f"header_row must be a spreadsheet row number from 1 to {len(cells)}, got {header_row!r}")
    return [(int(header_row), int(header_row), _cell_texts(cells.iloc[int(header_row) - 1]))]


def locate_header(cells: pd.DataFrame, is_frame: bool, header_row: Any, fn: str,
                  missing: Callable[[list[str]], list[str]],
                  fail: Callable[[list[str], list[str], Any], NoReturn],
                  ) -> tuple[pd.DataFrame, list[Any], ReadLog]:
    """Find the header row; return the table under it, its row labels and the log of skipped rows.

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
    log = ReadLog(header_row=row)
    if is_frame and row is None:
        body, labels = cells, list(cells.index)
    else:
        body = cells.iloc[start:]
        labels = list(body.index) if is_frame else [i + 1 for i in range(start, len(cells))]
        body = body.set_axis(_header_names(heads), axis=1)
        # (row label or None for a DataFrame's column names, its text) of each row above the header
        above = ([(None, " ".join(t for t in _cell_texts(cells.columns) if t and not t.startswith("Unnamed:")))]
                 if is_frame else []) + [
            (cells.index[i] if is_frame else i + 1, " ".join(t for t in _cell_texts(cells.iloc[i]) if t))
            for i in range(start - 1)]
        above = [(label, t) for label, t in above if t and not t.startswith("Unnamed")]
        if above:
            shown = ", ".join(repr(t if len(t) <= 30 else t[:29] + "…") for _, t in above[:3])
            log.notes.append(f"{fn}: the headers are in row {row}; skipped {len(above)} row(s) above them ({shown})")
            log.skipped_rows.extend(label for label, _ in above if label is not None)
        named = [bool(h) or body.iloc[:, j].notna().any() for j, h in enumerate(heads)]
        if not all(named):
            body = body.loc[:, named]
    if not is_frame:
        filled = _filled_rows(body)
        if not filled.all():
            body = body.loc[filled]
            labels = [r for r, keep in zip(labels, filled, strict=True) if keep]
    body = body.reset_index(drop=True) if not is_frame else body
    body, labels = drop_labelled_totals(body, labels, log, fn)
    return body, labels, log


def _filled_rows(body: pd.DataFrame) -> np.ndarray:
    """Rows with at least one filled cell, looking further right only on rows still blank (few)."""
    blank = np.ones(len(body), dtype=bool)
    for j in range(body.shape[1]):
        todo = np.flatnonzero(blank)
        if len(todo) == 0:
            break
        blank[todo] = body.iloc[todo, j].isna().to_numpy()
    return ~blank


def drop_labelled_totals(body: pd.DataFrame, labels: list[Any], log: ReadLog,
                         fn: str) -> tuple[pd.DataFrame, list[Any]]:
    """Drop rows whose first filled cell is a totals word (合计, 总计, 小计, Total ...)."""
    if body.empty or body.shape[1] == 0:
        return body, labels
    # the first column decides, except on rows where it is blank: those look one column further right
    todo = np.arange(len(body))
    found = []
    for j in range(body.shape[1]):
        kinds = _first_cell_kinds(body.iloc[todo, j])
        found.append(todo[kinds == _TOTAL])
        todo = todo[kinds == _BLANK]
        if len(todo) == 0:
            break
    hits = np.concatenate(found)
    if len(hits) == 0:
        return body, labels
    hits.sort()
    for pos in hits:
        text = next((t for t in _cell_texts(body.iloc[pos]) if t), "")
        log.notes.append(f"{fn}: dropped row {labels[pos]}, a totals row ({text!r})")
        log.skipped_rows.append(labels[pos])
    keep = np.ones(len(body), dtype=bool)
    keep[hits] = False
    return body.loc[keep], [r for r, k in zip(labels, keep, strict=True) if k]


_DATA, _TOTAL, _BLANK = 0, 1, 2
#: A totals word starts with one of these (after spaces and colons), so other cells need no closer look.
_TOTAL_STARTS = frozenset(word[0] for word in TOTAL_WORDS) | {":", "："}
_LONGEST_TOTAL_WORD = max(len(word) for word in TOTAL_WORDS)


def _first_cell_kinds(first: pd.Series) -> np.ndarray:
    """:func:`_first_cell_kind` of every cell, looking closely only at cells that could be a totals word or blank.

    A cell can only be one when it is short or holds a space, a colon or another whitespace character
    (every whitespace character but the ASCII space is "not printable"); these tests run in C, so the
    Python check below sees a handful of cells, not the million ticket ids of a big export.

    >>> _first_cell_kinds(pd.Series(["GD-20240301-0001", "Grand\u3000Total:", None, "T1"])).tolist()
    [0, 1, 2, 0]
    """
    values = first.astype("str").fillna("").to_numpy(dtype=object)
    n = len(values)
    maybe = np.fromiter(map(len, values), dtype=np.int64, count=n) <= _LONGEST_TOTAL_WORD
    maybe |= ~np.fromiter(map(str.isprintable, values), dtype=bool, count=n)
    for char in (" ", ":", "："):
        maybe |= np.fromiter(map(operator.contains, values, repeat(char)), dtype=bool, count=n)
    kinds = np.full(n, _DATA, dtype=np.int8)
    for pos in np.flatnonzero(maybe):
        kinds[pos] = _first_cell_kind(values[pos])
    return kinds


def _first_cell_kind(text: str) -> int:
    """``_TOTAL`` for a totals word (spaces, case and colons ignored), ``_BLANK`` for an empty cell, else ``_DATA``.

    >>> _first_cell_kind("总计："), _first_cell_kind(" Grand Total"), _first_cell_kind("T001"), _first_cell_kind(" ")
    (1, 1, 0, 2)
    """
    first = text[:1]
    if first.lower() not in _TOTAL_STARTS and not first.isspace():
        return _DATA if text else _BLANK
    word = re.sub(r"[\s:：]+", "", text).lower()
    return _TOTAL if word in TOTAL_WORDS else (_BLANK if not text.strip() else _DATA)


def drop_unlabelled_total(data: pd.DataFrame, required: tuple[str, ...], labels: list[Any], log: ReadLog,
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
    log.notes.append(f"{fn}: dropped row {labels[-1]}, a totals row (only numbers, no ticket_id)")
    log.skipped_rows.append(labels[-1])
    return data.iloc[:-1], labels[:-1]


def _numberlike(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, float, np.number)):
        return True
    return re.fullmatch(r"[-+]?[\d,]*\.?\d+%?", str(value).strip()) is not None


def tell(notes: list[str]) -> None:
    """Print what was skipped, in the message language (a note, not a warning: the data is fine)."""
    for note in notes:
        print(in_message_language(note))
