"""Training analytics against hand computations and scipy.stats."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from coursekit.errors import ConfigError, DataError
from coursekit.training import (
    ROIResult,
    diff_in_diff,
    diff_in_diff_long,
    effect_size_label,
    kirkpatrick,
    paired_effect,
    phillips_roi,
    training_needs,
)

# ---- needs analysis ---------------------------------------------------------------------------


def competency_table():
    rows = [
        # agent, team, competency, importance, required, current
        ("A", "T1", "product", 0.5, 4, 2),   # gap 2, weighted 1.0
        ("A", "T1", "empathy", 0.3, 3, 4),   # raw -1 -> clipped to 0
        ("A", "T1", "system", 0.2, 5, 3),    # gap 2, weighted 0.4
        ("B", "T1", "product", 0.5, 4, 4),   # 0
        ("B", "T1", "empathy", 0.3, 5, 2),   # gap 3, weighted 0.9
        ("B", "T1", "system", 0.2, 5, 4),    # gap 1, weighted 0.2
        ("C", "T2", "product", 0.5, 4, 3),   # gap 1, weighted 0.5
        ("C", "T2", "empathy", 0.3, 3, 3),   # 0
        ("C", "T2", "system", 0.2, 5, 5),    # 0
    ]
    return pd.DataFrame(rows, columns=["agent_id", "team", "competency", "importance",
                                       "required_level", "current_level"])


def test_needs_per_agent_by_hand():
    needs = training_needs(competency_table())
    # need index = sum of weighted gaps: A 1.0+0+0.4 = 1.4 ; B 0+0.9+0.2 = 1.1 ; C 0.5
    agents = needs.agents
    assert agents.index.tolist() == ["A", "B", "C"]
    assert agents["need_index"].tolist() == pytest.approx([1.4, 1.1, 0.5])
    assert agents["n_gaps"].tolist() == [2, 2, 1]
    assert agents["top_competency"].tolist() == ["product", "empathy", "product"]
    detail = needs.detail
    a = detail[detail["agent_id"] == "A"]
    assert a["competency"].tolist() == ["product", "system", "empathy"]
    assert a["priority"].tolist() == [1, 2, 3]
    # A is above the requirement on empathy: raw gap -1, clipped to 0 (does not offset other gaps)
    empathy = a[a["competency"] == "empathy"].iloc[0]
    assert empathy["raw_gap"] == -1 and empathy["gap"] == 0 and not empathy["needed"]


def test_needs_per_team_by_hand():
    teams = training_needs(competency_table()).teams
    t1 = teams[teams["team"] == "T1"]
    # T1 product: gaps 2, 0 -> mean 1, weighted 1.0, 0 -> 0.5, share 1/2
    # T1 empathy: gaps 0, 3 -> 1.5, weighted 0, 0.9 -> 0.45 ; T1 system: gaps 2, 1 -> 1.5, weighted 0.3
    assert t1["competency"].tolist() == ["product", "empathy", "system"]
    assert t1["mean_weighted_gap"].tolist() == pytest.approx([0.5, 0.45, 0.3])
    assert t1["mean_gap"].tolist() == pytest.approx([1.0, 1.5, 1.5])
    assert t1["share_needing"].tolist() == pytest.approx([0.5, 0.5, 1.0])
    assert t1["n_agents"].tolist() == [2, 2, 2]
    t2 = teams[teams["team"] == "T2"]
    # ties at 0 are ordered by name
    assert t2["competency"].tolist() == ["product", "empathy", "system"]
    assert t2["priority"].tolist() == [1, 2, 3]


def test_needs_without_team_and_bad_input():
    needs = training_needs(competency_table().drop(columns="team"), team=None)
    assert needs.teams.empty and needs.agents.index.tolist() == ["A", "B", "C"]
    with pytest.raises(DataError, match="column 'team': training_needs needs this column"):
        training_needs(competency_table().drop(columns="team"))
    bad = competency_table().assign(importance=[0.5, -0.3, 0.2] * 3)
    with pytest.raises(DataError, match=r"column 'importance': must not be negative; rows 1, 4, 7"):
        training_needs(bad)
    text = competency_table().astype({"current_level": object})
    text.loc[2, "current_level"] = "三"
    with pytest.raises(DataError, match=r"column 'current_level': must be a number; rows 2 \(values: '三'\)"):
        training_needs(text)
    gap = competency_table().astype({"required_level": float})
    gap.loc[0, "required_level"] = np.nan
    with pytest.raises(DataError, match="column 'required_level': must not be missing; rows 0"):
        training_needs(gap)


# ---- paired effect ----------------------------------------------------------------------------

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


def test_phillips_roi_by_hand():
    # benefits 150 000, costs 60 000 + 40 000 = 100 000
    # ROI = (150 000 - 100 000)/100 000 * 100 = 50 % ; BCR = 1.5
    r = phillips_roi(150_000, {"trainer": 60_000, "time off job": 40_000})
    assert (r.roi_pct, r.bcr, r.net_benefit) == (50.0, 1.5, 50_000.0)
    # isolation: 60 % of the gain credited to training, 80 % confidence in the estimate
    # benefits 150 000 * 0.6 * 0.8 = 72 000 ; ROI = -28 % ; BCR = 0.72
    adj = phillips_roi([100_000, 50_000], 100_000, attribution=0.6, estimate_confidence=0.8)
    assert adj.benefits == pytest.approx(72_000) and adj.raw_benefits == 150_000
    assert adj.roi_pct == pytest.approx(-28.0) and adj.bcr == pytest.approx(0.72)


@pytest.mark.parametrize(
    "benefits, costs, kwargs, error, text",
    [
        (100, 0, {}, DataError, "column 'costs': must be more than 0"),
        (100, -5, {}, DataError, "must be more than 0"),
        ("lots", 10, {}, DataError, "column 'benefits'"),
        (100, [10, "x"], {}, DataError, "column 'costs': must be a number; rows 1"),
        (100, 10, {"attribution": 1.5}, ConfigError, "attribution"),
        (100, 10, {"estimate_confidence": 0}, ConfigError, "estimate_confidence"),
    ],
)
def test_phillips_roi_bad_input(benefits, costs, kwargs, error, text):
    with pytest.raises(error, match=text):
        phillips_roi(benefits, costs, **kwargs)


def kirkpatrick_frame():
    return pd.DataFrame({
        "group": ["treatment"] * 3 + ["control"] * 3,
        "reaction": [4.0, 5.0, 3.0, None, None, None],
        "pre_score": [50, 55, 60, 52, 56, 58], "post_score": [62, 66, 73, 55, 58, 62],
        "fcr_pre": [0.70, 0.72, 0.68, 0.70, 0.71, 0.69], "fcr_post": [0.80, 0.84, 0.77, 0.72, 0.72, 0.72],
    })


def test_kirkpatrick_table_by_hand():
    # L1: mean reaction of the trained (4+5+3)/3 = 4 ; L2: score DiD = 9 (as in test_diff_in_diff_by_hand)
    # L3: FCR changes treated .10 .12 .09 -> .103333 ; control .02 .01 .03 -> .02 ; DiD .083333
    # L4: benefits 150,000 ; L5 (Phillips): ROI = (150,000 - 100,000) / 100,000 = 50 %
    table = kirkpatrick(kirkpatrick_frame(), results=phillips_roi(150_000, 100_000))
    assert list(table.columns) == ["level", "name", "name_zh", "measure", "value", "source"]
    assert table["level"].tolist() == [1, 2, 3, 4, 5]
    assert table["name_zh"].tolist() == ["反应层", "学习层", "行为层", "结果层", "投资回报率层"]
    assert table["value"].tolist() == pytest.approx([4.0, 9.0, 0.25 / 3, 150_000, 50.0])
    assert "n=3" in table.loc[0, "source"]
    assert "DiD" in table.loc[1, "measure"] and "control n=3" in table.loc[1, "source"]
    assert "BCR 1.50" in table.loc[4, "source"]
    # the same ROI passed beside a custom level-4 result
    custom = kirkpatrick(kirkpatrick_frame(), results={"value": 3.0}, roi=phillips_roi(150_000, 100_000))
    assert custom["value"].tolist()[3:] == pytest.approx([3.0, 50.0])
    # without an ROI there is no fifth level
    assert kirkpatrick(kirkpatrick_frame())["level"].tolist() == [1, 2, 3, 4]


def test_kirkpatrick_without_control_and_with_custom_results():
    trained = kirkpatrick_frame().iloc[:3]
    table = kirkpatrick(trained, behaviour=None,
                        results={"measure": "complaints per 1,000 orders", "value": -1.2, "source": "CRM"})
    # no control group: level 2 is the paired mean change (12+11+13)/3 = 12
    assert table.loc[1, "value"] == pytest.approx(12.0)
    assert "no control group" in table.loc[1, "measure"]
    assert math.isnan(table.loc[2, "value"]) and table.loc[2, "measure"] == "not measured"
    assert table.loc[3, "value"] == -1.2 and table.loc[3, "source"] == "CRM"
    with pytest.raises(ConfigError, match="'value'"):
        kirkpatrick(trained, results={"measure": "x"})
    with pytest.raises(DataError, match="column 'reaction'"):
        kirkpatrick(trained.drop(columns="reaction"))
    # break-even: benefits equal costs -> ROI 0 %, BCR 1
    even = phillips_roi(1, 1)
    assert isinstance(even, ROIResult) and (even.roi_pct, even.bcr) == (0.0, 1.0)


# ---- planted truth 1 (coursekit.datasets.generate.PLANTED["training"]) -------------------------


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


def test_t_distribution_helpers_match_scipy_stats():
    """The paired test and DiD use scipy.special's t functions (a lighter import than scipy.stats).

    Reference: scipy.stats.t, which calls the same special functions; plus two t-table values.
    """
    from scipy import stats

    from coursekit.training._t import t_quantile, two_sided_p

    for df in (1, 2.5, 3, 10, 51.7, 200):
        for t in (0.0, 0.5, 2.0, 4.899, 12.0):
            assert two_sided_p(t, df) == pytest.approx(2 * stats.t.sf(t, df), rel=1e-12, abs=1e-300)
            assert two_sided_p(-t, df) == two_sided_p(t, df)
        for q in (0.9, 0.95, 0.975, 0.995):
            assert t_quantile(q, df) == pytest.approx(stats.t.ppf(q, df), rel=1e-10)
    assert round(t_quantile(0.975, 3), 3) == 3.182 and round(t_quantile(0.975, 10), 3) == 2.228
