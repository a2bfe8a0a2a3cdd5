"""Assignment 3 grades the rules chapter 1 teaches, and they are the library defaults the chapters use.

Each test runs the solution cell of ``course/source/a3_scoring_fairness`` on a small hand-made
example where the plausible variants of the rule disagree, and compares it with the ``coursekit``
default the chapters call (``appraisal.forced_distribution``, ``system.normalise``,
``KPISystem.score``, ``fairness.case_mix``, ``fairness.ranking_comparison``). The hidden tests of
the assignment compare trainees' answers with the same library calls, so a trainee who follows
the chapter can never lose points for it.
"""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import coursekit as ck
from coursekit.trainer import notebooks

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "course" / "source" / "a3_scoring_fairness" / "a3_scoring_fairness.ipynb"
CHAPTER_1 = ROOT / "chapters" / "01_concepts.ipynb"
FINANCE = ROOT / "chapters" / "03d_finance.ipynb"


@pytest.fixture(scope="module")
def nb():
    return notebooks.read(SOURCE)


def _cell(nb, grade_id: str) -> str:
    return next(cell.source for gid, cell in notebooks.graded_cells(nb) if gid == grade_id)


def _task_text(nb, title: str) -> str:
    return next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith(title))


def _run(nb, grade_id: str, **names):
    """Execute the solution of one answer cell with the given names defined; return the namespace."""
    namespace = {"np": np, "pd": pd, "ck": ck, **names}
    exec(compile(_cell(nb, grade_id), grade_id, "exec"), namespace)
    return namespace


def _chapter_sources(path: Path, kind: str | None = None) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if kind is None or c["cell_type"] == kind)


# --------------------------------------------------------------------------- task 3: forced distribution
#: 10 people, b_A = 2, b_B = 9: positions 2–3 tied (an exact half in A) and 8–10 tied (two of three in B).
TIES = pd.Series([95, 90, 90, 80, 75, 70, 65, 50, 50, 50], index=[f"E{i:02d}" for i in range(1, 11)], dtype=float)


def test_the_three_tie_rules_differ_on_the_example():
    rules = {tie: "".join(ck.appraisal.forced_distribution(TIES, tie=tie, warn=False).astype(str))
             for tie in ck.appraisal.TIE_RULES}
    assert rules == {"nearest": "AAABBBBBBB", "better": "AAABBBBBBB", "worse": "ABBBBBBCCC"}
    shifted = pd.Series([95, 90, 90, 90, 75, 70, 65, 60, 55, 50], dtype=float)   # positions 2–4 tied
    rules = {tie: "".join(ck.appraisal.forced_distribution(shifted, tie=tie, warn=False).astype(str))
             for tie in ck.appraisal.TIE_RULES}
    assert rules == {"nearest": "ABBBBBBBBC", "better": "AAAABBBBBC", "worse": "ABBBBBBBBC"}


def test_forced_grades_is_the_library_default_the_chapters_use(nb):
    assert inspect.signature(ck.appraisal.forced_distribution).parameters["tie"].default == "nearest"
    assert ck.appraisal.DEFAULT_QUOTAS == {"A": 0.2, "B": 0.7, "C": 0.1}
    forced_grades = _run(nb, "a3-forced", composite=TIES)["forced_grades"]
    examples = [TIES, pd.Series([95, 90, 90, 90, 75, 70, 65, 60, 55, 50], dtype=float),
                pd.Series([99, 95, 90, 85, 80, 70, 60, 50, 40, 40], dtype=float),
                pd.Series(list(range(99, 83, -1)) + [50] * 4, dtype=float)]
    examples += [pd.Series(np.arange(n, 0, -1), dtype=float) for n in range(1, 61)]   # every rounding case
    for scores in examples:
        mine = forced_grades(scores)
        default = ck.appraisal.forced_distribution(scores, warn=False)       # no tie= : the default rule
        assert mine.tolist() == default.astype(str).tolist(), scores.tolist()


def test_task_3_states_the_chapters_rule(nb):
    text = _task_text(nb, "## 任务 3")
    assert 'tie="nearest"' in text and "较好" in text and "(2n + 5) // 10" in text and "(9n + 5) // 10" in text
    chapter = _chapter_sources(CHAPTER_1)
    assert '"nearest"' in chapter and "多数所在的等级" in chapter
    assert 'tie="nearest"' in _chapter_sources(ROOT / "chapters" / "03a_manufacturing.ipynb")


# --------------------------------------------------------------------------- tasks 1–2: scores
def test_minmax_and_composite_are_the_library_defaults(nb):
    minmax_score = _run(nb, "a3-minmax")["minmax_score"]
    for values in ([2.0, 4.0, 8.0], [3, 1, 2, 1], [5.0, 5.0, 5.0]):
        for direction in ("higher", "lower"):
            x = pd.Series(values, index=list("abcd")[: len(values)])
            assert np.allclose(minmax_score(x, direction), ck.system.normalise(x, direction=direction))
    assert inspect.signature(ck.system.normalise).parameters["method"].default == "minmax"
    assert ck.system.Indicator("fcr", 1.0).normalise == "minmax"
    card = pd.DataFrame({"fcr": [0.7, 0.8, 0.6], "ttr_mean_h": [10.0, 30.0, 20.0]}, index=["A1", "A2", "A3"])
    weights = {"fcr": 0.6, "ttr_mean_h": 0.4}
    directions = {"fcr": "higher", "ttr_mean_h": "lower"}
    composite = _run(nb, "a3-composite", minmax_score=minmax_score, card=card, WEIGHTS=weights,
                     DIRECTIONS=directions)["composite"]
    system = ck.system.KPISystem([ck.system.Dimension("综合", 1.0, [ck.system.Indicator(c, w)
                                                                   for c, w in weights.items()])])
    assert np.allclose(composite.reindex(card.index), system.score(card).composite)


