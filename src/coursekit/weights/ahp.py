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
from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.checks import as_floats, choose
from coursekit.errors import ConfigError, DataError
from coursekit.results import Result
from coursekit.weights.pairwise import SAATY_LABELS, as_matrix, check_reciprocal, pairwise_matrix, saaty_scale_value
from coursekit.weights.random_index import _resolve
from coursekit.weights.random_index import random_index as _random_index

__all__ = [
    "AHPMethod",
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
#: How :func:`ahp` computes the weights (Saaty's eigenvector, 方根法, 和积法).
AHPMethod = Literal["eigenvector", "row_geometric_mean", "column_normalised_mean"]
METHODS: tuple[AHPMethod, ...] = ("eigenvector", "row_geometric_mean", "column_normalised_mean")


# --------------------------------------------------------------------------- weights
def _eigenvector(a: np.ndarray) -> tuple[np.ndarray, float]:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = vectors[:, k].real
    w = w / w.sum()
    return w, float(values[k].real)


def _lambda_estimate(a: np.ndarray, w: np.ndarray) -> float:
    return float(np.mean((a @ w) / w))


def _weights(a: np.ndarray, method: AHPMethod) -> tuple[np.ndarray, float]:
    if method == "eigenvector":
        return _eigenvector(a)
    if method == "row_geometric_mean":
        w = np.exp(np.log(a).mean(axis=1))
    else:
        w = (a / a.sum(axis=0)).mean(axis=1)
    w = w / w.sum()
    return w, _lambda_estimate(a, w)


@dataclass(frozen=True, eq=False, repr=False)
class AHPResult(Result):
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
    method: AHPMethod = "eigenvector"
    threshold: float = field(default=CR_THRESHOLD)

    @property
    def is_consistent(self) -> bool:
        """``CR < 0.10`` (always true for n <= 2)."""
        return bool(self.cr < self.threshold)

    def __repr__(self) -> str:
        verdict = "consistent" if self.is_consistent else "NOT consistent"
        return (f"AHPResult(n={self.n}, lambda_max={self.lambda_max:.4f}, CI={self.ci:.4f}, "
                f"CR={self.cr:.4f} [{self.random_index_table}], {verdict})")

    def title(self) -> str:
        return f"AHP 权重（λmax = {self.lambda_max:.4f}）"

    def note(self) -> str:
        verdict = "通过" if self.is_consistent else "未通过"
        return (f"CI = {self.ci:.4f}，RI({self.n}) = {self.random_index:g}（{self.random_index_table}），"
                f"CR = {self.cr:.4f}：一致性检验{verdict}（CR < {self.threshold:g}）")

    def table(self) -> pd.DataFrame:
        """The weights, one row per criterion.

        >>> ahp([[1, 3], [1/3, 1]], labels=["fcr", "speed"]).table()
                   weight
        criterion
        fcr          0.75
        speed        0.25
        """
        return self.weights.to_frame("weight")

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
    method: AHPMethod = "eigenvector",
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
    a, names = as_matrix(matrix, labels)
    method = choose(method, METHODS, "AHP method")
    table_name, _ = _resolve(random_index)
    check_reciprocal(a, names, tol)
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
class HierarchicalAHPResult(Result):
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

    def title(self) -> str:
        return "层次分析法：全局权重"

    def note(self) -> str:
        verdict = "通过" if self.is_consistent else "未通过"
        return f"总排序一致性比例 CR = {self.cr_total:.4f}：{verdict}"

    def table(self) -> pd.DataFrame:
        """Criterion weight, local weight and global weight (their product) for every indicator.

        >>> h = hierarchical_ahp([[1, 3], [1/3, 1]], {"客户": [[1, 1], [1, 1]], "效率": [[1, 3], [1/3, 1]]})
        >>> h.table()[["local_weight", "global_weight"]].round(4).values.tolist()
        [[0.5, 0.375], [0.5, 0.375], [0.75, 0.1875], [0.25, 0.0625]]
        """
        criterion = self.global_weights.index.get_level_values("criterion")
        local = [float(self.local[c].weights.iloc[k]) for c in self.criteria.weights.index
                 for k in range(self.local[c].n)]
        return pd.DataFrame({"criterion_weight": self.criteria.weights.reindex(criterion).to_numpy(),
                             "local_weight": local, "global_weight": self.global_weights.to_numpy()},
                            index=self.global_weights.index)

    def __repr__(self) -> str:
        return (f"HierarchicalAHPResult(criteria={self.criteria.n}, indicators={len(self.global_weights)}, "
                f"CR_total={self.cr_total:.4f}, consistent={self.is_consistent})")


def hierarchical_ahp(
    criteria_matrix: Any,
    local_matrices: Mapping[Any, Any],
    random_index: str | Mapping[int, float] = "saaty1980",
    method: AHPMethod = "eigenvector",
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
