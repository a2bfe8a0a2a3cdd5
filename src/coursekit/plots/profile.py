"""Radar chart of an agent's or a team's profile on a 0-100 scale.

>>> import pandas as pd
>>> from coursekit.plots import radar
>>> profile = pd.Series({"customer": 80, "efficiency": 65, "quality": 90, "capability": 70},
...                     name="MF-A001")
>>> ax = radar(profile)
>>> ax.name, len(ax.figure.axes), len(ax.get_xticklabels())
('polar', 1, 4)
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coursekit.checks import as_floats
from coursekit.errors import DataError, offending
from coursekit.plots._common import PALETTE, Texts, new_axes

MAX_PROFILES = 8


def radar(
    profile: pd.Series | pd.DataFrame,
    *,
    ax: Any = None,
    max_value: float = 100.0,
    title: str | None = None,
    fill: bool = True,
) -> Any:
    """Draw one profile (a Series) or a few (DataFrame rows) on a radar chart.

    Parameters
    ----------
    profile:
        A Series indexed by axis (dimension names or KPI codes, values 0-100),
        e.g. ``score.dimensions.loc["MF-A001"]``; or a DataFrame whose rows are
        profiles (at most 8, e.g. ``score.dimensions.loc[["MF-A001", "MF-A002"]]``)
        and whose columns are the axes. Axis and profile names are translated
        with :func:`coursekit.i18n.label` when known.
    ax:
        A polar Axes to draw on; by default a new figure is made.
    max_value:
        The outer ring (100 for coursekit scores).
    title:
        A title or an i18n key; default "绩效画像" / "performance profile".
    fill:
        Shade each polygon lightly.

    Returns
    -------
    matplotlib.axes.Axes
        The polar Axes (``ax.figure`` is its figure). Nothing is shown or saved.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"fcr": [70, 85], "csat": [60, 90], "qa_score": [75, 80]},
    ...                      index=["MF-T1", "MF-T3"])
    >>> ax = radar(frame)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['MF-T1', 'MF-T3']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    table = _as_profiles(profile, max_value)
    text = Texts()
    ax = new_axes(ax, polar=True, figsize=(6.0, 6.0))

    n = table.shape[1]
    angles = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    closed = np.append(angles, angles[0])
    ax.set_theta_offset(np.pi / 2.0)
    ax.set_theta_direction(-1)
    for i, (name, row) in enumerate(table.iterrows()):
        values = row.to_numpy(dtype=float)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(closed, np.append(values, values[0]), color=colour, linewidth=2,
                label=text(name) if name is not None else None)
        if fill:
            ax.fill(closed, np.append(values, values[0]), color=colour, alpha=0.12)
    ax.set_xticks(angles, [text(c) for c in table.columns])
    ax.set_ylim(0.0, max_value)
    ax.set_yticks(np.linspace(0.0, max_value, 6)[1:])
    ax.tick_params(axis="y", labelsize="small", labelcolor="#666666")
    ax.set_title(text(title) if title is not None else text("plot.radar.title"), pad=18)
    if len(table) > 1 or table.index[0] is not None:
        ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), frameon=False)
    return ax


def _as_profiles(profile: Any, max_value: float) -> pd.DataFrame:
    """Validate ``profile`` and return it as a float DataFrame (rows = profiles)."""
    if isinstance(profile, pd.Series):
        table = profile.to_frame().T
        table.index = [profile.name]
    elif isinstance(profile, pd.DataFrame):
        table = profile
    else:
        raise DataError("profile", f"must be a pandas Series or DataFrame, got {type(profile).__name__}",
                        hint="e.g. pd.Series({'customer': 80, 'efficiency': 65, 'quality': 90})")
    if table.shape[1] < 3:
        raise DataError(None, f"a radar chart needs at least 3 axes, got {table.shape[1]} "
                        f"({', '.join(map(str, table.columns))})",
                        hint="use a bar chart (coursekit.plots.kpi_bars) for one or two measures")
    if len(table) == 0 or len(table) > MAX_PROFILES:
        raise DataError(None, f"a radar chart shows 1 to {MAX_PROFILES} profiles, got {len(table)}",
                        hint="select a few rows, e.g. frame.loc[['MF-A001', 'MF-A002']]")
    out = {}
    for column in table.columns:
        values = as_floats(table[column], column, text=True)
        bad = values.isna() | (values < 0) | (values > max_value)
        if bad.any():
            rows, vals = offending(bad, list(table.index), table[column].tolist())
            raise DataError(column, f"must be numbers from 0 to {max_value:g}", rows=rows, values=vals,
                            hint="plot 0-100 scores (e.g. SystemScore.dimensions), or set max_value")
        out[column] = values
    return pd.DataFrame(out, index=table.index)
