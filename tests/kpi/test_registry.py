"""The one KPI registry: a KPI registered once shows up everywhere (catalog, single KPI, scorecard, case mix).

The toy KPI ``fast_close`` = tickets resolved within 2 hours / resolved tickets.
Worked example by hand on ``coursekit.kpi.examples.tickets()`` (hours to resolve
T1..T6 = 2, open, 4, 12, 2, 6):

* per-row values 1, NaN, 0, 0, 1, 0 -> overall 2 / 5 = 0.4;
* by agent: A (T1) 1/1 = 1.0; B (T3, T4) 0/2 = 0.0; C (T5, T6) 1/2 = 0.5;
* by team: X (T1) 1.0; Y (T3..T6) 1/4 = 0.25.

Case mix with priority P1 for T1, T3, T5 and P2 for T2, T4, T6: stratum means
P1 = (1 + 0 + 1) / 3 = 2/3, P2 = (0 + 0) / 2 = 0 (T2 is open, not counted).
Expected: A = 2/3; B = (2/3 + 0) / 2 = 1/3; C = 1/3. O/E: A 1.5, B 0, C 1.5;
population mean 0.4, so adjusted A 0.6, B 0, C 0.6.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from coursekit import fairness, kpi
from coursekit.errors import ConfigError, DataError
from coursekit.kpi import examples
from coursekit.kpi.spec import REGISTRY, KPISpec, Options, compute, get, register, registered, tabular, unregister


def _fast_close(tickets: pd.DataFrame, options: Options) -> np.ndarray:
    hours = kpi.resolve_hours(tickets).to_numpy()
    return np.where(np.isnan(hours), np.nan, hours <= 2.0)


TOY = KPISpec("fast_close", "快速关单率", "fast close rate",
              "tickets resolved within 2 h / resolved tickets", "2 小时内解决的工单数 / 已解决工单数",
              "higher", "fraction 0-1", "services", "clock hours; open tickets are left out",
              "按自然小时计；未结工单不计入", "compute", values=_fast_close)


@pytest.fixture
def toy():
    with registered(TOY):  # the ONE registration; removed again after the test
        yield TOY


def test_toy_kpi_appears_in_the_catalog(toy):
    cat = kpi.catalog()
    assert cat.index[-1] == "fast_close"
    assert cat.loc["fast_close", ["name_zh", "direction", "variant_zh"]].tolist() == [
        "快速关单率", "higher", "按自然小时计；未结工单不计入"]


def test_toy_kpi_is_computed_through_the_registry(toy):
    t = examples.tickets()
    assert compute("fast_close", t) == pytest.approx(0.4)
    assert compute("fast_close", t, by="agent_id").to_dict() == {"A": 1.0, "B": 0.0, "C": 0.5}
    by_team = compute("fast_close", t, by="team")
    assert by_team.name == "fast_close" and by_team.to_dict() == {"X": 1.0, "Y": 0.25}


def test_toy_kpi_is_a_scorecard_column(toy):
    card = kpi.scorecard(examples.tickets(), kpis=["fcr", "fast_close"])
    assert list(card.columns) == ["fcr", "fast_close", "n_tickets"]
    assert card["fast_close"].to_dict() == {"A": 1.0, "B": 0.0, "C": 0.5}


def test_toy_kpi_works_in_case_mix(toy):
    t = examples.tickets().assign(priority=["P1", "P2", "P1", "P2", "P1", "P2"])
    mix = fairness.case_mix(t, kpi="fast_close", strata=["priority"], min_n=1)
    assert mix["n"].tolist() == [1, 2, 2]
    assert mix["expected"].tolist() == pytest.approx([2 / 3, 1 / 3, 1 / 3])
    assert mix["oe"].tolist() == pytest.approx([1.5, 0.0, 1.5])
    assert mix["adjusted"].tolist() == pytest.approx([0.6, 0.0, 0.6])
    assert mix.direction == "higher" and mix.population_mean == pytest.approx(0.4)


def test_registration_is_undone():
    with registered(TOY):
        assert "fast_close" in REGISTRY
    assert "fast_close" not in REGISTRY and "fast_close" not in kpi.catalog().index
    register(TOY)
    try:
        with pytest.raises(ConfigError, match="already registered"):
            register(TOY)
    finally:
        assert unregister("fast_close") is TOY
    with pytest.raises(ConfigError, match="unknown KPI code 'fast_close'; known codes: fcr, "):
        get("fast_close")


def test_catalog_registry_and_scorecard_know_the_same_codes():
    assert list(kpi.catalog().index) == list(REGISTRY) == list(kpi.CODES)
    computable = [code for code, spec in REGISTRY.items() if spec.values is not None]
    assert sorted([*tabular("tickets"), *tabular("surveys")]) == sorted(computable)
    t, s = examples.tickets(), examples.surveys()
    for code, spec in REGISTRY.items():
        if spec.values is None:
            with pytest.raises(ConfigError, match=re.escape(spec.why_not or "not computed")):
                kpi.scorecard(t, s, kpis=[code])
            continue
        try:  # the scorecard knows the code; the tiny example may lack the KPI's columns
            assert list(kpi.scorecard(t, s, kpis=[code]).columns)[0] == code
        except DataError as error:
            assert "needs this column" in str(error), code
    assert computable == [c for c in REGISTRY if c != "retention"]


def test_single_kpi_functions_agree_with_their_spec():
    t, s = examples.tickets(), examples.surveys()
    for code in ["fcr", "frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h", "sla_compliance",
                 "backlog", "reopen_rate"]:
        function = getattr(kpi, get(code).function)
        assert function(t) == pytest.approx(compute(code, t)), code
        pd.testing.assert_series_equal(function(t, by="agent_id"), compute(code, t, by="agent_id"))
    for code in ["csat", "csat_mean", "nps", "ces"]:
        assert getattr(kpi, get(code).function)(s) == pytest.approx(compute(code, s)), code
    # by hand (examples docstring): FCR 4/6, SLA 4/6, backlog 1, NPS 20, CES 5.4
    assert [compute(c, t) for c in ("fcr", "sla_compliance", "backlog")] == pytest.approx([4 / 6, 4 / 6, 1])
    assert [compute(c, s) for c in ("nps", "ces")] == pytest.approx([20.0, 5.4])


def test_constants_live_in_the_specs():
    assert get("complaint_rate").scale == 1000.0
    assert get("repeat_repair_rate").window_days == 30.0
    assert {c for c, spec in REGISTRY.items() if spec.at_cutoff} == {"backlog", "sla_compliance"}
    t = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "complaint": [True, False, False, False]})
    assert kpi.complaint_rate(t, base="tickets") == 250.0  # 1 of 4 tickets, per 1,000
    assert kpi.complaint_rate(t, base="tickets", per=100) == 25.0
    assert kpi.scorecard(t, kpis=["complaint_rate"])["complaint_rate"].to_dict() == {"A": 500.0, "B": 0.0}
