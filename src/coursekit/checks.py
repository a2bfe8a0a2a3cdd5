"""Input checks shared by every package: numbers, required columns and options.

The foundation's one module of input checks. Each kind of mistake has one error type:
bad *data* (a column that is missing or not numbers) is a :class:`~coursekit.errors.DataError`
naming the column, rows and fix; a bad *option* (an unknown method or code) is a
:class:`~coursekit.errors.ConfigError` with one "did you mean" (:func:`choose`).

Numbers in, :class:`~coursekit.errors.DataError` out: the one conversion of input to floats.

Every analysis function that takes a column or list of numbers converts it with
:func:`as_floats`, so a learner gets the same kind of message everywhere: the
column, the rows that are not numbers (with their values) and how to fix it.
What each function then demands of the numbers (no gaps, 0 to 100, whole
counts ...) it checks itself.

A worked example: the third answer was typed as text.

>>> import pandas as pd
>>> scores = pd.Series([80, 92, "85分", None], index=["A1", "A2", "A3", "A4"], name="post_score")
>>> as_floats(scores, "post")
Traceback (most recent call last):
...
coursekit.errors.DataError: column 'post_score': must be a number; rows A3 (values: '85分'); fix: convert or remove text
such as '1,234' or 'n/a'

Without the bad cell the values come back as floats with the caller's row
labels; missing values stay ``NaN``:

>>> as_floats(scores.drop("A3"), "post").to_dict()
{'A1': 80.0, 'A2': 92.0, 'A4': nan}
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError, offending

__all__ = ["as_floats", "choose", "did_you_mean", "require_columns"]

T = TypeVar("T")

#: The fix offered for text where a number belongs (callers may give a more specific one).
TEXT_HINT = "convert or remove text such as '1,234' or 'n/a'"
#: The fix offered for true/false where a number belongs.
BOOLEAN_HINT = "pass scores, rates or amounts; if true should count as 1, convert first with .astype(int)"


def as_floats(values: Any, name: str | None, *, text: bool = False, booleans: bool = True,
              hint: str = TEXT_HINT) -> pd.Series:
    """``values`` (list, array or Series) as a float Series that keeps the caller's row labels.

    Parameters
    ----------
    values:
        One sequence of numbers. A Series keeps its index and name (errors then
        name the learner's column and row labels); lists and arrays get
        positions 0, 1, 2, ... (arrays are flattened).
    name:
        The argument's name, used in errors when ``values`` is not a named Series.
    text:
        ``True``: numbers written as text (``"3.5"``, as read from a CSV file)
        are converted. ``False``: any text is an error.
    booleans:
        ``True``: true/false (a column of them, or entries among numbers)
        count as 1/0. ``False``: they are an error.
    hint:
        How to fix text (or other non-numbers) found in the values.

    Missing values (``None``, ``NaN``, ``NA``) become ``NaN``; infinities are
    kept. Everything else that is not a number raises a :class:`DataError`
    listing the rows and their values.

    >>> as_floats(["1", "2.5"], "x", text=True).tolist()
    [1.0, 2.5]
    >>> as_floats(["1", "2.5"], "x")
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'x': must be a number; rows 0, 1 (values: '1', '2.5'); fix: ...
    >>> as_floats([True, False], "flags").tolist()
    [1.0, 0.0]
    >>> as_floats([True, False], "scores", booleans=False)
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'scores': must be a number, not true/false; fix: ...
    """
    series = _one_column(values, name)
    column = str(series.name) if series.name is not None else name
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        if not booleans:
            raise DataError(column, "must be a number, not true/false", hint=BOOLEAN_HINT)
        return series.astype(float)
    if pd.api.types.is_numeric_dtype(dtype):
        return series.astype(float)
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        raise DataError(column, f"must be a number, got dates or durations (dtype {dtype})",
                        hint="turn them into numbers first, e.g. hours = (end - start).dt.total_seconds() / 3600")
    if not booleans:
        flags = np.fromiter((isinstance(v, (bool, np.bool_)) for v in series), dtype=bool, count=len(series))
        if flags.any():
            rows, vals = offending(flags, series.index, series.tolist())
            raise DataError(column, "must be a number, not true/false", rows=rows, values=vals, hint=BOOLEAN_HINT)
    converted = _parsed(series) if text else _numbers_only(series)
    wrong = converted.isna().to_numpy() & series.notna().to_numpy()
    if wrong.any():
        rows, vals = offending(wrong, series.index, series.tolist())
        raise DataError(column, "must be a number", rows=rows, values=vals, hint=hint)
    return converted


def _one_column(values: Any, name: str | None) -> pd.Series:
    """``values`` as a Series, or a :class:`DataError` when it is not one sequence."""
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.DataFrame):
        raise DataError(name, f"must be one column of numbers, got a DataFrame with columns {list(values.columns)}",
                        hint="pass a single column, e.g. frame['fcr']")
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise DataError(name, f"must be one sequence of numbers (a list, array or column), "
                        f"got {type(values).__name__}",
                        hint="pass a list, a numpy array or one column such as frame['fcr']")
    if isinstance(values, np.ndarray):
        return pd.Series(values.ravel())
    return pd.Series(list(values))


def _parsed(series: pd.Series) -> pd.Series:
    """Numbers and numbers written as text as floats; anything else ``NaN``."""
    return pd.to_numeric(series, errors="coerce").astype(float)


def _numbers_only(series: pd.Series) -> pd.Series:
    """Real numbers (true/false as 1/0) as floats; text and anything else ``NaN``."""
    return pd.Series([float(v) if _is_number(v) else np.nan for v in series],
                     index=series.index, name=series.name, dtype=float)


def _is_number(value: Any) -> bool:
    return isinstance(value, (numbers.Real, np.bool_))


#: How to fix a table that is not a DataFrame / lacks a column (the KPI functions' wording).
TABLE_HINT = "pass the tickets/surveys table (coursekit.datasets.load or read_tickets)"
COLUMN_HINT = ("rename your column to the schema name, or read the file with "
               "coursekit.read_tickets / read_surveys (they map Chinese headers)")


def require_columns(frame: Any, columns: Iterable[str], purpose: str, *,
                    table_hint: str = TABLE_HINT, column_hint: str = COLUMN_HINT) -> None:
    """Raise a :class:`DataError` unless ``frame`` is a DataFrame with every one of ``columns``.

    ``purpose`` names the function in the message; the hints say how to fix a
    non-table and a missing column (defaults: the KPI tables' wording).

    >>> require_columns(pd.DataFrame({"fcr": [1]}), ["fcr"], "fcr")
    >>> require_columns(pd.DataFrame({"fcr": [1]}), ["fcr", "agent_id"], "fcr")
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'agent_id': fcr needs this column but the table has none; columns found: fcr; ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError(None, f"{purpose} needs a DataFrame, got {type(frame).__name__}", hint=table_hint)
    for col in columns:
        if col not in frame.columns:
            found = ", ".join(map(str, frame.columns[:20]))
            raise DataError(col, f"{purpose} needs this column but the table has none; columns found: {found}",
                            hint=column_hint)


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """``"did you mean 'x'? "`` for the choices closest to a mistyped ``word``, else ``""``.

    The one spelling-suggestion rule of the package (difflib ratio >= 0.5, at most 3).

    >>> did_you_mean("fcrr", ["fcr", "csat", "nps"])
    "did you mean 'fcr'? "
    >>> did_you_mean("xyz", ["fcr", "csat"])
    ''
    """
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.5)
    return f"did you mean {', '.join(repr(m) for m in matches)}? " if matches else ""


def choose(value: T, options: Sequence[T], what: str) -> T:
    """``value`` if it is one of ``options``; otherwise a :class:`ConfigError` with a suggestion.

    The one option check of the package: ``what`` names the option in the message.

    >>> choose("geometric", ("eigenvector", "geometric"), "AHP method")
    'geometric'
    >>> choose("eigen", ("eigenvector", "geometric"), "AHP method")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: unknown AHP method: 'eigen'; did you mean 'eigenvector'? choose one of ...
    """
    if value in options:
        return value
    names = ", ".join(str(o) for o in options)
    raise ConfigError(f"unknown {what}: {value!r}; {did_you_mean(value, options)}choose one of {names}")
