"""Turn a trainee's result and the reference into a Series or DataFrame to compare (or say why not)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.compare._index import _str_key
from coursekit.exercise.compare._texts import _kind, _label, _labels, _Mismatch, _t

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
