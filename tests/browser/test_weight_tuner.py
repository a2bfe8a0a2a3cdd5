"""Chapter 1's weight tuner reacts in the browser: a slider moved by keyboard re-ranks.

Targets ``chapters/01_*.ipynb``; while it does not exist, the stand-in
``tests/browser/fixtures/chapters/01_concepts.ipynb`` (which calls
``coursekit.widgets.weight_tuner`` the way the chapter does).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.labui import (
    FIXTURES,
    ROOT,
    code_cell_count,
    error_outputs,
    open_notebook,
    run_all,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The tuner = the first output holding both sliders and a ranking table
# (coursekit.widgets renders its table with the class coursekit-table).
TUNER = ".jp-OutputArea-output:has(.widget-slider):has(table.coursekit-table)"
TUNER_ANY_TABLE = ".jp-OutputArea-output:has(.widget-slider):has(table)"


def chapter_one() -> Path:
    found = sorted((ROOT / "chapters").glob("01_*.ipynb"))
    return found[0] if found else FIXTURES / "chapters" / "01_concepts.ipynb"


def table_text_after(page, table, handle, key: str, presses: int) -> str:
    before = table.inner_text()
    handle.focus()
    for _ in range(presses):
        page.keyboard.press(key)
    try:  # the kernel re-scores and sends the new table back
        page.wait_for_function("([el, old]) => el.innerText !== old",
                               arg=[table.element_handle(), before], timeout=10_000)
    except Exception:  # noqa: BLE001 - unchanged is reported by the caller's assertion
        pass
    return table.inner_text()


def test_moving_a_weight_slider_changes_the_ranking(repo_lab, lab_page):
    page = lab_page
    notebook = chapter_one()
    relpath = notebook.relative_to(ROOT).as_posix()
    open_notebook(page, repo_lab, relpath, code_cell_count(notebook)[0])
    run_all(page)
    assert error_outputs(page) == [], f"{relpath} failed before the tuner was reached"

    page.wait_for_selector(f"{TUNER_ANY_TABLE} .noUi-handle", timeout=30_000)
    tuner = page.locator(TUNER).first if page.locator(TUNER).count() else page.locator(TUNER_ANY_TABLE).first
    tuner.scroll_into_view_if_needed()
    table = tuner.locator("table").first
    handles = tuner.locator(".widget-slider .noUi-handle")
    before = table.inner_text()
    assert before.strip(), "the ranking table is empty"
    screenshot(page, f"weight-tuner-{notebook.stem}-before")

    after = before
    for i in range(min(handles.count(), 3)):  # a slider at its maximum cannot go right
        for key in ("ArrowRight", "ArrowLeft"):
            after = table_text_after(page, table, handles.nth(i), key, presses=10)
            if after != before:
                break
        if after != before:
            break
    screenshot(page, f"weight-tuner-{notebook.stem}-after")

    assert after != before, f"moving a weight slider did not change the ranking table:\n{before}"
    assert error_outputs(page) == [], "moving the slider produced an error"
