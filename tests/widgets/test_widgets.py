"""Widgets driven from Python (no browser): weights stay at 1, rankings move as computed by hand."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from coursekit.errors import ConfigError, DataError  # noqa: E402
from coursekit.i18n import set_language  # noqa: E402
from coursekit.system import Dimension, Indicator, KPISystem, example_system  # noqa: E402
from coursekit.widgets import rebalance, weight_tuner, what_if  # noqa: E402

pytestmark = pytest.mark.usefixtures("zh_language")  # tests/conftest.py




# ---- rebalance -----------------------------------------------------------------------------


def test_rebalance_keeps_the_others_proportions():
    # others b, c sum 0.5; setting a = 0.2 scales them by 0.8 / 0.5 = 1.6 -> 0.48, 0.32
    out = rebalance(pd.Series({"a": 0.5, "b": 0.3, "c": 0.2}), "a", 0.2)
    np.testing.assert_allclose(out.to_numpy(), [0.2, 0.48, 0.32])
    assert out["b"] / out["c"] == pytest.approx(0.3 / 0.2)


def test_rebalance_edge_cases():
    np.testing.assert_allclose(rebalance(pd.Series({"a": 1.0, "b": 0.0, "c": 0.0}), "a", 0.4), [0.4, 0.3, 0.3])
    np.testing.assert_allclose(rebalance(pd.Series({"a": 0.2, "b": 0.8}), "a", 1.7), [1.0, 0.0])  # clipped
    np.testing.assert_allclose(rebalance(pd.Series({"a": 0.2, "b": 0.8}), "b", -1), [1.0, 0.0])
    np.testing.assert_allclose(rebalance(pd.Series({"a": 1.0}), "a", 0.3), [1.0])
    with pytest.raises(ConfigError, match="no weight named 'z'"):
        rebalance(pd.Series({"a": 1.0}), "z", 0.3)


# ---- weight tuner --------------------------------------------------------------------------


def test_tuner_starts_from_the_system_and_ranks_as_computed_by_hand(system, card):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tuner = weight_tuner(system, card)  # renders the chart with Chinese labels
    assert not [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert tuner.weights.to_dict() == {"csat": 0.5, "fcr": 0.25, "ttr_median_h": 0.25}
    assert {c: s.value for c, s in tuner.sliders.items()} == tuner.weights.to_dict()
    # A1 = 0.5*100 + 0.25*0 + 0.25*100 = 75; A2 = 25 + 25 + 12.5 = 62.5; A3 = 0 + 12.5 + 0 = 12.5
    table = tuner.ranking_table
    assert table.index.tolist() == ["A1", "A2", "A3"]
    assert table["composite"].tolist() == pytest.approx([75, 62.5, 12.5])
    assert table["ranking"].tolist() == [1, 2, 3]
    assert list(table.columns) == ["ranking", "composite", "客户", "效率"]
    assert bytes(tuner.chart.value).startswith(b"\x89PNG")
    assert tuner.sliders["fcr"].description == "首次解决率(FCR)"


def test_moving_a_slider_rescales_the_others_and_reorders_the_ranking(system, card):
    tuner = weight_tuner(system, card)
    first_png, first_html = bytes(tuner.chart.value), tuner.table.value
    tuner.sliders["fcr"].value = 0.8
    # others (csat 0.5, ttr 0.25) scaled by 0.2 / 0.75: csat 2/15, ttr 1/15
    np.testing.assert_allclose(tuner.weights[["csat", "fcr", "ttr_median_h"]], [2 / 15, 0.8, 1 / 15])
    assert tuner.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert tuner.sliders["csat"].value == pytest.approx(2 / 15)
    assert tuner.sliders["ttr_median_h"].value == pytest.approx(1 / 15)
    # A1 = 100*2/15 + 0 + 100/15 = 20; A2 = 50*2/15 + 80 + 50/15 = 90; A3 = 0 + 40 + 0 = 40
    table = tuner.ranking_table
    assert table.index.tolist() == ["A2", "A3", "A1"]
    assert table["composite"].tolist() == pytest.approx([90, 40, 20])
    assert tuner.current_system.global_weights()["fcr"] == pytest.approx(0.8)
    # dimension weights follow: 客户 2/15 = 0.13, 效率 13/15 = 0.87
    captions = [c.value for c in tuner._dimension_labels.values()]
    assert captions == ["<b>客户</b> 0.13", "<b>效率</b> 0.87"]
    assert bytes(tuner.chart.value) != first_png and tuner.table.value != first_html
    assert tuner.table.value.index("A2") < tuner.table.value.index("A3") < tuner.table.value.index("A1")


def test_weights_sum_to_one_after_any_sequence_of_moves(system, card):
    tuner = weight_tuner(system, card, chart=False)
    for code, value in [("csat", 1.0), ("fcr", 0.5), ("ttr_median_h", 0.0), ("csat", 0.0), ("fcr", 0.33),
                        ("ttr_median_h", 0.71), ("csat", 0.05)]:
        tuner.sliders[code].value = value
        weights = tuner.weights
        assert weights.sum() == pytest.approx(1.0, abs=1e-12)
        assert weights[code] == pytest.approx(value)
        assert (weights >= 0).all()
        assert all(s.value == pytest.approx(weights[c]) for c, s in tuner.sliders.items())
    # csat 1.0 -> others 0; fcr 0.5 -> csat 0.5 (only non-zero other), ttr 0
    tuner.sliders["csat"].value = 1.0
    tuner.sliders["fcr"].value = 0.5
    np.testing.assert_allclose(tuner.weights, [0.5, 0.5, 0.0])
    # csat 0 -> fcr takes all of the rest (its share of the others is 1): fcr 1, ttr 0
    tuner.sliders["csat"].value = 0.0
    np.testing.assert_allclose(tuner.weights, [0.0, 1.0, 0.0])
    # all weight on fcr: A2 (fcr 0.8) first, then A3, then A1
    assert tuner.ranking_table.index.tolist() == ["A2", "A3", "A1"]


def test_set_weights_and_reset(system, card):
    tuner = weight_tuner(system, card, chart=False)
    tuner.set_weights({"csat": 0, "fcr": 0, "ttr_median_h": 2})
    np.testing.assert_allclose(tuner.weights, [0, 0, 1])
    # all weight on resolution time: A1 (4 h) first
    assert tuner.ranking_table.index.tolist() == ["A1", "A2", "A3"]
    tuner.set_weight("csat", 0.5)
    np.testing.assert_allclose(tuner.weights, [0.5, 0, 0.5])
    tuner.reset()
    assert tuner.weights.to_dict() == {"csat": 0.5, "fcr": 0.25, "ttr_median_h": 0.25}
    assert tuner.sliders["ttr_median_h"].value == 0.25
    with pytest.raises(ConfigError, match="no slider for 'nps'"):
        tuner.set_weight("nps", 0.1)
    with pytest.raises(ConfigError, match="the new weights are all zero"):
        tuner.set_weights({"csat": 0, "fcr": 0, "ttr_median_h": 0})
    with pytest.raises(ConfigError, match="'nps' is not an indicator of this system"):
        tuner.set_weights({"nps": 0.1})
    assert tuner.weights.to_dict() == {"csat": 0.5, "fcr": 0.25, "ttr_median_h": 0.25}  # errors change nothing


def test_set_weights_keeps_the_current_weights_not_mentioned(system, card):
    # from csat 0.5, fcr 0.25, ttr 0.25: fcr -> 0.5 gives a total of 1.25 -> 0.4, 0.4, 0.2
    tuner = weight_tuner(system, card, chart=False)
    tuner.set_weights({"fcr": 0.5})
    np.testing.assert_allclose(tuner.weights, [0.4, 0.4, 0.2])
    assert [s.value for s in tuner.sliders.values()] == pytest.approx([0.4, 0.4, 0.2])
    # then from those: ttr -> 0.4 gives 1.2 -> 1/3 each
    tuner.set_weights({"ttr_median_h": 0.4})
    np.testing.assert_allclose(tuner.weights, [1 / 3, 1 / 3, 1 / 3])
    pd.testing.assert_series_equal(tuner.score.composite,
                                   system.with_weights(tuner.weights.to_dict()).score(card).composite)


def test_tuner_top_limits_the_table_but_not_the_ranking(system, card):
    tuner = weight_tuner(system, card, top=2, chart=False)
    assert len(tuner.ranking_table) == 3
    assert "A3" not in tuner.table.value and "A1" in tuner.table.value
    with pytest.raises(ConfigError, match="top must be"):
        weight_tuner(system, card, top=0)


def test_tuner_rejects_a_scorecard_without_the_systems_kpis(system, card):
    with pytest.raises(DataError) as info:
        weight_tuner(system, card.drop(columns="fcr"))
    assert info.value.column == "fcr"


def test_tuner_in_english_and_as_a_displayable_object(system, card):
    set_language("en")
    tuner = weight_tuner(system, card, chart=False)
    assert tuner.sliders["csat"].description == "CSAT (top-2-box)"
    assert "composite score" in tuner.table.value and "customer" in tuner.table.value
    bundle = tuner._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_tuner_on_an_example_system_keeps_ten_sliders_consistent():
    system = example_system("manufacturing")
    rng = np.random.default_rng(0)
    card = pd.DataFrame({c: rng.uniform(0.1, 0.9, 6) for c in system.codes},
                        index=[f"MF-A00{i}" for i in range(6)])
    tuner = weight_tuner(system, card, chart=False)
    assert list(tuner.sliders) == list(system.codes)
    tuner.sliders["first_time_fix"].value = 0.6
    assert tuner.weights.sum() == pytest.approx(1.0)
    expected = system.with_weights(tuner.weights.to_dict()).score(card).composite
    pd.testing.assert_series_equal(tuner.score.composite, expected)


# ---- what-if -------------------------------------------------------------------------------


@pytest.fixture
def target_system():
    return KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 0.5, target=0.8, normalise="target"),
                                              Indicator("csat", 0.5)])])


@pytest.fixture
def target_card():
    # fcr achievement vs 0.8: A1 75, A2 100, A3 87.5; csat min-max: A1 100, A2 50, A3 0
    # composite: A1 87.5 (B), A2 75 (C), A3 43.75 (D) with A>=90, B>=80, C>=70, D>=0
    return pd.DataFrame({"fcr": [0.6, 0.8, 0.7], "csat": [0.9, 0.8, 0.7]}, index=["A1", "A2", "A3"])


def test_what_if_baseline(target_system, target_card):
    sim = what_if(target_system, target_card, "A1")
    assert (sim.baseline_composite, sim.baseline_grade, sim.baseline_rank) == (87.5, "B", 1)
    assert (sim.composite, sim.grade, sim.rank) == (87.5, "B", 1)
    assert list(sim.value_inputs) == ["fcr", "csat"] and list(sim.target_inputs) == ["fcr"]
    assert sim.value_inputs["csat"].value == 0.9 and sim.target_inputs["fcr"].value == 0.8
    table = sim.table
    assert table.loc["fcr", "score"] == pytest.approx(75) and table.loc["csat", "contribution"] == 50
    assert np.isnan(table.loc["csat", "target"])


def test_what_if_raising_a_value_raises_the_grade(target_system, target_card):
    sim = what_if(target_system, target_card, "A1")
    sim.value_inputs["fcr"].value = 0.76  # 0.76 / 0.8 = 95 -> 0.5*95 + 0.5*100 = 97.5
    assert (sim.composite, sim.grade, sim.rank) == (97.5, "A", 1)
    assert "97.5" in sim.summary.value and "87.5" in sim.summary.value
    sim.value_inputs["fcr"].value = 0.6
    assert (sim.composite, sim.grade) == (87.5, "B")


def test_what_if_min_max_is_relative_to_the_group(target_system, target_card):
    sim = what_if(target_system, target_card, "A1")
    # csat 0.9 -> 0.75: the group max becomes A2's 0.8, so A1 scores (0.75-0.7)/(0.8-0.7) = 50
    # composite 0.5*75 + 0.5*50 = 62.5 -> D; A2 now 0.5*100 + 0.5*100 = 100 ranks first
    sim.set_value("csat", 0.75)
    assert (sim.composite, sim.grade, sim.rank) == (62.5, "D", 2)


def test_what_if_changing_the_target_moves_the_grade(target_system, target_card):
    sim = what_if(target_system, target_card, "A1", thresholds={"优秀": 90, "合格": 60, "不合格": 0})
    assert sim.grade == "合格"
    sim.target_inputs["fcr"].value = 0.6  # A1 meets the target: 100 and 100
    assert (sim.composite, sim.grade) == (100.0, "优秀")
    sim.target_inputs["fcr"].value = 1.2  # 0.6/1.2 = 50 -> 0.5*50 + 50 = 75
    assert (sim.composite, sim.grade) == (75.0, "合格")
    sim.reset()
    assert (sim.composite, sim.grade) == (87.5, "合格") and sim.target_inputs["fcr"].value == 0.8


def test_what_if_shows_errors_without_losing_the_last_result(target_system, target_card):
    sim = what_if(target_system, target_card, "A1")
    sim.set_target("fcr", 0.0)
    assert sim.error is not None and "target must be positive" in sim.error
    assert (sim.composite, sim.grade) == (87.5, "B")
    assert "target must be positive" in sim.summary.value
    sim.set_target("fcr", 0.8)
    assert sim.error is None


def test_what_if_bad_arguments(target_system, target_card):
    with pytest.raises(DataError) as info:
        what_if(target_system, target_card, "a1")
    assert "has no row 'a1'" in str(info.value) and "did you mean 'A1'" in str(info.value)
    sim = what_if(target_system, target_card, "A3")
    with pytest.raises(ConfigError, match="'csat' is not scored against a target"):
        sim.set_target("csat", 0.5)
    with pytest.raises(ConfigError, match="no indicator 'nps'"):
        sim.set_value("nps", 10)
    with pytest.raises(DataError, match="below the lowest threshold"):
        what_if(target_system, target_card, "A3", thresholds={"A": 90, "B": 80})


def test_what_if_integer_kpi_columns_accept_fractional_values():
    system = KPISystem([Dimension("效率", 1.0, [Indicator("backlog", 0.5), Indicator("fcr", 0.5)])])
    card = pd.DataFrame({"backlog": [3, 5, 9], "fcr": [0.7, 0.7, 0.7]}, index=["A1", "A2", "A3"])
    sim = what_if(system, card, "A3")
    # backlog is lower-is-better; with A3 = 4.5 the range is 3..5, so A3 scores
    # (5 - 4.5) / (5 - 3) = 25; fcr is equal for all -> 50 each
    sim.set_value("backlog", 4.5)
    assert sim.composite == pytest.approx(0.5 * 25 + 0.5 * 50)
    assert card["backlog"].tolist() == [3, 5, 9]  # the caller's table is untouched


# ---- ROI explorer (chapter 2's "收益假设对 ROI 的影响") -------------------------------------

from coursekit.widgets import roi_explorer, roi_scenarios, xmr_explorer, xmr_view  # noqa: E402

# by hand: 10 people, costs 15,000; effect 0.05 = 5 points -> benefits 5 x 400 x 10 = 20,000,
# ROI (20,000 - 15,000) / 15,000 = 33.3 %, BCR 1.333, break-even value 15,000 / 50 = 300 per point;
# effect -0.01 -> benefits -4,000, ROI -126.7 %, no break-even
EFFECTS = {"DiD 估计": 0.05, "DiD 95%CI 下限": -0.01, "朴素前后差": 0.08}


def test_roi_scenarios_by_hand():
    table = roi_scenarios(EFFECTS, value_per_point=400, people=10, costs=[10_000, 5_000])
    assert list(table.index) == list(EFFECTS)
    np.testing.assert_allclose(table["benefits"], [20_000, -4_000, 32_000])
    np.testing.assert_allclose(table["roi_pct"], [100 / 3, -380 / 3, 340 / 3])
    np.testing.assert_allclose(table["bcr"], [4 / 3, -4 / 15, 32 / 15])
    assert table.loc["DiD 估计", "breakeven_value"] == pytest.approx(300)
    assert np.isnan(table.loc["DiD 95%CI 下限", "breakeven_value"])


def test_roi_explorer_follows_the_slider_and_the_menu():
    ex = roi_explorer(EFFECTS, value_per_point=400, people=10, costs=15_000)
    assert (ex.value_slider.min, ex.value_slider.max, ex.value_slider.step) == (0.0, 1200.0, 50.0)
    assert ex.basis.options == tuple(EFFECTS) and ex.basis.value == "DiD 估计"
    assert "ROI = 33.3%，BCR = 1.33（年收益 20,000 元，成本 15,000 元）" in ex.summary.value
    assert "盈亏平衡的每点价值约 300 元" in ex.summary.value
    ex.value_slider.value = 300                       # exactly break-even: 5 x 300 x 10 = 15,000
    assert ex.result["roi_pct"] == pytest.approx(0.0)
    ex.basis.value = "DiD 95%CI 下限"
    assert ex.result["roi_pct"] == pytest.approx(-120.0)   # -3,000 vs 15,000 -> -120 %
    assert "每点价值再高也不回本" in ex.summary.value
    ex.set(value_per_point=400, scenario="朴素前后差")
    assert ex.result["benefits"] == pytest.approx(32_000)
    with pytest.raises(ConfigError, match="no scenario 'x'"):
        ex.set(scenario="x")


def test_roi_explorer_in_english_and_bad_arguments():
    set_language("en")
    ex = roi_explorer({"DiD": 0.05}, value_per_point=400, people=10, costs=15_000, max_value=2000, step=100)
    assert ex.value_slider.description == "value per point" and ex.value_slider.step == 100
    assert "ROI = 33.3%, BCR = 1.33 (benefits 20,000, costs 15,000)" in ex.summary.value
    assert "text/plain" in ex._repr_mimebundle_() or ex._repr_mimebundle_()
    with pytest.raises(ConfigError, match="effects must be a non-empty mapping"):
        roi_explorer({}, value_per_point=400, people=10, costs=1)
    with pytest.raises(DataError, match=r"column 'effects': must be finite numbers.*rows DiD \(values: nan\)"):
        roi_scenarios({"DiD": float("nan")}, value_per_point=400, people=10, costs=1)
    with pytest.raises(ConfigError, match="people must be a whole number >= 1"):
        roi_scenarios({"DiD": 0.05}, value_per_point=400, people=0, costs=1)
    with pytest.raises(ConfigError, match="value_per_point must be a number >= 0"):
        roi_scenarios({"DiD": 0.05}, value_per_point=-1, people=3, costs=1)
    with pytest.raises(DataError, match="column 'costs': must be more than 0"):
        roi_scenarios({"DiD": 0.05}, value_per_point=400, people=3, costs=0)


# ---- XmR explorer (chapter 2's "任选班组和指标看 XmR 图") ------------------------------------

@pytest.fixture
def monthly():
    months = pd.date_range("2023-01-01", periods=8, freq="MS")
    # T1: baseline (first 6 months) 0.70 0.72 0.71 0.69 0.70 0.71 -> centre 0.705, mean moving range
    # (0.02 + 0.01 + 0.02 + 0.01 + 0.01) / 5 = 0.014, sigma 0.014 / 1.128 = 0.0124, UCL 0.742:
    # 0.90 and 0.91 (months 7, 8) are above it. T2 stays flat.
    return pd.DataFrame({
        "team": ["T1"] * 8 + ["T2"] * 8, "month": list(months) * 2,
        "fcr": [0.70, 0.72, 0.71, 0.69, 0.70, 0.71, 0.90, 0.91] + [0.60, 0.62, 0.61, 0.60, 0.62, 0.61, 0.60, 0.62],
        "sla_compliance": [0.8] * 5 + [0.82, 0.81, np.nan] + [0.9, 0.91, 0.9, 0.92, 0.9, 0.91, 0.9, 0.91],
    })


def test_xmr_view_by_hand(monthly):
    view = xmr_view(monthly, "T1", "fcr", baseline=slice("2023-01-01", "2023-06-01"))
    assert view.chart.centre == pytest.approx(0.705)
    assert view.chart.ucl == pytest.approx(0.705 + 2.66 * 0.014, abs=1e-3)
    assert [f"{m:%Y-%m}" for m in view.flagged] == ["2023-07", "2023-08"]
    assert xmr_view(monthly, "T2", "fcr", baseline=6).flagged == []
    assert len(xmr_view(monthly, "T1", "sla_compliance", baseline=6).series) == 7   # the missing month left out


def test_xmr_explorer_menus_redraw(monthly):
    ex = xmr_explorer(monthly, {"fcr": "首次解决率", "sla_compliance": "SLA 达成率"}, baseline=6)
    assert ex.group_box.options == ("T1", "T2") and ex.group_box.description == "班组"
    assert ex.note.value == "基线之后触发规则的月份：2023-07、2023-08"
    first = ex.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    ex.group_box.value = "T2"
    assert ex.note.value == "基线之后触发规则的月份：无" and ex.image.value != first
    ex.set(value="T1", metric="sla_compliance")
    assert ex.view.metric == "sla_compliance" and ex.view.group == "T1"
    set_language("en")
    ex = xmr_explorer(monthly, ["fcr"], baseline=6, value="T2")
    assert ex.note.value == "months after the baseline that break a rule: none"


def test_xmr_explorer_bad_input(monthly):
    with pytest.raises(ConfigError, match="no team 'T9'; choose one of T1, T2"):
        xmr_explorer(monthly, ["fcr"], value="T9")
    with pytest.raises(DataError, match="column 'csat': xmr_explorer needs this column"):
        xmr_explorer(monthly, ["csat"])
    twice = pd.concat([monthly, monthly.iloc[:1]])
    with pytest.raises(DataError, match="column 'month': has more than one row for the same period"):
        xmr_view(twice, "T1", "fcr")
    ex = xmr_explorer(monthly, ["fcr"], baseline=6)
    with pytest.raises(ConfigError, match="no metric 'nps'"):
        ex.set(metric="nps")
