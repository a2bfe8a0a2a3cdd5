"""Training analytics against hand computations and scipy.stats."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from coursekit.errors import DataError
from coursekit.training import (
    effect_size_label,
    paired_effect,
)

PRE = [60, 65, 70, 75]
POST = [66, 68, 79, 81]


def test_paired_effect_by_hand():
    # d = 6 3 9 6 ; mean 6 ; sd = sqrt((0+9+9+0)/3) = sqrt(6) = 2.449490 ; se = 1.224745
    # t = 4.898979 ; df = 3 ; d_z = 6/2.449490 = 2.449490
    # sd_pre = 6.454972 ; sd_post = sqrt(173/3) = 7.593857 ; d_av = 6/7.024415 = 0.854164
    # 95 % CI: t(0.975, 3) = 3.182446 -> 6 ± 3.182446 * 1.224745 = 6 ± 3.897685
    r = paired_effect(PRE, POST)
    assert (r.n, r.df) == (4, 3)
    assert r.mean_diff == 6.0 and r.mean_pre == 67.5 and r.mean_post == 73.5
    assert r.sd_diff == pytest.approx(math.sqrt(6))
    assert r.t == pytest.approx(4.898979, abs=1e-6)
    assert r.d_z == pytest.approx(2.449490, abs=1e-6)
    assert r.d_av == pytest.approx(0.854164, abs=1e-6)
    assert r.ci == pytest.approx((6 - 3.897685, 6 + 3.897685), abs=1e-5)
    assert effect_size_label(r.d_av) == "large"


def test_paired_effect_matches_scipy_ttest_rel():
    rng = np.random.default_rng(7)
    pre = rng.normal(60, 10, 25)
    post = pre + rng.normal(4, 6, 25)
    ours = paired_effect(pd.Series(pre), pd.Series(post), confidence=0.9)
    ref = stats.ttest_rel(post, pre)
    assert ours.t == pytest.approx(ref.statistic)
    assert ours.p == pytest.approx(ref.pvalue)
    ci = ref.confidence_interval(confidence_level=0.9)
    assert ours.ci == pytest.approx((ci.low, ci.high))


@pytest.mark.parametrize(
    "pre, post, column, text",
    [
        ([1, 2, 3], [1, 2], "post", "one value per pre value (3), got 2"),
        ([1], [2], "pre", "at least 2 pairs"),
        ([1, 2, 3], [2, 3, 4], "post", "every change is the same"),
        ([1, "x", 3], [2, 3, 5], "pre", "must be a number; rows 1 (values: 'x')"),
        ([1, None, 3], [2, 3, 5], "pre", "must not be missing; rows 1"),
        (pd.Series([1.0, 2, 4], name="pre_score"), [2, 3, np.nan], "post", "must not be missing; rows 2"),
    ],
)
def test_paired_effect_bad_input(pre, post, column, text):
    with pytest.raises(DataError) as info:
        paired_effect(pre, post)
    assert info.value.column == column
    assert text in str(info.value)
    assert "fix:" in str(info.value)


def test_effect_size_labels_cohen_1988():
    assert [effect_size_label(d) for d in (0.1, 0.2, 0.5, 0.79, 0.8, -0.3)] == [
        "negligible", "small", "medium", "medium", "large", "small"]


# ---- difference-in-differences ----------------------------------------------------------------


