"""Assignment 1 grades the KPI rules the chapters teach and ``coursekit.kpi`` implements.

Each test runs the solution of an answer cell of ``course/source/a1_kpi_calculation`` (its
code, markers and all) on a small hand-made example chosen so that the usual other rule
(``<`` instead of ``<=``, ``.dt.seconds``, open tickets counted or all dropped, a 6 counted
as passive, the mean instead of the median …) would give a different answer, and compares
it with the library default the chapters call. The hidden tests compare trainees' answers
with the same library calls, so following the chapter never costs points. Where a task
deliberately uses another rule than the library default (task 3 counts resolved tickets
only), the test checks that the notebook says so.

It also checks the off-limits wiring: the setup cell ends with ``ck.exercise.off_limits``,
the 作答须知 names exactly those modules, every test cell starts with
``ck.exercise.verify()``, and no locked cell contains what the tamper scan flags.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import coursekit as ck
from coursekit.kpi.times import cutoff as library_cutoff
from coursekit.trainer import notebooks
from tests.course.conftest import COURSE, ROOT
from tests.course.test_off_limits import off_limits

SOURCE = COURSE / "source" / "a1_kpi_calculation" / "a1_kpi_calculation.ipynb"
CHAPTER_1 = ROOT / "chapters" / "01_concepts.ipynb"
CHAPTER_2 = ROOT / "chapters" / "02_training_improvement.ipynb"

CJK = re.compile(r"[\u4e00-\u9fff]")
H = pd.Timedelta(hours=1)
S = pd.Timedelta(seconds=10)


@pytest.fixture(scope="module")
def nb():
    return notebooks.read(SOURCE)


def _text(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _chapter(path) -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def _run(nb, grade_id: str, **names) -> dict:
    """Execute one answer cell of the solution with ``names`` defined; return its namespace."""
    namespace = {"np": np, "pd": pd, "ck": ck, **names}
    exec(compile(notebooks.find_cell(nb, grade_id).source, grade_id, "exec"), namespace)
    return namespace


def _tickets() -> pd.DataFrame:
    """Agents A and B: a ticket exactly on its SLA, 10 s over, multi-day, open overdue, open pending."""
    t0 = pd.Timestamp("2024-05-06 08:00")
    return pd.DataFrame({
        "agent_id": ["A", "A", "A", "A", "B", "B", "B", "B"],
        "created_at": [t0, t0, t0, t0, t0, t0, t0 + 90 * H, t0 + 10 * H],
        "first_response_at": [t0 + H] * 8,
        "resolved_at": [t0 + 24 * H, t0 + 24 * H + S, t0 + 71 * H, pd.NaT, t0 + 3 * H, t0 + 30 * H, pd.NaT,
                        t0 + 96 * H],
        "sla_hours": [24.0, 24.0, 72.0, 48.0, 24.0, 24.0, 24.0, 120.0],
        "first_contact_resolved": [True, False, True, False, True, True, False, False],
    })


# --------------------------------------------------------------------------- off-limits wiring


def test_off_limits_cover_the_doors_and_the_header_names_them(nb):
    rules = off_limits('a1_kpi_calculation')
    assert "coursekit.kpi" in rules and "coursekit.fairness" in rules
    head = nb.cells[0].source
    bullet = head[head.index("**不要调用**"):head.index("- 比率一律")]
    named = set(re.findall(r"`(coursekit(?:\.\w+)+)`", bullet))
    assert named == set(rules), f"作答须知 names {sorted(named)}, off_limits has {sorted(rules)}"
    assert all(CJK.search(hint) for hint in rules.values())
    # the doors: fairness hands over per-agent FCR, hours and SLA outcomes; the data generator's
    # helpers compute FCR and the monthly KPIs. ck.load stays allowed.
    t = _tickets().assign(category="x", priority="P1", channel="phone", product_line="数控机床")
    observed = ck.fairness.case_mix(t, kpi="fcr", min_n=1)["observed"]
    pd.testing.assert_series_equal(observed, ck.kpi.fcr(t, by="agent_id"), check_names=False)
    from coursekit.datasets._training import _window_fcr
    assert _window_fcr(t, ("2000-01-01", "2100-01-01")).to_dict() == ck.kpi.fcr(t, by="agent_id").to_dict()
    assert not any(r.startswith("coursekit.datasets") and r.count(".") == 1 for r in rules), "ck.load must stay allowed"


def test_context_is_industrial_equipment(nb):
    text = json.dumps(notebooks.read(SOURCE), ensure_ascii=False)
    assert "家电" not in text
    assert all(p in nb.cells[0].source for p in ("数控机床", "工业机器人", "空压机", "注塑机"))


# --------------------------------------------------------------------------- tasks 1–2: FCR and hours
def test_fcr_counts_every_ticket_like_the_library(nb):
    t = _tickets()
    mine = _run(nb, "a1-fcr", tickets=t)["fcr_by_agent"]
    pd.testing.assert_series_equal(mine, ck.kpi.fcr(t, by="agent_id"), check_names=False, check_dtype=False)
    assert mine["A"] == 0.5  # the open ticket stays in the denominator


def test_resolution_hours_use_total_seconds_and_skip_open_tickets(nb):
    t = _tickets()
    mine = _run(nb, "a1-ttr", tickets=t)["ttr_by_agent"]
    pd.testing.assert_series_equal(mine["mean_h"], ck.kpi.ttr_mean_h(t, by="agent_id"), check_names=False)
    pd.testing.assert_series_equal(mine["median_h"], ck.kpi.ttr_median_h(t, by="agent_id"), check_names=False)
    assert mine.loc["A", "median_h"] == pytest.approx(24 + 10 / 3600)   # 71 h counted in full, not 23 h


# --------------------------------------------------------------------------- task 3: SLA, resolved tickets only
def test_sla_rate_is_the_library_rule_on_resolved_tickets(nb):
    t = _tickets()
    sla_rate = _run(nb, "a1-sla", tickets=t)["sla_rate"]
    resolved = t[t["resolved_at"].notna()]
    ref = ck.kpi.sla_compliance(resolved, by="agent_id")
    pd.testing.assert_series_equal(sla_rate(t), ref, check_names=False, check_dtype=False)
    assert ref["A"] == pytest.approx(2 / 3)  # exactly on the SLA counts as met; 10 s over does not
    # the library default also counts open overdue tickets (task 7's 口径): the notebook says task 3 differs
    assert ck.kpi.sla_compliance(t, by="agent_id")["A"] == pytest.approx(2 / 4)
    text = _text(nb)
    assert "只统计已解决的工单" in text and "恰好等于**时限也算达成" in text


# --------------------------------------------------------------------------- task 4–5: CSAT and NPS cut points
def test_top2box_and_nps_cut_points_are_the_library_ones(nb):
    ns = _run(nb, "a1-csat", surveys=pd.DataFrame({"agent_id": ["A"], "csat": [4]}))
    ns.update(_run(nb, "a1-nps", surveys=pd.DataFrame({"agent_id": ["A"], "nps": [7]})))
    for scores in ([4], [3], [5, 4, 3, 2, 1], [4, np.nan, 2], [1, 2, 3]):
        assert ns["top2box"](scores) == pytest.approx(ck.kpi.csat(scores))
    for scores in ([6], [7], [8], [9], [0, 10], [6, 7, 8, 9], [10, np.nan, 6, 9]):
        assert ns["nps_score"](scores) == pytest.approx(ck.kpi.nps(scores), abs=1e-12)
    assert ck.kpi.nps([6]) == -100 and ck.kpi.nps([7, 8]) == 0 and ck.kpi.nps([9]) == 100
    chapter = _chapter(CHAPTER_1)  # the chapter that defines NPS
    assert "推荐者（9–10 分）" in chapter and "贬损者（0–6 分）" in chapter and "中立者（7–8 分）留在分母里" in chapter


# --------------------------------------------------------------------------- task 6: stated rule
def test_attention_rule_is_strictly_below_the_median_and_needs_both(nb):
    text = _text(nb)
    assert "**恰好等于**中位数的不算" in text and "不列入" in text
    needs_attention = _run(nb, "a1-attention", fcr_by_agent=pd.Series({"A": 0.1}),
                           csat_by_agent=pd.Series({"A": 0.1}))["needs_attention"]
    fcr = pd.Series({"A": 0.5, "B": 0.6, "C": 0.7, "G": 0.4, "E": 0.9})     # median 0.6 (B)
    csat = pd.Series({"A": 0.5, "B": 0.5, "C": 0.8, "E": 0.9, "K": 0.7})    # median 0.7 (K); G has none
    assert needs_attention(fcr, csat) == ["A"]


# --------------------------------------------------------------------------- task 7: the open-ticket 口径
EDGE_CUT = pd.Timestamp("2024-06-10 12:00")
EDGE = pd.DataFrame({
    "created_at": [EDGE_CUT - 30 * H, EDGE_CUT - 30 * H, EDGE_CUT - 96 * H, EDGE_CUT - 24 * H, EDGE_CUT - 24 * H - S,
                   EDGE_CUT - 144 * H, EDGE_CUT - 2 * H, EDGE_CUT - 3 * H, EDGE_CUT - 30 * H, EDGE_CUT + H],
    "resolved_at": [EDGE_CUT - 6 * H, EDGE_CUT - 6 * H + S, EDGE_CUT - 24 * H, pd.NaT, pd.NaT, pd.NaT, EDGE_CUT,
                    EDGE_CUT + H, EDGE_CUT + 48 * H, EDGE_CUT + 2 * H],
    "sla_hours": [24.0, 24.0, 24.0, 24.0, 24.0, 120.0, 24.0, 24.0, 24.0, 24.0],
}, index=range(50, 60))
#: on the SLA, 10 s over, 3 days for 24 h, open exactly at its SLA, open 10 s over, open 6 days,
#: resolved exactly at the cut-off, resolved after it (not yet due), after it (already overdue), created after it
EDGE_STATUS = [1.0, 0.0, 0.0, np.nan, 0.0, 0.0, 1.0, np.nan, 0.0, np.nan]


def test_sla_status_is_the_library_cutoff_rule_and_the_chapter_2_rule(nb):
    sla_status = _run(nb, "a1-sla-cutoff", tickets=_tickets(), export_time=pd.Timestamp("2024-05-12"))["sla_status"]
    ref = ck.kpi.sla_compliance(EDGE.assign(_row=np.arange(len(EDGE))), by="_row", at=EDGE_CUT)
    np.testing.assert_array_equal(ref.to_numpy(), EDGE_STATUS)
    mine = sla_status(EDGE, EDGE_CUT)
    assert list(mine.index) == list(EDGE.index)
    np.testing.assert_array_equal(mine.to_numpy(dtype=float), EDGE_STATUS)
    # chapter 2 teaches the same rule and computes it with the library (kpi.deadline_flags: the one rule)
    chapter = _chapter(CHAPTER_2)
    assert "至今未完成、但还没到期：**待定**，结果未知，**不计入分母**" in chapter
    assert "kpi.deadline_flags(" in chapter and "at=EXPORTED_AT" in chapter
    text = _text(nb)
    assert "第 2 章 2.4.3 节" in text and "默认口径" in text
    assert "2.4.3 法规政策解读" in chapter  # the section a1 points to still has that number


def test_export_time_is_the_export_cutoff_and_the_rate_matches(nb):
    tickets = ck.load("tickets", industry="manufacturing")
    setup = notebooks.find_cell(nb, "a1-export-time").source
    namespace = {"tickets": tickets, "ck": ck, "print": lambda *a, **k: None}
    exec(compile(setup, "a1-export-time", "exec"), namespace)
    export_time = namespace["export_time"]
    # the one cut-off of the book: the course data's export time, which is after every timestamp in the data
    assert export_time == ck.datasets.EXPORTED_AT
    assert np.datetime64(export_time, "us") >= library_cutoff(tickets)
    mine = _run(nb, "a1-sla-cutoff", tickets=tickets, export_time=export_time)["sla_cutoff_by_agent"]
    ref = ck.kpi.sla_compliance(tickets, by="agent_id", at=ck.datasets.EXPORTED_AT)   # as the chapters call it
    pd.testing.assert_series_equal(mine, ref, check_names=False, check_dtype=False)
    # the 口径 matters on the real data: it differs from task 3's resolved-only rate for some agents
    resolved_only = ck.kpi.sla_compliance(tickets[tickets["resolved_at"].notna()], by="agent_id")
    assert (ref - resolved_only).abs().max() > 1e-3
