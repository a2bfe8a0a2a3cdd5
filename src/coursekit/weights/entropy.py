"""The entropy weight method (熵权法): objective weights from the data's spread.

For m objects (rows) and KPI columns j:

1. min–max normalise: benefit ``x' = (x − min) / (max − min)``, cost
   ``x' = (max − x) / (max − min)``;
2. ``p_ij = x'_ij / Σ_i x'_ij``;
3. ``e_j = −(1 / ln m) Σ_i p_ij ln p_ij`` with ``0 · ln 0 = 0``;
4. ``d_j = 1 − e_j`` (divergence) and ``w_j = d_j / Σ_j d_j``.

A column whose values are spread unevenly (one team far ahead) has low entropy
and gets a high weight; the method says nothing about what *matters*, only
about what *discriminates* — teach it next to AHP, not instead of it.

>>> table = {"fcr": [0.70, 0.75, 0.80], "ttr_h": [10.0, 40.0, 20.0]}
>>> entropy(table, cost=["ttr_h"]).round(4).tolist()
[0.5206, 0.4794]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError

__all__ = ["entropy", "entropy_details"]


def _as_table(table: Any) -> pd.DataFrame:
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    if frame.shape[1] == 0:
        raise DataError(None, "the table has no columns; pass one numeric column per KPI")
    if frame.shape[0] < 2:
        raise DataError(None, f"the entropy method needs at least 2 rows (objects to compare), got {frame.shape[0]}",
                        hint="score at least two agents or teams")
    for col in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])):
            raise DataError(str(col), f"must be numeric, got dtype {frame[col].dtype}",
                            hint="pass only the KPI columns, e.g. table[['fcr', 'csat']], or set the id as index")
    return frame.astype(float)


def entropy_details(table: Any, cost: str | Iterable[str] = ()) -> pd.DataFrame:
    """Entropy ``e_j``, divergence ``d_j = 1 − e_j`` and weight ``w_j`` per column.

    ``cost`` names the lower-is-better columns (reversed in the min–max step).

    >>> d = entropy_details({"a": [1, 2, 3], "b": [10, 40, 20]}, cost="b")
    >>> d.round(4).values.tolist()
    [[0.5794, 0.4206, 0.5206], [0.6126, 0.3874, 0.4794]]
    >>> list(d.columns)
    ['entropy', 'divergence', 'weight']
    """
    frame = _as_table(table)
    cost_cols = [cost] if isinstance(cost, str) else list(cost)
    unknown = [c for c in cost_cols if c not in frame.columns]
    if unknown:
        raise ConfigError(f"cost column(s) {unknown} are not in the table; columns are {list(frame.columns)}")
    nan = frame.isna()
    if nan.any().any():
        col = nan.any().idxmax()
        raise DataError(str(col), "has missing values (NaN); the entropy method needs a complete table",
                        rows=list(frame.index[nan[col]]), hint="fill or drop those rows first")
    lo, hi = frame.min(), frame.max()
    span = hi - lo
    constant = list(span.index[span == 0])
    if constant:
        col = constant[0]
        raise DataError(
            str(col),
            f"is constant (every row = {lo[col]:g}): min–max normalisation divides by max − min = 0, "
            "so the column carries no information (d_j = 0)",
            hint="drop the column — it cannot tell the rows apart" + (
                f" (also constant: {', '.join(map(str, constant[1:]))})" if len(constant) > 1 else ""),
        )
    scaled = (frame - lo) / span
    for col in cost_cols:
        scaled[col] = (hi[col] - frame[col]) / span[col]
    p = scaled / scaled.sum()
    values = p.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(values > 0, values * np.log(np.where(values > 0, values, 1.0)), 0.0)
    m = frame.shape[0]
    e = -plogp.sum(axis=0) / np.log(m)
    d = 1 - e
    w = d / d.sum()
    return pd.DataFrame({"entropy": e, "divergence": d, "weight": w},
                        index=pd.Index(frame.columns, name="indicator"))


def entropy(table: Any, cost: str | Iterable[str] = ()) -> pd.Series:
    """Entropy weights (a Series summing to 1, indexed by column).

    ``table``: DataFrame (or dict of columns) with one row per object (agent,
    team) and one numeric column per KPI; ``cost``: lower-is-better columns.
    Raises :class:`~coursekit.errors.DataError` for a constant column (it
    cannot discriminate), missing values (names the rows) or non-numeric columns.

    >>> entropy({"a": [1, 2, 3], "b": [3, 1, 2]}).round(3).tolist()
    [0.5, 0.5]
    """
    return entropy_details(table, cost)["weight"]
