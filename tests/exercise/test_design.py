"""Tests for coursekit.exercise.design: the property checks of assignment a6, on hand-made designs."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest

from coursekit.errors import ConfigError
from coursekit.exercise import design as D
from coursekit.system import Dimension, Indicator, KPISystem
from coursekit.weights import pairwise_matrix

BRIEF = {
    "sources": {"工单系统": ["fcr", "sla_compliance", "ttr_mean_h", "ttr_median_h"], "回访问卷": ["csat", "csat_mean"],
                "投诉台账": ["complaint_rate"], "质检抽检": ["critical_error_rate", "qa_score"]},
    "periods": ["月度", "季度", "半年度", "年度"],
    "min_period": {"complaint_rate": "年度", "qa_score": "半年度"},
    "not_applicable": {"first_time_fix": "没有上门维修业务"},
}
CARD = pd.DataFrame({"csat": [0.70, 0.75, 0.80, 0.85, 0.90], "complaint_rate": [40.0, 30, 20, 10, 0],
                     "fcr": [0.60, 0.65, 0.70, 0.75, 0.80], "sla_compliance": [0.90, 0.80, 0.95, 0.85, 0.92]},
                    index=pd.Index(["A1", "A2", "A3", "A4", "A5"], name="agent_id"))


def card_(code, weight, **changes):
    base = {"code": code, "weight": weight, "direction": "higher", "definition": "期内全部相关记录，按口径计算",
            "source": "工单系统", "period": "年度", "target": 0.8}
    base.update(changes)
    return base


def good_design():
    return {"name": "演示", "dimensions": [
        {"name": "客户", "weight": 0.6, "indicators": [
            card_("csat", 0.5, source="回访问卷", target=0.85),
            card_("complaint_rate", 0.5, direction="lower", source="投诉台账", target=15)]},
        {"name": "效率", "weight": 0.4, "indicators": [
            card_("fcr", 1.0, target=0.75)]}]}


# --------------------------------------------------------------------------- structure
def test_a_complete_design_builds_a_carded_system():
    design = good_design()
    assert D.structure_problems(design, CARD, BRIEF) == []
    system = D.build_system(design, CARD, BRIEF)
    assert isinstance(system, KPISystem) and system.codes == ("csat", "complaint_rate", "fcr")
    assert system.global_weights().to_dict() == pytest.approx({"csat": 0.3, "complaint_rate": 0.3, "fcr": 0.4})
    assert system.indicator("complaint_rate").source == "投诉台账"
    assert system.indicator("fcr").target == 0.75 and system.indicator("fcr").period == "年度"
    numpy_weights = copy.deepcopy(design)
    numpy_weights["dimensions"][0]["weight"] = np.float64(0.6)      # ck.weights.ahp(...).weights values
    numpy_weights["dimensions"][1]["weight"] = np.float64(0.4)
    assert D.build_system(numpy_weights).dimension_weights().tolist() == [0.6, 0.4]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["dimensions"][0]["indicators"][0].update(weight="0.5"),
     "维度「客户」第 1 张卡片（csat）的权重 weight 是文本 '0.5'：应为数字，请去掉引号，写成 0.5"),
    (lambda d: d["dimensions"][0]["indicators"][0].update(target="85%"),
     "维度「客户」第 1 张卡片（csat）的目标 target 是文本 '85%'：应为数字，写一个数字目标值，用去年的数据确定"),
    (lambda d: d["dimensions"][0]["indicators"][1].pop("target"),
     "维度「客户」第 2 张卡片（complaint_rate）缺少目标 target：写一个数字目标值，用去年的数据确定"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(code="fcrr"),
     "维度「效率」第 1 张卡片（fcrr）的指标代码 code 'fcrr' 不在 KPI 目录中：是不是想写 'fcr'？可用的代码见 ck.kpi.catalog()"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(code="first_time_fix"),
     "维度「效率」第 1 张卡片（first_time_fix）：一次修复率（first_time_fix）不适用于本事业部——没有上门维修业务。"
     "请换一个 card 中有的指标"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(code="nps"),
     "维度「效率」第 1 张卡片（nps）：card 中没有 nps 这一列，去年的数据算不出这个指标；"
     "可选的指标：csat, complaint_rate, fcr, sla_compliance"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(code="csat"),
     "维度「效率」第 1 张卡片（csat）：指标 csat 已经在维度「客户」中出现过，同一个指标只能出现一次"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(direction="up"),
     "维度「效率」第 1 张卡片（fcr）的方向 direction 是 'up'：写 'higher'（越高越好）或 'lower'（越低越好）"),
    (lambda d: d["dimensions"][1]["indicators"][0].pop("direction"),
     "维度「效率」第 1 张卡片（fcr）缺少方向 direction：写 'higher'（越高越好）或 'lower'（越低越好）"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(definition="FCR"),
     "维度「效率」第 1 张卡片（fcr）的口径 definition 'FCR' 太简单：用一句话写清楚口径：哪些工单/问卷/投诉计入分子和分母"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(source="CRM"),
     "维度「效率」第 1 张卡片（fcr）的数据来源 source 'CRM' 不在简报列出的数据来源中：从 工单系统、回访问卷、投诉台账、质检抽检 中选一个"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(period="每周"),
     "维度「效率」第 1 张卡片（fcr）的考核周期 period '每周' 不认识：从 月度、季度、半年度、年度 中选一个"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(normalise="rank"),
     "维度「效率」第 1 张卡片（fcr）的标准化方法 normalise 'rank' 不认识：从 minmax, zscore, target 中选一个（不写默认 'minmax'）"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(normalise="target", target=0),
     "维度「效率」第 1 张卡片（fcr）用目标达成率计分（normalise='target'），目标 target 必须为正数，现在是 0；目标为 0 的指标请用 'minmax'"),
    (lambda d: d["dimensions"][1]["indicators"][0].update(weight=True),
     "维度「效率」第 1 张卡片（fcr）的权重 weight 是 True（真/假），应为数字：写一个 0–1 之间的数字，由 AHP 判断矩阵求得"),
    (lambda d: d["dimensions"][0].update(indicators=[]),
     "维度「客户」没有指标：每个维度至少要有一张指标卡片，或者删掉这个维度并重新分配维度权重"),
    (lambda d: d["dimensions"][0].update(weight=0.5),
     "各维度的权重之和是 0.9，应为 1：用维度判断矩阵 ck.weights.ahp(...).weights 的值，不要自己四舍五入"),
    (lambda d: d["dimensions"][0]["indicators"][0].update(weight=0.4),
     "维度「客户」的指标权重之和是 0.9，应为 1：用 ck.weights.ahp(...).weights 的值，不要自己四舍五入"),
    (lambda d: d["dimensions"][0].update(name="效率"), "维度「效率」重复出现：维度名称不能相同"),
    (lambda d: d.update(dimensions=[]), "kpi_design 缺少 'dimensions'：应是一个非空列表，每个元素是一个维度（字典）"),
])
def test_each_malformed_card_is_named_with_its_field_and_fix(change, expected):
    design = good_design()
    change(design)
    problems = D.structure_problems(design, CARD, BRIEF)
    assert expected in problems, problems
    with pytest.raises(D.DesignError) as info:
        D.build_system(design, CARD, BRIEF)
    assert expected in str(info.value) and info.value.problems == problems
    assert isinstance(info.value, ConfigError)
    assert D.try_build(design, CARD, BRIEF) is None


def test_a_misspelt_key_is_named_with_a_suggestion_and_every_problem_is_listed():
    design = good_design()
    item = design["dimensions"][1]["indicators"][0]
    item["wieght"] = item.pop("weight")
    item["target"] = None
    problems = D.structure_problems(design)
    assert problems[0].startswith("维度「效率」第 1 张卡片（fcr）有不认识的字段 'wieght'：是不是想写 'weight'？")
    assert "维度「效率」第 1 张卡片（fcr）缺少权重 weight：写一个 0–1 之间的数字，由 AHP 判断矩阵求得" in problems
    assert any("缺少目标 target" in p for p in problems)
    assert D.structure_problems("csat") == ["kpi_design 应是一个字典（dict），形如 {'name': ..., 'dimensions': [...]}，现在是 str"]
    assert D.structure_problems({"dimensions": [["csat"]]}) == [
        "第 1 个维度应是字典（含 name、weight、indicators），现在是 list"]


def test_a_whole_series_as_weight_is_shown_briefly():
    design = good_design()
    design["dimensions"][0]["weight"] = pd.Series({"客户": 0.6, "效率": 0.4})       # forgot ["客户"]
    (problem,) = [p for p in D.structure_problems(design) if "维度「客户」" in p]
    assert problem.startswith("维度「客户」的权重 weight 应为一个有限的数字，现在是 Series 客户 0.6 效率 0.4 dtype: float64：")
    design["dimensions"][0]["weight"] = float("nan")
    assert any("应为一个有限的数字，现在是 float nan" in p for p in D.structure_problems(design))


def test_without_card_and_brief_only_the_form_is_checked():
    design = good_design()
    design["dimensions"][1]["indicators"][0].update(code="nps", source="自定义来源", target=30)
    assert D.structure_problems(design) == []


def test_card_problems_direction_source_and_period():
    s = KPISystem([Dimension("客户", 1, [
        Indicator("complaint_rate", 0.4, direction="higher", source="工单系统", period="季度", target=10),
        Indicator("qa_score", 0.3, source="质检抽检", period="半年度", target=86),
        Indicator("csat", 0.3, source="回访问卷", period="月度", target=0.8)])])
    assert D.card_problems(s, BRIEF) == [
        "投诉率(每千)（complaint_rate）的方向应为 'lower'（越低越好），卡片写的是 'higher'（越高越好）",
        "投诉率(每千)（complaint_rate）的数据来源应为「投诉台账」，卡片写的是「工单系统」",
        "投诉率(每千)（complaint_rate）的考核周期「季度」太短：个人数据太少，至少要按年度考核",
    ]


# --------------------------------------------------------------------------- coverage, focus, redundancy
CONCERNS = {"complaints": {"title": "投诉多", "kpis": ["complaint_rate", "reopen_rate"]},
            "slow": {"title": "处理超时", "kpis": ["sla_compliance", "ttr_mean_h"]}}


def test_coverage_needs_one_fitting_indicator_per_concern():
    covered = KPISystem([Dimension("x", 1, [Indicator("reopen_rate", 0.5), Indicator("ttr_mean_h", 0.5)])])
    assert D.coverage_problems(covered, CONCERNS) == []
    partial = KPISystem([Dimension("x", 1, [Indicator("fcr", 0.5), Indicator("ttr_mean_h", 0.5)])])
    assert D.coverage_problems(partial, CONCERNS) == [
        "关切「投诉多」没有对应的指标：可以从 complaint_rate（投诉率(每千)）、reopen_rate（重开率）中选"]


def test_focus_flags_irrelevant_codes_and_the_size():
    s = KPISystem([Dimension("x", 1, [Indicator(c, 0.25) for c in ["fcr", "csat", "nps", "return_time_h"]])])
    assert D.focus_problems(s, ["fcr", "csat", "nps"], (4, 6)) == ["退换货处理时长（return_time_h）与本事业部的业务无关"]
    assert D.focus_problems(s, ["fcr", "csat", "nps", "return_time_h"], (5, 8)) == ["体系有 4 个指标：简报要求 5–8 个"]
    assert D.focus_problems(s, ["fcr", "csat", "nps", "return_time_h"]) == []


def test_redundancy_by_variant_and_by_hand_computed_correlation():
    card = pd.DataFrame({"fcr": [1.0, 2, 3, 4], "sla_compliance": [2.0, 4, 6, 8.5], "csat": [1.0, 3, 2, 4],
                         "csat_mean": [4.0, 4.1, 4.2, 4.3]})
    # fcr vs csat: deviations (-1.5, -.5, .5, 1.5) and (-1.5, .5, -.5, 1.5): r = 4 / 5 = 0.8, not above 0.9
    s = KPISystem([Dimension("x", 1, [Indicator("fcr", 0.5), Indicator("csat", 0.5)])])
    assert D.redundancy_problems(s, card) == []
    assert D.redundancy_problems(s, card, max_abs_corr=0.75) == [
        "首次解决率（fcr）和客户满意度(前两项占比)（csat）在去年的员工之间相关系数 r = 0.80（|r| > 0.75），考核的是同一件事，只保留一个"]
    s = KPISystem([Dimension("x", 1, [Indicator("fcr", 0.5), Indicator("sla_compliance", 0.5)])])
    (problem,) = D.redundancy_problems(s, card)
    assert "r = 1.00" in problem or "r = 0.99" in problem
    s = KPISystem([Dimension("x", 1, [Indicator("csat", 0.5), Indicator("csat_mean", 0.5)])])
    assert D.redundancy_problems(s, card) == [
        "客户满意度(前两项占比)（csat）和客户满意度均分（csat_mean）是同一个指标的两种口径，只保留一个"]
    constant = card.assign(csat_mean=4.0)                       # no spread: no correlation to speak of
    s = KPISystem([Dimension("x", 1, [Indicator("fcr", 0.5), Indicator("csat_mean", 0.5)])])
    assert D.redundancy_problems(s, constant) == []


# --------------------------------------------------------------------------- AHP
def two_dims(w_top=(0.75, 0.25), w_local=(0.5, 0.5)):
    return KPISystem([Dimension("客户", w_top[0], [Indicator("csat", 1.0)]),
                      Dimension("效率", w_top[1], [Indicator("fcr", w_local[0]), Indicator("sla_compliance", w_local[1])])])


@pytest.mark.parametrize("top", [
    pairwise_matrix({("客户", "效率"): 3}),
    pairwise_matrix({("效率", "客户"): "1/3"}).loc[["效率", "客户"], ["效率", "客户"]],   # other label order
    {("客户", "效率"): 3},
    {("效率", "客户"): "1/3"},
    [[1, 3], [1 / 3, 1]],
    np.array([[1, 3], [1 / 3, 1]]),
])
def test_ahp_levels_accept_every_matrix_form(top):
    levels, problems = D.ahp_levels(two_dims(), top, {"效率": {("fcr", "sla_compliance"): 1}})
    assert problems == []
    assert [lv.name for lv in levels] == ["维度之间", "维度「客户」内", "维度「效率」内"]
    assert levels[0].result.weights.round(6).tolist() == [0.75, 0.25]
    assert levels[1].result is None and levels[1].used.tolist() == [1.0]
    assert levels[2].result.weights.tolist() == [0.5, 0.5]
    assert D.ahp_weight_problems(levels) == [] and D.ahp_consistency_problems(levels) == []


@pytest.mark.parametrize("top, local, expected", [
    (None, {"效率": [[1, 1], [1, 1]]}, "维度之间有 2 项（客户、效率），缺少判断矩阵：请写出两两比较的判断，权重由 ck.weights.ahp 求得"),
    ({("客户", "效率"): 3}, {}, "维度「效率」内有 2 项（fcr、sla_compliance），缺少判断矩阵：请写出两两比较的判断，权重由 ck.weights.ahp 求得"),
    ({("客户", "效率"): 3}, {"效率": [[1, 0.33], [3, 1]]},
     "维度「效率」内的 (fcr, sla_compliance) = 0.33 与 (sla_compliance, fcr) = 3 不互为倒数：请在对称位置填倒数（写成 1/3 这样的分数，不要写 0.33）"),
    ({("客户", "效率"): "三"}, {"效率": [[1, 1], [1, 1]]}, "维度之间的判断 (客户, 效率) = '三' 不是数字：写 3 或 1/3 这样的值"),
    ({("客户", "效率"): 12}, {"效率": [[1, 1], [1, 1]]}, "维度之间的判断 (客户, 效率) = 12 超出 Saaty 1–9 标度"),
    ({("客户", "效率"): -2}, {"效率": [[1, 1], [1, 1]]}, "维度之间的判断 (客户, 效率) = -2 应为正数（Saaty 1–9 标度或其倒数）"),
    ({("客户", "效率"): 3, ("效率", "客户"): 1 / 3}, {"效率": [[1, 1], [1, 1]]}, "维度之间的判断 (效率, 客户) 给了两次：每一对只比较一次"),
    ({("客户", "能力"): 3}, {"效率": [[1, 1], [1, 1]]}, "维度之间的判断 ('客户', '能力') 中有不属于这一层的名称（应从 ['客户', '效率'] 中选两个不同的）"),
    (pairwise_matrix({("客户", "质量"): 3}), {"效率": [[1, 1], [1, 1]]},
     "维度之间的判断矩阵的行、列标签应正好是 ['客户', '效率']，现在行是 ['客户', '质量']，列是 ['客户', '质量']"),
    ({("客户", "效率"): 3}, {"效率": [[1, 1, 1], [1, 1, 1], [1, 1, 1]]},
     "维度「效率」内的判断矩阵应是 2×2（顺序为 ['fcr', 'sla_compliance']），现在的形状不对"),
    ({("客户", "效率"): 3}, {"效率": [[2, 1], [1, 1]]}, "维度「效率」内的对角线 (fcr, fcr) 应为 1（自己与自己同等重要）"),
    ({("客户", "效率"): 3}, {"效率": 5}, "维度「效率」内的判断矩阵应是 DataFrame（ck.weights.pairwise_matrix 的结果）、判断字典或 n×n 的列表，现在是 int"),
])
def test_ahp_levels_name_the_matrix_and_the_cell(top, local, expected):
    levels, problems = D.ahp_levels(two_dims(), top, local)
    assert expected in problems, problems


def test_ahp_indicators_must_use_the_dimension_names():
    _, problems = D.ahp_levels(two_dims(), {("客户", "效率"): 3}, {"效率": [[1, 1], [1, 1]], "质量": [[1]]})
    assert problems == ["ahp_indicators 中的 ['质量'] 不是体系的维度名：键应是 ['客户', '效率']"]
    assert D.ahp_levels(two_dims(), None, [[1, 1], [1, 1]])[1] == [
        "ahp_indicators 应是字典：维度名 → 该维度指标的判断矩阵，现在是 list"]


def test_consistency_uses_saaty_1980_and_the_ten_percent_rule():
    # Wikipedia's leader example: CR = 0.044 with Saaty's 1980 RI(4) = 0.90 -> accepted
    leader = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]
    s = KPISystem([Dimension("x", 1, [Indicator(c, 0.25) for c in ["fcr", "csat", "nps", "ces"]])])
    levels, problems = D.ahp_levels(s, None, {"x": leader})
    assert problems == [] and round(levels[1].result.cr, 3) == 0.044
    assert D.ahp_consistency_problems(levels) == []
    assert D.ahp_consistency_problems(levels, cr_max=0.04) == [
        "维度「x」内的判断矩阵 CR = 0.044，不小于 0.04：判断自相矛盾，最可疑的一对是 (fcr, nps)，请重新比较"]
    # one judgement entered the wrong way round (csat vs ces 1/4 instead of 4): CR = 0.40
    reversed_ = [[1, 2, 4, 8], [1 / 2, 1, 2, 1 / 4], [1 / 4, 1 / 2, 1, 2], [1 / 8, 4, 1 / 2, 1]]
    levels, _ = D.ahp_levels(s, None, {"x": reversed_})
    assert D.ahp_consistency_problems(levels) == [
        "维度「x」内的判断矩阵 CR = 0.403，不小于 0.1：判断自相矛盾，最可疑的一对是 (csat, ces)，请重新比较"]


def test_weights_must_be_the_ahp_weights_within_the_tolerance():
    levels, _ = D.ahp_levels(two_dims((0.745, 0.255)), {("客户", "效率"): 3}, {"效率": {("fcr", "sla_compliance"): 1}})
    assert D.ahp_weight_problems(levels) == []                        # 0.005 off: rounding
    levels, _ = D.ahp_levels(two_dims((0.7, 0.3)), {("客户", "效率"): 3}, {"效率": {("fcr", "sla_compliance"): 1}})
    assert D.ahp_weight_problems(levels) == [
        "维度之间的权重与判断矩阵不一致：客户 用的是 0.7，AHP 给出 0.75；效率 用的是 0.3，AHP 给出 0.25"]
    assert D.ahp_weight_problems(levels, tolerance=0.06) == []


# --------------------------------------------------------------------------- targets
def test_target_band_by_hand():
    values = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])     # positions 0..10: q(p) = value at 10p
    assert D.target_band(values, "higher") == pytest.approx((6.0, 10.0))
    assert D.target_band(values, "lower") == pytest.approx((2.0, 6.0))
    assert D.target_band([10.0, 20.0, 30.0, 40.0, 50.0], "higher") == pytest.approx((30.0, 46.0))  # 0.9 * 4 = 3.6
    assert D.target_band([1.0, np.nan, 3.0], "higher") == pytest.approx((2.0, 2.8))    # missing values left out


@pytest.mark.parametrize("code, direction, target, ok", [
    ("fcr", "higher", 0.70, True), ("fcr", "higher", 0.78, True), ("fcr", "higher", 0.74, True),   # both ends count
    ("fcr", "higher", 0.69, False), ("fcr", "higher", 0.781, False),
    ("complaint_rate", "lower", 20.0, True), ("complaint_rate", "lower", 4.0, True),
    ("complaint_rate", "lower", 3.9, False), ("complaint_rate", "lower", 21.0, False),
])
def test_targets_between_median_and_p90_in_the_indicator_direction(code, direction, target, ok):
    # fcr: median 0.70, P90 0.78; complaint_rate (lower): P10 4, median 20
    s = KPISystem([Dimension("x", 1, [Indicator(code, 1, direction=direction, target=target)])])
    assert (D.target_problems(s, CARD) == []) is ok


def test_target_messages_say_which_side_and_the_band():
    s = KPISystem([Dimension("x", 1, [Indicator("fcr", 0.5, target=0.85), Indicator("complaint_rate", 0.5, target=30)])])
    assert D.target_problems(s, CARD) == [
        "首次解决率（fcr）的目标 0.85 高于去年第 90 百分位（0.78），几乎没有人做得到：目标应在 0.7–0.78 之间",
        "投诉率(每千)（complaint_rate）的目标 30 不比去年中位数（20）好，没有挑战：目标应在 4–20 之间"]
    s = KPISystem([Dimension("x", 1, [Indicator("fcr", 1)])])
    assert D.target_problems(s, CARD) == ["首次解决率（fcr）没有目标值"]


# --------------------------------------------------------------------------- grades
COMPOSITE = pd.Series([95.0, 88, 80, 72, 65, 60, 55, 50, 40, 30], index=[f"E{k}" for k in range(10)])
LIMITS = {"A": {"min_count": 1, "max_share": 0.2}, "D": {"max_share": 0.1}}


def thresholds(cuts):
    from coursekit.appraisal import grade_by_threshold

    return lambda composite: grade_by_threshold(composite, cuts)


def test_a_monotone_rule_within_the_limits_passes():
    rule = thresholds({"A": 85, "B": 60, "C": 35, "D": 0})           # 2 A, 4 B, 3 C, 1 D
    assert D.grade_structure_problems(rule, COMPOSITE) == []
    assert D.grade_distribution_problems(rule, COMPOSITE, LIMITS) == []


def test_distribution_limits_count_people_and_shares():
    assert D.grade_distribution_problems(thresholds({"A": 70, "B": 60, "C": 45, "D": 0}), COMPOSITE, LIMITS) == [
        "评 A 的有 4 人（40.0%），简报要求 不超过 20%", "评 D 的有 2 人（20.0%），简报要求 不超过 10%"]
    assert D.grade_distribution_problems(thresholds({"A": 99, "B": 60, "C": 35, "D": 0}), COMPOSITE, LIMITS) == [
        "评 A 的有 0 人（0.0%），简报要求 至少 1 人"]
    assert D.grade_distribution_problems(thresholds({"A": 85, "B": 60, "C": 35, "D": 0}), COMPOSITE,
                                         {"C": {"min_share": 0.5}}) == ["评 C 的有 3 人（30.0%），简报要求 不少于 50%"]


def test_grades_must_follow_the_composite():
    def reversed_rule(composite):
        rank = composite.rank(method="min")                             # 1 = lowest composite
        return pd.Series(np.where(rank <= 2, "A", "B"), index=composite.index)

    assert D.grade_distribution_problems(reversed_rule, COMPOSITE, {}) == [
        "等级与综合得分的顺序相反：E8（综合分 40）评 A，而 E0（综合分 95）评 B"]
    tied = pd.Series([80.0, 80.0, 50.0], index=["p", "q", "r"])        # ties may share either grade
    assert D.grade_distribution_problems(lambda s: pd.Series(["A", "B", "C"], index=s.index), tied, {}) == []


@pytest.mark.parametrize("rule, expected", [
    (lambda s: s.tolist(), "grade_rule 应返回 pandas Series（每位员工一个等级），现在返回的是 list"),
    (lambda s: s.head(3).map(lambda x: "A"), "grade_rule 返回的 Series 索引应与输入相同（每位员工一个等级）"),
    (lambda s: s.map(lambda x: "优" if x > 50 else "B"), "grade_rule 返回了等级量表以外的等级 ['优']：只能用 A、B、C、D"),
    (lambda s: s.where(s > 50).map({95.0: "A"}), "grade_rule 返回的等级有缺失值：['E1', 'E2', 'E3', 'E4', 'E5']"),
    (lambda s: 1 / 0, "grade_rule(...) 运行出错：ZeroDivisionError: division by zero"),
    ("A", "grade_rule 应是一个函数（def grade_rule(...): ...），现在是 str"),
])
def test_grade_rule_shape_errors(rule, expected):
    assert D.grade_structure_problems(rule, COMPOSITE) == [expected]


# --------------------------------------------------------------------------- gate
def gate_ok(grades, breaches):
    breached = breaches.reindex(grades.index).fillna(0) > 0
    return grades.where(~(breached & (grades > "C")), "C")


@pytest.mark.parametrize("gate, expected", [
    (lambda g, b: g, "合规闸门没有起作用：S01 有 1 次违规，等级应被封顶为 C，但返回的是 A"),
    (lambda g, b: g.where(~((b.reindex(g.index) > 0) & (g > "B")), "B"),
     "合规闸门没有起作用：S01 有 1 次违规，等级应被封顶为 C，但返回的是 B"),
    (lambda g, b: g.where(~((b.to_numpy() > 0) & (g > "C")), "C"),
     "合规闸门没有起作用：S01 有 1 次违规，等级应被封顶为 C，但返回的是 A"),
    (lambda g, b: g.where(~(b.reindex(g.index) > 0), "D"),
     "合规闸门过严：S01 原等级 A、有 1 次违规，简报的规则是最高 C，应评 C，返回的是 D"),
    (lambda g, b: g.where(~(g > "C"), "C"),
     "合规闸门改动了没有违规的员工：S05 没有违规，原等级 A，返回的是 C（要按员工编号对齐 breaches，不要按位置）"),
    (lambda g, b: gate_ok(g, b).where(g > "D", "C"), "合规闸门只能封顶、不能提高等级：S04 原等级 D，返回的是 C"),
])
def test_gate_on_synthetic_agents(gate, expected):
    assert D.gate_problems(gate_ok) == []
    assert D.gate_problems(gate) == [expected]


def test_gate_that_raises_or_returns_the_wrong_shape():
    assert D.gate_problems(lambda g, b: 1 / 0) == ["compliance_gate(...) 运行出错：ZeroDivisionError: division by zero"]
    assert D.gate_structure_problems(lambda g, b: g.tolist()) == [
        "compliance_gate 应返回 pandas Series（每位员工一个等级），现在返回的是 list"]
    assert D.gate_structure_problems(gate_ok) == []
    with pytest.raises(ConfigError):
        D.gate_problems(gate_ok, cap="E")


def test_gate_on_real_grades_is_given_ordered_grades_even_when_the_rule_returns_text():
    grades = pd.Series(["A", "B", "C", "D"], index=["x1", "x2", "x3", "x4"])     # plain text
    breaches = pd.Series([0, 1, 1, 1], index=["x4", "x3", "x2", "x1"])           # another order
    assert D.gate_problems(gate_ok, grades=grades, breaches=breaches) == []
    breaches_missing = pd.Series([1], index=["x1"])                                # absent agents: no breach
    assert D.gate_problems(gate_ok, grades=grades, breaches=breaches_missing) == []


# --------------------------------------------------------------------------- fairness
TICKETS = pd.DataFrame({
    "agent_id": ["A", "A", "A", "A", "B", "B", "B", "B"],
    "category": ["难", "难", "难", "易", "易", "易", "易", "难"],
    "first_contact_resolved": [True, True, False, True, True, True, False, False],
})


def test_casemix_ranking_by_hand():
    # FCR: A 3/4, B 2/4; stratum means 难 2/4, 易 3/4. Expected: A (3 难, 1 易) 0.5625, B (3 易, 1 难) 0.6875
    # O/E: A 0.75 / 0.5625 = 4/3, B 0.5 / 0.6875 = 8/11 -> both raw and adjusted rank A first.
    s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 1)])])
    card = pd.DataFrame({"fcr": [0.75, 0.5]}, index=pd.Index(["A", "B"], name="agent_id"))
    table = D.casemix_ranking(s, card, TICKETS, "fcr", ["category"])
    assert table.to_dict("list") == {"raw_rank": [1, 2], "adjusted_rank": [1, 2], "rank_change": [0, 0]}
    # with csat weighing B up, the composite ranking can move once FCR is adjusted
    s2 = KPISystem([Dimension("质量", 1, [Indicator("fcr", 0.5), Indicator("csat", 0.5)])])
    card2 = card.assign(csat=[0.70, 0.90])
    raw = s2.score(card2).ranking.tolist()
    adj = D.casemix_ranking(s2, card2, TICKETS, ["fcr"], ["category"])
    assert adj["raw_rank"].tolist() == raw
    assert (adj["rank_change"] == adj["raw_rank"] - adj["adjusted_rank"]).all()


def test_fairness_structure_and_agreement():
    s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 0.5), Indicator("csat", 0.5)])])
    card = pd.DataFrame({"fcr": [0.75, 0.5], "csat": [0.7, 0.9]}, index=pd.Index(["A", "B"], name="agent_id"))
    right = D.casemix_ranking(s, card, TICKETS, "fcr", ["category"])
    assert D.fairness_structure_problems(right, s, card, "fcr", ["category"], ["category", "priority"]) == []
    assert D.fairness_problems(right, s, card, TICKETS, "fcr", ["category"]) == []
    problems = D.fairness_structure_problems(right.drop(columns="rank_change").head(1), s, card, "csat", ["team"],
                                             ["category", "priority"])
    assert problems == [
        "fairness_check 缺少列 ['rank_change']",
        "fairness_check 的索引应是去年的全部员工（与 card 的索引相同）",
        "casemix_kpi 应是体系中可按工单调整的指标（如 fcr），现在是 csat：体系中可选 fcr",
        "casemix_strata 应是分层用的工单字段列表，从 ['category', 'priority'] 中选，现在是 ['team']"]
    wrong = right.assign(raw_rank=[2, 1])
    (problem,) = [p for p in D.fairness_problems(wrong, s, card, TICKETS, "fcr", ["category"]) if "raw_rank 应是" in p]
    assert "例如 A 应为第" in problem


# --------------------------------------------------------------------------- data helpers
def test_agent_card_counts_complaints_per_thousand_tickets_of_the_agent():
    t = pd.DataFrame({"ticket_id": [f"T{k}" for k in range(6)], "agent_id": ["A", "A", "A", "A", "B", "B"],
                      "first_contact_resolved": [True, True, False, True, True, False]})
    s = pd.DataFrame({"ticket_id": ["T0", "T4"], "agent_id": ["A", "B"], "csat": [4, 2]})
    c = pd.DataFrame({"complaint_id": ["C1", "C2", "C3", "C4"], "ticket_id": ["T2", "T3", "T9", None]})
    card = D.agent_card(t, s, c, ["complaint_rate", "fcr", "csat"])
    assert list(card.columns) == ["complaint_rate", "fcr", "csat", "n_tickets", "n_surveys"]
    assert card["complaint_rate"].tolist() == [500.0, 0.0]           # A: 2 of 4 tickets; T9 is not in the tickets
    assert card["fcr"].tolist() == [0.75, 0.5] and card["csat"].tolist() == [1.0, 0.0]


def test_overdue_complaints_count_late_closures_and_long_open_ones_only():
    t = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", "T4"], "agent_id": ["A", "A", "B", "C"]})
    c = pd.DataFrame({
        "ticket_id": ["T1", "T2", "T3", "T4", None],
        "received_at": pd.to_datetime(["2023-01-01", "2023-01-01", "2023-03-01", "2023-03-20", "2023-01-01"]),
        "closed_at": pd.to_datetime(["2023-01-16", "2023-01-17", None, None, "2023-03-01"]),
    })
    # T1: exactly 15 days (in time); T2: 16 days (late); T3 open 30 days at the cut-off (late);
    # T4 open 11 days (not yet a breach); the complaint without a ticket belongs to nobody.
    out = D.overdue_complaints(c, t, limit_days=15, at=pd.Timestamp("2023-03-31"))
    assert out.to_dict() == {"A": 1, "B": 1, "C": 0}
    assert out.name == "breaches" and out.index.name == "agent_id"


def test_finance_2023_data_of_the_assignment():
    from coursekit import load

    tickets = load("tickets", industry="finance")
    tickets = tickets[tickets["created_at"].dt.year == 2023]
    complaints = load("complaints", industry="finance")
    complaints = complaints[complaints["ticket_id"].isin(tickets["ticket_id"])]
    surveys = load("surveys", industry="finance")
    surveys = surveys[surveys["ticket_id"].isin(tickets["ticket_id"])]
    card = D.agent_card(tickets, surveys, complaints, ["fcr", "complaint_rate"])
    assert len(card) == 24 and card["n_tickets"].sum() == len(tickets)
    per_agent = complaints["ticket_id"].map(tickets.set_index("ticket_id")["agent_id"]).value_counts()
    expected = (per_agent.reindex(card.index, fill_value=0) / card["n_tickets"] * 1000).to_numpy()
    assert np.allclose(card["complaint_rate"].to_numpy(), expected)
    assert math.isclose(card["complaint_rate"].mean(), expected.mean())
    breaches = D.overdue_complaints(complaints, tickets)
    days = (complaints["closed_at"] - complaints["received_at"]).dt.total_seconds() / 86400
    assert complaints["closed_at"].notna().all() and breaches.sum() == (days > 15).sum()
    assert list(breaches.index) == list(card.index)


def test_gate_agents_missing_from_the_ledger_have_no_breach():
    """A ledger may list only the agents who breached; counting the others as breached is wrong."""

    from coursekit.exercise.design import gate_problems

    def counts_missing_as_breached(grades, breaches):
        breached = breaches.reindex(grades.index).fillna(1) > 0
        return grades.where(~(breached & (grades > "C")), "C")

    def right(grades, breaches):
        breached = breaches.reindex(grades.index).fillna(0) > 0
        return grades.where(~(breached & (grades > "C")), "C")

    assert gate_problems(right) == []
    problems = gate_problems(counts_missing_as_breached)
    assert problems and "不在 breaches 里" in problems[0]
