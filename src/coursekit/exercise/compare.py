"""Compare a trainee's result with a reference and say what really differs.

Hidden tests call these instead of ``assert np.allclose(...), "fixed message"``.
Each function returns ``None`` when the result matches and otherwise raises
:class:`AssertionError` whose message is computed from the comparison: it names
the variable, says what differs (missing or extra labels, values that look
multiplied by 100, a flipped sign, NaN where numbers belong, the largest
difference, the first place where the order differs …) and what to check.

* :func:`expect_series` — one value per label (e.g. a KPI per agent);
* :func:`expect_frame` — several columns, each compared like a Series;
* :func:`expect_value` — one number (or one date, one text);
* :func:`expect_labels` — a list or set of ids.

Messages are in Chinese, or in English after ``coursekit.set_language("en")``.
``hidden=True`` starts them with "隐藏测试：".

What counts as equal: numbers within ``rtol``/``atol`` (ints, ``float32``,
booleans and nullable types are all fine where floats are expected); labels
in any order (unless ``check_order``), and labels of another type with the
same text (a categorical index, ``np.str_``); the Series name is ignored.
A ``float32`` result is compared with at least the relative tolerance that
``float32`` can hold (about 1e-6).

>>> import pandas as pd
>>> ref = pd.Series([0.5, 0.25], index=["MF-A001", "MF-A002"])
>>> expect_series(pd.Series([25.0, 50.0], index=["MF-A002", "MF-A001"]), ref, name="fcr_by_agent")
Traceback (most recent call last):
...
AssertionError: fcr_by_agent：看起来乘了 100（如 'MF-A001'：你的 50，参考 0.5）。这里不需要乘 100。
>>> expect_series(pd.Series([0.25, 0.5], index=["MF-A002", "MF-A001"], dtype="float32"), ref, name="x")
"""

from __future__ import annotations

import datetime
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from coursekit.i18n import get_language

__all__ = ["expect_series", "expect_frame", "expect_value", "expect_labels"]

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
    "labels.extra": ("多出 {n} 个标签：{labels}。参考中没有它们。", "{n} extra labels: {labels}. The reference has none of them."),
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
    "values.text": ("值应是数字，现在有文字（如 {label}：{value}）。", "values should be numbers, some are text (e.g. {label}: {value})."),
    "values.timedelta": ("值是时间长度（如 {value}），应换算成数字，例如小时数：.dt.total_seconds() / 3600。",
                         "values are time spans (e.g. {value}); convert them to numbers, e.g. hours: "
                         ".dt.total_seconds() / 3600."),
    "value.timedelta": ("值是时间长度 {value}，应换算成数字，例如小时数：.total_seconds() / 3600。",
                        "the value is a time span {value}; convert it to a number, e.g. hours: .total_seconds() / 3600."),
    "values.datetime": ("值是日期时间（如 {value}），应是数字。", "values are dates/times (e.g. {value}), numbers are expected."),
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
    "order": ("顺序不同：第 {i} 个你的是 {a}，参考是 {e}。{hint}", "the order differs: position {i} is {a}, the reference has {e}.{hint}"),
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
    "columns.dupes": ("有重复的列名：{columns}。每列只应出现一次。", "repeated column names: {columns}. Each column should appear once."),
    "columns.rename": ("列名 {a} 应写作 {e}。", "column {a} should be named {e}."),
    "columns.extra": ("多出列：{columns}（参考只有 {expected}）。", "extra columns: {columns} (the reference has only {expected})."),
    "columns.also": ("另外 {columns} 列也与参考不一致。", "Column(s) {columns} differ as well."),
    "members.dupes": ("有重复的成员：{labels}。", "repeated members: {labels}."),
    "members.missing": ("少了 {n} 个：{labels}。", "{n} missing: {labels}."),
    "members.extra": ("多了 {n} 个：{labels}。", "{n} extra: {labels}."),
    "members.count": ("应有 {n} 个成员，你的有 {k} 个。", "{n} members expected, yours has {k}."),
    "labels.differ": ("标签与参考不一致：第 {i} 个你的是 {a}，参考是 {e}。", "the labels differ: position {i} is {a}, the reference has {e}."),
    "members.order": ("成员都对，但顺序不同：第 {i} 个你的是 {a}，参考是 {e}。{hint}",
                      "the members are right but the order differs: position {i} is {a}, the reference has {e}.{hint}"),
}


