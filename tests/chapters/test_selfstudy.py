"""Self-study without a trainer (issue 12 §4): quizzes, folded answers, time estimates, glossary, references.

* every ``##`` section of chapters 01 and 02 has a ``quiz.`` call in a code cell (sections that only
  frame the chapter — 学习目标, 本章小结, 练习 — are exempt);
* every case study (03a–03d) has at least 3 quizzes, and every 思考题 section has a folded answer;
* every chapter's first markdown cell states 预计用时 (约 N 分钟) and 00_start_here lists the same N;
* 00_start_here links the glossary and the references, and every cited "Name (year)" and every
  《…法/办法/规定/条例》 in the chapters and exercises has an entry in ``chapters/references.md``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
START = CHAPTERS / "00_start_here.ipynb"
REFERENCES = CHAPTERS / "references.md"
CASES = ("03a_manufacturing", "03b_services", "03c_retail", "03d_finance")
QUIZ_CALL = re.compile(r"\bquiz\.(choice|number)\s*\(")
EXEMPT_SECTIONS = ("学习目标", "小结", "练习")
ESTIMATE = re.compile(r"预计用时\**\s*[:：]\s*\**\s*约?\s*(\d+)\s*分钟")


def cells(stem: str) -> list[dict]:
    path = CHAPTERS / f"{stem}.ipynb"
    assert path.is_file(), f"chapters/{stem}.ipynb is missing"
    return [{"type": c["cell_type"], "source": "".join(c["source"])}
            for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def chapter_stems() -> list[str]:
    return sorted(p.stem for p in CHAPTERS.glob("*.ipynb"))


def sections(stem: str, level: int = 2) -> list[tuple[str, list[dict]]]:
    """(heading, cells from it to the next heading of this level or higher); cells before the first are dropped.

    A markdown cell holding several headings is split at each heading line.
    """
    heading = re.compile(rf"^(#{{1,{level}}})\s+(.*)$")
    out: list[tuple[str, list[dict]]] = []
    for c in cells(stem):
        if c["type"] != "markdown":
            if out:
                out[-1][1].append(c)
            continue
        part: list[str] = []
        for line in c["source"].splitlines():
            match = heading.match(line)
            if match:
                if out and part:
                    out[-1][1].append({"type": "markdown", "source": "\n".join(part)})
                part = []
                out.append((match.group(2).strip(), []) if len(match.group(1)) == level else ("", []))
            part.append(line)
        if out and part:
            out[-1][1].append({"type": "markdown", "source": "\n".join(part)})
    return [(title, body) for title, body in out if title]


def quiz_calls(body: list[dict]) -> int:
    return sum(len(QUIZ_CALL.findall(c["source"])) for c in body if c["type"] == "code")


# ---- quizzes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", ["01_concepts", "02_training_improvement"])
def test_every_section_of_chapters_1_and_2_has_a_quiz(stem):
    found = sections(stem)
    assert found, f"{stem}: no ## sections found"
    bare = [title for title, body in found
            if not any(word in title for word in EXEMPT_SECTIONS) and quiz_calls(body) == 0]
    assert not bare, (f"{stem}: these ## sections have no self-check (a code cell calling quiz.choice(...) or "
                      f"quiz.number(...), see coursekit.quiz): {bare}")


@pytest.mark.parametrize("stem", CASES)
def test_every_case_study_has_at_least_three_quizzes(stem):
    total = quiz_calls(cells(stem))
    assert total >= 3, f"{stem}: {total} quiz call(s) in code cells; at least 3 (coursekit.quiz) expected"


@pytest.mark.parametrize("stem", CASES)
def test_every_thinking_question_section_has_a_folded_answer(stem):
    found = [(title, body) for level in (2, 3, 4) for title, body in sections(stem, level) if "思考题" in title]
    assert found, f"{stem}: no 思考题 section (a heading containing 思考题)"
    unfolded = [title for title, body in found
                if not any("<details" in c["source"] for c in body if c["type"] == "markdown")]
    assert not unfolded, (f"{stem}: 思考题 sections without a folded answer "
                          f"(<details><summary>参考答案</summary> … </details>): {unfolded}")


# ---- time estimates -----------------------------------------------------------------------------

def stated_estimate(stem: str) -> int | None:
    first = next((c["source"] for c in cells(stem) if c["type"] == "markdown"), "")
    match = ESTIMATE.search(first)
    return int(match.group(1)) if match else None


def listed_estimates() -> dict[str, int]:
    """Minutes that 00_start_here lists for each chapter: the number before 分钟 on the chapter's line."""
    out: dict[str, int] = {}
    text = "\n".join(c["source"] for c in cells("00_start_here") if c["type"] == "markdown")
    for line in text.splitlines():
        for stem in chapter_stems():
            if f"`{stem}`" in line and "分钟" in line and stem not in out:
                minutes = re.findall(r"(\d+)\s*分钟", line)
                if minutes:
                    out[stem] = int(minutes[0])
    return out


