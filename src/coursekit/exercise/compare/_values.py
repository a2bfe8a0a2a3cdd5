"""Compare values label by label and recognise patterns: a factor 100, a flipped sign, time units, NaN."""

from __future__ import annotations

import datetime
import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.compare._texts import _PATTERN_RTOL, _TIME_FACTORS, _label, _labels, _number, _pair, _t

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
    if not pd.api.types.is_object_dtype(dtype):
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
