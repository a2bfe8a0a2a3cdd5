"""p-chart: the share of defective items when sample sizes vary.

* ``p_i = d_i / n_i``;  centre ``p̄ = Σd / Σn`` over the baseline points
  (a pooled share, not the mean of the ``p_i``);
* ``sigma_i = sqrt(p̄(1 − p̄)/n_i)``; limits ``p̄ ± 3·sigma_i``, so they are
  wider for small samples; the lower limit is floored at 0 and the upper
  limit capped at 1;
* ``z_i = (p_i − p̄)/sigma_i`` puts every point on one scale, so the run rules
  apply with centre 0 and sigma 1 (:meth:`PChartResult.rules`).

>>> chart = p_chart([2, 5, 3], [100, 100, 100])
>>> round(chart.centre, 4)
0.0333
>>> chart.frame["lcl"].tolist()
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import DataError, offending
from coursekit.results import Result
from coursekit.spc._input import as_numeric, baseline_mask, need_points
from coursekit.spc.rules import RuleFamily, apply_rules


@dataclass(frozen=True, eq=False)
class PChartResult(Result):
    """Centre line and a tidy per-point ``frame``.

    ``frame`` columns: ``defects``, ``size``, ``p``, ``centre``, ``sigma``,
    ``ucl``, ``lcl``, ``z``, ``baseline``, ``outside``.
    """

    centre: float
    frame: pd.DataFrame = field(repr=False)

    def title(self) -> str:
        return f"p 控制图：中心线 {self.centre:.4g}，超出控制限 {len(self.outside)} 点"

    def table(self) -> pd.DataFrame:
        """The per-point ``frame`` (counts, share, limits, z, flags).

        >>> p_chart([1, 2, 1, 30], [100] * 4).table()["p"].tolist()
        [0.01, 0.02, 0.01, 0.3]
        """
        return self.frame

    @property
    def outside(self) -> list:
        """Index labels of points beyond their own limits.

        >>> p_chart([1, 2, 1, 30], [100, 100, 100, 100]).outside
        [3]
        """
        return self.frame.index[self.frame["outside"]].tolist()

    def rules(self, family: RuleFamily = "nelson", rules: Any = None) -> pd.DataFrame:
        """Run-rule violations on the standardised ``z`` values (centre 0, sigma 1).

        >>> p_chart([1, 2, 1, 30], [100] * 4).rules("nelson", rules=[1])["point"].tolist()
        [3]
        """
        return apply_rules(self.frame["z"], 0.0, 1.0, family, rules)


def _counts(values: Any, name: str) -> pd.Series:
    series = as_numeric(values, name)
    column = str(series.name) if series.name is not None else name
    fractional = series != np.round(series)
    if fractional.any():
        rows, vals = offending(fractional, series.index, series.tolist())
        raise DataError(column, "must be whole counts", rows=rows, values=vals,
                        hint="count items, do not pass shares or averages")
    series = series.astype("int64")
    negative = series < 0
    if negative.any():
        rows, vals = offending(negative, series.index, series.tolist())
        raise DataError(column, "must not be negative", rows=rows, values=vals,
                        hint="counts are 0 or more; check for sign or subtraction errors")
    return series


def p_chart(defects: Any, sizes: Any, baseline: Any = None) -> PChartResult:
    """p-chart of ``defects`` out of ``sizes`` per period (limits vary with the size).

    ``baseline`` selects the points that set ``p̄`` (as in :func:`xmr`).

    >>> chart = p_chart([10, 12, 8], [200, 300, 100])
    >>> round(chart.centre, 3)
    0.05
    >>> chart.frame["ucl"].round(3).tolist()
    [0.096, 0.088, 0.115]
    """
    d = _counts(defects, "defects")
    n = _counts(sizes, "sizes")
    if len(d) != len(n):
        raise DataError("sizes", f"must have one size per defects value ({len(d)}), got {len(n)}",
                        hint="pass two columns of the same table")
    need_points(d, 2, "defects", "a p-chart")
    n = pd.Series(n.to_numpy(), index=d.index)
    empty = n <= 0
    if empty.any():
        rows, vals = offending(empty, n.index, n.tolist())
        raise DataError("sizes", "must be at least 1 (an empty sample has no share)", rows=rows,
                        values=vals, hint="drop periods with no items")
    too_many = d > n
    if too_many.any():
        rows, _ = offending(too_many, d.index, d.tolist())
        shown = [f"{int(a)}/{int(b)}" for a, b in zip(d[too_many], n[too_many], strict=True)]
        raise DataError("defects", "must not exceed the sample size", rows=rows, values=shown,
                        hint="defects count defective items within the sample of that period")
    mask = baseline_mask(d, baseline)
    total = n.to_numpy()[mask].sum()
    centre = float(d.to_numpy()[mask].sum() / total)
    if centre in (0.0, 1.0):
        raise DataError("defects", f"baseline share is {centre:g}, so the limits collapse",
                        hint="use a longer baseline; with no defects at all, chart the time between defects")
    p = d.to_numpy() / n.to_numpy()
    sigma = np.sqrt(centre * (1 - centre) / n.to_numpy())
    ucl = np.minimum(1.0, centre + 3 * sigma)
    lcl = np.maximum(0.0, centre - 3 * sigma)
    frame = pd.DataFrame(
        {
            "defects": d.to_numpy(),
            "size": n.to_numpy(),
            "p": p,
            "centre": centre,
            "sigma": sigma,
            "ucl": ucl,
            "lcl": lcl,
            "z": (p - centre) / sigma,
            "baseline": mask,
            "outside": (p > ucl) | (p < lcl),
        },
        index=d.index.copy(),
    )
    return PChartResult(centre, frame)
