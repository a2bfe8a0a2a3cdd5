"""Each chapter notebook covers its part of the outline, as headings, and is stored clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.chapters.outline import CASE_STUDIES, CASE_STUDY_HEADINGS, COMMON, REQUIRED_HEADINGS

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
ALL = {**{name: REQUIRED_HEADINGS[name] for name in REQUIRED_HEADINGS},
       **{name: CASE_STUDY_HEADINGS + (industry,) for name, industry in CASE_STUDIES.items()}}


def headings(notebook: dict) -> list[str]:
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        found += [m.group(1).strip() for m in re.finditer(r"^#{1,6}\s+(.*)$", source, re.MULTILINE)]
    return found


def load(name: str) -> dict:
    return json.loads((CHAPTERS / name).read_text(encoding="utf-8"))


def test_every_chapter_is_present():
    present = {p.name for p in CHAPTERS.glob("*.ipynb")}
    assert set(ALL) <= present, f"missing chapters: {sorted(set(ALL) - present)}"


@pytest.mark.parametrize("name", sorted(ALL))
def test_chapter_has_required_sections(name):
    text = "\n".join(headings(load(name)))
    required = COMMON + ALL[name] if name != "00_start_here.ipynb" else ("学习目标",) + ALL[name]
    missing = [phrase for phrase in required if phrase not in text]
    assert not missing, f"{name}: no heading mentions {missing}"


@pytest.mark.parametrize("name", sorted(ALL))
def test_chapter_starts_with_objectives_and_ends_with_summary(name):
    found = headings(load(name))
    assert any("学习目标" in h for h in found[:2]), f"{name}: 学习目标 must open the chapter"
    if name != "00_start_here.ipynb":
        tail = " ".join(found[-4:])
        assert "本章小结" in tail, f"{name}: 本章小结 must close the chapter (found {found[-4:]})"


@pytest.mark.parametrize("path", sorted(CHAPTERS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(notebook["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"
