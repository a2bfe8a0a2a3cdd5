"""Training analytics against hand computations and scipy.stats."""


import numpy as np
import pandas as pd
import pytest
from scipy import stats

from coursekit.errors import ConfigError, DataError
from coursekit.training import (
    diff_in_diff,
    diff_in_diff_long,
)


def did_frame():
    return pd.DataFrame({
        "agent_id": list("abcdef"),
        "group": ["treatment"] * 3 + ["control"] * 3,
        "pre": [50, 55, 60, 52, 56, 58],
        "post": [62, 66, 73, 55, 58, 62],
    })


def test_diff_in_diff_by_hand():
    # treated changes 12 11 13 (mean 12, var 1) ; control changes 3 2 4 (mean 3, var 1)
    # DiD = 12 - 3 = 9 ; se = sqrt(1/3 + 1/3) = 0.816497
    # Welch df = (2/3)^2 / ((1/3)^2/2 + (1/3)^2/2) = 4 ; t = 11.0227
    # 95 % CI: t(0.975, 4) = 2.776445 -> 9 ± 2.266959
    r = diff_in_diff(did_frame(), "pre", "post")
    assert r.estimate == pytest.approx(9.0)
    assert r.se == pytest.approx(0.816497, abs=1e-6)
    assert r.df == pytest.approx(4.0)
    assert r.t == pytest.approx(11.0227, abs=1e-4)
    assert r.ci == pytest.approx((9 - 2.266959, 9 + 2.266959), abs=1e-5)
    assert r.naive == pytest.approx(12.0)
    assert (r.treated_pre, r.treated_post) == pytest.approx((55.0, 67.0))
    assert (r.control_pre, r.control_post) == pytest.approx((166 / 3, 175 / 3))
    assert (r.n_treated, r.n_control) == (3, 3)
    table = r.table()
    assert table.loc["treated", "change"] == pytest.approx(12.0)
    assert table.loc["control", "change"] == pytest.approx(3.0)


def test_diff_in_diff_matches_welch_on_change_scores():
    rng = np.random.default_rng(11)
    n_t, n_c = 30, 45
    frame = pd.DataFrame({
        "group": ["treatment"] * n_t + ["control"] * n_c,
        "fcr_pre": rng.normal(0.7, 0.05, n_t + n_c),
    })
    frame["fcr_post"] = frame["fcr_pre"] + 0.02 + np.r_[np.full(n_t, 0.1), np.zeros(n_c)] \
        + rng.normal(0, np.r_[np.full(n_t, 0.04), np.full(n_c, 0.02)])
    change = frame["fcr_post"] - frame["fcr_pre"]
    treated = frame["group"] == "treatment"
    ref = stats.ttest_ind(change[treated], change[~treated], equal_var=False)
    r = diff_in_diff(frame, "fcr_pre", "fcr_post")
    assert r.t == pytest.approx(ref.statistic)
    assert r.p == pytest.approx(ref.pvalue)
    assert r.df == pytest.approx(ref.df)
    ci = ref.confidence_interval(0.95)
    assert r.ci == pytest.approx((ci.low, ci.high))
    assert r.ci[0] < 0.1 < r.ci[1]


def test_diff_in_diff_long_equals_wide():
    wide = did_frame()
    long = wide.melt(id_vars=["agent_id", "group"], value_vars=["pre", "post"], var_name="period",
                     value_name="score")
    assert diff_in_diff_long(long, "score").estimate == pytest.approx(9.0)
    assert diff_in_diff_long(long, "score").se == pytest.approx(diff_in_diff(wide, "pre", "post").se)
    with pytest.raises(DataError, match="more than one row for the same period"):
        diff_in_diff_long(pd.concat([long, long.iloc[[0]]]), "score")
    with pytest.raises(DataError, match="has no rows with value 'before'"):
        diff_in_diff_long(long, "score", pre="before")


def test_diff_in_diff_missing_values_and_labels():
    frame = did_frame().astype({"post": float})
    frame.loc[1, "post"] = np.nan
    with pytest.raises(DataError, match="column 'post': must not be missing; rows 1; fix: .*dropna=True"):
        diff_in_diff(frame, "pre", "post")
    r = diff_in_diff(frame, "pre", "post", dropna=True)
    # treated changes 12, 13 -> 12.5 ; control 3 -> DiD 9.5
    assert r.n_treated == 2 and r.estimate == pytest.approx(9.5)
    with pytest.raises(DataError, match="column 'group': needs at least 2 complete treated rows"):
        diff_in_diff(did_frame(), "pre", "post", treated="trained")
    with pytest.raises(DataError, match="needs at least 2 complete control rows"):
        diff_in_diff(did_frame(), "pre", "post", control="ctrl")
    with pytest.raises(DataError, match="column 'fcr_post': diff_in_diff needs this column"):
        diff_in_diff(did_frame(), "pre", "fcr_post")
    with pytest.raises(ConfigError, match="confidence"):
        diff_in_diff(did_frame(), "pre", "post", confidence=95)


# ---- Kirkpatrick and Phillips -----------------------------------------------------------------


@pytest.mark.parametrize("pre, post, effect_key, naive_key",
                         [("fcr_pre", "fcr_post", "fcr_effect", "naive_fcr"),
                          ("pre_score", "post_score", "score_effect", "naive_score")])
def test_diff_in_diff_recovers_the_planted_training_effect(pre, post, effect_key, naive_key):
    datasets = pytest.importorskip("coursekit.datasets")
    from coursekit.datasets.generate import PLANTED

    planted = PLANTED["training"]
    r = diff_in_diff(datasets.load("training"), pre, post, group="group", treated="treatment", dropna=True)
    assert r.ci[0] < planted[effect_key] < r.ci[1]
    assert r.ci[0] > 0  # the effect is clearly there
    # the naive pre/post change of the trained group also contains everybody's drift
    assert r.naive > r.estimate
    assert abs(r.naive - planted[naive_key]) < abs(r.estimate - planted[naive_key])


