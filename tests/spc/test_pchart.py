"""p-chart: pooled centre, limits varying with n, floors and bad input."""

import math

import pandas as pd
import pytest

from coursekit.errors import DataError
from coursekit.spc import p_chart


def test_hand_computed_limits():
    # p̄ = (10+12+8)/(200+300+100) = 30/600 = 0.05 ; p̄(1-p̄) = 0.0475
    # n=200: sigma = sqrt(0.0475/200) = 0.01541104 ; UCL = 0.0962331 ; LCL = 0.0037669
    # n=300: sigma = 0.01258306 ; UCL = 0.0877492 ; LCL = 0.0122508
    # n=100: sigma = 0.02179449 ; UCL = 0.1153835 ; LCL = 0.05 - 0.0653835 < 0 -> 0
    chart = p_chart([10, 12, 8], [200, 300, 100])
    frame = chart.frame
    assert chart.centre == pytest.approx(0.05)
    assert frame["p"].tolist() == pytest.approx([0.05, 0.04, 0.08])
    assert frame["sigma"].tolist() == pytest.approx([0.01541104, 0.01258306, 0.02179449], abs=1e-8)
    assert frame["ucl"].tolist() == pytest.approx([0.0962331, 0.0877492, 0.1153835], abs=1e-7)
    assert frame["lcl"].tolist() == pytest.approx([0.0037669, 0.0122508, 0.0], abs=1e-7)
    assert chart.outside == []


def test_centre_is_pooled_not_mean_of_shares():
    # pooled 19/100 = 0.19 ; the mean of the shares would be (0.1 + 0.2)/2 = 0.15
    chart = p_chart([1, 18], [10, 90])
    assert chart.centre == pytest.approx(0.19)


def test_out_of_control_point_and_z():
    # p̄ = 34/400 = 0.085 ; sigma = sqrt(0.085*0.915/100) = 0.02788817 ; UCL = 0.1686645
    # p_4 = 0.30 > UCL ; z_4 = (0.30-0.085)/0.02788817 = 7.7093
    chart = p_chart([1, 2, 1, 30], [100, 100, 100, 100])
    assert chart.outside == [3]
    assert chart.frame["ucl"].iloc[0] == pytest.approx(0.1686645, abs=1e-7)
    assert chart.frame["z"].iloc[3] == pytest.approx(7.7093, abs=1e-4)
    assert chart.rules("nelson", rules=[1])["position"].tolist() == [3]


def test_upper_limit_capped_at_one_and_lower_floored_at_zero():
    # p̄ = 2/5 = 0.4 ; n=1: sigma = sqrt(0.24) = 0.4899 -> 0.4 ± 1.47 -> [0, 1]
    chart = p_chart([1, 0, 1], [2, 1, 2])
    assert chart.frame["ucl"].iloc[1] == 1.0
    assert chart.frame["lcl"].iloc[1] == 0.0
    assert math.isclose(chart.frame["sigma"].iloc[1], math.sqrt(0.24))


def test_baseline_and_labels():
    defects = pd.Series([5, 6, 4, 5, 20], index=["W1", "W2", "W3", "W4", "W5"])
    sizes = pd.Series([100] * 5, index=defects.index)
    chart = p_chart(defects, sizes, baseline=4)
    assert chart.centre == pytest.approx(20 / 400)
    assert chart.outside == ["W5"]


@pytest.mark.parametrize(
    "defects, sizes, column, text",
    [
        ([1, -2, 3], [10, 10, 10], "defects", "must not be negative; rows 1 (values: -2)"),
        ([1, 3, 3], [10, 2, 10], "defects", "must not exceed the sample size; rows 1 (values: '3/2')"),
        ([1, 0, 3], [10, 0, 10], "sizes", "must be at least 1 (an empty sample has no share); rows 1 (values: 0)"),
        ([1, 2.5, 3], [10, 10, 10], "defects", "whole counts; rows 1"),
        ([1, "two", 3], [10, 10, 10], "defects", "must be a number; rows 1"),
        ([1, 2, 3], [10, 10], "sizes", "one size per defects value"),
        ([1], [10], "defects", "at least 2 points"),
        ([0, 0, 0], [10, 10, 10], "defects", "limits collapse"),
    ],
)
def test_bad_input(defects, sizes, column, text):
    with pytest.raises(DataError) as info:
        p_chart(defects, sizes)
    assert info.value.column == column
    assert text in str(info.value)
    assert "fix:" in str(info.value)
