"""Assignment 5 grades the rules chapter 2 teaches and `coursekit.spc` implements, not others.

Each test takes the rule as the notebook states it (its text) and as the solution
implements it (the code of the answer cell, run here), and compares both with the
library default on a small hand-made example chosen so that the usual other rule
(3 × sd limits, limits floored at 0, a point on a limit counted as outside, 7 in a
row, a run through the centre line, the threshold category excluded …) would give
a different answer.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from coursekit import spc
from coursekit.trainer import notebooks
from tests.course.conftest import COURSE, ROOT
from tests.course.test_off_limits import assert_doors_closed, off_limits

SOURCE = COURSE / "source" / "a5_improvement" / "a5_improvement.ipynb"
CHAPTER = ROOT / "chapters" / "02_training_improvement.ipynb"


def _text(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def nb():
    return notebooks.read(SOURCE)


@pytest.fixture(scope="module")
def chapter_text() -> str:
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells)


@pytest.fixture(scope="module")
def solution(nb) -> dict:
    """The functions of the solution's answer cells, defined in one namespace (markers removed)."""
    namespace: dict = {"np": np, "pd": pd}
    for gid in ("a5-xmr", "a5-signal", "a5-run", "a5-pchart", "a5-pareto", "a5-vital"):
        source = notebooks.find_cell(nb, gid).source
        code = "\n".join(line for line in source.split("\n") if "### BEGIN" not in line and "### END" not in line)
        code = code.split("\n\n\n")[0]  # the function definition, not its use on the course data
        exec(compile(code, gid, "exec"), namespace)
    return namespace


def test_xmr_constants_and_unfloored_lcl_match_the_library(nb, solution, chapter_text):
    text = _text(nb)
    assert "2.66" in text and "3.267" in text and "d₂ = 1.128" in text
    assert spc.E2 == 2.66 and spc.D4 == 3.267 and spc.D2 == 1.128
    assert r"\bar x \pm 2.66\,\overline{mR}" in chapter_text and r"3.267\,\overline{mR}" in chapter_text
    # limits from the moving range, not 3 sd; the LCL stays negative (not floored at 0)
    x = [3.0, 9.0, 4.0, 4.5, 8.0, 2.0, 7.5]
    mine, ref = solution["xmr_limits"](pd.Series(x)), spc.xmr(x)
    assert ref.lcl < 0
    for key in ("centre", "mr_mean", "ucl", "lcl", "mr_ucl"):
        assert mine[key] == pytest.approx(getattr(ref, key), rel=1e-12)
    assert ref.ucl != pytest.approx(np.mean(x) + 3 * np.std(x, ddof=1))
    assert "不要截断为 0" in text


def test_a_point_on_a_control_limit_is_not_a_signal(nb, solution):
    assert "严格高于 UCL 或严格低于 LCL" in _text(nb)
    base = [10.0, 12.0, 11.0, 13.0, 12.0]
    chart = spc.xmr(base)
    values = pd.Series([*base, chart.ucl, chart.lcl, chart.ucl + 0.5, 11.0, chart.lcl - 0.5])
    ref = spc.xmr(values, baseline=5)
    library = [p for p in ref.outside if p >= 5]
    assert library == [7, 9]
    assert solution["signals"](values, 5) == library


def test_run_rule_is_western_electric_rule_4_same_side(nb, solution, chapter_text):
    rule = next(r for r in spc.WESTERN_ELECTRIC_RULES if r.number == 4)
    assert rule.name_zh == "连续8点在中心线同侧"
    assert rule.name_zh in _compact(_text(nb)) and rule.name_zh in _compact(chapter_text)
    assert "恰好落在中心线上的点不属于任何一侧" in _text(nb)
    cases = [
        ([1.0] * 7, 0.0),                          # 7 in a row: not yet
        ([1.0] * 8, 0.0),                          # the 8th fires
        ([-1.0] * 7 + [0.0] + [-1.0] * 8, 0.0),    # a point on the centre line ends the run
        ([0.0] * 10, 0.0),                         # points on the centre line are on neither side
        ([4.0] * 9 + [1.0] * 8, 3.0),              # both sides, every point from the 8th on
    ]
    for values, centre in cases:
        library = spc.western_electric(values, centre, 1.0, rules=[4])["position"].tolist()
        assert solution["run_of_eight"](values, centre) == library, values


