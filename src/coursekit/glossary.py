"""The course glossary (术语表): every KPI and every method, with where the course uses it.

``chapters/glossary.md`` is generated, never edited by hand:

* the KPIs come from the one KPI catalog, :func:`coursekit.kpi.catalog`
  (Chinese and English name, formula, 口径 note in Chinese with the English
  definition variant below it, direction, unit);
* the methods and concepts the course teaches are the data in :data:`METHODS`
  below (Chinese and English name, a one-paragraph definition, a formula
  where there is one, and the words that mark the term in a notebook);
* "课程中出现" is computed by scanning the chapters (``chapters/*.ipynb``) and
  the exercises (``course/source/*/*.ipynb``) for those words: an ASCII word
  (``AHP``, ``fcr``) must stand alone and match case; a Chinese term matches
  anywhere.

Regenerate with ``coursekit glossary`` (``--check`` only reports staleness).

>>> term = next(t for t in METHODS if t.key == "ahp")
>>> term.zh, term.en
('层次分析法', 'analytic hierarchy process (AHP)')
>>> mentions("用 AHP 定权重；AHPX 不算", term.terms)
True
>>> mentions("AHPX", ("AHP",))
False
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["METHODS", "Term", "glossary_markdown", "mentions", "usage", "write_glossary"]

GLOSSARY_PATH = Path("chapters") / "glossary.md"


@dataclass(frozen=True)
class Term:
    """A method or concept of the course: names, definition, optional formula, the words that mark it."""

    key: str
    zh: str
    en: str
    definition: str
    formula: str = ""
    terms: tuple[str, ...] = ()


METHODS: tuple[Term, ...] = (
    Term("kpi", "关键绩效指标", "key performance indicator (KPI)",
         "把工作目标落到可以计算、可以比较的少数指标上；每个指标要写明公式、口径、数据来源、考核周期和方向。",
         "", ("关键绩效指标", "KPI")),
    Term("indicator_card", "指标卡片", "indicator card",
         "一张卡片写清一个指标的口径、数据来源、考核周期、责任人、目标值和权重，是指标体系落地的说明书"
         "（`coursekit.system.indicator_cards`）。", "", ("指标卡",)),
    Term("koujing", "口径", "definition of a measure (scope and counting rules)",
         "一个指标到底数哪些记录：分子、分母各包含什么，未结事项怎么算，时间按什么起止。口径不同，同名指标不可比。",
         "", ("口径",)),
    Term("balanced_scorecard", "平衡计分卡", "balanced scorecard (BSC)",
         "从财务、客户、内部流程、学习与成长四个视角平衡地设置指标，避免只看单一结果。", "",
         ("平衡计分卡", "Balanced Scorecard", "BSC")),
    Term("smart", "SMART 原则", "SMART criteria",
         "好目标要具体、可衡量、可达成、与岗位相关、有时限。", "", ("SMART",)),
    Term("minmax", "极差标准化", "min-max normalisation",
         "把不同单位的指标换算到 0–100：最好的得 100，最差的得 0；越低越好的指标方向反过来。"
         "得分是相对的，换一批人就会变。",
         "$s = 100\\,(x - \\min) / (\\max - \\min)$（越低越好时用 $\\max - x$）", ("极差标准化", "min-max")),
    Term("ahp", "层次分析法", "analytic hierarchy process (AHP)",
         "管理者用 Saaty 1–9 标度两两比较指标的重要性，填成判断矩阵；"
         "主特征向量给出权重，一致性比率检查判断是否自相矛盾。",
         "$CI = (\\lambda_{max} - n)/(n - 1)$，$CR = CI / RI(n)$，$CR < 0.10$ 可接受",
         ("层次分析法", "AHP")),
    Term("saaty_scale", "Saaty 1–9 标度", "Saaty's 1-9 scale",
         "两两比较的打分尺度：1 同样重要，3 稍微重要，5 明显重要，7 强烈重要，9 极端重要，"
         "2、4、6、8 介于其间，反过来比较取倒数。",
         "", ("Saaty",)),
    Term("entropy_weight", "熵权法", "entropy weight method",
         "用数据本身定权重：一个指标在被考核者之间差异越大（信息熵越小），权重越大。它只反映区分度，不反映重要性。",
         "$e_j = -\\frac{1}{\\ln n}\\sum_i p_{ij}\\ln p_{ij}$，$w_j = (1 - e_j) / \\sum_k (1 - e_k)$",
         ("熵权法", "熵权", "entropy")),
    Term("case_mix", "病例组合调整", "case-mix adjustment",
         "比较员工前先扣除工作难度的差别：按工单结构（渠道、优先级、业务类型）算出每人的期望值，再看实际比期望好多少。",
         "O/E 比 = 实际值 / 期望值（期望值按同类工单的全体平均计算）", ("病例组合调整", "case-mix", "O/E")),
    Term("forced_distribution", "强制分布", "forced distribution",
         "按事先规定的比例把人分进各等级（如 A 不超过 20%）；小团队里随机波动大，要慎用或改用阈值法。", "",
         ("强制分布", "forced distribution")),
    Term("shrinkage", "收缩估计", "shrinkage (empirical Bayes)",
         "样本少的人的比率向总体均值拉近，拉多少由样本量决定，避免小样本的偶然高低被当成真实差别。",
         "$\\hat p_i = (x_i + k\\,\\bar p) / (n_i + k)$", ("收缩", "shrinkage", "shrink")),
    Term("calibration", "校准会", "calibration meeting",
         "评级公布前，各级主管对照同一套证据复核评级，统一尺度、纠正宽严不一和晕轮效应。", "", ("校准会",)),
    Term("goodhart", "古德哈特定律", "Goodhart's law",
         "一个指标一旦成为考核目标，就不再是好的指标：人们会去优化数字本身。", "", ("古德哈特", "Goodhart")),
    Term("campbell", "坎贝尔定律", "Campbell's law",
         "量化指标越是用于重要决策，越容易被扭曲，也越会扭曲它本来要监测的工作。", "", ("坎贝尔", "Campbell")),
    Term("servqual", "SERVQUAL 模型", "SERVQUAL",
         "从有形性、可靠性、响应性、保证性、移情性五个维度衡量服务质量，服务质量差距 = 感知 − 期望。", "",
         ("SERVQUAL",)),
    Term("training_needs", "培训需求分析", "training needs analysis",
         "按组织、任务、人员三个层次找出谁需要培训、培训什么；人员层面用能力差距 = max(要求 − 当前, 0) × 重要度。",
         "", ("培训需求", "能力差距")),
    Term("kirkpatrick", "柯氏四级评估", "Kirkpatrick's four levels",
         "培训评估的四个层级：反应（喜不喜欢）、学习（学会没有）、行为（回岗后做没做）、结果（业务有没有变好）。",
         "", ("柯氏", "Kirkpatrick")),
    Term("roi", "培训投资回报率", "return on investment (ROI)",
         "Phillips 在柯氏四级之上加的第 5 级：把培训带来的收益折算成金额，与成本比较。",
         "ROI % = (收益 − 成本) / 成本 × 100，收益成本比 BCR = 收益 / 成本", ("ROI", "投资回报")),
    Term("paired_t", "配对 t 检验", "paired t-test",
         "同一批人培训前后各测一次，检验平均变化是否不为 0；效应量要写明是 d_z 还是 d_av。",
         "$t = \\bar d / (s_d / \\sqrt n)$，$d_z = \\bar d / s_d$，$d_{av} = \\bar d / ((s_{前} + s_{后})/2)$",
         ("配对 t", "配对t", "paired")),
    Term("effect_size", "效应量", "effect size (Cohen's d)",
         "变化相对于离散程度有多大，与样本量无关；经验标准 0.2 小、0.5 中、0.8 大。", "", ("效应量", "Cohen")),
    Term("did", "双重差分", "difference-in-differences (DiD)",
         "培训组的前后变化减去对照组同期的前后变化，扣除两组共同经历的变化（季节、系统升级等）。",
         "DiD = (培训组后 − 培训组前) − (对照组后 − 对照组前)", ("双重差分", "DiD")),
    Term("confidence_interval", "置信区间", "confidence interval",
         "估计值的不确定范围；区间包含 0 时，数据不足以说明有差别。", "", ("置信区间",)),
    Term("pdca", "PDCA 循环", "PDCA cycle (plan-do-check-act)",
         "计划、执行、检查、处理四步一轮接一轮地转，让改进持续下去；检查一步用控制图和帕累托图看数据。", "",
         ("PDCA",)),
    Term("control_chart", "控制图", "control chart",
         "按时间画出指标，并画出由过程自身波动算出的中心线和上下控制限，区分普通波动和需要查找原因的异常。", "",
         ("控制图", "控制限")),
    Term("xmr", "XmR 图（单值—移动极差图）", "XmR chart (individuals and moving range)",
         "每期只有一个数（如月度均值）时用的控制图。",
         "$\\overline{mR}$ = 相邻两点差的绝对值的平均；控制限 = $\\bar x \\pm 2.66\\,\\overline{mR}$", ("XmR",)),
    Term("p_chart", "p 控制图", "p-chart",
         "比率（如投诉占比、FCR）的控制图；每期基数不同时控制限随基数变化。",
         "$\\bar p \\pm 3\\sqrt{\\bar p(1 - \\bar p)/n_t}$", ("p 控制图", "p 图", "p-chart")),
    Term("we_rules", "西方电气（WE）规则", "Western Electric rules",
         "控制图的判异规则：1 点超出 3σ；3 点中 2 点在同侧超出 2σ；5 点中 4 点在同侧超出 1σ；连续 8 点在中心线同侧。",
         "", ("西方电气", "Western Electric")),
    Term("nelson_rules", "Nelson 规则", "Nelson rules",
         "在西方电气规则基础上扩展的 8 条判异规则，增加了趋势、交替和过于集中等模式。", "", ("Nelson",)),
    Term("pareto", "帕累托分析", "Pareto analysis",
         "把问题按类别从多到少排列并画累计占比，找出造成大部分问题的“关键少数”类别。", "",
         ("帕累托", "Pareto")),
    Term("compliance_gate", "合规闸门", "compliance gate",
         "不可补偿的底线规则：出现违规时，无论综合得分多高，等级都封顶；违规不进入加权平均。", "", ("合规闸门",)),
)

_DIRECTION = {"higher": "越高越好", "lower": "越低越好"}
_UNIT = {"fraction 0-1": "比例（0–1）", "hours": "小时", "tickets (count)": "工单数", "score 1-5": "1–5 分",
         "score -100..100": "−100 到 100 分", "score 1-7": "1–7 分", "score 0-100": "0–100 分",
         "per 1,000 of the stated base": "每千（写明基数）"}
_ABBREVIATION = re.compile(r"\(([A-Z]{2,})\)")


def mentions(text: str, terms: Iterable[str]) -> bool:
    """Whether ``text`` contains one of ``terms`` (ASCII words whole and case-sensitive, Chinese anywhere).

    >>> mentions("kpi.fcr(tickets)", ["fcr"]), mentions("fcr_rate", ["fcr"]), mentions("首次解决率高", ["首次解决率"])
    (True, False, True)
    """
    for term in terms:
        if term.isascii():
            if re.search(rf"(?<![A-Za-z0-9_]){re.escape(term)}(?![A-Za-z0-9_])", text):
                return True
        elif term in text:
            return True
    return False


def notebooks(root: Path) -> dict[str, tuple[str, str]]:
    """``{label: (link or "", full text)}`` of the chapters and the exercise sources under ``root``."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted((root / "chapters").glob("*.ipynb")):
        found[path.stem.split("_")[0]] = (path.name, _text(path))
    for path in sorted((root / "course" / "source").glob("*/*.ipynb")):
        found[f"练习 {path.parent.name.split('_')[0]}"] = ("", _text(path))
    return found


