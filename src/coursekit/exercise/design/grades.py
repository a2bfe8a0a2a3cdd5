"""Grade rules and the compliance gate of an a6 design, checked on the composite scores and synthetic agents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError
from coursekit.exercise.design._common import _fmt


# --------------------------------------------------------------------------- grades
def _call(function: Any, name: str, *args: Any) -> tuple[Any, str | None]:
    if not callable(function):
        return None, f"{name} 应是一个函数（def {name}(...): ...），现在是 {type(function).__name__}"
    try:
        return function(*args), None
    except Exception as exc:  # noqa: BLE001 - any error of trainee code becomes a message
        return None, f"{name}(...) 运行出错：{type(exc).__name__}: {exc}"


def _as_grades(result: Any, index: pd.Index, name: str, scale: Sequence[str]) -> tuple[pd.Series | None, list[str]]:
    if not isinstance(result, pd.Series):
        return None, [f"{name} 应返回 pandas Series（每位员工一个等级），现在返回的是 {type(result).__name__}"]
    if set(result.index) != set(index) or len(result) != len(index):
        return None, [f"{name} 返回的 Series 索引应与输入相同（每位员工一个等级）"]
    values = result.reindex(index)
    if values.isna().any():
        return None, [f"{name} 返回的等级有缺失值：{list(values.index[values.isna()])[:5]}"]
    labels = values.astype(str)
    strange = sorted(set(labels) - set(scale))
    if strange:
        return None, [f"{name} 返回了等级量表以外的等级 {strange}：只能用 {'、'.join(scale)}"]
    return labels, []


def grade_structure_problems(grade_rule: Any, composite: pd.Series,
                             scale: Sequence[str] = ("A", "B", "C", "D")) -> list[str]:
    """``grade_rule(composite)`` runs and returns one grade of ``scale`` per row.

    >>> grade_structure_problems(lambda s: s.map(lambda x: "A" if x > 50 else "E"), pd.Series([70.0, 20.0]))
    ["grade_rule 返回了等级量表以外的等级 ['E']：只能用 A、B、C、D"]
    """
    result, error = _call(grade_rule, "grade_rule", composite.copy())
    if error:
        return [error]
    return _as_grades(result, composite.index, "grade_rule", scale)[1]


def grade_distribution_problems(grade_rule: Any, composite: pd.Series, distribution: Mapping[str, Mapping[str, float]],
                                scale: Sequence[str] = ("A", "B", "C", "D")) -> list[str]:
    """Grades that contradict the composite's order, or a distribution the brief forbids.

    ``scale`` lists the grades best first; a row with a higher composite must
    never get a worse grade (ties may share either). ``distribution`` maps a
    grade to limits: ``max_share``, ``min_share`` (fractions of the rows) and
    ``min_count`` (people).

    >>> import numpy as np
    >>> rule = lambda s: pd.Series(np.where(s >= 60, "A", "B"), index=s.index)
    >>> grade_distribution_problems(rule, pd.Series([90.0, 70, 50, 40, 30]), {"A": {"max_share": 0.2}})
    ['评 A 的有 2 人（40.0%），简报要求 不超过 20%']
    >>> grade_distribution_problems(lambda s: s.rank().map({1.0: "A", 2.0: "B"}), pd.Series([90.0, 80.0]), {})
    ['等级与综合得分的顺序相反：1（综合分 80）评 A，而 0（综合分 90）评 B']
    """
    result, error = _call(grade_rule, "grade_rule", composite.copy())
    if error:
        return [error]
    grades, problems = _as_grades(result, composite.index, "grade_rule", scale)
    if grades is None:
        return problems
    rank = grades.map({g: k for k, g in enumerate(scale)})            # 0 = best
    order = composite.astype(float).sort_values(ascending=False, kind="stable")
    ranks = rank.reindex(order.index).to_numpy()
    worst_so_far, worst_at = -1, None
    for pos, label in enumerate(order.index):
        if worst_at is not None and ranks[pos] < worst_so_far and order[label] < order[worst_at]:
            problems.append(f"等级与综合得分的顺序相反：{label}（综合分 {_fmt(order[label])}）评 {grades[label]}，"
                            f"而 {worst_at}（综合分 {_fmt(order[worst_at])}）评 {grades[worst_at]}")
            break
        if ranks[pos] > worst_so_far:
            worst_so_far, worst_at = ranks[pos], label
    n = len(grades)
    for grade, limits in distribution.items():
        count = int((grades == grade).sum())
        share = count / n if n else 0.0
        rules = []
        if "max_share" in limits and share > float(limits["max_share"]) + 1e-12:
            rules.append(f"不超过 {float(limits['max_share']):.0%}")
        if "min_share" in limits and share < float(limits["min_share"]) - 1e-12:
            rules.append(f"不少于 {float(limits['min_share']):.0%}")
        if "min_count" in limits and count < int(limits["min_count"]):
            rules.append(f"至少 {int(limits['min_count'])} 人")
        if rules:
            problems.append(f"评 {grade} 的有 {count} 人（{share:.1%}），简报要求 {'、'.join(rules)}")
    return problems


def gate_structure_problems(compliance_gate: Any, scale: Sequence[str] = ("A", "B", "C", "D")) -> list[str]:
    """``compliance_gate(grades, breaches)`` runs and returns one grade of ``scale`` per agent.

    Tried on one agent per grade, none of them with a breach.

    >>> gate_structure_problems(lambda grades, breaches: grades.tolist())
    ['compliance_gate 应返回 pandas Series（每位员工一个等级），现在返回的是 list']
    """
    order = list(scale)
    dtype = pd.CategoricalDtype(list(reversed(order)), ordered=True)
    ids = [f"S{k:02d}" for k in range(1, len(order) + 1)]
    grades = pd.Series(pd.Categorical(order, dtype=dtype), index=ids)
    result, error = _call(compliance_gate, "compliance_gate", grades, pd.Series(0, index=ids, dtype="int64"))
    if error:
        return [error]
    return _as_grades(result, grades.index, "compliance_gate", order)[1]


def gate_problems(compliance_gate: Any, cap: str = "C", scale: Sequence[str] = ("A", "B", "C", "D"),
                  grades: pd.Series | None = None, breaches: pd.Series | None = None) -> list[str]:
    """Check the non-compensatory gate ``compliance_gate(grades, breaches)``.

    The rule of the brief: an agent with at least one breach gets at most
    ``cap`` (a worse grade stays as it is); an agent without a breach keeps
    the grade. It is tried on synthetic agents (every grade with and without
    breaches, the breaches listed in another order than the grades, so the gate
    must match them by agent id; and a ledger listing only the agents who
    breached, so an agent missing from it has no breach) and, when given, on real ``grades`` and
    ``breaches``. ``grades`` passed to the gate are always an ordered
    categorical like :mod:`coursekit.appraisal` returns (worst < best), also
    when the real ``grades`` are plain text.

    >>> def gate(grades, breaches):
    ...     capped = (breaches.reindex(grades.index) > 0) & (grades > "C")
    ...     return grades.where(~capped, "C")
    >>> gate_problems(gate)
    []
    >>> gate_problems(lambda grades, breaches: grades)[0]
    '合规闸门没有起作用：S01 有 1 次违规，等级应被封顶为 C，但返回的是 A'
    """
    order = list(scale)
    if cap not in order:
        raise ConfigError(f"cap {cap!r} is not a grade of the scale {order}")
    dtype = pd.CategoricalDtype(list(reversed(order)), ordered=True)
    position = {g: k for k, g in enumerate(order)}            # 0 = best

    def expected(g: str, b: float) -> str:
        return order[max(position[g], position[cap])] if b > 0 else g

    cases = []
    ids = [f"S{k:02d}" for k in range(1, 2 * len(order) + 3)]
    labels = [*order, *order, order[0], order[0]]
    counts = [1, 2, 1, 3][: len(order)] + [1] * max(0, len(order) - 4) + [0] * len(order) + [5, 0]
    synthetic = pd.Series(pd.Categorical(labels, dtype=dtype), index=ids)
    breach = pd.Series(counts, index=ids, dtype="int64").iloc[::-1]
    cases.append(("synthetic", synthetic, breach))
    # a ledger often lists only the agents who breached: the others have none
    cases.append(("synthetic, breaches of breaching agents only", synthetic, breach[breach > 0]))
    if grades is not None and breaches is not None:
        # the gate is judged on its own: grades in the agreed form whatever grade_rule returned
        as_ordered = pd.Series(pd.Categorical(pd.Series(grades).astype(str), dtype=dtype), index=grades.index)
        cases.append(("data", as_ordered, breaches))
    problems: list[str] = []
    for _kind, g_in, b_in in cases:
        result, error = _call(compliance_gate, "compliance_gate", g_in.copy(), b_in.copy())
        if error:
            return [error]
        got, bad = _as_grades(result, g_in.index, "compliance_gate", order)
        if got is None:
            return bad
        b = b_in.reindex(g_in.index).fillna(0).astype(float)
        for agent in g_in.index:
            before, count = str(g_in[agent]), float(b[agent])
            want, now = expected(before, count), got[agent]
            if now == want:
                continue
            if position[now] < position[before]:
                problems.append(f"合规闸门只能封顶、不能提高等级：{agent} 原等级 {before}，返回的是 {now}")
            elif count > 0 and position[now] < position[want]:
                problems.append(f"合规闸门没有起作用：{agent} 有 {int(count)} 次违规，等级应被封顶为 {want}，"
                                f"但返回的是 {now}")
            elif count > 0:
                problems.append(f"合规闸门过严：{agent} 原等级 {before}、有 {int(count)} 次违规，"
                                f"简报的规则是最高 {cap}，应评 {want}，返回的是 {now}")
            elif agent not in b_in.index:
                problems.append(f"合规闸门改动了没有违规的员工：{agent} 不在 breaches 里（没有违规记录，"
                                f"即 0 次），原等级 {before}，返回的是 {now}")
            else:
                problems.append(f"合规闸门改动了没有违规的员工：{agent} 没有违规，原等级 {before}，"
                                f"返回的是 {now}（要按员工编号对齐 breaches，不要按位置）")
            return problems
    return problems


