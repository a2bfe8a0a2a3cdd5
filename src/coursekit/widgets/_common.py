"""Shared helpers of the dashboards: tables as HTML, charts as PNG, scorecard rows.

>>> import pandas as pd
>>> html_table(pd.DataFrame({"composite": [82.25]}, index=pd.Index(["A1"], name="agent_id")))[:6]
'<table'
"""

from __future__ import annotations

import html
import io
from typing import Any

import pandas as pd

from coursekit.checks import did_you_mean
from coursekit.errors import DataError
from coursekit.i18n import label


def html_table(frame: pd.DataFrame, digits: int = 1) -> str:
    """``frame`` as a small HTML table with translated headers and rounded numbers."""
    shown = frame.copy()
    shown.columns = [label(c) for c in shown.columns]
    shown.index = pd.Index([label(i) for i in shown.index],
                           name=label(shown.index.name) if shown.index.name else None)
    text = shown.to_html(float_format=lambda v: f"{v:.{digits}f}", border=0, na_rep="—")
    return text.replace('<table class="dataframe">', '<table class="dataframe coursekit-table">')


def render_png(draw: Any, figsize: tuple[float, float] = (5.0, 3.6), dpi: int = 90) -> bytes:
    """PNG bytes of a figure drawn by ``draw(ax)``, made without pyplot (no inline double display)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, layout="constrained")
    draw(figure.add_subplot())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def check_row(scorecard: pd.DataFrame, row: Any) -> None:
    """Raise a :class:`DataError` when ``row`` is not a label of the scorecard's index."""
    if row in scorecard.index:
        return
    name = str(scorecard.index.name or "index")
    hint = did_you_mean(row, scorecard.index)
    raise DataError(name, f"has no row {row!r}", rows=[row],
                    hint=hint + f"use a label of the scorecard's index, e.g. {scorecard.index[0]!r}")


def escape(value: Any) -> str:
    return html.escape(str(value))
