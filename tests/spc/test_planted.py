"""Planted truth 3 (coursekit.datasets.generate.PLANTED["process_change"]): RT-T2's resolution
times drop ~40 % from 2024-03. An XmR chart with limits from 2023 must flag it, soon after the
change, and stay quiet for the other teams' points beyond the limits."""

import pandas as pd
import pytest

from coursekit.spc import xmr

datasets = pytest.importorskip("coursekit.datasets")

BASELINE = slice("2023-01-01", "2023-12-01")


@pytest.fixture(scope="module")
def monthly():
    return datasets.load("monthly")


def series(monthly, team):
    return monthly[monthly["team"] == team].set_index("month")["mean_resolution_hours"]


def test_planted_shift_is_flagged_soon_after_the_change(monthly):
    from coursekit.datasets.generate import PLANTED

    planted = PLANTED["process_change"]
    change = pd.Timestamp(planted["month"] + "-01")
    chart = xmr(series(monthly, planted["team"]), baseline=BASELINE)
    assert len(chart.frame) == 24 and chart.frame["baseline"].sum() == 12
    # the baseline year itself breaks no rule: the limits describe a stable process
    for family in ("western_electric", "nelson"):
        flags = chart.rules(family)
        assert (flags["point"] < pd.Timestamp("2024-01-01")).sum() == 0
    # a run rule (WE 4: 8 in a row below the centre; Nelson 2: 9 in a row) fires within 3 months
    for family, rule in (("western_electric", 4), ("nelson", 2)):
        flags = chart.rules(family, rules=[rule])
        first = flags["point"].min()
        assert change <= first <= change + pd.DateOffset(months=3), (family, first)
    # points below the lower limit: only after the change, and every month from the second one on
    assert chart.outside, "no point beyond the baseline limits"
    assert min(chart.outside) >= change
    assert all(month in chart.outside for month in pd.date_range("2024-04-01", "2024-12-01", freq="MS"))
    # the drop is downward (lower is better for resolution time)
    assert (chart.frame.loc[chart.outside, "x"] < chart.lcl).all()


def test_no_other_team_leaves_its_2023_limits(monthly):
    outside = {team: xmr(series(monthly, team), baseline=BASELINE).outside
               for team in monthly["team"].unique()}
    assert [team for team, points in outside.items() if points] == ["RT-T2"]
