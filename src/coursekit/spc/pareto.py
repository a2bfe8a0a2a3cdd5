"""Pareto analysis: which few causes account for most of the problems.

Rule used for the "vital few": the smallest set of top categories whose
cumulative share reaches the threshold (default 80 %). The category that
*crosses* the threshold is included; a category whose predecessors already
reach it exactly is not. Ties in count keep their input order (stable sort).

>>> pareto({"late": 50, "rude": 30, "wrong part": 15, "other": 5})["vital_few"].tolist()
[True, True, False, False]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import DataError, offending
from coursekit.spc._input import as_numeric

_EPS = 1e-12


def pareto(counts: Any, threshold: float = 0.8) -> pd.DataFrame:
    """Sorted Pareto table of ``counts`` (a Series or dict: category → count).

    Returns columns ``count``, ``share``, ``cum_share`` (fractions 0–1),
    ``rank`` and ``vital_few``, indexed by category in descending count order.
    To tally raw events first, use ``events.value_counts()``.

    >>> table = pareto(pd.Series({"A": 10, "B": 60, "C": 30}))
    >>> table.index.tolist(), table["cum_share"].round(2).tolist()
    (['B', 'C', 'A'], [0.6, 0.9, 1.0])
    >>> table["vital_few"].tolist()
    [True, True, False]
    """
    if isinstance(counts, Mapping):
        counts = pd.Series(dict(counts))
    if not isinstance(counts, pd.Series):
        raise DataError("counts", f"must be a Series or dict of category → count, got {type(counts).__name__}",
                        hint="e.g. complaints['cause'].value_counts()")
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise DataError("threshold", f"must be a share between 0 and 1, got {threshold!r}",
                        hint="e.g. threshold=0.8 for the 80/20 rule")
    values = as_numeric(counts, "counts")
    column = str(values.name) if values.name is not None else "counts"
    if (values == np.round(values)).all():
        values = values.astype("int64")  # whole counts stay whole in the table
    negative = values < 0
    if negative.any():
        rows, vals = offending(negative, values.index, values.tolist())
        raise DataError(column, "must not be negative", rows=rows, values=vals,
                        hint="counts are 0 or more")
    if values.index.has_duplicates:
        dup = values.index.duplicated(keep=False)
        rows, vals = offending(dup, values.index, values.tolist())
        raise DataError(column, "has repeated categories", rows=rows, values=vals,
                        hint="add them up first, e.g. counts.groupby(level=0).sum()")
    total = values.sum()
    if total <= 0:
        raise DataError(column, "adds up to 0; there is nothing to rank",
                        hint="pass the number of occurrences per category")
    order = np.argsort(-values.to_numpy(), kind="stable")
    ordered = values.iloc[order]
    share = ordered / total
    cum = share.cumsum()
    before = cum - share
    table = pd.DataFrame(
        {
            "count": ordered.to_numpy(),
            "share": share.to_numpy(),
            "cum_share": cum.to_numpy(),
            "rank": np.arange(1, len(ordered) + 1),
            "vital_few": (before < threshold - _EPS).to_numpy(),
        },
        index=pd.Index(ordered.index, name=values.index.name or "category"),
    )
    return table
