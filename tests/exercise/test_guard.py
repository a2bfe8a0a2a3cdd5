"""The off-limits guard inside a real kernel (nbclient), cell by cell.

Each case is a short notebook; we check which cells raised and with what. The
plain-nbgrader round trip (trusted hidden tests, every route, validate) is in
``test_guard_nbgrader.py``.
"""

from __future__ import annotations

import nbformat
import pytest

from coursekit.trainer.trust import TRUST_CELL_KEY, trust_cell_source

pytestmark = pytest.mark.slow

SETUP = ("import numpy as np\nimport coursekit as ck\n"
         "M = np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])\n"
         "ck.exercise.off_limits({'coursekit.weights.ahp.ahp': '请用 numpy 自己算'})")


def run_cells(*sources: str, trusted: tuple[str, ...] = ()) -> list[str]:
    """Run the cells in one kernel; per cell 'ok' or 'ExceptionName: message'."""
    from nbclient import NotebookClient

    from coursekit.exercise.guard import source_hash

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if trusted:
        trust = nbformat.v4.new_code_cell(trust_cell_source([source_hash(s) for s in trusted]))
        trust.metadata[TRUST_CELL_KEY] = True
        cells.insert(0, trust)
    nb.cells = cells
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    out = []
    for cell in nb.cells[1 if trusted else 0:]:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        out.append(f"{errors[0].ename}: {errors[0].evalue}" if errors else "ok")
    return out


def test_an_allowed_library_function_may_use_an_off_limits_one_internally():
    # hierarchical_ahp calls ahp inside coursekit: the guard lets library code through.
    # By hand: criteria 3:1 -> 0.75/0.25; a's indicators 2:1 -> 0.5, 0.25; b's one -> 0.25.
    results = run_cells(SETUP, "h = ck.weights.hierarchical_ahp([[1, 3], [1/3, 1]], "
                               "{'a': [[1, 2], [1/2, 1]], 'b': [[1]]})\n"
                               "assert np.allclose(h.global_weights.to_numpy(), [0.5, 0.25, 0.25])")
    assert results == ["ok", "ok"]


def test_a_reference_taken_before_the_guard_is_refused_too():
    results = run_cells("import sys, coursekit.weights\nearly = sys.modules['coursekit.weights.ahp'].ahp", SETUP,
                        "early(M)")
    assert results[:2] == ["ok", "ok"]
    assert results[2].startswith("OffLimitsError: 本次作业不允许调用 `coursekit.weights.ahp.ahp`")


def test_verify_fails_the_test_cells_right_after_the_call_and_not_later_tasks():
    results = run_cells(
        SETUP,
        "try:\n    ck.weights.ahp(M)\nexcept Exception:\n    pass",   # task 1's answer
        "ck.exercise.verify()",                                        # task 1, test a
        "ck.exercise.verify()",                                        # task 1, test b
        "x = 1",                                                       # task 2's answer
        "ck.exercise.verify()",                                        # task 2's test
    )
    assert results[0:2] == ["ok", "ok"]
    assert results[2].startswith("AssertionError: 本次作业不允许调用")
    assert results[3].startswith("AssertionError: 本次作业不允许调用")
    assert results[4:] == ["ok", "ok"]


def test_a_call_refused_inside_a_test_cell_costs_only_that_cell():
    results = run_cells(SETUP, "def mine(m):\n    return ck.weights.ahp(m)",
                        "ck.exercise.verify()\nmine(M)", "y = 2", "ck.exercise.verify()")
    assert results[2].startswith("OffLimitsError")
    assert results[3:] == ["ok", "ok"]


def test_restoring_the_original_code_is_detected():
    results = run_cells(
        SETUP,
        "import sys\nmod = sys.modules['coursekit.weights.ahp']\n"
        "mod.ahp.__code__ = (lambda *a, **k: None).__code__",
        "ck.exercise.verify()")
    assert results[1] == "ok"
    assert "检测到禁用函数的检查被改动" in results[2] and "`__code__`" in results[2]


def test_reloading_the_module_is_detected():
    results = run_cells(SETUP, "import importlib, sys\n"
                               "mod = importlib.reload(sys.modules['coursekit.weights.ahp'])\nw = mod.ahp(M)", "ck.exercise.verify()")
    assert results[1] == "ok", "reload gives an unguarded copy (the scan and the integrity check catch it)"
    assert "检测到禁用函数的检查被改动或模块被重新加载" in results[2]
    assert "importlib.reload" in results[2]


def test_trust_can_be_set_only_once_and_trusted_cells_may_call():
    hidden = "ck.exercise.verify()\nassert ck.weights.ahp(M).cr < 0.1"
    results = run_cells(SETUP, hidden,
                        "import coursekit.exercise.guard as g\ng.trust([])", trusted=(SETUP, hidden))
    assert results[:2] == ["ok", "ok"]
    assert results[2].startswith("OffLimitsError: 评分检查的可信单元格列表只能设置一次")


def test_messages_follow_the_language_setting():
    results = run_cells(SETUP, "ck.set_language('en')\nck.weights.ahp(M)")
    assert results[1].startswith("OffLimitsError: This exercise does not allow calling "
                                 "`coursekit.weights.ahp.ahp`")


def test_unknown_targets_are_rejected_with_a_fix():
    from coursekit.errors import ConfigError
    from coursekit.exercise import guard

    with pytest.raises(ConfigError, match="check the spelling"):
        guard.off_limits({"coursekit.weights.nope": "x"})
    with pytest.raises(ConfigError, match="not a coursekit module"):
        guard.off_limits({"numpy": "x"})
