"""Where the order of a result first differs from the reference, and how to sort it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.compare._index import _key, _Match
from coursekit.exercise.compare._texts import _label, _t
from coursekit.exercise.compare._values import _floats

# --------------------------------------------------------------------------------------------
# order
# --------------------------------------------------------------------------------------------


def _order_sentences(actual: pd.Series | pd.DataFrame, expected: pd.Series | pd.DataFrame, match: _Match,
                     columns: list[Any] | None) -> list[str]:
    """The first position where the common labels come in another order than in ``expected``."""
    a_order = sorted(range(len(match.actual)), key=lambda j: match.actual[j])  # common labels, result's order
    if a_order == list(range(len(a_order))):
        return []
    i = next(j for j, k in enumerate(a_order) if j != k)
    a_label = actual.index[match.actual[a_order[i]]]
    e_label = expected.index[match.expected[i]]
    if a_order == list(reversed(range(len(a_order)))):
        hint = _t("order.reversed")
    else:
        e_rows = expected.iloc[match.expected]
        a_rows = actual.iloc[sorted(match.actual)]
        hint = _sort_hint(a_rows, e_rows, columns)
    return [_t("order", i=i + 1, a=_label(a_label), e=_label(e_label), hint=hint)]


def _sort_hint(a_rows: pd.Series | pd.DataFrame, e_rows: pd.Series | pd.DataFrame, columns: list[Any] | None) -> str:
    """Say how the reference is sorted (by its values, one column, or its labels)."""
    candidates: list[tuple[Any, pd.Series, pd.Series]]
    if isinstance(e_rows, pd.Series):
        candidates = [(None, e_rows, a_rows)] if isinstance(a_rows, pd.Series) else []
    else:
        candidates = [(c, e_rows[c], a_rows[c]) for c in columns or [] if c in a_rows.columns]
    for column, e_values, a_values in candidates:
        e = _floats(e_values)
        if e is None or len(e) < 2 or np.isnan(e).any() or len(set(e)) < 2:
            continue
        what = _t("order.what_values") if column is None else _t("order.what_column", column=_label(column))
        for key, sign in (("order.desc", -1), ("order.asc", 1)):
            if (sign * np.diff(e) >= 0).all():
                a = _floats(a_values)
                if a is not None and not np.isnan(a).any() and (sign * np.diff(a) >= 0).all():
                    return _t("order.ties", what=what)
                return _t(key, what=what)
    labels = [_key(x) for x in e_rows.index]
    try:
        if labels == sorted(labels):
            return _t("order.labels")
    except TypeError:
        pass
    return ""
