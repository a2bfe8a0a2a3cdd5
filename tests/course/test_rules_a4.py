"""Assignment 4 grades the rules chapter 2 teaches and `coursekit.training` implements, not others.

The solution's answer cells are run here on small hand-made data chosen so that the
usual other rule would give a different number (an unclipped gap, the population
sd, d_av instead of d_z, a DiD without the control group, the benefit-cost ratio
instead of ROI %), and compared with the library default. The design tasks are
checked against the same sources: the Kirkpatrick level of each outcome, and the
half-width formula behind the group size, which is the library's DiD interval.
"""

from __future__ import annotations

import ast
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from coursekit import training as lib
from coursekit.trainer import notebooks
from tests.course.conftest import COURSE, ROOT
from tests.course.test_off_limits import assert_doors_closed, off_limits

SOURCE = COURSE / "source" / "a4_training" / "a4_training.ipynb"
CHAPTER = ROOT / "chapters" / "02_training_improvement.ipynb"


@pytest.fixture(scope="module")
def nb():
    return notebooks.read(SOURCE)


@pytest.fixture(scope="module")
def text(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def chapter_text() -> str:
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells).replace("**", "")


def _run(nb, grade_id: str, **names):
    """Run the solution of one answer cell (markers removed) with ``names`` defined; return its namespace."""
    source = notebooks.find_cell(nb, grade_id).source
    code = "\n".join(line for line in source.split("\n") if "### BEGIN" not in line and "### END" not in line)
    namespace = {"np": np, "pd": pd, **names}
    exec(compile(code, grade_id, "exec"), namespace)
    return namespace


def _frame() -> pd.DataFrame:
    """Unequal groups with spread: the naive change, DiD, sd (n vs n - 1) and d_z vs d_av all differ."""
    return pd.DataFrame({
        "group": ["treatment"] * 4 + ["control"] * 3,
        "pre_score": [50.0, 60.0, 70.0, 80.0, 55.0, 65.0, 75.0],
        "post_score": [62.0, 66.0, 85.0, 88.0, 58.0, 66.0, 80.0],
        "fcr_pre": [0.60, 0.70, 0.65, 0.55, 0.62, 0.66, 0.70],
        "fcr_post": [0.75, 0.72, 0.80, 0.70, 0.64, 0.70, 0.69],
        "cost_yuan": [1200.0, 800.0, 1600.0, 1600.0, 0.0, 0.0, 0.0],
    })


def test_weighted_gap_clips_at_zero_like_the_library(nb, text, chapter_text):
    assert "差距 = max(要求等级 − 当前等级, 0)" in text and "差距 = max(要求等级 − 当前等级, 0)" in chapter_text
    table = pd.DataFrame({"agent_id": ["甲", "甲", "甲", "乙", "乙"], "competency": ["a", "b", "c", "a", "b"],
                          "importance": [0.5, 0.3, 0.2, 0.6, 0.4], "required_level": [3, 3, 4, 4, 3],
                          "current_level": [5, 2, 1, 2, 4]})
    mine = _run(nb, "a4-gap")["weighted_gap"](table)
    ref = lib.training_needs(table, team=None).agents["need_index"]
    assert mine.reindex(ref.index).to_numpy() == pytest.approx(ref.to_numpy())
    gap = table["required_level"] - table["current_level"]
    unclipped = (table["importance"] * gap).groupby(table["agent_id"]).sum()
    assert unclipped["甲"] != pytest.approx(ref["甲"])  # the example separates the two rules


def test_paired_t_and_d_z_are_the_library_s(nb, text, chapter_text):
    assert r"$d_z = \bar d / s_d$" in chapter_text and r"t = \bar d \,/\, (s_d / \sqrt{n})$" in chapter_text
    assert "效应量 `d_z` = mean_diff / sd_diff" in text and "分母 n − 1" in text
    frame = _frame()
    paired = _run(nb, "a4-paired", training=frame)["paired"]
    treated = frame[frame["group"] == "treatment"]
    ref = lib.paired_effect(treated["pre_score"], treated["post_score"])
    for key in ("n", "mean_diff", "sd_diff", "t", "d_z"):
        assert paired[key] == pytest.approx(getattr(ref, key)), key
    assert ref.d_z != pytest.approx(ref.d_av)
    d = treated["post_score"] - treated["pre_score"]
    assert ref.sd_diff == pytest.approx(d.std(ddof=1)) and ref.sd_diff != pytest.approx(d.std(ddof=0))


