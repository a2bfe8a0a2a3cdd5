"""No number in a chapter's prose that the data could change without the text noticing.

A number a chapter states about the data must come from code (a cell that
prints or shows it as Markdown), so it changes with the data. What remains in
markdown cells are numbers that are not about the data: formulas, the deck's
own figures, regulations, scale points, section numbers. Each such phrase is
listed, with the reason it is fixed, in ``prose_numbers/<chapter>.yaml``::

    - phrase: "15 / 30 / 60 天"
      why: 金融投诉处理时限，出自监管规定，不随数据变化

Every digit in a markdown cell (outside LaTeX, inline code, heading and list
numbering) must lie inside one listed phrase, and every listed phrase must
still occur (no stale entries).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
ALLOWED = Path(__file__).with_name("prose_numbers")

_MASKS = (
    re.compile(r"\$\$.+?\$\$", re.S),          # display math
    re.compile(r"\$[^$\n]+\$"),                # inline math
    re.compile(r"`[^`\n]+`"),                  # inline code
    re.compile(r"```.+?```", re.S),            # fenced code
    re.compile(r"<[^>\n]+>"),                  # html tags (attributes may hold numbers)
    re.compile(r"\]\([^)\s]+\)"),              # link targets
    re.compile(r"^\s{0,3}#{1,6}\s+[\d.]+\s", re.M),  # heading numbering "## 1.2 "
    re.compile(r"^\s*\d+[.)]\s", re.M),       # ordered list markers
    re.compile(r"\b(?:a[1-9]|P[1-4])\b"),      # assignment names a1..a9 and priorities P1..P4
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def masked(text: str) -> str:
    """``text`` with the spans that may hold any number replaced by spaces (offsets kept)."""
    for pattern in _MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def prose(chapter: Path) -> str:
    nb = nbformat.read(chapter, as_version=4)
    return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def allowed(chapter: Path) -> list[dict]:
    path = ALLOWED / f"{chapter.stem}.yaml"
    if not path.is_file():
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        assert set(entry) == {"phrase", "why"} and entry["why"].strip(), f"{path.name}: bad entry {entry}"
    return entries


def uncovered_numbers(text: str, phrases: list[str]) -> list[str]:
    """Numbers in ``text`` outside every occurrence of the allowed ``phrases``, with context.

    >>> uncovered_numbers("时限 15 天；本月 41 起。", ["15 天"])
    ['…时限 15 天；本月 41 起。…']
    >>> uncovered_numbers("公式 $x^2$ 与 `df.head(5)`", [])
    []
    """
    covered = [False] * len(text)
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            covered[match.start():match.end()] = [True] * (match.end() - match.start())
    plain = masked(text)
    found = []
    for match in NUMBER.finditer(plain):
        if not all(covered[match.start():match.end()]):
            found.append("…" + text[max(0, match.start() - 12):match.end() + 12].replace("\n", " ") + "…")
    return found


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_numbers_in_prose_are_computed_or_listed_as_fixed(chapter):
    text = prose(chapter)
    phrases = [entry["phrase"] for entry in allowed(chapter)]
    stale = [p for p in phrases if p not in text]
    assert not stale, f"{chapter.name}: listed phrases no longer in the text (remove them): {stale}"
    loose = uncovered_numbers(text, phrases)
    assert not loose, (
        f"{chapter.name}: {len(loose)} numbers in markdown are neither computed nor listed as fixed in "
        f"tests/chapters/prose_numbers/{chapter.stem}.yaml; print them from code or list the phrase with "
        "the reason it cannot change with the data:\n" + "\n".join(loose))
