"""Feedback pages never show hidden-test code."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from coursekit.errors import ConfigError
from coursekit.trainer.review.feedback import (
    HIDDEN_NOTE,
    OUTPUT_NOTE,
    generate_feedback,
    html_unescape,
    redact_notebook,
    redact_source,
)
from tests.trainer import coursefactory as cf

HIDDEN_CODE = ["assert mean([2, 4]) == 3", "assert mean([10]) == 10", "assert total == 42",
               "assert rate(1, 4) == 0.25", "assert rate(1, 0) == 0.0"]
VISIBLE_CODE = "assert mean([1, 2, 3]) == 2"


def _test_cell(source: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    return cell


def test_redaction_of_source_and_outputs() -> None:
    cell = _test_cell("check(1)\n    ### BEGIN HIDDEN TESTS\n    assert f(2) == 4\n"
                      "    ### END HIDDEN TESTS\ncheck(3)")
    cell.outputs = [new_output("error", ename="AssertionError", evalue="",
                               traceback=["\x1b[0;31massert\x1b[0m f(2) == 4", "AssertionError"])]
    answer = new_code_cell("print(In)")
    answer.outputs = [new_output("stream", name="stdout", text="['x', 'assert f(2) == 4']\nok\n")]
    nb, hidden = redact_notebook(new_notebook(cells=[cell, answer]))
    assert hidden == ["assert f(2) == 4"]
    assert nb.cells[0].source == f"check(1)\n    # {HIDDEN_NOTE}\ncheck(3)"
    assert nb.cells[0].outputs[0]["traceback"] == [OUTPUT_NOTE, "AssertionError"]
    assert nb.cells[1].outputs[0]["text"] == f"{OUTPUT_NOTE}\nok\n"
    dropped, _ = redact_notebook(new_notebook(cells=[cell, answer]), outputs="tests")
    assert dropped.cells[1].outputs == [] and dropped.cells[0].outputs
    with pytest.raises(ConfigError, match="outputs must be"):
        redact_notebook(new_notebook(), outputs="some")


def test_hidden_line_also_shown_openly_is_not_a_secret() -> None:
    cell = _test_cell("assert g() == 1\n### BEGIN HIDDEN TESTS\nassert g() == 1\n"
                      "assert g(5) == 2\n### END HIDDEN TESTS")
    _, hidden = redact_notebook(new_notebook(cells=[cell]))
    assert hidden == ["assert g(5) == 2"]


def test_course_specific_markers_and_unclosed_regions_are_redacted() -> None:
    source = "check(1)\n# >>> hidden\nassert f(2) == 4\n# <<<\ncheck(3)\n  # >>> hidden\nassert f(5) == 25"
    redacted, hidden = redact_source(source, markers=(">>> hidden", "<<<"))
    assert redacted == f"check(1)\n# {HIDDEN_NOTE}\ncheck(3)\n  # {HIDDEN_NOTE}"
    assert hidden == ["assert f(2) == 4", "assert f(5) == 25"]
    assert redact_source(source) == (source, [])  # nbgrader's default markers are not in it


@pytest.mark.slow
def test_feedback_pages_have_no_hidden_test_code(graded_course: Path) -> None:
    # the autograded notebooks do hold the hidden tests (and h5 printed them): redaction is needed
    assert "assert rate(1, 0) == 0.0" in cf.autograded_text(graded_course, "h2_partial")
    assert "assert total == 42" in cf.autograded_text(graded_course, "h5_exfil")
    pages = generate_feedback(graded_course, "ps1")
    assert sorted(pages) == ["h1_full", "h2_partial", "h3_blank", "h4_total_only", "h5_exfil"]
    for student, files in pages.items():
        assert [p.name for p in files] == ["ps1.html"]
        text = html_unescape(files[0].read_text(encoding="utf-8"))
        for code in HIDDEN_CODE:
            assert code not in text, (student, code)
        assert HIDDEN_NOTE in text
        assert VISIBLE_CODE in text
    # h5 printed In (with hidden tests) in its own output: that line is replaced
    assert OUTPUT_NOTE in html_unescape(pages["h5_exfil"][0].read_text(encoding="utf-8"))
    # the score nbgrader shows is the gradebook's (h2: 3 of 4)
    assert "3.0 / 4.0" in html_unescape(pages["h2_partial"][0].read_text(encoding="utf-8"))


@pytest.mark.slow
def test_feedback_for_unknown_trainee_is_refused(graded_course: Path) -> None:
    with pytest.raises(ConfigError, match="no autograded 'ps1' for: ghost"):
        generate_feedback(graded_course, "ps1", ["ghost"])