# --------------------------------------------------------------------------- task 4: the gate
def test_the_gate_caps_after_grading_as_the_finance_case_teaches(nb):
    finance = _chapter_sources(FINANCE)
    assert "compliance_gate(grades, errors, caps=GATE)" in finance and "封顶" in finance
    scores = pd.Series(np.arange(20, 0, -1), index=[f"E{i:02d}" for i in range(1, 21)], dtype=float)
    breaches = pd.Series({"E01": 1, "E05": 2, "E20": 1})
    names = _run(nb, "a3-forced", composite=scores)
    gated = _run(nb, "a3-gate", forced_grades=names["forced_grades"], composite=scores,
                 BREACHES=breaches)["gated_grades"](scores, breaches)
    # the chapter's form: an ordered grade, a cap per agent, the lower of the two
    order = pd.CategoricalDtype(["C", "B", "A"], ordered=True)
    grades = ck.appraisal.forced_distribution(scores, warn=False).astype(str).astype(order)
    n = breaches.reindex(scores.index, fill_value=0).to_numpy()
    cap = pd.Series(pd.Categorical(np.where(n >= 1, "B", "A"), dtype=order), index=scores.index)
    assert gated.astype(str).tolist() == grades.where(grades <= cap, cap).astype(str).tolist()
    # ... which is what the library gate the finance case calls does (caps: 1 breach -> at best B)
    library = ck.system.compliance_gate(grades, breaches.reindex(scores.index, fill_value=0), caps={1: "B"})
    assert gated.astype(str).tolist() == library.astype(str).tolist()
    assert "不可补偿" in _task_text(nb, "## 任务 4") and "不能评 A" in _task_text(nb, "## 任务 4")


# --------------------------------------------------------------------------- task 5: the budget
def _chapter_bonus_factor() -> dict:
    code = "\n".join(line for line in _chapter_sources(CHAPTER_1, "code").splitlines()
                     if not line.lstrip().startswith(("%", "!")))      # IPython magics are not Python
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "bonus_factor" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("chapter 1 defines no bonus_factor")


def test_bonus_factors_are_the_chapters_and_the_solution_keeps_the_budget(nb):
    setup = _cell(nb, "a3-setup")
    (line,) = [s for s in setup.splitlines() if s.startswith("BONUS_FACTOR = ")]
    factors = ast.literal_eval(line.split("=", 1)[1].strip())
    assert factors == _chapter_bonus_factor() == {"A": 1.3, "B": 1.0, "C": 0.7}
    quotas = _run(nb, "a3-quotas")["QUOTAS"]
    assert sum(quotas[g] * factors[g] for g in "ABC") <= 1 + 1e-12
    default = ck.appraisal.DEFAULT_QUOTAS
    assert sum(default[g] * factors[g] for g in "ABC") > 1     # why the task exists: 20/70/10 overspends


# --------------------------------------------------------------------------- tasks 6–7: case mix
TICKETS = pd.DataFrame({
    "team": ["T1"] * 4 + ["T2"] * 4 + ["T3"] * 2,
    "category": ["难", "难", "难", "易", "易", "易", "易", "难", "易", "难"],
    "priority": ["P1", "P1", "P2", "P2", "P2", "P2", "P1", "P1", "P2", "P1"],
    "first_contact_resolved": [True, False, True, True, True, False, True, False, True, True],
})


def test_case_mix_and_ranking_are_the_library_defaults(nb):
    casemix = _run(nb, "a3-casemix", tickets=TICKETS)["casemix"]
    ref = ck.fairness.case_mix(TICKETS, kpi="fcr", strata=["category", "priority"], by="team", min_n=1)
    for column in ("observed", "expected", "oe"):
        assert np.allclose(casemix[column].reindex(ref.index), ref[column]), column
    rank_changes = _run(nb, "a3-ranking", casemix=casemix)["rank_changes"]
    table = pd.DataFrame({"observed": [0.7, 0.7, 0.6, 0.5], "oe": [0.9, 1.2, 1.1, 1.0]},
                         index=["T1", "T2", "T3", "T4"])
    ref = ck.fairness.ranking_comparison(table.assign(adjusted=table["oe"]), direction="higher")["rank_change"]
    assert rank_changes(table).reindex(ref.index).tolist() == ref.astype(float).tolist()
    average = table["observed"].rank(ascending=False) - table["oe"].rank(ascending=False)
    assert average.reindex(ref.index).tolist() != ref.astype(float).tolist()   # the example has a tie that matters


def test_case_mix_is_named_as_in_chapter_1(nb):
    assert "病例组合调整（case-mix adjustment" in _chapter_sources(CHAPTER_1)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "病例组合调整" in text and "case-mix adjustment" in text and "工单结构调整" not in text


# --------------------------------------------------------------------------- the off-limits rule
def test_the_header_names_the_modules_the_setup_cell_puts_off_limits(nb):
    setup = _cell(nb, "a3-setup")
    call = ast.parse(setup).body[-1]
    assert isinstance(call, ast.Expr) and ast.unparse(call.value.func) == "ck.exercise.off_limits"
    modules = list(ast.literal_eval(call.value.args[0]))
    assert modules == ["coursekit.system", "coursekit.appraisal", "coursekit.fairness", "coursekit.widgets"]
    header = nb.cells[0].source
    rule = header[header.index("不要调用"):].split("**")[0]
    assert [m for m in modules if f"`{m}`" in rule] == modules
    for gid, cell in notebooks.graded_cells(nb, "test"):
        assert cell.source.startswith("ck.exercise.verify()\n"), gid
