"""Rules the whole book (chapters and exercises) must state the same way everywhere.

Each rule was once broken in one chapter while another stated it correctly
(issue 12): Saaty's scale labels, the wording of the Western Electric rules,
how open items enter a deadline rate, and the name of case-mix adjustment.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from coursekit.weights.ahp import SAATY_LABELS

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
LABEL_TO_VALUE = {label: value for value, label in SAATY_LABELS.items()}
LABELS = "|".join(SAATY_LABELS.values())
# "稍微重要（3）", "稍微重要\"（3）", "3 表示甲比乙稍微重要", "| 3 | 稍微重要 |", "稍微重要 = 3"
LABEL_THEN_NUMBER = re.compile(rf"({LABELS})[\"”」]?\s*(?:[（(]|=\s*)(\d)")
NUMBER_THEN_LABEL = re.compile(rf"(?<![\d.])(\d)[)）]?\s*(?:\|\s*|表示\S{{0,8}}?)({LABELS})")


def text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in nb.cells)


def saaty_pairs(source: str) -> list[tuple[str, int]]:
    """(label, number) pairs a text states for Saaty's scale.

    >>> saaty_pairs('比客户维度"稍微重要"（2），比效率"明显重要"（3）')
    [('稍微重要', 2), ('明显重要', 3)]
    >>> saaty_pairs("| 5 | 明显重要 |\\n(\\"甲\\", \\"乙\\"): 3 表示甲比乙稍微重要")
    [('明显重要', 5), ('稍微重要', 3)]
    """
    pairs = [(m.start(), m.group(1), int(m.group(2))) for m in LABEL_THEN_NUMBER.finditer(source)]
    pairs += [(m.start(), m.group(2), int(m.group(1))) for m in NUMBER_THEN_LABEL.finditer(source)]
    return [(label, number) for _, label, number in sorted(pairs)]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_saaty_labels_match_the_scale(notebook):
    wrong = [(label, number) for label, number in saaty_pairs(text(notebook)) if LABEL_TO_VALUE[label] != number]
    assert not wrong, (f"{notebook.name} pairs Saaty labels with the wrong numbers {wrong}; the scale is "
                       f"{SAATY_LABELS} (coursekit.weights.ahp.SAATY_LABELS)")


def test_the_saaty_check_catches_the_old_03d_wording():
    old = '研讨会判断它比客户维度"稍微重要"（2），比效率"明显重要"（3）。'
    assert [(label, n) for label, n in saaty_pairs(old) if LABEL_TO_VALUE[label] != n] == [("稍微重要", 2), ("明显重要", 3)]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_western_electric_rules_are_named_and_worded_in_full(notebook):
    source = text(notebook)
    assert "西电" not in source, f"{notebook.name}: call them 西方电气（WE）规则, not 西电规则 (reads like a company)"
    for rule in ("3 点中 2 点", "5 点中 4 点", "3 点中有 2 点", "5 点中有 4 点"):
        for match in re.finditer(re.escape(rule), source):
            window = source[match.start():match.start() + 30]
            assert "同侧" in window, f"{notebook.name}: '{window}' omits 同侧 (same side of the centre line)"


# Open items: one rule (coursekit.kpi.deadline_flags): closed in time = met; closed late, or still
# open and already past the limit at the export time = late; open and not yet due = left out.
DIRECT_FLAG_MEAN = re.compile(r"closed_within_limit[\"'\]]*\s*\]?\s*\.(?:mean|sum)\(")
OWN_CUTOFF = re.compile(r"Timestamp\(\s*[\"']2025-01-01|\.max\(\)\.max\(\)")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_deadline_rates_use_the_one_open_items_rule(notebook):
    source = text(notebook)
    assert not DIRECT_FLAG_MEAN.search(source), (
        f"{notebook.name} averages closed_within_limit directly, which counts open items not yet due as late; "
        "use coursekit.kpi.deadline_compliance (open items not yet due leave the denominator)")
    assert not OWN_CUTOFF.search(source), (
        f"{notebook.name} builds its own export cut-off; use coursekit.datasets.EXPORTED_AT")


def test_the_open_items_check_catches_a_direct_mean():
    assert DIRECT_FLAG_MEAN.search("complaints['closed_within_limit'].mean()")
    assert DIRECT_FLAG_MEAN.search('by_cause["closed_within_limit"].mean()')
    assert OWN_CUTOFF.search('EXPORT = pd.Timestamp("2025-01-01")')


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_term_for_case_mix_adjustment(notebook):
    source = text(notebook)
    for other in ("工单结构调整", "难度调整", "案例组合调整", "病例组合校正"):
        assert other not in source, f"{notebook.name} says {other}; the course's term is 病例组合调整 (case-mix adjustment)"
