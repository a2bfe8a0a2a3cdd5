"""The ``monthly`` table: KPIs per team and calendar month, aggregated from the tickets.

Tickets are assigned to the month they were *created* in. Per team and month:

* ``tickets``: tickets created;
* ``fcr``: share of them resolved at first contact;
* ``csat_top2``: share of their survey answers with CSAT 4 or 5;
* ``mean_resolution_hours``: mean (resolved - created) in hours over the resolved ones;
* ``sla_compliance``: resolved within ``sla_hours`` / tickets with a known outcome at the
  export time (open tickets already older than their SLA count as breached; open tickets
  still inside their SLA are left out);
* ``complaints``: complaints received that month that are linked to a ticket of the team.

Every team has all 24 months (counts 0 and rates empty when a month has no tickets).

>>> months().astype("datetime64[D]").astype(str)[[0, -1]].tolist()
['2023-01-01', '2024-12-01']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.datasets import _config as C


def months() -> np.ndarray:
    """First days of the 24 months covered by the data (datetime64[us])."""
    first = C.START.astype("datetime64[M]")
    return (first + np.arange(24)).astype("datetime64[D]").astype("datetime64[us]")


def _month(stamps: pd.Series) -> np.ndarray:
    return stamps.to_numpy(dtype="datetime64[us]").astype("datetime64[M]").astype("datetime64[us]")


def make_monthly(tickets: pd.DataFrame, surveys: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the KPI series of every team (all industries)."""
    end = np.datetime64(C.END, "us")
    created = tickets["created_at"].to_numpy(dtype="datetime64[us]")
    resolved = tickets["resolved_at"].to_numpy(dtype="datetime64[us]")
    hours = (resolved - created) / np.timedelta64(1, "h")
    done = ~np.isnat(resolved)
    age = (end - created) / np.timedelta64(1, "h")
    sla = tickets["sla_hours"].to_numpy(dtype=float)
    met = np.where(done, (hours <= sla).astype(float), np.where(age > sla, 0.0, np.nan))
    base = pd.DataFrame({
        "month": _month(tickets["created_at"]),
        "team": tickets["team"].to_numpy(dtype=object),
        "fcr": tickets["first_contact_resolved"].to_numpy(dtype=float),
        "hours": np.where(done, hours, np.nan),
        "sla": met,
    })
    grouped = base.groupby(["team", "month"], sort=True)
    out = pd.DataFrame({
        "tickets": grouped.size(),
        "fcr": grouped["fcr"].mean(),
        "mean_resolution_hours": grouped["hours"].mean(),
        "sla_compliance": grouped["sla"].mean(),
    })
    ids = pd.Index(tickets["ticket_id"].to_numpy(dtype=object))
    team_of = base["team"].to_numpy(dtype=object)
    month_of = base["month"].to_numpy()
    at = ids.get_indexer(surveys["ticket_id"].to_numpy(dtype=object))
    top2 = pd.DataFrame({"team": team_of[at], "month": month_of[at],
                         "top2": (surveys["csat"].to_numpy() >= 4).astype(float)})
    out["csat_top2"] = top2.groupby(["team", "month"])["top2"].mean()
    linked = complaints[complaints["ticket_id"].notna()]
    at = ids.get_indexer(linked["ticket_id"].to_numpy(dtype=object))
    comp = pd.DataFrame({"team": team_of[at], "month": _month(linked["received_at"])})
    out["complaints"] = comp.groupby(["team", "month"]).size()

    team_industry = (tickets[["team", "industry"]].astype(str).drop_duplicates()
                     .set_index("team")["industry"].sort_index())
    grid = pd.MultiIndex.from_product([team_industry.index, months()], names=["team", "month"])
    out = out.reindex(grid).reset_index()
    out["tickets"] = out["tickets"].fillna(0).astype(np.int64)
    out["complaints"] = out["complaints"].fillna(0).astype(np.int64)
    out["industry"] = out["team"].map(team_industry)
    for col, digits in (("fcr", 4), ("csat_top2", 4), ("mean_resolution_hours", 2), ("sla_compliance", 4)):
        out[col] = out[col].astype(float).round(digits)
    industry_order = {name: i for i, name in enumerate(s.name for s in C.INDUSTRY_SPECS)}
    out = out.sort_values(["industry", "team", "month"], key=lambda s: s.map(industry_order) if s.name == "industry" else s,
                          kind="stable").reset_index(drop=True)
    return out[["month", "industry", "team", "tickets", "fcr", "csat_top2", "mean_resolution_hours",
                "sla_compliance", "complaints"]]
