"""Typing and checking the cells of an export (for :mod:`coursekit.datasets.byo`).

Each schema column is converted (times, yes/no flags, numbers, categories
with Chinese aliases) and the content checked (filled, unique ids, ordered
times, ranges); a failure is a :class:`~coursekit.errors.DataError` naming the
user's header, the rows as the user sees them and their values.

>>> flags = pd.Series(["是", "N", None])
>>> _to_bool(flags, "reopened", Checker({}, [2, 3, 4], pd.DataFrame({"reopened": flags}))).tolist()
[True, False, <NA>]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coursekit.datasets.load import ORDERED
from coursekit.errors import DataError
from coursekit.schema import CHANNELS, INDUSTRY_ZH, PRIORITIES, SCHEMAS, Column

REQUIRED = {
    "tickets": ("ticket_id", "agent_id", "created_at", "resolved_at"),
    "surveys": ("ticket_id",),
}
#: Columns that must be filled in on every row.
FILLED = {"tickets": ("ticket_id", "agent_id", "created_at"), "surveys": ("ticket_id",)}
#: Unique id column of each table.
ID_COLUMN = {"tickets": "ticket_id", "surveys": "survey_id"}
#: (earlier, later) time pairs that must be ordered.
ORDER = {
    "tickets": (("created_at", "first_response_at"), ("first_response_at", "resolved_at"),
                ("created_at", "resolved_at"), ("goods_received_at", "refund_completed_at"),
                ("created_at", "complaint_closed_at")),
    "surveys": (),
}

_TRUE = {"是", "y", "yes", "1", "1.0", "true", "t", "√", "对"}
_FALSE = {"否", "n", "no", "0", "0.0", "false", "f", "×", "x", "错"}
_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "industry": {**{zh: en for en, zh in INDUSTRY_ZH.items()}, **{en: en for en in INDUSTRY_ZH}},
    "channel": {**{c: c for c in CHANNELS}, "电话": "phone", "热线": "phone", "400电话": "phone",
                "在线": "chat", "在线客服": "chat", "聊天": "chat", "微信": "chat", "im": "chat",
                "邮件": "email", "电子邮件": "email", "e-mail": "email", "应用": "app", "小程序": "app",
                "上门": "onsite", "现场": "onsite", "on-site": "onsite"},
    "priority": {**{p.lower(): p for p in PRIORITIES}, **{str(i): f"P{i}" for i in range(1, 5)},
                 "紧急": "P1", "高": "P2", "中": "P3", "低": "P4"},
    "return_type": {"none": "none", "无": "none", "return": "return", "退货": "return",
                    "exchange": "exchange", "换货": "exchange"},
}
_VALUE_HINTS = {
    "channel": "phone, chat, email, app, onsite (or 电话, 在线, 邮件, APP, 上门)",
    "priority": "P1, P2, P3, P4 (or 1-4, 紧急/高/中/低)",
    "industry": "manufacturing, services, retail, finance (or 制造业, 服务业, 零售业, 金融业)",
    "return_type": "none, return, exchange (or 无, 退货, 换货)",
}


class Checker:
    """Collects the context for error messages: user headers and row labels."""

    def __init__(self, headers: dict[str, str], rows: list[Any], raw: pd.DataFrame) -> None:
        self.headers = headers
        self.rows = rows
        self.raw = raw  # cells as read, shown in messages

    def label(self, col: str) -> str:
        return self.headers.get(col, col)

    def fail(self, col: str, mask: np.ndarray, form: str, hint: str | None = None) -> DataError:
        pos = np.flatnonzero(mask)
        vals = self.raw[col].to_numpy(dtype=object)
        head = self.label(col)
        read_as = "" if head == col else f" (read as {col})"
        return DataError(head, f"must be {form}{read_as}", rows=[self.rows[i] for i in pos],
                         values=[vals[i] for i in pos[:5]], hint=hint)


def _coded(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, texts)``: each distinct cell once as stripped text (empty -> NaN), and each row's position in it.

    Every converter below works on the distinct cells and then picks the answer for each row with
    ``codes`` (vectorised: a column of 1,000,000 cells has a handful of channels or flags). An empty
    cell has code -1, which picks the last entry of ``texts``: NaN.

    >>> codes, texts = _coded(pd.Series([" 是", "否", None, "是", ""]))
    >>> codes.tolist(), texts.tolist()
    ([0, 1, -1, 2, 3], ['是', '否', '是', nan, nan])
    """
    if pd.api.types.is_float_dtype(series.dtype) and series.dropna().mod(1).eq(0).all():
        series = series.astype("Int64")
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        values = series.astype("str").to_numpy(dtype=object)
    codes, uniques = pd.factorize(values)
    texts = np.empty(len(uniques) + 1, dtype=object)
    texts[:-1] = [text.strip() or np.nan for text in uniques]
    texts[-1] = np.nan
    return codes, texts


