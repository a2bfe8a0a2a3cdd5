"""What every a6 design check shares: the card fields, their Chinese names and hints, DesignError.

>>> REQUIRED_CARD_KEYS[:3]
('code', 'weight', 'direction')
>>> _number_problem("1", "卡片", "weight")
"卡片的权重 weight 是文本 '1'：应为数字，请去掉引号，写成 1"
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coursekit.checks import did_you_mean
from coursekit.errors import ConfigError

if TYPE_CHECKING:
    from typing_extensions import TypeIs

#: Fields of a complete indicator card, in the order a trainee writes them.
REQUIRED_CARD_KEYS = ("code", "weight", "direction", "definition", "source", "period", "target")
#: Every key an indicator card may have.
CARD_KEYS = (*REQUIRED_CARD_KEYS, "normalise", "cap")
_DIMENSION_KEYS = ("name", "weight", "indicators")
_DESIGN_KEYS = ("name", "dimensions")
#: Appraisal periods, shortest first (a longer period holds more data per person).
PERIODS = ("月度", "季度", "半年度", "年度")
#: Groups of catalog codes that are variants of one KPI (measuring the same thing twice).
VARIANTS: tuple[tuple[str, ...], ...] = (
    ("frt_mean_h", "frt_median_h"),
    ("ttr_mean_h", "ttr_median_h"),
    ("csat", "csat_mean"),
)
#: Minimum length of a 口径 text: a few words, not a placeholder.
MIN_DEFINITION_CHARS = 6

_FIELD_ZH = {
    "code": "指标代码 code", "weight": "权重 weight", "direction": "方向 direction",
    "definition": "口径 definition", "source": "数据来源 source", "period": "考核周期 period",
    "target": "目标 target", "normalise": "标准化方法 normalise", "cap": "封顶 cap",
    "name": "名称 name", "indicators": "指标列表 indicators", "dimensions": "维度列表 dimensions",
}
_FIELD_HINT = {
    "code": "写 KPI 目录（ck.kpi.catalog()）中的代码，如 'fcr'",
    "weight": "写一个 0–1 之间的数字，由 AHP 判断矩阵求得",
    "direction": "写 'higher'（越高越好）或 'lower'（越低越好）",
    "definition": "用一句话写清楚口径：哪些工单/问卷/投诉计入分子和分母",
    "source": "写数据来源，如 '工单系统'",
    "period": "写考核周期，如 '年度'",
    "target": "写一个数字目标值，用去年的数据确定",
}
_DIRECTION_ZH = {"higher": "越高越好", "lower": "越低越好"}


class DesignError(ConfigError):
    """A malformed design; ``problems`` holds the Chinese messages, one per mistake."""

    __module__ = "coursekit.exercise.design"  # its public home (tracebacks and pickles name it there)

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("KPI 体系设计有以下问题：\n" + "\n".join(f"- {p}" for p in self.problems))


# --------------------------------------------------------------------------- small helpers
def _catalog() -> pd.DataFrame:
    from coursekit.kpi import catalog

    return catalog()


def _name_zh(code: str) -> str:
    cat = _catalog()
    return str(cat.loc[code, "name_zh"]) if code in cat.index else code


def _close(word: str, choices: Sequence[str]) -> str:
    """The Chinese "did you mean" of these messages, from the package's one rule (:func:`did_you_mean`).

    >>> _close("fcrr", ["fcr", "csat"]), _close("xyz", ["fcr"])
    ("是不是想写 'fcr'？", '')
    """
    suggestion = did_you_mean(word, choices)
    if not suggestion:
        return ""
    # did_you_mean lists the closest choices as reprs: keep them, in its order
    names = suggestion.removeprefix("did you mean ").removesuffix("? ")
    return f"是不是想写 {names.replace(', ', '、')}？"


def _is_number(value: Any) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(float(value)))


def _text(value: Any) -> TypeIs[str]:
    """Whether ``value`` is a non-empty text (mypy then knows it is a ``str``)."""
    return isinstance(value, str) and bool(value.strip())


def _fmt(x: float) -> str:
    """A number short enough for a message: 0.756, 23.5, 0.0333."""
    return f"{x:.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def _short(value: Any, width: int = 40) -> str:
    """A one-line repr of a trainee's value, cut to ``width`` characters."""
    text = " ".join(repr(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _number_problem(value: Any, where: str, field: str, *, positive: bool = False,
                    nonnegative: bool = False) -> str | None:
    label = _FIELD_ZH[field]
    if value is None:
        return f"{where}缺少{label}：{_FIELD_HINT.get(field, '请补上')}"
    if isinstance(value, str):
        shown = value.strip()
        try:
            float(shown)
            fix = f"请去掉引号，写成 {shown}"
        except ValueError:
            fix = _FIELD_HINT.get(field, "请写一个数字")
        return f"{where}的{label} 是文本 {value!r}：应为数字，{fix}"
    if isinstance(value, (bool, np.bool_)):
        return f"{where}的{label} 是 {value}（真/假），应为数字：{_FIELD_HINT.get(field, '请写一个数字')}"
    if not _is_number(value):
        return (f"{where}的{label} 应为一个有限的数字，现在是 {type(value).__name__} {_short(value)}："
                f"{_FIELD_HINT.get(field, '请写一个数字')}")
    if positive and not float(value) > 0:
        return f"{where}的{label} 应为正数，现在是 {value!r}"
    if nonnegative and float(value) < 0:
        return f"{where}的{label} 不能为负数，现在是 {value!r}"
    return None


def _unknown_keys(item: Mapping[str, Any], allowed: Sequence[str], where: str) -> list[str]:
    out = []
    for key in item:
        if key not in allowed:
            out.append(f"{where}有不认识的字段 {key!r}：{_close(str(key), allowed)}"
                       f"允许的字段是 {', '.join(allowed)}")
    return out


