"""Interactive dashboards (ipywidgets) for playing with a KPI system in Jupyter.

* :func:`weight_tuner` — a slider per indicator weight (always summing to 1),
  live ranking table and composite-score chart;
* :func:`what_if` — change one agent's KPI values or the targets and see the
  composite score, grade and rank move.

Each returns an object that displays as its widget and exposes its state
(``.sliders``, ``.weights``, ``.ranking_table``; ``.value_inputs``,
``.composite``, ``.grade``), so the dashboards can be driven from Python and
tested without a browser. Labels follow :func:`coursekit.set_language` at the
time the dashboard is made.

>>> from coursekit import widgets
>>> sorted(n for n in widgets.__all__ if not n[0].isupper())
['rebalance', 'weight_tuner', 'what_if']
"""

from coursekit.widgets.tuner import WeightTuner, rebalance, weight_tuner
from coursekit.widgets.whatif import WhatIf, what_if

__all__ = ["WeightTuner", "WhatIf", "rebalance", "weight_tuner", "what_if"]
