"""Shared plumbing of the plotting functions: axes creation, labels, colours.

>>> _fraction_like(pd.Series([0.2, 0.9]), "fcr"), _fraction_like(pd.Series([12.0]), "backlog")
(True, False)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coursekit.checks import as_floats
from coursekit.errors import ConfigError, DataError, offending
from coursekit.i18n import label
from coursekit.plots.fonts import plot_language

# Colour-blind-safe palette (Okabe & Ito 2008), in the order series are drawn.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
HIGHLIGHT = "#D55E00"
MUTED = "#999999"

# Columns of the monthly dataset that hold fractions (KPI codes come from the catalog).
_FRACTION_COLUMNS = frozenset({"fcr", "sla_compliance", "csat_top2"})


class Texts:
    """Labels in the plot language (English when no CJK font is installed)."""

    def __init__(self) -> None:
        self.lang = plot_language()

    def __call__(self, key: Any, **fields: Any) -> str:
        return label(key, lang=self.lang, **fields)


def new_axes(ax: Any = None, *, polar: bool = False, figsize: tuple[float, float] = (7.0, 4.5)) -> Any:
    """``ax`` itself, or new Axes on a new pyplot figure (shown inline by Jupyter once).

    pyplot is used so that Jupyter's inline backend displays the figure at the
    end of the cell; nothing is shown or saved here.
    """
    if ax is not None:
        if polar and getattr(ax, "name", "") != "polar":
            raise ConfigError(
                "ax must be a polar Axes for a radar chart: create it with "
                "plt.subplots(subplot_kw={'projection': 'polar'})"
            )
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, subplot_kw={"projection": "polar"} if polar else None,
                         layout="constrained")
    return ax


def _fraction_like(values: pd.Series, code: Any) -> bool:
    """Whether ``values`` of KPI ``code`` are fractions best shown as percentages."""
    finite = values.dropna()
    return str(code) in _fraction_codes() and bool(((finite >= 0) & (finite <= 1)).all())


def _fraction_codes() -> frozenset[str]:
    """KPI codes whose catalog unit is a fraction, plus fraction columns of ``monthly``."""
    from coursekit.kpi import catalog

    table = catalog()
    fractions = table.index[table["unit"].astype(str).str.startswith("fraction")]
    return frozenset(map(str, fractions)) | _FRACTION_COLUMNS


def as_values(values: Any, name: str) -> pd.Series:
    """``values`` (list, array, Series) as finite floats; a Series keeps index and name.

    Numbers written as text are read (:func:`coursekit.checks.as_floats`).

    >>> as_values([1, "2"], "pre").tolist()
    [1.0, 2.0]
    >>> as_values([1, None, float("inf")], "pre")
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'pre': must be finite numbers; rows 1, 2 (values: nan, inf); fix: ...
    """
    numbers = as_floats(values, name, text=True)
    bad = ~np.isfinite(numbers.to_numpy())
    if bad.any():
        rows, vals = offending(bad, list(numbers.index), numbers.tolist())
        raise DataError(str(numbers.name) if numbers.name is not None else name, "must be finite numbers",
                        rows=rows, values=vals, hint="drop or fill missing values first, e.g. values.dropna()")
    return numbers
