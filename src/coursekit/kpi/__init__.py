"""The KPI library: a catalog of definitions and vectorised KPI functions.

Every function takes a table with the schema's column names
(:mod:`coursekit.schema`) and an optional ``by=`` (a column or a list
of columns). Without ``by`` it returns a number; with ``by`` a Series indexed
by the observed groups (sorted; categoricals in category order). Rates are
fractions in [0, 1], NPS is on -100..100, times are clock hours. Missing
values leave a row out of that KPI; a group with no eligible rows gives NaN.

>>> from coursekit import kpi
>>> kpi.nps([10, 9, 7, 3])
25.0
>>> kpi.catalog().loc["ces", "direction"]
'higher'

Every KPI is one :class:`~coursekit.kpi.spec.KPISpec` in :data:`REGISTRY`;
:func:`compute` computes any registered KPI by its code, and :func:`register`
adds your own (it then appears in ``catalog()``, ``scorecard`` and
``coursekit.fairness.case_mix``).

>>> from coursekit.kpi.examples import tickets
>>> kpi.compute("fcr", tickets(), by="team").to_dict()
{'X': 0.5, 'Y': 0.75}
"""

from coursekit.kpi.catalog import CODES, catalog
from coursekit.kpi.customers import complaint_rate, complaint_satisfaction, retention
from coursekit.kpi.deadlines import deadline_compliance, deadline_flags
from coursekit.kpi.quality import critical_error_rate, qa_score
from coursekit.kpi.rates import fcr, first_time_fix, reopen_rate, repeat_repair_rate, sla_compliance, sla_flags
from coursekit.kpi.scorecard import STANDARD_SURVEY_KPIS, STANDARD_TICKET_KPIS, scorecard
from coursekit.kpi.spec import REGISTRY, KPISpec, compute, register, registered, unregister
from coursekit.kpi.surveys import answer_counts, ces, csat, csat_mean, nps
from coursekit.kpi.times import (
    backlog,
    backlog_age,
    first_response_hours,
    frt_mean_h,
    frt_median_h,
    resolve_hours,
    return_time_h,
    ttr_mean_h,
    ttr_median_h,
)

__all__ = [
    "CODES",
    "REGISTRY",
    "KPISpec",
    "STANDARD_SURVEY_KPIS",
    "STANDARD_TICKET_KPIS",
    "answer_counts",
    "backlog",
    "backlog_age",
    "catalog",
    "ces",
    "complaint_rate",
    "complaint_satisfaction",
    "compute",
    "critical_error_rate",
    "csat",
    "csat_mean",
    "deadline_compliance",
    "deadline_flags",
    "fcr",
    "first_response_hours",
    "first_time_fix",
    "frt_mean_h",
    "frt_median_h",
    "nps",
    "qa_score",
    "register",
    "registered",
    "reopen_rate",
    "repeat_repair_rate",
    "resolve_hours",
    "retention",
    "return_time_h",
    "scorecard",
    "sla_compliance",
    "sla_flags",
    "ttr_mean_h",
    "ttr_median_h",
    "unregister",
]
