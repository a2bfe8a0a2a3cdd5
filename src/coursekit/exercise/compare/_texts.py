"""The sentences of the comparison messages (Chinese and English) and how labels and numbers are shown.

>>> _number(0.5), _label("MF-A001")
('0.5', "'MF-A001'")
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coursekit.i18n import get_language

#: How many labels a message lists before "…".
SHOWN = 5
#: Relative tolerance for recognising a pattern (factor 100, sign …), looser than the test's own.
_PATTERN_RTOL = 1e-6
#: Factors between time units (hours/minutes/seconds/days).
_TIME_FACTORS = (24.0, 60.0, 1440.0, 3600.0, 86400.0)

# key -> (Chinese, English). Sentences end with their own full stop.
_TEXT: dict[str, tuple[str, str]] = {
    "hidden": ("隐藏测试：", "Hidden test: "),
    "subject.column": ("{name} 的 {column} 列", "column {column} of {name}"),
    "column": ("{column} 列", "column {column}"),
    "colon": ("：", ": "),
    "sep": ("、", ", "),
    "more": (" 等", " (and {n} more)"),
    "none": ("值是 None：函数是不是忘了 return？", "it is None: did the function forget to return?"),
    "type.series": ("应是 pandas Series，现在是 {kind}。", "should be a pandas Series, not {kind}."),
    "type.series_index": ("应是以 {index} 为索引的 pandas Series（每个 {index} 一个值），现在是 {kind}。",
                          "should be a pandas Series indexed by {index} (one value per {index}), not {kind}."),
    "type.series_labels": ("应是带索引的 pandas Series（每个标签一个值），现在是 {kind}。",
                           "should be a pandas Series with an index (one value per label), not {kind}."),
    "type.series_columns": ("应是 pandas Series，现在是有 {n} 列的 DataFrame：请只取需要的那一列。",
                            "should be a pandas Series, not a DataFrame with {n} columns: take the one column needed."),
    "type.series_reset": ("应是 pandas Series，现在是有 {n} 列的 DataFrame，{column} 列像是索引：请用 "
                          "set_index({column}) 后取出数值列（或不要 reset_index）。",
                          "should be a pandas Series, not a DataFrame with {n} columns; column {column} looks like "
                          "the index: use set_index({column}) and take the value column (or skip reset_index)."),
    "type.frame": ("应是 pandas DataFrame，现在是 {kind}。", "should be a pandas DataFrame, not {kind}."),
    "type.scalar": ("应是单个值，现在是 {kind}（{n} 个值）：用 .item() 或 .iloc[0] 取出。",
                    "should be a single value, not {kind} ({n} values): take it out with .item() or .iloc[0]."),
    "type.number": ("应是数字，现在是 {kind} {value}。", "should be a number, not {kind} {value}."),
    "type.labels": ("应是列表（list），现在是 {kind}。", "should be a list, not {kind}."),
    "type.labels_str": ("应是列表，现在是一个字符串 {value}：只有一个成员也请写成 [{value}]。",
                        "should be a list, not the string {value}: write [{value}] even for one member."),
    "type.labels_mask": ("现在是一个 True/False 的 Series：请取出值为 True 的标签，如 s[s].index.tolist()。",
                         "is a Series of True/False: take the labels where it is True, e.g. s[s].index.tolist()."),
    "length": ("长度不对：应有 {n} 个值，你的有 {k} 个。", "wrong length: {n} values expected, yours has {k}."),
    "labels.dupes": ("索引中有重复的标签：{labels}。每个标签只应出现一次。",
                     "the index has repeated labels: {labels}. Each label should appear once."),
    "labels.missing": ("缺少 {n} 个标签：{labels}。检查是否漏掉了一些行（筛选、合并或去掉缺失值时）。",
                       "{n} labels are missing: {labels}. Check whether rows were lost (filtering, merging, "
                       "dropping missing values)."),
    "labels.extra": ("多出 {n} 个标签：{labels}。参考中没有它们。", "{n} extra labels: {labels}. The reference has "
                                                                    "none of them."),
    "labels.extra_zero": ("多出 {n} 行（{what}全为 0），可能是没有出现的类别：{labels}。分组或计数时只保留出现过的类别"
                          "（如 groupby(..., observed=True)）。",
                          "{n} extra rows ({what}all 0), probably categories that never occur: {labels}. Keep only "
                          "categories that occur when grouping or counting (e.g. groupby(..., observed=True))."),
    "labels.extra_nan": ("多出 {n} 行（{what}全为缺失值 NaN）：{labels}。参考中没有它们。",
                         "{n} extra rows ({what}all missing, NaN): {labels}. The reference has none of them."),
    "labels.what_column": ("{column} 列", "column {column} "),
    "labels.what_values": ("值", "values "),
    "rest_ok": ("其余 {n} 行的值都与参考一致。", "The other {n} rows match the reference."),
    "values.nan": ("{k} 个值是缺失值 NaN，参考却是数字：{labels}。检查是否除以 0、分组为空，或合并后标签没有对上。",
                   "{k} values are missing (NaN) where the reference has numbers: {labels}. Check for division by 0, "
                   "empty groups, or labels that did not line up after a merge."),
    "values.not_nan": ("{k} 个值在参考中是缺失值 NaN（没有数据），你的却是数字：{labels}。",
                       "{k} values are missing (NaN) in the reference (no data), yours are numbers: {labels}."),
    "values.not_nan_zero": ("{k} 个值在参考中是缺失值 NaN（没有数据），你的却是 0：{labels}。没有数据时不要填 0。",
                            "{k} values are missing (NaN) in the reference (no data), yours are 0: {labels}. "
                            "Do not fill in 0 where there is no data."),
    "values.text": ("值应是数字，现在有文字（如 {label}：{value}）。", "values should be numbers, some are text (e.g. "
                                                                       "{label}: {value})."),
    "values.timedelta": ("值是时间长度（如 {value}），应换算成数字，例如小时数：.dt.total_seconds() / 3600。",
                         "values are time spans (e.g. {value}); convert them to numbers, e.g. hours: "
                         ".dt.total_seconds() / 3600."),
    "value.timedelta": ("值是时间长度 {value}，应换算成数字，例如小时数：.total_seconds() / 3600。",
                        "the value is a time span {value}; convert it to a number, "
                        "e.g. hours: .total_seconds() / 3600."),
    "values.datetime": ("值是日期时间（如 {value}），应是数字。", "values are dates/times (e.g. {value}), numbers are "
                                                                  "expected."),
    "example": ("（如 {label}：你的 {a}，参考 {e}）", " (e.g. {label}: yours {a}, reference {e})"),
    "example.scalar": ("（你的 {a}，参考 {e}）", " (yours {a}, reference {e})"),
    "pattern.times100": ("看起来乘了 100{example}。这里不需要乘 100。",
                         "looks multiplied by 100{example}. No need to multiply by 100 here."),
    "pattern.div100": ("看起来除以了 100（或少乘了 100）{example}。",
                       "looks divided by 100 (or a multiplication by 100 is missing){example}."),
    "pattern.sign": ("正负号反了{example}。检查相减的先后次序或方向。",
                     "the sign is flipped{example}. Check the order of the subtraction or the direction."),
    "pattern.rounded": ("看起来保留了 {d} 位小数{example}。请比较未四舍五入的值，不要 round。",
                        "looks rounded to {d} decimals{example}. Compare unrounded values: do not round."),
    "pattern.factor": ("所有值都是参考值的 {r} 倍{example}。检查分母或单位。",
                       "every value is {r} times the reference{example}. Check the denominator or the unit."),
    "pattern.factor_time": ("所有值都是参考值的 {r} 倍{example}。时间单位可能不对（天、小时、分钟、秒）。",
                            "every value is {r} times the reference{example}. The time unit may be wrong "
                            "(days, hours, minutes, seconds)."),
    "pattern.offset_up": ("所有值都比参考值大 {d}{example}。检查是否多加了一个常数（如名次从 0 还是从 1 开始）。",
                          "every value is {d} more than the reference{example}. Check for an added constant "
                          "(e.g. ranks counted from 0 or from 1)."),
    "pattern.offset_down": ("所有值都比参考值小 {d}{example}。检查是否少加了一个常数（如名次从 0 还是从 1 开始）。",
                            "every value is {d} less than the reference{example}. Check for a missing constant "
                            "(e.g. ranks counted from 0 or from 1)."),
    "values.differ": ("{m} 个值中有 {k} 个与参考不一致，差得最多的是 {label}：你的 {a}，参考 {e}。",
                      "{k} of {m} values differ from the reference; the largest difference is at {label}: "
                      "yours {a}, reference {e}."),
    "values.differ_other": ("{m} 个值中有 {k} 个与参考不一致，如 {label}：你的 {a}，参考 {e}。",
                            "{k} of {m} values differ from the reference, e.g. {label}: yours {a}, reference {e}."),
    "value.differs": ("与参考不一致：你的 {a}，参考 {e}。", "differs from the reference: yours {a}, reference {e}."),
    "value.nan": ("是缺失值 NaN，参考是 {e}。检查是否除以 0 或数据为空。",
                  "is missing (NaN), the reference is {e}. Check for division by 0 or empty data."),
    "value.not_nan": ("应是缺失值 NaN（没有数据），你的是 {a}。", "should be missing (NaN, no data), yours is {a}."),
    "same_text": ("看起来一样，但类型不同：你的是 {a_kind}，参考是 {e_kind}。",
                  "looks the same but the type differs: yours is {a_kind}, the reference is {e_kind}."),
    "order": ("顺序不同：第 {i} 个你的是 {a}，参考是 {e}。{hint}", "the order differs: position {i} is {a}, the "
                                                                   "reference has {e}.{hint}"),
    "order.reversed": ("顺序正好反了。", " The order is reversed."),
    "order.desc": ("应按{what}从大到小排列。", " Sort by {what}from largest to smallest."),
    "order.asc": ("应按{what}从小到大排列。", " Sort by {what}from smallest to largest."),
    "order.labels": ("应按标签排序。", " Sort by the labels."),
    "order.ties": ("（只是{what}相同的几项先后不同：相同时按参考的先后排列。）",
                   " (Only items with the same {what}differ in order: keep the reference's order for ties.)"),
    "order.what_values": ("值", "value "),
    "order.what_column": (" {column} 列", "column {column} "),
    "order.members_sorted": ("应按从小到大（字母）顺序排列。", " Sort them (alphabetically / smallest first)."),
    "columns.missing": ("缺少列：{columns}。", "missing columns: {columns}."),
    "columns.dupes": ("有重复的列名：{columns}。每列只应出现一次。", "repeated column names: {columns}. Each column "
                                                                     "should appear once."),
    "columns.rename": ("列名 {a} 应写作 {e}。", "column {a} should be named {e}."),
    "columns.extra": ("多出列：{columns}（参考只有 {expected}）。", "extra columns: {columns} (the reference has only "
                                                                    "{expected})."),
    "columns.also": ("另外 {columns} 列也与参考不一致。", "Column(s) {columns} differ as well."),
    "members.dupes": ("有重复的成员：{labels}。", "repeated members: {labels}."),
    "members.missing": ("少了 {n} 个：{labels}。", "{n} missing: {labels}."),
    "members.extra": ("多了 {n} 个：{labels}。", "{n} extra: {labels}."),
    "members.count": ("应有 {n} 个成员，你的有 {k} 个。", "{n} members expected, yours has {k}."),
    "labels.differ": ("标签与参考不一致：第 {i} 个你的是 {a}，参考是 {e}。", "the labels differ: position {i} is {a}, "
                                                                             "the reference has {e}."),
    "members.order": ("成员都对，但顺序不同：第 {i} 个你的是 {a}，参考是 {e}。{hint}",
                      "the members are right but the order differs: position {i} is {a}, the reference has {e}.{hint}"),
}


class _Mismatch(Exception):
    """Internal: carries the sentence(s) that describe a difference that ends the comparison."""


# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------


def _english() -> bool:
    return get_language() == "en"


def _t(key: str, **fields: Any) -> str:
    """The text ``key`` in the current :mod:`coursekit.i18n` language, with ``fields`` filled in."""
    text = _TEXT[key][1 if _english() else 0]
    return text.format(**fields) if fields else text


def _join(sentences: list[str]) -> str:
    if not _english():
        return "".join(sentences)
    parts = [s.strip() for s in sentences]
    return " ".join(p if i == 0 else p[:1].upper() + p[1:] for i, p in enumerate(parts))


def _fail(subject: str, sentences: list[str], hidden: bool) -> None:
    if sentences:
        prefix = _t("hidden") if hidden else ""
        raise AssertionError(f"{prefix}{subject}{_t('colon')}{_join(sentences)}")


def _label(value: Any) -> str:
    """How a label or value is shown: texts quoted, dates without 00:00, numbers short."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_label(v) for v in value) + ")"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, pd.Timestamp | np.datetime64 | datetime.datetime):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return "NaT"
        text = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else str(stamp)
        return f"'{text}'"
    if isinstance(value, float):
        return _number(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return "NaN"
    return str(value)


def _labels(values: Sequence[Any], limit: int = SHOWN) -> str:
    shown = _t("sep").join(_label(v) for v in list(values)[:limit])
    return shown + (_t("more", n=len(values) - limit) if len(values) > limit else "")


def _number(x: float, digits: int = 6) -> str:
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.{digits}g}"


def _pair(a: float, e: float) -> tuple[str, str]:
    """``a`` and ``e`` written with just enough digits (at least 4) to tell them apart."""
    for digits in range(4, 18):
        sa, se = _number(a, digits), _number(e, digits)
        if sa != se:
            return sa, se
    return _number(a, 17), _number(e, 17)


def _kind(obj: Any) -> str:
    if isinstance(obj, pd.DataFrame | pd.Series | pd.Index):
        return type(obj).__name__ if not isinstance(obj, pd.Index) else "Index"
    if isinstance(obj, np.ndarray):
        return "numpy array"
    return type(obj).__name__
