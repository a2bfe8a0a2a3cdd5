"""The simulated world behind the course datasets: teams, categories, effects.

Every number the generator uses lives here, so the planted truths documented
in :mod:`coursekit.datasets.generate` can be read off one page. Effects on
first contact resolution (FCR) are on the logit scale; multipliers on
durations scale the median of a lognormal.

>>> [ind.prefix for ind in INDUSTRY_SPECS]
['MF', 'SV', 'RT', 'FN']
>>> team_ids(INDUSTRY_SPECS[0])
['MF-T1', 'MF-T2', 'MF-T3', 'MF-T4']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# --- time frame --------------------------------------------------------------------------
START = np.datetime64("2023-01-01T00:00", "m")
END = np.datetime64("2025-01-01T00:00", "m")  # export time: the data are a snapshot at this moment
N_DAYS = int((END - START) // np.timedelta64(1, "D"))  # 731
AGENTS_PER_TEAM = 8
DEFAULT_TICKETS_PER_INDUSTRY = 6000

# --- planted truth 1: training programme (July 2024) ---------------------------------------
TRAINING_MONTH = "2024-07"
DRIFT_FROM = np.datetime64("2024-07-01T00:00", "m")  # company-wide knowledge-base update
EFFECT_FROM = np.datetime64("2024-08-01T00:00", "m")  # trained agents back at work
PRE_WINDOW = (np.datetime64("2024-04-01T00:00", "m"), np.datetime64("2024-07-01T00:00", "m"))
POST_WINDOW = (np.datetime64("2024-08-01T00:00", "m"), np.datetime64("2024-11-01T00:00", "m"))
FCR_EFFECT = 0.10
FCR_DRIFT = 0.02
SCORE_EFFECT = 15.0
SCORE_DRIFT = 3.0
# Relative test-score effect of each method (centred over the treated agents, so the
# average treated gain stays SCORE_EFFECT); Means et al. 2013 found blended > face-to-face.
METHOD_SCORE_OFFSET = {"traditional": 0.0, "online": -2.0, "blended": 4.0}
METHOD_COST_YUAN = {"traditional": 2400.0, "online": 800.0, "blended": 1600.0}
METHOD_REACTION = {"traditional": 4.1, "online": 3.6, "blended": 4.4}

# --- planted truth 2: case mix --------------------------------------------------------------
HARD_TEAM = "MF-T3"
HARD_CATEGORY_FACTOR = {"故障维修": 5.0, "安装调试": 5.0, "操作咨询": 0.2}
HARD_PRIORITY_FACTOR = {"P1": 6.0, "P2": 1.6, "P3": 0.55, "P4": 0.35}

# --- planted truth 3: process change ---------------------------------------------------------
SHIFT_TEAM = "RT-T2"
SHIFT_FROM = np.datetime64("2024-03-01T00:00", "m")
SHIFT_FACTOR = 0.6  # every duration after the first response is 40 % shorter

# --- planted truth 4: CSAT model (ordered logit) --------------------------------------------
CSAT_FCR = 0.9  # logit effect of first contact resolution
CSAT_LOG_HOURS = -0.4  # logit effect per unit of ln(resolution hours)
CSAT_CUTS = (-3.3, -2.2, 0.0, 1.7)  # latent > cut_k  <=>  CSAT > k

# --- FCR model --------------------------------------------------------------------------------
# p = FCR_FLOOR + FCR_SPAN * logistic(eta) + drift + training effect; keeps p inside (0, 1).
FCR_FLOOR = 0.05
FCR_SPAN = 0.80
SKILL_FCR = 0.5
PRIORITY_FCR = {"P1": -0.7, "P2": -0.25, "P3": 0.0, "P4": 0.1}
CHANNEL_FCR = {"phone": 0.2, "chat": 0.1, "email": -0.4, "app": 0.0, "onsite": 0.3}
ONSITE_FCR = -0.3

# --- durations (hours; lognormal medians) -----------------------------------------------------
FIRST_RESPONSE_MEDIAN = {"phone": 0.05, "chat": 0.08, "email": 4.0, "app": 1.0, "onsite": 0.1}
FIRST_RESPONSE_SIGMA = 0.8
PRIORITY_SPEED = {"P1": 0.4, "P2": 0.7, "P3": 1.0, "P4": 1.3}
FCR_WORK_MEDIAN = {"phone": 0.3, "chat": 0.3, "email": 2.0, "app": 1.0, "onsite": 0.4}
FCR_WORK_SIGMA = 0.6
WORK_SIGMA = 0.8
REOPEN_EXTRA_MEDIAN = 24.0
PRIORITIES = ("P1", "P2", "P3", "P4")
PRIORITY_WEIGHTS = (0.08, 0.27, 0.45, 0.20)
REGIONS = ("华东", "华南", "华北", "西南", "华中")


@dataclass(frozen=True)
class Category:
    """One issue category: share, FCR logit effect, work-time multiplier, extras."""

    name: str
    weight: float
    fcr: float
    work: float
    onsite: float = 0.0  # P(on-site visit) (manufacturing)
    returns: tuple[float, float] = (0.0, 0.0)  # P(return), P(exchange) (retail)
    complaint: float = 0.0  # P(ticket is a complaint) (services)
    repair: bool = False  # carries a serial number (manufacturing)


@dataclass(frozen=True)
class IndustrySpec:
    """Everything industry-specific."""

    name: str
    prefix: str
    n_teams: int
    regions: tuple[str, ...]
    fcr_base: float  # logit intercept of FCR
    work_median: float  # median hours of work after first response (not FCR)
    channels: dict[str, float]
    products: dict[str, float]
    categories: tuple[Category, ...]
    sla_hours: dict[str, float]
    response_rate: float  # survey response rate among resolved tickets
    csat_intercept: float
    complaint_causes: tuple[str, ...]
    complaint_limit_days: float
    complaint_base: float  # logit of P(complaint) for a plain ticket (not services)
    team_skill: tuple[float, ...]  # mean hidden skill of each team
    competencies: dict[str, tuple[float, int, float]] = field(default_factory=dict)
    # competency -> (importance, required level, average shortfall)


def team_ids(spec: IndustrySpec) -> list[str]:
    """Team ids of one industry, e.g. ``['RT-T1', 'RT-T2', 'RT-T3']``."""
    return [f"{spec.prefix}-T{i + 1}" for i in range(spec.n_teams)]


PARETO_SHARES = (0.36, 0.24, 0.17, 0.08, 0.06, 0.04, 0.03, 0.02)

INDUSTRY_SPECS: tuple[IndustrySpec, ...] = (
    IndustrySpec(
        name="manufacturing", prefix="MF", n_teams=4, regions=("华东", "华北", "华南", "西南"),
        fcr_base=1.5, work_median=18.0,
        channels={"phone": 0.45, "app": 0.25, "chat": 0.15, "email": 0.15},
        products={"数控机床": 0.35, "工业机器人": 0.25, "空压机": 0.25, "注塑机": 0.15},
        categories=(
            Category("操作咨询", 0.32, 0.9, 0.5, onsite=0.02),
            Category("参数设置", 0.20, 0.3, 0.8, onsite=0.10),
            Category("配件更换", 0.15, -0.2, 1.2, onsite=0.40, repair=True),
            Category("故障维修", 0.23, -1.2, 1.8, onsite=0.70, repair=True),
            Category("安装调试", 0.10, -0.9, 1.5, onsite=0.85),
        ),
        sla_hours={"P1": 24.0, "P2": 48.0, "P3": 72.0, "P4": 120.0},
        response_rate=0.26, csat_intercept=1.5,
        complaint_causes=("维修不及时", "重复故障", "配件缺货", "服务态度", "收费争议", "技术人员不专业",
                          "沟通不畅", "其他"),
        complaint_limit_days=7.0, complaint_base=-3.8,
        team_skill=(0.0, -0.1, 1.0, 0.05),
        competencies={"产品知识": (0.20, 4, 0.4), "故障诊断": (0.25, 4, 1.2), "现场维修": (0.20, 4, 0.6),
                      "沟通表达": (0.15, 3, 0.3), "安全规范": (0.10, 4, 0.2), "系统操作": (0.10, 3, 0.2)},
    ),
    IndustrySpec(
        name="services", prefix="SV", n_teams=3, regions=("华东", "华中", "华南"),
        fcr_base=1.3, work_median=14.0,
        channels={"phone": 0.40, "chat": 0.30, "app": 0.20, "email": 0.05, "onsite": 0.05},
        products={"快递物流": 0.35, "家政服务": 0.25, "酒店预订": 0.25, "会员权益": 0.15},
        categories=(
            Category("信息咨询", 0.35, 0.9, 0.5, complaint=0.02),
            Category("预约变更", 0.20, 0.4, 0.7, complaint=0.02),
            Category("服务延误", 0.18, -0.3, 1.2, complaint=0.08),
            Category("服务质量", 0.15, -0.7, 1.6, complaint=0.20),
            Category("费用争议", 0.12, -0.8, 1.8, complaint=0.15),
        ),
        sla_hours={"P1": 4.0, "P2": 12.0, "P3": 24.0, "P4": 48.0},
        response_rate=0.31, csat_intercept=1.35,
        complaint_causes=("服务延误", "服务质量不达标", "收费争议", "服务态度", "预约失约", "承诺未兑现",
                          "隐私泄露", "其他"),
        complaint_limit_days=7.0, complaint_base=-9.0,
        team_skill=(0.1, 0.0, -0.1),
        competencies={"服务规范": (0.20, 4, 0.3), "沟通表达": (0.20, 4, 0.5), "情绪管理": (0.20, 4, 1.1),
                      "投诉处理": (0.20, 4, 0.9), "系统操作": (0.10, 3, 0.2), "业务知识": (0.10, 3, 0.3)},
    ),
    IndustrySpec(
        name="retail", prefix="RT", n_teams=3, regions=("华东", "华南", "华北"),
        fcr_base=1.3, work_median=10.0,
        channels={"chat": 0.45, "app": 0.30, "phone": 0.20, "email": 0.05},
        products={"家电": 0.30, "数码": 0.30, "服饰": 0.25, "美妆": 0.15},
        categories=(
            Category("订单查询", 0.25, 0.9, 0.4),
            Category("物流配送", 0.18, 0.2, 0.9),
            Category("退货退款", 0.22, -0.1, 0.6, returns=(1.0, 0.0)),
            Category("换货", 0.08, -0.3, 0.6, returns=(0.0, 1.0)),
            Category("商品质量", 0.15, -0.6, 1.0, returns=(0.4, 0.3)),
            Category("发票售后", 0.12, 0.5, 0.6),
        ),
        sla_hours={"P1": 24.0, "P2": 72.0, "P3": 168.0, "P4": 240.0},
        response_rate=0.22, csat_intercept=1.9,
        complaint_causes=("退款慢", "商品质量", "物流延误", "换货流程繁琐", "客服态度", "发票问题",
                          "虚假宣传", "其他"),
        complaint_limit_days=7.0, complaint_base=-4.1,
        team_skill=(0.0, 0.05, -0.05),
        competencies={"商品知识": (0.20, 4, 0.5), "沟通表达": (0.20, 4, 0.4), "退换货政策": (0.20, 4, 1.0),
                      "系统操作": (0.15, 3, 0.3), "情绪管理": (0.15, 3, 0.6), "数据分析": (0.10, 3, 0.8)},
    ),
    IndustrySpec(
        name="finance", prefix="FN", n_teams=3, regions=("华北", "华东", "西南"),
        fcr_base=1.35, work_median=16.0,
        channels={"phone": 0.50, "app": 0.25, "chat": 0.15, "onsite": 0.10},
        products={"信用卡": 0.40, "个人贷款": 0.20, "理财": 0.20, "保险": 0.20},
        categories=(
            Category("账户查询", 0.30, 1.0, 0.4),
            Category("挂失补卡", 0.12, 0.6, 0.6),
            Category("费用咨询", 0.18, 0.3, 0.8),
            Category("交易争议", 0.15, -0.8, 2.0),
            Category("贷款还款", 0.15, -0.1, 1.0),
            Category("理赔纠纷", 0.10, -0.7, 1.8),
        ),
        sla_hours={"P1": 8.0, "P2": 24.0, "P3": 48.0, "P4": 72.0},
        response_rate=0.28, csat_intercept=1.3,
        complaint_causes=("费用不透明", "争议处理慢", "销售误导", "服务态度", "系统故障", "催收方式不当",
                          "信息安全", "其他"),
        complaint_limit_days=15.0, complaint_base=-3.2,
        team_skill=(0.05, -0.05, 0.0),
        competencies={"合规意识": (0.25, 5, 0.8), "产品知识": (0.20, 4, 0.6), "沟通表达": (0.15, 4, 0.3),
                      "风险识别": (0.20, 4, 1.0), "系统操作": (0.10, 3, 0.2), "情绪管理": (0.10, 3, 0.4)},
    ),
)

SPEC_BY_NAME = {spec.name: spec for spec in INDUSTRY_SPECS}

# Retail returns: customer sends goods back, then the refund or exchange is processed.
GOODS_RETURN_MEDIAN = 60.0  # hours from first response to goods received
GOODS_RETURN_SIGMA = 0.5
REFUND_MEDIAN = 30.0  # hours from goods received to refund/exchange completed
REFUND_SIGMA = 0.7
# Manufacturing on-site visits.
VISIT_MEDIAN = {"P1": 8.0, "P2": 20.0, "P3": 36.0, "P4": 60.0}
VISIT_SIGMA = 0.5
SECOND_VISIT_MEDIAN = 48.0
FIRST_TIME_FIX_EXTRA = 0.55  # P(fixed on first visit | customer still had to call again)
REPEAT_REPAIR_SHARE = 0.07  # share of repairs that are a repeat of a repair within 30 days
REPEAT_WINDOW_DAYS = 30
# Finance QA sampling.
QA_SAMPLE_SHARE = 0.12
QA_MEAN = 85.0
QA_SD = 6.0
CRITICAL_ERROR_RATE = 0.06
# Services complaint closure after the ticket is resolved.
COMPLAINT_CLOSE_MEDIAN = 20.0