class _Mismatch(Exception):
    """Internal: carries the sentence(s) that describe a difference that ends the comparison."""


class _Match(NamedTuple):
    """How the labels of a result line up with the labels of the reference."""

    missing: list[Any]  # reference labels the result lacks
    extra: list[int]  # positions (in the result) of labels the reference lacks
    actual: list[int]  # positions of the common labels in the result …
    expected: list[int]  # … and in the reference, in the reference's order


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------


def expect_series(actual: Any, expected: Any, *, name: str, rtol: float = 1e-9, atol: float = 1e-12,
                  check_order: bool = False, hidden: bool = False) -> None:
    """Check that ``actual`` has the labels and values of the Series ``expected``.

    Checks the type (a Series; a one-column DataFrame, a dict, or a list when
    ``expected`` has the default 0…n-1 index also do) and repeated labels;
    then reports missing and extra index labels (saying when the extra rows
    are all 0 or all NaN), the values on the common labels (NaN where numbers
    are expected and the reverse, values multiplied or divided by 100, a
    flipped sign, rounding, one constant factor or offset, otherwise how many
    differ and the largest difference) and, with ``check_order``, the first
    position where the labels come in another order than in ``expected``.

    >>> ref = pd.Series([3, 2, 0], index=["退款慢", "态度差", "配件缺"])
    >>> expect_series(ref.rename("n").sample(frac=1, random_state=1), ref, name="counts")  # shuffled: fine
    >>> expect_series(pd.concat([ref, pd.Series([0, 0], index=["x", "y"])]), ref, name="counts")
    Traceback (most recent call last):
    ...
    AssertionError: counts：多出 2 行（值全为 0），可能是没有出现的类别：'x'、'y'。分组或计数时只保留出现过的类别（如 groupby(..., observed=True)）。其余 3 行的值都与参考一致。
    >>> expect_series(ref.iloc[::-1], ref, name="counts", check_order=True, hidden=True)
    Traceback (most recent call last):
    ...
    AssertionError: 隐藏测试：counts：顺序不同：第 1 个你的是 '配件缺'，参考是 '退款慢'。顺序正好反了。
    """
    expected = _expected_series(expected)
    try:
        actual = _actual_series(actual, expected)
        match = _match_index(actual.index, expected.index)
    except _Mismatch as found:
        _fail(name, list(found.args), hidden)
        return
    a_rows, e_rows = actual.iloc[match.actual], expected.iloc[match.expected]
    sentences = _index_sentences(match, actual.iloc[match.extra], None)
    values = _value_sentences(a_rows, e_rows, rtol=rtol, atol=atol)
    if sentences and not values and match.actual:
        sentences.append(_t("rest_ok", n=len(match.actual)))
    sentences += values
    if check_order:
        sentences += _order_sentences(actual, expected, match, None)
    _fail(name, sentences, hidden)


