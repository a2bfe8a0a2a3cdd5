"""Ticket rates: FCR, first-time fix, SLA compliance (and per-ticket SLA flags), re-open and repeat-repair rates.

Each rate is a fraction in [0, 1]: the mean of a per-row 1/0 value over the
rows that count for it (``NaN`` rows are left out of numerator and denominator).
See :mod:`coursekit.kpi._frame` for the ``by=`` and empty-group conventions.

>>> import pandas as pd
>>> t = pd.DataFrame({"team": ["A", "A", "B", "B"],
...                   "first_contact_resolved": [True, False, True, True]})
>>> fcr(t)
0.75
>>> fcr(t, by="team").to_dict()
{'A': 0.5, 'B': 1.0}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError
from coursekit.kpi._frame import By, as_datetime, as_flag, as_float, check_scores, require
from coursekit.kpi.deadlines import check_order, flags_series, judge
from coursekit.kpi.spec import DEFAULT_OPTIONS, REPEAT_WINDOW_DAYS, Options, compute
from coursekit.kpi.times import cutoff
from coursekit.schema import TICKETS


def fcr_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per ticket the ``first_contact_resolved`` flag as 1.0 / 0.0 (``NaN`` not recorded)."""
    require(tickets, ["first_contact_resolved"], "fcr")
    return as_flag(tickets, "first_contact_resolved")