def test_did_naive_and_roi_are_the_library_s(nb, text, chapter_text):
    assert "DiD = (培训组后测均值 − 培训组前测均值) − (对照组后测均值 − 对照组前测均值)" in text
    assert "DiD = (培训组后测均值 − 培训组前测均值) − (对照组后测均值 − 对照组前测均值)" in chapter_text
    frame = _frame()
    did = _run(nb, "a4-did", training=frame)
    ref = lib.diff_in_diff(frame, "fcr_pre", "fcr_post")
    assert did["did_fcr"] == pytest.approx(ref.estimate)
    assert did["did_score"] == pytest.approx(lib.diff_in_diff(frame, "pre_score", "post_score").estimate)
    assert ref.estimate != pytest.approx(ref.naive)
    naive = _run(nb, "a4-naive", training=frame)["naive_fcr"]
    assert naive == pytest.approx(ref.naive)
    # ROI % = (benefit - cost) / cost x 100 (Phillips), not the benefit-cost ratio
    assert "ROI（%）= (收益 − 成本) ÷ 成本 × 100" in text and "ROI % = (收益 − 成本) / 成本 × 100" in chapter_text
    roi = _run(nb, "a4-roi", training=frame, did_fcr=ref.estimate)["roi_pct"]
    treated = frame[frame["group"] == "treatment"]
    phillips = lib.phillips_roi(ref.estimate * 100 * 600 * len(treated), treated["cost_yuan"].sum())
    assert roi == pytest.approx(phillips.roi_pct) and roi != pytest.approx(phillips.bcr * 100)


def test_roi_value_per_point_says_why_it_differs_from_the_chapter(text, chapter_text):
    assert "本节取 400 元 / 人 / 年，这只是一个示例假设" in chapter_text
    assert "600 元" in text and "400 元只是演示用的示例假设" in text


def test_trial_levels_are_the_chapter_s_kirkpatrick_levels(nb, chapter_text):
    test = notebooks.find_cell(nb, "a4-test-trial").source
    mapping = ast.literal_eval(re.search(r"_levels = (\{.*?\})", test).group(1))
    assert mapping == {"reaction": 1, "score_gain": 2, "fcr_change": 3, "qa_behaviour": 3, "repeat_cost": 4}
    # chapter 2, 3.1: reaction = satisfaction, learning = test scores, behaviour = FCR change, results = savings
    for row in ("第 1 级 反应（Reaction） | 学员喜欢吗？觉得有用吗？ | 培训满意度问卷",
                "第 2 级 学习（Learning） | 学到了吗？ | 测验成绩的提升",
                "第 3 级 行为（Behaviour） | 回到岗位做法变了吗？ | 首次解决率 FCR 的变化",
                "第 4 级 结果（Results） | 给业务带来什么结果？ | 由 FCR 提升折算的成本节约"):
        assert row in chapter_text, row
    assert [level for level, *_ in lib.LEVELS] == [1, 2, 3, 4]
    assert dict((level, name) for level, name, _ in lib.LEVELS)[3] == "Behaviour"
    # the library's Kirkpatrick summary puts the FCR DiD at level 3 and the score DiD at level 2
    frame = _frame().assign(agent_id=range(7), reaction=[4.0, 5.0, 3.0, 4.0, None, None, None])
    levels = lib.kirkpatrick(frame).set_index("level")["value"]
    assert levels[3] == pytest.approx(lib.diff_in_diff(frame, "fcr_pre", "fcr_post").estimate)
    assert levels[2] == pytest.approx(lib.diff_in_diff(frame, "pre_score", "post_score").estimate)


def test_group_size_formula_is_the_library_s_did_interval(nb, text):
    assert "1.96 × s × √(2/n)" in text
    rng = np.random.default_rng(7)
    n, s = 100, 0.14
    change_a, change_b = rng.normal(0.10, s, n), rng.normal(0.05, s, n)
    frame = pd.DataFrame({"group": ["a"] * n + ["b"] * n, "pre": 0.0,
                          "post": np.concatenate([change_a, change_b])})
    ref = lib.diff_in_diff(frame, "pre", "post", group="group", treated="a", control="b")
    se = math.sqrt(change_a.var(ddof=1) / n + change_b.var(ddof=1) / n)
    assert ref.se == pytest.approx(se)  # the standard error of the difference of the two mean changes
    half = (ref.ci[1] - ref.ci[0]) / 2
    assert half == pytest.approx(stats.t.ppf(0.975, ref.df) * se)
    assert half == pytest.approx(1.96 * se, rel=0.01)  # "人数较多时 t 分位数接近 1.96"
    # the solution's n is the smallest with 1.96 s sqrt(2/n) <= 0.04 for the treated group's sd
    data = pd.DataFrame({"group": ["treatment"] * 5 + ["control"], "fcr_pre": [0.5, 0.6, 0.7, 0.6, 0.5, 0.6],
                         "fcr_post": [0.7, 0.6, 0.9, 0.65, 0.8, 0.6]})
    size = _run(nb, "a4-groupsize", training=data)["n_per_group"]
    sd = (data["fcr_post"] - data["fcr_pre"])[data["group"] == "treatment"].std(ddof=1)
    assert 1.96 * sd * math.sqrt(2 / size) <= 0.04 < 1.96 * sd * math.sqrt(2 / (size - 1))


def test_off_limits_cover_the_doors():
    rules = off_limits('a4_training')
    # coursekit.training computes every answer; plots.distributions.before_after draws the group means
    # and their changes (the DiD at a glance), so it is a door too; widgets.roi computes ROI and BCR
    assert set(rules) == {"coursekit.training", "coursekit.plots.distributions", "coursekit.widgets.roi"}
    assert_doors_closed('a4_training', 'coursekit.training')  # the instructions naming them: test_off_limits.py