def expect_frame(actual: Any, expected: Any, *, name: str, columns: Sequence[Any] | None = None,
                 rtol: float = 1e-9, atol: float = 1e-12, check_order: bool = False, hidden: bool = False) -> None:
    """Check the columns ``columns`` (default: all of ``expected``'s) of the DataFrame ``actual``.

    Reports missing columns (and names that differ only in case, spaces or
    ``_``), extra columns when all columns are compared, then the index labels
    like :func:`expect_series` (once for the frame), the row order when
    ``check_order``, and the first column whose values differ (naming the
    other columns that differ too).

    >>> ref = pd.DataFrame({"count": [5, 3], "share": [0.625, 0.375]}, index=["a", "b"])
    >>> expect_frame(ref.astype({"count": "int32"}).iloc[::-1], ref, name="t")
    >>> expect_frame(ref.rename(columns={"share": "Share"}), ref, name="t")
    Traceback (most recent call last):
    ...
    AssertionError: t：缺少列：'share'。列名 'Share' 应写作 'share'。
    >>> expect_frame(ref.assign(share=ref["share"] * 100), ref, name="t", columns=["share"])
    Traceback (most recent call last):
    ...
    AssertionError: t 的 'share' 列：看起来乘了 100（如 'a'：你的 62.5，参考 0.625）。这里不需要乘 100。
    """
    if not isinstance(expected, pd.DataFrame):
        expected = pd.DataFrame(expected)
    wanted = list(expected.columns) if columns is None else list(columns)
    unknown = [c for c in wanted if c not in expected.columns]
    if unknown:
        raise ValueError(f"columns {unknown!r} are not columns of the expected frame")
    try:
        actual = _actual_frame(actual, expected)
        actual = _check_columns(actual, expected, wanted, report_extra=columns is None)
        match = _match_index(actual.index, expected.index)
    except _Mismatch as found:
        _fail(name, list(found.args), hidden)
        return
    a_rows, e_rows = actual.iloc[match.actual], expected.iloc[match.expected]
    sentences = _index_sentences(match, actual.iloc[match.extra], wanted)
    if check_order:
        sentences += _order_sentences(actual, expected, match, wanted)
    failing = []
    for column in wanted:
        found = _value_sentences(a_rows[column], e_rows[column], rtol=rtol, atol=atol)
        if found:
            failing.append((column, found))
    if not failing:
        if match.missing or match.extra:
            sentences.append(_t("rest_ok", n=len(match.actual)))
        _fail(name, sentences, hidden)
        return
    column, found = failing[0]
    if len(failing) > 1:
        found = [*found, _t("columns.also", columns=_labels([c for c, _ in failing[1:]]))]
    if not sentences:
        _fail(_t("subject.column", name=name, column=_label(column)), found, hidden)
    _fail(name, [*sentences, _t("column", column=_label(column)) + _t("colon") + _join(found)], hidden)


def expect_value(actual: Any, expected: Any, *, name: str, rtol: float = 1e-9, atol: float = 1e-12,
                 hidden: bool = False) -> None:
    """Check one value: a number within ``rtol``/``atol``, or any other value by equality.

    For numbers it reports NaN, a factor of 100 or 1/100, a flipped sign,
    rounding, and text or a time span where a number is expected. A Series,
    array or list is refused with a hint to take the value out.

    >>> expect_value(np.float32(0.25), 0.25, name="share")
    >>> expect_value(-12.5, 12.5, name="delta")
    Traceback (most recent call last):
    ...
    AssertionError: delta：正负号反了（你的 -12.5，参考 12.5）。检查相减的先后次序或方向。
    >>> expect_value("40%", 0.4, name="rate", hidden=True)
    Traceback (most recent call last):
    ...
    AssertionError: 隐藏测试：rate：应是数字，现在是 str '40%'。
    """
    _fail(name, _scalar_sentences(actual, expected, rtol=rtol, atol=atol), hidden)


