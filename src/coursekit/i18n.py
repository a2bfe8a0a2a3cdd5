"""Chinese/English labels for KPIs, dataset columns, dimensions, grades and plots.

The display language is the only global setting in coursekit. It starts as
Chinese (``"zh"``); :func:`set_language` switches it for every later label,
plot title, widget caption and error message (:class:`coursekit.DataError`
and :class:`coursekit.ConfigError` render in it; their English text stays
available as ``error.english``). :func:`set_message_language` pins the
language of error messages alone; the library's own test suite pins them to
English, the canonical text its tests and doctests read.

>>> from coursekit.i18n import label, set_language, get_language
>>> get_language()
'zh'
>>> label("fcr")
'首次解决率(FCR)'
>>> set_language("en")
>>> label("fcr")
'first contact resolution (FCR)'
>>> label("fcr", lang="zh")      # one-off lookup in another language
'首次解决率(FCR)'
>>> set_language("zh")

How a key is looked up, first match wins:

1. an exact key: a KPI code (``"csat"``), a dimension (``"customer"``), a plot or
   widget text (``"plot.pareto.title"``), a grade (``"grade.A"``), a category
   value (``"manufacturing"``, ``"treatment"``), a namespaced dataset column
   (``"tickets.agent_id"``) or a bare dataset column (``"sla_hours"``; when a
   name occurs in several datasets, the first in
   :data:`coursekit.schema.SCHEMAS` order wins, and a KPI code wins
   over a column of the same name);
2. a label text in either language, so Chinese dimension names translate too
   (``label("客户", lang="en") == "customer"``);
3. anything else is returned unchanged as a string (your own team names,
   agent ids and column names pass through).

English column labels are the schema's English description without its
trailing explanation in parentheses (``"agent id (e.g. MF-A01)"`` becomes
``"agent id"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from coursekit._language import LANGUAGES, Language, display_language, pinned_message_language, store
from coursekit._language import message_language as message_language
from coursekit.errors import ConfigError

# --- KPI codes (the shared contract; rates are fractions, NPS -100..100) ------------------
# Display labels: the catalog's name (coursekit.kpi.catalog) plus an abbreviation or unit.
_KPI = {
    "fcr": ("首次解决率(FCR)", "first contact resolution (FCR)"),
    "first_time_fix": ("一次修复率", "first-time fix rate"),
    "frt_mean_h": ("平均首次响应时长(小时)", "mean time to first response (h)"),
    "frt_median_h": ("首次响应时长中位数(小时)", "median time to first response (h)"),
    "ttr_mean_h": ("平均解决时长(小时)", "mean time to resolve (h)"),
    "ttr_median_h": ("解决时长中位数(小时)", "median time to resolve (h)"),
    "sla_compliance": ("SLA达成率", "SLA compliance"),
    "backlog": ("积压工单数", "backlog (open tickets)"),
    "reopen_rate": ("重开率", "re-open rate"),
    "repeat_repair_rate": ("重复维修率", "repeat repair rate"),
    "csat": ("客户满意度(前两项占比)", "CSAT (top-2-box)"),
    "csat_mean": ("客户满意度均分(1-5)", "CSAT (mean score)"),
    "nps": ("净推荐值(NPS)", "net promoter score (NPS)"),
    "ces": ("客户费力度(CES)", "customer effort score (CES)"),
    "complaint_rate": ("投诉率(每千)", "complaint rate per 1,000"),
    "complaint_satisfaction": ("投诉处理满意度", "complaint-handling satisfaction"),
    "return_time_h": ("退换货处理时长(小时)", "return/exchange processing time (h)"),
    "retention": ("客户保留率", "customer retention"),
    "qa_score": ("质检得分", "QA score"),
    "critical_error_rate": ("合规关键错误率", "critical error rate"),
}

# --- KPI-system dimensions -----------------------------------------------------------------
_DIMENSIONS = {
    "customer": ("客户", "customer"),
    "efficiency": ("效率", "efficiency"),
    "quality": ("质量", "quality"),
    "capability": ("能力", "capability"),
}

# --- grades (letters as produced by coursekit.appraisal) -----------------------------------
_GRADES = {
    "grade.A": ("A 级", "grade A"),
    "grade.B": ("B 级", "grade B"),
    "grade.C": ("C 级", "grade C"),
    "grade.D": ("D 级", "grade D"),
    "grade.E": ("E 级", "grade E"),
}

# --- category values seen in the datasets ---------------------------------------------------
_VALUES = {
    "manufacturing": ("制造业", "manufacturing"),
    "services": ("服务业", "services"),
    "retail": ("零售业", "retail"),
    "finance": ("金融业", "finance"),
    "phone": ("电话", "phone"),
    "chat": ("在线客服", "chat"),
    "email": ("邮件", "email"),
    "app": ("App", "app"),
    "onsite": ("到店/网点", "walk-in"),
    "treatment": ("培训组", "treatment"),
    "control": ("对照组", "control"),
    "traditional": ("传统面授", "traditional"),
    "online": ("在线学习", "online"),
    "blended": ("混合式", "blended"),
    "before": ("培训前", "before"),
    "after": ("培训后", "after"),
    "composite": ("综合得分", "composite score"),
    "rank": ("排名", "rank"),
    "ranking": ("排名", "rank"),
    "indicator": ("指标", "indicator"),
    "dimension": ("维度", "dimension"),
    "value": ("实际值", "value"),
    "score": ("得分", "score"),
    "contribution": ("贡献分", "contribution"),
    "grade": ("等级", "grade"),
    "weight": ("权重", "weight"),
    "target": ("目标值", "target"),
}

# --- plot and widget texts (keys used by coursekit.plots and coursekit.widgets) -----------
_TEXTS = {
    "plot.radar.title": ("绩效画像", "performance profile"),
    "plot.pareto.title": ("帕累托图", "Pareto chart"),
    "plot.pareto.category": ("类别", "category"),
    "plot.pareto.count": ("频数", "count"),
    "plot.pareto.cumulative": ("累计占比", "cumulative share"),
    "plot.pareto.threshold": ("{share:.0%} 线", "{share:.0%} line"),
    "plot.pareto.vital_few": ("关键少数", "vital few"),
    "plot.pareto.other": ("其他({n}类)", "other ({n} kinds)"),
    "plot.control.title": ("控制图", "control chart"),
    "plot.control.point": ("序号", "observation"),
    "plot.control.value": ("观测值", "value"),
    "plot.control.centre": ("中心线 CL", "centre line CL"),
    "plot.control.ucl": ("上控制限 UCL", "upper control limit UCL"),
    "plot.control.lcl": ("下控制限 LCL", "lower control limit LCL"),
    "plot.control.violation": ("判异点", "rule violation"),
    "plot.distribution.title": ("综合得分分布", "distribution of composite scores"),
    "plot.distribution.score": ("综合得分", "composite score"),
    "plot.distribution.count": ("人数", "number of people"),
    "plot.before_after.title": ("培训前后对比", "before vs after"),
    "plot.before_after.value": ("得分", "score"),
    "plot.before_after.mean": ("均值", "mean"),
    "plot.change": ("平均变化 {delta:+.3g}", "mean change {delta:+.3g}"),
    "plot.bars.title": ("指标对比", "KPI comparison"),
    "plot.bars.group": ("分组", "group"),
    "plot.bars.value": ("数值", "value"),
    "plot.ranking.title": ("综合得分排名", "composite score ranking"),
    "widget.weights": ("指标权重(合计为 1)", "indicator weights (sum to 1)"),
    "widget.reset": ("恢复初始权重", "reset weights"),
    "widget.reset_values": ("恢复原始数值", "reset values"),
    "widget.value": ("实际值", "actual value"),
    "widget.target": ("目标值", "target"),
    "widget.baseline": ("调整前", "before the change"),
    "widget.now": ("调整后", "after the change"),
    "widget.agent": ("员工", "agent"),
    "widget.indicator": ("指标", "indicator"),
    "widget.none": ("无", "none"),
    "widget.roi.value_per_point": ("每点价值(元)", "value per point"),
    "widget.roi.basis": ("效应口径", "effect basis"),
    "widget.roi.summary": ("ROI = {roi:.1f}%，BCR = {bcr:.2f}（年收益 {benefits:,.0f} 元，成本 {costs:,.0f} 元）",
                           "ROI = {roi:.1f}%, BCR = {bcr:.2f} (benefits {benefits:,.0f}, costs {costs:,.0f})"),
    "widget.roi.breakeven": ("盈亏平衡的每点价值约 {value:,.0f} 元", "break-even value per point about {value:,.0f}"),
    "widget.roi.no_breakeven": ("效应不大于 0：每点价值再高也不回本",
                                "effect not above 0: no value per point breaks even"),
    "widget.xmr.title": ("{group} {metric} XmR 图", "{group} {metric} XmR chart"),
    "widget.xmr.flagged": ("基线之后触发规则的{period}：{items}",
                           "{period}s after the baseline that break a rule: {items}"),
    # coursekit.quiz
    "quiz.correct": ("✔ 正确", "✔ Correct"),
    "quiz.wrong": ("✘ 不对", "✘ Not quite"),
    "quiz.submit": ("提交", "Submit"),
    "quiz.title": ("自测", "Self-check"),
    "quiz.show_answer": ("查看答案", "Show the answer"),
    "quiz.answer": ("答案", "Answer"),
    "quiz.think_first": ("答案（先想一想再看）", "Answer (think first)"),
    "quiz.right_answer": ("正确答案：{answer}", "Correct answer: {answer}"),
    "quiz.multi": ("（多选，选出所有正确项）", "(choose all that apply)"),
    "quiz.choose_one": ("请先选择一个选项。", "Choose an option first."),
    "quiz.choose_some": ("请先勾选至少一个选项。", "Tick at least one option first."),
    "quiz.empty_number": ("请先填写一个数字。", "Type a number first."),
    "quiz.bad_number": ("无法识别为数字：{text}。可以这样写：0.087、8.7%、1,234。",
                        "{text} is not a number: write e.g. 0.087, 8.7% or 1,234."),
    "quiz.as_percent": ("提示：看起来你填的是百分数的数值，请加上 % 号（如 {value}%），或写成小数。",
                        "Hint: that looks like a percentage; add the % sign (e.g. {value}%) or write a fraction."),
    "quiz.as_fraction": ("提示：本题以百分数作答，{value} 应写成 {percent}。",
                         "Hint: answer in percent; {value} is {percent}."),
    "quiz.tolerance": ("允许误差 ±{tol}", "within ±{tol}"),
    "quiz.placeholder": ("例如 0.087 或 8.7%", "e.g. 0.087 or 8.7%"),
    "quiz.placeholder_unit": ("填写数字（单位：{unit}）", "a number (unit: {unit})"),
    "quiz.explain": ("解析：", "Why: "),
}

# --- column names of result tables (coursekit.results: .table() and _repr_html_) -------------
_RESULTS = {
    "pre": ("前测", "pre"),
    "post": ("后测", "post"),
    "change": ("变化", "change"),
    "treated": ("是否培训组", "treated"),
    "n": ("人数(n)", "n"),
    "mean_pre": ("前测均值", "mean before"),
    "mean_post": ("后测均值", "mean after"),
    "mean_diff": ("平均变化", "mean change"),
    "sd_diff": ("变化标准差", "sd of change"),
    "se": ("标准误", "standard error"),
    "ci_low": ("置信区间下限", "CI low"),
    "ci_high": ("置信区间上限", "CI high"),
    "confidence": ("置信水平", "confidence"),
    "raw_benefits": ("原始收益", "raw benefits"),
    "benefits": ("归因收益", "attributed benefits"),
    "costs": ("成本", "costs"),
    "net_benefit": ("净收益", "net benefit"),
    "roi_pct": ("投资回报率(%)", "ROI %"),
    "bcr": ("效益成本比", "BCR"),
    "need_index": ("需求指数", "need index"),
    "n_gaps": ("差距项数", "gaps"),
    "top_competency": ("首要能力项", "top competency"),
    "top_weighted_gap": ("最大加权差距", "top weighted gap"),
    "criterion": ("准则", "criterion"),
    "criterion_weight": ("准则权重", "criterion weight"),
    "local_weight": ("局部权重", "local weight"),
    "global_weight": ("全局权重", "global weight"),
    "share": ("占比", "share"),
    "quota": ("配额", "quota"),
    "deviation": ("偏差", "deviation"),
    "mr": ("移动极差", "moving range"),
    "centre": ("中心线", "centre line"),
    "ucl": ("控制上限", "UCL"),
    "lcl": ("控制下限", "LCL"),
    "mr_centre": ("极差中心线", "mR centre"),
    "mr_ucl": ("极差上限", "mR UCL"),
    "baseline": ("基期", "baseline"),
    "outside": ("超出控制限", "outside limits"),
    "mr_outside": ("极差超限", "mR outside"),
    "defects": ("不合格数", "defects"),
    "size": ("样本量", "sample size"),
    "sigma": ("标准差", "sigma"),
    "plan": ("计划", "plan"),
    "measures": ("措施", "measures"),
    "kpi": ("KPI", "KPI"),
    "stage": ("阶段", "stage"),
    "delta": ("变化量", "delta"),
    "relative_change": ("相对变化", "relative change"),
    "improved": ("是否改善", "improved"),
    "note": ("说明", "note"),
}

_FIXED: dict[str, tuple[str, str]] = {**_RESULTS, **_TEXTS, **_GRADES, **_VALUES, **_DIMENSIONS, **_KPI}


def set_language(lang: str) -> None:
    """Set the display language of labels, plots and widgets: ``"zh"`` or ``"en"``.

    Case and a region suffix are ignored (``"zh-CN"``, ``"EN_us"``).

    >>> set_language("en"); get_language()
    'en'
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: unknown language 'fr': use one of 'zh', 'en'
    >>> set_language("zh")
    """
    store(language=_check(lang))


def get_language() -> Language:
    """The current display language (``"zh"`` unless :func:`set_language` changed it).

    >>> get_language()
    'zh'
    """
    return display_language()


def set_message_language(lang: str | None) -> None:
    """Pin the language of error messages (``"zh"``/``"en"``), or ``None`` to follow :func:`set_language`.

    Labels are not affected. The test suite pins English so that tests and
    doctests read the canonical messages whatever the display language.

    >>> set_message_language("zh"); message_language()
    'zh'
    >>> set_message_language("en")      # back to the test suite's pin (the root conftest.py)
    """
    store(messages=None if lang is None else _check(lang))


@contextmanager
def messages_in(lang: str | None) -> Iterator[None]:
    """Render error messages in ``lang`` inside a ``with`` block (the previous setting comes back after).

    >>> from coursekit.errors import DataError
    >>> with messages_in("zh"):
    ...     print(DataError("amount", "must be a number"))
    列 'amount'：必须是数字
    """
    before = pinned_message_language()
    set_message_language(lang)
    try:
        yield
    finally:
        store(messages=before)


def message_text(text: str) -> str:
    """An English message ``text`` in the message language (Chinese when a rendering is known).

    For notes that are not errors (what ``read_tickets`` skipped, for example); errors render
    themselves the same way.

    >>> with messages_in("zh"):
    ...     print(message_text("must be a number"))
    必须是数字
    >>> message_text("something new")
    'something new'
    """
    from coursekit._messages_zh import translate

    return (translate(text) if message_language() == "zh" else None) or text


def label(key: Any, lang: str | None = None, **fields: Any) -> str:
    """The display text of ``key`` in ``lang`` (default: the current language).

    ``fields`` fill ``{placeholders}`` of texts that have them. Unknown keys come
    back unchanged (as ``str``), so your own names pass through.

    >>> label("customer", lang="zh"), label("客户", lang="en")
    ('客户', 'customer')
    >>> label("tickets.agent_id", lang="zh"), label("agent_id", lang="en")
    ('处理人', 'agent id')
    >>> label("plot.change", lang="en", delta=2.5)
    'mean change +2.5'
    >>> label("MF-T3")
    'MF-T3'
    """
    position = LANGUAGES.index(_check(lang)) if lang is not None else LANGUAGES.index(get_language())
    text = str(key)
    pair = _FIXED.get(text) or _columns().get(text) or _reverse().get(text)
    if pair is None:
        return text
    result = pair[position]
    return result.format(**fields) if fields else result


def column_label(name: Any, lang: str | None = None) -> str | None:
    """The label of a dataset column (not a KPI of the same name), or ``None`` for other names.

    >>> column_label("csat", lang="zh"), column_label("MF-T3") is None
    ('满意度(1-5)', True)
    """
    pair = _columns().get(str(name))
    if pair is None:
        return None
    return pair[LANGUAGES.index(_check(lang)) if lang is not None else LANGUAGES.index(get_language())]


def labels(keys: Iterable[Any], lang: str | None = None) -> list[str]:
    """:func:`label` of each key, as a list.

    >>> labels(["quality", "efficiency"], lang="zh")
    ['质量', '效率']
    """
    return [label(k, lang=lang) for k in keys]


def has_label(key: Any) -> bool:
    """Whether ``key`` (or a label text) is known, i.e. :func:`label` translates it.

    >>> has_label("nps"), has_label("质量"), has_label("MF-T3")
    (True, True, False)
    """
    text = str(key)
    return text in _FIXED or text in _columns() or text in _reverse()


def _check(lang: Any) -> Language:
    text = str(lang).strip().lower().replace("_", "-").split("-")[0] if isinstance(lang, str) else None
    for known in LANGUAGES:
        if text == known:
            return known
    valid = ", ".join(repr(x) for x in LANGUAGES)
    raise ConfigError(f"unknown language {lang!r}: use one of {valid}")


_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")


@lru_cache(maxsize=1)
def _columns() -> dict[str, tuple[str, str]]:
    """Dataset column labels from the schema contract (built on first use)."""
    from coursekit.schema import SCHEMAS

    table: dict[str, tuple[str, str]] = {}
    for dataset, columns in SCHEMAS.items():
        for name, column in columns.items():
            pair = (column.zh, _PARENTHETICAL.sub("", column.en) or column.en)
            table[f"{dataset}.{name}"] = pair
            table.setdefault(name, pair)
    return table


@lru_cache(maxsize=1)
def _reverse() -> dict[str, tuple[str, str]]:
    """Label text (either language) -> its pair, for texts without placeholders."""
    table: dict[str, tuple[str, str]] = {}
    for pair in [*_FIXED.values(), *_columns().values()]:
        if "{" in pair[0]:
            continue
        for text in pair:
            table.setdefault(text, pair)
    return table
