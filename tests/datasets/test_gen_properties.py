"""Property tests: for any seed and (small) size the generator keeps its invariants."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.datasets.generate import generate
from coursekit.schema import SCHEMAS

END = pd.Timestamp("2025-01-01")
RATES = {"monthly": ["fcr", "csat_top2", "sla_compliance"], "training": ["fcr_pre", "fcr_post"]}

seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(min_value=1, max_value=400)


@pytest.mark.slow  # generates 12 data sets (about 30 s): the full suite runs it, the fast lane does not
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, n=sizes)
def test_invariants_hold_for_any_seed_and_size(seed, n):
    tables = generate(seed=seed, tickets_per_industry=n)
    for name, frame in tables.items():
        assert list(frame.columns) == list(SCHEMAS[name])
    t = tables["tickets"]
    assert len(t) == 4 * n and t["ticket_id"].is_unique
    assert (t["first_response_at"] > t["created_at"]).all()
    assert (t["first_response_at"] <= END).all()
    done = t["resolved_at"].notna()
    assert (t.loc[done, "resolved_at"] > t.loc[done, "first_response_at"]).all()
    assert (t.loc[done, "resolved_at"] <= END).all()
    assert not (t["first_contact_resolved"] & ~done).any()
    goods = t["goods_received_at"].notna() & t["refund_completed_at"].notna()
    assert (t.loc[goods, "refund_completed_at"] > t.loc[goods, "goods_received_at"]).all()

    s = tables["surveys"]
    assert s["ticket_id"].isin(t.loc[done, "ticket_id"]).all() and s["ticket_id"].is_unique
    assert s["csat"].between(1, 5).all() and s["nps"].between(0, 10).all() and s["ces"].between(1, 7).all()

    for name, columns in RATES.items():
        for col in columns:
            values = tables[name][col].dropna()
            assert values.between(0, 1).all(), (name, col)
    m = tables["monthly"]
    assert m["tickets"].sum() == len(t) and (m["tickets"] >= 0).all()
    assert m.groupby("team", observed=True).size().eq(24).all()
    c = tables["complaints"]
    closed = c["closed_at"].notna()
    assert (c.loc[closed, "closed_at"] > c.loc[closed, "received_at"]).all()
    assert c["received_at"].le(END).all()
