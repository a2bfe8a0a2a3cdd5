"""Reading pairwise comparisons: Saaty's 1–9 scale, the matrix a trainer fills in, its checks.

A judgement ``a[i, j] = 3`` says "criterion i is moderately more important than
j"; the mirror cell holds ``1/3`` and the diagonal 1. :func:`pairwise_matrix`
builds the full matrix from the upper-triangle judgements; :func:`as_matrix`
and :func:`check_reciprocal` read and check any matrix before
:func:`coursekit.weights.ahp.ahp` computes weights from it.

>>> pairwise_matrix({("fcr", "csat"): 3}).loc["csat", "fcr"].round(4)
np.float64(0.3333)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError

__all__ = ["SAATY_LABELS", "as_matrix", "cell_value", "check_reciprocal", "pairwise_matrix", "saaty_scale_value"]

SAATY_LABELS = {1: "同样重要", 3: "稍微重要", 5: "明显重要", 7: "强烈重要", 9: "极端重要"}
"""Saaty's verbal labels of the odd scale points (2, 4, 6, 8 lie between their neighbours).

The one source of the labels: chapters and exercises that pair a number with a
label must agree with it (``tests/chapters/test_rules.py``).

>>> SAATY_LABELS[3], SAATY_LABELS[5]
('稍微重要', '明显重要')
"""
_SCALE = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))
_FIX_FORM = ("use Saaty's 1-9 scale (1 = equally important, 9 = extremely more important) "
             "and put the reciprocal 1/a in the mirror cell")


# --------------------------------------------------------------------------- scale helpers
def saaty_scale_value(ratio: float) -> tuple[float, str]:
    """The 1–9 scale value (or its reciprocal) nearest to ``ratio`` on a log scale.

    >>> saaty_scale_value(2.8)
    (3, '3')
    >>> saaty_scale_value(0.3)
    (0.3333333333333333, '1/3')
    >>> saaty_scale_value(40)
    (9, '9')
    """
    if not ratio > 0:
        raise DataError("ratio", f"must be a positive number, got {ratio!r}")
    log_r = math.log(ratio)
    best = min(_SCALE, key=lambda s: abs(math.log(s) - log_r))
    text = str(int(best)) if best >= 1 else f"1/{round(1 / best)}"
    return best, text


# --------------------------------------------------------------------------- input parsing
def cell_value(value: Any, row: Any, col: Any) -> float:
    if isinstance(value, str):
        try:
            return float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            raise DataError(
                str(col), f"pairwise comparison must be a number or a fraction like '1/3', got {value!r}",
                rows=[row], values=[value], hint=_FIX_FORM,
            ) from None
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        raise DataError(
            str(col), f"pairwise comparison must be a number, got {type(value).__name__}",
            rows=[row], values=[value], hint=_FIX_FORM,
        ) from None


def as_matrix(matrix: Any, labels: Sequence[Any] | None) -> tuple[np.ndarray, list[Any]]:
    if isinstance(matrix, pd.DataFrame):
        frame = matrix
        if list(frame.columns) != list(frame.index):
            if set(frame.columns) == set(frame.index) and frame.columns.is_unique:
                frame = frame.loc[:, list(frame.index)]
            elif frame.shape[0] == frame.shape[1]:
                raise DataError(
                    None,
                    "a labelled pairwise matrix must have the same criteria as row and column labels; "
                    f"rows {list(frame.index)} vs columns {list(frame.columns)}",
                    hint="use the same labels (in any order) for the index and the columns",
                )
        rows = [[frame.iat[i, j] for j in range(frame.shape[1])] for i in range(frame.shape[0])]
        names = list(frame.index)
        ncols = frame.shape[1]
    elif isinstance(matrix, np.ndarray):
        if matrix.ndim != 2:
            raise DataError(None, f"pairwise matrix must be 2-dimensional (n × n), got {matrix.ndim} dimension(s)")
        rows = matrix.tolist()
        names = []
        ncols = matrix.shape[1]
    else:
        try:
            rows = [list(r) for r in matrix]
        except TypeError:
            raise DataError(None, "pairwise matrix must be a list of rows, a numpy array or a DataFrame") from None
        names = []
        lengths = {len(r) for r in rows}
        if len(lengths) > 1:
            bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows)]
            raise DataError(
                None, f"pairwise matrix must be square: it has {len(rows)} rows but rows have lengths "
                f"{[len(r) for r in rows]}",
                rows=[f"row {i}" for i in bad], hint="every row needs one entry per criterion",
            )
        ncols = lengths.pop() if lengths else 0
    n = len(rows)
    if n < 1:
        raise DataError(None, "pairwise matrix is empty; it needs at least one criterion (n >= 1)")
    if ncols != n:
        raise DataError(None, f"pairwise matrix must be square (n × n), got {n} rows × {ncols} columns",
                        hint="compare every criterion with every criterion")
    if labels is not None:
        labels = list(labels)
        if len(labels) != n:
            raise ConfigError(f"labels has {len(labels)} names but the matrix is {n} × {n}")
        names = labels
    elif not names:
        names = [f"C{i + 1}" for i in range(n)]
    if len(set(names)) != n:
        dupes = sorted({str(x) for x in names if names.count(x) > 1})
        raise ConfigError(f"criterion labels must be unique; repeated: {', '.join(dupes)}")
    values = np.array([[cell_value(v, names[i], names[j]) for j, v in enumerate(r)] for i, r in enumerate(rows)],
                      dtype=float)
    return values, names


def check_reciprocal(a: np.ndarray, names: list[Any], tol: float) -> None:
    n = a.shape[0]
    bad = ~np.isfinite(a) | ~(a > 0)
    if bad.any():
        j = int(np.argmax(bad.any(axis=0)))
        rows = [names[i] for i in range(n) if bad[i, j]]
        vals = [a[i, j] for i in range(n) if bad[i, j]]
        raise DataError(
            str(names[j]),
            f"every pairwise comparison must be a positive finite number ({int(bad.sum())} bad cell(s) in the matrix)",
            rows=rows, values=vals, hint=_FIX_FORM,
        )
    for i in range(n):
        if abs(a[i, i] - 1) > tol:
            raise DataError(str(names[i]), f"the diagonal cell a[{names[i]}, {names[i]}] must be 1 "
                            "(a criterion is equally important as itself)", rows=[names[i]], values=[a[i, i]],
                            hint="set every diagonal cell to 1")
    product = a * a.T
    wrong = np.triu(np.abs(product - 1) > tol, k=1)
    if wrong.any():
        i, j = (int(x) for x in np.argwhere(wrong)[0])
        others = int(wrong.sum()) - 1
        more = f"; {others} more pair(s) are not reciprocal either" if others else ""
        ri, rj = names[i], names[j]
        recip = 1 / a[i, j]
        scale_value, scale_text = saaty_scale_value(recip)
        recip_text = scale_text if math.isclose(scale_value, recip, rel_tol=1e-9) else f"{recip:.6g}"
        raise DataError(
            str(rj),
            f"a[{ri}, {rj}] = {a[i, j]:.6g} and a[{rj}, {ri}] = {a[j, i]:.6g} are not reciprocal "
            f"(their product is {product[i, j]:.6g}, it must be 1){more}",
            rows=[ri], values=[a[i, j]],
            hint=f"set a[{rj}, {ri}] = 1 / a[{ri}, {rj}] = {recip_text}; type 1/3 as a fraction "
                 "(1/3 or '1/3'), not 0.33",
        )




def pairwise_matrix(judgements: Mapping[tuple[Any, Any], Any], labels: Sequence[Any] | None = None) -> pd.DataFrame:
    """Build a full reciprocal matrix from the upper-triangle judgements only.

    ``judgements[(a, b)] = 3`` means "a is moderately more important than b";
    the mirror cell gets 1/3 and the diagonal 1. Every pair must be given once.

    >>> m = pairwise_matrix({("fcr", "csat"): 2, ("fcr", "ttr"): 4, ("csat", "ttr"): "2"})
    >>> m.loc["ttr"].round(3).tolist()
    [0.25, 0.5, 1.0]
    """
    if labels is None:
        seen: list[Any] = []
        for a, b in judgements:
            for x in (a, b):
                if x not in seen:
                    seen.append(x)
        labels = seen
    labels = list(labels)
    pos = {x: k for k, x in enumerate(labels)}
    n = len(labels)
    a = np.full((n, n), np.nan)
    np.fill_diagonal(a, 1.0)
    for (x, y), value in judgements.items():
        for name in (x, y):
            if name not in pos:
                raise ConfigError(f"judgement ({x!r}, {y!r}) names {name!r}, which is not among the labels {labels}")
        if x == y:
            raise ConfigError(f"judgement ({x!r}, {y!r}) compares a criterion with itself; leave the diagonal out")
        v = cell_value(value, x, y)
        i, j = pos[x], pos[y]
        if not np.isnan(a[i, j]):
            raise ConfigError(f"the pair ({x!r}, {y!r}) is given twice; give each pair once")
        if not v > 0:
            raise DataError(str(y), "pairwise comparison must be a positive number", rows=[x], values=[value],
                            hint=_FIX_FORM)
        a[i, j], a[j, i] = v, 1 / v
    missing = [(labels[i], labels[j]) for i in range(n) for j in range(i + 1, n) if np.isnan(a[i, j])]
    if missing:
        shown = ", ".join(f"({x}, {y})" for x, y in missing[:5])
        raise ConfigError(f"{len(missing)} pair(s) have no judgement: {shown}; compare every pair once")
    index = pd.Index(labels, name="criterion")
    return pd.DataFrame(a, index=index, columns=index.copy())
