"""Events and base per calendar month (or quarter): the input of a p-chart.

A p-chart plots, per period, ``events / base``: tickets resolved at first
contact out of tickets handled, complaints out of tickets, sampled calls with
a critical error out of sampled calls, late complaints out of complaints with
a known outcome. :func:`monthly_counts` counts both from a table of rows with
a date and a yes/no flag, ready for :func:`coursekit.spc.p_chart`.

>>> import pandas as pd
>>> from coursekit import spc
>>> t = pd.DataFrame({"created_at": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-02-01",
...                                                 "2024-02-11", "2024-02-28", "2024-03-05"]),
...                   "resolved_first": [True, False, True, True, False, True]})
>>> counts = monthly_counts(t, date="created_at", flag="resolved_first")
>>> counts
            events  base     share
month
2024-01-01       1     2  0.500000
2024-02-01       2     3  0.666667
2024-03-01       1     1  1.000000
>>> chart = spc.p_chart(counts["events"], counts["base"])
>>> round(chart.centre, 4)  # 4 of 6
0.6667
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.checks import as_floats
from coursekit.errors import ConfigError, DataError, offending

#: Period codes :func:`monthly_counts` accepts and the name of the resulting index.
#: Calendar months or quarters.
Period = Literal["M", "Q"]
PERIODS: dict[Period, str] = {"M": "month", "Q": "quarter"}


def _dates(frame: pd.DataFrame, date: str) -> pd.Series:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(None, f"monthly_counts needs a DataFrame, got {type(frame).__name__}",
                        hint="pass the table, e.g. coursekit.load('tickets')")
    if date not in frame.columns:
        found = ", ".join(map(str, frame.columns[:20]))
        raise DataError(date, f"monthly_counts needs this date column but the table has none; columns found: {found}",
                        hint="pass date= the name of a date-time column, e.g. date='created_at'")
    s = frame[date]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(s.dtype):
        return s
    parsed = pd.to_datetime(s, errors="coerce", format="mixed")
    failed = parsed.isna().to_numpy() & s.notna().to_numpy()
    if failed.any():
        rows, vals = offending(failed, frame.index, s.tolist())
        raise DataError(date, "must be a date-time such as 2024-03-01 09:30", rows=rows, values=vals,
                        hint="fix or empty these cells")
    return parsed


def _flags(frame: pd.DataFrame, flag: Any) -> pd.Series:
    """``flag`` as floats 1.0 / 0.0 / NaN aligned with ``frame`` (a column name or a boolean Series/array)."""
    if flag is None:
        return pd.Series(1.0, index=frame.index)
    if isinstance(flag, str):
        if flag not in frame.columns:
            found = ", ".join(map(str, frame.columns[:20]))
            raise DataError(flag, f"monthly_counts needs this flag column but the table has none; columns found: "
                                  f"{found}", hint="pass flag= a yes/no column name or a boolean Series")
        values, name = frame[flag], flag
    else:
        name, hint = "flag", "compute it from the same table, e.g. flag=qa['critical_errors'] > 0"
        if isinstance(flag, pd.Series):
            if not flag.index.equals(frame.index):
                raise DataError(name, "must be a Series with the same index as the table", hint=hint)
            values = flag
        else:
            array = np.asarray(flag, dtype=object).ravel()
            if len(array) != len(frame):
                raise DataError(name, f"must have one value per row ({len(frame)}), got {len(array)}", hint=hint)
            values = pd.Series(array, index=frame.index)
    numbers = as_floats(values, name, hint="use true/false (or 1/0); empty = not counted")
    wrong = numbers.notna() & ~numbers.isin([0.0, 1.0])
    if wrong.any():
        rows, vals = offending(wrong.to_numpy(), frame.index, values.tolist())
        raise DataError(name, "must be true/false (or 1/0)", rows=rows, values=vals,
                        hint="turn counts into a flag first, e.g. qa['critical_errors'] > 0")
    return pd.Series(numbers.to_numpy(), index=frame.index)


def monthly_counts(frame: pd.DataFrame, *, date: str, flag: Any = None, period: Period = "M") -> pd.DataFrame:
    """Events and base per calendar month (``period="Q"``: quarter), for :func:`coursekit.spc.p_chart`.

    Parameters
    ----------
    frame:
        One row per item (ticket, complaint, sampled call).
    date:
        The date-time column that places a row in its month (e.g. ``"created_at"``).
    flag:
        The event: a yes/no column name or a boolean Series aligned with
        ``frame`` (e.g. ``qa["critical_errors"] > 0``, or
        :func:`coursekit.kpi.deadline_flags`). ``True`` is an event, ``False``
        a non-event, missing (``<NA>``) leaves the row out of the base
        (outcome not known). ``None`` counts every row (events = base: a
        monthly volume).
    period:
        ``"M"`` calendar months (default) or ``"Q"`` calendar quarters.

    Returns a DataFrame indexed by the period's first day (named ``month`` or
    ``quarter``), sorted, with ``events`` (int), ``base`` (int, rows with a
    known flag) and ``share`` (events / base). Rows without a date and periods
    with an empty base are left out (a p-chart needs a base of at least 1).

    >>> import pandas as pd
    >>> c = pd.DataFrame({"received_at": pd.to_datetime(["2023-02-01", "2023-03-30", "2023-04-02", None]),
    ...                   "late": pd.array([True, False, None, True], dtype="boolean")})
    >>> monthly_counts(c, date="received_at", flag="late", period="Q")  # Q2's only row is pending
                 events  base  share
    quarter
    2023-01-01        1     2    0.5
    """
    name = PERIODS.get(period) if isinstance(period, str) else None
    if name is None:
        raise ConfigError(f"period must be 'M' (calendar months) or 'Q' (calendar quarters), not {period!r}")
    dates = _dates(frame, date)
    flags = _flags(frame, flag)
    keep = dates.notna().to_numpy() & flags.notna().to_numpy()
    starts = dates[keep].dt.to_period(period).dt.start_time
    grouped = flags[keep].groupby(starts.to_numpy())
    out = pd.DataFrame({"events": grouped.sum().astype("int64"), "base": grouped.size().astype("int64")})
    out["share"] = out["events"] / out["base"]
    out.index = pd.DatetimeIndex(out.index, name=name)
    return out.sort_index()
