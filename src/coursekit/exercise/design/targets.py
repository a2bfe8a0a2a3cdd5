"""Targets of an a6 design grounded in last year's data (a band of the agents' values)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from coursekit.exercise.design._common import _fmt, _name_zh
from coursekit.system.model import KPISystem


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
    >>> import numpy as np
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


