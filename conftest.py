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
from tests._outputs import check_cell_outputs, glyph_problems  # noqa: F401 (glyph_problems: used by the hook test)

from coursekit.i18n import set_message_language

# Tests and doctests read coursekit's error messages in English, the canonical text; trainees see them in
# Chinese (the default), and tests/test_i18n.py switches Chinese on where it checks the rendering.
set_message_language("en")

collect_ignore_glob = ["tests/*.ipynb", "tests/*/fixtures/*", "course/*", "solutions/*", "deploy/*", "benchmarks/*"]


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


def pytest_collection_modifyitems(items):
    """Executed notebooks (nbval cells) belong to the slow lane: ``-m "not slow"`` leaves them out.

    ``--ignore=chapters`` does not do it, because pytest applies ``--ignore`` to collected folders
    but not to the paths given in ``testpaths``.
    """
    for item in items:
        if str(item.path).endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)
