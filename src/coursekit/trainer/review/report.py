"""The class report: item analysis and trainee profiles as one HTML page.

:func:`analyse_assignment` reads the gradebook and computes the item analysis
(:func:`coursekit.trainer.review.items.item_analysis`, re-exported here) and every
trainee's strengths and gaps per course section (:mod:`coursekit.trainer.author.sections`).
:func:`write_report` renders a self-contained HTML page in Chinese with
embedded PNG plots: difficulty against discrimination, the score
distribution, and a trainee × section heat map.
"""

from __future__ import annotations

import base64
import html
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit.trainer.review.items import FLAG_LABELS, item_analysis, trainee_profiles

__all__ = ["ClassReport", "analyse_assignment", "item_analysis", "render_html", "write_report"]


@dataclass
class ClassReport:
    """Everything the report shows.

    ``items``: :func:`item_analysis` plus ``section`` and ``kind`` columns;
    ``profiles``: :func:`trainee_profiles`; ``totals``: per trainee ``score``,
    ``max_score``, ``proportion``, ``strengths`` and ``gaps`` (section names
    joined with "、").
    """

    assignment: str
    items: pd.DataFrame
    profiles: pd.DataFrame
    totals: pd.DataFrame


def summarise(matrix: pd.DataFrame, max_scores: pd.Series, sections: pd.Series,
              assignment: str = "") -> ClassReport:
    """Build a :class:`ClassReport` from a score matrix (no gradebook needed).

    >>> m = pd.DataFrame({"q1": [1.0, 0.0, 1.0], "q2": [1.0, 0.0, 0.0]}, index=["a", "b", "c"])
    >>> r = summarise(m, pd.Series({"q1": 1.0, "q2": 1.0}), pd.Series({"q1": "S1", "q2": "S2"}))
    >>> r.totals.loc["c", "strengths"], r.totals.loc["c", "gaps"]
    ('S1', 'S2')
    """
    items = item_analysis(matrix, max_scores)
    items.insert(0, "section", sections.reindex(items.index).to_numpy())
    profiles = trainee_profiles(matrix, max_scores, sections)
    filled = matrix.fillna(0.0).astype("float64")
    maximum = float(max_scores.reindex(matrix.columns).sum())
    totals = pd.DataFrame({"score": filled.sum(axis=1), "max_score": maximum})
    totals["proportion"] = totals["score"] / maximum
    for label, column in (("strength", "strengths"), ("gap", "gaps")):
        chosen = profiles[profiles["label"] == label]
        joined = chosen.groupby("student", sort=False)["section"].agg("、".join)
        totals[column] = joined.reindex(totals.index).fillna("")
    totals.index.name = "student"
    return ClassReport(assignment, items, profiles, totals)


def analyse_assignment(course_dir: str | os.PathLike, assignment: str,
                       kinds: tuple[str, ...] = ("test",)) -> ClassReport:
    """Item analysis and profiles of ``assignment`` from the gradebook.

    Only cells of the given ``kinds`` count (default: autograded test cells);
    trainees whose grading failed (no test scores) are left out.
    """
    from coursekit.trainer.review.scores import load_scores

    sheet = load_scores(course_dir, assignment)
    matrix = sheet.matrix(kinds).dropna(axis=0, how="all")
    report = summarise(matrix, sheet.max_scores(kinds), sheet.items["section"], assignment)
    report.items.insert(1, "kind", sheet.items["kind"].reindex(report.items.index).to_numpy())
    return report


# -- plots ---------------------------------------------------------------------

def _font_context() -> tuple[dict, bool]:
    """rcParams for Chinese text and whether a CJK font was found."""
    import matplotlib

    from coursekit.plots.fonts import setup_fonts

    with matplotlib.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no CJK font: the report says so itself, in English
        family = setup_fonts()
    if family is None:
        return {}, False
    return {"font.family": ["sans-serif"], "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False}, True


def _png(fig: Any) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plot_images(report: ClassReport) -> dict[str, str]:
    """Base64 PNGs: ``items`` (difficulty vs discrimination), ``scores``, ``sections``."""
    import matplotlib
    from matplotlib.figure import Figure

    rc, chinese = _font_context()
    t = (lambda zh, en: zh) if chinese else (lambda zh, en: en)
    images: dict[str, str] = {}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing glyphs never break a report
        fig = Figure(figsize=(6.5, 4.2))
        ax = fig.add_subplot()
        items = report.items
        ax.axvspan(0, 0.2, color="#f4cccc", alpha=0.5)
        ax.axvspan(0.9, 1.0, color="#fff2cc", alpha=0.7)
        ax.axhline(0, color="#999999", linewidth=1)
        y = items["r_item_rest"].fillna(0.0)
        ax.scatter(items["difficulty"], y, color="#1f77b4", zorder=3)
        for name, x, yy in zip(items.index, items["difficulty"], y, strict=True):
            ax.annotate(str(name), (x, yy), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xlim(0, 1.02)
        ax.set_ylim(min(-0.2, float(y.min()) - 0.1), 1.0)
        ax.set_xlabel(t("难度（得分率）", "difficulty (share of points)"))
        ax.set_ylabel(t("区分度（校正点二列相关 r）", "discrimination (item-rest r)"))
        ax.set_title(t("题目难度与区分度", "Item difficulty and discrimination"))
        images["items"] = _png(fig)

        fig = Figure(figsize=(6.5, 3.6))
        ax = fig.add_subplot()
        ax.hist(report.totals["proportion"] * 100, bins=[i * 10 for i in range(11)],
                color="#2ca02c", edgecolor="white")
        ax.set_xlabel(t("得分率（%）", "score (%)"))
        ax.set_ylabel(t("学员人数", "trainees"))
        ax.set_title(t("成绩分布", "Score distribution"))
        images["scores"] = _png(fig)

        grid = report.profiles.pivot(index="student", columns="section", values="proportion")
        grid = grid.reindex(columns=list(dict.fromkeys(report.profiles["section"])))
        height = min(2.0 + 0.28 * len(grid), 14.0)
        fig = Figure(figsize=(max(5.0, 1.1 * len(grid.columns) + 2.5), height))
        ax = fig.add_subplot()
        shown = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn",
                          vmin=0, vmax=1)
        ax.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns],
                      rotation=30, ha="right")
        ax.set_yticks(range(len(grid.index)), [str(s) for s in grid.index], fontsize=8)
        ax.set_title(t("学员 × 章节得分率", "Share of points by trainee and section"))
        fig.colorbar(shown, ax=ax, fraction=0.04)
        images["sections"] = _png(fig)
    return images


