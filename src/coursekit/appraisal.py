"""From scores to grades: thresholds, forced distribution and percentile bands.

Every function takes scores (a Series, list or array; a Series keeps its
index) and returns a Series of grades as an **ordered categorical** whose
categories run from worst to best, so ``grades.max()`` is the best grade and
``grades >= "B"`` selects B and better. Missing scores get a missing grade.

>>> scores = pd.Series([95, 85, 85, 72, 60], index=["A01", "A02", "A03", "A04", "A05"])
>>> grade_by_threshold(scores).tolist()
['A', 'B', 'B', 'C', 'D']
>>> list(grade_by_threshold(scores).cat.categories)
['D', 'C', 'B', 'A']
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.checks import as_floats, choose
from coursekit.errors import ConfigError, DataError
from coursekit.results import Result

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_QUOTAS",
    "DEFAULT_THRESHOLDS",
    "ForcedDistribution",
    "SmallTeamWarning",
    "TIE_RULES",
    "TieRule",
    "forced_distribution",
    "grade_by_threshold",
    "grade_shares",
    "percentile_bands",
    "percentile_rank",
    "quota_report",
]

DEFAULT_THRESHOLDS = {"A": 90.0, "B": 80.0, "C": 70.0, "D": 0.0}
DEFAULT_QUOTAS = {"A": 0.2, "B": 0.7, "C": 0.1}
DEFAULT_BANDS = {"A": 0.8, "B": 0.1, "C": 0.0}
#: How :func:`forced_distribution` grades a group of tied scores that straddles a quota boundary.
TieRule = Literal["nearest", "better", "worse"]
TIE_RULES: tuple[TieRule, ...] = ("nearest", "better", "worse")


class SmallTeamWarning(UserWarning):
    """Forced distribution on a team too small for its quotas."""


def _scores(scores: Any) -> pd.Series:
    return as_floats(scores, "scores", text=True, booleans=False)


def _ordered(labels: list[str | None], best_first: list[str], index: pd.Index, name: Any) -> pd.Series:
    dtype = pd.CategoricalDtype(list(reversed(best_first)), ordered=True)
    return pd.Series(pd.Categorical(labels, dtype=dtype), index=index, name=name)


def _grade_names(mapping: Mapping[Any, Any], what: str) -> list[str]:
    names = [str(k) for k in mapping]
    if not names:
        raise ConfigError(f"{what} is empty; give at least one grade")
    if len(set(names)) != len(names):
        raise ConfigError(f"{what}: grade names must be unique")
    return names


# --------------------------------------------------------------------------- thresholds
def grade_by_threshold(scores: Any, thresholds: Mapping[str, float] | None = None) -> pd.Series:
    """Grade = the best grade whose threshold the score reaches (``score >= threshold``).

    ``thresholds`` default ``{"A": 90, "B": 80, "C": 70, "D": 0}``; their order
    does not matter (the highest threshold is the best grade). A score below
    every threshold is an error: add a bottom grade with threshold 0 (or −inf).

    >>> grade_by_threshold([90, 89.99, 80, 0]).tolist()
    ['A', 'B', 'B', 'D']
    >>> grade_by_threshold([75, 59], {"合格": 60, "不合格": -math.inf}).tolist()
    ['合格', '不合格']
    """
    thresholds = dict(DEFAULT_THRESHOLDS if thresholds is None else thresholds)
    names = _grade_names(thresholds, "thresholds")
    cuts = {}
    for name, value in zip(names, thresholds.values(), strict=True):
        try:
            cuts[name] = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"threshold of grade {name!r} must be a number, got {value!r}") from None
        if math.isnan(cuts[name]):
            raise ConfigError(f"threshold of grade {name!r} is NaN")
    if len(set(cuts.values())) != len(cuts):
        raise ConfigError(f"thresholds must be different numbers, got {cuts}")
    best_first = sorted(cuts, key=lambda g: -cuts[g])
    s = _scores(scores)
    low = min(cuts.values())
    below = s.notna() & (s < low)
    if below.any():
        raise DataError(str(s.name) if s.name is not None else "scores",
                        f"scores below the lowest threshold ({best_first[-1]} >= {low:g}) get no grade",
                        rows=list(s.index[below]), values=list(s[below]),
                        hint="add a bottom grade with threshold 0 or -math.inf")
    labels: list[str | None] = [None] * len(s)
    values = s.to_numpy()
    for k, x in enumerate(values):
        if not np.isnan(x):
            labels[k] = next(g for g in best_first if x >= cuts[g])
    return _ordered(labels, best_first, s.index, s.name)


# --------------------------------------------------------------------------- forced distribution
def _quota_shares(quotas: Mapping[str, float] | None) -> dict[str, float]:
    """Checked quotas (best grade first) as ``{grade: share}`` summing to 1."""
    quotas = dict(DEFAULT_QUOTAS if quotas is None else quotas)
    names = _grade_names(quotas, "quotas")
    shares = []
    for name, value in quotas.items():
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"quota of grade {name!r} must be a number, got {value!r}") from None
        if not (v >= 0) or math.isinf(v):
            raise ConfigError(f"quota of grade {name!r} must be a share between 0 and 1, got {value!r}")
        shares.append(v)
    total = sum(shares)
    if abs(total - 1) > 1e-6:
        raise DataError("quotas", f"shares must sum to 1, they sum to {total:.6g}", rows=names, values=shares,
                        hint="e.g. {'A': 0.2, 'B': 0.7, 'C': 0.1}")
    return dict(zip(names, shares, strict=True))


def forced_distribution(
    scores: Any,
    quotas: Mapping[str, float] | None = None,
    tie: TieRule = "nearest",
    warn: bool = True,
) -> pd.Series:
    """Grades by rank with fixed shares (e.g. 20 % A, 70 % B, 10 % C; GE's "vitality curve").

    ``quotas`` are listed best grade first and must sum to 1. The rule, fully
    deterministic:

    1. rank the non-missing scores from best to worst (n of them);
    2. grade k ends at position ``round_half_up(n × cumulative share)``, so
       the quota boundaries fall at 0.2·n and 0.9·n for 20/70/10;
    3. **tied scores always get the same grade**. A group of ties that
       straddles a boundary goes, with ``tie=``:

       * ``"nearest"`` (default): to the grade at the group's middle — the
         side holding more of the group; an exact half goes to the better grade;
       * ``"better"``: to the grade of its best-placed member (generous);
       * ``"worse"``: to the grade of its worst-placed member (quotas of the
         better grades become ceilings).

    So realised shares may differ from the quotas: :func:`quota_report` gives
    them, the smallest team the quotas fit and whether this team is smaller.
    For a team smaller than that (a 10 % quota needs 10 people to hold one
    person) a :class:`SmallTeamWarning` is issued unless ``warn=False``.

    >>> s = pd.Series([91, 88, 85, 85, 80, 78, 75, 70, 65, 60], index=list("abcdefghij"))
    >>> g = forced_distribution(s)
    >>> "".join(g.tolist())
    'AABBBBBBBC'
    >>> quota_report(g).realised_shares
    {'A': 0.2, 'B': 0.7, 'C': 0.1}
    >>> tied = pd.Series([90, 85, 85, 80, 80, 80, 80, 80, 70, 60])
    >>> "".join(forced_distribution(tied, tie="nearest").tolist())   # boundary 2 splits 85, 85 → middle → A
    'AAABBBBBBC'
    >>> "".join(forced_distribution(tied, tie="worse").tolist())
    'ABBBBBBBBC'
    """
    shares_of = _quota_shares(quotas)
    tie = choose(tie, TIE_RULES, "tie rule")
    names, shares = list(shares_of), list(shares_of.values())
    s = _scores(scores)
    valid = s.dropna()
    n = len(valid)
    boundaries = np.floor(np.cumsum(shares) * n + 0.5 + 1e-9).astype(int)   # round half up
    boundaries[-1] = n
    order = np.argsort(-valid.to_numpy(), kind="stable")
    sorted_scores = valid.to_numpy()[order]
    grade_of_sorted = np.empty(n, dtype=int)
    start = 0
    while start < n:
        end = start
        while end < n and sorted_scores[end] == sorted_scores[start]:
            end += 1
        if tie == "better":
            k = int(np.sum(boundaries <= start))
        elif tie == "worse":
            k = int(np.sum(boundaries <= end - 1))
        else:
            k = int(np.sum(boundaries < (start + end) / 2))
        grade_of_sorted[start:end] = min(k, len(names) - 1)
        start = end
    grade_index = np.empty(n, dtype=int)
    grade_index[order] = grade_of_sorted
    labels: list[str | None] = [None] * len(s)
    valid_pos = np.flatnonzero(s.notna().to_numpy())
    for pos, g in zip(valid_pos, grade_index, strict=True):
        labels[pos] = names[g]
    result = _ordered(labels, names, s.index, s.name)
    if warn:
        report = quota_report(result, shares_of)
        if report.small_team:
            warnings.warn(
                f"forced distribution on {n} people: quotas {shares_of} need at least {report.min_team_size} "
                f"people for every grade to hold one person; realised shares are "
                f"{report.realised_shares}. Consider thresholds instead for small teams.",
                SmallTeamWarning, stacklevel=2)
    return result


@dataclass(frozen=True, eq=False)
class ForcedDistribution(Result):
    """How forced-distribution grades meet their quotas (what :func:`quota_report` returns).

    ``quotas`` and ``realised_shares`` map each grade (best first) to its share;
    ``n`` counts the graded people; ``min_team_size`` = ⌈1 / smallest positive
    quota⌉ is the smallest team in which every quota holds one person, and
    ``small_team`` says whether ``n`` is below it. ``table()`` is
    :func:`grade_shares` with the quotas.
    """

    grades: pd.Series
    quotas: dict[str, float]
    realised_shares: dict[str, float]
    n: int
    min_team_size: int
    small_team: bool

    def title(self) -> str:
        return f"强制分布：{self.n} 人的等级比例与配额"

    def note(self) -> str | None:
        if not self.small_team:
            return None
        return f"人数少于 {self.min_team_size} 人，配额无法在每个等级都落到人头上；小团队宜用阈值法"

    def table(self) -> pd.DataFrame:
        return grade_shares(self.grades, quotas=self.quotas)


def quota_report(grades: pd.Series, quotas: Mapping[str, float] | None = None) -> ForcedDistribution:
    """Realised shares of ``grades`` next to their ``quotas`` (default 20/70/10), and the small-team check.

    Pass the same ``quotas`` you gave :func:`forced_distribution`.

    >>> g = forced_distribution([90, 80, 70, 60, 50], warn=False)
    >>> r = quota_report(g)
    >>> r.realised_shares, r.min_team_size, r.small_team
    ({'A': 0.2, 'B': 0.8, 'C': 0.0}, 10, True)
    >>> r.table()["deviation"].round(2).tolist()
    [0.0, 0.1, -0.1]
    """
    shares_of = _quota_shares(quotas)
    table = grade_shares(grades, quotas=shares_of)
    unknown = sorted(set(map(str, table.index)) - set(shares_of))
    if unknown:
        raise ConfigError(f"quotas name no share for grade(s) {', '.join(unknown)}; pass the quotas the grades "
                          f"were made with, e.g. quota_report(grades, quotas={{...}})")
    counts = {str(g): int(c) for g, c in table["count"].items()}
    n = sum(counts.values())
    realised = {g: (round(counts[g] / n, 10) if n else 0.0) for g in shares_of}
    min_size = math.ceil(1 / min(q for q in shares_of.values() if q > 0) - 1e-9)
    return ForcedDistribution(grades, shares_of, realised, n, min_size, bool(n < min_size))


# --------------------------------------------------------------------------- percentile bands
def percentile_rank(scores: Any) -> pd.Series:
    """Share of the (non-missing) scores strictly below each score, 0 ≤ p < 1.

    Ties share the same value; the best of 10 distinct scores gets 0.9.

    >>> percentile_rank([50, 70, 70, 90]).tolist()
    [0.0, 0.25, 0.25, 0.75]
    """
    s = _scores(scores)
    n = int(s.notna().sum())
    below = s.rank(method="min", ascending=True) - 1
    if not n:
        return below
    rank = below / n
    rank.name = s.name
    return rank


def percentile_bands(scores: Any, bands: Mapping[str, float] | None = None) -> pd.Series:
    """Grades from the percentile rank (:func:`percentile_rank`, the share scoring below).

    ``bands`` maps each grade to the lowest percentile rank it needs; the
    default ``{"A": 0.8, "B": 0.1, "C": 0.0}`` mirrors 20/70/10: A if at least
    80 % of the team scores below you, C if fewer than 10 % do. Ties always
    share a grade. Unlike :func:`forced_distribution` nothing is rounded to
    fill quotas: with many ties the top band can be empty.

    >>> "".join(percentile_bands(range(10)).tolist())
    'CBBBBBBBAA'
    >>> "".join(percentile_bands([1, 2, 2, 2, 3], {"上": 0.5, "下": 0}).tolist())
    '下下下下上'
    """
    bands = dict(DEFAULT_BANDS if bands is None else bands)
    _grade_names(bands, "bands")
    cuts = {}
    for name, value in bands.items():
        try:
            cuts[str(name)] = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"band of grade {name!r} must be a number between 0 and 1, got {value!r}") from None
        if not 0 <= cuts[str(name)] <= 1:
            raise ConfigError(f"band of grade {name!r} must be a percentile rank between 0 and 1, got {value!r}")
    if len(set(cuts.values())) != len(cuts):
        raise ConfigError(f"bands must be different numbers, got {cuts}")
    if min(cuts.values()) != 0:
        raise ConfigError(f"the lowest band must start at 0 so everyone gets a grade, got {cuts}")
    p = percentile_rank(scores)
    best_first = sorted(cuts, key=lambda g: -cuts[g])
    labels = [None if np.isnan(x) else next(g for g in best_first if x >= cuts[g] - 1e-12)
              for x in p.to_numpy()]
    return _ordered(labels, best_first, p.index, p.name)


# --------------------------------------------------------------------------- summary
def grade_shares(grades: pd.Series, quotas: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Count and share per grade (best first); with ``quotas`` also the quota and the deviation from it.

    >>> g = forced_distribution([90, 80, 80, 70], {"A": 0.5, "B": 0.5}, tie="better")
    >>> grade_shares(g).columns.tolist()
    ['count', 'share']
    >>> grade_shares(g, quotas={"A": 0.5, "B": 0.5})
           count  share  quota  deviation
    grade
    A          3   0.75    0.5       0.25
    B          1   0.25    0.5      -0.25
    """
    if not isinstance(grades, pd.Series) or not isinstance(grades.dtype, pd.CategoricalDtype):
        raise DataError("grades", "must be a Series of grades from coursekit.appraisal (ordered categorical)")
    order = list(reversed(list(grades.cat.categories)))
    counts = grades.value_counts().reindex(order, fill_value=0).astype(int)
    n = int(counts.sum())
    table = pd.DataFrame({"count": counts, "share": counts / n if n else 0.0})
    if quotas is not None:
        table["quota"] = pd.Series({str(k): float(v) for k, v in quotas.items()}).reindex(order)
        table["deviation"] = table["share"] - table["quota"]
    table.index.name = "grade"
    return table
