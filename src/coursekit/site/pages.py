"""The site's own pages, written from the course files: start page, exercise pages, data page.

Every title, time estimate and exercise summary is read from the notebooks
themselves, so the pages follow the course when it changes.

>>> title_of({"cells": [{"cell_type": "markdown", "source": ["# 第1章 概述\\n", "正文"]}]})
'第1章 概述'
>>> minutes_of({"cells": [{"cell_type": "markdown", "source": "**预计用时**：约 150 分钟（阅读 100 分钟）"}]})
150
>>> print(minutes_of({"cells": []}))
None
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError
from coursekit.site.sources import DOWNLOADS, Assignment

__all__ = ["data_page", "exercise_page", "exercises_index", "index_page", "minutes_of", "title_of"]

_TIME = re.compile(r"预计用时\**\s*[:：]\s*约?\s*(\d+)\s*分钟")
_GROUPS = (("入门", ("00",)), ("正文：第1章、第2章", ("01", "02")), ("第3章 实战案例", ("03",)))


def _markdown_cells(notebook: dict[str, Any]) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in notebook["cells"] if c["cell_type"] == "markdown"]


def title_of(notebook: dict[str, Any]) -> str:
    """The first level-1 heading of a notebook ('' when there is none)."""
    for text in _markdown_cells(notebook):
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def minutes_of(notebook: dict[str, Any]) -> int | None:
    """The "预计用时：约 N 分钟" a chapter states about itself, or None."""
    for text in _markdown_cells(notebook):
        if found := _TIME.search(text):
            return int(found.group(1))
    return None


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _toctree(caption: str, entries: list[str]) -> str:
    return "\n".join([f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n", *entries, "```", ""])


def index_page(chapters: tuple[Path, ...], assignments: tuple[Assignment, ...],
               references: tuple[str, ...] = ("glossary", "references", "data")) -> str:
    """The start page: what the course is, the learning path with time estimates, how to run it.

    ``references`` are the reference pages the site has (page names without suffix).
    """
    rows, toctrees = [], []
    for caption, prefixes in _GROUPS:
        members = [p for p in chapters if p.name.startswith(prefixes)]
        if members:
            toctrees.append(_toctree(caption, [p.stem for p in members]))
    for path in chapters:
        notebook = _load(path)
        minutes = minutes_of(notebook)
        rows.append(f"| [{title_of(notebook) or path.stem}]({path.name}) | "
                    f"{f'约 {minutes} 分钟' if minutes else '—'} | `chapters/{path.name}` |")
    if assignments:
        toctrees.append(_toctree("练习", ["exercises/index"]))
    toctrees.append(_toctree("参考资料", list(references)))
    total = sum(m for p in chapters if (m := minutes_of(_load(p))))
    exercises = "、".join(a.code for a in assignments)
    return "\n".join([
        "# 售后服务绩效考核培训",
        "",
        "这是一门可以运行的售后服务绩效考核课程：从 KPI 的定义和计算，到指标体系与权重设计、公平性检查、"
        "培训评估和持续改进，再到制造、服务、零售、金融四个行业的实战案例。"
        "每一页都由课程的 notebook 实际运行生成，页面上的数字、表格和图都来自课程自带的模拟数据。",
        "",
        "## 学习路线",
        "",
        "按下表的顺序阅读。入门两节帮你熟悉课程和 pandas；第1章讲概念和指标体系，第2章讲培训与提升，"
        f"第3章用四个行业的数据完整走一遍。各章合计预计约 {total} 分钟。",
        "",
        "| 章节 | 预计用时 | notebook |",
        "|---|---|---|",
        *rows,
        "",
        *([f"读完相应章节后做[练习](exercises/index.md)（{exercises}）：每个练习都有空白 notebook 和参考答案可以下载。"]
          if assignments else []),
        *(["遇到不熟悉的词查[术语表](glossary.md)。"] if "glossary" in references else []),
        "数据各列的含义见[数据说明](data.md)。",
        "",
        "## 在 JupyterLab 中学习",
        "",
        "网站适合阅读；要自己运行代码、改参数、拖动交互控件、做自测题和练习，请在 JupyterLab 中打开课程。"
        "在课程目录（含 `chapters/` 的文件夹）中运行：",
        "",
        "```bash",
        "bash scripts/setup.sh course   # 第一次：安装并打开中文界面的 JupyterLab",
        "coursekit lab                  # 以后每次：打开课程",
        "```",
        "",
        "每一章的页面顶部都有“下载 notebook”的链接和它在课程中的路径。",
        "",
        *toctrees,
    ])


def _intro(notebook: dict[str, Any]) -> tuple[str, str]:
    """An exercise's title and its introduction (the first cell, without the how-to-answer notes)."""
    first = _markdown_cells(notebook)[0] if _markdown_cells(notebook) else ""
    body = first.split("### 作答须知", 1)[0]
    lines = body.splitlines()
    title = lines[0][2:].strip() if lines and lines[0].startswith("# ") else ""
    rest = "\n".join(lines[1:] if title else lines).strip()
    return title, re.sub(r"^#{2,6} ", "### ", rest, flags=re.M)


def exercise_page(assignment: Assignment) -> str:
    """A page per exercise: its brief, and the blank notebook and the solution as separate downloads."""
    title, intro = _intro(_load(assignment.blank))
    blank = f"../{DOWNLOADS}/exercises/{assignment.name}.ipynb"
    solution = f"../{DOWNLOADS}/exercises/{assignment.name}_solution.ipynb"
    return "\n".join([
        f"# {title or assignment.name}",
        "",
        intro,
        "",
        "## 下载与作答",
        "",
        f"- {{download}}`空白练习 notebook（{assignment.name}.ipynb） <{blank}>`：在 JupyterLab 中打开"
        "（终端运行 `coursekit lab`），按单元格里的说明作答；每个任务后面的测试单元格就是可见测试。",
        f"- {{download}}`参考答案（{assignment.name}_solution.ipynb） <{solution}>`：请先自己完成，再对照。",
        "",
        "参加培训班的学员请从 JupyterLab 的「作业」（Assignments）页获取和提交练习，由培训师统一评分；"
        "评分时还会运行隐藏测试。自学者用可见测试和参考答案检查自己的结果。",
        "",
    ])


def exercises_index(assignments: tuple[Assignment, ...]) -> str:
    """The exercises' overview page with one entry per exercise."""
    rows = [f"| {a.code} | [{_intro(_load(a.blank))[0] or a.name}]({a.name}.md) |" for a in assignments]
    return "\n".join([
        "# 练习",
        "",
        "每个练习对应正文的一部分，前五个一步步为一家虚构的集团搭建售后服务 KPI 体系，最后一个是综合设计题。"
        "每页都可以下载空白 notebook 和参考答案。",
        "",
        "| 编号 | 练习 |",
        "|---|---|",
        *rows,
        "",
        _toctree("练习", [a.name for a in assignments]),
    ])


def data_page(readme: Path) -> str:
    """The data dictionary: ``datasets/README.md``, the one document that describes every column."""
    if not readme.is_file():
        raise ConfigError(f"{readme} is missing: the site's data page is that file; "
                          "restore it from git or run `coursekit data generate`")
    return readme.read_text(encoding="utf-8")
