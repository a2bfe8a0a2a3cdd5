"""Property checks of a whole KPI-system design (the capstone assignment a6).

In assignment a6 a trainee designs the KPI system of one business unit from a
brief (the manager's concerns, a regulatory duty, last year's data). Many
designs are right, so the hidden tests check *properties* of the design rather
than compare it with one answer. Every check here returns a list of problems
written in Chinese for the trainee (an empty list means the property holds), so
a test cell is three lines: call, join, assert.

The design is the dict form of a :class:`~coursekit.system.KPISystem` (the same
layout as :meth:`KPISystem.from_dict <coursekit.system.KPISystem.from_dict>`
and its YAML files) with **complete indicator cards**: every indicator names its
``code`` (from :func:`coursekit.kpi.catalog`), ``weight``, ``direction``,
``definition`` (口径), ``source`` (数据来源), ``period`` (考核周期) and
``target``; ``normalise`` and ``cap`` are optional.

>>> design = {"name": "演示", "dimensions": [
...     {"name": "客户", "weight": 0.6, "indicators": [
...         {"code": "csat", "weight": 1.0, "direction": "higher", "definition": "已解决工单的回访问卷，4、5 分占比",
...          "source": "回访问卷", "period": "年度", "target": 0.85}]},
...     {"name": "效率", "weight": 0.4, "indicators": [
...         {"code": "sla_compliance", "weight": "1", "direction": "higher",
...          "definition": "结果已知的工单", "source": "工单系统", "period": "年度", "target": 0.95}]}]}
>>> for problem in structure_problems(design):
...     print(problem)
维度「效率」第 1 张卡片（sla_compliance）的权重 weight 是文本 '1'：应为数字，请去掉引号，写成 1
>>> design["dimensions"][1]["indicators"][0]["weight"] = 1.0
>>> build_system(design).global_weights().to_dict()
{'csat': 0.6, 'sla_compliance': 0.4}

The checks, one per graded property of a6:

* structure — :func:`structure_problems` (well-formed cards, weights summing
  to 1 at every level) and :func:`card_problems` (direction, data source and
  period right for each KPI);
* coverage and focus — :func:`coverage_problems`, :func:`focus_problems`;
* no duplicate constructs — :func:`redundancy_problems`;
* AHP — :func:`ahp_levels` (parses the judgement matrices),
  :func:`ahp_consistency_problems` and :func:`ahp_weight_problems`;
* targets grounded in the data — :func:`target_band`, :func:`target_problems`;
* grades — :func:`grade_structure_problems`, :func:`grade_distribution_problems`;
* the compliance gate — :func:`gate_structure_problems`, :func:`gate_problems`
  (synthetic agents who breach);
* the case-mix check of the ranking — :func:`casemix_ranking`,
  :func:`fairness_structure_problems`, :func:`fairness_problems`.

Data helpers for the unit's scorecard: :func:`agent_card` and
:func:`overdue_complaints`.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError
from coursekit.system.model import WEIGHT_TOLERANCE, KPISystem
from coursekit.system.normalise import NORMALISE_METHODS

__all__ = [
    "AHPLevel",
    "CARD_KEYS",
    "DesignError",
    "PERIODS",
    "REQUIRED_CARD_KEYS",
    "VARIANTS",
    "agent_card",
    "ahp_consistency_problems",
    "ahp_levels",
    "ahp_weight_problems",
    "build_system",
    "card_problems",
    "casemix_ranking",
    "coverage_problems",
    "fairness_problems",
    "fairness_structure_problems",
    "focus_problems",
    "gate_problems",
    "gate_structure_problems",
    "grade_distribution_problems",
    "grade_structure_problems",
    "overdue_complaints",
    "redundancy_problems",
    "structure_problems",
    "target_band",
    "target_problems",
    "try_build",
]

#: Fields of a complete indicator card, in the order a trainee writes them.
REQUIRED_CARD_KEYS = ("code", "weight", "direction", "definition", "source", "period", "target")
#: Every key an indicator card may have.
CARD_KEYS = (*REQUIRED_CARD_KEYS, "normalise", "cap")
_DIMENSION_KEYS = ("name", "weight", "indicators")
_DESIGN_KEYS = ("name", "dimensions")
#: Appraisal periods, shortest first (a longer period holds more data per person).
PERIODS = ("月度", "季度", "半年度", "年度")
#: Groups of catalog codes that are variants of one KPI (measuring the same thing twice).
VARIANTS: tuple[tuple[str, ...], ...] = (
    ("frt_mean_h", "frt_median_h"),
    ("ttr_mean_h", "ttr_median_h"),
    ("csat", "csat_mean"),
)
#: Minimum length of a 口径 text: a few words, not a placeholder.
MIN_DEFINITION_CHARS = 6

_FIELD_ZH = {
    "code": "指标代码 code", "weight": "权重 weight", "direction": "方向 direction",
    "definition": "口径 definition", "source": "数据来源 source", "period": "考核周期 period",
    "target": "目标 target", "normalise": "标准化方法 normalise", "cap": "封顶 cap",
    "name": "名称 name", "indicators": "指标列表 indicators", "dimensions": "维度列表 dimensions",
}
_FIELD_HINT = {
    "code": "写 KPI 目录（ck.kpi.catalog()）中的代码，如 'fcr'",
    "weight": "写一个 0–1 之间的数字，由 AHP 判断矩阵求得",
    "direction": "写 'higher'（越高越好）或 'lower'（越低越好）",
    "definition": "用一句话写清楚口径：哪些工单/问卷/投诉计入分子和分母",
    "source": "写数据来源，如 '工单系统'",
    "period": "写考核周期，如 '年度'",
    "target": "写一个数字目标值，用去年的数据确定",
}
_DIRECTION_ZH = {"higher": "越高越好", "lower": "越低越好"}


class DesignError(ConfigError):
    """A malformed design; ``problems`` holds the Chinese messages, one per mistake."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("KPI 体系设计有以下问题：\n" + "\n".join(f"- {p}" for p in self.problems))


# --------------------------------------------------------------------------- small helpers
def _catalog() -> pd.DataFrame:
    from coursekit.kpi import catalog

    return catalog()


def _name_zh(code: str) -> str:
    cat = _catalog()
    return str(cat.loc[code, "name_zh"]) if code in cat.index else code


def _close(word: str, choices: Sequence[str]) -> str:
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.5)
    return f"是不是想写 {'、'.join(repr(m) for m in matches)}？" if matches else ""


