"""Continuous improvement (持续改进): control charts, run rules, Pareto, PDCA.

* :func:`xmr` — individuals and moving-range chart, optional baseline limits;
* :func:`p_chart` — share defective with varying sample sizes;
* :func:`monthly_counts` — events and base per month (or quarter), a p-chart's input;
* :func:`western_electric`, :func:`nelson` — which points break which rule;
* :func:`pareto` — sorted causes, cumulative share, the vital few;
* :class:`PDCACycle`, :func:`pdca_table` — a small improvement log.

No scipy needed. Example: limits from the first 12 months, then a shift.

>>> from coursekit import spc
>>> chart = spc.xmr([10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 11, 10] + [7] * 9, baseline=12)
>>> chart.outside[0]  # first point below the baseline's lower limit
12
>>> int(chart.rules("western_electric", rules=[4])["position"].min())  # 8 in a row below
18
"""

from coursekit.spc.counts import monthly_counts
from coursekit.spc.pareto import pareto
from coursekit.spc.pchart import PChartResult, p_chart
from coursekit.spc.pdca import PDCACycle, pdca_table
from coursekit.spc.rules import NELSON_RULES, WESTERN_ELECTRIC_RULES, Rule, nelson, rule_table, western_electric
from coursekit.spc.xmr import D2, D4, E2, XmRResult, xmr

__all__ = [
    "D2",
    "D4",
    "E2",
    "NELSON_RULES",
    "PChartResult",
    "PDCACycle",
    "Rule",
    "WESTERN_ELECTRIC_RULES",
    "XmRResult",
    "monthly_counts",
    "nelson",
    "p_chart",
    "pareto",
    "pdca_table",
    "rule_table",
    "western_electric",
    "xmr",
]