def expect_labels(actual: Any, expected: Iterable[Any], *, name: str, ordered: bool = False,
                  hidden: bool = False) -> None:
    """Check a list (or set, tuple, Index, array) of ids: repeated, missing and extra members, then the order.

    Members match when equal or when their text is equal (``np.str_``,
    categories). With ``ordered`` they must come in the order of ``expected``.

    >>> expect_labels({"MF-A002", "MF-A001"}, ["MF-A001", "MF-A002"], name="attention")
    >>> expect_labels(["MF-A001", "MF-A009"], ["MF-A001", "MF-A002"], name="attention")
    Traceback (most recent call last):
    ...
    AssertionError: attention：少了 1 个：'MF-A002'。多了 1 个：'MF-A009'。
    >>> expect_labels(["b", "a", "c"], ["a", "b", "c"], name="attention", ordered=True)
    Traceback (most recent call last):
    ...
    AssertionError: attention：成员都对，但顺序不同：第 1 个你的是 'b'，参考是 'a'。应按从小到大（字母）顺序排列。
    """
    _fail(name, _labels_sentences(actual, list(expected), ordered=ordered), hidden)


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


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


def _expected_series(expected: Any) -> pd.Series:
    if isinstance(expected, pd.Series):
        return expected
    if isinstance(expected, pd.DataFrame) and expected.shape[1] == 1:
        return expected.iloc[:, 0]
    return pd.Series(expected)


def _has_default_index(index: pd.Index) -> bool:
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def _actual_series(actual: Any, expected: pd.Series) -> pd.Series:
    if isinstance(actual, pd.Series):
        return actual
    if actual is None:
        raise _Mismatch(_t("none"))
    if isinstance(actual, pd.DataFrame):
        if actual.shape[1] == 1:
            return actual.iloc[:, 0]
        wanted = {_str_key(x) for x in expected.index}
        for column in actual.columns:
            if len(wanted) > 1 and {_str_key(x) for x in actual[column]} == wanted:
                raise _Mismatch(_t("type.series_reset", n=actual.shape[1], column=_label(column)))
        raise _Mismatch(_t("type.series_columns", n=actual.shape[1]))
    if isinstance(actual, Mapping):
        return pd.Series(dict(actual), dtype=object if not actual else None)
    if isinstance(actual, list | tuple | np.ndarray | pd.Index) and np.ndim(actual) == 1:
        if _has_default_index(expected.index):
            if len(actual) != len(expected):
                raise _Mismatch(_t("length", n=len(expected), k=len(actual)))
            return pd.Series(list(actual))
        if expected.index.name is not None:
            raise _Mismatch(_t("type.series_index", kind=_kind(actual), index=expected.index.name))
        raise _Mismatch(_t("type.series_labels", kind=_kind(actual)))
    raise _Mismatch(_t("type.series", kind=_kind(actual)))


def _actual_frame(actual: Any, expected: pd.DataFrame) -> pd.DataFrame:
    if isinstance(actual, pd.DataFrame):
        return actual
    if actual is None:
        raise _Mismatch(_t("none"))
    if isinstance(actual, pd.Series) and expected.shape[1] == 1:
        return actual.to_frame(expected.columns[0])
    raise _Mismatch(_t("type.frame", kind=_kind(actual)))


def _check_columns(actual: pd.DataFrame, expected: pd.DataFrame, wanted: list[Any], *,
                   report_extra: bool) -> pd.DataFrame:
    """``actual`` with the columns named as in ``expected`` (matched by text); raise when some are missing."""
    by_text = {str(c): c for c in actual.columns}
    renamed = {by_text[str(c)]: c for c in expected.columns if c not in actual.columns and str(c) in by_text}
    if renamed:
        actual = actual.rename(columns=renamed)
    repeated = [c for c in wanted if list(actual.columns).count(c) > 1]
    if repeated:
        raise _Mismatch(_t("columns.dupes", columns=_labels(repeated)))
    missing = [c for c in wanted if c not in actual.columns]
    extra = [c for c in actual.columns if c not in expected.columns]
    if missing:
        sentences = [_t("columns.missing", columns=_labels(missing, limit=10))]
        squashed = {_squash(c): c for c in extra}
        for column in missing:
            if _squash(column) in squashed:
                sentences.append(_t("columns.rename", a=_label(squashed[_squash(column)]), e=_label(column)))
        raise _Mismatch(*sentences)
    if report_extra and extra:
        raise _Mismatch(_t("columns.extra", columns=_labels(extra, limit=10),
                           expected=_labels(list(expected.columns), limit=10)))
    return actual


