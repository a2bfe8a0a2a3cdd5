"""The KPI catalog: one definition per KPI code, in Chinese and English.

Every KPI of the course is registered here, once, as a
:class:`~coursekit.kpi.spec.KPISpec` (texts, per-row values, reduction); the
catalog table, the single-KPI functions, the scorecard and the case-mix
adjustment all read :data:`~coursekit.kpi.spec.REGISTRY`. The codes are the
shared contract of the course (scorecard columns, KPISystem indicator codes).
``direction`` says which way is better; ``variant`` says which of the
circulating definitions coursekit uses, and ``variant_zh`` says the same in
Chinese (the 口径 note shown in the glossary).

>>> from coursekit.kpi import catalog
>>> cat = catalog()
>>> cat.loc["fcr", "direction"], cat.loc["nps", "unit"]
('higher', 'score -100..100')
>>> len(cat)
20
"""

from __future__ import annotations

import pandas as pd

from coursekit.kpi import customers, quality, rates, surveys, times
from coursekit.kpi.spec import CATALOG_COLUMNS, COMPLAINT_PER, REGISTRY, REPEAT_WINDOW_DAYS, KPISpec, register

ALL_INDUSTRIES = "manufacturing, services, retail, finance"

register(KPISpec("fcr", "首次解决率", "first contact resolution",
    "tickets resolved at the first contact / all tickets with a recorded flag",
    "首次接触即解决的工单数 / 有记录的工单总数",
    "higher", "fraction 0-1", ALL_INDUSTRIES,
    "system-based: the ticketing system's first_contact_resolved flag (resolved at first contact "
    "with no repeat contact), not a survey question; open tickets count in the denominator",
    "按系统标记计：取工单系统的首次解决标记 first_contact_resolved（首次接触即解决、没有再次联系），"
    "不用回访问卷；未结工单也计入分母",
    "fcr",
    values=rates.fcr_values))
register(KPISpec("first_time_fix", "一次修复率", "first-time fix rate",
    "on-site jobs fixed on the first visit / on-site jobs",
    "首次上门即修复的工单数 / 需要上门的工单数",
    "higher", "fraction 0-1", "manufacturing",
    "denominator: tickets with onsite_visit true and a recorded first_time_fix flag",
    "分母：需要上门（onsite_visit 为真）且记录了一次修复标记的工单",
    "first_time_fix",
    values=rates.first_time_fix_values))
register(KPISpec("frt_mean_h", "平均首次响应时长", "mean time to first response",
    "mean of (first response - created), in hours",
    "（首次响应时间 - 创建时间）的平均值，单位小时",
    "lower", "hours", ALL_INDUSTRIES,
    "clock hours (not business hours); durations are skewed, so read it with the median",
    "按自然小时计（不是工作小时）；时长分布右偏，要与中位数一起看",
    "frt_mean_h",
    values=times.frt_values))
register(KPISpec("frt_median_h", "首次响应时长中位数", "median time to first response",
    "median of (first response - created), in hours",
    "（首次响应时间 - 创建时间）的中位数，单位小时",
    "lower", "hours", ALL_INDUSTRIES,
    "clock hours; with an even count the median is the mean of the two middle values",
    "按自然小时计；工单数为偶数时，中位数取中间两个值的平均",
    "frt_median_h",
    values=times.frt_values, reduction="median"))
register(KPISpec("ttr_mean_h", "平均解决时长", "mean time to resolve",
    "mean of (resolved - created) over resolved tickets, in hours",
    "已解决工单（解决时间 - 创建时间）的平均值，单位小时",
    "lower", "hours", ALL_INDUSTRIES,
    "clock hours; open tickets are excluded (see backlog)",
    "按自然小时计；未结工单不计入（见积压工单数）",
    "ttr_mean_h",
    values=times.ttr_values))
register(KPISpec("ttr_median_h", "解决时长中位数", "median time to resolve",
    "median of (resolved - created) over resolved tickets, in hours",
    "已解决工单（解决时间 - 创建时间）的中位数，单位小时",
    "lower", "hours", ALL_INDUSTRIES,
    "clock hours; open tickets are excluded",
    "按自然小时计；未结工单不计入",
    "ttr_median_h",
    values=times.ttr_values, reduction="median"))
