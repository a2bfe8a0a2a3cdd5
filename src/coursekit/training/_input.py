"""Input checks of the training functions (numbers in, :class:`DataError` out).

>>> as_numbers([1, 2.5], "x").tolist()
[1.0, 2.5]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from coursekit.checks import as_floats, require_columns
from coursekit.errors import ConfigError


def as_numbers(values: Any, name: str) -> pd.Series:
    """Float Series keeping the caller's labels; text or true/false raise a DataError (missing stays NaN).

    >>> as_numbers(pd.Series([70, None], index=["A1", "A2"]), "pre").to_dict()
    {'A1': 70.0, 'A2': nan}
    """
    return as_floats(values, name, booleans=False, hint="convert text such as '85分' to numbers first")


def require(frame: Any, columns: Iterable[str], purpose: str) -> None:
    """Raise a :class:`DataError` unless ``frame`` is a table with ``columns`` (training wording)."""
    require_columns(frame, list(columns), purpose, table_hint="pass a table such as coursekit.load('training')",
             column_hint="rename the column or pass its name as an argument")


def check_confidence(confidence: float) -> float:
    if not (isinstance(confidence, float | int) and 0 < confidence < 1):
        raise ConfigError(f"confidence must be between 0 and 1 (e.g. 0.95), not {confidence!r}")
    return float(confidence)
