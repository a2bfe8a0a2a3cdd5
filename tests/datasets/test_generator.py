"""Generator tests: schema, timestamp consistency, industry columns, realistic rates, determinism.

Structural checks run on a freshly generated mid-size dataset (seed 11,
1,500 tickets per industry); the realism ranges (domain.md) are checked on
the committed data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coursekit.datasets.generate import DEFAULT_SEED, PLANTED, generate
from coursekit.schema import INDUSTRIES, SCHEMAS
from tests.datasets._shipped import shipped

END = pd.Timestamp("2025-01-01 00:00")
START = pd.Timestamp("2023-01-01 00:00")
INDUSTRY_COLUMNS = {
    "manufacturing": ["onsite_visit", "first_time_fix", "warranty_claim", "serial_no"],
    "retail": ["return_type", "goods_received_at", "refund_completed_at"],
    "services": ["complaint", "complaint_closed_at"],
    "finance": ["qa_score", "critical_errors"],
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return generate(seed=11, tickets_per_industry=1500)


# --- schema -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(SCHEMAS))
def test_columns_exactly_as_schema(tables, name):
    assert list(tables[name].columns) == list(SCHEMAS[name])


def test_dtypes_follow_schema(tables):
    expected = {"datetime": "datetime64[us]", "float": "float64", "category": "category"}
    for name, frame in tables.items():
        for col in SCHEMAS[name].values():
            dtype = str(frame[col.name].dtype)
            if col.kind in expected:
                assert dtype == expected[col.kind], (name, col.name)
            elif col.kind == "bool":
                assert dtype == ("boolean" if col.nullable else "bool"), (name, col.name)
            elif col.kind == "int":
                assert dtype == ("Int64" if col.nullable else "int64"), (name, col.name)
            else:
                assert dtype == "str", (name, col.name)
            if not col.nullable and col.name not in ("fcr_pre", "fcr_post", "csat_top2",
                                                     "mean_resolution_hours", "sla_compliance", "fcr"):
                assert frame[col.name].notna().all(), (name, col.name)


def test_ids_are_unique_and_well_formed(tables):
    t, staff = tables["tickets"], tables["staff"]
    assert t["ticket_id"].is_unique and staff["agent_id"].is_unique and staff["name"].is_unique
    assert t["ticket_id"].str.fullmatch(r"(MF|SV|RT|FN)-\d{6}").all()
    assert staff["agent_id"].str.fullmatch(r"(MF|SV|RT|FN)-A\d{3}").all()
    assert staff["team"].astype(str).str.fullmatch(r"(MF|SV|RT|FN)-T\d").all()
    assert (staff["agent_id"].str[:2] == staff["team"].astype(str).str[:2]).all()
    assert tables["surveys"]["survey_id"].is_unique and tables["complaints"]["complaint_id"].is_unique


def test_tickets_per_industry_and_team_ids(tables):
    t = tables["tickets"]
    assert t.groupby("industry", observed=True).size().to_dict() == dict.fromkeys(INDUSTRIES, 1500)
    assert sorted(t.loc[t["industry"] == "manufacturing", "team"].astype(str).unique()) == [
        "MF-T1", "MF-T2", "MF-T3", "MF-T4"]
    merged = t.merge(tables["staff"][["agent_id", "team"]], on="agent_id", suffixes=("", "_staff"))
    assert (merged["team"].astype(str) == merged["team_staff"].astype(str)).all()


# --- timestamps -------------------------------------------------------------------------------

def test_ticket_timestamps_are_ordered(tables):
    t = tables["tickets"]
    assert t["created_at"].between(START, END, inclusive="left").all()
    assert (t["first_response_at"] > t["created_at"]).all()
    assert (t["first_response_at"] <= END).all()
    done = t["resolved_at"].notna()
    assert (t.loc[done, "resolved_at"] > t.loc[done, "first_response_at"]).all()
    assert (t.loc[done, "resolved_at"] <= END).all()
    assert t["created_at"].is_monotonic_increasing is False  # sorted within industry only
    for _, part in t.groupby("industry", observed=True):
        assert part["created_at"].is_monotonic_increasing
        assert part["ticket_id"].is_monotonic_increasing


def test_retail_return_times_are_ordered(tables):
    t = tables["tickets"]
    r = t[t["goods_received_at"].notna()]
    assert len(r) > 100
    assert (r["goods_received_at"] > r["first_response_at"]).all()
    refunded = r[r["refund_completed_at"].notna()]
    assert (refunded["refund_completed_at"] > refunded["goods_received_at"]).all()
    closed = refunded[refunded["resolved_at"].notna()]
    assert (closed["resolved_at"] >= closed["refund_completed_at"]).all()
    assert (t.loc[t["refund_completed_at"].notna(), "goods_received_at"].notna()).all()


def test_services_complaint_closed_after_resolution(tables):
    t = tables["tickets"]
    c = t[t["complaint_closed_at"].notna()]
    assert len(c) > 20
    assert c["complaint"].all()
    assert (c["complaint_closed_at"] > c["resolved_at"]).all()


def test_surveys_and_complaints_timestamps(tables):
    t = tables["tickets"].set_index("ticket_id")
    s = tables["surveys"]
    resolved = t.loc[s["ticket_id"], "resolved_at"].to_numpy()
    assert (s["responded_at"].to_numpy() > resolved).all()
    assert (s["responded_at"] <= END).all()
    assert (s["agent_id"].to_numpy() == t.loc[s["ticket_id"], "agent_id"].to_numpy()).all()
    c = tables["complaints"]
    closed = c["closed_at"].notna()
    assert (c.loc[closed, "closed_at"] > c.loc[closed, "received_at"]).all()
    assert not c.loc[~closed, "closed_within_limit"].any()
    assert c.loc[~closed, "satisfied"].isna().all() and c.loc[closed, "satisfied"].notna().all()
    linked = c[c["ticket_id"].notna()]
    created = t.loc[linked["ticket_id"], "created_at"].to_numpy()
    assert (linked["received_at"].to_numpy() >= created).all()


def test_open_tickets_are_a_small_recent_backlog(tables):
    t = tables["tickets"]
    open_ = t[t["resolved_at"].isna()]
    assert 0 < len(open_) < 0.01 * len(t)
    assert (open_["created_at"] >= "2024-10-01").all()
    assert not open_["first_contact_resolved"].any() and not open_["reopened"].any()


# --- industry-specific columns ----------------------------------------------------------------

def test_industry_columns_empty_for_other_industries(tables):
    t = tables["tickets"]
    for industry, columns in INDUSTRY_COLUMNS.items():
        other = t["industry"] != industry
        for col in columns:
            assert t.loc[other, col].isna().all(), (industry, col)
    mf, rt, sv = (t[t["industry"] == i] for i in ("manufacturing", "retail", "services"))
    for frame, cols in ((mf, ["onsite_visit", "warranty_claim"]), (rt, ["return_type"]), (sv, ["complaint"])):
        for col in cols:
            assert frame[col].notna().all(), col


def test_first_time_fix_only_for_resolved_onsite_visits(tables):
    mf = tables["tickets"].query("industry == 'manufacturing'")
    has_ftf = mf["first_time_fix"].notna()
    assert (mf.loc[has_ftf, "onsite_visit"]).all()
    assert (has_ftf == (mf["onsite_visit"].astype(bool) & mf["resolved_at"].notna())).all()
    # FCR (no repeat contact) on a visit implies the first visit fixed it
    fixed = mf[has_ftf & mf["first_contact_resolved"]]
    assert fixed["first_time_fix"].all()


def test_serial_numbers_on_repairs_only(tables):
    mf = tables["tickets"].query("industry == 'manufacturing'")
    repair = mf["category"].isin(["故障维修", "配件更换"])
    assert (mf["serial_no"].notna() == repair).all()
    assert mf.loc[repair, "serial_no"].str.fullmatch(r"(CNC|ROB|ACP|IMM)-\d{8}").all()
    repeated = mf.loc[repair].groupby("serial_no")["product_line"].nunique()
    assert (repeated == 1).all()  # a repeat repair is the same unit, so the same product line


def test_retail_return_type_matches_times(tables):
    rt = tables["tickets"].query("industry == 'retail'")
    none = rt["return_type"] == "none"
    assert rt.loc[none, "goods_received_at"].isna().all()
    assert rt.loc[~none & rt["resolved_at"].notna(), "goods_received_at"].notna().all()
    assert set(rt["return_type"].astype(str)) == {"none", "return", "exchange"}


def test_finance_qa_sampled_subset(tables):
    fn = tables["tickets"].query("industry == 'finance'")
    sampled = fn["qa_score"].notna()
    assert 0.08 < sampled.mean() < 0.16
    assert (fn["critical_errors"].notna() == sampled).all()
    assert fn.loc[sampled, "qa_score"].between(0, 100).all()
    assert (fn.loc[sampled, "critical_errors"] >= 0).all()


# --- other tables -----------------------------------------------------------------------------

def test_competency_levels_and_weights(tables):
    c = tables["competency"]
    assert c["required_level"].between(1, 5).all() and c["current_level"].between(1, 5).all()
    assert np.allclose(c.groupby("agent_id")["importance"].sum(), 1.0)
    assert c.groupby("agent_id").size().eq(6).all()
    assert set(c["agent_id"]) == set(tables["staff"]["agent_id"])


def test_training_groups_methods_and_costs(tables):
    tr = tables["training"]
    treated = tr["group"] == "treatment"
    assert treated.sum() == len(tr) // 2
    assert tr.loc[treated, "method"].notna().all() and tr.loc[~treated, "method"].isna().all()
    assert tr.loc[treated, "reaction"].between(1, 5).all() and tr.loc[~treated, "reaction"].isna().all()
    assert (tr.loc[~treated, "cost_yuan"] == 0).all() and (tr.loc[treated, "cost_yuan"] > 0).all()
    counts = tr.loc[treated, "method"].value_counts()
    assert counts.max() - counts.min() <= 4  # spread evenly within each industry
    assert tr[["pre_score", "post_score"]].stack().between(0, 100).all()
    assert tr[["fcr_pre", "fcr_post"]].stack().between(0, 1).all()


def test_complaint_causes_are_pareto_shaped():
    c = shipped("complaints")
    for industry, part in c.groupby("industry"):
        shares = part["cause"].value_counts(normalize=True)
        assert len(shares) == 8
        assert shares.iloc[:3].sum() > 0.65, industry  # a few causes carry most complaints
        assert shares.iloc[-3:].sum() < 0.15, industry


def test_monthly_is_aggregated_from_tickets(tables):
    m, t = tables["monthly"], tables["tickets"]
    assert m.groupby("team", observed=True).size().eq(24).all()
    assert m["tickets"].sum() == len(t)
    # recompute one team-month by hand from the tickets
    part = t[(t["team"] == "SV-T2") & (t["created_at"] >= "2024-05-01") & (t["created_at"] < "2024-06-01")]
    row = m[(m["team"] == "SV-T2") & (m["month"] == "2024-05-01")].iloc[0]
    hours = (part["resolved_at"] - part["created_at"]).dt.total_seconds() / 3600
    assert row["tickets"] == len(part)
    assert row["fcr"] == round(part["first_contact_resolved"].mean(), 4)
    assert row["mean_resolution_hours"] == pytest.approx(hours.mean(), abs=0.005)
    assert row["sla_compliance"] == pytest.approx((hours <= part["sla_hours"]).mean(), abs=5e-5)
    # complaints: counted by the month they were *received*, team taken from the linked ticket
    c = tables["complaints"].dropna(subset=["ticket_id"])
    team = t.set_index("ticket_id").loc[c["ticket_id"], "team"].astype(str).to_numpy()
    in_may = (c["received_at"] >= "2024-05-01") & (c["received_at"] < "2024-06-01")
    assert row["complaints"] == int(((team == "SV-T2") & in_may.to_numpy()).sum())
    assert m["complaints"].sum() == len(c)


def test_monthly_kpis_follow_their_definitions_by_hand():
    # Every team-month of the committed files, recomputed with plain pandas from the documented rules;
    # the last months hold open tickets, some already past their SLA at the export time (breached),
    # some still inside it (left out).
    t, m = shipped("tickets"), shipped("monthly")
    hours = (t["resolved_at"] - t["created_at"]).dt.total_seconds() / 3600
    age = (END - t["created_at"]).dt.total_seconds() / 3600
    is_open = t["resolved_at"].isna()
    met = (~is_open & (hours <= t["sla_hours"])).astype(float)
    known = ~is_open | (age > t["sla_hours"])
    assert (is_open & known).sum() > 0 and (is_open & ~known).sum() > 0  # both open cases occur
    frame = pd.DataFrame({"team": t["team"], "month": t["created_at"].dt.to_period("M").dt.to_timestamp(),
                          "fcr": t["first_contact_resolved"].astype(float), "hours": hours,
                          "sla": met.where(known)})
    by_hand = frame.groupby(["team", "month"]).mean()
    got = m.set_index(["team", "month"]).loc[by_hand.index]
    np.testing.assert_allclose(got["fcr"], by_hand["fcr"], atol=5e-5)
    np.testing.assert_allclose(got["mean_resolution_hours"], by_hand["hours"], atol=5e-3)
    np.testing.assert_allclose(got["sla_compliance"], by_hand["sla"], atol=5e-5)
    s = shipped("surveys").merge(frame[["team", "month"]].assign(ticket_id=t["ticket_id"]), on="ticket_id")
    top2 = (s["csat"] >= 4).astype(float).groupby([s["team"], s["month"]]).mean()
    np.testing.assert_allclose(m.set_index(["team", "month"]).loc[top2.index, "csat_top2"], top2, atol=5e-5)


# --- realism on the committed data (domain.md ranges) ----------------------------------------

def test_rates_are_realistic():
    t, s = shipped("tickets"), shipped("surveys")
    by = t.groupby("industry")
    fcr = by["first_contact_resolved"].mean()
    assert fcr.between(0.6, 0.8).all(), fcr
    resolved = t[t["resolved_at"].notna()]
    reopen = resolved.groupby("industry")["reopened"].mean()
    assert reopen.between(0.03, 0.08).all(), reopen
    visits = t[t["onsite_visit"] == 1]
    assert 0.75 <= visits["first_time_fix"].mean() <= 0.9
    top2 = (s["csat"] >= 4).groupby(s["industry"]).mean()
    assert top2.between(0.7, 0.85).all(), top2
    response = s.groupby("industry").size() / resolved.groupby("industry").size()
    assert response.between(0.2, 0.35).all(), response
    hours = (resolved["resolved_at"] - resolved["created_at"]).dt.total_seconds() / 3600
    assert (hours.groupby(resolved["industry"]).mean() > hours.groupby(resolved["industry"]).median()).all()


def test_repeat_repairs_within_30_days():
    t = shipped("tickets")
    r = t[t["serial_no"].notna()].sort_values(["serial_no", "created_at"])
    gap = r.groupby("serial_no")["created_at"].shift(-1) - r["resolved_at"]
    repeat_rate = (gap <= pd.Timedelta(days=30)).mean()
    assert 0.03 < repeat_rate < 0.12


def test_sla_hours_depend_on_priority_only():
    t = shipped("tickets")
    per = t.groupby(["industry", "priority"])["sla_hours"].nunique()
    assert (per == 1).all()
    sla = t.groupby(["industry", "priority"])["sla_hours"].first().unstack()
    assert (sla.diff(axis=1).iloc[:, 1:] > 0).all().all()  # P1 strictest


# --- determinism ------------------------------------------------------------------------------

def test_same_seed_same_tables(tables):
    again = generate(seed=11, tickets_per_industry=1500)
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], again[name])


def test_other_seed_other_tickets(tables):
    other = generate(seed=12, tickets_per_industry=1500)
    assert not other["tickets"]["created_at"].equals(tables["tickets"]["created_at"])


def test_staff_does_not_depend_on_size(tables):
    small = generate(seed=11, tickets_per_industry=30)
    pd.testing.assert_frame_equal(small["staff"], tables["staff"])
    pd.testing.assert_frame_equal(small["competency"], tables["competency"])
    assert small["training"]["group"].equals(tables["training"]["group"])


def test_bad_size_is_rejected():
    with pytest.raises(ValueError, match="tickets_per_industry must be at least 1"):
        generate(seed=1, tickets_per_industry=0)


def test_planted_dict_is_documented():
    assert DEFAULT_SEED == 2024
    assert set(PLANTED) == {"training", "case_mix", "process_change", "csat"}
    assert PLANTED["training"]["fcr_effect"] == 0.10 and PLANTED["training"]["fcr_drift"] == 0.02
    assert PLANTED["training"]["score_effect"] == 15 and PLANTED["training"]["score_drift"] == 3
    assert PLANTED["case_mix"]["team"] == "MF-T3" and PLANTED["process_change"]["month"] == "2024-03"
