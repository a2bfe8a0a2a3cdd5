"""The root conftest's nbval hook fails a chapter cell that shows stderr or missing-glyph text.

Two levels:
- its checking function, on hand-made cell outputs that carry the real texts
  (matplotlib's own missing-glyph warning, coursekit's missing-font warning,
  chapter 00's font notice) and on clean Chinese output;
- the hook itself, in a separate pytest run of nbval over a two-cell notebook
  (one clean cell, one that prints a missing-glyph warning to stdout).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFTEST = ROOT / "conftest.py"


@pytest.fixture(scope="module")
def hook():
    """The repository's root conftest.py, loaded as a plain module."""
    spec = importlib.util.spec_from_file_location("_root_conftest_under_test", CONFTEST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def result(**data: str) -> dict:
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {k.replace("_", "/"): v for k, v in data.items()}}


def matplotlib_glyph_warning() -> str:
    """The warning matplotlib itself gives when a Chinese title is drawn with DejaVu Sans only."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    FigureCanvasAgg(figure)
    figure.text(0.1, 0.5, "首次解决率", family="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    texts = [warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in caught]
    assert texts, "matplotlib drew Chinese text with DejaVu Sans without a missing-glyph warning"
    return "".join(texts)


def coursekit_font_warning(monkeypatch) -> str:
    """coursekit's MissingCJKFontWarning, as warnings would print it, on a machine without a CJK font."""
    from coursekit.plots import fonts

    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    monkeypatch.setitem(fonts._warned, "done", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fonts.setup_fonts() is None
    assert caught, "setup_fonts() gave no warning without a CJK font"
    return "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in caught)


def chapter_font_notice() -> str:
    """What chapters/00_start_here.ipynb's version cell prints when no CJK font is found."""
    import coursekit

    cells = json.loads((ROOT / "chapters" / "00_start_here.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    source = next((s for s in code if "plots.setup_fonts()" in s and "print(" in s), None)
    assert source, "chapters/00_start_here.ipynb no longer prints the font it found"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(source, {"coursekit": coursekit, "plots": SimpleNamespace(setup_fonts=lambda: None)})  # noqa: S102
    return printed.getvalue()


CLEAN = [
    stream("Python 版本： 3.11.7\ncoursekit 版本： 0.1.0\n图表中文字体： Noto Sans CJK SC\n"),
    result(text_plain="   首次解决率  客户满意度\nA1  0.82  4.6",
           text_html="<table class='dataframe'><tr><th>首次解决率</th></tr><tr><td>0.82</td></tr></table>"),
    {"output_type": "display_data", "metadata": {},
     "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"}},
]


def test_clean_chinese_output_passes(hook):
    hook.check_cell_outputs(CLEAN, 4)
    assert hook.glyph_problems(CLEAN) == []


def test_matplotlib_glyph_warning_on_stdout_fails_naming_the_cell(hook):
    warning = matplotlib_glyph_warning()
    with pytest.raises(AssertionError, match=r"Cell 5 .*missing-glyph") as failure:
        hook.check_cell_outputs([*CLEAN, stream(warning)], 5)
    assert "missing from font" in str(failure.value) and "Glyph" in str(failure.value), str(failure.value)


@pytest.mark.parametrize("mime", ["text/plain", "text/html", "text/markdown"])
def test_glyph_warning_in_a_rich_output_fails(hook, mime):
    warning = matplotlib_glyph_warning().splitlines()[0]
    shown = {"output_type": "display_data", "metadata": {}, "data": {mime: f"<pre>{warning}</pre>"}}
    with pytest.raises(AssertionError, match="Cell 2 ") as failure:
        hook.check_cell_outputs([shown], 2)
    assert warning.strip()[:80] in str(failure.value)


def test_coursekit_missing_font_warning_as_text_fails(hook, monkeypatch):
    warning = coursekit_font_warning(monkeypatch)
    with pytest.raises(AssertionError, match="MissingCJKFontWarning"):
        hook.check_cell_outputs([result(text_plain=warning)], 0)


def test_chapter_font_notice_fails(hook):
    notice = chapter_font_notice()
    with pytest.raises(AssertionError, match="Cell 7 .*\n.*图表中文字体"):
        hook.check_cell_outputs([stream(notice)], 7)


def test_findfont_message_fails(hook):
    line = "findfont: Font family 'Noto Sans CJK SC' not found.\n"
    with pytest.raises(AssertionError, match="findfont"):
        hook.check_cell_outputs([stream(line)], 1)


def test_stderr_still_fails_naming_the_cell(hook):
    with pytest.raises(AssertionError, match="Cell 3 wrote to stderr"):
        hook.check_cell_outputs([stream("warning: something\n", name="stderr")], 3)


# --- the hook in a real nbval run ------------------------------------------------

PLANTED = """\
import warnings
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
# a chapter that shows warnings as text, on a machine without a CJK font
warnings.showwarning = lambda m, c, f, n, file=None, line=None: print(warnings.formatwarning(m, c, f, n))
figure = Figure(figsize=(2, 1))
FigureCanvasAgg(figure)
figure.text(0.1, 0.5, "首次解决率", family="DejaVu Sans")
figure.canvas.draw()
"""


def notebook(*sources: str) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
                       "outputs": [], "source": source} for i, source in enumerate(sources)]}


@pytest.mark.slow
def test_hook_fails_the_planted_cell_in_an_nbval_run(tmp_path):
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "chapter.ipynb").write_text(json.dumps(notebook(
        'print("首次解决率：", 0.82)', PLANTED)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider",
         "-q", "-rf", "chapter.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})  # the copied conftest imports tests._outputs
    report = run.stdout + run.stderr
    assert run.returncode == 1, report
    assert "1 failed, 1 passed" in report, report
    assert "FAILED chapter.ipynb::Cell 1" in report, report
    assert "Cell 1 shows missing-glyph" in report and "missing from font" in report, report
