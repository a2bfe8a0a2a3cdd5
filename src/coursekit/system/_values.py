"""Checks shared by the parts of a KPI system: weights are finite non-negative numbers summing to 1.

>>> weight_value("0.25", "weight of indicator 'fcr'")
0.25
>>> check_sum({"fcr": 0.5, "csat": 0.5}, "dimension 质量", "make them sum to 1")
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from coursekit.errors import ConfigError, DataError

__all__ = ["WEIGHT_TOLERANCE", "check_sum", "weight_value"]

#: How far a set of weights may be from summing to 1.
WEIGHT_TOLERANCE = 1e-6


def weight_value(value: Any, what: str) -> float:
    """``value`` as a float weight: a finite number of at least 0 (else a :class:`ConfigError` naming ``what``).

    >>> weight_value(-1, "weight of dimension '客户'")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: weight of dimension '客户' must be a non-negative number, got -1
    """
    try:
        w = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(w) or w < 0:
        raise ConfigError(f"{what} must be a non-negative number, got {value!r}")
    return w


def check_sum(weights: Mapping[str, float], what: str, hint: str) -> None:
    """Raise a :class:`DataError` naming the weights unless they sum to 1 (within :data:`WEIGHT_TOLERANCE`)."""
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise DataError(what, f"weights must sum to 1, they sum to {total:.6g}",
                        rows=list(weights), values=[round(v, 6) for v in weights.values()], hint=hint)
