"""The AHP part of an a6 design: judgement matrices parsed, consistent, and matching the weights used."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.design._common import _fmt, _is_number
from coursekit.system.model import KPISystem


# --------------------------------------------------------------------------- AHP
@dataclass(frozen=True)
class AHPLevel:
    """One judgement matrix of the design and the weights the design uses at that level.

    ``name``: "维度之间" (the dimension weights) or "维度「…」内" (the indicator
    weights of one dimension); ``labels``: dimension names or codes, design
    order; ``used``: the design's weights (Series over ``labels``);
    ``result``: the :class:`~coursekit.weights.ahp.AHPResult` of the matrix,
    ``None`` for a level with a single element and no matrix (weight 1).
    """

    name: str
    labels: tuple[str, ...]
    used: pd.Series
    result: Any = None


def _matrix(raw: Any, labels: list[str], where: str) -> tuple[pd.DataFrame | None, list[str]]:
    """A labelled reciprocal matrix from a DataFrame, a judgement dict or a list of rows, with Chinese problems."""
    n = len(labels)
    fix_recip = "请在对称位置填倒数（写成 1/3 这样的分数，不要写 0.33）"
    if hasattr(raw, "matrix") and hasattr(raw, "weights"):        # an AHPResult
        raw = raw.matrix
    cells: list[list[Any]]
    if isinstance(raw, pd.DataFrame):
        rows, cols = [str(x) for x in raw.index], [str(x) for x in raw.columns]
        if sorted(rows) != sorted(labels) or sorted(cols) != sorted(labels) or len(set(rows)) != len(rows):
            return None, [f"{where}的判断矩阵的行、列标签应正好是 {labels}，现在行是 {rows}，列是 {cols}"]
        frame = raw.copy()
        frame.index, frame.columns = rows, cols
        frame = frame.loc[labels, labels]
        cells = [[frame.iat[i, j] for j in range(n)] for i in range(n)]
    elif isinstance(raw, Mapping):
        cells = [[1 if i == j else None for j in range(n)] for i in range(n)]
        for key, value in raw.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                return None, [f"{where}的判断字典的键应是 (指标甲, 指标乙) 这样的二元组，现在有 {key!r}"]
            a, b = (str(x) for x in key)
            if a not in labels or b not in labels or a == b:
                return None, [f"{where}的判断 {key!r} 中有不属于这一层的名称（应从 {labels} 中选两个不同的）"]
            i, j = labels.index(a), labels.index(b)
            if cells[i][j] is not None:
                return None, [f"{where}的判断 ({a}, {b}) 给了两次：每一对只比较一次"]
            cells[i][j] = value
            cells[j][i] = ("__recip__", value)
        missing = [(labels[i], labels[j]) for i in range(n) for j in range(i + 1, n) if cells[i][j] is None]
        if missing:
            shown = "、".join(f"({a}, {b})" for a, b in missing[:4])
            return None, [f"{where}还缺 {len(missing)} 对判断：{shown}；每一对都要比较一次"]
    else:
        try:
            cells = [list(r) for r in raw]
        except TypeError:
            return None, [f"{where}的判断矩阵应是 DataFrame（ck.weights.pairwise_matrix 的结果）、判断字典或 n×n "
                          f"的列表，现在是 {type(raw).__name__}"]
        if len(cells) != n or any(len(r) != n for r in cells):
            return None, [f"{where}的判断矩阵应是 {n}×{n}（顺序为 {labels}），现在的形状不对"]
    values = np.ones((n, n))
    problems = []
    for i in range(n):
        for j in range(n):
            v = cells[i][j]
            recip = isinstance(v, tuple) and v[:1] == ("__recip__",)
            raw_v = v[1] if recip else v
            if isinstance(raw_v, str):
                try:
                    x = float(Fraction(raw_v.strip()))
                except (ValueError, ZeroDivisionError):
                    problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {raw_v!r} 不是数字：写 3 或 1/3 "
                                    "这样的值")
                    continue
            elif _is_number(raw_v):
                x = float(raw_v)
            else:
                problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {raw_v!r} 不是数字：写 3 或 1/3 这样的值")
                continue
            if not x > 0:
                problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {raw_v!r} 应为正数（Saaty 1–9 "
                                "标度或其倒数）")
                continue
            values[i, j] = 1 / x if recip else x
    if problems:
        return None, problems
    for i in range(n):
        if abs(values[i, i] - 1) > 1e-6:
            problems.append(f"{where}的对角线 ({labels[i]}, {labels[i]}) 应为 1（自己与自己同等重要）")
        for j in range(i + 1, n):
            if abs(values[i, j] * values[j, i] - 1) > 1e-6:
                problems.append(f"{where}的 ({labels[i]}, {labels[j]}) = {_fmt(values[i, j])} 与 "
                                f"({labels[j]}, {labels[i]}) = {_fmt(values[j, i])} 不互为倒数：{fix_recip}")
            elif not (1 / 9 - 1e-9 <= values[i, j] <= 9 + 1e-9):
                problems.append(f"{where}的判断 ({labels[i]}, {labels[j]}) = {_fmt(values[i, j])} 超出 Saaty 1–9 标度")
    if problems:
        return None, problems
    return pd.DataFrame(values, index=labels, columns=labels), []


def ahp_levels(system: KPISystem, ahp_dimensions: Any, ahp_indicators: Any,
               random_index: str = "saaty1980") -> tuple[list[AHPLevel], list[str]]:
    """Parse the design's judgement matrices: (levels, Chinese problems).

    ``ahp_dimensions`` is the matrix over the dimension names (may be ``None``
    for a system with one dimension); ``ahp_indicators`` maps each dimension
    name to the matrix over its indicator codes (a dimension with one
    indicator needs none). A matrix may be a labelled DataFrame (e.g. from
    :func:`coursekit.weights.pairwise_matrix`), a dict of judgements
    ``{(a, b): 3}`` (upper triangle; the mirror cells are filled) or a list of
    rows in design order. Levels come back in design order, the dimension
    level first.

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("客户", 0.75, [Indicator("csat", 1)]),
    ...                Dimension("效率", 0.25, [Indicator("fcr", 0.5), Indicator("sla_compliance", 0.5)])])
    >>> levels, problems = ahp_levels(s, {("客户", "效率"): 3}, {"效率": [[1, 1], [1, 1]]})
    >>> problems, [lv.name for lv in levels], levels[0].result.weights.tolist()
    ([], ['维度之间', '维度「客户」内', '维度「效率」内'], [0.75, 0.25])
    >>> ahp_levels(s, {("客户", "效率"): 3}, {"效率": [[1, 2], [2, 1]]})[1]
    ['维度「效率」内的 (fcr, sla_compliance) = 2 与 (sla_compliance, fcr) = 2
      不互为倒数：请在对称位置填倒数（写成 1/3 这样的分数，不要写 0.33）']
    """
    from coursekit.weights import ahp

    problems: list[str] = []
    levels: list[AHPLevel] = []
    plan: list[tuple[str, list[str], pd.Series, Any]] = [
        ("维度之间", [d.name for d in system.dimensions], system.dimension_weights(), ahp_dimensions)]
    if ahp_indicators is None:
        ahp_indicators = {}
    if not isinstance(ahp_indicators, Mapping):
        return [], [f"ahp_indicators 应是字典：维度名 → 该维度指标的判断矩阵，现在是 {type(ahp_indicators).__name__}"]
    unknown = [k for k in ahp_indicators if k not in [d.name for d in system.dimensions]]
    if unknown:
        problems.append(f"ahp_indicators 中的 {unknown} 不是体系的维度名：键应是 {[d.name for d in system.dimensions]}")
    for d in system.dimensions:
        used = pd.Series({i.code: i.weight for i in d.indicators}, dtype=float)
        plan.append((f"维度「{d.name}」内", list(d.codes), used, ahp_indicators.get(d.name)))
    for name, labels, used, raw in plan:
        used = pd.Series(used.to_numpy(), index=labels, dtype=float)
        if raw is None:
            if len(labels) > 1:
                problems.append(f"{name}有 {len(labels)} 项（{'、'.join(labels)}），缺少判断矩阵："
                                "请写出两两比较的判断，权重由 ck.weights.ahp 求得")
            levels.append(AHPLevel(name, tuple(labels), used, None))
            continue
        frame, bad = _matrix(raw, labels, name)
        if bad:
            problems += bad
            continue
        levels.append(AHPLevel(name, tuple(labels), used, ahp(frame, random_index=random_index)))
    return levels, problems


def ahp_consistency_problems(levels: Sequence[AHPLevel], cr_max: float = 0.10) -> list[str]:
    """Judgement matrices whose consistency ratio is not below ``cr_max``.

    >>> from coursekit.weights import ahp
    >>> m = [[1, 2, 4, 8], [1/2, 1, 2, 1/4], [1/4, 1/2, 1, 2], [1/8, 4, 1/2, 1]]
    >>> level = AHPLevel("维度之间", ("a", "b", "c", "d"), pd.Series([0.25] * 4, index=list("abcd")),
    ...                  ahp(m, labels=list("abcd")))
    >>> ahp_consistency_problems([level])
    ['维度之间的判断矩阵 CR = 0.403，不小于 0.1：判断自相矛盾，最可疑的一对是 (b, d)，请重新比较']
    """
    problems = []
    for level in levels:
        res = level.result
        if res is not None and not res.cr < cr_max:
            worst = res.inconsistency(top=1)
            pair = f"({worst.iloc[0]['row']}, {worst.iloc[0]['column']})" if len(worst) else ""
            problems.append(f"{level.name}的判断矩阵 CR = {res.cr:.3f}，不小于 {cr_max:g}：判断自相矛盾，"
                            f"最可疑的一对是 {pair}，请重新比较")
    return problems


def ahp_weight_problems(levels: Sequence[AHPLevel], tolerance: float = 0.01) -> list[str]:
    """Levels whose weights in the design differ from what their AHP matrix gives.

    A weight may differ from the eigenvector weight by at most ``tolerance``
    (rounding); a level without a matrix must be a single element with weight 1.

    >>> from coursekit.weights import ahp
    >>> level = AHPLevel("维度之间", ("客户", "效率"), pd.Series([0.6, 0.4], index=["客户", "效率"]),
    ...                  ahp([[1, 3], [1/3, 1]], labels=["客户", "效率"]))
    >>> ahp_weight_problems([level])
    ['维度之间的权重与判断矩阵不一致：客户 用的是 0.6，AHP 给出 0.75；效率 用的是 0.4，AHP 给出 0.25']
    """
    problems = []
    for level in levels:
        if level.result is None:
            continue
        expected = level.result.weights.reindex(list(level.labels)).astype(float)
        diff = (level.used - expected.to_numpy()).abs()
        off = [lab for lab, d in zip(level.labels, diff, strict=True) if d > tolerance]
        if off:
            detail = "；".join(f"{lab} 用的是 {_fmt(level.used[lab])}，AHP 给出 {_fmt(expected[lab])}" for lab in off)
            problems.append(f"{level.name}的权重与判断矩阵不一致：{detail}")
    return problems


