"""Coverage, focus and redundancy of an a6 design: the brief's concerns covered, few and distinct indicators."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.design._common import VARIANTS, _name_zh
from coursekit.system.model import KPISystem


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
    ['首次解决率（fcr）和SLA达成率（sla_compliance）在去年的员工之间相关系数 r = 0.98（|r| >
    0.9），考核的是同一件事，只保留一个']
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


