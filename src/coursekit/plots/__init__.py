"""Course charts with Chinese labels (English after ``set_language("en")``).

Every function draws on ``ax`` when given, otherwise on a new pyplot figure, and
returns the Axes; nothing is shown or saved. In Jupyter the inline backend
displays the new figure once at the end of the cell; elsewhere call
``ax.figure.savefig(...)``. Leave the returned Axes out of a cell's last line
(or end it with ``;``) when you only want the picture.

Chinese text needs an installed CJK font: see :mod:`coursekit.plots.fonts`.
Without one, the plots warn once and use English labels instead of boxes.

==========================  ==================================================
:func:`radar`               agent/team profile on 0-100 axes
:func:`pareto_chart`        bars, cumulative share and the 80 % line
:func:`control_chart`       XmR / p-chart points, limits, rule violations
:func:`score_distribution`  histogram of scores stacked by grade
:func:`before_after`        paired slope chart (per group: DiD at a glance)
:func:`kpi_bars`            one KPI across teams or agents, with a target
:func:`heatmap`             a table of numbers as coloured, annotated cells
:func:`setup_fonts`         pick the CJK font (called by every function)
==========================  ==================================================

>>> from coursekit.plots import kpi_bars
>>> ax = kpi_bars({"RT-T1": 0.81, "RT-T2": 0.86}, "sla_compliance")
>>> ax.get_title()
'指标对比'
>>> import matplotlib.pyplot as plt; plt.close(ax.figure)
"""

from __future__ import annotations

from coursekit.plots.distributions import before_after, kpi_bars, score_distribution
from coursekit.plots.fonts import MissingCJKFontWarning, find_cjk_font, plot_language, setup_fonts
from coursekit.plots.heatmap import heatmap
from coursekit.plots.profile import radar
from coursekit.plots.quality import control_chart, pareto_chart

__all__ = [
    "MissingCJKFontWarning",
    "before_after",
    "control_chart",
    "find_cjk_font",
    "heatmap",
    "kpi_bars",
    "pareto_chart",
    "plot_language",
    "radar",
    "score_distribution",
    "setup_fonts",
]
