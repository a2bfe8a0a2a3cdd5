"""Ready-made KPI systems for the four industries of the course.

They are teaching starting points, not recommendations: weights are round
numbers a trainer would propose before an AHP workshop, and targets (where
``normalise="target"``) come from public benchmarks named below. Every
indicator can be computed by :func:`coursekit.kpi.scorecard` from the shipped
tickets and surveys of that industry.

* manufacturing (制造业): first-time fix target 0.88 (Aberdeen best-in-class
  ≈ 88 %), on-site response SLA, repeat repairs;
* services (服务业): complaint handling (ISO 10002) and FCR target 0.80 (SQM
  "world class" ≥ 80 %);
* retail (零售业): refund/exchange time target 168 h (PRC Consumer Rights
  Protection Law art. 25: refund within 7 days of receiving the goods), NPS;
* finance (金融业): compliance critical errors and QA score (能力).

>>> s = example_system("manufacturing")
>>> [d.name for d in s.dimensions]
['客户', '效率', '质量']
>>> example_system("金融业").name
'金融业售后服务KPI体系(示例)'
>>> sorted(EXAMPLE_SYSTEMS)
['finance', 'manufacturing', 'retail', 'services']
"""

from __future__ import annotations

from typing import Any

from coursekit.errors import ConfigError
from coursekit.system.model import KPISystem

__all__ = ["EXAMPLE_SYSTEMS", "example_system"]

_ZH = {"manufacturing": "制造业", "services": "服务业", "retail": "零售业", "finance": "金融业"}


def _ind(code: str, weight: float, **kw: Any) -> dict[str, Any]:
    return {"code": code, "weight": weight, **kw}


#: The dict form of each example system (see :mod:`coursekit.system.io`).
EXAMPLE_SYSTEMS: dict[str, dict[str, Any]] = {
    "manufacturing": {"dimensions": [
        {"name": "客户", "weight": 0.3, "indicators": [
            _ind("csat", 0.6), _ind("nps", 0.4)]},
        {"name": "效率", "weight": 0.3, "indicators": [
            _ind("frt_median_h", 0.3), _ind("ttr_median_h", 0.3),
            _ind("sla_compliance", 0.4, normalise="target", target=0.9)]},
        {"name": "质量", "weight": 0.4, "indicators": [
            _ind("first_time_fix", 0.5, normalise="target", target=0.88),
            _ind("repeat_repair_rate", 0.3), _ind("reopen_rate", 0.2)]},
    ]},
    "services": {"dimensions": [
        {"name": "客户", "weight": 0.4, "indicators": [
            _ind("csat", 0.4), _ind("complaint_satisfaction", 0.3), _ind("nps", 0.3)]},
        {"name": "效率", "weight": 0.3, "indicators": [
            _ind("frt_mean_h", 0.3), _ind("ttr_median_h", 0.3), _ind("sla_compliance", 0.4)]},
        {"name": "质量", "weight": 0.3, "indicators": [
            _ind("fcr", 0.6, normalise="target", target=0.8), _ind("reopen_rate", 0.4)]},
    ]},
    "retail": {"dimensions": [
        {"name": "客户", "weight": 0.4, "indicators": [
            _ind("nps", 0.4), _ind("csat", 0.3), _ind("ces", 0.3)]},
        {"name": "效率", "weight": 0.35, "indicators": [
            _ind("return_time_h", 0.5, normalise="target", target=168),
            _ind("frt_median_h", 0.2), _ind("ttr_median_h", 0.3)]},
        {"name": "质量", "weight": 0.25, "indicators": [
            _ind("fcr", 0.6), _ind("reopen_rate", 0.4)]},
    ]},
    "finance": {"dimensions": [
        {"name": "客户", "weight": 0.3, "indicators": [
            _ind("csat", 0.6), _ind("nps", 0.4)]},
        {"name": "效率", "weight": 0.2, "indicators": [
            _ind("frt_median_h", 0.5), _ind("sla_compliance", 0.5)]},
        {"name": "质量", "weight": 0.3, "indicators": [
            _ind("critical_error_rate", 0.6), _ind("fcr", 0.4)]},
        {"name": "能力", "weight": 0.2, "indicators": [
            _ind("qa_score", 1.0, normalise="zscore")]},
    ]},
}


def example_system(industry: str) -> KPISystem:
    """The example KPI system of an industry (English key or Chinese name).

    >>> example_system("retail").global_weights().round(3).to_dict()["return_time_h"]
    0.175
    """
    key = {v: k for k, v in _ZH.items()}.get(industry, industry)
    if key not in EXAMPLE_SYSTEMS:
        raise ConfigError(f"no example system for {industry!r}; choose one of "
                          + ", ".join(f"{k} ({v})" for k, v in _ZH.items()))
    data = {"name": f"{_ZH[key]}售后服务KPI体系(示例)", **EXAMPLE_SYSTEMS[key]}
    return KPISystem.from_dict(data)
