"""Random ticket and survey tables for property and consistency tests (not hand-checked)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def random_tickets(n: int, seed: int = 0, n_agents: int = 5) -> pd.DataFrame:
    """``n`` tickets with every KPI input, some open, some flags missing."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00", "m")
    created = start + rng.integers(0, 60 * 24 * 60, n).astype("timedelta64[m]")
    frt = rng.integers(1, 600, n).astype("timedelta64[m]")
    ttr = frt + rng.integers(0, 6000, n).astype("timedelta64[m]")
    resolved = (created + ttr).astype("datetime64[us]")
    resolved[rng.random(n) < 0.1] = np.datetime64("NaT")
    goods = created + rng.integers(60, 3000, n).astype("timedelta64[m]")
    refund = goods + rng.integers(60, 9000, n).astype("timedelta64[m]")
    retail = rng.random(n) < 0.5
    flag = lambda p, missing=0.0: pd.array(  # noqa: E731
        np.where(rng.random(n) < missing, None, rng.random(n) < p), dtype="boolean")
    agents = np.array([f"A{i:02d}" for i in range(n_agents)])
    return pd.DataFrame({
        "ticket_id": [f"T{i:05d}" for i in range(n)],
        "team": pd.Categorical(rng.choice(["X", "Y", "Z"], n), categories=["Z", "Y", "X", "unused"]),
        "agent_id": pd.array(rng.choice(agents, n), dtype="str"),
        "created_at": created.astype("datetime64[us]"),
        "first_response_at": (created + frt).astype("datetime64[us]"),
        "resolved_at": resolved,
        "sla_hours": rng.choice([4.0, 8.0, 24.0, 72.0], n),
        "first_contact_resolved": rng.random(n) < 0.7,
        "reopened": rng.random(n) < 0.08,
        "onsite_visit": flag(0.5),
        "first_time_fix": flag(0.8, 0.2),
        "serial_no": pd.array(np.where(rng.random(n) < 0.6, rng.choice([f"S{i}" for i in range(n // 3 + 1)], n),
                                       None), dtype="str"),
        "goods_received_at": np.where(retail, goods, np.datetime64("NaT")).astype("datetime64[us]"),
        "refund_completed_at": np.where(retail, refund, np.datetime64("NaT")).astype("datetime64[us]"),
        "complaint": flag(0.05, 0.3),
        "qa_score": np.where(rng.random(n) < 0.3, rng.uniform(40, 100, n).round(1), np.nan),
        "critical_errors": pd.array(np.where(rng.random(n) < 0.3, rng.integers(0, 3, n), None),
                                    dtype="Int64"),
    })


def random_surveys(tickets: pd.DataFrame, seed: int = 1, share: float = 0.6) -> pd.DataFrame:
    """Surveys on a random share of the tickets, with a few missing answers."""
    rng = np.random.default_rng(seed)
    picked = tickets.loc[rng.random(len(tickets)) < share, ["ticket_id", "agent_id"]].reset_index(drop=True)
    m = len(picked)
    answer = lambda lo, hi: pd.array(  # noqa: E731
        np.where(rng.random(m) < 0.05, None, rng.integers(lo, hi + 1, m)), dtype="Int64")
    return picked.assign(survey_id=[f"S{i:05d}" for i in range(m)], csat=answer(1, 5),
                         nps=answer(0, 10), ces=answer(1, 7))
