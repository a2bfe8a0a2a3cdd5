"""A heat map of a table (rows x columns of numbers), each cell annotated with its value.

Used for competency gaps by team (chapter 2) and any KPI-by-group table.
Row and column labels go through :func:`coursekit.i18n.label`, so KPI codes,
dimension names and dataset columns show in the plot language; team and
agent ids pass through. Missing cells stay blank (no colour, no number).

>>> import pandas as pd
>>> gaps = pd.DataFrame({"沟通": [0.40, 0.10], "产品知识": [0.25, None]},
...                     index=pd.Index(["MF-T1", "MF-T2"], name="team"))
>>> ax = heatmap(gaps, title="能力差距", colorbar="平均加权差距")
>>> [t.get_text() for t in ax.texts]          # row by row; the missing cell has no number
['0.40', '0.25', '0.10']
>>> [t.get_text() for t in ax.get_yticklabels()], ax.get_ylabel()
(['MF-T1', 'MF-T2'], '班组')
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import DataError, offending
from coursekit.plots._common import Texts, new_axes

Format = str | Callable[[float], str]


def heatmap(
    table: Any,
    *,
    title: str | None = None,
    fmt: Format = ".2f",
    cmap: str = "Oranges",
    ax: Any = None,
    vmin: float | None = None,
    vmax: float | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    colorbar: str | bool | None = None,
    annotate: bool = True,
    figsize: tuple[float, float] | None = None,
) -> Any:
    """Draw ``table`` as coloured cells with their values written in them; return the Axes.

    Parameters
    ----------
    table:
        A DataFrame of numbers (numbers written as text are read); rows are
        drawn top to bottom in their order, columns left to right. Sort it
        first to make the pattern visible (e.g. columns by their mean).
    title, xlabel, ylabel:
        Texts or i18n keys. Axis labels default to the label of the columns'
        and the index's name (``team`` -> 班组), nothing when unnamed.
    fmt:
        Format of the cell numbers: a format spec (``".2f"``, ``".0%"``) or a
        function of the value.
    cmap, vmin, vmax:
        Matplotlib colour map and its range (default: the table's min and max).
    colorbar:
        A label text (or i18n key) to draw a colour bar with that label,
        ``True`` for one without a label; none by default.
    annotate:
        ``False`` leaves the numbers out (large tables).
    figsize:
        Size of a new figure; default grows with the table.

    >>> import pandas as pd
    >>> ax = heatmap(pd.DataFrame({"fcr": [0.72, 0.61]}, index=["MF-T1", "MF-T2"]), fmt=".0%")
    >>> [t.get_text() for t in ax.texts], [t.get_text() for t in ax.get_xticklabels()]
    (['72%', '61%'], ['首次解决率(FCR)'])
    >>> heatmap([[1, 2]])
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'table': must be a DataFrame (rows x columns of numbers), got list; fix: ...
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    values = _numbers(table)
    text = Texts()
    rows, cols = values.shape
    if ax is None:
        ax = new_axes(figsize=figsize or (min(2.0 + 0.9 * cols, 14.0), min(1.5 + 0.45 * rows, 10.0)))
    grid = np.ma.masked_invalid(values.to_numpy(dtype=float))
    image = ax.imshow(grid, cmap=cmap, aspect="auto", vmin=vmin, vmax=vmax)
    ax.set_xticks(range(cols), [text(c) for c in values.columns],
                  rotation=45 if cols > 4 else 0, ha="right" if cols > 4 else "center")
    ax.set_yticks(range(rows), [text(r) for r in values.index])
    ax.set_xlabel(text(xlabel) if xlabel is not None else _axis_name(values.columns, text))
    ax.set_ylabel(text(ylabel) if ylabel is not None else _axis_name(values.index, text))
    if title is not None:
        ax.set_title(text(title))
    if annotate:
        _annotate(ax, image, values.to_numpy(dtype=float), fmt)
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax)
        if isinstance(colorbar, str):
            bar.set_label(text(colorbar))
    return ax


def _numbers(table: Any) -> pd.DataFrame:
    """``table`` as a float DataFrame, or a DataError naming what is wrong."""
    if not isinstance(table, pd.DataFrame):
        raise DataError("table", f"must be a DataFrame (rows x columns of numbers), got {type(table).__name__}",
                        hint="pivot the data first, e.g. frame.pivot(index='team', columns='competency', values='gap')")
    if table.empty:
        raise DataError("table", "has no rows or no columns", hint="check the filter that produced the table")
    out = {}
    for col in table.columns:
        raw = table[col]
        if pd.api.types.is_bool_dtype(raw.dtype):
            raw = raw.astype(float)
        numbers = pd.to_numeric(raw, errors="coerce") if not pd.api.types.is_numeric_dtype(raw.dtype) else raw
        wrong = numbers.isna().to_numpy() & raw.notna().to_numpy()
        wrong |= np.isinf(numbers.to_numpy(dtype=float, na_value=np.nan))
        if wrong.any():
            rows, vals = offending(wrong, list(table.index), raw.tolist())
            raise DataError(str(col), "must hold finite numbers (missing cells are left blank)",
                            rows=rows, values=vals, hint="fix these cells or leave them empty")
        out[col] = numbers.astype(float)
    return pd.DataFrame(out, index=table.index)


def _axis_name(index: pd.Index, text: Texts) -> str:
    return text(index.name) if index.name is not None else ""


def _annotate(ax: Any, image: Any, values: np.ndarray, fmt: Format) -> None:
    """Write each finite value in its cell: dark text on light cells, white on dark ones."""
    shown = fmt if callable(fmt) else (lambda v: format(v, fmt))
    for (i, j), value in np.ndenumerate(values):
        if np.isfinite(value):
            red, green, blue, _ = image.cmap(image.norm(value))
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
            ax.text(j, i, shown(float(value)), ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
