"""Column contracts of the course datasets (the single source of truth).

Every generated table, ``load(name)`` and ``read_tickets`` agree on these
names and types. ``kind`` is one of ``str``, ``category``, ``int``, ``float``,
``bool`` (nullable ``boolean`` when ``nullable`` is true) and ``datetime``.
``valid`` is the :class:`Range` a numeric column must stay in: ``read_tickets``
/ ``read_surveys`` and the KPI functions check it from here.

>>> from coursekit.schema import SCHEMAS
>>> sorted(SCHEMAS)
['competency', 'complaints', 'monthly', 'staff', 'surveys', 'tickets', 'training']
>>> SCHEMAS["tickets"]["created_at"].kind
'datetime'
>>> SCHEMAS["surveys"]["csat"].valid.form
'an integer from 1 to 5'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["CHANNELS", "COMPETENCY", "COMPLAINTS", "Column", "INDUSTRIES", "INDUSTRY_ZH", "MONTHLY", "PRIORITIES",
           "Range", "SCHEMAS", "STAFF", "SURVEYS", "TICKETS", "TRAINING"]

INDUSTRIES = ("manufacturing", "services", "retail", "finance")
INDUSTRY_ZH = {"manufacturing": "制造业", "services": "服务业", "retail": "零售业", "finance": "金融业"}
CHANNELS = ("phone", "chat", "email", "app", "onsite")
PRIORITIES = ("P1", "P2", "P3", "P4")  # P1 = most urgent


@dataclass(frozen=True)
class Range:
    """The values a numeric column accepts; missing values are always accepted.

    ``lo`` to ``hi`` inclusive, but ``lo`` itself is refused when
    ``lo_excluded`` (an SLA of 0 hours makes no sense); ``integer`` asks for
    whole numbers. ``form`` words the rule for error messages ("must be ...").

    >>> scale = Range(1, 5, integer=True, form="an integer from 1 to 5")
    >>> scale.outside(np.array([1, 5, 0, 6, 4.5, np.nan])).tolist()
    [False, False, True, True, True, False]
    >>> Range(0, lo_excluded=True, form="a positive number").outside(np.array([0, 0.5])).tolist()
    [True, False]
    """

    lo: float
    hi: float = math.inf
    integer: bool = False
    lo_excluded: bool = False
    form: str = ""

    def outside(self, values: np.ndarray) -> np.ndarray:
        """Boolean mask of the non-missing ``values`` (floats, ``NaN`` = missing) that break the rule."""
        present = ~np.isnan(values)
        below = values <= self.lo if self.lo_excluded else values < self.lo
        wrong = present & (below | (values > self.hi))
        if self.integer:
            wrong |= present & (values != np.round(values))
        return wrong


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    zh: str
    en: str
    nullable: bool = False
    categories: tuple[str, ...] | None = None
    valid: Range | None = None


def _cols(*columns: Column) -> dict[str, Column]:
    return {c.name: c for c in columns}


STAFF = _cols(
    Column("agent_id", "str", "员工编号", "agent id (e.g. MF-A001)"),
    Column("name", "str", "姓名", "name (synthetic Chinese name)"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("team", "category", "班组", "team (e.g. MF-T1)"),
    Column("region", "category", "区域", "region (华东/华南/华北/西南/华中)"),
    Column("tenure_months", "int", "司龄(月)", "tenure in months"),
    Column("skill", "float", "隐藏技能水平", "hidden true skill (z-score; for teaching only)"),
)

TICKETS = _cols(
    Column("ticket_id", "str", "工单号", "ticket id"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("team", "category", "班组", "team of the handling agent"),
    Column("agent_id", "str", "处理人", "handling agent id"),
    Column("created_at", "datetime", "创建时间", "created at"),
    Column("first_response_at", "datetime", "首次响应时间", "first response at"),
    Column("resolved_at", "datetime", "解决时间", "resolved at (empty = still open)", nullable=True),
    Column("channel", "category", "渠道", "channel", categories=CHANNELS),
    Column("product_line", "category", "产品线", "product line"),
    Column("category", "category", "问题类别", "issue category"),
    Column("priority", "category", "优先级", "priority (P1 most urgent)", categories=PRIORITIES),
    Column("sla_hours", "float", "SLA时限(小时)", "resolution SLA in clock hours",
           valid=Range(0, lo_excluded=True, form="a positive number of hours")),
    Column("first_contact_resolved", "bool", "首次解决", "resolved at first contact"),
    Column("reopened", "bool", "重开", "re-opened after resolution"),
    # manufacturing
    Column("onsite_visit", "bool", "上门服务", "needed an on-site visit (manufacturing)", nullable=True),
    Column("first_time_fix", "bool", "一次修复", "fixed on the first visit (manufacturing, visits only)",
           nullable=True),
    Column("warranty_claim", "bool", "保修索赔", "warranty claim (manufacturing)", nullable=True),
    Column("serial_no", "str", "产品序列号", "product serial number (manufacturing; repeat repairs)", nullable=True),
    # retail
    Column("return_type", "category", "退换类型", "return / exchange / none (retail)", nullable=True,
           categories=("none", "return", "exchange")),
    Column("goods_received_at", "datetime", "收到退货时间", "returned goods received at (retail)", nullable=True),
    Column("refund_completed_at", "datetime", "退款/换货完成时间", "refund or exchange completed at (retail)",
           nullable=True),
    # services
    Column("complaint", "bool", "投诉", "ticket is a complaint (services)", nullable=True),
    Column("complaint_closed_at", "datetime", "投诉关闭时间", "complaint closed at (services)", nullable=True),
    # finance
    Column("qa_score", "float", "质检专业度得分", "QA professionalism score 0-100 (finance, sampled)", nullable=True,
           valid=Range(0, 100, form="a number from 0 to 100")),
    Column("critical_errors", "int", "合规关键错误数", "compliance critical errors (finance, sampled)", nullable=True,
           valid=Range(0, integer=True, form="a whole number >= 0")),
)

SURVEYS = _cols(
    Column("survey_id", "str", "问卷编号", "survey id"),
    Column("ticket_id", "str", "工单号", "ticket id"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("agent_id", "str", "处理人", "agent id"),
    Column("responded_at", "datetime", "回访时间", "responded at"),
    Column("csat", "int", "满意度(1-5)", "CSAT 1-5 (5 = very satisfied)",
           valid=Range(1, 5, integer=True, form="an integer from 1 to 5")),
    Column("nps", "int", "推荐意愿(0-10)", "likelihood to recommend 0-10 (NPS question)",
           valid=Range(0, 10, integer=True, form="an integer from 0 to 10")),
    Column("ces", "int", "费力度(CES 2.0, 1-7)", "CES 2.0: 'easy to handle' 1-7, higher is better",
           valid=Range(1, 7, integer=True, form="an integer from 1 to 7 (CES 2.0, 7 = very easy)")),
)

COMPLAINTS = _cols(
    Column("complaint_id", "str", "投诉编号", "complaint id"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("ticket_id", "str", "工单号", "related ticket id", nullable=True),
    Column("received_at", "datetime", "受理时间", "received at"),
    Column("closed_at", "datetime", "办结时间", "closed at", nullable=True),
    Column("cause", "category", "投诉原因", "cause category"),
    Column("closed_within_limit", "bool", "时限内办结", "closed within the time limit"),
    Column("satisfied", "bool", "投诉处理满意", "complainant satisfied after closure (top-2-box)", nullable=True),
)

COMPETENCY = _cols(
    Column("agent_id", "str", "员工编号", "agent id"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("team", "category", "班组", "team"),
    Column("competency", "category", "能力项", "competency"),
    Column("importance", "float", "重要度权重", "importance weight (sums to 1 per agent)"),
    Column("required_level", "int", "要求等级(1-5)", "required level 1-5"),
    Column("current_level", "int", "当前等级(1-5)", "current level 1-5"),
)

TRAINING = _cols(
    Column("agent_id", "str", "员工编号", "agent id"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("team", "category", "班组", "team"),
    Column("group", "category", "分组", "treatment (trained) / control", categories=("treatment", "control")),
    Column("method", "category", "培训方式", "traditional / online / blended (treatment only)", nullable=True,
           categories=("traditional", "online", "blended")),
    Column("pre_score", "float", "培训前测验分", "pre-test score 0-100"),
    Column("post_score", "float", "培训后测验分", "post-test score 0-100"),
    Column("fcr_pre", "float", "培训前FCR", "FCR in the 3 months before training (from tickets)"),
    Column("fcr_post", "float", "培训后FCR", "FCR in the 3 months after training (from tickets)"),
    Column("reaction", "float", "培训满意度(1-5)", "Kirkpatrick level 1 reaction 1-5 (treatment only)", nullable=True),
    Column("cost_yuan", "float", "培训成本(元)", "training cost per person in CNY (0 for controls)"),
)

MONTHLY = _cols(
    Column("month", "datetime", "月份", "month (first day)"),
    Column("industry", "category", "行业", "industry", categories=INDUSTRIES),
    Column("team", "category", "班组", "team"),
    Column("tickets", "int", "工单量", "tickets created"),
    Column("fcr", "float", "首次解决率", "first contact resolution rate"),
    Column("csat_top2", "float", "满意度(前两项占比)", "CSAT top-2-box share"),
    Column("mean_resolution_hours", "float", "平均解决时长(小时)", "mean time to resolve, hours"),
    Column("sla_compliance", "float", "SLA达成率", "SLA compliance rate"),
    Column("complaints", "int", "投诉数", "complaints received"),
)

SCHEMAS: dict[str, dict[str, Column]] = {
    "staff": STAFF,
    "tickets": TICKETS,
    "surveys": SURVEYS,
    "complaints": COMPLAINTS,
    "competency": COMPETENCY,
    "training": TRAINING,
    "monthly": MONTHLY,
}
