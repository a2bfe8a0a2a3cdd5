"""Western Electric and Nelson rules: each rule fires on a crafted series, not on a clean one.

Rules as listed in ../shared/reference/domain.md (Western Electric Statistical
Quality Control Handbook 1956; Nelson, J. Quality Technology 16(4), 1984).
All series are given as z-values (centre 0, sigma 1) unless said otherwise.
"""

import pandas as pd
import pytest

from coursekit.errors import ConfigError, DataError
from coursekit.spc import NELSON_RULES, WESTERN_ELECTRIC_RULES, nelson, rule_table, western_electric

# A 30-point series that breaks no rule of either family: no point beyond 3σ, no
# 2-of-3 beyond 2σ, no 4-of-5 beyond 1σ on a side, sides change within every 3 points,
# no 6-point trend, the up/down pattern breaks every few points, and a point beyond
# 1σ appears within every 15 (and a point inside 1σ within every 8).
CLEAN = [0.5, 1.2, -0.3, -1.1, 0.4, 0.8, -0.6, 1.5, 0.2, -0.9] * 3


def positions(table, rule):
    return table.loc[table["rule"] == rule, "position"].tolist()


def test_clean_series_breaks_nothing():
    assert nelson(CLEAN, 0, 1).empty
    assert western_electric(CLEAN, 0, 1).empty


def test_rule_lists_match_domain_reference():
    assert [r.number for r in WESTERN_ELECTRIC_RULES] == [1, 2, 3, 4]
    assert [r.number for r in NELSON_RULES] == list(range(1, 9))
    table = rule_table("nelson")
    assert table.loc[table["rule"] == 7, "name"].item() == "15 in a row within 1σ"
    assert rule_table("western_electric")["name_zh"].iloc[3] == "连续8点在中心线同侧"


# ---- rule 1 (both families): one point beyond 3σ -------------------------------------------

@pytest.mark.parametrize("check", [nelson, western_electric])
def test_beyond_three_sigma(check):
    assert positions(check([0, 0.5, -0.5, 3.5, 0, -3.2], 0, 1), 1) == [3, 5]
    # the limit itself is not "beyond"
    assert positions(check([0, 3.0, -3.0], 0, 1), 1) == []


def test_real_units_are_standardised():
    # centre 10, sigma 2: 16.5 is 3.25σ above -> rule 1 ; 15.9 is 2.95σ -> not
    assert positions(nelson([10, 16.5, 15.9, 10], centre=10, sigma=2), 1) == [1]


# ---- 2 of 3 beyond 2σ, same side (WE 2, Nelson 5) ------------------------------------------

@pytest.mark.parametrize("check, rule", [(western_electric, 2), (nelson, 5)])
def test_two_of_three_beyond_two_sigma(check, rule):
    table = check([0, 2.5, 0.5, 2.2, 0], 0, 1)
    assert positions(table, rule) == [3]
    assert table.loc[table["rule"] == rule, "start"].tolist() == [1]
    assert positions(check([2.5, 0, -2.5, 0], 0, 1), rule) == []  # opposite sides
    assert positions(check([2.5, 0, 0, 2.5], 0, 1), rule) == []  # 4 points apart
    assert positions(check([-2.1, -2.9], 0, 1), rule) == [1]  # short window at the start


# ---- 4 of 5 beyond 1σ, same side (WE 3, Nelson 6) ------------------------------------------

@pytest.mark.parametrize("check, rule", [(western_electric, 3), (nelson, 6)])
def test_four_of_five_beyond_one_sigma(check, rule):
    table = check([1.5, 1.2, 0.5, 1.8, 1.1], 0, 1)
    assert positions(table, rule) == [4]
    assert table.loc[table["rule"] == rule, "start"].tolist() == [0]
    assert positions(check([1.5, 1.2, 0.5, -1.8, 1.1], 0, 1), rule) == []
    assert positions(check([-1.5, -1.2, -1.01, -1.8, 0], 0, 1), rule) == [3]


# ---- runs on one side (WE 4: 8, Nelson 2: 9) ------------------------------------------------

def test_eight_on_one_side_western_electric():
    assert positions(western_electric([0.5] * 8, 0, 1), 4) == [7]
    assert positions(western_electric([-0.5] * 10, 0, 1), 4) == [7, 8, 9]  # while the run lasts
    assert positions(western_electric([0.5] * 7, 0, 1), 4) == []
    # a point exactly on the centre line ends the run
    assert positions(western_electric([0.5] * 4 + [0] + [0.5] * 4, 0, 1), 4) == []
    assert positions(western_electric([0.5] * 4 + [-0.5] + [0.5] * 4, 0, 1), 4) == []


