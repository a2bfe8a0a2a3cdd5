"""What each chart draws, checked against hand-computed numbers, and its input errors."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from coursekit import plots, spc
from coursekit.errors import ConfigError, DataError
from coursekit.plots._common import HIGHLIGHT, PALETTE


def _ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


# ---- radar ---------------------------------------------------------------------------------


def test_radar_closes_the_polygon_at_evenly_spaced_angles():
    ax = plots.radar(pd.Series({"customer": 80, "efficiency": 65, "quality": 90, "capability": 70}))
    line = ax.lines[0]
    # 4 axes -> angles 0, pi/2, pi, 3pi/2 and back to 0; radii repeat the first value
    np.testing.assert_allclose(line.get_xdata(), [0, np.pi / 2, np.pi, 3 * np.pi / 2, 0])
    np.testing.assert_allclose(line.get_ydata(), [80, 65, 90, 70, 80])
    assert _ticks(ax.get_xticklabels()) == ["客户", "效率", "质量", "能力"]
    assert ax.get_ylim() == (0.0, 100.0)
    assert ax.get_legend() is None  # one unnamed profile
    assert len(ax.patches) == 1  # the fill


def test_radar_of_a_frame_draws_one_polygon_per_row_with_a_legend():
    frame = pd.DataFrame({"fcr": [70, 85, 60], "csat": [60, 90, 50], "nps": [30, 40, 20]},
                         index=["MF-T1", "MF-T2", "MF-T3"])
    ax = plots.radar(frame, fill=False)
    assert len(ax.lines) == 3 and len(ax.patches) == 0
    assert _ticks(ax.get_legend().get_texts()) == ["MF-T1", "MF-T2", "MF-T3"]
    assert _ticks(ax.get_xticklabels())[2] == "净推荐值(NPS)"


def test_radar_draws_on_a_given_polar_axes_of_a_pyplot_free_figure():
    fig = Figure()
    polar = fig.add_subplot(projection="polar")
    assert plots.radar(pd.Series({"a": 1, "b": 2, "c": 3}), ax=polar) is polar


def test_radar_rejects_a_cartesian_axes():
    _, flat = plt.subplots()
    with pytest.raises(ConfigError, match="polar"):
        plots.radar(pd.Series({"a": 1, "b": 2, "c": 3}), ax=flat)


@pytest.mark.parametrize("profile, column, words", [
    (pd.Series({"a": 10, "b": 20}), None, "at least 3 axes, got 2 (a, b)"),
    (pd.Series({"a": 10, "b": 120, "c": 5}, name="MF-A001"), "b", "rows MF-A001 (values: 120)"),
    (pd.DataFrame({"a": [1, None], "b": [1, 2], "c": [1, 2]}, index=["x", "y"]), "a", "rows y"),
    (pd.DataFrame({"a": range(9), "b": range(9), "c": range(9)}), None, "1 to 8 profiles, got 9"),
    ([80, 60, 70], "profile", "must be a pandas Series or DataFrame"),
])
def test_radar_bad_input_names_column_and_rows(profile, column, words):
    with pytest.raises(DataError) as info:
        plots.radar(profile)
    assert info.value.column == column
    assert words in str(info.value)


# ---- Pareto --------------------------------------------------------------------------------


def test_pareto_sorts_cumulates_and_highlights_the_vital_few():
    # counts 50, 30, 15, 5 of 100 -> cumulative 0.50, 0.80, 0.95, 1.00; the 80 % line is reached
    # exactly at B, so A and B are the vital few (spc.pareto's rule: the crossing category counts)
    ax = plots.pareto_chart({"C": 15, "A": 50, "D": 5, "B": 30})
    assert _ticks(ax.get_xticklabels()) == ["A", "B", "C", "D"]
    assert [p.get_height() for p in ax.patches] == [50, 30, 15, 5]
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours == [to_rgba(HIGHLIGHT)] * 2 + [to_rgba(PALETTE[0])] * 2
    share = ax.figure.axes[1]
    np.testing.assert_allclose(share.lines[0].get_ydata(), [0.5, 0.8, 0.95, 1.0])
    assert share.lines[1].get_ydata()[0] == pytest.approx(0.8)  # the threshold line
    assert _ticks(share.get_legend().get_texts()) == ["关键少数", "累计占比", "80% 线"]


def test_pareto_accepts_the_spc_table_and_a_value_counts_series():
    causes = pd.Series(["late"] * 6 + ["rude"] * 3 + ["part"], name="cause")
    from_counts = plots.pareto_chart(causes.value_counts())
    from_table = plots.pareto_chart(spc.pareto(causes.value_counts()))
    for ax in (from_counts, from_table):
        assert _ticks(ax.get_xticklabels()) == ["late", "rude", "part"]
        # 6/10, 9/10 -> rude crosses 80 %, so two vital bars
        assert sum(p.get_facecolor() == to_rgba(HIGHLIGHT) for p in ax.patches) == 2
    assert from_counts.get_xlabel() == "投诉原因"  # label of the index name 'cause'


def test_pareto_threshold_moves_the_line_and_the_vital_few():
    ax = plots.pareto_chart({"A": 50, "B": 30, "C": 15, "D": 5}, threshold=0.5)
    assert sum(p.get_facecolor() == to_rgba(HIGHLIGHT) for p in ax.patches) == 1
    assert ax.figure.axes[1].lines[1].get_ydata()[0] == pytest.approx(0.5)


def test_pareto_folds_the_long_tail_into_an_other_bar():
    # 20 causes with counts 20, 19, ..., 1 (total 210); max_bars 6 keeps the top 5 and one
    # "other" bar of 15 causes holding 210 - (20 + 19 + 18 + 17 + 16) = 120
    counts = pd.Series({f"c{i:02d}": 20 - i for i in range(20)})
    ax = plots.pareto_chart(counts, max_bars=6)
    assert _ticks(ax.get_xticklabels()) == ["c00", "c01", "c02", "c03", "c04", "其他(15类)"]
    assert [p.get_height() for p in ax.patches] == [20, 19, 18, 17, 16, 120]
    np.testing.assert_allclose(ax.figure.axes[1].lines[0].get_ydata()[-2:], [90 / 210, 1.0])
    # the 80 % point is reached inside the tail, so the "other" bar is highlighted
    assert ax.patches[-1].get_facecolor() == to_rgba(HIGHLIGHT)
    assert len(plots.pareto_chart(counts, max_bars=None).patches) == 20
    with pytest.raises(DataError, match="max_bars"):
        plots.pareto_chart(counts, max_bars=1)


@pytest.mark.parametrize("table, words", [
    ({"A": 5, "B": -1}, "must not be negative"),
    ({"A": 0, "B": 0}, "adds up to 0"),
    (pd.DataFrame({"cause": ["A"], "total": [3]}), "needs a count column"),
    ([3, 4], "must be a Series or dict"),
])
def test_pareto_bad_input(table, words):
    with pytest.raises(DataError, match=words):
        plots.pareto_chart(table)


# ---- control chart -------------------------------------------------------------------------


def test_control_chart_of_an_xmr_result_draws_its_limits():
    # x = 10, 12, 11, 13, 12: mean 11.6; moving ranges 2, 1, 2, 1 -> mean 1.5;
    # UCL = 11.6 + 2.66 * 1.5 = 15.59, LCL = 11.6 - 3.99 = 7.61
    ax = plots.control_chart(spc.xmr([10, 12, 11, 13, 12]))
    ucl, centre, lcl = (line.get_ydata()[0] for line in ax.lines[1:4])
    assert (ucl, centre, lcl) == pytest.approx((15.59, 11.6, 7.61))
    legend = _ticks(ax.get_legend().get_texts())
    assert legend == ["上控制限 UCL=15.59", "中心线 CL=11.6", "下控制限 LCL=7.61"]
    assert len(ax.collections) == 0  # nothing outside, no violations given


def test_control_chart_of_plain_values_uses_xmr_limits_or_the_given_ones():
    same = plots.control_chart([10, 12, 11, 13, 12])
    assert same.lines[1].get_ydata()[0] == pytest.approx(15.59)
    given = plots.control_chart([5, 6, 5, 7, 6, 12], centre=6, ucl=9, lcl=3)
    # 12 > UCL 9: position 5 is marked even without a violations argument
    marked = given.collections[0].get_offsets()
    np.testing.assert_allclose(marked, [[5, 12]])


def test_control_chart_marks_and_numbers_rule_violations():
    # 9 points above the centre 0 (sigma 1): Nelson rule 2 fires at the 9th point (position 8)
    values = [0.5] * 9 + [-0.5]
    table = spc.nelson(values, centre=0, sigma=1, rules=[2])
    assert table["position"].tolist() == [8]
    ax = plots.control_chart(values, table, centre=0, ucl=3, lcl=-3)
    np.testing.assert_allclose(ax.collections[0].get_offsets(), [[8, 0.5]])
    assert _ticks(ax.texts) == ["2"]


def test_control_chart_family_name_marks_the_same_points_as_the_rules_table():
    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    values = pd.Series([30.0, 31, 29, 32, 30, 31, 29, 30, 31, 30] + [18, 17, 19, 18, 17, 16, 18, 17, 18, 17],
                       index=months, name="mean_resolution_hours")
    result = spc.xmr(values, baseline=10)
    expected = sorted(set(result.rules("nelson")["position"]) | set(np.flatnonzero(result.frame["outside"])))
    ax = plots.control_chart(result, violations="nelson")
    marked = ax.collections[0].get_offsets()
    assert len(marked) == len(expected) and len(expected) >= 10
    np.testing.assert_allclose(marked[:, 1], values.to_numpy()[expected])
    assert ax.get_xlabel() == ""  # dates need no axis name
    assert len(ax.patches) == 1  # the shaded baseline period


def test_control_chart_violations_as_labels_booleans_or_mapping():
    values = pd.Series([1.0, 2, 1, 2, 1], index=list("abcde"))
    kwargs = {"centre": 1.5, "ucl": 3.0, "lcl": 0.0}
    for violations in (["b", "d"], [False, True, False, True, False], {5: ["b", "d"]}):
        ax = plots.control_chart(values, violations, **kwargs)
        np.testing.assert_allclose(ax.collections[0].get_offsets()[:, 0], [1, 3])
    assert _ticks(ax.get_xticklabels()) == list("abcde")
    assert _ticks(ax.texts) == ["5", "5"]


def test_control_chart_of_a_p_chart_draws_varying_limits():
    result = spc.p_chart([10, 12, 8], [200, 300, 100])
    ax = plots.control_chart(result)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), result.frame["ucl"].to_numpy())
    assert ax.lines[1].get_drawstyle() == "steps-mid"
    assert _ticks(ax.get_legend().get_texts())[0] == "上控制限 UCL"  # no single value to show


@pytest.mark.parametrize("kwargs, column, words", [
    ({"chart": [1, 2, 3], "centre": 2}, "centre/ucl/lcl", "all three limits or none"),
    ({"chart": [1, 2, 3], "centre": 2, "ucl": 1, "lcl": 0}, "centre/ucl/lcl", "lcl <= centre <= ucl"),
    ({"chart": [1, "x", 3]}, "values", "rows 1"),
    ({"chart": [1, 2, 3], "violations": [7]}, "violations", "position 7 is outside the 3 points"),
    ({"chart": [1, 2, 3], "violations": [True]}, "violations", "one per point (3), got 1"),
    ({"chart": [1, 2, 3], "violations": "nelson", "centre": 2, "ucl": 4, "lcl": 0}, "violations",
     "needs an spc chart result"),
    ({"chart": [1, 2, 3], "violations": pd.DataFrame({"rule": [1]})}, "violations", "'position' column"),
])
def test_control_chart_bad_input(kwargs, column, words):
    with pytest.raises(DataError) as info:
        plots.control_chart(**kwargs)
    assert info.value.column == column and words in str(info.value)


# ---- score distribution --------------------------------------------------------------------


def test_score_distribution_counts_scores_in_five_point_bins():
    ax = plots.score_distribution([58, 65, 72, 84, 93, 94])
    heights = {p.get_x(): p.get_height() for p in ax.patches if p.get_height() > 0}
    # 58 -> [55, 60), 65 -> [65, 70), 72 -> [70, 75), 84 -> [80, 85), 93 and 94 -> [90, 95)
    assert heights == {55: 1, 65: 1, 70: 1, 80: 1, 90: 2}
    assert ax.get_title() == "综合得分分布"


def test_score_distribution_stacks_grades_and_draws_cut_offs():
    scores = pd.Series([58, 65, 72, 84, 93], index=list("abcde"))
    grades = pd.Series(["A", "B", "C", "C", "D"], index=list("edcba"))  # aligned by index
    ax = plots.score_distribution(scores, grades, thresholds={"A": 90, "B": 80, "C": 60})
    assert _ticks(ax.get_legend().get_texts()) == ["A 级", "B 级", "C 级", "D 级"]
    assert [line.get_xdata()[0] for line in ax.lines] == [90, 80, 60]
    assert _ticks(ax.texts) == ["A ≥ 90", "B ≥ 80", "C ≥ 60"]
    total = sum(p.get_height() for p in ax.patches)
    assert total == 5


def test_score_distribution_lists_appraisal_grades_best_first():
    from coursekit.appraisal import grade_by_threshold

    scores = pd.Series([95.0, 72, 55, 61], index=["A1", "A2", "A3", "A4"])
    grades = grade_by_threshold(scores, {"合格": 60, "不合格": 0})  # ordered worst -> best
    ax = plots.score_distribution(scores, grades)
    assert _ticks(ax.get_legend().get_texts()) == ["合格", "不合格"]
    assert sum(p.get_height() for p in ax.patches) == 4


def test_score_distribution_bad_grades():
    with pytest.raises(DataError, match="one entry per value \\(3\\), got 2"):
        plots.score_distribution([1, 2, 3], ["A", "B"])
    with pytest.raises(DataError, match="column 'grades': must not be missing; rows 1; fix: fill or drop"):
        plots.score_distribution([1, 2, 3], ["A", None, "B"])
    with pytest.raises(DataError, match="needs at least one score"):
        plots.score_distribution([])


# ---- before / after ------------------------------------------------------------------------


def test_before_after_draws_each_pair_and_the_mean_change():
    ax = plots.before_after([60, 70, 65], [72, 75, 80])
    assert len(ax.lines) == 4
    mean_line = ax.lines[-1]
    # means: (60 + 70 + 65) / 3 = 65 before, (72 + 75 + 80) / 3 = 75.67 after: change +10.7
    np.testing.assert_allclose(mean_line.get_ydata(), [65, 227 / 3])
    assert _ticks(ax.get_legend().get_texts()) == ["平均变化 +10.7"]
    assert _ticks(ax.get_xticklabels()) == ["培训前", "培训后"]


def test_before_after_by_group_shows_each_groups_change():
    pre = pd.Series([60.0, 62, 58, 61], name="pre_score")
    post = pd.Series([75.0, 79, 61, 64], name="post_score")
    group = pd.Series(["treatment", "treatment", "control", "control"])
    ax = plots.before_after(pre, post, groups=group)
    # treatment: (15 + 17) / 2 = +16; control: (3 + 3) / 2 = +3 (the DiD would be 13)
    assert _ticks(ax.get_legend().get_texts()) == ["对照组: 平均变化 +3", "培训组: 平均变化 +16"]


def test_before_after_aligns_series_by_index():
    pre = pd.Series([1.0, 2.0], index=["x", "y"])
    post = pd.Series([12.0, 11.0], index=["y", "x"])
    ax = plots.before_after(pre, post)
    # pairs x: 1 -> 11, y: 2 -> 12; mean change +10
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1, 11])
    assert _ticks(ax.get_legend().get_texts()) == ["平均变化 +10"]


@pytest.mark.parametrize("pre, post, column, words", [
    ([1, 2, 3], [1, 2], "post", "one value per pre value (3), got 2"),
    ([1, np.nan], [1, 2], "pre", "rows 1"),
    (pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]), "post", "index does not match"),
    ("123", [1, 2, 3], "pre", "one sequence of numbers"),
])
def test_before_after_bad_input(pre, post, column, words):
    with pytest.raises(DataError) as info:
        plots.before_after(pre, post)
    assert info.value.column == column and words in str(info.value)


# ---- KPI bars ------------------------------------------------------------------------------


def test_kpi_bars_sorts_highlights_and_formats_rates_as_percent():
    ax = plots.kpi_bars({"MF-T1": 0.72, "MF-T2": 0.70, "MF-T3": 0.61, "MF-T4": 0.75}, "fcr",
                        target=0.7, highlight=["MF-T3"])
    assert _ticks(ax.get_xticklabels()) == ["MF-T4", "MF-T1", "MF-T2", "MF-T3"]
    assert [p.get_facecolor() == to_rgba(HIGHLIGHT) for p in ax.patches] == [False, False, False, True]
    assert ax.lines[0].get_ydata()[0] == 0.7
    assert ax.yaxis.get_major_formatter()(0.7, 0) == "70%"
    assert ax.get_ylabel() == "首次解决率(FCR)"


def test_kpi_bars_from_a_scorecard_column_without_percent_for_hours():
    card = pd.DataFrame({"ttr_mean_h": [20.0, 35.0]}, index=pd.Index(["RT-T1", "RT-T2"], name="team"))
    ax = plots.kpi_bars(card, "ttr_mean_h", sort=False, horizontal=True)
    assert _ticks(ax.get_yticklabels()) == ["RT-T1", "RT-T2"]
    assert ax.get_xlabel() == "平均解决时长(小时)"
    assert "%" not in ax.xaxis.get_major_formatter()(20.0, 0)


def test_kpi_bars_bad_input():
    with pytest.raises(DataError, match="must be one of the table's columns"):
        plots.kpi_bars(pd.DataFrame({"fcr": [0.5]}), "csat")
    with pytest.raises(DataError, match="rows b"):
        plots.kpi_bars({"a": 1.0, "b": "n/a"}, "backlog")
