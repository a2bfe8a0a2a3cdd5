"""Repository-wide pytest set-up.

- Notebooks under tests/ are fixtures, never collected by nbval.
- nbval's lax mode only fails on errors; the course also promises that no chapter
  prints warnings or anything else to stderr (a missing-glyph warning included),
  so every executed notebook cell is checked for stderr output here.
"""

from __future__ import annotations

import pytest

collect_ignore_glob = ["tests/*.ipynb", "tests/*/fixtures/*", "tests/*nbgrader_config.py", "course/*", "solutions/*", "deploy/*", "benchmarks/*"]


def _stderr_text(outputs) -> str:
    parts = []
    for out in outputs or ():
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "".join(parts)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    outputs = getattr(item, "test_outputs", None)  # set by nbval after running a cell
    if outputs is not None:
        text = _stderr_text(outputs)
        if text:
            raise AssertionError(f"cell wrote to stderr (warnings count too):\n{text[:2000]}")
    return result
