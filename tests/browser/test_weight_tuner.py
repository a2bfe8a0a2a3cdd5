"""Chapter 1's weight tuner reacts in the browser: a slider moved by keyboard re-ranks.

Targets ``chapters/01_concepts.ipynb`` (the chapter that shows
``coursekit.widgets.weight_tuner``); a missing chapter fails, naming its path.
"""

from __future__ import annotations

import pytest

from tests.browser.labui import (
    ROOT,
    code_cell_count,
    error_outputs,
    open_notebook,
    required,
    run_all,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHAPTER_ONE = ROOT / "chapters" / "01_concepts.ipynb"

# The tuner as coursekit.widgets.weight_tuner draws it: ipywidgets FloatSliders
# (class widget-slider) next to the ranking table, which coursekit.widgets'
# html_table marks with the class coursekit-table. No other widget of the course
# has both (the what-if simulator has number boxes, no sliders).
TUNER = ".jp-OutputArea-output:has(.widget-slider):has(table.coursekit-table)"
TABLE = "table.coursekit-table"
HANDLE = ".widget-slider .noUi-handle"


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
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # installed: repo_lab needs it

    page = lab_page
    notebook = required(CHAPTER_ONE, "chapter 1")
    relpath = notebook.relative_to(ROOT).as_posix()
    open_notebook(page, repo_lab, relpath, code_cell_count(notebook)[0])
    run_all(page)
    assert error_outputs(page) == [], f"{relpath} failed before the tuner was reached"

    try:
        page.locator(f"{TUNER} {HANDLE}").first.wait_for(state="attached", timeout=30_000)
    except PlaywrightTimeout:
        screenshot(page, f"weight-tuner-{notebook.stem}-missing")
        sliders = page.locator(".jp-OutputArea-output .widget-slider").count()
        tables = page.locator(f".jp-OutputArea-output {TABLE}").count()
        pytest.fail(f"{relpath}: no weight tuner in the outputs: nothing matches {TUNER!r} "
                    f"({sliders} slider(s), {tables} coursekit table(s) on the page)", pytrace=False)
    tuner = page.locator(TUNER).first
    tuner.scroll_into_view_if_needed()
    table = tuner.locator(TABLE).first
    handles = tuner.locator(HANDLE)
    assert handles.count() >= 2, f"the tuner shows {handles.count()} slider(s); one per indicator expected"
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