register(KPISpec("sla_compliance", "SLA达成率", "SLA compliance",
    "tickets resolved within sla_hours of creation / tickets whose SLA outcome is known",
    "在SLA时限内解决的工单数 / SLA结果已确定的工单数",
    "higher", "fraction 0-1", ALL_INDUSTRIES,
    "resolution SLA in clock hours, met when resolved - created <= sla_hours; as known at a cut-off "
    "(default: latest timestamp in the data): open tickets already past their SLA count as breached, "
    "open tickets still within it are left out; tickets without sla_hours are not under an SLA",
    "解决时限 SLA，按自然小时计，解决时间 − 创建时间 ≤ sla_hours 即达成；按截止时刻已知的结果计算"
    "（默认取数据中最晚的时间戳）：未结且已超过时限的工单算超时，未结但尚未到期的不计入分母；"
    "没有 sla_hours 的工单不受 SLA 约束",
    "sla_compliance",
    values=rates.sla_values, at_cutoff=True))
register(KPISpec("backlog", "积压工单数", "backlog",
    "tickets created by the cut-off and not resolved by it",
    "截至统计时点已创建但尚未解决的工单数",
    "lower", "tickets (count)", ALL_INDUSTRIES,
    "a count at a cut-off time (default: latest timestamp in the data), not a rate; "
    "backlog_age gives the age profile",
    "某一截止时刻的未结工单数（默认取数据中最晚的时间戳），是计数而不是比率；"
    "账龄分布用 backlog_age 查看",
    "backlog",
    values=times.backlog_values, reduction="sum", at_cutoff=True))
register(KPISpec("reopen_rate", "重开率", "re-open rate",
    "reopened tickets / tickets resolved at least once",
    "重开的工单数 / 至少解决过一次的工单数",
    "lower", "fraction 0-1", ALL_INDUSTRIES,
    "denominator: tickets with resolved_at or reopened true; read it with resolution time "
    "(premature closing shows as fast resolution plus re-opens)",
    "分母：有解决时间（resolved_at）或被重开（reopened 为真）的工单；要与解决时长一起看"
    "（过早关单表现为解决很快、重开增多）",
    "reopen_rate",
    values=rates.reopen_values))
register(KPISpec("repeat_repair_rate", "重复维修率", "repeat repair rate",
    "repairs followed by another repair of the same serial number within the window / repairs",
    "同一产品序列号在窗口期内再次报修的维修单数 / 维修单数",
    "lower", "fraction 0-1", "manufacturing",
    f"window {REPEAT_WINDOW_DAYS:g} days by default, counted from the repair's resolution (creation if open) "
    "to the next ticket's creation; charged to the first repair; a repair is a ticket with a serial_no",
    f"窗口期默认 {REPEAT_WINDOW_DAYS:g} 天，从本次维修的解决时间（未结则用创建时间）算到下一张工单的创建时间；"
    "重复记在第一次维修上；有产品序列号（serial_no）的工单才算维修单",
    "repeat_repair_rate",
    values=rates.repeat_repair_values, window_days=REPEAT_WINDOW_DAYS))
register(KPISpec("csat", "客户满意度(前两项占比)", "CSAT (top-2-box)",
    "answers of 4 or 5 on the 1-5 scale / all answers",
    "1-5分量表中回答4分或5分的人数 / 回答人数",
    "higher", "fraction 0-1", ALL_INDUSTRIES,
    "top-2-box share; not comparable with the mean score (csat_mean); missing answers excluded",
    "前两项占比（top-2-box）；与平均分（csat_mean）不可比；未回答的不计入",
    "csat",
    values=surveys.csat_values, table="surveys"))
register(KPISpec("csat_mean", "客户满意度均分", "CSAT (mean score)",
    "mean of the 1-5 answers",
    "1-5分满意度回答的平均分",
    "higher", "score 1-5", ALL_INDUSTRIES,
    "mean score; not comparable with top-2-box CSAT; missing answers excluded",
    "平均分；与前两项占比的 CSAT 不可比；未回答的不计入",
    "csat_mean",
    values=surveys.csat_score_values, table="surveys"))
register(KPISpec("nps", "净推荐值", "net promoter score",
    "100 x (promoters 9-10 - detractors 0-6) / all answers",
    "100 ×（推荐者9-10分人数 - 贬损者0-6分人数）/ 回答人数",
    "higher", "score -100..100", "retail, services, finance, manufacturing",
    "passives (7-8) stay in the denominator; a score from -100 to 100, not a percentage",
    "中立者（7–8 分）留在分母里；结果是 −100 到 100 的分数，不是百分比",
    "nps",
    values=surveys.nps_values, table="surveys"))
register(KPISpec("ces", "客户费力度", "customer effort score",
    "mean of the 1-7 answers to 'the company made it easy to handle my issue'",
    "“公司让我的问题处理起来很容易”1-7分回答的平均分",
    "higher", "score 1-7", ALL_INDUSTRIES,
    "CES 2.0 (1-7 agreement, higher = less effort); CES 1.0 (1-5 effort, lower better) is not used",
    "采用 CES 2.0（1–7 分同意程度，越高越省力）；不用 CES 1.0（1–5 分费力程度，越低越好）",
    "ces",
    values=surveys.ces_values, table="surveys"))
