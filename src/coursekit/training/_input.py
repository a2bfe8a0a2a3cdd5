"""Input checks of the training functions (numbers in, :class:`DataError` out).

>>> as_numbers([1, 2.5], "x").tolist()
[1.0, 2.5]
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError, offending


def as_numbers(values: Any, name: str) -> pd.Series:
    """Float Series keeping the caller's labels; text raises a DataError (missing stays NaN)."""
    if isinstance(values, pd.DataFrame) or isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise DataError(name, f"must be a column or list of numbers, got {type(values).__name__}",
                        hint="pass e.g. training['pre_score']")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    column = str(series.name) if series.name is not None else name
    if pd.api.types.is_bool_dtype(series.dtype):
        raise DataError(column, "must be numbers, not true/false", hint="pass scores or rates")
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.astype(float)
    ok = series.map(lambda v: pd.isna(v) or (isinstance(v, numbers.Real) and not isinstance(v, bool)))
    if not ok.all():
        rows, vals = offending(~ok.astype(bool), series.index, series.tolist())
        raise DataError(column, "must be numbers", rows=rows, values=vals,
                        hint="convert text such as '85分' to numbers first")
    return pd.Series([np.nan if pd.isna(v) else float(v) for v in series], index=series.index,
                     name=series.name, dtype=float)


def require(frame: Any, columns: Iterable[str], purpose: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(None, f"{purpose} needs a DataFrame, got {type(frame).__name__}",
                        hint="pass a table such as coursekit.load('training')")
    for col in columns:
        if col not in frame.columns:
            found = ", ".join(map(str, list(frame.columns)[:20]))
            raise DataError(col, f"{purpose} needs this column but the table has none; columns found: {found}",
                            hint="rename the column or pass its name as an argument")


def check_confidence(confidence: float) -> float:
    if not (isinstance(confidence, float | int) and 0 < confidence < 1):
        raise ConfigError(f"confidence must be between 0 and 1 (e.g. 0.95), not {confidence!r}")
    return float(confidence)
