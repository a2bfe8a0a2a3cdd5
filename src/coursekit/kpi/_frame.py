"""Shared helpers of the KPI functions: column checks, typed conversions, grouping.

Every KPI is computed the same way: first a *per-row value* (a float array with
``NaN`` where the row does not count for that KPI), then a reduction (mean,
median or sum) over the whole table or per group. :func:`reduce` does the
second step, so the single-KPI functions and :func:`coursekit.kpi.scorecard`
share one definition of every KPI.

Conventions used by every KPI function (documented once here):

* ``by=None`` returns a Python ``float`` (``int`` for counts); ``by="col"`` or
  ``by=["col1", "col2"]`` returns a ``Series`` named after the KPI code, indexed
  by the group keys.
* Groups are the *observed* key combinations (``observed=True``: no empty
  categories), sorted (categoricals in category order). Rows whose group key is
  missing are dropped.
* A group (or table) with no eligible rows gives ``NaN`` (counts give ``0``).
* Missing values (``NaN``/``NA``/``NaT``) in a KPI's inputs exclude that row from
  that KPI only; they never count as a failure.
* Errors name rows by the frame's index labels (by position for plain sequences).

>>> import pandas as pd
>>> df = pd.DataFrame({"team": ["A", "B", "A"], "x": [1.0, 0.0, 0.0]})
>>> reduce(df["x"].to_numpy(), df, "team", "mean", "x").tolist()
[0.5, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coursekit.checks import as_floats, require_columns
from coursekit.errors import DataError
from coursekit.schema import Range

HOUR = np.timedelta64(1, "h")

By = str | Sequence[str] | None
#: Row labels for error messages: a frame's index or a plain list.
Labels = Sequence[Any] | pd.Index


def by_list(by: By) -> list[str]:
    """Normalise ``by`` to a list of column names (empty for ``None``).

    >>> by_list("team"), by_list(["team", "agent_id"]), by_list(None)
    (['team'], ['team', 'agent_id'], [])
    """
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def require(frame: pd.DataFrame, columns: Sequence[str], kpi: str) -> None:
    """Raise a :class:`DataError` naming the first column ``kpi`` needs that is absent (KPI wording)."""
    require_columns(frame, columns, kpi)


def bad(column: str, problem: str, mask: np.ndarray, index: Labels, values: Any,
        hint: str | None = None) -> DataError:
    """A :class:`DataError` listing the rows where ``mask`` is true."""
    pos = np.flatnonzero(mask)
    vals = np.asarray(values, dtype=object)
    return DataError(column, problem, rows=[index[i] for i in pos.tolist()],
                     values=[vals[i] for i in pos[:10]], hint=hint)


def as_datetime(frame: pd.DataFrame, col: str) -> np.ndarray:
    """Column ``col`` as a naive ``datetime64`` array (``NaT`` for missing).

    Strings are parsed (ISO 8601 or other common layouts); unparseable values
    raise a :class:`DataError`.
    """
    s = frame[col]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_convert("UTC").dt.tz_localize(None)
    if not pd.api.types.is_datetime64_dtype(s.dtype):
        parsed = pd.to_datetime(s, errors="coerce", format="mixed")
        failed = parsed.isna().to_numpy() & s.notna().to_numpy()
        if failed.any():
            raise bad(col, "must be a date-time such as 2024-03-01 09:30", failed, frame.index, s,
                      hint="fix or empty these cells")
        s = parsed
    return s.to_numpy()


def to_hours(delta: np.ndarray) -> np.ndarray:
    """A ``timedelta64`` array as float hours (``NaN`` for ``NaT``)."""
    return delta / HOUR


def hours_between(frame: pd.DataFrame, start: str, end: str) -> np.ndarray:
    """Float hours ``end - start`` per row (``NaN`` where either is missing)."""
    return (as_datetime(frame, end) - as_datetime(frame, start)) / HOUR


def as_float(frame: pd.DataFrame, col: str) -> np.ndarray:
    """Column ``col`` as a float array with ``NaN`` for missing values.

    Numbers written as text are read and true/false count as 1/0
    (:func:`coursekit.checks.as_floats` with ``text=True``).

    >>> as_float(pd.DataFrame({"sla_hours": [8, "24", None]}), "sla_hours").tolist()
    [8.0, 24.0, nan]
    """
    return as_floats(frame[col], col, text=True, hint="fix or empty these cells").to_numpy()


def as_flag(frame: pd.DataFrame, col: str) -> np.ndarray:
    """A yes/no column as floats 1.0 / 0.0 / ``NaN`` (missing).

    Accepts ``bool``, nullable ``boolean``, numbers 0/1 and Python ``True``/``False``.
    """
    s = frame[col]
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(s.dtype):
        values = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        obj = s.to_numpy(dtype=object)
        missing = pd.isna(obj)
        values = np.array([1.0 if v is True or v is np.True_ else 0.0 if v is False or v is np.False_
                           else np.nan for v in obj], dtype=float)
        unknown = np.isnan(values) & ~missing
        if unknown.any():
            raise bad(col, "must be true/false (or 1/0)", unknown, frame.index, obj,
                      hint="read the file with coursekit.read_tickets, which converts 是/否 and Y/N")
        return values
    wrong = ~np.isnan(values) & (values != 0) & (values != 1)
    if wrong.any():
        raise bad(col, "must be true/false (or 1/0)", wrong, frame.index, values)
    return values


#: How to fix a value outside its column's range (callers may say it more specifically).
SCALE_HINT = "recode these values to the scale or leave them empty (missing values are left out)"


def check_scores(values: np.ndarray, valid: Range | None, column: str, index: Labels,
                 shown: Any = None, hint: str = SCALE_HINT) -> np.ndarray:
    """Raise a :class:`DataError` unless every non-missing value keeps the rule ``valid``.

    ``valid`` is the column's :class:`~coursekit.schema.Range` in the
    data contract; ``shown`` are the values as the user wrote them (default: ``values``).

    >>> from coursekit.schema import SURVEYS
    >>> check_scores(np.array([1.0, 5.0, np.nan]), SURVEYS["csat"].valid, "csat", [0, 1, 2]).tolist()
    [1.0, 5.0, nan]
    >>> check_scores(np.array([1.0, 6.0]), SURVEYS["csat"].valid, "csat", ["a", "b"])
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'csat': must be an integer from 1 to 5; rows b (values: 6.0); ...
    """
    if valid is None:  # the column has no range rule
        return values
    wrong = valid.outside(values)
    if wrong.any():
        raise bad(column, f"must be {valid.form}", wrong, index, values if shown is None else shown, hint=hint)
    return values


def reduce(values: np.ndarray, frame: pd.DataFrame, by: By, how: str, name: str) -> Any:
    """Reduce per-row ``values`` (aligned with ``frame``) overall or per group.

    ``how`` is ``"mean"``, ``"median"`` or ``"sum"``; ``NaN`` values are skipped.
    """
    keys = by_list(by)
    if not keys:
        s = pd.Series(values, dtype=float)
        if how == "sum":
            return int(s.sum()) if len(s) else 0
        return float(getattr(s, how)())
    for key in keys:
        require(frame, [key], name)
    data = frame[keys].reset_index(drop=True)
    data["__value__"] = values
    grouped = data.groupby(keys if len(keys) > 1 else keys[0], observed=True, sort=True)["__value__"]
    out = getattr(grouped, how)()
    if how == "sum":
        out = out.astype("int64")
    return out.rename(name)
