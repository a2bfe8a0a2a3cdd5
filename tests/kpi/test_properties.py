"""Property tests (hypothesis): bounds and row-order invariance of the KPIs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import kpi
from coursekit.kpi.spec import tabular
from tests.kpi.synth import random_surveys, random_tickets

RATES = ["fcr", "first_time_fix", "sla_compliance", "reopen_rate", "repeat_repair_rate",
         "critical_error_rate", "csat", "complaint_satisfaction"]

answers = lambda lo, hi: st.lists(st.one_of(st.none(), st.integers(lo, hi)), max_size=40)  # noqa: E731


def in_range(value, lo, hi):
    return math.isnan(value) or lo <= value <= hi


@given(answers(1, 5))
def test_csat_bounds(scores):
    top2 = kpi.csat(scores)
    mean = kpi.csat(scores, method="mean")
    assert in_range(top2, 0, 1)
    assert in_range(mean, 1, 5)
    # top-2-box can never exceed the share of answers >= 4 ... and is exactly it
    valid = [s for s in scores if s is not None]
    if valid:
        assert top2 == sum(s >= 4 for s in valid) / len(valid)


@given(answers(0, 10))
def test_nps_bounds_and_identity(scores):
    value = kpi.nps(scores)
    assert in_range(value, -100, 100)
    valid = [s for s in scores if s is not None]
    if valid:
        promoters = sum(s >= 9 for s in valid) / len(valid)
        detractors = sum(s <= 6 for s in valid) / len(valid)
        assert math.isclose(value, 100 * (promoters - detractors), abs_tol=1e-9)


@given(answers(1, 5), st.randoms(use_true_random=False))
def test_survey_kpis_ignore_order(scores, rnd):
    # 1-5 answers are valid on all three scales (CSAT 1-5, NPS 0-10, CES 1-7)
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    for func in (kpi.csat, kpi.csat_mean, kpi.nps, kpi.ces):
        a, b = func(scores), func(shuffled)
        assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12), func.__name__


@pytest.mark.slow  # about 10 s: the full suite runs it, the fast lane does not
@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 120), st.integers(1, 6))
def test_scorecard_bounds_and_order_invariance(seed, n, n_agents):
    t = random_tickets(n, seed=seed, n_agents=n_agents)
    s = random_surveys(t, seed=seed + 1)
    codes = [*tabular("tickets"), *tabular("surveys")]
    card = kpi.scorecard(t, s, kpis=codes)
    for code in RATES:
        assert card[code].dropna().between(0, 1).all(), code
    assert card["nps"].dropna().between(-100, 100).all()
    assert card["ces"].dropna().between(1, 7).all()
    assert (card["csat"].dropna() <= 1).all()
    # the grouped pass agrees with the single-KPI functions (durations cannot be negative:
    # _duration rejects such rows, so a bound check here could not fail)
    for code in ("frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h"):
        single = getattr(kpi, code)(t, by="agent_id").reindex(card.index)
        np.testing.assert_allclose(card[code].to_numpy(float), single.to_numpy(float), rtol=1e-12, err_msg=code)
    assert card["n_tickets"].sum() == n
    assert (card["backlog"] <= card["n_tickets"]).all()
    order = np.random.default_rng(seed).permutation(n)
    again = kpi.scorecard(t.iloc[order], s.sample(frac=1.0, random_state=seed % 1000), kpis=codes)
    pd.testing.assert_frame_equal(card, again)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 80))
def test_single_kpis_order_invariant_and_bounded(seed, n):
    t = random_tickets(n, seed=seed)
    order = np.random.default_rng(seed).permutation(n)
    for func in (kpi.fcr, kpi.sla_compliance, kpi.reopen_rate, kpi.repeat_repair_rate, kpi.first_time_fix):
        a, b = func(t), func(t.iloc[order])
        assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12)
        assert in_range(a, 0, 1)
    assert kpi.backlog(t) == kpi.backlog(t.iloc[order])
    # median lies between min and max of the resolved durations
    ttr = kpi.resolve_hours(t).dropna()
    if len(ttr):
        assert ttr.min() <= kpi.ttr_median_h(t) <= ttr.max()
