"""Tests for coursekit.appraisal: thresholds, forced distribution with ties, percentile bands."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.appraisal import (
    SmallTeamWarning,
    forced_distribution,
    grade_by_threshold,
    grade_shares,
    percentile_bands,
    percentile_rank,
    quota_report,
)
from coursekit.errors import ConfigError, DataError


def s(text_scores, index=None):
    return pd.Series(text_scores, index=index, dtype=float)


# --------------------------------------------------------------------------- thresholds
def test_thresholds_boundaries_and_order():
    g = grade_by_threshold(s([90, 89.999, 80, 79.9, 70, 69.9, 0, 100]))
    assert g.tolist() == ["A", "B", "B", "C", "C", "D", "D", "A"]
    assert g.cat.ordered and list(g.cat.categories) == ["D", "C", "B", "A"]
    assert g.max() == "A" and (g >= "B").sum() == 4


def test_thresholds_custom_any_order_and_nan():
    g = grade_by_threshold(s([75, np.nan, 59], index=["a", "b", "c"]), {"不合格": -math.inf, "合格": 60})
    assert g.tolist()[0] == "合格" and g.tolist()[2] == "不合格" and pd.isna(g["b"])
    assert list(g.index) == ["a", "b", "c"]


def test_thresholds_errors():
    with pytest.raises(DataError) as info:
        grade_by_threshold(s([95, 55, 40], index=["x", "y", "z"]), {"A": 90, "B": 60})
    assert info.value.rows == ["y", "z"] and "lowest threshold (B >= 60)" in str(info.value)
    with pytest.raises(ConfigError, match="different numbers"):
        grade_by_threshold([1], {"A": 1, "B": 1})
    with pytest.raises(ConfigError, match="empty"):
        grade_by_threshold([1], {})
    with pytest.raises(DataError, match="must be a number"):
        grade_by_threshold(pd.Series(["x", 1]))


# --------------------------------------------------------------------------- forced distribution
def test_forced_distinct_scores_exact_quotas():
    scores = s([60, 91, 85, 88, 80, 78, 75, 70, 65, 84], index=list("abcdefghij"))
    g = forced_distribution(scores)
    # sorted: b 91, d 88 → A (top 2 = 20 %); c, j, e, f, g, h, i → B (7); a 60 → C
    assert g[["b", "d"]].tolist() == ["A", "A"]
    assert g["a"] == "C"
    assert (g == "B").sum() == 7
    report = quota_report(g)
    assert report.realised_shares == {"A": 0.2, "B": 0.7, "C": 0.1}
    assert report.small_team is False and report.min_team_size == 10 and report.n == 10
    assert list(g.cat.categories) == ["C", "B", "A"]
    assert g.attrs == {}   # metadata lives in quota_report, not in the Series


# Hand-made ties, n = 10, boundaries after positions 2 (A|B) and 9 (B|C).
# Sorted: 90 | 85 85 | 80 80 80 80 80 | 70 | 60 → positions 0 | 1-2 | 3-7 | 8 | 9.
TIED = s([80, 85, 60, 80, 90, 80, 70, 85, 80, 80], index=list("abcdefghij"))


def test_forced_ties_nearest():
    # the 85s occupy positions 1 and 2; boundary 2 cuts them in half → exact half → better grade (A)
    g = forced_distribution(TIED)
    assert g[["e", "b", "h"]].tolist() == ["A", "A", "A"]
    assert quota_report(g).realised_shares == {"A": 0.3, "B": 0.6, "C": 0.1}


def test_forced_ties_better_and_worse():
    better = forced_distribution(TIED, tie="better")
    worse = forced_distribution(TIED, tie="worse")
    assert better[["b", "h"]].tolist() == ["A", "A"]
    assert worse[["b", "h"]].tolist() == ["B", "B"]
    assert quota_report(worse).realised_shares == {"A": 0.1, "B": 0.8, "C": 0.1}


def test_forced_nearest_majority_side():
    # n = 10, three tied at positions 1-3 (mid 2.5 > boundary 2): majority below → B under "nearest"
    g = forced_distribution(s([90, 85, 85, 85, 80, 79, 78, 77, 76, 50]))
    assert g.tolist()[:4] == ["A", "B", "B", "B"]
    # three tied at positions 0-2 (mid 1.5 < 2): majority above → all A
    g2 = forced_distribution(s([90, 90, 90, 85, 80, 79, 78, 77, 76, 50]))
    assert g2.tolist()[:4] == ["A", "A", "A", "B"]
    # "better" gives all three 85s an A in the first case
    assert forced_distribution(s([90, 85, 85, 85, 80, 79, 78, 77, 76, 50]), tie="better").tolist()[:4] == ["A"] * 4


def test_forced_everyone_tied():
    g = forced_distribution(s([70] * 10))
    assert set(g) == {"B"}   # one group, middle position 5 lies in B
    assert set(forced_distribution(s([70] * 10), tie="better")) == {"A"}
    assert set(forced_distribution(s([70] * 10), tie="worse")) == {"C"}


def test_forced_rounding_half_up():
    # n = 7: A ends at round(1.4) = 1, B at round(6.3) = 6 → 1 / 5 / 1
    g = forced_distribution(s(range(7)), warn=False)
    assert [int((g == k).sum()) for k in "ABC"] == [1, 5, 1]
    # n = 5 with 10/80/10: 0.5 rounds up to 1, 4.5 rounds up to 5 → 1 / 4 / 0
    g = forced_distribution(s(range(5)), {"A": 0.1, "B": 0.8, "C": 0.1}, warn=False)
    assert [int((g == k).sum()) for k in "ABC"] == [1, 4, 0]


def test_forced_small_team_warns_and_flags():
    with pytest.warns(SmallTeamWarning, match="need at least 10 people"):
        g = forced_distribution(s([90, 80, 70, 60, 50]))
    assert quota_report(g).small_team is True
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = forced_distribution(s([90, 80, 70, 60, 50]), warn=False)
    assert quota_report(g).small_team is True
    # 5 people: A ends at round(1.0) = 1, B at round(4.5) = 5 → nobody gets C
    assert g.tolist() == ["A", "B", "B", "B", "B"]


def test_forced_nan_left_out():
    scores = s([90, np.nan, 80, 70, 60, 50, 40, 30, 20, 10, 5], index=list("abcdefghijk"))
    g = forced_distribution(scores)
    assert pd.isna(g["b"])
    assert quota_report(g).realised_shares == {"A": 0.2, "B": 0.7, "C": 0.1}   # over the 10 scored people


def test_forced_errors():
    with pytest.raises(DataError, match="sum to 0.9"):
        forced_distribution([1, 2], {"A": 0.2, "B": 0.7})
    with pytest.raises(ConfigError, match="unknown tie rule: 'random'; choose one of nearest, better, worse"):
        forced_distribution([1, 2], tie="random")
    with pytest.raises(ConfigError, match="between 0 and 1"):
        forced_distribution([1, 2], {"A": -0.1, "B": 1.1})


_rule = st.sampled_from(["nearest", "better", "worse"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(50, 60), min_size=1, max_size=40), _rule, st.randoms(use_true_random=False))
def test_forced_properties(values, tie, rnd):
    scores = pd.Series(values, index=[f"p{k}" for k in range(len(values))], dtype=float)
    g = forced_distribution(scores, tie=tie, warn=False)
    # ties always share a grade
    assert (g.groupby(scores, observed=True).nunique() <= 1).all()
    # a better score never gets a worse grade
    order = scores.sort_values(ascending=False, kind="stable").index
    codes = g[order].cat.codes.to_numpy()
    assert (np.diff(codes) <= 0).all()
    # the grading does not depend on the input order
    shuffled = list(scores.index)
    rnd.shuffle(shuffled)
    assert forced_distribution(scores[shuffled], tie=tie, warn=False)[scores.index].tolist() == g.tolist()
    assert sum(quota_report(g).realised_shares.values()) == pytest.approx(1.0)


# --------------------------------------------------------------------------- percentile bands
def test_percentile_rank_hand():
    # share strictly below: 50 → 0/4; 70s → 1/4; 90 → 3/4
    assert percentile_rank(s([50, 70, 70, 90])).tolist() == [0.0, 0.25, 0.25, 0.75]


def test_percentile_bands_default_mirrors_20_70_10():
    g = percentile_bands(s(range(10)))
    assert "".join(g.tolist()) == "CBBBBBBBAA"
    assert list(g.cat.categories) == ["C", "B", "A"]


def test_percentile_bands_ties_and_custom():
    # 1 → p 0; 2,2,2 → p 0.2; 3 → p 0.8
    assert "".join(percentile_bands(s([1, 2, 2, 2, 3])).tolist()) == "CBBBA"
    g = percentile_bands(s([1, 2, 3, 4]), {"优": 0.75, "良": 0.5, "中": 0})
    assert g.tolist() == ["中", "中", "良", "优"]
    with pytest.raises(ConfigError, match="lowest band must start at 0"):
        percentile_bands([1, 2], {"A": 0.5, "B": 0.2})
    with pytest.raises(ConfigError, match="between 0 and 1"):
        percentile_bands([1, 2], {"A": 80, "B": 0})


# --------------------------------------------------------------------------- shares table
def test_grade_shares():
    g = forced_distribution(TIED)
    assert list(grade_shares(g).columns) == ["count", "share"]      # no quotas given: no quota columns
    t = grade_shares(g, quotas={"A": 0.2, "B": 0.7, "C": 0.1})
    assert list(t.index) == ["A", "B", "C"]
    assert t["count"].tolist() == [3, 6, 1]
    assert t["deviation"].tolist() == pytest.approx([0.1, -0.1, 0.0])
    t2 = grade_shares(grade_by_threshold(s([95, 85])))
    assert list(t2.columns) == ["count", "share"] and t2.loc["D", "count"] == 0
    with pytest.raises(DataError):
        grade_shares(pd.Series(["A", "B"]))


def test_quota_report_by_hand():
    # 5 people, 20/70/10: A ends at round(1.0) = 1, B at round(4.5) = 5 → 1 A, 4 B, 0 C (see above);
    # realised 0.2 / 0.8 / 0.0; the 10 % quota needs ceil(1 / 0.1) = 10 people → small team
    g = forced_distribution(s([90, 80, 70, 60, 50]), warn=False)
    report = quota_report(g)
    assert report.realised_shares == {"A": 0.2, "B": 0.8, "C": 0.0}
    assert (report.n, report.min_team_size, report.small_team) == (5, 10, True)
    assert report.table()["deviation"].tolist() == pytest.approx([0.0, 0.1, -0.1])
    assert "强制分布" in report._repr_html_() and "配额" in report.note()
    # custom quotas: the smallest positive quota 0.25 needs 4 people
    g2 = forced_distribution(s([4, 3, 2, 1]), {"上": 0.25, "中": 0.5, "下": 0.25})
    assert quota_report(g2, {"上": 0.25, "中": 0.5, "下": 0.25}).min_team_size == 4
    with pytest.raises(ConfigError, match="no share for grade"):
        quota_report(g2)      # default quotas name A/B/C, the grades are 上/中/下
