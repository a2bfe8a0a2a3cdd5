"""Repository-wide pytest set-up.

- A test that needs a component of the machine (sandbox, browser, fonts, JupyterHub)
  skips with an install hint on a laptop and fails in CI (tests/_components.py).
- Notebooks under tests/ are fixtures, never collected by nbval.
- nbval's lax mode only fails on errors; the course also promises that no chapter
  prints warnings or anything else to stderr (a missing-glyph warning included),
  so every executed notebook cell is checked for stderr output here.
- A missing font does not always reach stderr: a chapter may print coursekit's
  missing-CJK-font notice, or a captured matplotlib "Glyph ... missing from font(s)"
  warning may be shown as text. So every text output of every executed cell
  (stream stdout, and the text/* data of results and displays) is also searched
  for missing-glyph / missing-font text (:data:`GLYPH_PROBLEMS`).
"""

from __future__ import annotations

import pytest

from tests._components import check_markers
from tests._glyphs import GLYPH_PROBLEMS

collect_ignore_glob = ["tests/*.ipynb", "tests/*/fixtures/*", "course/*", "solutions/*", "deploy/*", "benchmarks/*"]

def _stderr_text(outputs) -> str:
    parts = []
    for out in outputs or ():
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "".join(parts)


def _output_texts(outputs) -> list[str]:
    """Every piece of text a cell showed: streams, and text/* data of results and displays."""
    texts = []
    for out in outputs or ():
        kind = out.get("output_type")
        if kind == "stream":
            texts.append(out.get("text", ""))
        elif kind in ("execute_result", "display_data", "update_display_data"):
            for mime, value in (out.get("data") or {}).items():
                if mime.startswith("text/"):
                    texts.append("".join(value) if isinstance(value, list) else str(value))
        elif kind == "error":
            texts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return texts


def glyph_problems(outputs) -> list[str]:
    """The lines of a cell's outputs that report missing glyphs or a missing CJK font."""
    found = []
    for text in _output_texts(outputs):
        for line in text.splitlines():
            if GLYPH_PROBLEMS.search(line):
                found.append(line.strip()[:300])
    return found


def check_cell_outputs(outputs, cell_num) -> None:
    """Raise AssertionError naming the cell when its outputs show stderr or missing-glyph text."""
    text = _stderr_text(outputs)
    if text:
        raise AssertionError(f"Cell {cell_num} wrote to stderr (warnings count too):\n{text[:2000]}")
    problems = glyph_problems(outputs)
    if problems:
        raise AssertionError(f"Cell {cell_num} shows missing-glyph / missing-CJK-font text:\n"
                             + "\n".join(problems[:20]))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    outputs = getattr(item, "test_outputs", None)  # set by nbval after running a cell
    if outputs is not None:
        # nbval's own cell number (code cells counted from 0), as in the test id "...::Cell N"
        check_cell_outputs(outputs, getattr(item, "cell_num", "?"))
    return result


def pytest_runtest_setup(item):
    """Tests marked ``needs(component, reason)`` skip on a laptop and fail in CI (tests/_components.py)."""
    check_markers(item)
