"""Line up the labels of a result with the reference's: missing, extra and repeated labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from coursekit.exercise.compare._texts import _label, _labels, _Mismatch, _t
from coursekit.exercise.compare._values import _floats, _is_missing


class _Match(NamedTuple):
    """How the labels of a result line up with the labels of the reference."""

    missing: list[Any]  # reference labels the result lacks
    extra: list[int]  # positions (in the result) of labels the reference lacks
    actual: list[int]  # positions of the common labels in the result …
    expected: list[int]  # … and in the reference, in the reference's order


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
