"""The ``monthly`` table: KPIs per team and calendar month, aggregated from the tickets.

Tickets are assigned to the month they were *created* in. Per team and month, computed
with the :mod:`coursekit.kpi` functions (so the table agrees with them to the last digit
shown):

* ``tickets``: tickets created;
* ``fcr``: share of them resolved at first contact (:func:`~coursekit.kpi.fcr`);
* ``csat_top2``: share of their survey answers with CSAT 4 or 5 (:func:`~coursekit.kpi.csat`);
* ``mean_resolution_hours``: mean (resolved - created) in hours over the resolved ones
  (:func:`~coursekit.kpi.ttr_mean_h`);
* ``sla_compliance``: :func:`~coursekit.kpi.sla_compliance` at the export time (open tickets
  already older than their SLA count as breached; open tickets still inside their SLA are
  left out);
* ``complaints``: complaints received that month that are linked to a ticket of the team.

Every team has all 24 months (counts 0 and rates empty when a month has no tickets).

>>> months().astype("datetime64[D]").astype(str)[[0, -1]].tolist()
['2023-01-01', '2024-12-01']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.datasets import _config as C
from coursekit.kpi.customers import attach
from coursekit.kpi.rates import fcr, sla_compliance
from coursekit.kpi.surveys import csat
from coursekit.kpi.times import ttr_mean_h

KEYS = ["team", "month"]


def months() -> np.ndarray:
    """First days of the 24 months covered by the data (datetime64[us])."""
    first = C.START.astype("datetime64[M]")
    return (first + np.arange(24)).astype("datetime64[D]").astype("datetime64[us]")


def _month(stamps: pd.Series) -> np.ndarray:
    return stamps.to_numpy(dtype="datetime64[us]").astype("datetime64[M]").astype("datetime64[us]")


def make_monthly(tickets: pd.DataFrame, surveys: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the KPI series of every team (all industries)."""
    base = tickets.assign(month=_month(tickets["created_at"]))
    out = pd.DataFrame({
        "tickets": base.groupby(KEYS, sort=True).size(),
        "fcr": fcr(base, by=KEYS),
        "mean_resolution_hours": ttr_mean_h(base, by=KEYS),
        "sla_compliance": sla_compliance(base, by=KEYS, at=C.END),
    })
    out["csat_top2"] = csat(attach(surveys, base, KEYS), by=KEYS)
    linked = attach(complaints[complaints["ticket_id"].notna()], base, ["team"])
    out["complaints"] = linked.assign(month=_month(linked["received_at"])).groupby(KEYS).size()

    team_industry = (tickets[["team", "industry"]].astype(str).drop_duplicates()
                     .set_index("team")["industry"].sort_index())
    grid = pd.MultiIndex.from_product([team_industry.index, months()], names=KEYS)
    out = out.reindex(grid).reset_index()
    out["tickets"] = out["tickets"].fillna(0).astype(np.int64)
    out["complaints"] = out["complaints"].fillna(0).astype(np.int64)
    out["industry"] = out["team"].map(team_industry)
    for col, digits in (("fcr", 4), ("csat_top2", 4), ("mean_resolution_hours", 2), ("sla_compliance", 4)):
        out[col] = out[col].astype(float).round(digits)
    industry_order = {name: i for i, name in enumerate(s.name for s in C.INDUSTRY_SPECS)}
    out = out.sort_values(["industry", "team", "month"],
                          key=lambda s: s.map(industry_order) if s.name == "industry" else s, kind="stable")
    out = out.reset_index(drop=True)
    return out[["month", "industry", "team", "tickets", "fcr", "csat_top2", "mean_resolution_hours",
                "sla_compliance", "complaints"]]
