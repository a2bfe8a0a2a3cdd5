"""Time KPIs: response and resolution times, return processing time, backlog.

All durations are clock hours (not business hours). Per-row helpers return the
duration of every ticket (``NaN`` where a timestamp is missing); the KPI
functions reduce them overall or per group (see :mod:`coursekit.kpi._frame`
for the shared ``by=`` / empty-group / missing-value conventions).

>>> from coursekit.kpi.examples import tickets
>>> t = tickets()
>>> round(frt_mean_h(t), 2), ttr_median_h(t)
(1.29, 4.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from coursekit.checks import choose
from coursekit.errors import ConfigError
from coursekit.kpi._frame import By, as_datetime, bad, by_list, hours_between, reduce, require, to_hours
from coursekit.kpi.spec import DEFAULT_OPTIONS, Options, Reduction, compute, get

TIME_COLUMNS = ("created_at", "first_response_at", "resolved_at")
DEFAULT_AGE_BINS = (0, 24, 72, 168, 720, float("inf"))

# (start, end) columns of the durations the time KPIs measure
FIRST_RESPONSE = ("created_at", "first_response_at")
RESOLUTION = ("created_at", "resolved_at")
RETURN = ("goods_received_at", "refund_completed_at")


def _duration(frame: pd.DataFrame, span: tuple[str, str], kpi: str) -> np.ndarray:
    """Hours from ``span[0]`` to ``span[1]`` per row; a negative one is a :class:`DataError`."""
    start, end = span
    require(frame, [start, end], kpi)
    hours = hours_between(frame, start, end)
    negative = hours < 0
    if negative.any():
        raise bad(end, f"must not be earlier than {start}", negative, frame.index,
                  frame[end].astype(str).to_numpy(), hint=f"check the {start} and {end} of these rows")
    return hours


def frt_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Hours to first response per ticket (the values of ``frt_mean_h`` and ``frt_median_h``)."""
    return _duration(tickets, FIRST_RESPONSE, "frt")


def ttr_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Hours to resolution per ticket, ``NaN`` when open (``ttr_mean_h``, ``ttr_median_h``)."""
    return _duration(tickets, RESOLUTION, "ttr")


def return_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Hours from goods received to refund/exchange completed per ticket (``return_time_h``)."""
    return _duration(tickets, RETURN, "return_time_h")


def _hours_kpi(tickets: pd.DataFrame, by: By, span: tuple[str, str], code: str,
               reduction: Reduction | None = None) -> Any:
    """The body of every time KPI: its spec's hours, reduced (errors speak in the KPI's own name)."""
    require(tickets, span, code)
    return get(code).compute(tickets, by, reduction=reduction)


def first_response_hours(tickets: pd.DataFrame) -> pd.Series:
    """Hours from ``created_at`` to ``first_response_at`` for every ticket.

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> first_response_hours(t).tolist()
    [1.0, 3.0, 0.5, 1.0, 2.0, 0.25]
    """
    hours = _duration(tickets, FIRST_RESPONSE, "first_response_hours")
    return pd.Series(hours, index=tickets.index, name="frt_h")


def resolve_hours(tickets: pd.DataFrame) -> pd.Series:
    """Hours from ``created_at`` to ``resolved_at`` (``NaN`` for open tickets).

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> resolve_hours(t).tolist()
    [2.0, nan, 4.0, 12.0, 2.0, 6.0]
    """
    hours = _duration(tickets, RESOLUTION, "resolve_hours")
    return pd.Series(hours, index=tickets.index, name="ttr_h")


