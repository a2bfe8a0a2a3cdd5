"""Customer KPIs: complaint rate per 1,000, complaint-handling satisfaction, retention.

>>> complaint_rate(12, base=8000)       # 12 complaints on 8,000 orders
1.5
>>> retention(start=200, end=210, new=30)
0.9
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError
from coursekit.kpi._frame import By, as_flag, bad, by_list, reduce, require
from coursekit.kpi.spec import COMPLAINT_PER, DEFAULT_OPTIONS, Options, compute
from coursekit.kpi.surveys import answers


def complaint_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """1/0 per ticket with a recorded ``complaint`` flag (``NaN`` when not recorded)."""
    require(tickets, ["complaint"], "complaint_rate")
    return as_flag(tickets, "complaint")


def complaint_rate(data: Any, by: By = None, *, base: Any, per: float = COMPLAINT_PER) -> Any:
    """Complaints per ``per`` (default 1,000) units of an explicitly stated base.

    ``data`` is a number of complaints, the tickets table (rows with
    ``complaint`` true count) or the complaints table (every row counts).
    ``base`` must be given: a number (orders, units, customers...), a Series
    or dict of base sizes per group when ``by`` is used, or ``"tickets"`` to
    use the tickets with a recorded complaint flag as the base. Groups in a
    per-group base without complaints get 0; complaints in a group missing
    from the base raise a :class:`DataError`.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"product_line": ["X", "X", "Y", "Y"], "complaint": [True, False, False, False]})
    >>> complaint_rate(t, base="tickets")        # 1 of 4 tickets -> 250 per 1,000
    250.0
    >>> complaint_rate(t, by="product_line", base={"X": 500, "Y": 2000}).to_dict()
    {'X': 2.0, 'Y': 0.0}
    """
    keys = by_list(by)
    if isinstance(base, str):
        if base != "tickets":
            raise ConfigError(f"base must be a number, a per-group Series/dict or 'tickets', not {base!r}")
        if not isinstance(data, pd.DataFrame) or "complaint" not in data.columns:
            raise ConfigError("base='tickets' needs the tickets table with a 'complaint' column")
        # the registered KPI is per COMPLAINT_PER tickets; another ``per`` rescales it
        rate = compute("complaint_rate", data, by)
        return rate if per == COMPLAINT_PER else _scaled(rate, per / COMPLAINT_PER)

    if isinstance(data, pd.DataFrame):
        if "complaint" in data.columns:
            flags = complaint_values(data)
            count = reduce(np.where(flags == 1.0, 1.0, 0.0), data, by, "sum", "complaint_rate")
        else:
            require(data, ["complaint_id"], "complaint_rate")
            count = reduce(np.ones(len(data)), data, by, "sum", "complaint_rate")
    elif isinstance(data, Real):
        if keys:
            raise ConfigError("by= needs a tickets or complaints table, not a number of complaints")
        count = data
    else:
        raise DataError(None, "complaint_rate needs a number of complaints or a tickets/complaints table")

    if not keys:
        if isinstance(base, (Mapping, pd.Series)):
            raise ConfigError("a per-group base needs by=; without by= give the base as one number")
        if not isinstance(base, Real) or not float(base) > 0:
            raise DataError("base", f"must be a positive number (orders, units, customers...), not {base!r}")
        return float(count) / float(base) * per

    if not isinstance(base, (Mapping, pd.Series)):
        raise ConfigError("with by= give the base per group as a Series or dict (group -> base size)")
    base_s = pd.Series(base, dtype=float) if isinstance(base, Mapping) else base.astype(float)
    wrong = ~(base_s.to_numpy() > 0)
    if wrong.any():
        raise bad("base", "must be a positive number for every group", wrong, list(base_s.index), base_s)
    lacking = count.index[(count > 0).to_numpy() & ~count.index.isin(base_s.index)]
    if len(lacking):
        raise DataError("base", "has no value for these groups that have complaints",
                        rows=list(lacking), hint="add their base sizes")
    counts = count.reindex(base_s.index, fill_value=0)
    counts.index.names = count.index.names
    return (counts / base_s.to_numpy() * per).astype(float).rename("complaint_rate")


def _scaled(value: Any, factor: float) -> Any:
    return value * factor if isinstance(value, pd.Series) else float(value) * factor


def complaint_satisfaction(data: pd.DataFrame, surveys: pd.DataFrame | None = None, by: By = None) -> Any:
    """Complaint-handling satisfaction: share of complainants satisfied (top-2-box) after closure.

    Either the complaints table with its ``satisfied`` flag (``surveys=None``),
    or the tickets table plus the surveys table: then the CSAT answers on
    tickets flagged ``complaint`` are scored top-2-box (4 or 5 of 5). ``by``
    columns missing from the surveys are taken from the tickets.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"cause": ["fee", "fee", "delay"], "satisfied": [True, False, True]})
    >>> round(complaint_satisfaction(c), 3)
    0.667
    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2"], "complaint": [True, False]})
    >>> s = pd.DataFrame({"ticket_id": ["T1", "T2"], "csat": [5, 1]})
    >>> complaint_satisfaction(t, s)   # only T1 is a complaint: 5 is top-2-box
    1.0
    """
    if surveys is None:
        require(data, ["satisfied"], "complaint_satisfaction")
        return reduce(as_flag(data, "satisfied"), data, by, "mean", "complaint_satisfaction")
    frame = attach(surveys, data, ["complaint", *by_list(by)])
    return compute("complaint_satisfaction", frame, by)


def complaint_satisfaction_values(frame: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Top-2-box per survey on a complaint ticket (``NaN`` otherwise); ``frame`` has csat and complaint."""
    scores, _ = answers(frame, "csat")
    is_complaint = as_flag(frame, "complaint") == 1.0
    return np.where(is_complaint & ~np.isnan(scores), scores >= 4, np.nan)