# -- HTML ----------------------------------------------------------------------

_ITEM_COLUMNS = {
    "section": "章节", "kind": "类型", "max_score": "满分", "n": "人数", "mean_score": "平均分",
    "difficulty": "难度（得分率）", "pass_rate": "满分率",
    "r_item_rest": "区分度 r（校正点二列）", "d_upper_lower": "区分度 D（上下 27%）",
    "flags": "提示",
}
_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;
color:#222;max-width:1100px}
table{border-collapse:collapse;margin:1em 0;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
.flag{color:#b00020;font-weight:bold}img{max-width:100%}
"""


def render_html(report: ClassReport) -> str:
    """The report as one HTML string (plots embedded as data URIs)."""
    images = plot_images(report)
    items = report.items.copy()
    items["flags"] = [
        "、".join(FLAG_LABELS.get(f.strip(), f.strip()) for f in str(v).split(";") if f.strip())
        for v in items["flags"]]
    if "kind" in items:
        items["kind"] = items["kind"].map({"test": "自动测试", "manual": "人工评分",
                                           "task": "任务"}).fillna(items["kind"])
    items = items.rename(columns=_ITEM_COLUMNS)
    items.index.name = "题目"
    totals = report.totals.rename(columns={"score": "总分", "max_score": "满分",
                                           "proportion": "得分率", "strengths": "优势章节",
                                           "gaps": "待加强章节"})
    totals.index.name = "学员"
    fmt = {"难度（得分率）": "{:.2f}", "满分率": "{:.2f}", "区分度 r（校正点二列）": "{:.2f}",
           "区分度 D（上下 27%）": "{:.2f}", "平均分": "{:.2f}", "得分率": "{:.0%}"}

    def table(frame: pd.DataFrame) -> str:
        shown = frame.copy()
        for column, pattern in fmt.items():
            if column in shown:
                shown[column] = [("—" if pd.isna(v) else pattern.format(v)) for v in shown[column]]
        return shown.to_html(escape=True, border=0)

    flagged = report.items[report.items["flags"] != ""]
    n = len(report.totals)
    mean = float(report.totals["proportion"].mean()) if n else float("nan")
    title = html.escape(f"作业 {report.assignment} 题目分析与学员画像")
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>学员 {n} 人，平均得分率 {mean:.0%}；需要关注的题目 {len(flagged)} 道。</p>",
        "<h2>题目分析</h2>",
        "<p>难度 = 全班得分 ÷ 满分（越高越容易）；区分度 r = 本题得分与其余题目总分的相关"
        "（校正点二列相关，&lt; 0 表示高分学员反而答错）；D = 前 27% 与后 27% 学员得分率之差。"
        "提示：难度 &gt; 0.9 过易，&lt; 0.2 过难，r &lt; 0 负区分度。</p>",
        table(items),
        f'<img alt="难度与区分度" src="data:image/png;base64,{images["items"]}">',
        "<h2>成绩分布</h2>",
        f'<img alt="成绩分布" src="data:image/png;base64,{images["scores"]}">',
        "<h2>学员画像：优势与待加强章节</h2>",
        "<p>某章节得分率 ≥ 80% 记为优势，&lt; 50% 记为待加强。</p>",
        table(totals),
        f'<img alt="学员章节热力图" src="data:image/png;base64,{images["sections"]}">',
        "</body></html>",
    ]
    return "\n".join(parts)


def write_report(course_dir: str | os.PathLike, assignment: str,
                 path: str | os.PathLike | None = None,
                 kinds: tuple[str, ...] = ("test",)) -> Path:
    """Write the class report of ``assignment``; returns its path.

    Default path: ``<course>/reports/<assignment>.html``.
    """
    report = analyse_assignment(course_dir, assignment, kinds)
    target = Path(path) if path is not None else Path(course_dir) / "reports" / f"{assignment}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(report), encoding="utf-8")
    return target
