"""Tests for coursekit.system.model: Indicator, Dimension, KPISystem, scoring, describe."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import ConfigError, DataError
from coursekit.system import Dimension, Indicator, KPISystem, SystemScore, example_system


def demo() -> KPISystem:
    return KPISystem([
        Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
        Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)]),
    ], name="demo")


CARD = pd.DataFrame({"csat": [0.9, 0.8, 0.7], "fcr": [0.6, 0.8, 0.7], "ttr_median_h": [4.0, 6.0, 8.0],
                     "n_tickets": [10, 12, 9]}, index=pd.Index(["T1", "T2", "T3"], name="team"))


# --------------------------------------------------------------------------- Indicator / Dimension
def test_indicator_direction_from_catalog_and_override():
    assert Indicator("fcr", 1).direction == "higher"
    assert Indicator("ttr_median_h", 1).direction == "lower"
    assert Indicator("complaint_rate", 1).direction == "lower"
    assert Indicator("ces", 1, direction="lower").direction == "lower"   # CES 1.0 style, explicit
    own = Indicator("parts_availability", 1, direction="higher")           # own KPI: direction required
    assert own.name_zh == "parts_availability"
    assert Indicator("fcr", 1).name_zh == "首次解决率"


def test_indicator_errors():
    with pytest.raises(ConfigError, match=r"unknown KPI code 'ttr_median'; did you mean 'ttr_median_h'"):
        Indicator("ttr_median", 1)
    with pytest.raises(ConfigError, match="uses normalise='target' but has no target"):
        Indicator("fcr", 1, normalise="target")
    with pytest.raises(ConfigError, match="target must be positive"):
        Indicator("nps", 1, normalise="target", target=-5)
    with pytest.raises(ConfigError, match="direction must be 'higher' or 'lower'"):
        Indicator("fcr", 1, direction="up")
    with pytest.raises(ConfigError, match="unknown normalise='rank'"):
        Indicator("fcr", 1, normalise="rank")
    with pytest.raises(ConfigError, match="non-negative number"):
        Indicator("fcr", -0.1)
    with pytest.raises(ConfigError, match="cap must be positive"):
        Indicator("fcr", 1, cap=0)


def test_dimension_weights_must_sum_to_one():
    with pytest.raises(DataError) as info:
        Dimension("效率", 0.3, [Indicator("frt_median_h", 0.4), Indicator("sla_compliance", 0.5)])
    msg = str(info.value)
    assert "they sum to 0.9" in msg and "frt_median_h, sla_compliance" in msg and "divide each by 0.9" in msg
    # 0.3 + 0.3 + 0.4 is 1.0000000000000002 in floating point: accepted
    Dimension("x", 1, [Indicator("fcr", 0.3), Indicator("csat", 0.3), Indicator("nps", 0.4)])
    with pytest.raises(ConfigError, match="no indicators"):
        Dimension("x", 1, [])
    with pytest.raises(ConfigError, match="lists fcr more than once"):
        Dimension("x", 1, [Indicator("fcr", 0.5), Indicator("fcr", 0.5)])
    with pytest.raises(ConfigError, match="must be Indicator"):
        Dimension("x", 1, [{"code": "fcr", "weight": 1}])


def test_system_validation():
    with pytest.raises(DataError) as info:
        KPISystem([Dimension("客户", 0.6, [Indicator("csat", 1)]), Dimension("效率", 0.3, [Indicator("fcr", 1)])])
    assert "column 'dimensions': weights must sum to 1, they sum to 0.9" in str(info.value)
    assert info.value.rows == ["客户", "效率"]
    with pytest.raises(ConfigError, match="fcr is in 客户, 效率"):
        KPISystem([Dimension("客户", 0.5, [Indicator("fcr", 1)]), Dimension("效率", 0.5, [Indicator("fcr", 1)])])
    with pytest.raises(ConfigError, match="repeated: 客户"):
        KPISystem([Dimension("客户", 0.5, [Indicator("fcr", 1)]), Dimension("客户", 0.5, [Indicator("csat", 1)])])
    with pytest.raises(ConfigError, match="at least one Dimension"):
        KPISystem([])


def test_weights():
    s = demo()
    assert s.global_weights().to_dict() == {"csat": 0.5, "fcr": 0.25, "ttr_median_h": 0.25}
    assert s.global_weights().name == "global_weight"
    assert s.dimension_weights().to_dict() == {"客户": 0.5, "效率": 0.5}
    assert s.local_weights().to_dict() == {"csat": 1.0, "fcr": 0.5, "ttr_median_h": 0.5}
    assert s.codes == ("csat", "fcr", "ttr_median_h")
    assert s.indicator("fcr").weight == 0.5
    with pytest.raises(ConfigError, match="did you mean 'fcr'"):
        s.indicator("fcrr")
    with pytest.raises(ConfigError, match="dimensions: 客户, 效率"):
        s.dimension("质量")


# --------------------------------------------------------------------------- with_weights
def test_with_weights_global():
    s = demo().with_weights({"csat": 2, "fcr": 1, "ttr_median_h": 1})
    assert s.global_weights().tolist() == pytest.approx([0.5, 0.25, 0.25])
    # only fcr raised to 0.5 (others keep 0.5 and 0.25): total 1.25 → 0.4, 0.4, 0.2
    t = demo().with_weights({"fcr": 0.5})
    assert t.global_weights().tolist() == pytest.approx([0.4, 0.4, 0.2])
    assert t.dimension_weights().tolist() == pytest.approx([0.4, 0.6])
    assert t.local_weights().tolist() == pytest.approx([1.0, 2 / 3, 1 / 3])
    assert t.name == "demo"
    # a dimension weighted 0: its indicators keep their local weights
    z = demo().with_weights({"csat": 0})
    assert z.dimension_weights().tolist() == [0.0, 1.0]
    assert z.indicator("csat").weight == 1.0


def test_with_weights_local():
    s = demo().with_weights({"客户": 3, "效率": 1, "fcr": 3, "ttr_median_h": 1}, level="local")
    assert s.dimension_weights().tolist() == [0.75, 0.25]
    assert s.local_weights().tolist() == [1.0, 0.75, 0.25]
    assert s.global_weights().sum() == pytest.approx(1.0)


def test_with_weights_errors():
    with pytest.raises(ConfigError, match="'客户' is not an indicator .*level='local'"):
        demo().with_weights({"客户": 1})
    with pytest.raises(ConfigError, match="did you mean 'csat'"):
        demo().with_weights({"cast": 1})
    with pytest.raises(ConfigError, match="all zero"):
        demo().with_weights({"csat": 0, "fcr": 0, "ttr_median_h": 0})
    with pytest.raises(ConfigError, match="non-negative"):
        demo().with_weights({"csat": -1})
    with pytest.raises(ConfigError, match="level must be"):
        demo().with_weights({"csat": 1}, level="dimension")


# --------------------------------------------------------------------------- with_targets
def target_demo() -> KPISystem:
    return KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 0.5, target=0.8, normalise="target"),
                                             Indicator("csat", 0.5)])], name="targets")


TARGET_CARD = pd.DataFrame({"fcr": [0.6, 0.8, 0.7], "csat": [0.9, 0.8, 0.7]}, index=["A1", "A2", "A3"])


def test_with_targets_rescores_by_hand():
    # target 0.8: fcr 0.6/0.8 = 75, 100, 0.7/0.8 = 87.5; csat (min–max) 100, 50, 0
    # composite = 0.5·fcr + 0.5·csat                                → 87.5, 75, 43.75
    # target 0.7: fcr 0.6/0.7 = 85.714…, 100 (capped), 100          → 92.857…, 75, 50
    before, after = target_demo(), target_demo().with_targets({"fcr": 0.7})
    assert before.score(TARGET_CARD).composite.tolist() == pytest.approx([87.5, 75.0, 43.75])
    assert after.score(TARGET_CARD).composite.tolist() == pytest.approx([(600 / 7 + 100) / 2, 75.0, 50.0])
    assert after.indicator("fcr").target == 0.7 and before.indicator("fcr").target == 0.8
    assert after.global_weights().equals(before.global_weights()) and after.name == "targets"
    assert after.indicator("fcr").replace(target=0.8) == before.indicator("fcr")   # nothing else changed


def test_with_targets_on_a_min_max_indicator_records_it_without_changing_scores():
    after = target_demo().with_targets({"csat": 0.85})
    assert after.indicator("csat").target == 0.85
    pd.testing.assert_frame_equal(after.score(TARGET_CARD).indicators, target_demo().score(TARGET_CARD).indicators)
    before = target_demo()
    same = before.with_targets({})
    assert same == before and same is not before


@pytest.mark.parametrize("mapping, words", [
    ({"fcrr": 0.7}, "with_targets: 'fcrr' is not an indicator of this system; did you mean 'fcr'"),
    ({"fcr": "0.7"}, "the new target of 'fcr' must be a finite number (e.g. 0.8 for an 80 % goal), got '0.7'"),
    ({"fcr": True}, "must be a finite number"),
    ({"fcr": float("inf")}, "must be a finite number"),
    ({"fcr": 0}, "indicator 'fcr': target must be positive for normalise='target', got 0.0"),
    ([("fcr", 0.7)], "takes a mapping of indicator code → new target"),
])
def test_with_targets_errors(mapping, words):
    with pytest.raises(ConfigError) as info:
        target_demo().with_targets(mapping)
    assert words in str(info.value)


# --------------------------------------------------------------------------- scoring
def test_score_hand_computed():
    # csat 0.9, 0.8, 0.7 (min–max, higher)      → 100, 50, 0       = 客户
    # fcr 0.6, 0.8, 0.7 (min–max, higher)       → 0, 100, 50
    # ttr_median_h 4, 6, 8 (min–max, lower)     → 100, 50, 0
    # 效率 = 0.5·fcr + 0.5·ttr                   → 50, 75, 25
    # composite = 0.5·客户 + 0.5·效率             → 75, 62.5, 12.5 → ranking 1, 2, 3
    r = demo().score(CARD)
    assert isinstance(r, SystemScore)
    assert r.indicators.loc["T2"].tolist() == pytest.approx([50.0, 100.0, 50.0])
    assert r.dimensions["客户"].tolist() == pytest.approx([100.0, 50.0, 0.0])
    assert r.dimensions["效率"].tolist() == pytest.approx([50.0, 75.0, 25.0])
    assert r.composite.tolist() == pytest.approx([75.0, 62.5, 12.5])
    assert r.composite.name == "composite"
    assert r.ranking.tolist() == [1, 2, 3]
    assert list(r.composite.index) == ["T1", "T2", "T3"] and r.composite.index.name == "team"
    assert r.contributions.sum(axis=1).tolist() == pytest.approx(r.composite.tolist())
    assert r.table().index.tolist() == ["T1", "T2", "T3"]
    assert list(r.table().columns) == ["客户", "效率", "composite", "ranking"]


def test_ranking_ties_use_min():
    card = pd.DataFrame({"csat": [0.9, 0.9, 0.7, 0.8]}, index=list("abcd"))
    s = KPISystem([Dimension("客户", 1, [Indicator("csat", 1)])])
    assert s.score(card).ranking.tolist() == [1, 1, 4, 3]


def test_target_indicator_in_system():
    # fcr target 0.8: 0.6/0.8 = 75, 0.8 → 100, 0.7 → 87.5
    s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 1, target=0.8, normalise="target")])])
    assert s.score(CARD).composite.tolist() == pytest.approx([75.0, 100.0, 87.5])


def test_score_missing_column_names_it_with_close_match():
    card = CARD.rename(columns={"ttr_median_h": "ttr_median"})
    with pytest.raises(DataError) as info:
        demo().score(card)
    msg = str(info.value)
    assert info.value.column == "ttr_median_h"
    assert "has no column 'ttr_median_h'" in msg and "did you mean 'ttr_median'" in msg


def test_score_missing_values():
    card = CARD.copy()
    card.loc["T2", "fcr"] = np.nan
    with pytest.raises(DataError) as info:
        demo().score(card)
    assert info.value.column == "fcr" and info.value.rows == ["T2"] and "missing='reweight'" in str(info.value)
    r = demo().score(card, missing="reweight")
    # fcr without T2: 0.6, 0.7 → 0, 100; T2's 效率 = ttr only = 50; T2 composite = 0.5·50 + 0.5·50 = 50
    assert r.dimensions.loc["T2", "效率"] == pytest.approx(50.0)
    assert r.composite.loc["T2"] == pytest.approx(50.0)
    assert r.dimensions.loc["T3", "效率"] == pytest.approx(50.0)   # 0.5·100 + 0.5·0


def test_score_bad_scorecards():
    with pytest.raises(DataError, match="must be a DataFrame"):
        demo().score({"csat": [1]})
    with pytest.raises(DataError, match="no rows"):
        demo().score(CARD.iloc[0:0])
    bad = CARD.assign(csat=["a", "b", "c"])
    with pytest.raises(DataError, match="column 'csat': must hold numbers"):
        demo().score(bad)
    with pytest.raises(ConfigError, match="missing must be"):
        demo().score(CARD, missing="drop")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0.1, 100)), min_size=1, max_size=25),
       st.floats(0.05, 0.95))
def test_composite_in_range_and_is_weighted_sum(rows, w):
    card = pd.DataFrame(rows, columns=["csat", "fcr", "ttr_median_h"])
    s = demo().with_weights({"客户": w, "效率": 1 - w}, level="local")
    r = s.score(card)
    assert ((r.composite >= -1e-9) & (r.composite <= 100 + 1e-9)).all()
    expected = w * r.dimensions["客户"] + (1 - w) * r.dimensions["效率"]
    assert np.allclose(r.composite, expected)
    assert r.ranking.min() == 1


# --------------------------------------------------------------------------- describe
def test_describe_chinese():
    t = demo().describe()
    assert list(t.columns) == ["维度", "维度权重", "指标", "方向", "权重", "全局权重", "目标值", "标准化方法"]
    assert t.index.name == "代码" and list(t.index) == ["csat", "fcr", "ttr_median_h"]
    assert t.loc["ttr_median_h", "方向"] == "越低越好"
    assert t.loc["fcr", "全局权重"] == 0.25
    assert t.loc["fcr", "指标"] == "首次解决率"
    assert t["目标值"].isna().all()
    m = example_system("manufacturing").describe()
    assert m.loc["first_time_fix", "目标值"] == 0.88
    assert m.loc["first_time_fix", "标准化方法"] == "目标达成率(封顶100%)"
    assert example_system("finance").describe().loc["qa_score", "标准化方法"] == "标准分(T=50+10z)"


def test_describe_english():
    t = demo().describe(lang="en")
    assert list(t.columns) == ["dimension", "dimension_weight", "indicator", "direction", "weight",
                               "global_weight", "target", "normalise"]
    assert t.loc["csat", "dimension"] == "customer"
    assert t.loc["fcr", "indicator"] == "first contact resolution"
    with pytest.raises(ConfigError):
        demo().describe(lang="fr")


def test_describe_adds_card_columns_only_for_carded_systems():
    carded = KPISystem([Dimension("效率", 1.0, [
        Indicator("fcr", 0.6, target=0.75, definition="期内创建的全部工单", source="工单系统", period="年度"),
        Indicator("sla_compliance", 0.4, target=0.95, source="工单系统")])])
    t = carded.describe()
    assert list(t.columns)[-3:] == ["口径", "数据来源", "考核周期"]
    assert t.loc["fcr", "口径"] == "期内创建的全部工单" and t.loc["sla_compliance", "口径"] == ""
    assert t["数据来源"].tolist() == ["工单系统", "工单系统"]
    assert list(carded.describe(lang="en").columns)[-3:] == ["definition", "source", "period"]
    assert demo().describe().shape == (3, 8)     # systems without cards look as before


def test_card_fields_validation_and_replace():
    for bad in ("", "   ", 3, ["工单系统"]):
        with pytest.raises(ConfigError, match="source must be non-empty text"):
            Indicator("fcr", 1, source=bad)
    card = Indicator("fcr", 1, definition="全部工单", source="工单系统", period="年度")
    moved = card.replace(weight=0.5, period="季度")
    assert (moved.weight, moved.definition, moved.source, moved.period) == (0.5, "全部工单", "工单系统", "季度")
    assert card.replace() == card
    s = KPISystem([Dimension("效率", 1.0, [card])])
    assert s.with_weights({"fcr": 1}).indicator("fcr").period == "年度"
    assert s.with_targets({"fcr": 0.7}).indicator("fcr").definition == "全部工单"


# --------------------------------------------------------------------------- examples + kpi integration
@pytest.mark.parametrize("industry", ["manufacturing", "services", "retail", "finance"])
def test_example_systems_are_valid(industry):
    s = example_system(industry)
    assert s.global_weights().sum() == pytest.approx(1.0)
    assert len(s.dimensions) >= 3
    from coursekit.kpi import CODES
    assert set(s.codes) <= set(CODES)


def test_example_system_names_and_errors():
    assert example_system("零售业") == example_system("retail")
    with pytest.raises(ConfigError, match="manufacturing .制造业."):
        example_system("mining")


def test_scores_a_real_kpi_scorecard():
    from coursekit import kpi
    from coursekit.kpi.examples import surveys, tickets

    card = kpi.scorecard(tickets(), surveys())
    s = KPISystem([
        Dimension("客户", 0.4, [Indicator("csat", 0.5), Indicator("nps", 0.5)]),
        Dimension("效率", 0.6, [Indicator("frt_median_h", 0.5), Indicator("fcr", 0.5)]),
    ])
    r = s.score(card)
    assert list(r.composite.index) == list(card.index)
    assert r.composite.between(0, 100).all()


@pytest.fixture(scope="module")
def shipped():
    from coursekit.datasets import load

    return load("tickets"), load("surveys")


@pytest.mark.parametrize("industry", ["manufacturing", "services", "retail", "finance"])
def test_example_systems_score_the_shipped_data(industry, shipped):
    # every example indicator is computable from that industry's shipped tickets and surveys
    from coursekit import kpi

    tickets, surveys = shipped
    system = example_system(industry)
    t, s = tickets[tickets["industry"] == industry], surveys[surveys["industry"] == industry]
    teams = kpi.scorecard(t, s, by="team", kpis=list(system.codes))
    r = system.score(teams)                                   # complete at team level: no NaN allowed
    assert r.composite.notna().all() and r.composite.between(0, 100).all()
    assert sorted(r.ranking.tolist()) == list(range(1, len(teams) + 1))
    agents = kpi.scorecard(t, s, by="agent_id", kpis=list(system.codes))
    ra = system.score(agents, missing="reweight")
    assert ra.composite.notna().all() and len(ra.composite) == len(agents)
