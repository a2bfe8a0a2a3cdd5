"""Property checks of a whole KPI-system design (the capstone assignment a6).

In assignment a6 a trainee designs the KPI system of one business unit from a
brief (the manager's concerns, a regulatory duty, last year's data). Many
designs are right, so the hidden tests check *properties* of the design rather
than compare it with one answer. Every check here returns a list of problems
written in Chinese for the trainee (an empty list means the property holds), so
a test cell is three lines: call, join, assert.

The design is the dict form of a :class:`~coursekit.system.KPISystem` (the same
layout as :meth:`KPISystem.from_dict <coursekit.system.KPISystem.from_dict>`
and its YAML files) with **complete indicator cards**: every indicator names its
``code`` (from :func:`coursekit.kpi.catalog`), ``weight``, ``direction``,
``definition`` (口径), ``source`` (数据来源), ``period`` (考核周期) and
``target``; ``normalise`` and ``cap`` are optional.

>>> design = {"name": "演示", "dimensions": [
...     {"name": "客户", "weight": 0.6, "indicators": [
...         {"code": "csat", "weight": 1.0, "direction": "higher", "definition": "已解决工单的回访问卷，4、5 分占比",
...          "source": "回访问卷", "period": "年度", "target": 0.85}]},
...     {"name": "效率", "weight": 0.4, "indicators": [
...         {"code": "sla_compliance", "weight": "1", "direction": "higher",
...          "definition": "结果已知的工单", "source": "工单系统", "period": "年度", "target": 0.95}]}]}
>>> for problem in structure_problems(design):
...     print(problem)
维度「效率」第 1 张卡片（sla_compliance）的权重 weight 是文本 '1'：应为数字，请去掉引号，写成 1
>>> design["dimensions"][1]["indicators"][0]["weight"] = 1.0
>>> build_system(design).global_weights().to_dict()
{'csat': 0.6, 'sla_compliance': 0.4}

The checks, one per graded property of a6:

* structure — :func:`structure_problems` (well-formed cards, weights summing
  to 1 at every level) and :func:`card_problems` (direction, data source and
  period right for each KPI);
* coverage and focus — :func:`coverage_problems`, :func:`focus_problems`;
* no duplicate constructs — :func:`redundancy_problems`;
* AHP — :func:`ahp_levels` (parses the judgement matrices),
  :func:`ahp_consistency_problems` and :func:`ahp_weight_problems`;
* targets grounded in the data — :func:`target_band`, :func:`target_problems`;
* grades — :func:`grade_structure_problems`, :func:`grade_distribution_problems`;
* the compliance gate — :func:`gate_structure_problems`, :func:`gate_problems`
  (synthetic agents who breach);
* the case-mix check of the ranking — :func:`casemix_ranking`,
  :func:`fairness_structure_problems`, :func:`fairness_problems`.

Data helpers for the unit's scorecard: :func:`agent_card` and
:func:`overdue_complaints`.

The checks live in one module per property (:mod:`.structure`, :mod:`.coverage`, :mod:`.ahp`,
:mod:`.targets`, :mod:`.grades`, :mod:`.fairness`, :mod:`.data`); this package re-exports them.
"""

from __future__ import annotations

from coursekit.exercise.design._common import CARD_KEYS, PERIODS, REQUIRED_CARD_KEYS, VARIANTS, DesignError
from coursekit.exercise.design.ahp import AHPLevel, ahp_consistency_problems, ahp_levels, ahp_weight_problems
from coursekit.exercise.design.coverage import coverage_problems, focus_problems, redundancy_problems
from coursekit.exercise.design.data import agent_card, overdue_complaints
from coursekit.exercise.design.fairness import casemix_ranking, fairness_problems, fairness_structure_problems
from coursekit.exercise.design.grades import (
    gate_problems,
    gate_structure_problems,
    grade_distribution_problems,
    grade_structure_problems,
)
from coursekit.exercise.design.structure import build_system, card_problems, structure_problems, try_build
from coursekit.exercise.design.targets import target_band, target_problems

__all__ = [
    "AHPLevel",
    "CARD_KEYS",
    "DesignError",
    "PERIODS",
    "REQUIRED_CARD_KEYS",
    "VARIANTS",
    "agent_card",
    "ahp_consistency_problems",
    "ahp_levels",
    "ahp_weight_problems",
    "build_system",
    "card_problems",
    "casemix_ranking",
    "coverage_problems",
    "fairness_problems",
    "fairness_structure_problems",
    "focus_problems",
    "gate_problems",
    "gate_structure_problems",
    "grade_distribution_problems",
    "grade_structure_problems",
    "overdue_complaints",
    "redundancy_problems",
    "structure_problems",
    "target_band",
    "target_problems",
    "try_build",
]
