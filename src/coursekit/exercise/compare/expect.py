"""The hidden tests' comparisons: expect_series, expect_frame, expect_value, expect_labels.

>>> import pandas as pd
>>> expect_value(0.5, 0.5, name="fcr")
>>> expect_labels(["A", "B"], {"B", "A"}, name="agents")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from coursekit.exercise.compare._index import _index_sentences, _match_index
from coursekit.exercise.compare._inputs import _actual_frame, _actual_series, _check_columns, _expected_series
from coursekit.exercise.compare._order import _order_sentences
from coursekit.exercise.compare._scalars import _labels_sentences, _scalar_sentences
from coursekit.exercise.compare._texts import _fail, _join, _label, _labels, _Mismatch, _t
from coursekit.exercise.compare._values import _value_sentences

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
    AssertionError: counts：多出 2 行（值全为 0），可能是没有出现的类别：'x'、'y'。分组或计数时只保留出现过的类别（如
    groupby(..., observed=True)）。其余 3 行的值都与参考一致。
    >>> expect_series(ref.iloc[::-1], ref, name="counts", check_order=True, hidden=True)
    Traceback (most recent call last):
    ...
    AssertionError: 隐藏测试：counts：顺序不同：第 1 个你的是 '配件缺'，参考是 '退款慢'。顺序正好反了。
    """
    expected = _expected_series(expected)
    try:
        actual = _actual_series(actual, expected)
        match = _match_index(actual.index, expected.index)
    except _Mismatch as mismatch:
        _fail(name, list(mismatch.args), hidden)
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
    except _Mismatch as mismatch:
        _fail(name, list(mismatch.args), hidden)
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

    >>> import numpy as np
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
