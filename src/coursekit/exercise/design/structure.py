"""Structure of an a6 design: well-formed cards, weights summing to 1, a buildable KPISystem.

See :mod:`coursekit.exercise.design` for the design's layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError
from coursekit.exercise.design._common import (
    _DESIGN_KEYS,
    _DIMENSION_KEYS,
    _DIRECTION_ZH,
    _FIELD_HINT,
    CARD_KEYS,
    MIN_DEFINITION_CHARS,
    PERIODS,
    REQUIRED_CARD_KEYS,
    DesignError,
    _catalog,
    _close,
    _name_zh,
    _number_problem,
    _text,
    _unknown_keys,
)
from coursekit.system.model import WEIGHT_TOLERANCE, KPISystem
from coursekit.system.normalise import NORMALISE_METHODS


# --------------------------------------------------------------------------- structure
def structure_problems(design: Any, card: pd.DataFrame | None = None,
                       brief: Mapping[str, Any] | None = None) -> list[str]:
    """Everything that keeps ``design`` from being a complete, scorable KPI system.

    Each message names the card (dimension and position, with its code) and the
    field, and says how to fix it. With ``card`` (last year's scorecard), every
    code must be one of its columns; with ``brief``, ``source`` and ``period``
    must come from ``brief["sources"]`` / ``brief["periods"]`` and a code the
    brief calls not applicable (``brief["not_applicable"]``) is explained.

    >>> structure_problems({"dimensions": [{"name": "客户", "weight": 1, "indicators": []}]})
    ['维度「客户」没有指标：每个维度至少要有一张指标卡片，或者删掉这个维度并重新分配维度权重']
    >>> card = {"code": "fcrr", "weight": 1, "direction": "higher", "definition": "全部工单的首次解决情况",
    ...         "source": "工单系统", "period": "年度"}
    >>> for p in structure_problems({"dimensions": [{"name": "效率", "weight": 1, "indicators": [card]}]}):
    ...     print(p)
    维度「效率」第 1 张卡片（fcrr）的指标代码 code 'fcrr' 不在 KPI 目录中：是不是想写 'fcr'？可用的代码见
    ck.kpi.catalog()
    维度「效率」第 1 张卡片（fcrr）缺少目标 target：写一个数字目标值，用去年的数据确定
    """
    if not isinstance(design, Mapping):
        return [f"kpi_design 应是一个字典（dict），形如 {{'name': ..., 'dimensions': [...]}}，现在是 "
                f"{type(design).__name__}"]
    problems = _unknown_keys(design, _DESIGN_KEYS, "kpi_design")
    dims = design.get("dimensions")
    if not isinstance(dims, list) or not dims:
        return problems + ["kpi_design 缺少 'dimensions'：应是一个非空列表，每个元素是一个维度（字典）"]
    catalog = _catalog()
    codes_seen: dict[str, str] = {}
    names_seen: set[str] = set()
    dim_weights: list[float] = []
    sources = list((brief or {}).get("sources", {}))
    periods = list((brief or {}).get("periods", PERIODS))
    not_applicable = dict((brief or {}).get("not_applicable", {}))
    for k, dim in enumerate(dims, start=1):
        if not isinstance(dim, Mapping):
            problems.append(f"第 {k} 个维度应是字典（含 name、weight、indicators），现在是 {type(dim).__name__}")
            continue
        name = dim.get("name")
        where_dim = f"维度「{name}」" if _text(name) else f"第 {k} 个维度"
        problems += _unknown_keys(dim, _DIMENSION_KEYS, where_dim)
        if not _text(name):
            problems.append(f"第 {k} 个维度缺少名称 name：写一个非空的维度名，如 '客户'")
        elif name in names_seen:
            problems.append(f"{where_dim}重复出现：维度名称不能相同")
        else:
            names_seen.add(name)
        bad = _number_problem(dim.get("weight"), where_dim, "weight", nonnegative=True)
        if bad:
            problems.append(bad)
        else:
            dim_weights.append(float(dim["weight"]))
        indicators = dim.get("indicators")
        if not isinstance(indicators, list):
            problems.append(f"{where_dim}缺少指标列表 indicators：应是一个列表，每个元素是一张指标卡片（字典）")
            continue
        if not indicators:
            problems.append(f"{where_dim}没有指标：每个维度至少要有一张指标卡片，或者删掉这个维度并重新分配维度权重")
            continue
        local: list[float] = []
        local_ok = True
        for m, item in enumerate(indicators, start=1):
            code = item.get("code") if isinstance(item, Mapping) else None
            where = f"{where_dim}第 {m} 张卡片" + (f"（{code}）" if _text(code) else "")
            if not isinstance(item, Mapping):
                problems.append(f"{where}应是字典（含 {', '.join(REQUIRED_CARD_KEYS)}），现在是 {type(item).__name__}")
                local_ok = False
                continue
            problems += _unknown_keys(item, CARD_KEYS, where)
            # code
            if not _text(code):
                problems.append(f"{where}缺少指标代码 code：{_FIELD_HINT['code']}")
            elif code not in catalog.index:
                problems.append(f"{where}的指标代码 code {code!r} 不在 KPI 目录中：{_close(code, list(catalog.index))}"
                                "可用的代码见 ck.kpi.catalog()")
            elif code in codes_seen:
                problems.append(f"{where}：指标 {code} 已经在维度「{codes_seen[code]}」中出现过，"
                                "同一个指标只能出现一次")
            else:
                codes_seen[code] = str(name)
                if card is not None and code not in card.columns:
                    reason = not_applicable.get(code)
                    if reason:
                        problems.append(f"{where}：{_name_zh(code)}（{code}）不适用于本事业部——{reason}。请换一个 card "
                                        "中有的指标")
                    else:
                        problems.append(f"{where}：card 中没有 {code} 这一列，去年的数据算不出这个指标；"
                                        f"可选的指标：{', '.join(map(str, card.columns))}")
            # weight
            bad = _number_problem(item.get("weight"), where, "weight", nonnegative=True)
            if bad:
                problems.append(bad)
                local_ok = False
            else:
                local.append(float(item["weight"]))
            # direction
            direction = item.get("direction")
            if direction is None:
                problems.append(f"{where}缺少方向 direction：{_FIELD_HINT['direction']}")
            elif direction not in _DIRECTION_ZH:
                problems.append(f"{where}的方向 direction 是 {direction!r}：{_FIELD_HINT['direction']}")
            # text fields
            definition = item.get("definition")
            if not _text(definition):
                problems.append(f"{where}缺少口径 definition：{_FIELD_HINT['definition']}")
            elif len(definition.strip()) < MIN_DEFINITION_CHARS:
                problems.append(f"{where}的口径 definition {definition!r} 太简单：{_FIELD_HINT['definition']}")
            source = item.get("source")
            if not _text(source):
                problems.append(f"{where}缺少数据来源 source：" + (f"从 {'、'.join(sources)} 中选一个" if sources
                                                                else _FIELD_HINT["source"]))
            elif sources and source not in sources:
                problems.append(f"{where}的数据来源 source {source!r} 不在简报列出的数据来源中：从 "
                                f"{'、'.join(sources)} 中选一个")
            period = item.get("period")
            if not _text(period):
                problems.append(f"{where}缺少考核周期 period：从 {'、'.join(periods)} 中选一个")
            elif period not in periods:
                problems.append(f"{where}的考核周期 period {period!r} 不认识：从 {'、'.join(periods)} 中选一个")
            # target, normalise, cap
            bad = _number_problem(item.get("target"), where, "target")
            if bad:
                problems.append(bad)
            normalise = item.get("normalise", "minmax")
            if normalise not in NORMALISE_METHODS:
                problems.append(f"{where}的标准化方法 normalise {normalise!r} 不认识：从 "
                                f"{', '.join(NORMALISE_METHODS)} 中选一个（不写默认 'minmax'）")
            elif normalise == "target" and not bad and not float(item["target"]) > 0:
                problems.append(f"{where}用目标达成率计分（normalise='target'），目标 target 必须为正数，"
                                f"现在是 {item['target']!r}；目标为 0 的指标请用 'minmax'")
            if "cap" in item:
                bad_cap = _number_problem(item["cap"], where, "cap", positive=True)
                if bad_cap:
                    problems.append(bad_cap)
        if local_ok and local and abs(sum(local) - 1) > WEIGHT_TOLERANCE:
            problems.append(f"{where_dim}的指标权重之和是 {sum(local):.6g}，应为 1："
                            "用 ck.weights.ahp(...).weights 的值，不要自己四舍五入")
    if len(dim_weights) == len(dims) and abs(sum(dim_weights) - 1) > WEIGHT_TOLERANCE:
        problems.append(f"各维度的权重之和是 {sum(dim_weights):.6g}，应为 1："
                        "用维度判断矩阵 ck.weights.ahp(...).weights 的值，不要自己四舍五入")
    return problems


def build_system(design: Any, card: pd.DataFrame | None = None,
                 brief: Mapping[str, Any] | None = None) -> KPISystem:
    """The :class:`~coursekit.system.KPISystem` of a well-formed design.

    Raises :class:`DesignError` (its message lists every problem of
    :func:`structure_problems`, in Chinese) when the design is malformed.

    >>> build_system({"dimensions": [{"name": "效率", "weight": 1, "indicators": [
    ...     {"code": "fcr", "weight": 1, "direction": "higher", "definition": "期内创建的全部工单",
    ...      "source": "工单系统", "period": "年度", "target": 0.75}]}]}).indicator("fcr").period
    '年度'
    >>> build_system({"dimensions": []})
    Traceback (most recent call last):
    ...
    coursekit.exercise.design.DesignError: KPI 体系设计有以下问题：
    - kpi_design 缺少 'dimensions'：应是一个非空列表，每个元素是一个维度（字典）
    """
    problems = structure_problems(design, card, brief)
    if problems:
        raise DesignError(problems)
    data = {"name": str(design.get("name") or ""), "dimensions": [
        {"name": d["name"], "weight": float(d["weight"]),
         "indicators": [{**i, "weight": float(i["weight"]), "target": float(i["target"])}
                        for i in d["indicators"]]}
        for d in design["dimensions"]]}
    return KPISystem.from_dict(data)


def try_build(design: Any, card: pd.DataFrame | None = None,
              brief: Mapping[str, Any] | None = None) -> KPISystem | None:
    """:func:`build_system`, or ``None`` when the design is malformed (or not a dict at all).

    >>> try_build({"dimensions": "客户"}) is None
    True
    """
    try:
        return build_system(design, card, brief)
    except ConfigError:
        return None


def card_problems(system: KPISystem, brief: Mapping[str, Any]) -> list[str]:
    """Cards that are well-formed but wrong for their KPI.

    * ``direction`` differs from the KPI catalog (a "lower is better" KPI
      rewarded for going up);
    * ``source`` is not the data source the brief lists for the code
      (``brief["sources"]``: source name → codes it provides);
    * ``period`` is shorter than the brief's minimum for a sparse KPI
      (``brief["min_period"]``: code → period, on the :data:`PERIODS` scale).

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("效率", 1, [Indicator("ttr_mean_h", 1, direction="higher", source="回访问卷",
    ...                                               period="月度", target=8)])])
    >>> for p in card_problems(s, {"sources": {"工单系统": ["ttr_mean_h"], "回访问卷": ["csat"]},
    ...                            "min_period": {"ttr_mean_h": "季度"}}):
    ...     print(p)
    平均解决时长（ttr_mean_h）的方向应为 'lower'（越低越好），卡片写的是 'higher'（越高越好）
    平均解决时长（ttr_mean_h）的数据来源应为「工单系统」，卡片写的是「回访问卷」
    平均解决时长（ttr_mean_h）的考核周期「月度」太短：个人数据太少，至少要按季度考核
    """
    catalog = _catalog()
    owner = {code: source for source, codes in dict(brief.get("sources", {})).items() for code in codes}
    minimum = dict(brief.get("min_period", {}))
    problems = []
    for d in system.dimensions:
        for i in d.indicators:
            what = f"{_name_zh(i.code)}（{i.code}）"
            if i.code in catalog.index:
                right = str(catalog.loc[i.code, "direction"])
                if i.direction != right:
                    problems.append(f"{what}的方向应为 {right!r}（{_DIRECTION_ZH[right]}），"
                                    f"卡片写的是 {i.direction!r}（{_DIRECTION_ZH.get(str(i.direction), '?')}）")
            if i.code in owner and i.source != owner[i.code]:
                problems.append(f"{what}的数据来源应为「{owner[i.code]}」，卡片写的是「{i.source}」")
            need = minimum.get(i.code)
            if need and i.period in PERIODS and PERIODS.index(i.period) < PERIODS.index(need):
                problems.append(f"{what}的考核周期「{i.period}」太短：个人数据太少，至少要按{need}考核")
    return problems