def _squash(column: Any) -> str:
    return "".join(str(column).split()).replace("_", "").replace("-", "").lower()


# --------------------------------------------------------------------------------------------
# index labels
# --------------------------------------------------------------------------------------------


def _key(label: Any) -> Any:
    if isinstance(label, np.generic):
        label = label.item()
    if isinstance(label, tuple):
        return tuple(_key(x) for x in label)
    if _is_missing(label):
        return ("<missing>",)
    return label


def _str_key(label: Any) -> str:
    return str(_key(label))


def _positions(keys: list[Any]) -> dict[Any, int] | None:
    """``{key: position}``, or None when a key repeats or cannot be hashed."""
    table: dict[Any, int] = {}
    try:
        for i, key in enumerate(keys):
            if key in table:
                return None
            table[key] = i
    except TypeError:
        return None
    return table


def _repeated(labels: list[Any]) -> list[Any]:
    seen: set[str] = set()
    repeated: list[Any] = []
    for label in labels:
        key = _str_key(label)
        if key in seen and key not in {_str_key(r) for r in repeated}:
            repeated.append(label)
        seen.add(key)
    return repeated


def _match_index(actual: Sequence[Any], expected: Sequence[Any]) -> _Match:
    """Match labels exactly, or by their text when that matches more of them.

    Repeated labels in ``actual`` raise :class:`_Mismatch`; a reference with
    repeated labels is compared by position.
    """
    a_labels, e_labels = list(actual), list(expected)
    reference_repeats = _positions([_str_key(x) for x in e_labels]) is None
    repeated = _repeated(a_labels)
    if repeated and not reference_repeats:
        raise _Mismatch(_t("labels.dupes", labels=_labels(repeated)))
    if reference_repeats:
        if len(a_labels) != len(e_labels):
            raise _Mismatch(_t("length", n=len(e_labels), k=len(a_labels)))
        for i, (x, y) in enumerate(zip(a_labels, e_labels, strict=True)):
            if _str_key(x) != _str_key(y):
                raise _Mismatch(_t("labels.differ", i=i + 1, a=_label(x), e=_label(y)))
        every = list(range(len(a_labels)))
        return _Match([], [], every, every)
    best: _Match | None = None
    for key in (_key, _str_key):
        a_pos = _positions([key(x) for x in a_labels])
        e_pos = _positions([key(x) for x in e_labels])
        if a_pos is None or e_pos is None:
            continue
        found = _Match(missing=[e_labels[i] for k, i in e_pos.items() if k not in a_pos],
                       extra=[i for k, i in a_pos.items() if k not in e_pos],
                       actual=[a_pos[k] for k in e_pos if k in a_pos],
                       expected=[i for k, i in e_pos.items() if k in a_pos])
        if best is None or len(found.missing) + len(found.extra) < len(best.missing) + len(best.extra):
            best = found
        if not best.missing and not best.extra:
            break
    assert best is not None  # text keys of labels that do not repeat are hashable and unique
    return best


def _all_zero_or_nan(values: pd.Series) -> str | None:
    numbers_ = _floats(values)
    if numbers_ is None or len(numbers_) == 0:
        return None
    if np.isnan(numbers_).all():
        return "nan"
    if (np.nan_to_num(numbers_, nan=0.0) == 0).all():
        return "zero"
    return None