def _text(series: pd.Series) -> pd.Series:
    """Strings with surrounding spaces removed and empty cells as missing.

    Ids are mostly distinct, so the cells are stripped one by one (``map`` runs in C) rather than
    looked up as distinct values.

    >>> _text(pd.Series([" T1 ", "", None, "T2"])).tolist()
    ['T1', nan, nan, 'T2']
    """
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        codes, texts = _coded(series)
        return pd.Series(texts[codes], index=series.index, dtype="str")
    filled = np.flatnonzero(~pd.isna(values))
    stripped = np.full(len(values), np.nan, dtype=object)
    stripped[filled] = list(map(str.strip, values[filled]))
    empty = filled[np.fromiter(map(len, stripped[filled]), dtype=np.int64, count=len(filled)) == 0]
    stripped[empty] = np.nan
    return pd.Series(stripped, index=series.index, dtype="str")


def _rows(codes: np.ndarray, per_text: np.ndarray) -> np.ndarray:
    """Spread a verdict on the distinct texts (one entry per text, the last for empty cells) to the rows."""
    return per_text[codes]


def _iso(text: pd.Series) -> pd.Series:
    try:
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except ValueError:  # mixed time-zone offsets
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[us]")


def _parse_times(text: pd.Series) -> pd.Series:
    """ISO 8601, then 2024/3/1, 2024.3.1, 2024年3月1日 and Excel serial day numbers (``text`` stripped)."""
    parsed = _iso(text)
    todo = (parsed.isna() & text.notna()).to_numpy()
    if todo.any():
        clean = (text[todo].str.replace(r"^(\d{4})\s*[年/.]\s*(\d{1,2})\s*[月/.]\s*(\d{1,2})\s*日?",
                                        r"\1-\2-\3 ", regex=True)
                 .str.replace(r"\s+", " ", regex=True).str.strip())
        again = _iso(clean)
        serial = (again.isna() & clean.str.fullmatch(r"\d{5}(\.\d+)?").fillna(False)).to_numpy(dtype=bool)
        if serial.any():
            days = pd.to_numeric(clean[serial])
            again[serial] = (pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")).to_numpy()
        parsed[todo] = again.to_numpy()
    return parsed


#: The usual export form, tried first on the whole column (fast); other cells go through the slower chain.
TIME_FORMAT = "%Y-%m-%d %H:%M"


def _to_datetime(series: pd.Series, col: str, ck: Checker) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(series.dtype):
        return series.astype("datetime64[us]")
    if pd.api.types.infer_dtype(series.to_numpy(dtype=object), skipna=True) == "string":
        parsed = pd.to_datetime(series, format=TIME_FORMAT, errors="coerce").astype("datetime64[us]")
        todo = (parsed.isna() & series.notna()).to_numpy()
    else:
        parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
        todo = np.ones(len(series), dtype=bool)
    failed = np.zeros(len(series), dtype=bool)
    if todo.any():
        text = _text(series[todo])
        rest = _parse_times(text)
        parsed[todo] = rest.to_numpy()
        failed[todo] = (rest.isna() & text.notna()).to_numpy()
    if failed.any():
        raise ck.fail(col, failed, "a date-time such as 2024-03-01 09:30 (year first)",
                      hint="fix these cells or leave them empty")
    return parsed


_FLAGS = {**{word: 1 for word in _TRUE}, **{word: 0 for word in _FALSE}}


def _to_bool(series: pd.Series, col: str, ck: Checker) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("boolean")
    codes, texts = _coded(series)
    # per distinct text: 1 yes, 0 no, -1 empty, -2 not a yes/no word
    state = _rows(codes, np.array([_FLAGS.get(t.lower(), -2) if isinstance(t, str) else -1 for t in texts],
                                  dtype=np.int8))
    failed = state == -2
    if failed.any():
        raise ck.fail(col, failed, "yes/no: 是/否, Y/N, 1/0 or true/false")
    return pd.Series(pd.arrays.BooleanArray(state == 1, state < 0), index=series.index)


def _to_number(series: pd.Series, col: str, ck: Checker) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("Float64").astype(float)
    codes, texts = _coded(series)
    text = pd.Series(texts, dtype=object)
    num = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce").to_numpy(dtype=float)
    failed = _rows(codes, np.isnan(num) & text.notna().to_numpy())
    if failed.any():
        raise ck.fail(col, failed, "a number", hint="fix these cells or leave them empty")
    return pd.Series(_rows(codes, num), index=series.index)


def _to_category(series: pd.Series, col: Column, ck: Checker) -> pd.Series:
    codes, texts = _coded(series)
    if col.categories is None:
        names = sorted({t for t in texts if isinstance(t, str)})
        position = {name: k for k, name in enumerate(names)}
        per_text = np.array([position.get(t, -1) for t in texts], dtype=np.int64)
        dtype = pd.CategoricalDtype(names)
    else:
        known = _VALUE_ALIASES.get(col.name, {c: c for c in col.categories})
        position = {c: k for k, c in enumerate(col.categories)}
        # -1 empty, -2 not a known value
        per_text = np.array([position[known[t.lower()]] if isinstance(t, str) and t.lower() in known
                             else (-2 if isinstance(t, str) else -1) for t in texts], dtype=np.int64)
        failed = _rows(codes, per_text == -2)
        if failed.any():
            raise ck.fail(col.name, failed,
                          "one of " + _VALUE_HINTS.get(col.name, ", ".join(col.categories)))
        dtype = pd.CategoricalDtype(list(col.categories), ordered=col.name in ORDERED)
    return pd.Series(pd.Categorical.from_codes(_rows(codes, per_text), dtype=dtype), index=series.index)


def convert(frame: pd.DataFrame, table: str, ck: Checker) -> pd.DataFrame:
    columns = {}
    for name in frame.columns:
        col = SCHEMAS[table].get(name)
        raw = frame[name]
        if col is None:
            columns[name] = raw
        elif col.kind == "datetime":
            columns[name] = _to_datetime(raw, name, ck)
        elif col.kind == "bool":
            columns[name] = _to_bool(raw, name, ck)
        elif col.kind in ("int", "float"):
            columns[name] = _to_number(raw, name, ck)
        elif col.kind == "category":
            columns[name] = _to_category(raw, col, ck)
        else:
            columns[name] = _text(raw)
    return pd.DataFrame(columns, index=frame.index, copy=False)


def validate(data: pd.DataFrame, table: str, ck: Checker) -> pd.DataFrame:
    for name in FILLED[table]:
        empty = data[name].isna().to_numpy()
        if empty.any():
            raise ck.fail(name, empty, "filled in on every row",
                          hint="fill in these cells or remove the rows")
    id_col = ID_COLUMN[table]
    if id_col in data.columns:
        dup = data[id_col].duplicated(keep=False).to_numpy() & data[id_col].notna().to_numpy()
        if dup.any():
            raise ck.fail(id_col, dup, "unique (each id once)",
                          hint="remove the duplicated rows or fix the ids")
    for earlier, later in ORDER[table]:
        if earlier in data.columns and later in data.columns:
            wrong = (data[later] < data[earlier]).to_numpy(dtype=bool)
            if wrong.any():
                raise ck.fail(later, wrong, f"on or after {ck.label(earlier)}",
                              hint=f"compare with {ck.label(earlier)} on these rows and fix the earlier "
                                   "or the later time")
    for name, col in SCHEMAS[table].items():
        if col.valid is None or name not in data.columns:
            continue
        wrong = col.valid.outside(data[name].to_numpy(dtype=float, na_value=np.nan))
        if wrong.any():
            raise ck.fail(name, wrong, col.valid.form, hint="fix these cells or leave them empty")
    return data


def finish_types(data: pd.DataFrame, table: str) -> pd.DataFrame:
    for name, col in SCHEMAS[table].items():
        if name in data.columns and col.kind == "int":
            values = data[name]
            data[name] = values.astype("Int64" if col.nullable or values.isna().any() else "int64")
    return data
