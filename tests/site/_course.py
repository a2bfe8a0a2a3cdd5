"""A tiny course folder for the site tests: one chapter, a data page, optionally an exercise."""

from __future__ import annotations

import json
from pathlib import Path


def notebook(*cells: tuple[str, str]) -> dict:
    """A notebook of ``(kind, source)`` cells, kind "md" or "code"."""
    made = []
    for i, (kind, source) in enumerate(cells):
        cell = {"cell_type": "markdown" if kind == "md" else "code", "id": f"c{i}", "metadata": {},
                "source": source}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        made.append(cell)
    return {"cells": made, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                       "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write_notebook(path: Path, nb: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


CHAPTER = notebook(("md", "# 第1章 演示\n\n**预计用时**：约 20 分钟。公式 $\\bar p = d / n$。"),
                   ("code", "total = 40 + 2\nprint(f'合计 {total}')"),
                   ("md", "## 小结\n\n完。"))


def make_course(root: Path, *, chapter: dict = CHAPTER, exercise: bool = False) -> Path:
    write_notebook(root / "chapters" / "01_demo.ipynb", chapter)
    (root / "chapters" / "glossary.md").write_text("# 术语表\n\n见 [第1章](01_demo.ipynb)。\n", encoding="utf-8")
    (root / "datasets").mkdir(parents=True, exist_ok=True)
    (root / "datasets" / "README.md").write_text("# 数据说明\n\n| 列 | 含义 |\n|---|---|\n| x | 示例 |\n",
                                                  encoding="utf-8")
    if exercise:
        brief = notebook(("md", "# 作业 1　演示练习\n\n**学习目标**\n\n1. 计算合计；\n\n### 作答须知\n\n- 不要改测试。"),
                         ("code", "answer = None"))
        write_notebook(root / "course" / "release" / "a1_demo" / "a1_demo.ipynb", brief)
        write_notebook(root / "solutions" / "a1_demo" / "a1_demo.ipynb",
                       notebook(("md", "# 作业 1　演示练习"), ("code", "answer = 42")))
    return root
