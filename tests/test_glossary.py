"""The glossary: generated from the KPI catalog and METHODS, with computed usage, and never stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.glossary import GLOSSARY_PATH, METHODS, glossary_markdown, mentions, usage, write_glossary
from coursekit.kpi import catalog

ROOT = Path(__file__).resolve().parents[1]


def _notebook(path: Path, *sources: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [{"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": s} for i, s in enumerate(sources)]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                               ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    _notebook(tmp_path / "chapters" / "01_concepts.ipynb", "用 AHP 定权重。", "首次解决率很重要")
    _notebook(tmp_path / "chapters" / "02_training.ipynb", "ahp 小写不算；AHPX 也不算。")
    _notebook(tmp_path / "course" / "source" / "a2_weights" / "a2_weights.ipynb", "再用熵权法对照。")
    return tmp_path


def section(text: str, heading_start: str) -> str:
    start = text.index(f"### {heading_start}")
    end = text.find("\n### ", start + 1)
    return text[start:end if end > 0 else None]


# ---- the repository's glossary -----------------------------------------------------------------

def test_glossary_is_up_to_date():
    path = ROOT / GLOSSARY_PATH
    assert path.is_file(), f"{GLOSSARY_PATH} is missing: run `coursekit glossary` in the repository root"
    assert path.read_text(encoding="utf-8") == glossary_markdown(ROOT), (
        f"{GLOSSARY_PATH} is stale (the chapters, exercises, KPI catalog or coursekit/glossary.py changed): "
        "run `coursekit glossary` in the repository root")


def test_every_kpi_code_of_the_catalog_has_an_entry():
    text = (ROOT / GLOSSARY_PATH).read_text(encoding="utf-8")
    headings = re.findall(r"^### .*`([a-z0-9_]+)`）$", text, flags=re.M)
    assert headings == catalog().index.tolist()
    for code, row in catalog().iterrows():
        entry = section(text, f"{row['name_zh']}（")
        assert row["formula_zh"] in entry and row["name_en"] in entry, code


def test_kpi_entries_show_the_chinese_variant_then_the_english_one(repo):
    text = glossary_markdown(repo)
    for code, row in catalog().iterrows():
        entry = section(text, f"{row['name_zh']}（")
        assert f"- **口径说明**：{row['variant_zh']}\n- **Definition variant**: {row['variant']}\n" in entry, code
        assert re.search(r"- \*\*口径说明\*\*：.*[\u4e00-\u9fff]", entry), code
    sla = section(text, "SLA达成率（")
    assert "未结但尚未到期的不计入分母" in sla and "open tickets still within it are left out" in sla


def test_every_method_has_an_entry_and_is_used_somewhere():
    text = (ROOT / GLOSSARY_PATH).read_text(encoding="utf-8")
    for term in METHODS:
        entry = section(text, f"{term.zh}（{term.en}）")
        assert term.definition in entry
        assert "**课程中出现**：—" not in entry, (
            f"{term.zh} is not found in any chapter or exercise (searched for {term.terms}); "
            "remove it from METHODS or fix its search words")


def test_methods_the_brief_names_are_defined():
    english = " ".join(t.en for t in METHODS)
    for name in ("AHP", "entropy", "case-mix", "forced distribution", "shrinkage", "DiD", "paired t-test",
                 "Kirkpatrick", "ROI", "PDCA", "XmR", "p-chart", "Pareto", "Western Electric", "Nelson",
                 "Goodhart", "Campbell"):
        assert name in english, name
    assert len({t.key for t in METHODS}) == len(METHODS)


# ---- matching and usage --------------------------------------------------------------------------

def test_mentions_ascii_words_whole_and_case_sensitive():
    assert mentions("用 AHP 定权重", ["AHP"]) and mentions("AHP：", ["AHP"]) and mentions("(AHP)", ["AHP"])
    assert not mentions("AHPX", ["AHP"]) and not mentions("ahp", ["AHP"]) and not mentions("my_AHP", ["AHP"])
    assert mentions("kpi.nps(surveys)", ["nps"]) and not mentions("kpi.csat_mean", ["csat"])
    assert mentions("两两比较用层次分析法", ["层次分析法"])
    assert not mentions("", ["AHP", "层次分析法"])


def test_usage_lists_chapters_with_links_and_exercises_by_name(repo):
    text = glossary_markdown(repo)
    assert "- **课程中出现**：[01](01_concepts.ipynb)" in section(text, "层次分析法（")
    assert "- **课程中出现**：练习 a2" in section(text, "熵权法（")
    assert "- **课程中出现**：—" in section(text, "帕累托分析（")
    assert "[01](01_concepts.ipynb)" in section(text, "首次解决率（")   # the Chinese KPI name counts
    assert usage(["x"], {}) == "—"


def test_write_and_check(repo):
    assert write_glossary(repo, check=True) is True
    assert not (repo / GLOSSARY_PATH).exists()              # check never writes
    assert write_glossary(repo) is True
    assert write_glossary(repo, check=True) is False
    _notebook(repo / "chapters" / "03_case.ipynb", "帕累托图")
    assert write_glossary(repo, check=True) is True           # a chapter change makes it stale


def test_command_line(repo, capsys):
    assert main(["glossary", "--root", str(repo), "--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main(["glossary", "--root", str(repo)]) == 0
    assert main(["glossary", "--root", str(repo), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["glossary", "--root", str(repo / "nowhere")]) == 2
    assert "no chapters/ folder" in capsys.readouterr().err
