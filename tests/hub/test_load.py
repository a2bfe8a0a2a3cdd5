"""The classroom load test (benchmarks/classroom.py) on two trainees: its figures and its no-loss check.

Two trainees start at once, run the real first chapter cell by cell, fetch, answer and
submit the tiny exercise; the trainer collects and grades. Hand-known scores (fixture
``kpi-mini``, 5 points): t002 answers both tasks right, 5; t001 writes NPS as a fraction,
so test-nps (3 points) fails: 2.
"""

from __future__ import annotations

import json

import pytest

from tests._components import missing
from tests.hub.launch import ROOT, hub_missing

pytestmark = [pytest.mark.slow]

CHAPTER = "00_start_here"


def test_two_trainees_all_submissions_graded_and_figures_plausible(tmp_path):
    reason = hub_missing()
    if reason:
        missing(reason.split(" not installed")[0], reason)
    from benchmarks.classroom import run_load

    result = run_load(2, tmp_path, chapter=CHAPTER)
    summary = json.dumps(result, indent=1, ensure_ascii=False)

    assert result["failures"] == [] and result["cell_errors"] == [], summary
    # Nothing lost: both submissions arrived, were collected and graded with the hand-known scores.
    assert (result["submitted"], result["arrived"], result["collected"], result["graded"]) == (2, 2, 2, 2), summary
    assert result["lost"] == [] and result["wrong_scores"] == {}, summary
    assert result["scores"] == {"t001": 2.0, "t002": 5.0}, summary

    # Both servers were found and measured; the figures are those of a Jupyter server with kernels.
    assert result["servers_measured"] == 2, summary
    memory = result["mem_pss_mb"]
    assert 50 <= memory["median"] <= memory["max"] <= 3000, summary
    assert memory["max"] <= result["mem_rss_max_mb"], summary  # PSS never exceeds RSS
    assert result["cpu_s_per_trainee"] > 0 and result["hub_proxy_pss_mb"] > 0, summary

    # Every chapter cell of both trainees was timed; percentiles are ordered.
    chapter = json.loads((ROOT / "chapters" / f"{CHAPTER}.ipynb").read_text(encoding="utf-8"))
    code_cells = sum(cell["cell_type"] == "code" for cell in chapter["cells"])
    assert result["cells"] == 2 * code_cells, summary
    for key in ("login_s", "server_ready_s", "kernel_s", "cell_ms", "chapter_s", "exercise_s"):
        assert 0 < result[key]["p50"] <= result[key]["p95"], (key, summary)
    assert result["server_ready_s"]["p95"] <= result["kernel_s"]["p95"] < 600, summary
