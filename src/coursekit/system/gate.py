"""The compliance gate: a non-compensatory cap applied after the weighted score.

A weighted composite is *compensatory*: a high customer score offsets a low
one elsewhere. A compliance breach (e.g. fees not disclosed) must not be
offset, so it stays out of the weighted average and instead caps the result:
with ``caps={1: "C", 3: "D"}`` one or two breaches allow at most grade C, three
or more give D. Grades are ordered (D < C < B < A), so capping is taking the
lower of the earned grade and the cap. The same works on numeric scores
(``caps={1: 60, 3: 0}``: at most 60 points, zero from three breaches).

>>> import pandas as pd
>>> from coursekit.appraisal import grade_by_threshold
>>> grades = grade_by_threshold(pd.Series([92, 85, 72, 95], index=["a1", "a2", "a3", "a4"]))
>>> breaches = pd.Series({"a1": 1, "a2": 0, "a3": 4})  # a4 has no row: no breach
>>> compliance_gate(grades, breaches, caps={1: "C", 3: "D"}).tolist()
['C', 'B', 'D', 'A']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any, cast

import numpy as np
import pandas as pd

from coursekit.checks import as_floats
from coursekit.errors import ConfigError, DataError, offending


def _check_caps(caps: Any, categories: list | None) -> list[tuple[int, Any]]:
    """``caps`` as (minimum breaches, cap) pairs sorted by breaches; caps must not get better with more breaches."""
    example = "caps={1: 'C', 3: 'D'}" if categories is not None else "caps={1: 60, 3: 0}"
    if not isinstance(caps, Mapping) or not caps:
        raise ConfigError(f"caps must map a number of breaches to the best result allowed, e.g. {example}; "
                          f"got {caps!r}")
    pairs = []
    for count, cap in caps.items():
        if isinstance(count, bool) or not isinstance(count, Integral) or count < 1:
            raise ConfigError(f"caps keys are numbers of breaches (whole numbers >= 1), not {count!r}; "
                              f"e.g. {example}")
        if categories is not None and cap not in categories:
            grades = ", ".join(map(str, categories))
            raise ConfigError(f"cap {cap!r} (for {count} breaches) is not a grade; grades: {grades}")
        if categories is None and (isinstance(cap, bool) or not isinstance(cap, Real) or math.isnan(float(cap))):
            raise ConfigError(f"cap for {count} breaches must be a number when capping scores, not {cap!r}")
        pairs.append((int(count), cap))
    pairs.sort()
    rank = (lambda c: categories.index(c)) if categories is not None else float
    for (n1, c1), (n2, c2) in zip(pairs[:-1], pairs[1:], strict=True):
        if rank(c2) > rank(c1):
            raise ConfigError(f"caps must not get better with more breaches: {n1} -> {c1!r} but {n2} -> {c2!r}")
    return pairs


def _breaches(breaches: Any, index: pd.Index) -> np.ndarray:
    """Breach counts aligned with ``index`` (people without a row: 0)."""
    if isinstance(breaches, pd.Series):
        unknown = ~breaches.index.isin(index)
        if unknown.any():
            rows = list(breaches.index[unknown])
            raise DataError("breaches", "has people who have no grade", rows=rows,
                            hint="use the same ids (index) as the grades, e.g. agent ids")
        counts = as_floats(breaches, "breaches").reindex(index, fill_value=0.0)
    else:
        counts = as_floats(breaches, "breaches")
        if len(counts) != len(index):
            raise DataError("breaches", f"must have one count per person ({len(index)}), got {len(counts)}",
                            hint="pass a Series indexed like the grades")
        counts.index = index
    wrong = counts.isna() | (counts < 0) | (counts != np.round(counts))
    if wrong.any():
        rows, vals = offending(wrong.to_numpy(), counts.index, counts.tolist())
        raise DataError("breaches", "must be whole numbers >= 0", rows=rows, values=vals,
                        hint="count the breaches per person; 0 (or no row) for none")
    return counts.to_numpy()


def compliance_gate(grades: pd.Series, breaches: Any, *, caps: Mapping[int, Any]) -> pd.Series:
    """Cap each person's grade (or score) by their number of compliance breaches.

    Parameters
    ----------
    grades:
        Grades as an ordered categorical Series (from
        :mod:`coursekit.appraisal`, categories worst to best), or numeric scores.
    breaches:
        Breaches per person: a Series indexed like ``grades`` (people without
        a row had none), or a list in the same order as ``grades``.
    caps:
        ``{minimum breaches: best result allowed}``; the largest key not above
        a person's count applies. Caps must not get better as breaches rise.

    Returns the capped grades (or scores) with the index, name and dtype of
    ``grades``; missing grades stay missing.

    >>> import pandas as pd
    >>> scores = pd.Series([88.0, 75.0, 91.0])
    >>> compliance_gate(scores, [0, 1, 3], caps={1: 60, 3: 0}).tolist()  # no breach / 1 -> at most 60 / 3 -> 0
    [88.0, 60.0, 0.0]
    """
    if not isinstance(grades, pd.Series):
        raise ConfigError("grades must be a Series: ordered grades (coursekit.appraisal) or numeric scores, "
                          f"not {type(grades).__name__}")
    ordered = isinstance(grades.dtype, pd.CategoricalDtype)
    if ordered and not grades.cat.ordered:
        raise ConfigError("grades must be an ordered categorical (worst to best), e.g. from "
                          "coursekit.appraisal.grade_by_threshold")
    categories = list(grades.cat.categories) if ordered else None
    pairs = _check_caps(caps, categories)
    counts = _breaches(breaches, grades.index)
    limits = [c for n, c in pairs]
    which = np.searchsorted(np.array([n for n, c in pairs]), counts, side="right") - 1  # -1: below every key
    if categories is not None:
        best = len(categories) - 1
        cap_codes = np.array([categories.index(c) for c in limits])
        cap = np.where(which >= 0, cap_codes[np.maximum(which, 0)], best)
        codes = grades.cat.codes.to_numpy()
        capped = np.where(codes < 0, -1, np.minimum(codes, cap))
        dtype = cast(pd.CategoricalDtype, grades.dtype)
        return pd.Series(pd.Categorical.from_codes(capped, dtype=dtype), index=grades.index, name=grades.name)
    scores = as_floats(grades, "grades")
    cap = np.where(which >= 0, np.array(limits, dtype=float)[np.maximum(which, 0)], np.inf)
    return pd.Series(np.minimum(scores.to_numpy(), cap), index=grades.index, name=grades.name)