def _is_number(value: Any) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(float(value)))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _fmt(x: float) -> str:
    """A number short enough for a message: 0.756, 23.5, 0.0333."""
    return f"{x:.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def _short(value: Any, width: int = 40) -> str:
    """A one-line repr of a trainee's value, cut to ``width`` characters."""
    text = " ".join(repr(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _number_problem(value: Any, where: str, field: str, *, positive: bool = False,
                    nonnegative: bool = False) -> str | None:
    label = _FIELD_ZH[field]
    if value is None:
        return f"{where}缺少{label}：{_FIELD_HINT.get(field, '请补上')}"
    if isinstance(value, str):
        shown = value.strip()
        try:
            float(shown)
            fix = f"请去掉引号，写成 {shown}"
        except ValueError:
            fix = _FIELD_HINT.get(field, "请写一个数字")
        return f"{where}的{label} 是文本 {value!r}：应为数字，{fix}"
    if isinstance(value, (bool, np.bool_)):
        return f"{where}的{label} 是 {value}（真/假），应为数字：{_FIELD_HINT.get(field, '请写一个数字')}"
    if not _is_number(value):
        return (f"{where}的{label} 应为一个有限的数字，现在是 {type(value).__name__} {_short(value)}："
                f"{_FIELD_HINT.get(field, '请写一个数字')}")
    if positive and not float(value) > 0:
        return f"{where}的{label} 应为正数，现在是 {value!r}"
    if nonnegative and float(value) < 0:
        return f"{where}的{label} 不能为负数，现在是 {value!r}"
    return None


def _unknown_keys(item: Mapping[str, Any], allowed: Sequence[str], where: str) -> list[str]:
    out = []
    for key in item:
        if key not in allowed:
            out.append(f"{where}有不认识的字段 {key!r}：{_close(str(key), allowed)}"
                       f"允许的字段是 {', '.join(allowed)}")
    return out


# --------------------------------------------------------------------------- structure
def structure_problems(design: Any, card: pd.DataFrame | None = None,
                       brief: Mapping[str, Any] | None = None) -> list[str]:
    """Everything that keeps ``design`` from being a complete, scorable KPI system.

    Each message names the card (dimension and position, with its code) and the
    field, and says how to fix it. With ``card`` (last year's scorecard), every
    code must be one of its columns; with ``brief``, ``source`` and ``period``
    must come from ``brief["sources"]`` / ``brief["periods"]`` and a code the
    brief calls not applicable (``brief["not_applicable"]``) is explained.

    >>> structure_problems({"dimensions": [{"name": "客户", "weight": 1, "indicators": []}]})
    ['维度「客户」没有指标：每个维度至少要有一张指标卡片，或者删掉这个维度并重新分配维度权重']
    >>> card = {"code": "fcrr", "weight": 1, "direction": "higher", "definition": "全部工单的首次解决情况",
    ...         "source": "工单系统", "period": "年度"}
    >>> for p in structure_problems({"dimensions": [{"name": "效率", "weight": 1, "indicators": [card]}]}):
    ...     print(p)
    维度「效率」第 1 张卡片（fcrr）的指标代码 code 'fcrr' 不在 KPI 目录中：是不是想写 'fcr'？可用的代码见 ck.kpi.catalog()
    维度「效率」第 1 张卡片（fcrr）缺少目标 target：写一个数字目标值，用去年的数据确定
    """
    if not isinstance(design, Mapping):
        return [f"kpi_design 应是一个字典（dict），形如 {{'name': ..., 'dimensions': [...]}}，现在是 {type(design).__name__}"]
    problems = _unknown_keys(design, _DESIGN_KEYS, "kpi_design")
    dims = design.get("dimensions")
    if not isinstance(dims, list) or not dims:
        return problems + ["kpi_design 缺少 'dimensions'：应是一个非空列表，每个元素是一个维度（字典）"]
    catalog = _catalog()
    codes_seen: dict[str, str] = {}
    names_seen: set[str] = set()
    dim_weights: list[float] = []
    sources = list((brief or {}).get("sources", {}))
    periods = list((brief or {}).get("periods", PERIODS))
    not_applicable = dict((brief or {}).get("not_applicable", {}))
    for k, dim in enumerate(dims, start=1):
        if not isinstance(dim, Mapping):
            problems.append(f"第 {k} 个维度应是字典（含 name、weight、indicators），现在是 {type(dim).__name__}")
            continue
        name = dim.get("name")
        where_dim = f"维度「{name}」" if _text(name) else f"第 {k} 个维度"
        problems += _unknown_keys(dim, _DIMENSION_KEYS, where_dim)
        if not _text(name):
            problems.append(f"第 {k} 个维度缺少名称 name：写一个非空的维度名，如 '客户'")
        elif name in names_seen:
            problems.append(f"{where_dim}重复出现：维度名称不能相同")
        else:
            names_seen.add(name)
        bad = _number_problem(dim.get("weight"), where_dim, "weight", nonnegative=True)
        if bad:
            problems.append(bad)
        else:
            dim_weights.append(float(dim["weight"]))
        indicators = dim.get("indicators")
        if not isinstance(indicators, list):
            problems.append(f"{where_dim}缺少指标列表 indicators：应是一个列表，每个元素是一张指标卡片（字典）")
            continue
        if not indicators:
            problems.append(f"{where_dim}没有指标：每个维度至少要有一张指标卡片，或者删掉这个维度并重新分配维度权重")
            continue
        local: list[float] = []
        local_ok = True
        for m, item in enumerate(indicators, start=1):
            code = item.get("code") if isinstance(item, Mapping) else None
            where = f"{where_dim}第 {m} 张卡片" + (f"（{code}）" if _text(code) else "")
            if not isinstance(item, Mapping):
                problems.append(f"{where}应是字典（含 {', '.join(REQUIRED_CARD_KEYS)}），现在是 {type(item).__name__}")
                local_ok = False
                continue
            problems += _unknown_keys(item, CARD_KEYS, where)
            # code
            if not _text(code):
                problems.append(f"{where}缺少指标代码 code：{_FIELD_HINT['code']}")
            elif code not in catalog.index:
                problems.append(f"{where}的指标代码 code {code!r} 不在 KPI 目录中：{_close(code, list(catalog.index))}"
                                "可用的代码见 ck.kpi.catalog()")
            elif code in codes_seen:
                problems.append(f"{where}：指标 {code} 已经在维度「{codes_seen[code]}」中出现过，同一个指标只能出现一次")
            else:
                codes_seen[code] = str(name)
                if card is not None and code not in card.columns:
                    reason = not_applicable.get(code)
                    if reason:
                        problems.append(f"{where}：{_name_zh(code)}（{code}）不适用于本事业部——{reason}。请换一个 card 中有的指标")
                    else:
                        problems.append(f"{where}：card 中没有 {code} 这一列，去年的数据算不出这个指标；"
                                        f"可选的指标：{', '.join(map(str, card.columns))}")
            # weight
            bad = _number_problem(item.get("weight"), where, "weight", nonnegative=True)
            if bad:
                problems.append(bad)
                local_ok = False
            else:
                local.append(float(item["weight"]))
            # direction
            direction = item.get("direction")
            if direction is None:
                problems.append(f"{where}缺少方向 direction：{_FIELD_HINT['direction']}")
            elif direction not in _DIRECTION_ZH:
                problems.append(f"{where}的方向 direction 是 {direction!r}：{_FIELD_HINT['direction']}")
            # text fields
            definition = item.get("definition")
            if not _text(definition):
                problems.append(f"{where}缺少口径 definition：{_FIELD_HINT['definition']}")
            elif len(definition.strip()) < MIN_DEFINITION_CHARS:
                problems.append(f"{where}的口径 definition {definition!r} 太简单：{_FIELD_HINT['definition']}")
            source = item.get("source")
            if not _text(source):
                problems.append(f"{where}缺少数据来源 source：" + (f"从 {'、'.join(sources)} 中选一个" if sources
                                                                else _FIELD_HINT["source"]))
            elif sources and source not in sources:
                problems.append(f"{where}的数据来源 source {source!r} 不在简报列出的数据来源中：从 {'、'.join(sources)} 中选一个")
            period = item.get("period")
            if not _text(period):
                problems.append(f"{where}缺少考核周期 period：从 {'、'.join(periods)} 中选一个")
            elif period not in periods:
                problems.append(f"{where}的考核周期 period {period!r} 不认识：从 {'、'.join(periods)} 中选一个")
            # target, normalise, cap
            bad = _number_problem(item.get("target"), where, "target")
            if bad:
                problems.append(bad)
            normalise = item.get("normalise", "minmax")
            if normalise not in NORMALISE_METHODS:
                problems.append(f"{where}的标准化方法 normalise {normalise!r} 不认识：从 "
                                f"{', '.join(NORMALISE_METHODS)} 中选一个（不写默认 'minmax'）")
            elif normalise == "target" and not bad and not float(item["target"]) > 0:
                problems.append(f"{where}用目标达成率计分（normalise='target'），目标 target 必须为正数，"
                                f"现在是 {item['target']!r}；目标为 0 的指标请用 'minmax'")
            if "cap" in item:
                bad_cap = _number_problem(item["cap"], where, "cap", positive=True)
                if bad_cap:
                    problems.append(bad_cap)
        if local_ok and local and abs(sum(local) - 1) > WEIGHT_TOLERANCE:
            problems.append(f"{where_dim}的指标权重之和是 {sum(local):.6g}，应为 1："
                            "用 ck.weights.ahp(...).weights 的值，不要自己四舍五入")
    if len(dim_weights) == len(dims) and abs(sum(dim_weights) - 1) > WEIGHT_TOLERANCE:
        problems.append(f"各维度的权重之和是 {sum(dim_weights):.6g}，应为 1："
                        "用维度判断矩阵 ck.weights.ahp(...).weights 的值，不要自己四舍五入")
    return problems


def build_system(design: Any, card: pd.DataFrame | None = None,
                 brief: Mapping[str, Any] | None = None) -> KPISystem:
    """The :class:`~coursekit.system.KPISystem` of a well-formed design.

    Raises :class:`DesignError` (its message lists every problem of
    :func:`structure_problems`, in Chinese) when the design is malformed.

    >>> build_system({"dimensions": [{"name": "效率", "weight": 1, "indicators": [
    ...     {"code": "fcr", "weight": 1, "direction": "higher", "definition": "期内创建的全部工单",
    ...      "source": "工单系统", "period": "年度", "target": 0.75}]}]}).indicator("fcr").period
    '年度'
    >>> build_system({"dimensions": []})
    Traceback (most recent call last):
    ...
    coursekit.exercise.design.DesignError: KPI 体系设计有以下问题：
    - kpi_design 缺少 'dimensions'：应是一个非空列表，每个元素是一个维度（字典）
    """
    problems = structure_problems(design, card, brief)
    if problems:
        raise DesignError(problems)
    data = {"name": str(design.get("name") or ""), "dimensions": [
        {"name": d["name"], "weight": float(d["weight"]),
         "indicators": [{**i, "weight": float(i["weight"]), "target": float(i["target"])}
                        for i in d["indicators"]]}
        for d in design["dimensions"]]}
    return KPISystem.from_dict(data)


def try_build(design: Any, card: pd.DataFrame | None = None,
              brief: Mapping[str, Any] | None = None) -> KPISystem | None:
    """:func:`build_system`, or ``None`` when the design is malformed (or not a dict at all).

    >>> try_build({"dimensions": "客户"}) is None
    True
    """
    try:
        return build_system(design, card, brief)
    except ConfigError:
        return None


def card_problems(system: KPISystem, brief: Mapping[str, Any]) -> list[str]:
    """Cards that are well-formed but wrong for their KPI.

    * ``direction`` differs from the KPI catalog (a "lower is better" KPI
      rewarded for going up);
    * ``source`` is not the data source the brief lists for the code
      (``brief["sources"]``: source name → codes it provides);
    * ``period`` is shorter than the brief's minimum for a sparse KPI
      (``brief["min_period"]``: code → period, on the :data:`PERIODS` scale).

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("效率", 1, [Indicator("ttr_mean_h", 1, direction="higher", source="回访问卷",
    ...                                               period="月度", target=8)])])
    >>> for p in card_problems(s, {"sources": {"工单系统": ["ttr_mean_h"], "回访问卷": ["csat"]},
    ...                            "min_period": {"ttr_mean_h": "季度"}}):
    ...     print(p)
    平均解决时长（ttr_mean_h）的方向应为 'lower'（越低越好），卡片写的是 'higher'（越高越好）
    平均解决时长（ttr_mean_h）的数据来源应为「工单系统」，卡片写的是「回访问卷」
    平均解决时长（ttr_mean_h）的考核周期「月度」太短：个人数据太少，至少要按季度考核
    """
    catalog = _catalog()
    owner = {code: source for source, codes in dict(brief.get("sources", {})).items() for code in codes}
    minimum = dict(brief.get("min_period", {}))
    problems = []
    for d in system.dimensions:
        for i in d.indicators:
            what = f"{_name_zh(i.code)}（{i.code}）"
            if i.code in catalog.index:
                right = str(catalog.loc[i.code, "direction"])
                if i.direction != right:
                    problems.append(f"{what}的方向应为 {right!r}（{_DIRECTION_ZH[right]}），"
                                    f"卡片写的是 {i.direction!r}（{_DIRECTION_ZH.get(str(i.direction), '?')}）")
            if i.code in owner and i.source != owner[i.code]:
                problems.append(f"{what}的数据来源应为「{owner[i.code]}」，卡片写的是「{i.source}」")
            need = minimum.get(i.code)
            if need and i.period in PERIODS and PERIODS.index(i.period) < PERIODS.index(need):
                problems.append(f"{what}的考核周期「{i.period}」太短：个人数据太少，至少要按{need}考核")
    return problems


# --------------------------------------------------------------------------- coverage and focus
def coverage_problems(system: KPISystem, concerns: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Concerns of the brief that no indicator of a fitting kind addresses.

    ``concerns`` maps a concern id to ``{"title": ..., "kpis": [fitting codes]}``.

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("客户", 1, [Indicator("csat", 1)])])
    >>> coverage_problems(s, {"sat": {"title": "满意度低", "kpis": ["csat", "nps"]},
    ...                       "slow": {"title": "处理超时", "kpis": ["sla_compliance"]}})
    ['关切「处理超时」没有对应的指标：可以从 sla_compliance（SLA达成率）中选']
    """
    codes = set(system.codes)
    problems = []
    for cid, concern in concerns.items():
        fitting = list(concern.get("kpis", []))
        if not codes & set(fitting):
            options = "、".join(f"{c}（{_name_zh(c)}）" for c in fitting)
            problems.append(f"关切「{concern.get('title', cid)}」没有对应的指标：可以从 {options}中选")
    return problems


def focus_problems(system: KPISystem, relevant: Sequence[str], size: tuple[int, int] | None = None) -> list[str]:
    """Indicators outside the unit's relevant KPIs, and a system too small or too big.

    ``size`` = (fewest, most) indicators the brief allows.

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 0.5), Indicator("first_time_fix", 0.5)])])
    >>> focus_problems(s, ["fcr", "csat"], size=(3, 8))
    ['一次修复率（first_time_fix）与本事业部的业务无关', '体系有 2 个指标：简报要求 3–8 个']
    """
    problems = [f"{_name_zh(c)}（{c}）与本事业部的业务无关" for c in system.codes if c not in set(relevant)]
    if size is not None:
        low, high = size
        n = len(system.codes)
        if not low <= n <= high:
            problems.append(f"体系有 {n} 个指标：简报要求 {low}–{high} 个")
    return problems


def redundancy_problems(system: KPISystem, card: pd.DataFrame, max_abs_corr: float = 0.9,
                        variants: Sequence[Sequence[str]] = VARIANTS) -> list[str]:
    """Pairs of indicators that measure the same thing.

    Two variants of one KPI (:data:`VARIANTS`, e.g. mean and median resolution
    time), or two indicators whose values across the rows of ``card`` (last
    year's agents) correlate with ``|r| > max_abs_corr`` (Pearson).

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("效率", 1, [Indicator("ttr_mean_h", 0.5), Indicator("ttr_median_h", 0.5)])])
    >>> card = pd.DataFrame({"ttr_mean_h": [5.0, 8.0, 9.0], "ttr_median_h": [1.0, 0.8, 1.2]})
    >>> redundancy_problems(s, card)
    ['平均解决时长（ttr_mean_h）和解决时长中位数（ttr_median_h）是同一个指标的两种口径，只保留一个']
    >>> s = KPISystem([Dimension("效率", 1, [Indicator("fcr", 0.5), Indicator("sla_compliance", 0.5)])])
    >>> redundancy_problems(s, pd.DataFrame({"fcr": [0.6, 0.7, 0.8, 0.9], "sla_compliance": [0.90, 0.93, 0.94, 0.97]}))
    ['首次解决率（fcr）和SLA达成率（sla_compliance）在去年的员工之间相关系数 r = 0.98（|r| > 0.9），考核的是同一件事，只保留一个']
    """
    codes = list(system.codes)
    groups = [set(g) for g in variants]
    problems = []
    for a_pos, a in enumerate(codes):
        for b in codes[a_pos + 1:]:
            name = f"{_name_zh(a)}（{a}）和{_name_zh(b)}（{b}）"
            if any({a, b} <= g for g in groups):
                problems.append(f"{name}是同一个指标的两种口径，只保留一个")
                continue
            if a in card.columns and b in card.columns:
                pair = card[[a, b]].astype(float).dropna()
                if len(pair) >= 3 and pair[a].std() > 0 and pair[b].std() > 0:
                    r = float(np.corrcoef(pair[a], pair[b])[0, 1])
                    if abs(r) > max_abs_corr:
                        problems.append(f"{name}在去年的员工之间相关系数 r = {r:.2f}（|r| > {max_abs_corr:g}），"
                                        "考核的是同一件事，只保留一个")
    return problems


# --------------------------------------------------------------------------- AHP
@dataclass(frozen=True)
class AHPLevel:
    """One judgement matrix of the design and the weights the design uses at that level.

    ``name``: "维度之间" (the dimension weights) or "维度「…」内" (the indicator
    weights of one dimension); ``labels``: dimension names or codes, design
    order; ``used``: the design's weights (Series over ``labels``);
    ``result``: the :class:`~coursekit.weights.ahp.AHPResult` of the matrix,
    ``None`` for a level with a single element and no matrix (weight 1).
    """

    name: str
    labels: tuple[str, ...]
    used: pd.Series
    result: Any = None


def _matrix(raw: Any, labels: list[str], where: str) -> tuple[pd.DataFrame | None, list[str]]:
    """A labelled reciprocal matrix from a DataFrame, a judgement dict or a list of rows, with Chinese problems."""
    n = len(labels)
    fix_recip = "请在对称位置填倒数（写成 1/3 这样的分数，不要写 0.33）"
    if hasattr(raw, "matrix") and hasattr(raw, "weights"):        # an AHPResult
        raw = raw.matrix
    if isinstance(raw, pd.DataFrame):
        rows, cols = [str(x) for x in raw.index], [str(x) for x in raw.columns]
        if sorted(rows) != sorted(labels) or sorted(cols) != sorted(labels) or len(set(rows)) != len(rows):
            return None, [f"{where}的判断矩阵的行、列标签应正好是 {labels}，现在行是 {rows}，列是 {cols}"]
        frame = raw.copy()
        frame.index, frame.columns = rows, cols
        frame = frame.loc[labels, labels]
        cells = [[frame.iat[i, j] for j in range(n)] for i in range(n)]
    elif isinstance(raw, Mapping):
        cells = [[1 if i == j else None for j in range(n)] for i in range(n)]
        for key, value in raw.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                return None, [f"{where}的判断字典的键应是 (指标甲, 指标乙) 这样的二元组，现在有 {key!r}"]
            a, b = (str(x) for x in key)
            if a not in labels or b not in labels or a == b:
                return None, [f"{where}的判断 {key!r} 中有不属于这一层的名称（应从 {labels} 中选两个不同的）"]
            i, j = labels.index(a), labels.index(b)
            if cells[i][j] is not None:
                return None, [f"{where}的判断 ({a}, {b}) 给了两次：每一对只比较一次"]
            cells[i][j] = value
            cells[j][i] = ("__recip__", value)
        missing = [(labels[i], labels[j]) for i in range(n) for j in range(i + 1, n) if cells[i][j] is None]
        if missing:
            shown = "、".join(f"({a}, {b})" for a, b in missing[:4])
            return None, [f"{where}还缺 {len(missing)} 对判断：{shown}；每一对都要比较一次"]
    else:
        try:
            cells = [list(r) for r in raw]
        except TypeError:
            return None, [f"{where}的判断矩阵应是 DataFrame（ck.weights.pairwise_matrix 的结果）、判断字典或 n×n 的列表，"
                          f"现在是 {type(raw).__name__}"]
        if len(cells) != n or any(len(r) != n for r in cells):
            return None, [f"{where}的判断矩阵应是 {n}×{n}（顺序为 {labels}），现在的形状不对"]
    values = np.ones((n, n))
    problems = []
    for i in range(n):
        for j in range(n):
            v = cells[i][j]
            recip = isinstance(v, tuple) and v[:1] == ("__recip__",)
            raw_v = v[1] if recip else v
            if isinstance(raw_v, str):
                try:
                    x = float(Fraction(raw_v.strip()))
                except (ValueError, ZeroDivisionError):
                    problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {raw_v!r} 不是数字：写 3 或 1/3 这样的值")
                    continue
            elif _is_number(raw_v):
                x = float(raw_v)
            else:
                problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {raw_v!r} 不是数字：写 3 或 1/3 这样的值")
                continue
            if not x > 0:
                problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {raw_v!r} 应为正数（Saaty 1–9 标度或其倒数）")
                continue
            values[i, j] = 1 / x if recip else x
    if problems:
        return None, problems
    for i in range(n):
        if abs(values[i, i] - 1) > 1e-6:
            problems.append(f"{where}的对角线 ({labels[i]}, {labels[i]}) 应为 1（自己与自己同等重要）")
        for j in range(i + 1, n):
            if abs(values[i, j] * values[j, i] - 1) > 1e-6:
                problems.append(f"{where}的 ({labels[i]}, {labels[j]}) = {_fmt(values[i, j])} 与 "
                                f"({labels[j]}, {labels[i]}) = {_fmt(values[j, i])} 不互为倒数：{fix_recip}")
            elif not (1 / 9 - 1e-9 <= values[i, j] <= 9 + 1e-9):
                problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {_fmt(values[i, j])} 超出 Saaty 1–9 标度")
    if problems:
        return None, problems
    return pd.DataFrame(values, index=labels, columns=labels), []


def ahp_levels(system: KPISystem, ahp_dimensions: Any, ahp_indicators: Any,
               random_index: str = "saaty1980") -> tuple[list[AHPLevel], list[str]]:
    """Parse the design's judgement matrices: (levels, Chinese problems).

    ``ahp_dimensions`` is the matrix over the dimension names (may be ``None``
    for a system with one dimension); ``ahp_indicators`` maps each dimension
    name to the matrix over its indicator codes (a dimension with one
    indicator needs none). A matrix may be a labelled DataFrame (e.g. from
    :func:`coursekit.weights.pairwise_matrix`), a dict of judgements
    ``{(a, b): 3}`` (upper triangle; the mirror cells are filled) or a list of
    rows in design order. Levels come back in design order, the dimension
    level first.

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("客户", 0.75, [Indicator("csat", 1)]),
    ...                Dimension("效率", 0.25, [Indicator("fcr", 0.5), Indicator("sla_compliance", 0.5)])])
    >>> levels, problems = ahp_levels(s, {("客户", "效率"): 3}, {"效率": [[1, 1], [1, 1]]})
    >>> problems, [lv.name for lv in levels], levels[0].result.weights.tolist()
    ([], ['维度之间', '维度「客户」内', '维度「效率」内'], [0.75, 0.25])
    >>> ahp_levels(s, {("客户", "效率"): 3}, {"效率": [[1, 2], [2, 1]]})[1]
    ['维度「效率」内的 (fcr, sla_compliance) = 2 与 (sla_compliance, fcr) = 2 不互为倒数：请在对称位置填倒数（写成 1/3 这样的分数，不要写 0.33）']
    """
    from coursekit.weights import ahp

    problems: list[str] = []
    levels: list[AHPLevel] = []
    plan: list[tuple[str, list[str], pd.Series, Any]] = [
        ("维度之间", [d.name for d in system.dimensions], system.dimension_weights(), ahp_dimensions)]
    if ahp_indicators is None:
        ahp_indicators = {}
    if not isinstance(ahp_indicators, Mapping):
        return [], [f"ahp_indicators 应是字典：维度名 → 该维度指标的判断矩阵，现在是 {type(ahp_indicators).__name__}"]
    unknown = [k for k in ahp_indicators if k not in [d.name for d in system.dimensions]]
    if unknown:
        problems.append(f"ahp_indicators 中的 {unknown} 不是体系的维度名：键应是 {[d.name for d in system.dimensions]}")
    for d in system.dimensions:
        used = pd.Series({i.code: i.weight for i in d.indicators}, dtype=float)
        plan.append((f"维度「{d.name}」内", list(d.codes), used, ahp_indicators.get(d.name)))
    for name, labels, used, raw in plan:
        used = pd.Series(used.to_numpy(), index=labels, dtype=float)
        if raw is None:
            if len(labels) > 1:
                problems.append(f"{name}有 {len(labels)} 项（{'、'.join(labels)}），缺少判断矩阵："
                                "请写出两两比较的判断，权重由 ck.weights.ahp 求得")
            levels.append(AHPLevel(name, tuple(labels), used, None))
            continue
        frame, bad = _matrix(raw, labels, name)
        if bad:
            problems += bad
            continue
        levels.append(AHPLevel(name, tuple(labels), used, ahp(frame, random_index=random_index)))
    return levels, problems


def ahp_consistency_problems(levels: Sequence[AHPLevel], cr_max: float = 0.10) -> list[str]:
    """Judgement matrices whose consistency ratio is not below ``cr_max``.

    >>> from coursekit.weights import ahp
    >>> m = [[1, 2, 4, 8], [1/2, 1, 2, 1/4], [1/4, 1/2, 1, 2], [1/8, 4, 1/2, 1]]
    >>> level = AHPLevel("维度之间", ("a", "b", "c", "d"), pd.Series([0.25] * 4, index=list("abcd")),
    ...                  ahp(m, labels=list("abcd")))
    >>> ahp_consistency_problems([level])
    ['维度之间的判断矩阵 CR = 0.403，不小于 0.1：判断自相矛盾，最可疑的一对是 (b, d)，请重新比较']
    """
    problems = []
    for level in levels:
        res = level.result
        if res is not None and not res.cr < cr_max:
            worst = res.inconsistency(top=1)
            pair = f"({worst.iloc[0]['row']}, {worst.iloc[0]['column']})" if len(worst) else ""
            problems.append(f"{level.name}的判断矩阵 CR = {res.cr:.3f}，不小于 {cr_max:g}：判断自相矛盾，"
                            f"最可疑的一对是 {pair}，请重新比较")
    return problems


def ahp_weight_problems(levels: Sequence[AHPLevel], tolerance: float = 0.01) -> list[str]:
    """Levels whose weights in the design differ from what their AHP matrix gives.

    A weight may differ from the eigenvector weight by at most ``tolerance``
    (rounding); a level without a matrix must be a single element with weight 1.

    >>> from coursekit.weights import ahp
    >>> level = AHPLevel("维度之间", ("客户", "效率"), pd.Series([0.6, 0.4], index=["客户", "效率"]),
    ...                  ahp([[1, 3], [1/3, 1]], labels=["客户", "效率"]))
    >>> ahp_weight_problems([level])
    ['维度之间的权重与判断矩阵不一致：客户 用的是 0.6，AHP 给出 0.75；效率 用的是 0.4，AHP 给出 0.25']
    """
    problems = []
    for level in levels:
        if level.result is None:
            continue
        expected = level.result.weights.reindex(list(level.labels)).astype(float)
        diff = (level.used - expected.to_numpy()).abs()
        off = [lab for lab, d in zip(level.labels, diff) if d > tolerance]
        if off:
            detail = "；".join(f"{lab} 用的是 {_fmt(level.used[lab])}，AHP 给出 {_fmt(expected[lab])}" for lab in off)
            problems.append(f"{level.name}的权重与判断矩阵不一致：{detail}")
    return problems


# --------------------------------------------------------------------------- targets
def target_band(values: Any, direction: str, low: float = 0.5, high: float = 0.9) -> tuple[float, float]:
    """The (lowest, highest) target that is both stretching and achievable.

    Higher-is-better: from the ``low`` quantile (median) to the ``high``
    quantile (P90) of last year's values; lower-is-better: from the
    ``1 − high`` quantile (P10) to the ``1 − low`` quantile (median). Quantiles
    are pandas' default (linear interpolation). So at least half of last year's
    agents did not reach the target and at least a tenth did.

    >>> target_band(pd.Series(range(11), dtype=float), "higher")
    (5.0, 9.0)
    >>> target_band([10.0, 20.0, 30.0, 40.0, 50.0], "lower")
    (14.0, 30.0)
    """
    s = pd.Series(values, dtype=float).dropna()
    if direction == "higher":
        return float(s.quantile(low)), float(s.quantile(high))
    return float(s.quantile(1 - high)), float(s.quantile(1 - low))


def target_problems(system: KPISystem, card: pd.DataFrame, low: float = 0.5, high: float = 0.9) -> list[str]:
    """Targets outside their :func:`target_band` on last year's ``card`` (or missing).

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 0.5, target=0.9),
    ...                                      Indicator("reopen_rate", 0.5, target=0.06)])])
    >>> card = pd.DataFrame({"fcr": np.linspace(0.6, 0.8, 11), "reopen_rate": np.linspace(0.02, 0.07, 11)})
    >>> for p in target_problems(s, card):
    ...     print(p)
    首次解决率（fcr）的目标 0.9 高于去年第 90 百分位（0.78），几乎没有人做得到：目标应在 0.7–0.78 之间
    重开率（reopen_rate）的目标 0.06 不比去年中位数（0.045）好，没有挑战：目标应在 0.025–0.045 之间
    """
    problems = []
    eps = 1e-9
    for d in system.dimensions:
        for i in d.indicators:
            what = f"{_name_zh(i.code)}（{i.code}）"
            if i.target is None:
                problems.append(f"{what}没有目标值")
                continue
            if i.code not in card.columns:
                continue
            lo, hi = target_band(card[i.code], i.direction or "higher", low, high)
            span = f"目标应在 {_fmt(lo)}–{_fmt(hi)} 之间"
            tol = eps * max(1.0, abs(lo), abs(hi))
            t = float(i.target)
            if i.direction == "higher":
                if t > hi + tol:
                    problems.append(f"{what}的目标 {_fmt(t)} 高于去年第 {high * 100:g} 百分位（{_fmt(hi)}），"
                                    f"几乎没有人做得到：{span}")
                elif t < lo - tol:
                    problems.append(f"{what}的目标 {_fmt(t)} 不比去年中位数（{_fmt(lo)}）好，没有挑战：{span}")
            else:
                if t < lo - tol:
                    problems.append(f"{what}的目标 {_fmt(t)} 低于去年第 {(1 - high) * 100:g} 百分位（{_fmt(lo)}），"
                                    f"几乎没有人做得到：{span}")
                elif t > hi + tol:
                    problems.append(f"{what}的目标 {_fmt(t)} 不比去年中位数（{_fmt(hi)}）好，没有挑战：{span}")
    return problems


# --------------------------------------------------------------------------- grades
def _call(function: Any, name: str, *args: Any) -> tuple[Any, str | None]:
    if not callable(function):
        return None, f"{name} 应是一个函数（def {name}(...): ...），现在是 {type(function).__name__}"
    try:
        return function(*args), None
    except Exception as exc:  # noqa: BLE001 - any error of trainee code becomes a message
        return None, f"{name}(...) 运行出错：{type(exc).__name__}: {exc}"


def _as_grades(result: Any, index: pd.Index, name: str, scale: Sequence[str]) -> tuple[pd.Series | None, list[str]]:
    if not isinstance(result, pd.Series):
        return None, [f"{name} 应返回 pandas Series（每位员工一个等级），现在返回的是 {type(result).__name__}"]
    if set(result.index) != set(index) or len(result) != len(index):
        return None, [f"{name} 返回的 Series 索引应与输入相同（每位员工一个等级）"]
    values = result.reindex(index)
    if values.isna().any():
        return None, [f"{name} 返回的等级有缺失值：{list(values.index[values.isna()])[:5]}"]
    labels = values.astype(str)
    strange = sorted(set(labels) - set(scale))
    if strange:
        return None, [f"{name} 返回了等级量表以外的等级 {strange}：只能用 {'、'.join(scale)}"]
    return labels, []


def grade_structure_problems(grade_rule: Any, composite: pd.Series,
                             scale: Sequence[str] = ("A", "B", "C", "D")) -> list[str]:
    """``grade_rule(composite)`` runs and returns one grade of ``scale`` per row.

    >>> grade_structure_problems(lambda s: s.map(lambda x: "A" if x > 50 else "E"), pd.Series([70.0, 20.0]))
    ["grade_rule 返回了等级量表以外的等级 ['E']：只能用 A、B、C、D"]
    """
    result, error = _call(grade_rule, "grade_rule", composite.copy())
    if error:
        return [error]
    return _as_grades(result, composite.index, "grade_rule", scale)[1]


def grade_distribution_problems(grade_rule: Any, composite: pd.Series, distribution: Mapping[str, Mapping[str, float]],
                                scale: Sequence[str] = ("A", "B", "C", "D")) -> list[str]:
    """Grades that contradict the composite's order, or a distribution the brief forbids.

    ``scale`` lists the grades best first; a row with a higher composite must
    never get a worse grade (ties may share either). ``distribution`` maps a
    grade to limits: ``max_share``, ``min_share`` (fractions of the rows) and
    ``min_count`` (people).

    >>> rule = lambda s: pd.Series(np.where(s >= 60, "A", "B"), index=s.index)
    >>> grade_distribution_problems(rule, pd.Series([90.0, 70, 50, 40, 30]), {"A": {"max_share": 0.2}})
    ['评 A 的有 2 人（40.0%），简报要求 不超过 20%']
    >>> grade_distribution_problems(lambda s: s.rank().map({1.0: "A", 2.0: "B"}), pd.Series([90.0, 80.0]), {})
    ['等级与综合得分的顺序相反：1（综合分 80）评 A，而 0（综合分 90）评 B']
    """
    result, error = _call(grade_rule, "grade_rule", composite.copy())
    if error:
        return [error]
    grades, problems = _as_grades(result, composite.index, "grade_rule", scale)
    if grades is None:
        return problems
    rank = grades.map({g: k for k, g in enumerate(scale)})            # 0 = best
    order = composite.astype(float).sort_values(ascending=False, kind="stable")
    ranks = rank.reindex(order.index).to_numpy()
    worst_so_far, worst_at = -1, None
    for pos, label in enumerate(order.index):
        if worst_at is not None and ranks[pos] < worst_so_far and order[label] < order[worst_at]:
            problems.append(f"等级与综合得分的顺序相反：{label}（综合分 {_fmt(order[label])}）评 {grades[label]}，"
                            f"而 {worst_at}（综合分 {_fmt(order[worst_at])}）评 {grades[worst_at]}")
            break
        if ranks[pos] > worst_so_far:
            worst_so_far, worst_at = ranks[pos], label
    n = len(grades)
    for grade, limits in distribution.items():
        count = int((grades == grade).sum())
        share = count / n if n else 0.0
        rules = []
        if "max_share" in limits and share > float(limits["max_share"]) + 1e-12:
            rules.append(f"不超过 {float(limits['max_share']):.0%}")
        if "min_share" in limits and share < float(limits["min_share"]) - 1e-12:
            rules.append(f"不少于 {float(limits['min_share']):.0%}")
        if "min_count" in limits and count < int(limits["min_count"]):
            rules.append(f"至少 {int(limits['min_count'])} 人")
        if rules:
            problems.append(f"评 {grade} 的有 {count} 人（{share:.1%}），简报要求 {'、'.join(rules)}")
    return problems


def gate_structure_problems(compliance_gate: Any, scale: Sequence[str] = ("A", "B", "C", "D")) -> list[str]:
    """``compliance_gate(grades, breaches)`` runs and returns one grade of ``scale`` per agent.

    Tried on one agent per grade, none of them with a breach.

    >>> gate_structure_problems(lambda grades, breaches: grades.tolist())
    ['compliance_gate 应返回 pandas Series（每位员工一个等级），现在返回的是 list']
    """
    order = list(scale)
    dtype = pd.CategoricalDtype(list(reversed(order)), ordered=True)
    ids = [f"S{k:02d}" for k in range(1, len(order) + 1)]
    grades = pd.Series(pd.Categorical(order, dtype=dtype), index=ids)
    result, error = _call(compliance_gate, "compliance_gate", grades, pd.Series(0, index=ids, dtype="int64"))
    if error:
        return [error]
    return _as_grades(result, grades.index, "compliance_gate", order)[1]


def gate_problems(compliance_gate: Any, cap: str = "C", scale: Sequence[str] = ("A", "B", "C", "D"),
                  grades: pd.Series | None = None, breaches: pd.Series | None = None) -> list[str]:
    """Check the non-compensatory gate ``compliance_gate(grades, breaches)``.

    The rule of the brief: an agent with at least one breach gets at most
    ``cap`` (a worse grade stays as it is); an agent without a breach keeps
    the grade. It is tried on synthetic agents (every grade with and without
    breaches, the breaches listed in another order than the grades, so the gate
    must match them by agent id; and a ledger listing only the agents who
    breached, so an agent missing from it has no breach) and, when given, on real ``grades`` and
    ``breaches``. ``grades`` passed to the gate are always an ordered
    categorical like :mod:`coursekit.appraisal` returns (worst < best), also
    when the real ``grades`` are plain text.

    >>> def gate(grades, breaches):
    ...     capped = (breaches.reindex(grades.index) > 0) & (grades > "C")
    ...     return grades.where(~capped, "C")
    >>> gate_problems(gate)
    []
    >>> gate_problems(lambda grades, breaches: grades)[0]
    '合规闸门没有起作用：S01 有 1 次违规，等级应被封顶为 C，但返回的是 A'
    """
    order = list(scale)
    if cap not in order:
        raise ConfigError(f"cap {cap!r} is not a grade of the scale {order}")
    dtype = pd.CategoricalDtype(list(reversed(order)), ordered=True)
    position = {g: k for k, g in enumerate(order)}            # 0 = best

    def expected(g: str, b: float) -> str:
        return order[max(position[g], position[cap])] if b > 0 else g

    cases = []
    ids = [f"S{k:02d}" for k in range(1, 2 * len(order) + 3)]
    labels = [*order, *order, order[0], order[0]]
    counts = [1, 2, 1, 3][: len(order)] + [1] * max(0, len(order) - 4) + [0] * len(order) + [5, 0]
    synthetic = pd.Series(pd.Categorical(labels, dtype=dtype), index=ids)
    breach = pd.Series(counts, index=ids, dtype="int64").iloc[::-1]
    cases.append(("synthetic", synthetic, breach))
    # a ledger often lists only the agents who breached: the others have none
    cases.append(("synthetic, breaches of breaching agents only", synthetic, breach[breach > 0]))
    if grades is not None and breaches is not None:
        # the gate is judged on its own: grades in the agreed form whatever grade_rule returned
        as_ordered = pd.Series(pd.Categorical(pd.Series(grades).astype(str), dtype=dtype), index=grades.index)
        cases.append(("data", as_ordered, breaches))
    problems: list[str] = []
    for kind, g_in, b_in in cases:
        result, error = _call(compliance_gate, "compliance_gate", g_in.copy(), b_in.copy())
        if error:
            return [error]
        got, bad = _as_grades(result, g_in.index, "compliance_gate", order)
        if got is None:
            return bad
        b = b_in.reindex(g_in.index).fillna(0).astype(float)
        for agent in g_in.index:
            before, count = str(g_in[agent]), float(b[agent])
            want, now = expected(before, count), got[agent]
            if now == want:
                continue
            if position[now] < position[before]:
                problems.append(f"合规闸门只能封顶、不能提高等级：{agent} 原等级 {before}，返回的是 {now}")
            elif count > 0 and position[now] < position[want]:
                problems.append(f"合规闸门没有起作用：{agent} 有 {int(count)} 次违规，等级应被封顶为 {want}，"
                                f"但返回的是 {now}")
            elif count > 0:
                problems.append(f"合规闸门过严：{agent} 原等级 {before}、有 {int(count)} 次违规，"
                                f"简报的规则是最高 {cap}，应评 {want}，返回的是 {now}")
            elif agent not in b_in.index:
                problems.append(f"合规闸门改动了没有违规的员工：{agent} 不在 breaches 里（没有违规记录，"
                                f"即 0 次），原等级 {before}，返回的是 {now}")
            else:
                problems.append(f"合规闸门改动了没有违规的员工：{agent} 没有违规，原等级 {before}，"
                                f"返回的是 {now}（要按员工编号对齐 breaches，不要按位置）")
            return problems
    return problems


# --------------------------------------------------------------------------- fairness
def _per_ticket_codes() -> set[str]:
    from coursekit.kpi.scorecard import TICKET_KPIS

    return {code for code, (_, how, scale) in TICKET_KPIS.items() if how == "mean" and scale == 1.0}


def _kpi_list(casemix_kpi: Any) -> list[str] | None:
    if isinstance(casemix_kpi, str):
        return [casemix_kpi]
    if isinstance(casemix_kpi, (list, tuple)) and casemix_kpi and all(isinstance(k, str) for k in casemix_kpi):
        return list(casemix_kpi)
    return None


def casemix_ranking(system: KPISystem, card: pd.DataFrame, tickets: pd.DataFrame, kpi: str | Sequence[str],
                    strata: Sequence[str]) -> pd.DataFrame:
    """The system's ranking before and after case-mix adjustment of some ticket KPIs.

    Each KPI in ``kpi`` is replaced in ``card`` by its case-mix adjusted value
    (:func:`coursekit.fairness.case_mix` by agent over ``strata``,
    ``adjusted`` = O/E × population mean) and the system is scored again.
    Columns: ``raw_rank`` (the system's ranking on ``card``), ``adjusted_rank``
    and ``rank_change`` = raw − adjusted (positive: moves up once the ticket
    mix is taken into account).

    >>> from coursekit.system import Dimension, Indicator
    >>> t = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "category": ["难", "难", "易", "易"],
    ...                   "first_contact_resolved": [True, False, True, True]})
    >>> s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 1)])])
    >>> card = pd.DataFrame({"fcr": [0.5, 1.0]}, index=pd.Index(["A", "B"], name="agent_id"))
    >>> casemix_ranking(s, card, t, "fcr", ["category"])
              raw_rank  adjusted_rank  rank_change
    agent_id
    A                2              1            1
    B                1              1            0
    """
    from coursekit.fairness import case_mix

    adjusted = card.copy()
    for code in _kpi_list(kpi) or []:
        mix = case_mix(tickets, kpi=code, strata=list(strata), by="agent_id", min_n=1)
        adjusted[code] = mix["adjusted"].reindex(card.index).to_numpy(dtype=float)
    raw = system.score(card).ranking
    adj = system.score(adjusted).ranking
    return pd.DataFrame({"raw_rank": raw, "adjusted_rank": adj, "rank_change": raw - adj})


def fairness_structure_problems(fairness_check: Any, system: KPISystem, card: pd.DataFrame, casemix_kpi: Any,
                                casemix_strata: Any, strata_allowed: Sequence[str]) -> list[str]:
    """The reported case-mix check has the agreed shape and names valid KPIs and strata.

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("客户", 1, [Indicator("csat", 1)])])
    >>> for p in fairness_structure_problems(None, s, pd.DataFrame({"csat": [0.8]}), "csat", ["priority"], ["priority"]):
    ...     print(p)
    fairness_check 应是 DataFrame（每位员工一行，含 raw_rank、adjusted_rank、rank_change），现在是 NoneType
    casemix_kpi 应是体系中可按工单调整的指标（如 fcr），现在是 csat：体系中可选 无
    """
    problems = []
    if not isinstance(fairness_check, pd.DataFrame):
        problems.append("fairness_check 应是 DataFrame（每位员工一行，含 raw_rank、adjusted_rank、rank_change），"
                        f"现在是 {type(fairness_check).__name__}")
    else:
        missing = [c for c in ("raw_rank", "adjusted_rank", "rank_change") if c not in fairness_check.columns]
        if missing:
            problems.append(f"fairness_check 缺少列 {missing}")
        if set(map(str, fairness_check.index)) != set(map(str, card.index)) or len(fairness_check) != len(card):
            problems.append("fairness_check 的索引应是去年的全部员工（与 card 的索引相同）")
    usable = sorted(_per_ticket_codes() & set(system.codes))
    kpis = _kpi_list(casemix_kpi)
    if kpis is None or not set(kpis) <= set(usable):
        problems.append(f"casemix_kpi 应是体系中可按工单调整的指标（如 fcr），现在是 {casemix_kpi}："
                        f"体系中可选 {'、'.join(usable) or '无'}")
    if (not isinstance(casemix_strata, (list, tuple)) or not casemix_strata
            or not set(casemix_strata) <= set(strata_allowed)):
        problems.append(f"casemix_strata 应是分层用的工单字段列表，从 {list(strata_allowed)} 中选，现在是 {casemix_strata!r}")
    return problems


def fairness_problems(fairness_check: pd.DataFrame, system: KPISystem, card: pd.DataFrame, tickets: pd.DataFrame,
                      casemix_kpi: Any, casemix_strata: Sequence[str]) -> list[str]:
    """``fairness_check`` agrees with :func:`casemix_ranking` of the design.

    >>> from coursekit.system import Dimension, Indicator
    >>> t = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "category": ["难", "难", "易", "易"],
    ...                   "first_contact_resolved": [True, False, True, True]})
    >>> s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 1)])])
    >>> card = pd.DataFrame({"fcr": [0.5, 1.0]}, index=pd.Index(["A", "B"], name="agent_id"))
    >>> same = pd.DataFrame({"raw_rank": [2, 1], "adjusted_rank": [2, 1], "rank_change": [0, 0]}, index=["A", "B"])
    >>> for p in fairness_problems(same, s, card, t, "fcr", ["category"]):
    ...     print(p)
    adjusted_rank 与按 fcr 的病例组合调整值（分层 category）重新计分后的排名不一致，例如 A 应为第 1 名，fairness_check 写的是 2
    rank_change 应为 raw_rank − adjusted_rank，例如 A 应为 1，写的是 0
    """
    ref = casemix_ranking(system, card, tickets, casemix_kpi, casemix_strata)
    mine = fairness_check.copy()
    mine.index = mine.index.map(str)
    ref.index = ref.index.map(str)
    problems = []
    for column, what in (("raw_rank", "raw_rank 应是体系在去年数据上的综合排名（system.score(card).ranking）"),
                         ("adjusted_rank", f"adjusted_rank 与按 {casemix_kpi} 的病例组合调整值（分层 "
                                           f"{'、'.join(casemix_strata)}）重新计分后的排名不一致"),
                         ("rank_change", "rank_change 应为 raw_rank − adjusted_rank")):
        got = pd.to_numeric(mine[column].reindex(ref.index), errors="coerce").astype(float)
        want = ref[column].astype(float)
        wrong = ~np.isclose(got.to_numpy(), want.to_numpy())
        if wrong.any():
            agent = ref.index[np.argmax(wrong)]
            value = got[agent]
            shown = "缺失" if pd.isna(value) else _fmt(float(value))
            problems.append(f"{what}，例如 {agent} 应为第 {int(want[agent])} 名，fairness_check 写的是 {shown}"
                            if column != "rank_change" else f"{what}，例如 {agent} 应为 {int(want[agent])}，写的是 {shown}")
    return problems


# --------------------------------------------------------------------------- data helpers
def agent_card(tickets: pd.DataFrame, surveys: pd.DataFrame, complaints: pd.DataFrame,
               kpis: Sequence[str], by: str = "agent_id") -> pd.DataFrame:
    """Last year's scorecard per agent: :func:`coursekit.kpi.scorecard` plus complaints.

    ``complaint_rate`` (in ``kpis``) comes from the complaints table: the
    complaints whose ``ticket_id`` is one of the agent's tickets, per 1,000 of
    the agent's tickets (:func:`coursekit.kpi.complaint_rate` with the tickets
    as the stated base); complaints received through other channels (no ticket)
    are not charged to anyone. Columns: ``kpis`` in order, then ``n_tickets``
    and ``n_surveys``.

    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", "T4"], "agent_id": ["A", "A", "B", "B"],
    ...                   "first_contact_resolved": [True, False, True, True]})
    >>> s = pd.DataFrame({"ticket_id": ["T1", "T3"], "agent_id": ["A", "B"], "csat": [5, 3]})
    >>> c = pd.DataFrame({"complaint_id": ["C1", "C2"], "ticket_id": ["T2", None]})
    >>> agent_card(t, s, c, ["fcr", "csat", "complaint_rate"])
              fcr  csat  complaint_rate  n_tickets  n_surveys
    agent_id
    A         0.5   1.0           500.0          2          1
    B         1.0   0.0             0.0          2          1
    """
    from coursekit.kpi import complaint_rate, scorecard

    codes = list(kpis)
    from_scorecard = [c for c in codes if c != "complaint_rate"]
    card = scorecard(tickets, surveys, kpis=from_scorecard, by=by)
    if "complaint_rate" in codes:
        owner = tickets.set_index("ticket_id")[by]
        linked = complaints[complaints["ticket_id"].isin(owner.index)]
        linked = linked.assign(**{by: linked["ticket_id"].map(owner).to_numpy()})
        card["complaint_rate"] = complaint_rate(linked, by=by, base=card["n_tickets"]).to_numpy(dtype=float)
    return card[[*codes, "n_tickets", "n_surveys"]]


def overdue_complaints(complaints: pd.DataFrame, tickets: pd.DataFrame, limit_days: float = 15,
                       at: Any = None, by: str = "agent_id") -> pd.Series:
    """Complaints on each agent's tickets not closed within ``limit_days`` (a count per agent).

    A complaint is overdue when it was closed more than ``limit_days`` after it
    was received, or is still open at ``at`` (default: the latest timestamp in
    the complaints table) and already older than that; an open complaint still
    within the limit is not (yet) a breach. Every agent of ``tickets`` is in the
    result (0 when none).

    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2", "T3"], "agent_id": ["A", "A", "B"]})
    >>> c = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", None],
    ...                   "received_at": pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01", "2023-01-05"]),
    ...                   "closed_at": pd.to_datetime(["2023-01-20", "2023-02-10", None, None])})
    >>> overdue_complaints(c, t, at=pd.Timestamp("2023-03-10")).to_dict()
    {'A': 1, 'B': 0}
    """
    owner = tickets.set_index("ticket_id")[by]
    closed = pd.to_datetime(complaints["closed_at"])
    received = pd.to_datetime(complaints["received_at"])
    if at is None:
        at = max(received.max(), closed.max())
    days = (closed.fillna(pd.Timestamp(at)) - received) / pd.Timedelta(days=1)
    late = complaints[(days > limit_days).to_numpy() & complaints["ticket_id"].isin(owner.index).to_numpy()]
    counts = late["ticket_id"].map(owner).value_counts()
    agents = pd.Index(sorted(pd.unique(tickets[by].astype(str))), name=by)
    counts.index = counts.index.map(str)
    return counts.reindex(agents, fill_value=0).astype("int64").rename("breaches")