register(KPISpec("complaint_rate", "投诉率(每千)", f"complaint rate per {COMPLAINT_PER:,.0f}",
    f"complaints / stated base x {COMPLAINT_PER:,.0f}",
    f"投诉数 / 指定基数 × {COMPLAINT_PER:.0f}",
    "lower", f"per {COMPLAINT_PER:,.0f} of the stated base", "services, retail, finance, manufacturing",
    "the base (orders, units, customers or tickets) must be stated; the scorecard uses tickets "
    "with a recorded complaint flag",
    "必须写明基数（订单、产品台数、客户或工单）；计分卡以记录了投诉标记的工单为基数",
    "complaint_rate",
    values=customers.complaint_values, scale=COMPLAINT_PER))
register(KPISpec("complaint_satisfaction", "投诉处理满意度", "complaint-handling satisfaction",
    "satisfied complainants (top-2-box) / complainants who answered after closure",
    "投诉办结后满意（前两项）的投诉人数 / 回答的投诉人数",
    "higher", "fraction 0-1", "services, finance",
    "top-2-box; from the complaints table's satisfied flag, or CSAT answers on complaint tickets",
    "前两项占比；取自投诉表的满意标记（satisfied），或投诉工单上的 CSAT 回答",
    "complaint_satisfaction",
    values=customers.complaint_satisfaction_values, table="surveys",
    from_tickets=("complaint",)))
register(KPISpec("return_time_h", "退换货处理时长", "return/exchange processing time",
    "mean of (refund or exchange completed - goods received), in hours",
    "（退款/换货完成时间 - 收到退货时间）的平均值，单位小时",
    "lower", "hours", "retail",
    "clock hours; PRC Consumer Rights Protection Law art. 25: refund within 7 days (168 h) "
    "of receiving the goods",
    "按自然小时计；《消费者权益保护法》第二十五条：经营者自收到退回商品之日起 7 日（168 小时）内退款",
    "return_time_h",
    values=times.return_values))
register(KPISpec("retention", "客户保留率", "customer retention",
    "(customers at end - new customers) / customers at start",
    "（期末客户数 - 新增客户数）/ 期初客户数",
    "higher", "fraction 0-1", "retail, finance, services",
    "churn = 1 - retention; needs customer counts, not tickets (not in the ticket scorecard)",
    "流失率 = 1 − 保留率；需要客户数而不是工单（不在工单计分卡中）",
    "retention",
    table="customers",
    why_not="retention needs customer counts, not tickets: use coursekit.kpi.retention(start, end, new)"))
register(KPISpec("qa_score", "质检得分", "QA score",
    "mean QA professionalism score of the evaluated tickets",
    "被质检工单的专业度得分平均值",
    "higher", "score 0-100", "finance, services",
    "sampled evaluations only (tickets without a score are not evaluated)",
    "只算抽检评估过的工单（没有得分的工单未被质检）",
    "qa_score",
    values=quality.qa_values))
register(KPISpec("critical_error_rate", "合规关键错误率", "critical error rate",
    "evaluated tickets with at least one critical compliance error / evaluated tickets",
    "出现至少一项合规关键错误的被质检工单数 / 被质检工单数",
    "lower", "fraction 0-1", "finance",
    "share of evaluations with >= 1 critical error (not errors per evaluation)",
    "至少有一项关键错误的被质检工单占比（不是每次质检的平均错误数）",
    "critical_error_rate",
    values=quality.critical_error_values))

#: The course's KPI codes, in catalog order (your own registered KPIs come after them in ``catalog()``).
CODES: tuple[str, ...] = tuple(REGISTRY)


def catalog() -> pd.DataFrame:
    """All registered KPI definitions as a DataFrame indexed by ``code``.

    Columns: ``name_zh``, ``name_en``, ``formula``, ``formula_zh``,
    ``direction`` (``"higher"`` / ``"lower"`` is better), ``unit``,
    ``industries`` (where it is typical), ``variant`` (which definition
    coursekit uses), ``variant_zh`` (the same 口径 note in Chinese) and
    ``function`` (the ``coursekit.kpi`` function).

    >>> catalog().loc["csat", ["name_zh", "direction"]].tolist()
    ['客户满意度(前两项占比)', 'higher']
    >>> catalog().loc["nps", "variant_zh"]
    '中立者（7–8 分）留在分母里；结果是 −100 到 100 的分数，不是百分比'
    """
    rows = [[spec.code, *(getattr(spec, name) for name in CATALOG_COLUMNS)] for spec in REGISTRY.values()]
    return pd.DataFrame(rows, columns=["code", *CATALOG_COLUMNS]).set_index("code")
