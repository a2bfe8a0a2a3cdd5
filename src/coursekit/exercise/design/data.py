"""Data helpers for the a6 unit's scorecard: last year's agent card and overdue complaints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd


# --------------------------------------------------------------------------- data helpers
def agent_card(tickets: pd.DataFrame, surveys: pd.DataFrame, complaints: pd.DataFrame,
               kpis: Sequence[str], by: str = "agent_id") -> pd.DataFrame:
    """Last year's scorecard per agent: :func:`coursekit.kpi.scorecard` plus complaints.

    ``complaint_rate`` (in ``kpis``) comes from the complaints table: the
    complaints whose ``ticket_id`` is one of the agent's tickets, per 1,000 of
    the agent's tickets (:func:`coursekit.kpi.complaint_rate` with the tickets
    as the stated base); complaints received through other channels (no ticket)
    are not charged to anyone. Columns: ``kpis`` in order, then ``n_tickets``
    and ``n_surveys``.

    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", "T4"], "agent_id": ["A", "A", "B", "B"],
    ...                   "first_contact_resolved": [True, False, True, True]})
    >>> s = pd.DataFrame({"ticket_id": ["T1", "T3"], "agent_id": ["A", "B"], "csat": [5, 3]})
    >>> c = pd.DataFrame({"complaint_id": ["C1", "C2"], "ticket_id": ["T2", None]})
    >>> agent_card(t, s, c, ["fcr", "csat", "complaint_rate"])
              fcr  csat  complaint_rate  n_tickets  n_surveys
    agent_id
    A         0.5   1.0           500.0          2          1
    B         1.0   0.0             0.0          2          1
    """
    from coursekit.kpi import complaint_rate, scorecard

    codes = list(kpis)
    from_scorecard = [c for c in codes if c != "complaint_rate"]
    card = scorecard(tickets, surveys, kpis=from_scorecard, by=by)
    if "complaint_rate" in codes:
        owner = tickets.set_index("ticket_id")[by]
        linked = complaints[complaints["ticket_id"].isin(owner.index)]
        linked = linked.assign(**{by: linked["ticket_id"].map(owner).to_numpy()})
        card["complaint_rate"] = complaint_rate(linked, by=by, base=card["n_tickets"]).to_numpy(dtype=float)
    return card[[*codes, "n_tickets", "n_surveys"]]


def overdue_complaints(complaints: pd.DataFrame, tickets: pd.DataFrame, limit_days: float = 15,
                       at: Any = None, by: str = "agent_id") -> pd.Series:
    """Complaints on each agent's tickets not closed within ``limit_days`` (a count per agent).

    A complaint is overdue when it was closed more than ``limit_days`` after it
    was received, or is still open at ``at`` (default: the latest timestamp in
    the complaints table) and already older than that; an open complaint still
    within the limit is not (yet) a breach. Every agent of ``tickets`` is in the
    result (0 when none).

    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2", "T3"], "agent_id": ["A", "A", "B"]})
    >>> c = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", None],
    ...                   "received_at": pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01", "2023-01-05"]),
    ...                   "closed_at": pd.to_datetime(["2023-01-20", "2023-02-10", None, None])})
    >>> overdue_complaints(c, t, at=pd.Timestamp("2023-03-10")).to_dict()
    {'A': 1, 'B': 0}
    """
    owner = tickets.set_index("ticket_id")[by]
    closed = pd.to_datetime(complaints["closed_at"])
    received = pd.to_datetime(complaints["received_at"])
    if at is None:
        at = max(received.max(), closed.max())
    days = (closed.fillna(pd.Timestamp(at)) - received) / pd.Timedelta(days=1)
    late = complaints[(days > limit_days).to_numpy() & complaints["ticket_id"].isin(owner.index).to_numpy()]
    counts = late["ticket_id"].map(owner).value_counts()
    agents = pd.Index(sorted(pd.unique(tickets[by].astype(str))), name=by)
    counts.index = counts.index.map(str)
    return counts.reindex(agents, fill_value=0).astype("int64").rename("breaches")
