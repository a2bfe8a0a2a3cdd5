"""Analytic Hierarchy Process (Saaty): weights from a reciprocal pairwise matrix.

A trainer asks "how much more important is FCR than speed?" for every pair of
criteria and writes the answers on Saaty's 1–9 scale into a reciprocal matrix
``A`` (``a[i, j] = 1 / a[j, i]``). The weights are the principal right
eigenvector of ``A`` normalised to sum 1; ``λmax`` measures how far the
answers contradict each other:

* ``CI = (λmax − n) / (n − 1)`` and ``CR = CI / RI(n)`` (RI from a named
  table, see :mod:`coursekit.weights.random_index`);
* the matrix is accepted as consistent when ``CR < 0.10``; ``CR = 0`` for n ≤ 2.

Worked example (Wikipedia, "Analytic hierarchy process – leader example"):

>>> A = [[1, 4, 3, 7], [1/4, 1, 1/3, 3], [1/3, 3, 1, 5], [1/7, 1/3, 1/5, 1]]
>>> res = ahp(A, labels=["Experience", "Education", "Charisma", "Age"])
>>> res.weights.round(3).tolist()
[0.548, 0.127, 0.27, 0.056]
>>> round(res.lambda_max, 3), round(res.cr, 3), res.is_consistent
(4.118, 0.044, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from coursekit.checks import as_floats
from coursekit.errors import ConfigError, DataError
from coursekit.weights.random_index import _resolve, random_index as _random_index

__all__ = [
    "AHPResult",
    "CR_THRESHOLD",
    "HierarchicalAHPResult",
    "METHODS",
    "SAATY_LABELS",
    "ahp",
    "hierarchical_ahp",
    "hierarchical_weights",
    "pairwise_matrix",
    "saaty_scale_value",
]

CR_THRESHOLD = 0.10
METHODS = ("eigenvector", "row_geometric_mean", "column_normalised_mean")
SAATY_LABELS = {1: "同样重要", 3: "稍微重要", 5: "明显重要", 7: "强烈重要", 9: "极端重要"}
"""Saaty's verbal labels of the odd scale points (2, 4, 6, 8 lie between their neighbours).

The one source of the labels: chapters and exercises that pair a number with a
label must agree with it (``tests/chapters/test_rules.py``).

