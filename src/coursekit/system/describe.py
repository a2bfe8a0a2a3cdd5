"""The readable table of a KPI system (:meth:`KPISystem.describe <coursekit.system.KPISystem.describe>`).

>>> from coursekit.system import example_system
>>> describe_table(example_system("finance"), "en").loc["qa_score", "normalise"]
'z-score (T = 50 + 10z)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from coursekit.checks import choose
from coursekit.system.indicator import CARD_FIELDS, Indicator

if TYPE_CHECKING:
    from coursekit.system.model import KPISystem

__all__ = ["LANGUAGES", "Language", "describe_table"]

#: The languages of :meth:`KPISystem.describe`.
Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_CARD_HEADERS_ZH = {"definition": "口径", "source": "数据来源", "period": "考核周期"}
_DIRECTION_ZH = {"higher": "越高越好", "lower": "越低越好"}
_DIRECTION_EN = {"higher": "higher is better", "lower": "lower is better"}
_HEADERS_ZH = ["维度", "维度权重", "指标", "方向", "权重", "全局权重", "目标值", "标准化方法"]


def describe_table(system: KPISystem, lang: Language = "zh") -> pd.DataFrame:
    """One row per indicator: dimension, weights, name, direction, target, normalisation (+ card fields)."""
    lang = choose(lang, LANGUAGES, "language")
    rows = []
    for d in system.dimensions:
        for i in d.indicators:
            rows.append({
                "dimension": d.name if lang == "zh" else _dimension_en(d.name),
                "dimension_weight": d.weight,
                "indicator": i.name_zh if lang == "zh" else i.name_en,
                "direction": (_DIRECTION_ZH if lang == "zh" else _DIRECTION_EN)[i.direction or "higher"],
                "weight": i.weight,
                "global_weight": d.weight * i.weight,
                "target": np.nan if i.target is None else i.target,
                "normalise": _method_label(i, lang),
                **{name: getattr(i, name) or "" for name in CARD_FIELDS},
            })
    table = pd.DataFrame(rows, index=pd.Index(list(system.codes), name="代码" if lang == "zh" else "code"))
    carded = any(getattr(i, name) is not None for d in system.dimensions for i in d.indicators
                 for name in CARD_FIELDS)
    if not carded:
        table = table.drop(columns=list(CARD_FIELDS))
    if lang == "zh":
        table.columns = [*_HEADERS_ZH, *([_CARD_HEADERS_ZH[name] for name in CARD_FIELDS] if carded else [])]
    return table


def _method_label(ind: Indicator, lang: str) -> str:
    if ind.normalise == "minmax":
        return "极差标准化(min-max)" if lang == "zh" else "min-max"
    if ind.normalise == "zscore":
        return "标准分(T=50+10z)" if lang == "zh" else "z-score (T = 50 + 10z)"
    pct = f"{ind.cap * 100:g}%"
    return f"目标达成率(封顶{pct})" if lang == "zh" else f"target achievement (capped at {pct})"


def _dimension_en(name: str) -> str:
    from coursekit.i18n import label

    return label(name, lang="en")