@overload
def frt_mean_h(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def frt_mean_h(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def frt_mean_h(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Mean time to first response in hours (tickets with both timestamps).

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> frt_mean_h(t, by="agent_id").to_dict()   # A: (1 + 3)/2; B: (0.5 + 1)/2; C: (2 + 0.25)/2
    {'A': 2.0, 'B': 0.75, 'C': 1.125}
    """
    return _hours_kpi(tickets, by, FIRST_RESPONSE, "frt_mean_h")


@overload
def frt_median_h(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def frt_median_h(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def frt_median_h(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Median time to first response in hours (even count: mean of the middle two).

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> frt_median_h(t)        # sorted 0.25 0.5 1 1 2 3: mean of 1 and 1
    1.0
    """
    return _hours_kpi(tickets, by, FIRST_RESPONSE, "frt_median_h")


@overload
def ttr_mean_h(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def ttr_mean_h(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def ttr_mean_h(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Mean time to resolve in hours, over resolved tickets (open ones are excluded).

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> ttr_mean_h(t)          # (2 + 4 + 12 + 2 + 6) / 5; open T2 left out
    5.2
    """
    return _hours_kpi(tickets, by, RESOLUTION, "ttr_mean_h")


@overload
def ttr_median_h(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def ttr_median_h(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def ttr_median_h(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Median time to resolve in hours, over resolved tickets.

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> ttr_median_h(t, by="team").to_dict()   # X: only T1; Y: 4 2 6 12 -> (4 + 6)/2
    {'X': 2.0, 'Y': 5.0}
    """
    return _hours_kpi(tickets, by, RESOLUTION, "ttr_median_h")


@overload
def return_time_h(tickets: pd.DataFrame, by: None = None, *,
                  stat: Literal["mean", "median"] = "mean") -> float: ...
@overload
def return_time_h(tickets: pd.DataFrame, by: str | Sequence[str], *,
                  stat: Literal["mean", "median"] = "mean") -> pd.Series: ...
def return_time_h(tickets: pd.DataFrame, by: By = None, *,
                  stat: Literal["mean", "median"] = "mean") -> float | pd.Series:
    """Return/exchange processing time: ``refund_completed_at - goods_received_at`` in hours.

    Only tickets with both timestamps count. ``stat`` is ``"mean"`` (the KPI
    ``return_time_h``) or ``"median"``. PRC consumer law (art. 25) expects a
    refund within 7 days (168 h) of receiving the goods.

    >>> import pandas as pd
    >>> r = pd.DataFrame({
    ...     "goods_received_at": pd.to_datetime(["2024-05-01 10:00", "2024-05-02 10:00", None]),
    ...     "refund_completed_at": pd.to_datetime(["2024-05-02 10:00", "2024-05-04 10:00", None]),
    ... })
    >>> return_time_h(r)
    36.0
    """
    return _hours_kpi(tickets, by, RETURN, "return_time_h", choose(stat, ("mean", "median"), "stat"))


def cutoff(tickets: pd.DataFrame, at: Any = None) -> np.datetime64:
    """The cut-off time: ``at`` if given, else the latest timestamp in the data.

    The latest timestamp is the maximum of ``created_at``, ``first_response_at``
    and ``resolved_at`` (those present), i.e. "now" for a data extract.

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> str(cutoff(t))
    '2024-01-02T20:00:00.000000'
    """
    if at is not None:
        stamp = pd.Timestamp(at)
        if stamp.tz is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        return stamp.to_datetime64().astype("datetime64[us]")
    latest = np.datetime64("NaT", "us")
    for col in TIME_COLUMNS:
        if col in tickets.columns:
            stamps = as_datetime(tickets, col).astype("datetime64[us]", copy=False)
            if len(stamps):
                # NaT is the smallest int64, so the integer maximum skips missing times
                top = stamps.view("i8").max().astype("datetime64[us]")
                if not np.isnat(top) and (np.isnat(latest) or top > latest):
                    latest = top
    return latest


def _open_at(tickets: pd.DataFrame, cut: np.datetime64) -> np.ndarray:
    created = as_datetime(tickets, "created_at")
    resolved = as_datetime(tickets, "resolved_at")
    return (created <= cut) & ~(resolved <= cut)


def backlog_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per ticket 1.0 when open at the cut-off ``options.at`` (see :func:`backlog`), else 0.0."""
    require(tickets, ["created_at", "resolved_at"], "backlog")
    return _open_at(tickets, cutoff(tickets, options.at)).astype(float)


@overload
def backlog(tickets: pd.DataFrame, by: None = None, *, at: Any = None) -> int: ...
@overload
def backlog(tickets: pd.DataFrame, by: str | Sequence[str], *, at: Any = None) -> pd.Series: ...
def backlog(tickets: pd.DataFrame, by: By = None, *, at: Any = None) -> int | pd.Series:
    """Number of tickets open at the cut-off ``at``: created by then, not resolved by then.

    ``at`` defaults to the latest timestamp in the data. A count, not a rate:
    ``0`` for a group with no open tickets (groups come from all tickets).

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> backlog(t)                         # T2
    1
    >>> backlog(t, at="2024-01-01 09:30")   # T1 and T2 (T1 resolved at 10:00)
    2
    >>> backlog(t, by="agent_id").to_dict()
    {'A': 1, 'B': 0, 'C': 0}
    """
    return compute("backlog", tickets, by, at=at)


def _band_labels(bins: Sequence[float] | np.ndarray) -> list[str]:
    def fmt(x: float) -> str:
        return f"{x:g}"
    labels = []
    for lo, hi in zip(bins[:-1], bins[1:], strict=True):
        labels.append(f">={fmt(lo)}h" if np.isinf(hi) else f"{fmt(lo)}-{fmt(hi)}h")
    return labels


def backlog_age(tickets: pd.DataFrame, by: By = None, *, at: Any = None,
                bins: Sequence[float] = DEFAULT_AGE_BINS) -> Any:
    """Age profile of the backlog: open tickets per age band (hours since creation).

    Bands are ``[lo, hi)`` in hours; the default bands are <1 day, 1-3 days,
    3-7 days, 7-30 days and older. Without ``by`` a Series of counts per band;
    with ``by`` a DataFrame (one row per group, one column per band).

    >>> from coursekit.kpi.examples import tickets
    >>> t = tickets()
    >>> backlog_age(t).to_dict()            # T2 is 35 h old at the cut-off
    {'0-24h': 0, '24-72h': 1, '72-168h': 0, '168-720h': 0, '>=720h': 0}
    """
    require(tickets, ["created_at", "resolved_at"], "backlog_age")
    edges = np.asarray(bins, dtype=float)
    if len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ConfigError("bins must be increasing hour edges, e.g. (0, 24, 72, inf)")
    cut = cutoff(tickets, at)
    open_ = _open_at(tickets, cut)
    age = to_hours(cut - as_datetime(tickets, "created_at"))
    band = np.searchsorted(edges, age, side="right") - 1
    labels = _band_labels(edges)
    counts = {lab: (open_ & (band == i)).astype(float) for i, lab in enumerate(labels)}
    keys = by_list(by)
    if not keys:
        return pd.Series({lab: int(v.sum()) for lab, v in counts.items()}, name="backlog", dtype="int64")
    return pd.DataFrame({lab: reduce(v, tickets, by, "sum", lab) for lab, v in counts.items()})