>>> SAATY_LABELS[3], SAATY_LABELS[5]
('稍微重要', '明显重要')
"""
_SCALE = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))
_FIX_FORM = "use Saaty's 1-9 scale (1 = equally important, 9 = extremely more important) and put the reciprocal 1/a in the mirror cell"


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
def _cell_float(value: Any, row: Any, col: Any) -> float:
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


def _as_matrix(matrix: Any, labels: Sequence[Any] | None) -> tuple[np.ndarray, list[Any]]:
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
    values = np.array([[_cell_float(v, names[i], names[j]) for j, v in enumerate(r)] for i, r in enumerate(rows)],
                      dtype=float)
    return values, names


def _validate(a: np.ndarray, names: list[Any], tol: float) -> None:
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


# --------------------------------------------------------------------------- weights
def _eigenvector(a: np.ndarray) -> tuple[np.ndarray, float]:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = vectors[:, k].real
    w = w / w.sum()
    return w, float(values[k].real)


def _lambda_estimate(a: np.ndarray, w: np.ndarray) -> float:
    return float(np.mean((a @ w) / w))


def _weights(a: np.ndarray, method: str) -> tuple[np.ndarray, float]:
    if method == "eigenvector":
        return _eigenvector(a)
    if method == "row_geometric_mean":
        w = np.exp(np.log(a).mean(axis=1))
    elif method == "column_normalised_mean":
        w = (a / a.sum(axis=0)).mean(axis=1)
    else:
        raise ConfigError(f"unknown AHP method {method!r}; choose one of {', '.join(METHODS)}")
    w = w / w.sum()
    return w, _lambda_estimate(a, w)


@dataclass(frozen=True, eq=False, repr=False)
class AHPResult:
    """What :func:`ahp` returns.

    Attributes
    ----------
    weights: Series of weights summing to 1, indexed by the criterion labels.
    matrix: the validated pairwise matrix as a labelled DataFrame.
    lambda_max: principal eigenvalue (for the teaching methods: mean of (A·w)_i / w_i).
    ci, cr: consistency index and ratio (both 0 for n <= 2).
    n: number of criteria.
    random_index: RI(n) used; random_index_table: its table name.
    method: how the weights were computed.
    """

    weights: pd.Series
    matrix: pd.DataFrame
    lambda_max: float
    ci: float
    cr: float
    n: int
    random_index: float
    random_index_table: str
    method: str = "eigenvector"
    threshold: float = field(default=CR_THRESHOLD)

    @property
    def is_consistent(self) -> bool:
        """``CR < 0.10`` (always true for n <= 2)."""
        return bool(self.cr < self.threshold)

    def __repr__(self) -> str:
        verdict = "consistent" if self.is_consistent else "NOT consistent"
        return (f"AHPResult(n={self.n}, lambda_max={self.lambda_max:.4f}, CI={self.ci:.4f}, "
                f"CR={self.cr:.4f} [{self.random_index_table}], {verdict})")

    def consistent_matrix(self) -> pd.DataFrame:
        """The perfectly consistent matrix implied by the weights: ``w_i / w_j``.

        >>> res = ahp([[1, 2], [1/2, 1]], labels=["a", "b"])
        >>> res.consistent_matrix().round(2).values.tolist()
        [[1.0, 2.0], [0.5, 1.0]]
        """
        w = self.weights.to_numpy()
        return pd.DataFrame(np.outer(w, 1 / w), index=self.weights.index, columns=self.weights.index)

    def inconsistency(self, top: int | None = None) -> pd.DataFrame:
        """Which comparisons contribute most to the inconsistency, worst first.

        For each pair i < j, ``ε = a_ij · w_j / w_i`` is the given judgement
        divided by the one the weights imply (``w_i / w_j``); ε = 1 means the
        judgement agrees with the weights. Because
        ``λmax = (1/n) Σ_i Σ_j a_ij w_j / w_i``, the consistency index splits
        exactly over the pairs: ``CI = Σ_{i<j} (ε + 1/ε − 2) / (n (n − 1))``.

        Columns: ``row``, ``column`` (the pair), ``given`` (a_ij), ``implied``
        (w_i / w_j), ``suggested`` and ``suggested_text`` (the implied value
        rounded to the 1–9 scale — a starting point to revisit, not a verdict),
        ``log_deviation`` (|ln ε|), ``ci_contribution`` and ``share`` (of CI).

        For n = 3 there is a single cycle, so all three pairs always share the
        blame equally; from n = 4 on the ranking points at the odd judgement.

        A 4 × 4 matrix built from weights 8 : 4 : 2 : 1, with one judgement
        entered the wrong way round (b vs d should be 4, entered as 1/4):

        >>> A = [[1, 2, 4, 8], ["1/2", 1, 2, "1/4"], ["1/4", "1/2", 1, 2], ["1/8", 4, "1/2", 1]]
        >>> res = ahp(A, labels=["a", "b", "c", "d"])
        >>> round(res.cr, 2), res.is_consistent
        (0.4, False)
        >>> worst = res.inconsistency(top=1)
        >>> worst.loc[1, "row"], worst.loc[1, "column"], float(worst.loc[1, "given"])
        ('b', 'd', 0.25)
        >>> bool(abs(res.inconsistency()["ci_contribution"].sum() - res.ci) < 1e-12)
        True
        """
        labels = list(self.weights.index)
        a = self.matrix.to_numpy()
        w = self.weights.to_numpy()
        n = self.n
        records = []
        for i in range(n):
            for j in range(i + 1, n):
                eps = a[i, j] * w[j] / w[i]
                implied = w[i] / w[j]
                value, text = saaty_scale_value(implied)
                records.append({
                    "row": labels[i], "column": labels[j], "given": float(a[i, j]), "implied": float(implied),
                    "suggested": float(value), "suggested_text": text,
                    "log_deviation": abs(math.log(eps)),
                    "ci_contribution": (eps + 1 / eps - 2) / (n * (n - 1)),
                })
        table = pd.DataFrame.from_records(
            records, columns=["row", "column", "given", "implied", "suggested", "suggested_text",
                              "log_deviation", "ci_contribution"])
        total = table["ci_contribution"].sum()
        table["share"] = table["ci_contribution"] / total if total > 0 else 0.0
        table = table.sort_values("log_deviation", ascending=False, kind="stable").reset_index(drop=True)
        table.index = pd.RangeIndex(1, len(table) + 1, name="rank")
        return table if top is None else table.head(top)


def ahp(
    matrix: Any,
    labels: Sequence[Any] | None = None,
    random_index: str | Mapping[int, float] = "saaty1980",
    method: str = "eigenvector",
    *,
    tol: float = 1e-6,
) -> AHPResult:
    """AHP weights and consistency of a reciprocal pairwise comparison matrix.

    Parameters
    ----------
    matrix:
        n × n list of lists, numpy array or DataFrame (index = columns = criteria).
        Cells may be numbers or fraction strings such as ``"1/3"``.
    labels:
        Criterion names (default: the DataFrame's index, else ``C1..Cn``).
    random_index:
        ``"saaty1980"`` (default), ``"saaty2005"``, ``"cn_textbook"`` or a mapping ``{n: RI}``.
    method:
        ``"eigenvector"`` (Saaty's principal right eigenvector; the default),
        or the hand-calculation shortcuts taught in textbooks,
        ``"row_geometric_mean"`` (方根法) and ``"column_normalised_mean"`` (和积法);
        for these ``lambda_max`` is estimated as ``mean((A·w)_i / w_i)``.
    tol:
        Relative tolerance for the reciprocal check ``|a_ij · a_ji − 1| <= tol``.

    Raises :class:`~coursekit.errors.DataError` for an empty, non-square,
    non-positive, NaN or non-reciprocal matrix, naming the cell.

    >>> res = ahp([[1, 3], [1/3, 1]], labels=["fcr", "speed"])
    >>> res.weights.tolist(), res.cr
    ([0.75, 0.25], 0.0)
    >>> ahp([[1, "1/2", 4], ["2", 1, 8], ["1/4", "1/8", 1]]).weights.round(4).tolist()
    [0.3077, 0.6154, 0.0769]
    """
    a, names = _as_matrix(matrix, labels)
    if method not in METHODS:
        raise ConfigError(f"unknown AHP method {method!r}; choose one of {', '.join(METHODS)}")
    table_name, _ = _resolve(random_index)
    _validate(a, names, tol)
    n = a.shape[0]
    ri = _random_index(n, random_index)
    w, lam = _weights(a, method)
    if n <= 2:
        ci = cr = 0.0
    else:
        ci = max((lam - n) / (n - 1), 0.0)  # λmax >= n for reciprocal matrices; clip float noise
        cr = ci / ri
    index = pd.Index(names, name="criterion")
    weights = pd.Series(w, index=index, name="weight")
    frame = pd.DataFrame(a, index=index, columns=pd.Index(names, name="criterion"))
    return AHPResult(weights=weights, matrix=frame, lambda_max=lam, ci=ci, cr=cr, n=n, random_index=ri,
                     random_index_table=table_name, method=method)


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
        v = _cell_float(value, x, y)
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


# --------------------------------------------------------------------------- hierarchy
def _as_weights(obj: Any, what: str) -> pd.Series:
    if isinstance(obj, AHPResult):
        s = obj.weights
    elif isinstance(obj, pd.Series):
        s = obj
    elif isinstance(obj, Mapping):
        s = pd.Series(dict(obj))
    else:
        raise ConfigError(f"{what} must be a Series, a mapping or an AHPResult, got {type(obj).__name__}")
    s = as_floats(s.rename(what), what, text=True)
    bad = s.isna() | (s < 0)
    if bad.any():
        raise DataError(what, "weights must be non-negative numbers", rows=list(s.index[bad]),
                        values=list(s[bad]))
    total = float(s.sum())
    if abs(total - 1) > 1e-6:
        raise DataError(what, f"weights must sum to 1, they sum to {total:.6g}",
                        hint="divide each weight by their sum, or take them from ahp(...).weights")
    return s


def hierarchical_weights(criteria_weights: Any, local_weights: Mapping[Any, Any]) -> pd.Series:
    """Global weights of a two-level tree: criterion weight × local weight.

    ``criteria_weights`` and each ``local_weights[criterion]`` may be Series,
    mappings or :class:`AHPResult`; each must sum to 1. The result has a
    ``(criterion, indicator)`` MultiIndex and sums to 1.

    >>> g = hierarchical_weights({"客户": 0.6, "效率": 0.4},
    ...                          {"客户": {"csat": 0.5, "nps": 0.5}, "效率": {"frt": 0.25, "ttr": 0.75}})
    >>> g.round(2).tolist()
    [0.3, 0.3, 0.1, 0.3]
    >>> round(float(g.loc[("效率", "ttr")]), 2)
    0.3
    """
    top = _as_weights(criteria_weights, "criteria_weights")
    keys = list(local_weights)
    missing = [c for c in top.index if c not in local_weights]
    extra = [c for c in keys if c not in top.index]
    if missing or extra:
        raise ConfigError(
            "local_weights must have one entry per criterion; "
            + (f"missing: {missing}" if missing else "")
            + ("; " if missing and extra else "")
            + (f"not a criterion: {extra}" if extra else "")
        )
    pieces = []
    for criterion, wc in top.items():
        local = _as_weights(local_weights[criterion], f"local_weights[{criterion!r}]")
        pieces.append(pd.Series(
            (wc * local).to_numpy(),
            index=pd.MultiIndex.from_arrays([[criterion] * len(local), list(local.index)],
                                            names=["criterion", "indicator"]),
        ))
    out = pd.concat(pieces)
    out.name = "global_weight"
    return out


@dataclass(frozen=True, eq=False, repr=False)
class HierarchicalAHPResult:
    """What :func:`hierarchical_ahp` returns.

    ``criteria`` and ``local`` hold the :class:`AHPResult` of every matrix;
    ``global_weights`` the (criterion, indicator) weights summing to 1;
    ``cr_total`` the overall consistency ratio Σ W_c·CI_c / Σ W_c·RI_c.
    """

    criteria: AHPResult
    local: dict[Any, AHPResult]
    global_weights: pd.Series
    cr_total: float

    @property
    def is_consistent(self) -> bool:
        """Every matrix and the whole hierarchy have CR < 0.10."""
        return (self.criteria.is_consistent and all(r.is_consistent for r in self.local.values())
                and self.cr_total < CR_THRESHOLD)

    def __repr__(self) -> str:
        return (f"HierarchicalAHPResult(criteria={self.criteria.n}, indicators={len(self.global_weights)}, "
                f"CR_total={self.cr_total:.4f}, consistent={self.is_consistent})")


def hierarchical_ahp(
    criteria_matrix: Any,
    local_matrices: Mapping[Any, Any],
    random_index: str | Mapping[int, float] = "saaty1980",
    method: str = "eigenvector",
) -> HierarchicalAHPResult:
    """Two-level AHP from matrices: criteria matrix + one matrix per criterion.

    ``local_matrices`` maps each criterion to its indicators' pairwise matrix
    (a labelled DataFrame, a list of lists, or an :class:`AHPResult`). An
    unlabelled criteria matrix takes its labels from the keys of
    ``local_matrices``. ``cr_total`` is the hierarchical consistency ratio
    (层次总排序一致性比率) Σ W_c CI_c / Σ W_c RI_c.

    >>> h = hierarchical_ahp([[1, 3], [1/3, 1]],
    ...                      {"客户": pairwise_matrix({("csat", "nps"): 1}),
    ...                       "效率": pairwise_matrix({("frt", "ttr"): "1/3"})})
    >>> h.global_weights.round(4).tolist()
    [0.375, 0.375, 0.0625, 0.1875]
    >>> h.cr_total
    0.0
    """
    labels = None if isinstance(criteria_matrix, (pd.DataFrame, AHPResult)) else list(local_matrices)
    top = criteria_matrix if isinstance(criteria_matrix, AHPResult) else ahp(
        criteria_matrix, labels=labels, random_index=random_index, method=method)
    local = {c: (m if isinstance(m, AHPResult) else ahp(m, random_index=random_index, method=method))
             for c, m in local_matrices.items()}
    global_w = hierarchical_weights(top, local)
    w = top.weights
    ci = sum(w[c] * local[c].ci for c in w.index)
    ri = sum(w[c] * local[c].random_index for c in w.index)
    cr_total = float(ci / ri) if ri > 0 else 0.0
    return HierarchicalAHPResult(criteria=top, local=local, global_weights=global_w, cr_total=cr_total)
