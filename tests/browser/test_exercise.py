"""A trainee answers a released exercise in the browser and reads Chinese feedback.

Uses the first assignment of ``course/source/``: its released notebook in
``course/release/`` (the answer comes from the same cell of the source notebook).
The repository ships the release, so a missing one fails, naming its path. The
notebook is copied to a temporary folder served by its own JupyterLab, so the
repository is never written.

Two answers are typed into the first autograded answer cell and its visible test
cell is run after each:
1. a wrong one (every name the solution defines, set to ``None``): the test must
   fail with an assertion message in Chinese (what was expected);
2. the solution from the source notebook: the test must pass.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from tests.browser.labui import (
    ROOT,
    STDERR_OUTPUT,
    WAIT_DONE,
    cell,
    code_cell_count,
    copy_tree,
    menu_command,
    open_notebook,
    required,
    run_cell_and_wait,
    screenshot,
    start_lab,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CJK = re.compile(r"[\u4e00-\u9fff]")
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def released_exercise() -> tuple[Path, Path]:
    """(released notebook, its source notebook) of the first assignment; fails when either is missing."""
    source_dir = ROOT / "course" / "source"
    for folder in sorted(p for p in source_dir.glob("*") if p.is_dir()):
        notebooks = sorted(folder.glob("*.ipynb"))
        if notebooks:
            source = notebooks[0]
            released = ROOT / "course" / "release" / folder.name / source.name
            return required(released, "the released exercise"), source
    pytest.fail(f"no assignment notebook in {source_dir.relative_to(ROOT)}/ (looked for */*.ipynb)",
                pytrace=False)


def nbgrader_meta(c: dict) -> dict:
    return c.get("metadata", {}).get("nbgrader", {})


def answer_and_test(cells: list[dict]) -> tuple[int, int, str]:
    """Indexes of the first autograded answer cell and of the visible test after it."""
    for i, c in enumerate(cells):
        meta = nbgrader_meta(c)
        if c["cell_type"] == "code" and meta.get("solution") and not meta.get("grade"):
            for j in range(i + 1, len(cells)):
                if cells[j]["cell_type"] == "code" and nbgrader_meta(cells[j]).get("grade"):
                    return i, j, meta["grade_id"]
    raise AssertionError("no autograded answer cell followed by a test cell")


def solution_code(source: Path, grade_id: str) -> str:
    cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    for c in cells:
        if nbgrader_meta(c).get("grade_id") == grade_id:
            lines = "".join(c["source"]).splitlines()
            return "\n".join(line for line in lines if not MARKER.match(line))
    raise AssertionError(f"{source}: no cell {grade_id!r} (is the release stale?)")


def wrong_code(solution: str) -> str:
    """The solution, then every top-level name it defines rebound to ``None``."""
    names: list[str] = []
    for node in ast.parse(solution).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    assert names, f"the solution defines no name to get wrong:\n{solution}"
    return "\n".join(f"{name} = None" for name in dict.fromkeys(names))


def type_answer(page, index: int, code: str) -> None:
    """Replace the cell's code as a trainee would (click, select all, type), then leave the editor."""
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index) \
        .locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)
    page.keyboard.press("Escape")


def select(page, index: int) -> None:
    cell(page, index).locator(".jp-InputPrompt").click()


def outputs_of(page, index: int) -> tuple[str, list[str]]:
    """(all output text, error/stderr output texts) of one cell."""
    outputs = cell(page, index).locator(".jp-OutputArea-output")
    return "\n".join(outputs.all_inner_texts()), cell(page, index).locator(STDERR_OUTPUT).all_inner_texts()


def test_answering_an_exercise_shows_chinese_feedback(lab_env, page, tmp_path):
    released, source = released_exercise()  # first: a missing release fails here, naming it
    workdir = tmp_path / "trainee"
    copy_tree(released.parent, workdir / released.parent.name)
    relpath = f"{released.parent.name}/{released.name}"
    server = start_lab(workdir, relpath, lab_env, tmp_path / "exercise-lab.log")
    try:
        answer_in_the_browser(page, server, relpath, workdir / relpath, source)
    finally:
        server.stop()


def answer_in_the_browser(page, server, relpath: str, notebook: Path, source: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    answer, test, grade_id = answer_and_test(cells)
    right = solution_code(source, grade_id)
    open_notebook(page, server, relpath, code_cell_count(notebook)[0])

    # 1. A wrong answer: the visible test explains, in Chinese, what was expected.
    type_answer(page, answer, wrong_code(right))
    select(page, test)
    menu_command(page, "notebook:run-all-above")  # set-up cells and the answer
    page.wait_for_function(WAIT_DONE, timeout=300_000)
    select(page, test)
    run_cell_and_wait(page, test)
    _, errors = outputs_of(page, test)
    screenshot(page, "exercise-wrong-answer")
    assert errors, f"{relpath}: the visible test accepted a wrong answer ({grade_id} = None)"
    message = [line for line in "\n".join(errors).splitlines() if line.strip()][-1]  # "AssertionError: ..."
    assert CJK.search(message), f"{relpath}: the test's feedback is not in Chinese: {message!r}"

    # 2. The solution from the source notebook: the same test passes.
    type_answer(page, answer, right)
    select(page, answer)
    run_cell_and_wait(page, answer, timeout_s=300)
    select(page, test)
    run_cell_and_wait(page, test)
    text, errors = outputs_of(page, test)
    screenshot(page, "exercise-right-answer")
    assert errors == [], f"{relpath}: the visible test fails on the solution:\n" + "\n".join(errors)[-1500:]
    saved = json.loads(notebook.read_text(encoding="utf-8"))["cells"][answer]
    assert "".join(saved["source"]) == "".join(cells[answer]["source"]), "the test must not save the notebook"
    server.shutdown_kernels()
