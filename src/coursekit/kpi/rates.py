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

from typing import Any

import numpy as np
import pandas as pd

from coursekit.schema import TICKETS
from coursekit.errors import ConfigError
from coursekit.kpi._frame import By, as_datetime, as_flag, as_float, check_scores, reduce, require
from coursekit.kpi.deadlines import check_order, flags_series, judge
from coursekit.kpi.times import cutoff


def _fcr_values(tickets: pd.DataFrame) -> np.ndarray:
    require(tickets, ["first_contact_resolved"], "fcr")
    return as_flag(tickets, "first_contact_resolved")


def fcr(tickets: pd.DataFrame, by: By = None) -> Any:
    """First contact resolution: share of tickets resolved at the first contact.

    System-based definition: the ``first_contact_resolved`` flag recorded by
    the ticketing system. All tickets with a recorded flag count, open or not.

    >>> from coursekit.kpi.examples import tickets
    >>> fcr(tickets(), by="agent_id").to_dict()
    {'A': 0.5, 'B': 0.5, 'C': 1.0}
    """
    return reduce(_fcr_values(tickets), tickets, by, "mean", "fcr")


def _first_time_fix_values(tickets: pd.DataFrame) -> np.ndarray:
    require(tickets, ["first_time_fix"], "first_time_fix")
    values = as_flag(tickets, "first_time_fix")
    if "onsite_visit" in tickets.columns:
        visit = as_flag(tickets, "onsite_visit")
        values = np.where(visit == 1.0, values, np.nan)
    return values


def first_time_fix(tickets: pd.DataFrame, by: By = None) -> Any:
    """First-time fix rate: on-site jobs fixed on the first visit / on-site jobs.

    Only rows with ``onsite_visit`` true (when that column exists) and a
    recorded ``first_time_fix`` flag count.

    >>> import pandas as pd
    >>> v = pd.DataFrame({"onsite_visit": [True, True, False, True],
    ...                   "first_time_fix": [True, False, None, True]})
    >>> round(first_time_fix(v), 4)
    0.6667
    """
    return reduce(_first_time_fix_values(tickets), tickets, by, "mean", "first_time_fix")


def _sla_values(tickets: pd.DataFrame, at: Any = None) -> np.ndarray:
    """Per ticket 1.0 met, 0.0 breached, ``NaN`` not known at the cut-off ``at`` (see :func:`sla_compliance`)."""
    require(tickets, ["created_at", "resolved_at", "sla_hours"], "sla_compliance")
    sla = check_scores(as_float(tickets, "sla_hours"), TICKETS["sla_hours"].valid, "sla_hours", tickets.index,
                       hint="leave it empty for tickets without an SLA")
    created = as_datetime(tickets, "created_at")
    resolved = as_datetime(tickets, "resolved_at")
    check_order(tickets, "created_at", "resolved_at", created, resolved)
    return judge(created, resolved, sla, cutoff(tickets, at))


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
    return flags_series(_sla_values(tickets, at), tickets.index, "sla_met")


def sla_compliance(tickets: pd.DataFrame, by: By = None, *, at: Any = None) -> Any:
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
    return reduce(_sla_values(tickets, at), tickets, by, "mean", "sla_compliance")


def _reopen_values(tickets: pd.DataFrame) -> np.ndarray:
    require(tickets, ["reopened", "resolved_at"], "reopen_rate")
    reopened = as_flag(tickets, "reopened")
    ever_resolved = ~np.isnat(as_datetime(tickets, "resolved_at")) | (reopened == 1.0)
    return np.where(ever_resolved, reopened, np.nan)


def reopen_rate(tickets: pd.DataFrame, by: By = None) -> Any:
    """Re-open rate: reopened tickets / tickets resolved at least once.

    A ticket counts as resolved at least once when it has ``resolved_at`` or
    is flagged ``reopened`` (it must have been closed to be re-opened).

    >>> import pandas as pd
    >>> r = pd.DataFrame({"resolved_at": pd.to_datetime(["2024-01-02", "2024-01-03", None, None]),
    ...                   "reopened": [True, False, True, False]})
    >>> round(reopen_rate(r), 4)  # 2 reopened of 3 ever resolved; the 4th never resolved
    0.6667
    """
    return reduce(_reopen_values(tickets), tickets, by, "mean", "reopen_rate")


def _repeat_repair_values(tickets: pd.DataFrame, window_days: float = 30) -> np.ndarray:
    require(tickets, ["serial_no", "created_at", "resolved_at"], "repeat_repair_rate")
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


def repeat_repair_rate(tickets: pd.DataFrame, by: By = None, *, window_days: float = 30) -> Any:
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
    return reduce(_repeat_repair_values(tickets, window_days), tickets, by, "mean", "repeat_repair_rate")

