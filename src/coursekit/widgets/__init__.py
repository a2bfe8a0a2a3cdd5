"""Interactive dashboards (ipywidgets) for playing with a KPI system in Jupyter.

* :func:`weight_tuner` — a slider per indicator weight (always summing to 1),
  live ranking table and composite-score chart;
* :func:`what_if` — change one agent's KPI values or the targets and see the
  composite score, grade and rank move;
* :func:`roi_explorer` — a value-per-point slider and a menu of effect
  estimates, showing the training's ROI % and BCR (:func:`roi_scenarios`);
* :func:`xmr_explorer` — menus for a team and a metric of a monthly table,
  showing its XmR chart and the rule breaks after the baseline (:func:`xmr_view`).

Each returns an object that displays as its widget and exposes its state
(``.sliders``, ``.weights``, ``.ranking_table``; ``.value_inputs``,
``.composite``, ``.grade``), so the dashboards can be driven from Python and
tested without a browser. Labels follow :func:`coursekit.set_language` at the
time the dashboard is made.

>>> from coursekit import widgets
>>> sorted(n for n in widgets.__all__ if not n[0].isupper())
['rebalance', 'roi_explorer', 'roi_scenarios', 'weight_tuner', 'what_if', 'xmr_explorer', 'xmr_view']
"""

from coursekit.widgets.roi import ROIExplorer, roi_explorer, roi_scenarios
from coursekit.widgets.tuner import WeightTuner, rebalance, weight_tuner
from coursekit.widgets.whatif import WhatIf, what_if
from coursekit.widgets.xmr import XmRExplorer, XmRView, xmr_explorer, xmr_view

__all__ = ["ROIExplorer", "WeightTuner", "WhatIf", "XmRExplorer", "XmRView", "rebalance", "roi_explorer",
           "roi_scenarios", "weight_tuner", "what_if", "xmr_explorer", "xmr_view"]
