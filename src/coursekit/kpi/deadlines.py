"""Deadline compliance with open items: one rule for SLA, complaint and refund deadlines.

An item (a ticket, a complaint, a refund) starts at ``start`` and must be done
(``end``) within a limit. Judged *as known at a cut-off* ``at`` (for the
course data: :data:`coursekit.datasets.EXPORTED_AT`), every item is one of

* **met** (``True``): done by ``at``, within the limit (``end - start <= limit``);
* **late** (``False``): done by ``at`` but late, or still open at ``at`` and
  already older than the limit (it can no longer be on time);
* **pending** (``<NA>``): still open at ``at`` and not yet due, received after
  ``at``, without a start time, or without a limit. Its outcome is not known,
  so it leaves the denominator: counting it as late would understate
  compliance, counting it as met would overstate it.

An ``end`` later than ``at`` counts as "still open at ``at``" (the data are
read as they were known then). :func:`deadline_compliance` is met / (met + late).
:func:`coursekit.kpi.sla_compliance` uses the same rule with each ticket's own
``sla_hours``.

>>> import pandas as pd
>>> c = pd.DataFrame({
...     "received_at": pd.to_datetime(["2024-12-01", "2024-12-01", "2024-12-01", "2024-12-25"]),
...     "closed_at": pd.to_datetime(["2024-12-10", "2024-12-20", None, None]),
... })
>>> deadline_flags(c, start="received_at", end="closed_at", limit_days=15, at="2025-01-01").tolist()
[True, False, False, <NA>]
>>> round(deadline_compliance(c, start="received_at", end="closed_at", limit_days=15, at="2025-01-01"), 4)
0.3333
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError
from coursekit.kpi._frame import HOUR, By, as_datetime, as_float, bad, check_scores, reduce, require, to_hours
from coursekit.schema import Range

#: A limit (hours or days) must be a positive number.
POSITIVE = Range(0, lo_excluded=True, form="a positive number")


def judge(start: np.ndarray, end: np.ndarray, limit_hours: np.ndarray, cut: np.datetime64) -> np.ndarray:
    """The rule itself on arrays: per item 1.0 met, 0.0 late, ``NaN`` pending (see the module text).

    ``start`` and ``end`` are ``datetime64`` arrays (``NaT`` = missing),
    ``limit_hours`` floats (``NaN`` = no limit), ``cut`` the cut-off.

    >>> t = np.array(["2024-01-01T00:00"] * 3, dtype="datetime64[m]")
    >>> e = np.array(["2024-01-01T05:00", "NaT", "NaT"], dtype="datetime64[m]")
    >>> judge(t, e, np.array([8.0, 8.0, 48.0]), np.datetime64("2024-01-02T00:00")).tolist()
    [1.0, 0.0, nan]
    """
    started = start <= cut  # False for NaT: no start time, or not received yet at the cut-off
    done = started & (end <= cut)
    met = (end - start) / HOUR <= limit_hours
    overdue = started & ~done & (to_hours(cut - start) > limit_hours)
    values = np.where(done, met.astype(float), np.where(overdue, 0.0, np.nan))
    return np.where(np.isnan(limit_hours), np.nan, values)


def check_order(frame: pd.DataFrame, start: str, end: str, starts: np.ndarray, ends: np.ndarray) -> None:
    """Raise a :class:`~coursekit.errors.DataError` naming the rows whose ``end`` is before their ``start``."""
    wrong = ends < starts  # False where either is missing
    if wrong.any():
        raise bad(end, f"must not be earlier than {start}", wrong, frame.index,
                  frame[end].astype(str).to_numpy(), hint=f"check the {start} and {end} of these rows")


def cut_off(at: Any, *stamps: np.ndarray) -> np.datetime64:
    """The cut-off: ``at`` as a naive ``datetime64``, or (``at=None``) the latest of ``stamps``.

    >>> str(cut_off("2025-01-01"))
    '2025-01-01T00:00:00.000000'
    >>> str(cut_off(None, np.array(["2024-03-01", "NaT"], dtype="datetime64[D]")))
    '2024-03-01T00:00:00.000000'
    >>> cut_off("soon")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: at must be a date-time such as '2025-01-01' or ..., not 'soon'
    """
    if at is None:
        valid = [s.astype("datetime64[us]") for s in stamps if len(s)]
        joined = np.concatenate(valid) if valid else np.array([], dtype="datetime64[us]")
        joined = joined[~np.isnat(joined)]
        return joined.max() if len(joined) else np.datetime64("NaT", "us")
    stamp: pd.Timestamp | None
    try:
        stamp = pd.Timestamp(at)
    except (TypeError, ValueError):
        stamp = None
    if stamp is None or pd.isna(stamp):
        raise ConfigError(f"at must be a date-time such as '2025-01-01' or coursekit.datasets.EXPORTED_AT, "
                          f"not {at!r}")
    if stamp.tz is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.to_datetime64().astype("datetime64[us]")


def _limit(frame: pd.DataFrame, limit_days: Any, limit_hours: Any, fn: str) -> np.ndarray:
    """The limit in hours per row (``NaN`` = no limit) from exactly one of ``limit_days`` / ``limit_hours``."""
    if (limit_days is None) == (limit_hours is None):
        raise ConfigError(f"{fn} needs exactly one of limit_days= or limit_hours= "
                          f"(e.g. limit_days=15 for a 15-day complaint deadline, limit_hours=168 for 7 days)")
    name, value, per = ("limit_days", limit_days, 24.0) if limit_hours is None else ("limit_hours", limit_hours, 1.0)
    if isinstance(value, str):
        require(frame, [value], fn)
        hours = as_float(frame, value)
        check_scores(hours, POSITIVE, value, frame.index, frame[value].to_numpy(dtype=object),
                     hint="leave it empty for items without a deadline")
        return hours * per
    if isinstance(value, bool) or not isinstance(value, Real) or not (math.isfinite(value) and float(value) > 0):
        raise ConfigError(f"{name} must be a positive number or the name of a column holding one per row, "
                          f"not {value!r}")
    return np.full(len(frame), float(value) * per)


def _values(frame: pd.DataFrame, start: str, end: str, limit_days: Any, limit_hours: Any, at: Any,
            fn: str) -> np.ndarray:
    require(frame, [start, end], fn)
    limit = _limit(frame, limit_days, limit_hours, fn)
    starts, ends = as_datetime(frame, start), as_datetime(frame, end)
    check_order(frame, start, end, starts, ends)
    return judge(starts, ends, limit, cut_off(at, starts, ends))


def deadline_flags(frame: pd.DataFrame, *, start: str, end: str, limit_days: Any = None,
                   limit_hours: Any = None, at: Any = None) -> pd.Series:
    """Per row: ``True`` met, ``False`` late, ``<NA>`` pending (the rule in the module text).

    Parameters
    ----------
    frame:
        One row per item, with the ``start`` and ``end`` date-time columns
        (``end`` empty = not done yet).
    limit_days, limit_hours:
        Exactly one of them: the limit as a positive number, or the name of a
        column holding each row's limit (an empty cell = no deadline, pending).
    at:
        The cut-off (anything ``pd.Timestamp`` reads). ``None`` takes the latest
        timestamp in the ``start`` and ``end`` columns; for the course data pass
        :data:`coursekit.datasets.EXPORTED_AT`, the export time.

    Returns a nullable ``boolean`` Series aligned with ``frame``, named ``deadline_met``.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"goods_received_at": pd.to_datetime(["2024-12-20", "2024-12-20", "2024-12-30"]),
    ...                   "refund_completed_at": pd.to_datetime(["2024-12-27", "2024-12-28", None])})
    >>> flags = deadline_flags(r, start="goods_received_at", end="refund_completed_at", limit_days=7,
    ...                        at="2025-01-01")
    >>> flags.tolist()  # exactly 7 days is met; 8 days is late; open for 2 days is pending
    [True, False, <NA>]
    >>> int(flags.notna().sum()), int(flags.sum())  # decided, met
    (2, 1)
    """
    values = _values(frame, start, end, limit_days, limit_hours, at, "deadline_flags")
    return flags_series(values, frame.index, "deadline_met")


def flags_series(values: np.ndarray, index: pd.Index, name: str) -> pd.Series:
    """1.0 / 0.0 / ``NaN`` as a nullable ``boolean`` Series (``True`` / ``False`` / ``<NA>``)."""
    flags = pd.array(values == 1.0, dtype="boolean")
    flags[np.isnan(values)] = pd.NA
    return pd.Series(flags, index=index, name=name)


def deadline_compliance(frame: pd.DataFrame, by: By = None, *, start: str, end: str, limit_days: Any = None,
                        limit_hours: Any = None, at: Any = None) -> Any:
    """Deadline compliance: met / (met + late); pending items leave the denominator.

    Same arguments as :func:`deadline_flags`; ``by`` groups like every KPI
    function (a float without ``by``, a Series named ``deadline_compliance``
    with it; ``NaN`` when nothing is decided yet).

    >>> import pandas as pd
    >>> from coursekit.datasets import EXPORTED_AT
    >>> c = pd.DataFrame({
    ...     "industry": ["finance", "finance", "finance", "services"],
    ...     "received_at": pd.to_datetime(["2024-11-01", "2024-11-01", "2024-12-20", "2024-12-01"]),
    ...     "closed_at": pd.to_datetime(["2024-11-10", None, None, "2024-12-05"]),
    ... })
    >>> deadline_compliance(c, by="industry", start="received_at", end="closed_at", limit_days=15,
    ...                     at=EXPORTED_AT).to_dict()  # finance: met, open 61 days, open 12 days (pending)
    {'finance': 0.5, 'services': 1.0}
    """
    values = _values(frame, start, end, limit_days, limit_hours, at, "deadline_compliance")
    return reduce(values, frame, by, "mean", "deadline_compliance")