@pytest.mark.parametrize("stem", chapter_stems())
def test_every_chapter_states_its_time_and_the_start_page_agrees(stem):
    stated = stated_estimate(stem)
    assert stated is not None, (f"{stem}: the first markdown cell must state the time, "
                                "e.g. **预计用时**：约 90 分钟")
    listed = listed_estimates().get(stem)
    assert listed is not None, f"00_start_here does not list a time (N 分钟) on the line naming `{stem}`"
    assert listed == stated, f"{stem}: states 约 {stated} 分钟 but 00_start_here lists {listed} 分钟"


# ---- glossary and references ----------------------------------------------------------------------

def test_start_page_links_glossary_and_references():
    text = "\n".join(c["source"] for c in cells("00_start_here") if c["type"] == "markdown")
    assert "](glossary.md)" in text, "00_start_here must link the glossary: [术语表](glossary.md)"
    assert "](references.md)" in text, "00_start_here must link the references: [参考文献](references.md)"
    assert (CHAPTERS / "glossary.md").is_file() and REFERENCES.is_file()


NAME = r"(?<![A-Za-z])[A-Z][a-z]*[A-Z]?[a-z]{2,}(?:[-'’][A-Za-z]+)?"  # Saaty, McGehee, O'Brien
NAMES = rf"{NAME}(?:(?:\s*(?:,|、|&|and|与|和)\s*|\s+){NAME})*(?:\s+et al\.?)?"
CITATION = re.compile(rf"({NAMES})[\s,，（(]*((?:19|20)\d\d)(?!\d)")
NOT_AUTHORS = {"Excel", "Windows", "Office", "Python", "Group", "Table", "Figure", "Jupyter", "January"}
LAW = re.compile(r"《([^》]{2,40}(?:法|办法|规定|条例))》")


def course_texts() -> dict[str, str]:
    paths = sorted(CHAPTERS.glob("*.ipynb")) + sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
    return {p.relative_to(ROOT).as_posix(): "\n".join("".join(c["source"]) for c in
                                                      json.loads(p.read_text(encoding="utf-8"))["cells"])
            for p in paths}


def citations(text: str) -> set[tuple[str, str]]:
    """{(first author, year)} of every "Name (year)", "Name、Name 与 Name，year", "Name 1980 年" in ``text``.

    >>> sorted(citations("**Nelson**（1984）与 Parasuraman、Zeithaml 与 Berry，1988；Saaty 1980 年；Excel 2016"))
    [('Nelson', '1984'), ('Parasuraman', '1988'), ('Saaty', '1980')]
    """
    found = set()
    for match in CITATION.finditer(text.replace("**", "")):
        first = re.match(NAME, match.group(1)).group(0)
        if first not in NOT_AUTHORS:
            found.add((first, match.group(2)))
    return found


def test_citation_finder_finds_the_forms_the_chapters_use():
    assert citations("**Nelson**（1984）与 Parasuraman、Zeithaml 与 Berry，1988；Saaty 1980 年；Excel 2016") == {
        ("Nelson", "1984"), ("Parasuraman", "1988"), ("Saaty", "1980")}
    assert citations("Kaplan 与 Norton（1992）；McGehee & Thayer (1961)；（Lakens, 2013）；Western Electric 1956") == {
        ("Kaplan", "1992"), ("McGehee", "1961"), ("Lakens", "2013"), ("Western", "1956")}
    assert citations("ISO 10002:2018、GB/T 27922-2011、Saaty 1–9 标度、SQM 70%") == set()


def test_every_citation_in_the_course_has_a_reference():
    entries = [line for line in REFERENCES.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    missing = sorted({f"{name} {year} ({where})" for where, text in course_texts().items()
                      for name, year in citations(text)
                      if not any(name in line and year in line for line in entries)})
    assert not missing, f"cited in the course but not in chapters/references.md: {missing}"


def test_every_law_cited_in_the_course_has_a_reference():
    references = REFERENCES.read_text(encoding="utf-8")
    missing = sorted({f"《{title}》 ({where})" for where, text in course_texts().items()
                      for title in LAW.findall(text)
                      if title.removeprefix("中华人民共和国") not in references})
    assert not missing, f"laws/regulations cited in the course but not in chapters/references.md: {missing}"