def attach(surveys: pd.DataFrame, tickets: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The surveys with ``columns`` they lack copied from their tickets (matched on ``ticket_id``).

    Surveys whose ticket is not in ``tickets`` get missing values. The result
    keeps the surveys' index.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2"], "team": ["A", "B"]})
    >>> s = pd.DataFrame({"ticket_id": ["T2", "T9"], "csat": [5, 4]})
    >>> attach(s, t, ["team"])["team"].tolist()
    ['B', nan]
    """
    need = [c for c in dict.fromkeys(columns) if c not in surveys.columns]
    if not need:
        return surveys
    require(surveys, ["ticket_id"], "matching surveys to tickets")
    require(tickets, ["ticket_id", *need], "matching surveys to tickets")
    ids = pd.Index(tickets["ticket_id"])
    if not ids.is_unique:
        dup = ids.duplicated(keep=False)
        raise bad("ticket_id", "must be unique in the tickets table", dup, tickets.index, ids,
                  hint="remove duplicate tickets before matching surveys")
    pos = ids.get_indexer(surveys["ticket_id"])
    out = surveys.copy(deep=False)
    for col in need:
        out[col] = tickets[col].array.take(pos, allow_fill=True)
    return out


def retention(start: Any, end: Any, new: Any) -> Any:
    """Customer retention = (customers at end - new customers) / customers at start.

    Works on numbers or on Series/arrays (one value per segment). Churn is
    ``1 - retention``. Raises :class:`DataError` when ``start`` is not
    positive, a count is negative, or the retained customers (end - new) are
    negative or more than ``start``.

    >>> import pandas as pd
    >>> retention(pd.Series([100, 50], index=["north", "south"]), end=pd.Series([95, 60], index=["north", "south"]),
    ...           new=pd.Series([10, 20], index=["north", "south"])).to_dict()
    {'north': 0.85, 'south': 0.8}
    """
    scalar = all(np.ndim(x) == 0 for x in (start, end, new))
    index = next((x.index for x in (start, end, new) if isinstance(x, pd.Series)), None)
    arrays = {}
    for name, value in (("start", start), ("end", end), ("new", new)):
        arr = np.asarray(value.to_numpy() if isinstance(value, pd.Series) else value, dtype=float)
        arrays[name] = np.broadcast_to(arr, np.broadcast_shapes(*(np.shape(v) for v in (start, end, new))))
    s, e, n = arrays["start"], arrays["end"], arrays["new"]
    labels = list(index) if index is not None else list(range(s.size))
    checks = (
        ("start", ~(s > 0), s, "must be a positive number of customers at the start"),
        ("end", ~(e >= 0), e, "must be a number of customers >= 0"),
        ("new", ~(n >= 0), n, "must be a number of new customers >= 0"),
        ("end", ~(e - n >= 0), e, "minus new must be >= 0 (more new customers than customers at the end)"),
        ("end", ~(e - n <= s), e, "minus new must not exceed start (retained customers > customers at start)"),
    )
    for column, mask, values, problem in checks:
        mask = np.atleast_1d(mask)
        if mask.any():
            if scalar:
                raise DataError(column, f"{problem}; got start={start}, end={end}, new={new}")
            raise bad(column, problem, mask, labels, np.atleast_1d(values))
    result = (e - n) / s
    if scalar:
        return float(result)
    return pd.Series(np.atleast_1d(result), index=index, name="retention")
