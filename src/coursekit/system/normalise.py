"""Normalisation: turn raw KPI values into 0–100 scores.

Three methods, each usable on its own (a list, array or Series of values):

``"minmax"`` (极差标准化)
    higher-better ``100 · (x − min) / (max − min)``; lower-better
    ``100 · (max − x) / (max − min)``. Scores are *relative to the group*:
    the best row gets 100, the worst 0. If every value is the same the
    spread is zero and every row gets 50 (nobody is ahead of anybody).
``"zscore"`` (标准分, reported as a T-score)
    ``z = (x − mean) / σ`` with the **population** σ (``ddof=0``), negated
    for lower-better, mapped to ``T = 50 + 10 z`` and clipped to 0–100
    (the T-score familiar from exam reports: the average scores 50, one
    standard deviation better scores 60). Constant values → 50.
``"target"`` (目标达成率)
    achievement ``a = actual / target`` (higher-better) or
    ``target / actual`` (lower-better), capped at ``cap`` and floored at 0;
    score = ``100 · min(a, cap) / cap``. With ``cap = 1`` (default) meeting
    the target scores 100; with ``cap = 1.2`` meeting the target scores
    83.3 and 120 % or more scores 100. Targets must be positive; a
    lower-better actual of 0 counts as fully achieved.

Missing values (NaN) stay missing and are left out of min, max, mean and σ.

>>> normalise([10, 20, 30])
0     0.0
1    50.0
2   100.0
dtype: float64
>>> normalise([2.0, 4.0, 8.0], direction="lower").round(1).tolist()
[100.0, 66.7, 0.0]
>>> normalise([0.72, 0.80, 0.90], method="target", target=0.80).round(1).tolist()
[90.0, 100.0, 100.0]
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.checks import as_floats, choose
from coursekit.errors import ConfigError

__all__ = ["DIRECTIONS", "NORMALISE_METHODS", "Direction", "NormaliseMethod", "normalise"]

#: How raw KPI values become 0–100 scores.
NormaliseMethod = Literal["minmax", "zscore", "target"]
#: Which way is better for a KPI.
Direction = Literal["higher", "lower"]

NORMALISE_METHODS: tuple[NormaliseMethod, ...] = ("minmax", "zscore", "target")
DIRECTIONS: tuple[Direction, ...] = ("higher", "lower")


def normalise(
    values: Any,
    method: NormaliseMethod = "minmax",
    direction: Direction = "higher",
    target: float | None = None,
    cap: float = 1.0,
) -> pd.Series:
    """Scores 0–100 for ``values`` (a Series keeps its index and name).

    See the module docstring for the three methods. ``direction`` is
    ``"higher"`` (higher is better) or ``"lower"``; ``target`` and ``cap``
    are used by ``method="target"`` only.

    >>> normalise([60, 70, 80], method="zscore").round(2).tolist()   # σ = 8.165 (population)
    [37.75, 50.0, 62.25]
    >>> normalise([12.0, 24.0, 48.0], method="target", direction="lower", target=24, cap=1.2).round(1).tolist()
    [100.0, 83.3, 41.7]
    """
    method = choose(method, NORMALISE_METHODS, "normalisation")
    if direction not in DIRECTIONS:
        raise ConfigError(f"direction must be 'higher' or 'lower' (which way is better), got {direction!r}")
    s = as_floats([values] if np.isscalar(values) else values, "values", text=True, booleans=False)
    x = s.to_numpy(dtype=float)
    if method == "minmax":
        out = _minmax(x, direction)
    elif method == "zscore":
        out = _tscore(x, direction)
    else:
        out = _target(x, direction, target, cap)
    return pd.Series(out, index=s.index, name=s.name, dtype=float)


def _minmax(x: np.ndarray, direction: str) -> np.ndarray:
    if np.isnan(x).all():
        return x.copy()
    lo, hi = np.nanmin(x), np.nanmax(x)
    if hi == lo:
        return np.where(np.isnan(x), np.nan, 50.0)
    scaled = (x - lo) / (hi - lo) if direction == "higher" else (hi - x) / (hi - lo)
    return 100.0 * scaled


def _tscore(x: np.ndarray, direction: str) -> np.ndarray:
    if np.isnan(x).all():
        return x.copy()
    mean = np.nanmean(x)
    sd = np.nanstd(x)  # population σ (ddof = 0)
    if sd == 0:
        return np.where(np.isnan(x), np.nan, 50.0)
    z = (x - mean) / sd
    if direction == "lower":
        z = -z
    return np.clip(50.0 + 10.0 * z, 0.0, 100.0)


def _target(x: np.ndarray, direction: str, target: float | None, cap: float) -> np.ndarray:
    if target is None:
        raise ConfigError("method='target' needs a target value (e.g. target=0.8 for an 80 % FCR goal)")
    try:
        t = float(target)
        c = float(cap)
    except (TypeError, ValueError):
        raise ConfigError(f"target and cap must be numbers, got target={target!r}, cap={cap!r}") from None
    if not (math.isfinite(t) and t > 0):
        raise ConfigError(f"target must be a positive number, got {target!r}; achievement = actual / target "
                          "is meaningless for a zero or negative target (for NPS use minmax or zscore)")
    if not (math.isfinite(c) and c > 0):
        raise ConfigError(f"cap must be a positive number (1.0 = 100 % achievement), got {cap!r}")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if direction == "higher":
            achievement = x / t
        else:
            achievement = np.where(x <= 0, np.inf, t / np.where(x <= 0, 1.0, x))
    achievement = np.where(np.isnan(x), np.nan, achievement)
    return 100.0 * np.clip(achievement, 0.0, c) / c
