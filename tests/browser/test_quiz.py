"""A self-learner answers two quizzes in JupyterLab and reads the instant feedback.

A temporary notebook (written into a temporary folder served by its own
JupyterLab, so the repository is never written) holds one choice quiz and one
number quiz made with :mod:`coursekit.quiz`. In the browser the choice quiz is
answered wrong (option A; B is right) and the number quiz right ("8.7%" for
120 / 1380 ≈ 0.087), each with the 提交 button; the feedback must read
"✘ 不对" with the right option, and "✔ 正确" with the explanation.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.labui import WAIT_DONE, cell, error_outputs, menu_command, open_notebook, screenshot, start_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHOICE = ('from coursekit import quiz\n'
          'quiz.choice("FCR 属于哪一维度？", ["客户", "效率", "质量"], 1, "FCR 衡量一次解决的效率。")')
NUMBER = ('from coursekit import quiz\n'
          'rate = 120 / 1380\n'
          'quiz.number("投诉率是多少？", rate, tolerance=0.0005, explain="120 / 1380 ≈ 0.087。")')
FEEDBACK = ".coursekit-quiz-feedback"


def write_notebook(path) -> None:
    cells = [{"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# 自测"}]
    for n, source in enumerate((CHOICE, NUMBER)):
        cells.append({"cell_type": "code", "id": f"quiz-{n}", "metadata": {}, "execution_count": None,
                      "outputs": [], "source": source})
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}}}
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


def feedback_after_submit(page, quiz, expected: str) -> str:
    quiz.locator(".coursekit-quiz-submit").click()
    feedback = quiz.locator(FEEDBACK)
    try:
        page.wait_for_function("([el, text]) => el.innerText.includes(text)",
                               arg=[feedback.element_handle(), expected], timeout=20_000)
    except Exception:  # noqa: BLE001 - the assertion below reports what the page shows
        pass
    return feedback.inner_text()


def test_quiz_feedback_in_the_browser(lab_env, page, tmp_path):
    workdir = tmp_path / "learner"
    workdir.mkdir()
    write_notebook(workdir / "quiz.ipynb")
    server = start_lab(workdir, "quiz.ipynb", lab_env, tmp_path / "quiz-lab.log")
    try:
        open_notebook(page, server, "quiz.ipynb", 3)
        menu_command(page, "runmenu:run-all")
        page.wait_for_function(WAIT_DONE, timeout=120_000)
        assert error_outputs(page) == [], "the quiz cells failed"

        choice = cell(page, 1).locator(".coursekit-quiz")
        choice.wait_for(state="visible", timeout=30_000)  # the widget, not the static fallback
        radios = choice.locator(".widget-radio-box label")
        assert radios.all_inner_texts() == ["A. 客户", "B. 效率", "C. 质量"]
        radios.nth(0).click()                                             # wrong: A
        wrong = feedback_after_submit(page, choice, "不对")
        screenshot(page, "quiz-wrong")
        assert "✘ 不对" in wrong and "正确答案：B. 效率" in wrong, f"feedback after a wrong answer: {wrong!r}"

        number = cell(page, 2).locator(".coursekit-quiz")
        number.wait_for(state="visible", timeout=30_000)
        number.locator(".widget-text input").fill("8.7%")                 # right: 8.7 % = 0.087
        right = feedback_after_submit(page, number, "正确")
        screenshot(page, "quiz-right")
        assert "✔ 正确" in right and "120 / 1380 ≈ 0.087。" in right, f"feedback after a right answer: {right!r}"
        assert "✘" not in right
        assert error_outputs(page) == [], "answering produced an error"
        server.shutdown_kernels()
    finally:
        server.stop()
