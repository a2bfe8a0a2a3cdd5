"""Difference-in-differences: the training effect net of the drift everybody had.

``DiD = (T_post − T_pre) − (C_post − C_pre)``; interval from a Welch t on the
per-person change scores. Assumes parallel trends (without training, both
groups would have changed alike).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from coursekit.errors import DataError, offending
from coursekit.results import Result
from coursekit.training._input import as_numbers, check_confidence, require
from coursekit.training._t import t_quantile, two_sided_p


@dataclass(frozen=True)
class DiDResult(Result):
    """Difference-in-differences on change scores.

    ``estimate = (T_post − T_pre) − (C_post − C_pre)`` (= mean treated change −
    mean control change). ``se``, ``df``, ``t``, ``p`` and ``ci`` come from a
    Welch two-sample t on the per-person changes (unequal variances,
    Welch–Satterthwaite df). ``naive`` is the treated group's own pre→post
    change, which also contains the drift everybody had; the gap between
    ``naive`` and ``estimate`` is that drift. Assumes parallel trends.
    """

    estimate: float
    se: float
    df: float
    t: float
    p: float
    ci: tuple[float, float]
    confidence: float
    n_treated: int
    n_control: int
    treated_pre: float
    treated_post: float
    control_pre: float
    control_post: float
    naive: float

    def title(self) -> str:
        return (f"双重差分 DiD = {self.estimate:+.4g}（{self.confidence:.0%} 置信区间 "
                f"{self.ci[0]:+.4g} 至 {self.ci[1]:+.4g}，p = {self.p:.3g}）")

    def note(self) -> str:
        return (f"培训组 {self.n_treated} 人、对照组 {self.n_control} 人；培训组自身前后变化 {self.naive:+.4g}，"
                f"其中 {self.naive - self.estimate:+.4g} 是大家都有的变化（假设平行趋势）")

    def table(self) -> pd.DataFrame:
        """2 × 2 means with the changes (rows treated/control, columns pre/post/change).

        >>> import pandas as pd
        >>> f = pd.DataFrame({"group": ["treatment"] * 2 + ["control"] * 2,
        ...                   "pre": [10, 12, 10, 11], "post": [16, 17, 11, 13]})
        >>> diff_in_diff(f, "pre", "post").table()
                    pre   post  change
        treated    11.0   16.5     5.5
        control    10.5   12.0     1.5
        """
        return pd.DataFrame(
            {"pre": [self.treated_pre, self.control_pre], "post": [self.treated_post, self.control_post],
             "change": [self.naive, self.control_post - self.control_pre]},
            index=["treated", "control"],
        )


def diff_in_diff(
    frame: pd.DataFrame,
    outcome_pre: str,
    outcome_post: str,
    group: str = "group",
    treated: Any = "treatment",
    control: Any = None,
    confidence: float = 0.95,
    dropna: bool = False,
) -> DiDResult:
    """DiD estimate from a wide table (one row per person, pre and post columns).

    Rows whose ``group`` equals ``treated`` are the trained group; the
    comparison group is ``control`` (default: every other row). Rows with a
    missing pre or post value raise a :class:`DataError` unless
    ``dropna=True``. Each group needs at least 2 complete rows.

    >>> f = pd.DataFrame({"group": ["treatment"] * 3 + ["control"] * 3,
    ...                   "pre": [50, 55, 60, 52, 56, 58], "post": [62, 66, 73, 55, 58, 62]})
    >>> r = diff_in_diff(f, "pre", "post")
    >>> round(r.estimate, 2), round(r.naive, 2)
    (9.0, 12.0)
    """
    confidence = check_confidence(confidence)
    require(frame, [outcome_pre, outcome_post, group], "diff_in_diff")
    pre, post = as_numbers(frame[outcome_pre], outcome_pre), as_numbers(frame[outcome_post], outcome_post)
    labels = frame[group]
    is_treated = (labels == treated).fillna(False).to_numpy(dtype=bool)
    is_control = ~is_treated if control is None else (labels == control).fillna(False).to_numpy(dtype=bool)
    incomplete = (pre.isna() | post.isna()).to_numpy()
    if incomplete.any() and not dropna:
        column = outcome_pre if pre.isna().any() else outcome_post
        rows, _ = offending(incomplete, frame.index, frame[column].tolist())
        raise DataError(column, "must not be missing", rows=rows,
                        hint="drop these people or pass dropna=True to leave them out")
    change = (post - pre).to_numpy()
    keep = ~incomplete
    parts = {}
    for name, mask, label in (("treated", is_treated & keep, treated), ("control", is_control & keep, control)):
        if mask.sum() < 2:
            shown = "any other value" if label is None else repr(label)
            raise DataError(group, f"needs at least 2 complete {name} rows ({group} = {shown}), got {int(mask.sum())}",
                            hint=f"check the {group} labels (treated={treated!r})")
        parts[name] = mask
    t_mask, c_mask = parts["treated"], parts["control"]
    t_change, c_change = change[t_mask], change[c_mask]
    estimate = float(t_change.mean() - c_change.mean())
    var_t, var_c = t_change.var(ddof=1) / len(t_change), c_change.var(ddof=1) / len(c_change)
    se = float(math.sqrt(var_t + var_c))
    if se == 0:
        raise DataError(outcome_post, "the changes have no spread in either group; no interval possible",
                        hint="check the data")
    df = float((var_t + var_c) ** 2 / (var_t**2 / (len(t_change) - 1) + var_c**2 / (len(c_change) - 1)))
    t = estimate / se
    p = two_sided_p(t, df)
    half = t_quantile(0.5 + confidence / 2, df) * se
    pre_v, post_v = pre.to_numpy(), post.to_numpy()
    return DiDResult(
        estimate, se, df, t, p, (estimate - half, estimate + half), confidence, int(t_mask.sum()),
        int(c_mask.sum()), float(pre_v[t_mask].mean()), float(post_v[t_mask].mean()),
        float(pre_v[c_mask].mean()), float(post_v[c_mask].mean()), float(t_change.mean()),
    )


def diff_in_diff_long(
    frame: pd.DataFrame,
    outcome: str,
    unit: str = "agent_id",
    period: str = "period",
    pre: Any = "pre",
    post: Any = "post",
    group: str = "group",
    treated: Any = "treatment",
    **kwargs: Any,
) -> DiDResult:
    """DiD from a long table (one row per person and period): pivots to wide, then :func:`diff_in_diff`.

    Each ``unit`` must have one row per period and a single group.

    >>> long = pd.DataFrame({"agent_id": ["a", "a", "b", "b", "c", "c", "d", "d"],
    ...                      "period": ["pre", "post"] * 4,
    ...                      "group": ["treatment"] * 4 + ["control"] * 4,
    ...                      "fcr": [0.6, 0.75, 0.7, 0.8, 0.65, 0.66, 0.7, 0.73]})
    >>> round(diff_in_diff_long(long, "fcr").estimate, 3)
    0.105
    """
    require(frame, [outcome, unit, period, group], "diff_in_diff_long")
    part = frame[frame[period].isin([pre, post])]
    dup = part.duplicated([unit, period], keep=False).to_numpy()
    if dup.any():
        rows, vals = offending(dup, part.index, part[unit].tolist())
        raise DataError(unit, "has more than one row for the same period", rows=rows, values=vals,
                        hint=f"aggregate first, e.g. frame.groupby([{unit!r}, {period!r}]).mean()")
    groups = part.groupby(unit, observed=True)[group].nunique()
    mixed = groups > 1
    if mixed.any():
        raise DataError(group, "changes within a unit", rows=groups.index[mixed].tolist(),
                        hint="each person belongs to one group")
    wide = part.pivot(index=unit, columns=period, values=outcome)
    for label in (pre, post):
        if label not in wide.columns:
            raise DataError(period, f"has no rows with value {label!r}", hint="set pre= and post= to your labels")
    wide = wide.rename(columns={pre: "_pre", post: "_post"})
    wide[group] = part.groupby(unit, observed=True)[group].first()
    return diff_in_diff(wide, "_pre", "_post", group=group, treated=treated, **kwargs)
