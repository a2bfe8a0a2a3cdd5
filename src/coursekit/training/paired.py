"""Pre/post effect for the same people: paired t-test, ``d_z`` and ``d_av``.

Formulas (../shared/reference/domain.md): ``t = mean(d)/(sd(d)/√n)``, ``df = n − 1``;
``d_z = mean(d)/sd(d)``; ``d_av = mean(d)/((sd_pre + sd_post)/2)`` (Lakens 2013).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from coursekit.errors import DataError, reject_missing
from coursekit.results import Result
from coursekit.training._input import as_numbers, check_confidence
from coursekit.training._t import t_quantile, two_sided_p


def effect_size_label(d: float) -> str:
    """Cohen's (1988) rule of thumb: |d| < 0.2 negligible, < 0.5 small, < 0.8 medium, else large.

    >>> effect_size_label(0.45), effect_size_label(-0.9)
    ('small', 'large')
    """
    size = abs(d)
    return "negligible" if size < 0.2 else "small" if size < 0.5 else "medium" if size < 0.8 else "large"


@dataclass(frozen=True)
class PairedEffect(Result):
    """Paired pre/post comparison (``d = post − pre`` per person).

    ``d_z = mean(d)/sd(d)`` standardises by the spread of the *changes*;
    ``d_av = mean(d)/((sd_pre + sd_post)/2)`` by the spread of the *scores*
    (Lakens 2013). With strongly correlated pre/post scores ``d_z`` is much
    larger than ``d_av``; always say which one you report.
    ``t = mean(d)/(sd(d)/√n)``, ``df = n − 1``, ``p`` two-sided,
    ``ci`` the confidence interval of ``mean_diff``. All sds are sample sds.
    """

    n: int
    mean_pre: float
    mean_post: float
    mean_diff: float
    sd_diff: float
    se: float
    t: float
    df: int
    p: float
    d_z: float
    d_av: float
    ci: tuple[float, float]
    confidence: float

    def title(self) -> str:
        return f"配对前后比较：平均变化 {self.mean_diff:+.4g}（{self.n} 对）"

    def table(self) -> pd.DataFrame:
        """All numbers in one row (``ci_low``/``ci_high`` bound ``mean_diff``).

        >>> paired_effect([60, 65, 70, 75], [66, 68, 79, 81]).table()[["n", "mean_diff", "df"]]
           n  mean_diff  df
        0  4        6.0   3
        """
        return pd.DataFrame([{
            "n": self.n, "mean_pre": self.mean_pre, "mean_post": self.mean_post, "mean_diff": self.mean_diff,
            "sd_diff": self.sd_diff, "se": self.se, "ci_low": self.ci[0], "ci_high": self.ci[1],
            "confidence": self.confidence, "t": self.t, "df": self.df, "p": self.p,
            "d_z": self.d_z, "d_av": self.d_av,
        }])


def paired_effect(pre: Any, post: Any, confidence: float = 0.95) -> PairedEffect:
    """Paired t-test and effect sizes for scores of the same people before and after.

    Pairs are matched by position. Missing values raise a :class:`DataError`
    (drop incomplete pairs first, e.g. ``frame.dropna(subset=[...])``).

    >>> r = paired_effect([60, 65, 70, 75], [66, 68, 79, 81])
    >>> round(r.t, 3), r.df, round(r.d_z, 3), round(r.d_av, 3)
    (4.899, 3, 2.449, 0.854)
    """
    confidence = check_confidence(confidence)
    before, after = as_numbers(pre, "pre"), as_numbers(post, "post")
    if len(before) != len(after):
        raise DataError("post", f"must have one value per pre value ({len(before)}), got {len(after)}",
                        hint="pass two columns of the same table")
    for series, name in ((before, "pre"), (after, "post")):
        reject_missing(series, str(series.name) if series.name is not None else name,
                       hint="drop incomplete pairs first, e.g. frame.dropna(subset=[pre, post])")
    n = len(before)
    if n < 2:
        raise DataError("pre", f"needs at least 2 pairs, got {n}", hint="collect more people")
    b, a = before.to_numpy(), after.to_numpy()
    d = a - b
    mean_diff, sd_diff = float(d.mean()), float(d.std(ddof=1))
    if sd_diff == 0:
        raise DataError("post", "every change is the same, so t and d_z are undefined",
                        hint="check the data (a constant change usually means a copied column)")
    se = sd_diff / math.sqrt(n)
    df = n - 1
    t = mean_diff / se
    p = two_sided_p(t, df)
    half = t_quantile(0.5 + confidence / 2, df) * se
    sd_av = (b.std(ddof=1) + a.std(ddof=1)) / 2
    d_av = float(mean_diff / sd_av) if sd_av > 0 else math.nan
    return PairedEffect(n, float(b.mean()), float(a.mean()), mean_diff, sd_diff, se, t, df, p,
                        mean_diff / sd_diff, d_av, (mean_diff - half, mean_diff + half), confidence)
