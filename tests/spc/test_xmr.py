"""XmR chart: constants, hand-computed limits, baselines and bad input."""

import numpy as np
import pandas as pd
import pytest

from coursekit.errors import DataError
from coursekit.spc import D2, D4, E2, xmr


def test_published_constants():
    # Montgomery, Introduction to Statistical Quality Control, Appendix table VI, n = 2:
    # d2 = 1.128, D4 = 3.267; E2 = 3/d2 = 2.6596 -> published as 2.66 (Wheeler).
    assert D2 == 1.128
    assert D4 == 3.267
    assert E2 == 2.66
    assert round(3 / D2, 2) == E2


def test_hand_computed_limits():
    # x = 5 7 6 8 6 ; mean = 32/5 = 6.4
    # mR = |7-5|, |6-7|, |8-6|, |6-8| = 2 1 2 2 ; mean mR = 7/4 = 1.75
    # UCL = 6.4 + 2.66*1.75 = 11.055 ; LCL = 6.4 - 4.655 = 1.745
    # mR UCL = 3.267*1.75 = 5.71725 ; sigma = 2.66*1.75/3 = 1.551667
    chart = xmr([5, 7, 6, 8, 6])
    assert chart.centre == pytest.approx(6.4)
    assert chart.mr_mean == pytest.approx(1.75)
    assert chart.ucl == pytest.approx(11.055)
    assert chart.lcl == pytest.approx(1.745)
    assert chart.mr_ucl == pytest.approx(5.71725)
    assert chart.sigma == pytest.approx(1.551667, abs=1e-6)
    assert chart.outside == [] and chart.mr_outside == []
    frame = chart.frame
    assert list(frame.columns) == ["x", "mr", "centre", "ucl", "lcl", "mr_centre", "mr_ucl",
                                   "baseline", "outside", "mr_outside"]
    assert np.isnan(frame["mr"].iloc[0])
    assert frame["mr"].iloc[1:].tolist() == [2.0, 1.0, 2.0, 2.0]
    assert frame["baseline"].all()


def test_baseline_limits_catch_a_shift_that_full_limits_hide():
    # baseline = first 5 points 10 12 11 13 12: mean 11.6, mR 2 1 2 1 -> 1.5
    # UCL = 11.6 + 3.99 = 15.59 ; mR UCL = 4.9005 ; point 30 is outside, and the
    # moving ranges 18 (12->30) and 19 (30->11) are above the mR limit.
    values = [10, 12, 11, 13, 12, 30, 11]
    chart = xmr(values, baseline=5)
    assert chart.ucl == pytest.approx(15.59)
    assert chart.lcl == pytest.approx(7.61)
    assert chart.mr_ucl == pytest.approx(4.9005)
    assert chart.outside == [5]
    assert chart.mr_outside == [5, 6]
    assert chart.frame["baseline"].tolist() == [True] * 5 + [False] * 2
    # all 7 points: mean 99/7 = 14.142857, mR mean 43/6 = 7.1667, UCL = 33.21 -> 30 inside
    full = xmr(values)
    assert full.ucl == pytest.approx(99 / 7 + 2.66 * 43 / 6)
    assert full.outside == []


def test_baseline_forms_agree():
    values = pd.Series([3.0, 4, 3, 5, 4, 9, 9],
                       index=pd.date_range("2023-01-01", periods=7, freq="MS"))
    by_count = xmr(values, baseline=5)
    by_positions = xmr(values, baseline=slice(0, 5))
    by_labels = xmr(values, baseline=slice("2023-01-01", "2023-05-01"))
    by_mask = xmr(values, baseline=[True] * 5 + [False] * 2)
    for other in (by_positions, by_labels, by_mask):
        assert other.centre == by_count.centre and other.mr_mean == by_count.mr_mean
    # index labels are kept: the outside points are months
    assert by_count.outside == [pd.Timestamp("2023-06-01"), pd.Timestamp("2023-07-01")]


def test_rules_use_chart_sigma():
    chart = xmr([10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 11, 10] + [7] * 9, baseline=12)
    # centre = 129/12 = 10.75 ; point 11 (10) and 12.. (7) are below it: 8 in a row ends at 18
    we = chart.rules("western_electric", rules=[4])
    assert we["position"].tolist() == [18, 19, 20]
    assert we["start"].tolist() == [11, 12, 13]
    nelson1 = chart.rules("nelson", rules=[1])
    assert nelson1["position"].tolist() == chart.outside


@pytest.mark.parametrize(
    "values, baseline, column, text",
    [
        ([1.0, "n/a", 3.0], None, "values", "rows 1 (values: 'n/a')"),
        ([1.0, None, 3.0], None, "values", "must not be missing (every point is plotted); rows 1"),
        ([1.0, float("inf")], None, "values", "finite"),
        ([4.2], None, "values", "needs at least 2 points"),
        ([1.0, 2.0, 3.0], 1, "baseline", "between 2"),
        ([1.0, 2.0, 3.0], 9, "baseline", "between 2"),
        ([1.0, 2.0, 3.0], slice(0, 1), "baseline", "limits need at least 2"),
        ([1.0, 2.0, 3.0], [True, False], "baseline", "booleans as long as the data"),
    ],
)
def test_bad_input(values, baseline, column, text):
    with pytest.raises(DataError) as info:
        xmr(values, baseline=baseline)
    assert info.value.column == column
    assert text in str(info.value)
    assert "fix:" in str(info.value)


def test_series_name_is_used_in_errors_and_frame_is_not_a_view():
    values = pd.Series([1.0, 2.0, "x"], name="mean_resolution_hours", dtype=object)
    with pytest.raises(DataError, match="column 'mean_resolution_hours': must be a number; rows 2"):
        xmr(values)
    with pytest.raises(DataError, match="one column of numbers"):
        xmr(pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(DataError, match="sequence of numbers"):
        xmr(5)


def test_constant_baseline_is_refused():
    with pytest.raises(DataError, match="column 'baseline': points are all equal"):
        xmr([5, 5, 5, 7], baseline=3)