def test_nine_on_one_side_nelson():
    table = nelson([-0.3] * 9, 0, 1)
    assert positions(table, 2) == [8]
    assert table.loc[table["rule"] == 2, "start"].tolist() == [0]
    assert positions(nelson([-0.3] * 8, 0, 1), 2) == []


# ---- Nelson 3: six in a row rising or falling ----------------------------------------------

def test_six_rising_or_falling():
    rising = [0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert positions(nelson(rising, 0, 1), 3) == [5]
    assert positions(nelson(rising[::-1], 0, 1), 3) == [5]
    assert positions(nelson(rising[:5], 0, 1), 3) == []  # only five points
    assert positions(nelson([0, 0.1, 0.2, 0.2, 0.3, 0.4], 0, 1), 3) == []  # a tie breaks it
    assert positions(nelson(rising + [0.6, 0.1], 0, 1), 3) == [5, 6]


# ---- Nelson 4: fourteen in a row alternating -----------------------------------------------

def test_fourteen_alternating():
    table = nelson([0.1, -0.1] * 7, 0, 1)
    assert positions(table, 4) == [13]
    assert table.loc[table["rule"] == 4, "start"].tolist() == [0]
    assert positions(nelson([0.1, -0.1] * 6 + [0.1], 0, 1), 4) == []  # 13 points
    broken = [0.1, -0.1] * 3 + [-0.1] + [0.1, -0.1] * 4  # two equal neighbours
    assert positions(nelson(broken, 0, 1), 4) == []


# ---- Nelson 7: fifteen in a row within 1σ --------------------------------------------------

def test_fifteen_within_one_sigma():
    hugging = [0.2, -0.2] * 7 + [0.2]
    assert positions(nelson(hugging, 0, 1), 7) == [14]
    assert positions(nelson(hugging[:14], 0, 1), 7) == []
    assert positions(nelson(hugging[:7] + [1.2] + hugging[8:], 0, 1), 7) == []


# ---- Nelson 8: eight in a row beyond 1σ, either side ----------------------------------------

def test_eight_beyond_one_sigma_either_side():
    assert positions(nelson([1.5, -1.5] * 4, 0, 1), 8) == [7]
    assert positions(nelson([1.5, -1.5, 1.5, -1.5, 0.5, 1.5, -1.5, 1.5], 0, 1), 8) == []


def test_output_is_tidy_and_keeps_labels():
    months = pd.date_range("2024-01-01", periods=6, freq="MS")
    table = nelson(pd.Series([0, 0, 4, 0, -5, 0], index=months), 0, 1)
    assert list(table.columns) == ["point", "position", "rule", "name", "name_zh", "start"]
    assert table["point"].tolist() == [months[2], months[4]]
    assert table["name"].unique().tolist() == ["1 point beyond 3σ"]
    assert table["name_zh"].iloc[0] == "1点超出3σ"
    # sorted by position, then rule; several rules may flag the same point
    many = nelson([3.5, 3.5, 3.5], 0, 1)
    assert list(zip(many["position"], many["rule"], strict=True)) == [(0, 1), (1, 1), (1, 5), (2, 1), (2, 5)]


def test_rule_subset():
    assert nelson([0.5] * 9, 0, 1, rules=[1, 3]).empty
    assert nelson([0.5] * 9, 0, 1, rules=[2])["rule"].tolist() == [2]


@pytest.mark.parametrize(
    "kwargs, column, text",
    [
        ({"values": [1, 2], "centre": 0, "sigma": 0}, "sigma", "finite number > 0"),
        ({"values": [1, 2], "centre": 0, "sigma": -1}, "sigma", "finite number > 0"),
        ({"values": [1, 2], "centre": float("nan"), "sigma": 1}, "centre", "finite number"),
        ({"values": [1, "b"], "centre": 0, "sigma": 1}, "values", "rows 1 (values: 'b')"),
        ({"values": [1, 2], "centre": 0, "sigma": 1, "rules": [9]}, "rules", "no rule numbered [9]"),
    ],
)
def test_bad_input(kwargs, column, text):
    with pytest.raises(DataError) as info:
        nelson(**kwargs)
    assert info.value.column == column
    assert text in str(info.value)
    assert "fix:" in str(info.value)


def test_unknown_family():
    from coursekit.spc.rules import apply_rules

    with pytest.raises(ConfigError, match="unknown rule family: 'shewhart'"):
        apply_rules([1, 2], 0, 1, family="shewhart")