def usage(terms: Sequence[str], texts: dict[str, tuple[str, str]]) -> str:
    """Markdown list of the notebooks that mention any of ``terms`` (``—`` when none).

    >>> usage(["NPS"], {"01": ("01_concepts.ipynb", "NPS 是…"), "练习 a1": ("", "nps"), "02": ("x", "")})
    '[01](01_concepts.ipynb)'
    """
    shown = [f"[{label}]({link})" if link else label
             for label, (link, text) in texts.items() if mentions(text, terms)]
    return "、".join(shown) if shown else "—"


def glossary_markdown(root: Path | str) -> str:
    """The text of ``chapters/glossary.md`` for the repository at ``root``."""
    from coursekit.i18n import label
    from coursekit.kpi import catalog

    texts = notebooks(Path(root))
    lines = ["# 术语表（Glossary）", "",
             "本页由 `coursekit glossary` 从 KPI 目录（`coursekit.kpi.catalog()`）和 `coursekit/glossary.py` "
             "中的方法清单生成，请勿手工编辑。“课程中出现”一栏由程序扫描各章笔记本和练习得到。", "",
             "## 一、KPI 指标", ""]
    for code, row in catalog().iterrows():
        short = _ABBREVIATION.findall(label(code, lang="en"))
        terms = [str(row["name_zh"]), str(code), *short]
        lines += [f"### {row['name_zh']}（{row['name_en']}，`{code}`）", "",
                  f"- **公式**：{row['formula_zh']}",
                  f"- **Formula**: {row['formula']}",
                  f"- **口径说明**：{row['variant_zh']}",
                  f"- **Definition variant**: {row['variant']}",
                  f"- **方向**：{_DIRECTION.get(str(row['direction']), row['direction'])}；"
                  f"**单位**：{_UNIT.get(str(row['unit']), row['unit'])}",
                  f"- **计算函数**：`coursekit.kpi.{row['function']}`",
                  f"- **课程中出现**：{usage(terms, texts)}", ""]
    lines += ["## 二、方法与概念", ""]
    for term in METHODS:
        lines += [f"### {term.zh}（{term.en}）", "", f"- **定义**：{term.definition}"]
        if term.formula:
            lines.append(f"- **公式**：{term.formula}")
        lines += [f"- **课程中出现**：{usage(term.terms, texts)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_glossary(root: Path | str, *, check: bool = False) -> bool:
    """Write ``chapters/glossary.md`` under ``root``; returns whether it changed (with ``check``, only compares)."""
    path = Path(root) / GLOSSARY_PATH
    text = glossary_markdown(root)
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == text:
        return False
    if not check:
        path.write_text(text, encoding="utf-8")
    return True


def _text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells)


# --------------------------------------------------------------------------- command line
def add_commands(subparsers) -> None:  # pragma: no cover - exercised through the CLI test
    parser = subparsers.add_parser("glossary", help="regenerate chapters/glossary.md from the KPI catalog")
    parser.add_argument("--root", default=".", help="repository root (default: the current folder)")
    parser.add_argument("--check", action="store_true", help="only report whether the file is out of date")
    parser.set_defaults(func=_run)


def _run(args) -> int:  # pragma: no cover - exercised through the CLI test
    root = Path(args.root)
    if not (root / "chapters").is_dir():
        from coursekit.errors import ConfigError

        raise ConfigError(f"no chapters/ folder under {root.resolve()}: run from the repository root or pass --root")
    changed = write_glossary(root, check=args.check)
    state = "out of date" if changed and args.check else ("written" if changed else "up to date")
    print(f"{GLOSSARY_PATH.as_posix()}: {state}")
    return 1 if changed and args.check else 0
