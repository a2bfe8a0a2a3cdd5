"""Every chapter notebook runs in the browser: no errors, figures drawn, no missing glyphs.

The notebooks: every chapter the course ships (``tests/chapters/outline.py``) plus
any other ``chapters/*.ipynb``. A shipped chapter that is missing fails, naming its path.
Screenshots of each whole notebook go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._glyphs import GLYPH_PROBLEMS
from tests.browser.labui import (
    ROOT,
    code_cell_count,
    error_outputs,
    missing_glyphs,
    open_notebook,
    output_images,
    output_texts,
    required,
    run_all,
    screenshot,
)
from tests.chapters.outline import CHAPTER_FILES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

def chapter_notebooks() -> list[Path]:
    """The shipped chapters (present or not) and any other notebook in chapters/."""
    present = {p.name for p in (ROOT / "chapters").glob("*.ipynb")}
    return [ROOT / "chapters" / name for name in sorted(present | set(CHAPTER_FILES))]


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chapter_runs_cleanly_in_the_browser(repo_lab, lab_page, notebook):
    required(notebook, "chapter notebook")
    page = lab_page
    relpath = notebook.relative_to(ROOT).as_posix()
    n_cells, n_code = code_cell_count(notebook)
    open_notebook(page, repo_lab, relpath, n_cells)
    try:
        run_all(page)
        page.wait_for_timeout(500)  # widgets and images finish rendering
        errors = error_outputs(page)
        texts = output_texts(page)
        images = output_images(page)
        tofu = missing_glyphs(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    finally:
        screenshot(page, f"chapter-{notebook.stem}", whole_notebook=True)

    assert errors == [], f"{relpath}: error or stderr output:\n" + "\n---\n".join(e[:1500] for e in errors)
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    assert not any("*" in p for p in prompts), f"{relpath}: cells still running: {prompts}"
    glyph_warnings = [t[:300] for t in texts if GLYPH_PROBLEMS.search(t)]
    assert glyph_warnings == [], f"{relpath}: missing-glyph text in outputs: {glyph_warnings}"
    assert tofu == "", f"{relpath}: characters drawn as missing-glyph boxes: {tofu!r}"
    # every chapter teaches with figures (Chinese labels): none shown means the plotting broke
    assert images, f"{relpath}: no figure appeared in the notebook's outputs"
    assert all(width > 0 for width in images), f"{relpath}: an output image did not render: {images}"