def _index_sentences(match: _Match, extra_rows: pd.Series | pd.DataFrame, columns: list[Any] | None) -> list[str]:
    sentences = []
    if match.missing:
        sentences.append(_t("labels.missing", n=len(match.missing), labels=_labels(match.missing)))
    if match.extra:
        found, what = None, _t("labels.what_values")
        if isinstance(extra_rows, pd.Series):
            found = _all_zero_or_nan(extra_rows)
        else:
            for column in columns or []:
                found = _all_zero_or_nan(extra_rows[column])
                if found:
                    what = _t("labels.what_column", column=_label(column))
                    break
        key = {"zero": "labels.extra_zero", "nan": "labels.extra_nan"}.get(found or "", "labels.extra")
        labels = list(extra_rows.index)
        sentences.append(_t(key, n=len(labels), labels=_labels(labels), what=what))
    return sentences


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, complex)


def _is_missing(x: Any) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # a list or an array is not "missing"
        return False


def _floats(values: pd.Series) -> np.ndarray | None:
    """``values`` as float64 (NaN for missing), or None when they are not all numbers."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) or (pd.api.types.is_numeric_dtype(dtype)
                                             and not pd.api.types.is_complex_dtype(dtype)):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    if dtype != object:
        return None
    out = np.empty(len(values))
    for i, x in enumerate(values):
        if _is_missing(x):
            out[i] = np.nan
        elif _is_number(x):
            out[i] = float(x)
        else:
            return None
    return out


def _value_sentences(actual: pd.Series, expected: pd.Series, *, rtol: float, atol: float) -> list[str]:
    """What differs between two aligned Series (same length, same label order)."""
    labels = list(expected.index)
    if not labels:
        return []
    e = _floats(expected)
    if e is None or pd.api.types.is_bool_dtype(expected.dtype):
        return _other_value_sentences(actual, expected)
    rtol = max(rtol, _float_rtol(actual.dtype))
    present = actual.dropna()
    if pd.api.types.is_timedelta64_dtype(actual.dtype):
        return [_t("values.timedelta", value=str(present.iloc[0]) if len(present) else "NaT")]
    if pd.api.types.is_datetime64_any_dtype(actual.dtype):
        return [_t("values.datetime", value=_label(present.iloc[0]) if len(present) else "NaT")]
    a = _floats(actual)
    if a is None:
        for label, x in zip(labels, actual, strict=True):
            if not _is_missing(x) and not _is_number(x):
                if isinstance(x, pd.Timedelta | datetime.timedelta):
                    return [_t("values.timedelta", value=str(x))]
                return [_t("values.text", label=_label(label), value=_label(x))]
    assert a is not None
    return _numeric_sentences(a, e, labels, rtol=rtol, atol=atol)


def _float_rtol(dtype: Any) -> float:
    """A relative tolerance that a result stored with less precision than float64 (``float32``) can meet."""
    dtype = getattr(dtype, "numpy_dtype", dtype)  # nullable Float32 -> float32
    if isinstance(dtype, np.dtype) and dtype.kind == "f" and dtype.itemsize < 8:
        return 8 * float(np.finfo(dtype).eps)
    return 0.0


def _numeric_sentences(a: np.ndarray, e: np.ndarray, labels: list[Any], *, rtol: float, atol: float,
                       scalar: bool = False) -> list[str]:
    nan_a, nan_e = np.isnan(a), np.isnan(e)
    sentences = []
    lost = nan_a & ~nan_e
    if lost.any():
        if scalar:
            return [_t("value.nan", e=_number(e[0]))]
        where = [labels[i] for i in np.flatnonzero(lost)]
        sentences.append(_t("values.nan", k=len(where), labels=_labels(where)))
    invented = ~nan_a & nan_e
    if invented.any():
        if scalar:
            return [_t("value.not_nan", a=_number(a[0]))]
        where = [labels[i] for i in np.flatnonzero(invented)]
        key = "values.not_nan_zero" if (a[invented] == 0).all() else "values.not_nan"
        sentences.append(_t(key, k=len(where), labels=_labels(where)))
    both = ~nan_a & ~nan_e
    af, ef = a[both], e[both]
    close = np.isclose(af, ef, rtol=rtol, atol=atol)
    if not close.all():
        where = [labels[i] for i in np.flatnonzero(both)]
        sentences.append(_pattern(af, ef, where, close, rtol=rtol, atol=atol, scalar=scalar))
    return sentences


def _pattern(af: np.ndarray, ef: np.ndarray, labels: list[Any], close: np.ndarray, *, rtol: float, atol: float,
             scalar: bool) -> str:
    """One sentence naming how the non-missing values ``af`` differ from the reference ``ef``."""
    loose = max(rtol, _PATTERN_RTOL)
    finite = bool(np.isfinite(af).all() and np.isfinite(ef).all())
    first = int(np.flatnonzero(~close)[0])
    sa, se = _pair(af[first], ef[first])
    example = (_t("example.scalar", a=sa, e=se) if scalar
               else _t("example", label=_label(labels[first]), a=sa, e=se))

    def fits(target: np.ndarray, scale: float = 1.0) -> bool:
        return bool(np.allclose(af, target, rtol=loose, atol=atol * max(1.0, abs(scale))))

    if finite:
        if (np.abs(ef) > atol).any():
            if fits(ef * 100, 100):
                return _t("pattern.times100", example=example)
            if fits(ef / 100):
                return _t("pattern.div100", example=example)
            if fits(-ef):
                return _t("pattern.sign", example=example)
        for digits in range(7):
            rounded = np.round(ef, digits)
            if np.allclose(af, rounded, rtol=1e-12, atol=max(atol, 1e-12)):
                return _t("pattern.rounded", d=digits, example=example)
    if scalar:
        return _t("value.differs", a=sa, e=se)
    if finite and len(af) >= 2:
        nonzero = np.abs(ef) > atol
        if nonzero.sum() >= 2:
            ratio = float(np.median(af[nonzero] / ef[nonzero]))
            if not math.isclose(ratio, 1, rel_tol=1e-4) and ratio != 0 and fits(ef * ratio, ratio):
                time = any(math.isclose(ratio, f, rel_tol=1e-6) or math.isclose(ratio, 1 / f, rel_tol=1e-6)
                           for f in _TIME_FACTORS)
                return _t("pattern.factor_time" if time else "pattern.factor", r=_number(ratio, 4), example=example)
        shift = float(np.median(af - ef))
        scale = max(float(np.abs(ef).max()), 1.0)
        if abs(shift) > atol and np.allclose(af - ef, shift, rtol=0, atol=max(atol, loose * scale)):
            key = "pattern.offset_up" if shift > 0 else "pattern.offset_down"
            return _t(key, d=_number(abs(shift)), example=example)
    with np.errstate(invalid="ignore"):
        gap = np.abs(af - ef)
    gap = np.where(np.isnan(gap) | close, -1.0, np.nan_to_num(gap, posinf=np.finfo(float).max))
    i = int(np.argmax(gap))
    sa, se = _pair(af[i], ef[i])
    return _t("values.differ", m=len(af), k=int((~close).sum()), label=_label(labels[i]), a=sa, e=se)


def _other_value_sentences(actual: pd.Series, expected: pd.Series) -> list[str]:
    """Non-numeric values (texts, categories, dates, True/False) compared by equality."""
    labels = list(expected.index)
    a_values, e_values = list(actual.astype(object)), list(expected.astype(object))
    wrong = [i for i, (x, y) in enumerate(zip(a_values, e_values, strict=True)) if not _same(x, y)]
    if not wrong:
        return []
    i = wrong[0]
    x, y = a_values[i], e_values[i]
    sentence = _t("values.differ_other", m=len(labels), k=len(wrong), label=_label(labels[i]),
                  a=_label(x), e=_label(y))
    if all(_label(a_values[j]) == _label(e_values[j]) for j in wrong):
        sentence += _t("same_text", a_kind=type(x).__name__, e_kind=type(y).__name__)
    return [sentence]


def _same(x: Any, y: Any) -> bool:
    if _is_missing(x) or _is_missing(y):
        return _is_missing(x) and _is_missing(y)
    if isinstance(y, bool | np.bool_) and not isinstance(x, bool | np.bool_ | numbers.Integral):
        return False
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return False


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
    if isinstance(e_rows, pd.Series):
        candidates = [(None, e_rows, a_rows)]
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


# --------------------------------------------------------------------------------------------
# scalars and label lists
# --------------------------------------------------------------------------------------------


def _scalar_sentences(actual: Any, expected: Any, *, rtol: float, atol: float) -> list[str]:
    if actual is None and expected is not None:
        return [_t("none")]
    if isinstance(actual, np.ndarray) and actual.ndim == 0:
        actual = actual.item()
    if isinstance(actual, pd.Series | pd.DataFrame | pd.Index | np.ndarray | list | tuple | set | dict):
        return [_t("type.scalar", kind=_kind(actual), n=len(actual) if isinstance(actual, set | dict)
                   else int(np.size(actual)))]
    if not _is_number(expected) or isinstance(expected, bool | np.bool_):
        if _same(actual, expected):
            return []
        if _label(actual) == _label(expected):
            return [_t("same_text", a_kind=type(actual).__name__, e_kind=type(expected).__name__)]
        return [_t("value.differs", a=_label(actual), e=_label(expected))]
    if isinstance(actual, pd.Timedelta | datetime.timedelta):
        return [_t("value.timedelta", value=str(actual))]
    if _is_missing(actual):
        a = np.array([np.nan])
    elif _is_number(actual):
        a = np.array([float(actual)])
    else:
        return [_t("type.number", kind=type(actual).__name__, value=_label(actual))]
    e = np.array([np.nan if _is_missing(expected) else float(expected)])
    rtol = max(rtol, _float_rtol(getattr(actual, "dtype", None)))
    return _numeric_sentences(a, e, [None], rtol=rtol, atol=atol, scalar=True)


def _labels_sentences(actual: Any, expected: list[Any], *, ordered: bool) -> list[str]:
    if actual is None:
        return [_t("none")]
    if isinstance(actual, str | np.str_):
        return [_t("type.labels_str", value=_label(actual))]
    if isinstance(actual, pd.Series) and pd.api.types.is_bool_dtype(actual.dtype):
        return [_t("type.labels_mask")]
    if isinstance(actual, Mapping | pd.DataFrame) or not isinstance(actual, Iterable):
        return [_t("type.labels", kind=_kind(actual))]
    members = list(actual)
    repeated = _repeated(members)
    sentences = []
    if repeated:
        sentences += [_t("members.dupes", labels=_labels(repeated)),
                      _t("members.count", n=len(expected), k=len(members))]
    unique = [m for i, m in enumerate(members) if _str_key(m) not in {_str_key(x) for x in members[:i]}]
    try:
        match = _match_index(unique, expected)
    except _Mismatch as found:  # the reference itself repeats a member: compare position by position
        return [*sentences, *found.args]
    if match.missing:
        sentences.append(_t("members.missing", n=len(match.missing), labels=_labels(match.missing)))
    if match.extra:
        extra = [unique[i] for i in match.extra]
        sentences.append(_t("members.extra", n=len(extra), labels=_labels(extra)))
    if sentences or not ordered:
        return sentences
    a_seq, e_seq = [_str_key(x) for x in members], [_str_key(x) for x in expected]
    i = next((j for j, (x, y) in enumerate(zip(a_seq, e_seq, strict=True)) if x != y), None)
    if i is None:
        return []
    if a_seq == e_seq[::-1]:
        hint = _t("order.reversed")
    else:
        try:
            keys = [_key(x) for x in expected]
            hint = _t("order.members_sorted") if keys == sorted(keys) else ""
        except TypeError:
            hint = ""
    return [_t("members.order", i=i + 1, a=_label(members[i]), e=_label(expected[i]), hint=hint)]
