"""The scorecard agrees with the single-KPI functions and follows the by= conventions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import ConfigError, DataError
from coursekit.kpi import examples
from coursekit.kpi.spec import tabular
from tests.kpi.synth import random_surveys, random_tickets

SINGLE = {
    "fcr": kpi.fcr, "first_time_fix": kpi.first_time_fix, "frt_mean_h": kpi.frt_mean_h,
    "frt_median_h": kpi.frt_median_h, "ttr_mean_h": kpi.ttr_mean_h, "ttr_median_h": kpi.ttr_median_h,
    "sla_compliance": kpi.sla_compliance, "backlog": kpi.backlog, "reopen_rate": kpi.reopen_rate,
    "repeat_repair_rate": kpi.repeat_repair_rate, "return_time_h": kpi.return_time_h,
    "qa_score": kpi.qa_score, "critical_error_rate": kpi.critical_error_rate,
    "complaint_rate": lambda t, by: kpi.complaint_rate(t, by, base="tickets"),
}
SURVEY_SINGLE = {"csat": kpi.csat, "csat_mean": kpi.csat_mean, "nps": kpi.nps, "ces": kpi.ces}


def test_example_scorecard_by_hand():
    card = kpi.scorecard(examples.tickets(), examples.surveys())
    # A: T1 (fcr T, frt 1, ttr 2, SLA met), T2 (open, fcr F, frt 3, open 35 h on 8 h: breached)
    assert card.loc["A", "fcr"] == 0.5
    assert card.loc["A", "frt_mean_h"] == 2.0 and card.loc["A", "ttr_mean_h"] == 2.0
    assert card.loc["A", "sla_compliance"] == 0.5
    # B: T3 ttr 4 on 4 h SLA (met), T4 ttr 12 on 8 h (late, reopened): reopen 1/2, ttr median (4+12)/2 = 8
    assert card.loc["B", "ttr_median_h"] == 8.0 and card.loc["B", "reopen_rate"] == 0.5
    # surveys: B answers csat 4, 2 -> top-2-box 1/2; nps 9, 6 -> (1 - 1)/2 = 0
    assert card.loc["B", "csat"] == 0.5 and card.loc["B", "nps"] == 0.0
    # C: csat 5, 3 -> mean 4; ces 6, 5 -> 5.5
    assert card.loc["C", "csat_mean"] == 4.0 and card.loc["C", "ces"] == 5.5
    assert card["n_tickets"].tolist() == [2, 2, 2] and card["n_surveys"].tolist() == [1, 2, 2]
    assert list(card.columns) == [*kpi.STANDARD_TICKET_KPIS, *kpi.STANDARD_SURVEY_KPIS, "n_tickets", "n_surveys"]


@pytest.mark.parametrize("by", ["agent_id", "team", ["team", "agent_id"]])
def test_matches_single_functions(by):
    t = random_tickets(400, seed=7)
    s = random_surveys(t, seed=8)
    card = kpi.scorecard(t, s, kpis=[*tabular("tickets"), *tabular("surveys")], by=by)
    for code, func in SINGLE.items():
        pd.testing.assert_series_equal(card[code], func(t, by), check_names=False, obj=code)
    for code, func in SURVEY_SINGLE.items():
        expected = func(kpi.customers.attach(s, t, [by] if isinstance(by, str) else by), by)
        pd.testing.assert_series_equal(card[code], expected.reindex(card.index), check_names=False, obj=code)
    sat = kpi.complaint_satisfaction(t, s, by=by).reindex(card.index)
    pd.testing.assert_series_equal(card["complaint_satisfaction"], sat, check_names=False)
    n = t.groupby(by, observed=True).size()
    assert card["n_tickets"].tolist() == n.tolist()


def test_scorecard_without_by_is_one_row():
    t = examples.tickets()
    card = kpi.scorecard(t, kpis=["fcr", "backlog"], by=None)
    # FCR 4/6; backlog 1 (T2)
    assert list(card.index) == ["all"]
    assert card.loc["all", "fcr"] == pytest.approx(4 / 6) and card.loc["all", "backlog"] == 1
    assert card.loc["all", "n_tickets"] == 6


def test_groups_without_surveys_get_nan_and_zero():
    t = examples.tickets()
    s = examples.surveys().iloc[1:]  # drop A's only survey
    card = kpi.scorecard(t, s, kpis=["csat"])
    assert math.isnan(card.loc["A", "csat"]) and card.loc["A", "n_surveys"] == 0
    assert str(card["n_surveys"].dtype) == "int64"


def test_observed_categories_only_and_sorted():
    t = random_tickets(60, seed=2)
    card = kpi.scorecard(t, kpis=["fcr"], by="team")
    assert list(card.index) == [c for c in t["team"].cat.categories if c in set(t["team"])]
    assert "unused" not in card.index


def test_row_order_does_not_matter():
    t = random_tickets(300, seed=11)
    s = random_surveys(t, seed=12)
    codes = [*tabular("tickets"), *tabular("surveys")]
    a = kpi.scorecard(t, s, kpis=codes)
    b = kpi.scorecard(t.sample(frac=1.0, random_state=1), s.sample(frac=1.0, random_state=2), kpis=codes)
    pd.testing.assert_frame_equal(a, b)


def test_explicit_cutoff_reaches_backlog_and_sla():
    t = examples.tickets()
    card = kpi.scorecard(t, kpis=["backlog", "sla_compliance"], by="team", at="2024-01-01 12:00")
    assert card["backlog"].to_dict() == kpi.backlog(t, by="team", at="2024-01-01 12:00").to_dict()
    np.testing.assert_allclose(card["sla_compliance"], kpi.sla_compliance(t, by="team", at="2024-01-01 12:00"))


def test_bad_kpi_requests():
    t = examples.tickets()
    with pytest.raises(ConfigError, match="unknown KPI code 'fcr_rate'; known codes: fcr, "):
        kpi.scorecard(t, kpis=["fcr_rate"])
    with pytest.raises(ConfigError, match="retention needs customer counts"):
        kpi.scorecard(t, kpis=["retention"])
    with pytest.raises(ConfigError, match="needs the surveys table"):
        kpi.scorecard(t, kpis=["csat"])


def test_missing_input_column_is_named():
    t = examples.tickets()
    with pytest.raises(DataError, match="column 'qa_score'"):
        kpi.scorecard(t, kpis=["qa_score"])


@pytest.fixture
def cutoff_scans(monkeypatch):
    """Records every search for the latest timestamp (a cut-off call without ``at``)."""
    from coursekit.kpi import rates, times

    scans = []
    real = times.cutoff

    def counting(tickets, at=None):
        if at is None:
            scans.append(len(tickets))
        return real(tickets, at)

    monkeypatch.setattr(times, "cutoff", counting)
    monkeypatch.setattr(rates, "cutoff", counting)
    return scans


def test_default_cutoff_is_found_once_for_backlog_and_sla(cutoff_scans):
    card = kpi.scorecard(examples.tickets(), kpis=["backlog", "sla_compliance"])
    assert cutoff_scans == [6]
    # cut-off 2024-01-02 20:00 (T4 resolved). A: T1 met, T2 open 35 h on 8 h -> breached, in the backlog;
    # B: T3 4 h on 4 h met, T4 12 h on 8 h late; C: T5, T6 met
    assert card["backlog"].to_dict() == {"A": 1, "B": 0, "C": 0}
    assert card["sla_compliance"].to_dict() == {"A": 0.5, "B": 0.5, "C": 1.0}


def test_explicit_cutoff_needs_no_search(cutoff_scans):
    card = kpi.scorecard(examples.tickets(), kpis=["backlog", "sla_compliance"], at="2024-01-01 12:00")
    assert cutoff_scans == []
    # at 12:00: T1 met (2 h on 8 h); T2 (created 09:00, 8 h SLA) and T3 (created 10:00, 4 h SLA) are open
    # and within their SLA -> pending, in the backlog; T4-T6 are created the next day -> not counted
    assert card["backlog"].to_dict() == {"A": 1, "B": 1, "C": 0}
    assert card.loc["A", "sla_compliance"] == 1.0
    assert card[["sla_compliance"]].loc[["B", "C"]].isna().all().all()


def test_backlog_in_scorecard_names_a_missing_column():
    with pytest.raises(DataError, match="column 'resolved_at': backlog needs this column"):
        kpi.scorecard(examples.tickets().drop(columns="resolved_at"), kpis=["backlog"])
