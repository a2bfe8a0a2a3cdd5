"""Scoring a scorecard with a KPI system: indicator, dimension and composite scores (0–100).

:meth:`KPISystem.score <coursekit.system.KPISystem.score>` calls :func:`score_rows`
and returns a :class:`SystemScore`.

>>> from coursekit.system import Dimension, Indicator, KPISystem
>>> s = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0)])])
>>> s.score(pd.DataFrame({"csat": [0.7, 0.9]}, index=["T1", "T2"])).ranking.tolist()
[2, 1]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from coursekit.checks import did_you_mean
from coursekit.errors import ConfigError, DataError
from coursekit.results import Result

if TYPE_CHECKING:
    from coursekit.system.model import KPISystem

__all__ = ["MISSING_RULES", "MissingRule", "SystemScore", "score_rows", "weighted_mean"]

#: What :meth:`KPISystem.score` does with a missing KPI value.
MissingRule = Literal["error", "reweight"]
MISSING_RULES: tuple[MissingRule, ...] = ("error", "reweight")


@dataclass(frozen=True, eq=False, repr=False)
class SystemScore(Result):
    """What :meth:`KPISystem.score` returns (all scores 0–100, rows = scorecard rows).

    ``indicators``: one column per indicator code; ``dimensions``: one column
    per dimension; ``composite``: the weighted total; ``ranking``: 1 = best
    (ties share the better rank, ``method="min"``); ``contributions``: global
    weight × indicator score (each row sums to the composite).
    """

    system: KPISystem
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    composite: pd.Series
    ranking: pd.Series
    contributions: pd.DataFrame

    def title(self) -> str:
        return f"{self.system.name or 'KPI'} 综合得分（0–100）"

    def table(self) -> pd.DataFrame:
        """Dimension scores, composite and ranking side by side, best first.

        >>> from coursekit.system import Dimension, Indicator, KPISystem
        >>> s = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0)])])
        >>> s.score(pd.DataFrame({"csat": [0.7, 0.9]}, index=["T1", "T2"])).table()
               客户  composite  ranking
        T2  100.0      100.0        1
        T1    0.0        0.0        2
        """
        out = self.dimensions.assign(composite=self.composite, ranking=self.ranking)
        return out.sort_values(["ranking"], kind="stable")

    def __repr__(self) -> str:
        return f"SystemScore({self.system.name or 'KPISystem'!s}: {len(self.composite)} rows)"


def score_rows(system: KPISystem, scorecard: pd.DataFrame, missing: MissingRule = "error") -> SystemScore:
    """Score every row of ``scorecard`` with ``system`` (see :meth:`KPISystem.score`)."""
    if missing not in MISSING_RULES:
        raise ConfigError(f"missing must be 'error' or 'reweight', got {missing!r}")
    frame = _checked(system, scorecard)
    if missing == "error":
        nan = frame.isna()
        if nan.any().any():
            col = str(nan.any().idxmax())
            raise DataError(col, "has missing values; every row needs every KPI of the system",
                            rows=list(frame.index[nan[col]]),
                            hint="fill or drop those rows, or score with missing='reweight'")
    ind = pd.DataFrame({i.code: i.score(frame[i.code]) for d in system.dimensions for i in d.indicators},
                       index=frame.index)
    dims = pd.DataFrame({d.name: weighted_mean(ind[list(d.codes)], [i.weight for i in d.indicators])
                         for d in system.dimensions}, index=frame.index)
    composite = weighted_mean(dims, [d.weight for d in system.dimensions]).rename("composite")
    ranking = composite.rank(ascending=False, method="min").astype("Int64").rename("ranking")
    contributions = ind * system.global_weights()
    return SystemScore(system=system, indicators=ind, dimensions=dims, composite=composite, ranking=ranking,
                       contributions=contributions)


def _checked(system: KPISystem, scorecard: Any) -> pd.DataFrame:
    if not isinstance(scorecard, pd.DataFrame):
        raise DataError(None, f"the scorecard must be a DataFrame (rows = agents or teams, columns = KPI "
                        f"codes), got {type(scorecard).__name__}",
                        hint="build one with coursekit.kpi.scorecard(tickets, by='agent_id')")
    if len(scorecard) == 0:
        raise DataError(None, "the scorecard has no rows")
    have = [str(c) for c in scorecard.columns]
    absent = [c for c in system.codes if c not in scorecard.columns]
    if absent:
        c = absent[0]
        others = f" (also missing: {', '.join(absent[1:])})" if len(absent) > 1 else ""
        raise DataError(c, f"the scorecard has no column {c!r}, which the KPI system needs{others}",
                        hint=f"{did_you_mean(c, have)}columns present: {', '.join(have) or 'none'}; compute it "
                             "with coursekit.kpi.scorecard(..., kpis=[...]) or remove the indicator")
    frame = scorecard[list(system.codes)]
    for c in system.codes:
        col = frame[c]
        if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
            raise DataError(c, f"must hold numbers, got dtype {col.dtype}",
                            hint="convert it with pd.to_numeric or recompute the scorecard")
    return frame.astype(float)


def weighted_mean(scores: pd.DataFrame, weights: list[float]) -> pd.Series:
    """Weighted mean per row, weights rescaled over the non-missing cells.

    >>> weighted_mean(pd.DataFrame({"a": [60.0, 80.0], "b": [100.0, np.nan]}), [0.5, 0.5]).tolist()
    [80.0, 80.0]
    """
    w = np.asarray(weights, dtype=float)
    values = scores.to_numpy(dtype=float)
    present = ~np.isnan(values)
    wsum = (present * w).sum(axis=1)
    total = np.where(present, values, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(wsum > 0, total / np.where(wsum > 0, wsum, 1.0), np.nan)
    return pd.Series(out, index=scores.index, dtype=float)
