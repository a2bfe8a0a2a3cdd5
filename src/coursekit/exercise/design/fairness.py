"""The case-mix check of an a6 design's ranking: before and after adjusting ticket KPIs for the mix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercise.design._common import _fmt
from coursekit.system.model import KPISystem


# --------------------------------------------------------------------------- fairness
def _per_ticket_codes() -> set[str]:
    from coursekit.fairness import per_ticket_kpis

    return set(per_ticket_kpis())


def _kpi_list(casemix_kpi: Any) -> list[str] | None:
    if isinstance(casemix_kpi, str):
        return [casemix_kpi]
    if isinstance(casemix_kpi, (list, tuple)) and casemix_kpi and all(isinstance(k, str) for k in casemix_kpi):
        return list(casemix_kpi)
    return None


def casemix_ranking(system: KPISystem, card: pd.DataFrame, tickets: pd.DataFrame, kpi: str | Sequence[str],
                    strata: Sequence[str]) -> pd.DataFrame:
    """The system's ranking before and after case-mix adjustment of some ticket KPIs.

    Each KPI in ``kpi`` is replaced in ``card`` by its case-mix adjusted value
    (:func:`coursekit.fairness.case_mix` by agent over ``strata``,
    ``adjusted`` = O/E × population mean) and the system is scored again.
    Columns: ``raw_rank`` (the system's ranking on ``card``), ``adjusted_rank``
    and ``rank_change`` = raw − adjusted (positive: moves up once the ticket
    mix is taken into account).

    >>> from coursekit.system import Dimension, Indicator
    >>> t = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "category": ["难", "难", "易", "易"],
    ...                   "first_contact_resolved": [True, False, True, True]})
    >>> s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 1)])])
    >>> card = pd.DataFrame({"fcr": [0.5, 1.0]}, index=pd.Index(["A", "B"], name="agent_id"))
    >>> casemix_ranking(s, card, t, "fcr", ["category"])
              raw_rank  adjusted_rank  rank_change
    agent_id
    A                2              1            1
    B                1              1            0
    """
    from coursekit.fairness import case_mix

    adjusted = card.copy()
    for code in _kpi_list(kpi) or []:
        mix = case_mix(tickets, kpi=code, strata=list(strata), by="agent_id", min_n=1)
        adjusted[code] = mix["adjusted"].reindex(card.index).to_numpy(dtype=float)
    raw = system.score(card).ranking
    adj = system.score(adjusted).ranking
    return pd.DataFrame({"raw_rank": raw, "adjusted_rank": adj, "rank_change": raw - adj})


def fairness_structure_problems(fairness_check: Any, system: KPISystem, card: pd.DataFrame, casemix_kpi: Any,
                                casemix_strata: Any, strata_allowed: Sequence[str]) -> list[str]:
    """The reported case-mix check has the agreed shape and names valid KPIs and strata.

    >>> from coursekit.system import Dimension, Indicator
    >>> s = KPISystem([Dimension("客户", 1, [Indicator("csat", 1)])])
    >>> for p in fairness_structure_problems(None, s, pd.DataFrame({"csat": [0.8]}), "csat", ["priority"],
    ...                                      ["priority"]):
    ...     print(p)
    fairness_check 应是 DataFrame（每位员工一行，含 raw_rank、adjusted_rank、rank_change），现在是 NoneType
    casemix_kpi 应是体系中可按工单调整的指标（如 fcr），现在是 csat：体系中可选 无
    """
    problems = []
    if not isinstance(fairness_check, pd.DataFrame):
        problems.append("fairness_check 应是 DataFrame（每位员工一行，含 raw_rank、adjusted_rank、rank_change），"
                        f"现在是 {type(fairness_check).__name__}")
    else:
        missing = [c for c in ("raw_rank", "adjusted_rank", "rank_change") if c not in fairness_check.columns]
        if missing:
            problems.append(f"fairness_check 缺少列 {missing}")
        if set(map(str, fairness_check.index)) != set(map(str, card.index)) or len(fairness_check) != len(card):
            problems.append("fairness_check 的索引应是去年的全部员工（与 card 的索引相同）")
    usable = sorted(_per_ticket_codes() & set(system.codes))
    kpis = _kpi_list(casemix_kpi)
    if kpis is None or not set(kpis) <= set(usable):
        problems.append(f"casemix_kpi 应是体系中可按工单调整的指标（如 fcr），现在是 {casemix_kpi}："
                        f"体系中可选 {'、'.join(usable) or '无'}")
    if (not isinstance(casemix_strata, (list, tuple)) or not casemix_strata
            or not set(casemix_strata) <= set(strata_allowed)):
        problems.append(f"casemix_strata 应是分层用的工单字段列表，从 {list(strata_allowed)} 中选，现在是 "
                        f"{casemix_strata!r}")
    return problems


def fairness_problems(fairness_check: pd.DataFrame, system: KPISystem, card: pd.DataFrame, tickets: pd.DataFrame,
                      casemix_kpi: Any, casemix_strata: Sequence[str]) -> list[str]:
    """``fairness_check`` agrees with :func:`casemix_ranking` of the design.

    >>> from coursekit.system import Dimension, Indicator
    >>> t = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "category": ["难", "难", "易", "易"],
    ...                   "first_contact_resolved": [True, False, True, True]})
    >>> s = KPISystem([Dimension("质量", 1, [Indicator("fcr", 1)])])
    >>> card = pd.DataFrame({"fcr": [0.5, 1.0]}, index=pd.Index(["A", "B"], name="agent_id"))
    >>> same = pd.DataFrame({"raw_rank": [2, 1], "adjusted_rank": [2, 1], "rank_change": [0, 0]}, index=["A", "B"])
    >>> for p in fairness_problems(same, s, card, t, "fcr", ["category"]):
    ...     print(p)
    adjusted_rank 与按 fcr 的病例组合调整值（分层 category）重新计分后的排名不一致，例如
    A 应为第 1 名，fairness_check 写的是 2
    rank_change 应为 raw_rank − adjusted_rank，例如 A 应为 1，写的是 0
    """
    ref = casemix_ranking(system, card, tickets, casemix_kpi, casemix_strata)
    mine = fairness_check.copy()
    mine.index = mine.index.map(str)
    ref.index = ref.index.map(str)
    problems = []
    for column, what in (("raw_rank", "raw_rank 应是体系在去年数据上的综合排名（system.score(card).ranking）"),
                         ("adjusted_rank", f"adjusted_rank 与按 {casemix_kpi} 的病例组合调整值（分层 "
                                           f"{'、'.join(casemix_strata)}）重新计分后的排名不一致"),
                         ("rank_change", "rank_change 应为 raw_rank − adjusted_rank")):
        got = pd.to_numeric(mine[column].reindex(ref.index), errors="coerce").astype(float)
        want = ref[column].astype(float)
        wrong = ~np.isclose(got.to_numpy(), want.to_numpy())
        if wrong.any():
            agent = ref.index[int(np.argmax(wrong))]
            value = got[agent]
            shown = "缺失" if pd.isna(value) else _fmt(float(value))
            problems.append(f"{what}，例如 {agent} 应为第 {int(want[agent])} 名，fairness_check 写的是 {shown}"
                            if column != "rank_change" else f"{what}，例如 {agent} 应为 {int(want[agent])}，写的是 "
                                                            f"{shown}")
    return problems