@overload
def fcr(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def fcr(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def fcr(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """First contact resolution: share of tickets resolved at the first contact.

    System-based definition: the ``first_contact_resolved`` flag recorded by
    the ticketing system. All tickets with a recorded flag count, open or not.

    >>> from coursekit.kpi.examples import tickets
    >>> fcr(tickets(), by="agent_id").to_dict()
    {'A': 0.5, 'B': 0.5, 'C': 1.0}
    """
    return compute("fcr", tickets, by)


def first_time_fix_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per on-site ticket the ``first_time_fix`` flag (``NaN`` for other tickets)."""
    require(tickets, ["first_time_fix"], "first_time_fix")
    values = as_flag(tickets, "first_time_fix")
    if "onsite_visit" in tickets.columns:
        visit = as_flag(tickets, "onsite_visit")
        values = np.where(visit == 1.0, values, np.nan)
    return values


@overload
def first_time_fix(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def first_time_fix(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def first_time_fix(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """First-time fix rate: on-site jobs fixed on the first visit / on-site jobs.

    Only rows with ``onsite_visit`` true (when that column exists) and a
    recorded ``first_time_fix`` flag count.

    >>> import pandas as pd
    >>> v = pd.DataFrame({"onsite_visit": [True, True, False, True],
    ...                   "first_time_fix": [True, False, None, True]})
    >>> round(first_time_fix(v), 4)
    0.6667
    """
    return compute("first_time_fix", tickets, by)


def sla_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per ticket 1.0 met, 0.0 breached, ``NaN`` not known at the cut-off ``options.at`` (:func:`sla_compliance`)."""
    require(tickets, ["created_at", "resolved_at", "sla_hours"], "sla_compliance")
    sla = check_scores(as_float(tickets, "sla_hours"), TICKETS["sla_hours"].valid, "sla_hours", tickets.index,
                       hint="leave it empty for tickets without an SLA")
    created = as_datetime(tickets, "created_at")
    resolved = as_datetime(tickets, "resolved_at")
    check_order(tickets, "created_at", "resolved_at", created, resolved)
    return judge(created, resolved, sla, cutoff(tickets, options.at))


def sla_flags(tickets: pd.DataFrame, at: Any = None) -> pd.Series:
    """Per ticket: ``True`` SLA met, ``False`` breached, ``<NA>`` not known at ``at`` or without an SLA.

    The rule of :func:`sla_compliance` (and of
    :func:`coursekit.kpi.deadline_flags`, with each ticket's own
    ``sla_hours``), one value per ticket, e.g. as the outcome of a
    case-mix model. ``at=None`` is the latest timestamp in the data; for the
    course data pass :data:`coursekit.datasets.EXPORTED_AT`.

    >>> import pandas as pd
    >>> s = pd.DataFrame({
    ...     "created_at": pd.to_datetime(["2024-01-01 00:00"] * 4),
    ...     "resolved_at": pd.to_datetime(["2024-01-01 04:00", "2024-01-01 09:00", None, None]),
    ...     "sla_hours": [8.0, 8.0, 8.0, 48.0],
    ... })
    >>> sla_flags(s, at="2024-01-02 00:00").tolist()
    [True, False, False, <NA>]
    """
    return flags_series(sla_values(tickets, Options(at=at)), tickets.index, "sla_met")


@overload
def sla_compliance(tickets: pd.DataFrame, by: None = None, *, at: Any = None) -> float: ...
@overload
def sla_compliance(tickets: pd.DataFrame, by: str | Sequence[str], *, at: Any = None) -> pd.Series: ...
def sla_compliance(tickets: pd.DataFrame, by: By = None, *, at: Any = None) -> float | pd.Series:
    """SLA compliance: tickets resolved within ``sla_hours`` of creation / tickets with a known outcome.

    Status is judged as known at the cut-off ``at`` (default: the latest
    timestamp in the data; for the course data pass
    :data:`coursekit.datasets.EXPORTED_AT`), by the deadline rule of
    :mod:`coursekit.kpi.deadlines`:

    * resolved by ``at`` within ``sla_hours`` (``<=``): met;
    * resolved by ``at`` late, or still open and already older than
      ``sla_hours``: breached;
    * still open and within its SLA, created after ``at``, or without
      ``sla_hours``: left out (outcome not known yet / not under an SLA).

    >>> import pandas as pd
    >>> s = pd.DataFrame({
    ...     "created_at": pd.to_datetime(["2024-01-01 00:00"] * 4),
    ...     "resolved_at": pd.to_datetime(["2024-01-01 04:00", "2024-01-01 09:00", None, None]),
    ...     "sla_hours": [8.0, 8.0, 8.0, 48.0],
    ... })
    >>> round(sla_compliance(s, at="2024-01-02 00:00"), 4)  # met, late, open-late; 4th pending
    0.3333
    """
    return compute("sla_compliance", tickets, by, at=at)


def reopen_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per ticket resolved at least once: 1.0 reopened, 0.0 not (``NaN`` never resolved)."""
    require(tickets, ["reopened", "resolved_at"], "reopen_rate")
    reopened = as_flag(tickets, "reopened")
    ever_resolved = ~np.isnat(as_datetime(tickets, "resolved_at")) | (reopened == 1.0)
    return np.where(ever_resolved, reopened, np.nan)


@overload
def reopen_rate(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def reopen_rate(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def reopen_rate(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Re-open rate: reopened tickets / tickets resolved at least once.

    A ticket counts as resolved at least once when it has ``resolved_at`` or
    is flagged ``reopened`` (it must have been closed to be re-opened).

    >>> import pandas as pd
    >>> r = pd.DataFrame({"resolved_at": pd.to_datetime(["2024-01-02", "2024-01-03", None, None]),
    ...                   "reopened": [True, False, True, False]})
    >>> round(reopen_rate(r), 4)  # 2 reopened of 3 ever resolved; the 4th never resolved
    0.6667
    """
    return compute("reopen_rate", tickets, by)


def repeat_repair_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per repair 1.0 when the same serial number came back within ``options.window_days`` (see below)."""
    require(tickets, ["serial_no", "created_at", "resolved_at"], "repeat_repair_rate")
    window_days = options.window_days
    if not window_days > 0:
        raise ConfigError(f"window_days must be positive, not {window_days!r}")
    created = as_datetime(tickets, "created_at")
    resolved = as_datetime(tickets, "resolved_at")
    reference = np.where(np.isnat(resolved), created, resolved)
    serial = tickets["serial_no"]
    repair = serial.notna().to_numpy() & ~np.isnat(created)
    pos = np.flatnonzero(repair)
    values = np.full(len(tickets), np.nan)
    if len(pos) == 0:
        return values
    part = pd.DataFrame({"serial": serial.to_numpy()[pos], "created": created[pos], "pos": pos})
    part = part.sort_values(["serial", "created", "pos"], kind="stable")
    nxt = part.groupby("serial", sort=False)["created"].shift(-1).to_numpy()
    gap = nxt - reference[part["pos"].to_numpy()]
    window = np.timedelta64(int(round(window_days * 86400)), "s")
    values[part["pos"].to_numpy()] = (gap <= window).astype(float)
    return values


@overload
def repeat_repair_rate(tickets: pd.DataFrame, by: None = None, *,
                       window_days: float = REPEAT_WINDOW_DAYS) -> float: ...
@overload
def repeat_repair_rate(tickets: pd.DataFrame, by: str | Sequence[str], *,
                       window_days: float = REPEAT_WINDOW_DAYS) -> pd.Series: ...
def repeat_repair_rate(tickets: pd.DataFrame, by: By = None, *,
                       window_days: float = REPEAT_WINDOW_DAYS) -> float | pd.Series:
    """Repeat repair rate: repairs followed by another repair of the same serial number within the window.

    A repair is a ticket with a ``serial_no``. It counts as repeated when a
    later ticket for the same serial number is created at most
    ``window_days`` after this repair was resolved (created, if still open).
    The repeat is charged to the earlier repair (the one that did not hold).
    Tickets created at the same moment are ordered by row position. Repairs
    near the end of the data have a shorter follow-up (not corrected).

    >>> import pandas as pd
    >>> m = pd.DataFrame({
    ...     "serial_no": ["S1", "S1", "S2", None],
    ...     "created_at": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-01-01", "2024-01-01"]),
    ...     "resolved_at": pd.to_datetime(["2024-01-02", "2024-01-21", "2024-01-02", "2024-01-02"]),
    ... })
    >>> round(repeat_repair_rate(m), 4)  # S1's first repair came back after 18 days: 1 of 3 repairs
    0.3333
    """
    return compute("repeat_repair_rate", tickets, by, window_days=window_days)

