"""XmR (individuals and moving range) chart.

Formulas (Wheeler; see ../shared/reference/domain.md):

* moving range ``mR_i = |x_i - x_{i-1}|`` (the first point has none);
* centre ``x̄`` and ``mR̄`` from the *baseline* points (default: all points);
* X limits ``x̄ ± 2.66·mR̄`` (``2.66 = 3/d2``, ``d2 = 1.128`` for ranges of two);
* mR upper limit ``3.267·mR̄`` (``D4`` for ranges of two), lower limit 0;
* ``sigma = 2.66·mR̄/3`` (≈ ``mR̄/1.128``), so the 3σ zone of the run rules is
  exactly the X limits.

Limits are not floored at 0: a negative LCL on a quantity that cannot be
negative just means the lower limit cannot be crossed.

>>> chart = xmr([5, 7, 6, 8, 6])
>>> round(chart.centre, 2), round(chart.mr_mean, 2), round(chart.ucl, 1)
(6.4, 1.75, 11.1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import DataError
from coursekit.results import Result
from coursekit.spc._input import as_numeric, baseline_mask, need_points
from coursekit.spc.rules import RuleFamily, apply_rules

E2 = 2.66  # 3 / d2 with d2 = 1.128 (ranges of two consecutive points)
D4 = 3.267  # upper moving-range factor for ranges of two
D2 = 1.128


@dataclass(frozen=True, eq=False)
class XmRResult(Result):
    """Limits of an XmR chart plus a tidy per-point ``frame``.

    ``frame`` columns: ``x``, ``mr``, ``centre``, ``ucl``, ``lcl``,
    ``mr_centre``, ``mr_ucl``, ``baseline`` (used for the limits),
    ``outside`` (x beyond the X limits), ``mr_outside`` (mR above its limit).
    """

    centre: float
    mr_mean: float
    ucl: float
    lcl: float
    mr_ucl: float
    sigma: float
    frame: pd.DataFrame = field(repr=False)

    def title(self) -> str:
        return (f"单值-移动极差图（XmR）：中心线 {self.centre:.4g}，控制限 {self.lcl:.4g} ~ {self.ucl:.4g}，"
                f"超出控制限 {len(self.outside)} 点")

    def table(self) -> pd.DataFrame:
        """The per-point ``frame`` (values, moving ranges, limits, flags).

        >>> xmr([1, 1, 2, 1, 9], baseline=4).table()["outside"].tolist()
        [False, False, False, False, True]
        """
        return self.frame

    @property
    def outside(self) -> list:
        """Index labels of points beyond the X limits.

        >>> xmr([1, 1, 2, 1, 9], baseline=4).outside
        [4]
        """
        return self.frame.index[self.frame["outside"]].tolist()

    @property
    def mr_outside(self) -> list:
        """Index labels of points whose moving range is above the mR limit.

        >>> xmr([1, 2, 1, 2, 9], baseline=4).mr_outside  # |9 - 2| = 7 > 3.267
        [4]
        """
        return self.frame.index[self.frame["mr_outside"]].tolist()

    def rules(self, family: RuleFamily = "nelson", rules: Any = None) -> pd.DataFrame:
        """Run-rule violations on the X values using this chart's centre and sigma.

        >>> xmr([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]).rules("nelson", rules=[4])["position"].tolist()
        [13]
        """
        return apply_rules(self.frame["x"], self.centre, self.sigma, family, rules)


def xmr(values: Any, baseline: Any = None) -> XmRResult:
    """XmR chart of ``values`` (list, array or Series; a Series keeps its index).

    ``baseline`` chooses the points that set the limits: ``None`` (all), an int
    ``k`` (first ``k`` points), a slice (positions, or index labels such as
    ``slice("2023-01-01", "2023-12-01")``) or a boolean mask. To see whether a
    process changed, compute the limits from the period *before* the change
    and judge the later points against them.

    >>> chart = xmr([10, 12, 11, 13, 12])
    >>> round(chart.mr_mean, 2), round(chart.lcl, 2), round(chart.mr_ucl, 2)
    (1.5, 7.61, 4.9)
    >>> chart.frame.columns.tolist()[:4]
    ['x', 'mr', 'centre', 'ucl']
    """
    series = as_numeric(values, "values")
    need_points(series, 2, str(series.name) if series.name is not None else "values", "an XmR chart")
    mask = baseline_mask(series, baseline)
    base = series.to_numpy()[mask]
    centre = float(base.mean())
    mr_mean = float(np.abs(np.diff(base)).mean())
    if mr_mean == 0:
        raise DataError("baseline", "points are all equal, so the moving ranges are 0 and the limits collapse",
                        hint="use a longer baseline, or record the values with more precision")
    ucl, lcl = centre + E2 * mr_mean, centre - E2 * mr_mean
    mr_ucl = D4 * mr_mean
    x = series.to_numpy()
    mr = np.concatenate([[np.nan], np.abs(np.diff(x))])
    frame = pd.DataFrame(
        {
            "x": x,
            "mr": mr,
            "centre": centre,
            "ucl": ucl,
            "lcl": lcl,
            "mr_centre": mr_mean,
            "mr_ucl": mr_ucl,
            "baseline": mask,
            "outside": (x > ucl) | (x < lcl),
            "mr_outside": np.nan_to_num(mr, nan=0.0) > mr_ucl,
        },
        index=series.index.copy(),
    )
    return XmRResult(centre, mr_mean, ucl, lcl, mr_ucl, E2 * mr_mean / 3, frame)
