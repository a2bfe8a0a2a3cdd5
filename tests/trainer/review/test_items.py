"""Item analysis checked against hand computations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit.errors import DataError
from coursekit.trainer.review.items import item_analysis, trainee_profiles

# Six trainees, three pass/fail items (1 point each):
#        i1 i2 i3 | total
#   T1    0  1  1 |  2
#   T2    1  1  1 |  3
#   T3    1  0  0 |  1
#   T4    0  1  1 |  2
#   T5    1  0  0 |  1
#   T6    1  1  1 |  3
MATRIX = pd.DataFrame({"i1": [0, 1, 1, 0, 1, 1], "i2": [1, 1, 0, 1, 0, 1],
                       "i3": [1, 1, 0, 1, 0, 1]},
                      index=[f"T{i}" for i in range(1, 7)], dtype=float)
POINTS = pd.Series({"i1": 1.0, "i2": 1.0, "i3": 1.0})


def test_point_biserial_with_rest_score_by_hand() -> None:
    # i1: p = 4/6. Rest score (i2 + i3) = [2, 2, 0, 2, 0, 2], mean 4/3.
    #   passing T2, T3, T5, T6: mean rest M1 = (2 + 0 + 0 + 2) / 4 = 1
    #   failing T1, T4:         mean rest M0 = (2 + 2) / 2 = 2
    #   population SD of rest: deviations 2/3 (x4), -4/3 (x2)
    #     variance = (4 * 4/9 + 2 * 16/9) / 6 = 8/9, s = 2*sqrt(2)/3 = 0.9428
    #   r_pb = (M1 - M0) / s * sqrt(p q) = (-1) / 0.9428 * sqrt(2/9) = -0.4714 / 0.9428 = -0.5
    # i2: passing T1, T2, T4, T6, so p = 4/6 again. Rest (i1 + i3) = [1, 2, 1, 1, 1, 2], mean 4/3.
    #   M1 = (1 + 2 + 1 + 2) / 4 = 1.5; M0 (T3, T5) = (1 + 1) / 2 = 1
    #   deviations -1/3 (x4), 2/3 (x2): variance = (4/9 + 8/9) / 6 = 2/9, s = sqrt(2)/3 = 0.4714
    #   r_pb = 0.5 / 0.4714 * sqrt(2/9) = 0.5 / 0.4714 * 0.4714 = 0.5
    # i3 has the same column as i2, hence the same rest score and r = 0.5.
    result = item_analysis(MATRIX, POINTS)
    assert result.loc["i1", "r_item_rest"] == pytest.approx(-0.5)
    assert result.loc["i2", "r_item_rest"] == pytest.approx(0.5)
    assert result.loc["i3", "r_item_rest"] == pytest.approx(result.loc["i2", "r_item_rest"])
    assert result.loc["i1", "flags"] == "negative discrimination"
    assert result.loc["i2", "flags"] == ""


def test_difficulty_pass_rate_and_upper_lower_by_hand() -> None:
    # difficulty = passes / 6 = 4/6 for every item.
    # Groups of round(0.27 * 6) = 2: top by total = T2, T6 (3 points; next is 2),
    # bottom = T3, T5 (1 point; next is 2).
    # i1: top 2/2, bottom 2/2 -> D = 0; i2 and i3: top 2/2, bottom 0/2 -> D = 1.
    result = item_analysis(MATRIX, POINTS)
    assert result["difficulty"].tolist() == pytest.approx([4 / 6] * 3)
    assert result["pass_rate"].tolist() == pytest.approx([4 / 6] * 3)
    assert result["d_upper_lower"].tolist() == pytest.approx([0.0, 1.0, 1.0])
    assert result["n"].tolist() == [6, 6, 6]


def test_partial_credit_and_easy_hard_flags() -> None:
    # item "p" worth 2 points: scores 2, 1, 0, 2 -> difficulty 5/8; full marks 2/4.
    # item "e": everyone passes -> difficulty 1 > 0.9 (too easy), r undefined (no variance).
    # item "h": one of four passes -> difficulty 0.25; with hard=0.3 it is too hard.
    m = pd.DataFrame({"p": [2, 1, 0, 2], "e": [1, 1, 1, 1], "h": [1, 0, 0, 0]},
                     index=list("abcd"), dtype=float)
    result = item_analysis(m, pd.Series({"p": 2.0, "e": 1.0, "h": 1.0}), hard=0.3)
    assert result.loc["p", "difficulty"] == pytest.approx(5 / 8)
    assert result.loc["p", "pass_rate"] == pytest.approx(0.5)
    assert result.loc["p", "mean_score"] == pytest.approx(1.25)
    assert result.loc["e", "flags"] == "too easy"
    assert math.isnan(result.loc["e", "r_item_rest"])
    assert result.loc["h", "flags"].startswith("too hard")


def test_ungraded_trainees_are_left_out() -> None:
    m = MATRIX.copy()
    m.loc["T7"] = [1.0, float("nan"), 1.0]
    assert item_analysis(m, POINTS)["n"].tolist() == [6, 6, 6]


def test_bad_input_names_the_problem() -> None:
    with pytest.raises(DataError, match="empty"):
        item_analysis(MATRIX.iloc[0:0], POINTS)
    with pytest.raises(DataError, match=r"column 'max_scores': must give the points.*i3"):
        item_analysis(MATRIX, POINTS.drop("i3"))
    with pytest.raises(DataError, match=r"column 'max_scores': must be positive; rows i2"):
        item_analysis(MATRIX, POINTS.replace({1.0: 1.0}).mask(POINTS.index == "i2", 0.0))
    too_high = MATRIX.copy()
    too_high.loc["T1", "i2"] = 3.0
    with pytest.raises(DataError, match=r"between 0 and the item's points; rows T1/i2 \(values: 3.0\)"):
        item_analysis(too_high, POINTS)


def test_profiles_label_strengths_and_gaps_per_section() -> None:
    # sections: A = {i1}, B = {i2, i3}. T3 (1, 0, 0): A 1/1 strength, B 0/2 gap.
    # T1 (0, 1, 1): A 0/1 gap, B 2/2 strength. Class share of B = 8/12.
    sections = pd.Series({"i1": "A", "i2": "B", "i3": "B"})
    profiles = trainee_profiles(MATRIX, POINTS, sections).set_index(["student", "section"])
    assert profiles.loc[("T3", "A"), "label"] == "strength"
    assert profiles.loc[("T3", "B"), "label"] == "gap"
    assert profiles.loc[("T1", "A"), "label"] == "gap"
    assert profiles.loc[("T1", "B"), "proportion"] == pytest.approx(1.0)
    assert profiles.loc[("T1", "B"), "class_proportion"] == pytest.approx(8 / 12)
    with pytest.raises(DataError, match="section of every item"):
        trainee_profiles(MATRIX, POINTS, sections.drop("i3"))