def test_p_chart_limits_floor_at_0_and_cap_at_1_like_the_library(nb, solution, chapter_text):
    text = _text(nb)
    assert "LCL 小于 0 时取 0" in text and "UCL 大于 1 时取 1" in text
    assert r"\bar p = \sum d_i / \sum n_i" in chapter_text and r"\sqrt{\bar p(1 - \bar p)/n_i}" in chapter_text
    for d, n in (([1, 0, 3, 2], [40, 10, 90, 60]), ([3, 1, 4], [4, 1, 5])):
        ref = spc.p_chart(d, n).frame
        mine = solution["p_chart_limits"](pd.Series(d), pd.Series(n))
        assert (ref["lcl"] == 0).any() or (ref["ucl"] == 1).any()
        for column in ("p", "centre", "ucl", "lcl"):
            assert np.allclose(mine[column].to_numpy(dtype=float), ref[column].to_numpy(dtype=float))
    # pooled p-bar, not the mean of the monthly shares
    assert spc.p_chart([10, 12, 8], [200, 300, 100]).centre == pytest.approx(30 / 600)


def test_vital_few_include_the_crossing_category_and_stop_at_an_exact_hit(nb, solution, chapter_text):
    assert "包括让累计占比达到或越过 threshold 的那一项" in _text(nb)
    assert "首次达到 80%" in chapter_text
    for counts, threshold in (({"a": 50, "b": 30, "c": 15, "d": 5}, 0.8),   # b hits 0.8 exactly: stop at b
                              ({"a": 50, "b": 25, "c": 15, "d": 10}, 0.8),  # c crosses 0.8: include c
                              ({"a": 50, "b": 25, "c": 15, "d": 10}, 0.5)):
        ref = spc.pareto(pd.Series(counts), threshold=threshold)
        table = solution["pareto_table"](pd.Series([k for k, v in counts.items() for _ in range(v)]))
        assert solution["vital_few"](table, threshold=threshold) == list(ref.index[ref["vital_few"]])


def test_chart_choice_and_new_baseline_follow_the_chapter(nb, chapter_text):
    text = _text(nb)
    # chapter: proportions with counts -> p chart; one value per period -> XmR
    assert "比例类指标（FCR、SLA 达成率、投诉率）用 **p 图**" in chapter_text
    assert "月度指标每期只有一个数，用 **XmR 图**" in chapter_text
    source = notebooks.find_cell(nb, "a5-charts").source
    assert '"fcr": "p"' in source and '"complaint_rate": "p"' in source and '"mean_resolution_hours": "xmr"' in source
    # chapter: after the change is confirmed, recompute the limits from the data after it; the chapter's
    # own choice (2024-03 onwards, 10 months) satisfies the notebook's rule (after the change, >= 8 months)
    assert "spc.xmr(team_ttr[CHANGE_MONTH:])" in chapter_text  # CHANGE_MONTH = PLANTED["process_change"]["month"]
    assert "2024 年 3 月" in text and "至少 **8 个月**" in text
    months = pd.date_range("2024-03-01", "2024-12-01", freq="MS")
    assert len(months) >= 8


def test_off_limits_cover_the_doors():
    rules = off_limits('a5_improvement')
    # widgets.xmr computes the limits and the rule hits for its explorer
    assert set(rules) == {"coursekit.spc", "coursekit.plots.quality", "coursekit.widgets.xmr"}
    assert_doors_closed('a5_improvement', 'coursekit.spc')  # the instructions naming them: test_off_limits.py


