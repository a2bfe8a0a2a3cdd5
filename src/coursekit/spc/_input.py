"""Input checks shared by the SPC functions: numbers in, :class:`DataError` out.

>>> as_numeric([1, 2.5, 4], "values").tolist()
[1.0, 2.5, 4.0]
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from coursekit.checks import as_floats
from coursekit.errors import DataError, offending, reject_missing


def as_numeric(values: Any, name: str) -> pd.Series:
    """``values`` as a float Series of finite numbers that keeps the caller's row labels.

    Lists and arrays get positions 0, 1, 2, ... as labels; a Series keeps its
    index (e.g. months), so errors and results name the rows the learner sees.
    Text (:func:`coursekit.checks.as_floats`), missing and infinite values
    raise a :class:`DataError` naming the rows.

    >>> as_numeric(pd.Series([3, 4], index=["Jan", "Feb"]), "x").to_dict()
    {'Jan': 3.0, 'Feb': 4.0}
    >>> as_numeric([1, "n/a"], "x")
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'x': must be a number; rows 1 (values: 'n/a'); fix: ...
    """
    numeric = as_floats(values, name)
    column = str(numeric.name) if numeric.name is not None else name
    reject_missing(numeric, column, problem="must not be missing (every point is plotted)",
                   hint="drop or fill the missing points first, e.g. values.dropna()")
    infinite = ~np.isfinite(numeric.to_numpy())
    if infinite.any():
        rows, vals = offending(infinite, numeric.index, numeric.tolist())
        raise DataError(column, "must be finite numbers", rows=rows, values=vals,
                        hint="remove infinite values (often a division by zero upstream)")
    return numeric


def need_points(series: pd.Series, minimum: int, name: str, purpose: str) -> None:
    """Raise a :class:`DataError` when ``series`` has fewer than ``minimum`` points.

    >>> need_points(pd.Series([1.0]), 2, "values", "an XmR chart")
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'values': needs at least 2 points for an XmR chart, got 1; fix: ...
    """
    if len(series) < minimum:
        raise DataError(name, f"needs at least {minimum} points for {purpose}, got {len(series)}",
                        hint="collect more periods (20 or more are recommended for stable limits)")


def check_scalar(value: Any, name: str, *, positive: bool = False) -> float:
    """A finite real number (``positive=True``: also > 0), else :class:`DataError`.

    >>> check_scalar(2, "sigma", positive=True)
    2.0
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))
    if not ok or (positive and float(value) <= 0):
        expected = "a finite number > 0" if positive else "a finite number"
        raise DataError(name, f"must be {expected}", values=[value], rows=[name],
                        hint=f"pass {name} as a plain number")
    return float(value)


def baseline_mask(series: pd.Series, baseline: Any) -> np.ndarray:
    """Boolean mask of the points used to compute the limits.

    ``baseline`` may be ``None`` (all points), an ``int`` k (the first k points),
    a ``slice`` (positional if its bounds are integers, otherwise by index label,
    e.g. ``slice("2023-01-01", "2023-12-01")`` on monthly data), or a sequence of
    booleans as long as the data.

    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0])
    >>> baseline_mask(s, 2).tolist()
    [True, True, False, False]
    >>> baseline_mask(s, slice(1, 3)).tolist()
    [False, True, True, False]
    """
    n = len(series)
    mask = np.zeros(n, dtype=bool)
    if baseline is None:
        mask[:] = True
    elif isinstance(baseline, numbers.Integral) and not isinstance(baseline, bool):
        if not 2 <= int(baseline) <= n:
            raise DataError("baseline", f"must be between 2 and the number of points ({n}), got {baseline}",
                            hint="give the number of leading points that describe the process before a change")
        mask[: int(baseline)] = True
    elif isinstance(baseline, slice):
        bounds = (baseline.start, baseline.stop)
        if all(b is None or isinstance(b, numbers.Integral) for b in bounds):
            mask[baseline] = True
        else:
            try:
                positions = series.index.slice_indexer(baseline.start, baseline.stop, baseline.step)
            except (KeyError, TypeError, ValueError) as exc:
                raise DataError("baseline", f"label slice {baseline} does not match the index ({exc})",
                                hint="use labels of the values' index (sorted) or positions") from None
            mask[positions] = True
    else:
        flags = np.asarray(list(baseline))
        if flags.dtype != bool or len(flags) != n:
            raise DataError("baseline", "must be None, an int, a slice or booleans as long as the data",
                            values=[type(baseline).__name__], rows=["baseline"],
                            hint="e.g. baseline=12 for the first twelve points")
        mask = flags.copy()
    if mask.sum() < 2:
        raise DataError("baseline", f"selects {int(mask.sum())} point(s); limits need at least 2",
                        hint="widen the baseline (20 or more points are recommended)")
    return mask
