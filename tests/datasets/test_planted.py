"""The four planted truths are present in the committed CSV files (plain pandas only).

Each test recomputes a truth the way a trainee would and checks it against
:data:`coursekit.datasets.generate.PLANTED` with a stated tolerance. The files
are fixed (seed 2024), so these tests are deterministic. For the record, over
30 seeds (2000-2029) at the same size the DiD estimate fell outside
0.10 +- 0.04 five times (its standard error is about 0.03: binary outcomes,
about 1,600 tickets per group and window), the case-mix margins held in 29/30,
and the process-change and CSAT-quartile checks held in 30/30.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coursekit.datasets.generate import PLANTED
from tests.datasets._shipped import shipped

# --- 1. training: difference-in-differences -----------------------------------------------

@pytest.fixture(scope="module")
def changes() -> pd.DataFrame:
    tr = shipped("training")
    tr["d_fcr"] = tr["fcr_post"] - tr["fcr_pre"]
    tr["d_score"] = tr["post_score"] - tr["pre_score"]
    return tr.groupby("group")[["d_fcr", "d_score"]].mean()


def test_did_recovers_the_fcr_effect(changes):
    # DiD = (T_post - T_pre) - (C_post - C_pre); its standard error is about 0.029 here
    # (sd of the per-agent changes 0.15 over 52 + 52 agents), so +-0.04 is about 1.4 SE.
    did = changes.loc["treatment", "d_fcr"] - changes.loc["control", "d_fcr"]
    assert did == pytest.approx(PLANTED["training"]["fcr_effect"], abs=0.04)


def test_naive_before_after_overstates_the_fcr_effect(changes):
    naive = changes.loc["treatment", "d_fcr"]
    assert naive == pytest.approx(PLANTED["training"]["naive_fcr"], abs=0.04)
    assert changes.loc["control", "d_fcr"] > 0  # the drift every agent shares


def test_did_recovers_the_test_score_effect(changes):
    did = changes.loc["treatment", "d_score"] - changes.loc["control", "d_score"]
    assert did == pytest.approx(PLANTED["training"]["score_effect"], abs=2.5)
    assert changes.loc["treatment", "d_score"] == pytest.approx(PLANTED["training"]["naive_score"], abs=2.5)
    assert changes.loc["control", "d_score"] == pytest.approx(PLANTED["training"]["score_drift"], abs=2.0)


def test_training_fcr_columns_are_recomputable_from_tickets():
    t = shipped("tickets")
    tr = shipped("training").set_index("agent_id")

    def window(lo: str, hi: str) -> pd.Series:
        part = t[(t["created_at"] >= lo) & (t["created_at"] < hi)]
        return part.groupby("agent_id")["first_contact_resolved"].mean().round(4)

    pre = window("2024-04-01", "2024-07-01")
    post = window("2024-08-01", "2024-11-01")
    pd.testing.assert_series_equal(tr["fcr_pre"], pre.reindex(tr.index), check_names=False)
    pd.testing.assert_series_equal(tr["fcr_post"], post.reindex(tr.index), check_names=False)


def test_treatment_is_half_of_every_team():
    tr = shipped("training")
    per_team = tr.groupby("team")["group"].agg(lambda g: (g == "treatment").sum() / len(g))
    assert (per_team == 0.5).all()  # 8 agents per team: 4 trained


# --- 2. case mix: MF-T3 -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def mf_teams() -> pd.DataFrame:
    t = shipped("tickets")
    mf = t[t["industry"] == "manufacturing"].copy()
    # expected FCR of a ticket = industry FCR of its category x priority stratum
    mf["expected"] = mf.groupby(["category", "priority"])["first_contact_resolved"].transform("mean")
    teams = mf.groupby("team").agg(observed=("first_contact_resolved", "mean"),
                                   expected=("expected", "mean"))
    teams["o_e"] = teams["observed"] / teams["expected"]
    return teams


def test_hard_team_ranks_last_on_raw_fcr(mf_teams):
    team = PLANTED["case_mix"]["team"]
    assert mf_teams["observed"].idxmin() == team
    others = mf_teams.drop(index=team)
    assert others["observed"].min() - mf_teams.loc[team, "observed"] > 0.03


def test_hard_team_ranks_first_after_case_mix_adjustment(mf_teams):
    team = PLANTED["case_mix"]["team"]
    assert mf_teams["o_e"].idxmax() == team
    others = mf_teams.drop(index=team)
    assert mf_teams.loc[team, "o_e"] - others["o_e"].max() > 0.04


def test_hard_team_gets_harder_tickets_and_is_more_skilled():
    t = shipped("tickets")
    mf = t[t["industry"] == "manufacturing"]
    share_p1 = mf.assign(p1=mf["priority"] == "P1").groupby("team")["p1"].mean()
    complex_ = mf.assign(c=mf["category"].isin(["故障维修", "安装调试"])).groupby("team")["c"].mean()
    onsite = mf.groupby("team")["onsite_visit"].mean()
    for share in (share_p1, complex_, onsite):
        assert share.idxmax() == "MF-T3"
    staff = shipped("staff")
    skill = staff[staff["industry"] == "manufacturing"].groupby("team")["skill"].mean()
    assert skill.idxmax() == "MF-T3"


# --- 3. process change: RT-T2 from 2024-03 ----------------------------------------------------

@pytest.fixture(scope="module")
def retail_monthly() -> pd.DataFrame:
    m = shipped("monthly")
    return m[m["industry"] == "retail"].pivot(index="month", columns="team", values="mean_resolution_hours")


def test_shift_team_is_below_its_2023_mean_every_month_from_march_2024(retail_monthly):
    series = retail_monthly[PLANTED["process_change"]["team"]]
    baseline = series[series.index < "2024-01-01"].mean()
    after = series[series.index >= "2024-03-01"]
    assert len(after) == 10
    assert (after < baseline).all()  # so the 8-in-a-row rule fires by 2024-10 at the latest
    drop = 1 - after.mean() / series[series.index < "2024-03-01"].mean()
    assert drop == pytest.approx(1 - PLANTED["process_change"]["factor"], abs=0.1)


def test_other_retail_teams_do_not_shift(retail_monthly):
    for team in ("RT-T1", "RT-T3"):
        series = retail_monthly[team]
        before = series[series.index < "2024-03-01"].mean()
        after = series[series.index >= "2024-03-01"].mean()
        assert after / before == pytest.approx(1.0, abs=0.2)


# --- 4. CSAT drivers --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def answered() -> pd.DataFrame:
    s = shipped("surveys")
    t = shipped("tickets")[["ticket_id", "created_at", "resolved_at", "first_contact_resolved"]]
    df = s.merge(t, on="ticket_id", validate="one_to_one")
    df["hours"] = (df["resolved_at"] - df["created_at"]).dt.total_seconds() / 3600
    df["top2"] = df["csat"] >= 4
    return df


def test_csat_higher_after_first_contact_resolution(answered):
    by_fcr = answered.groupby("first_contact_resolved")["top2"].mean()
    assert by_fcr[1] - by_fcr[0] > 0.2  # flags are 1/0 in the CSV files


def test_csat_falls_with_resolution_time_quartile(answered):
    quartile = pd.qcut(answered["hours"], 4, labels=False)
    top2 = answered.groupby(quartile)["top2"].mean()
    assert top2.is_monotonic_decreasing
    assert top2.iloc[0] - top2.iloc[-1] > 0.25


def _logit_fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood logistic regression by Newton-Raphson; returns (coef, std. errors)."""
    beta = np.zeros(x.shape[1])
    for _ in range(25):
        p = 1 / (1 + np.exp(-x @ beta))
        hessian = x.T @ (x * (p * (1 - p))[:, None])
        step = np.linalg.solve(hessian, x.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta, np.sqrt(np.diag(np.linalg.inv(hessian)))


def test_logistic_regression_recovers_documented_csat_coefficients(answered):
    # P(top-2) = logistic(a_industry + b_fcr * FCR + b_t * ln(hours)) is the generating model,
    # so a logistic regression with industry intercepts is correctly specified.
    dummies = pd.get_dummies(answered["industry"]).to_numpy(dtype=float)
    x = np.column_stack([dummies, answered["first_contact_resolved"].to_numpy(dtype=float),
                         np.log(answered["hours"].to_numpy())])
    beta, se = _logit_fit(x, answered["top2"].to_numpy(dtype=float))
    b_fcr, b_hours = beta[-2], beta[-1]
    assert abs(b_fcr - PLANTED["csat"]["fcr"]) < 3 * se[-2]
    assert abs(b_hours - PLANTED["csat"]["log_hours"]) < 3 * se[-1]
    assert b_fcr > 0 > b_hours
