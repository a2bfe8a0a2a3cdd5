"""Student's t distribution for the paired test and the DiD interval.

``scipy.special`` holds the same functions ``scipy.stats.t`` calls
(``stdtr`` for the distribution function, ``stdtrit`` for its inverse), and
imports in a fraction of the time ``scipy.stats`` takes, which every chapter
that evaluates a training pays once per kernel.

>>> round(t_quantile(0.975, 3), 3)       # t table: two-sided 95 %, 3 degrees of freedom
3.182
>>> round(two_sided_p(2.0, 10), 4)        # t table: P(|T| > 2.0) with 10 df
0.0734
"""

from __future__ import annotations


def two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom."""
    from scipy.special import stdtr

    return float(2 * stdtr(df, -abs(t)))


def t_quantile(q: float, df: float) -> float:
    """The ``q`` quantile of Student's t with ``df`` degrees of freedom."""
    from scipy.special import stdtrit

    return float(stdtrit(df, q))
