"""Compare one value (number, date, text) and a list or set of labels."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.compare._index import _key, _match_index, _repeated, _str_key
from coursekit.exercise.compare._texts import _kind, _label, _labels, _Mismatch, _t
from coursekit.exercise.compare._values import _float_rtol, _is_missing, _is_number, _numeric_sentences, _same

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
