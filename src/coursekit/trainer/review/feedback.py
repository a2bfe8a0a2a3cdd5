"""Per-trainee feedback HTML that does not give the hidden tests away.

nbgrader's own feedback shows the autograded notebook, hidden tests included
(upstream issue #917). coursekit copies each autograded notebook to a private
folder, replaces every hidden-test region by a note — by default
"（隐藏测试，源代码不公开）" — and removes every output line (tracebacks
included) that quotes a hidden-test line; then nbgrader's ``GenerateFeedback``
renders the copies into ``<course>/feedback/<student>/<assignment>/`` as usual,
with the scores from the gradebook.

A trainee's code could still *encode* what it saw of earlier cells in its own
output (e.g. base64 of IPython's ``In``); pass ``outputs="tests"`` or
``outputs="none"`` to drop the outputs of answer cells too.

>>> from nbformat.v4 import new_notebook, new_code_cell
>>> cell = new_code_cell("assert f(1) == 1\\n### BEGIN HIDDEN TESTS\\nassert f(2) == 4\\n### END HIDDEN TESTS")
>>> nb, hidden = redact_notebook(new_notebook(cells=[cell]))
>>> print(nb.cells[0].source)
assert f(1) == 1
# （隐藏测试，源代码不公开）
>>> hidden
['assert f(2) == 4']
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError, CoursekitError
from coursekit.trainer import nbconfig, notebooks

HIDDEN_NOTE = "（隐藏测试，源代码不公开）"
OUTPUT_NOTE = "（此处输出含隐藏测试内容，已隐藏）"
#: Hidden lines shorter than this are too generic to search for in outputs.
MIN_MATCH = 6
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def redact_source(source: str, note: str = HIDDEN_NOTE,
                  markers: tuple[str, str] = notebooks.MARKERS["hidden"]) -> tuple[str, list[str]]:
    """Replace each hidden region (marker lines included) by one comment line.

    ``markers`` are the hidden-test ``(begin, end)`` markers (a course may
    configure its own). Returns the new source and the stripped non-empty
    hidden lines. An unclosed region hides everything to the end of the cell.

    >>> redact_source("a = 1\\n# BEGIN HIDDEN TESTS\\nassert a == 1")
    ('a = 1\\n# （隐藏测试，源代码不公开）', ['assert a == 1'])
    """
    kept: list[str] = []
    hidden: list[str] = []
    for region in notebooks.split_regions(source, {"hidden": markers}):
        if region.kind is None:
            kept.extend(region.lines)
            continue
        indent = region.begin[: len(region.begin) - len(region.begin.lstrip())]
        kept.append(f"{indent}# {note}")
        hidden.extend(line.strip() for line in region.lines if line.strip())
    return "\n".join(kept), hidden


def _quotes_hidden(text: str, hidden: list[str]) -> bool:
    plain = _ANSI.sub("", text)
    return any(snippet in plain for snippet in hidden)


def _redact_text(text: str, hidden: list[str]) -> str:
    lines = text.split("\n")
    return "\n".join(OUTPUT_NOTE if _quotes_hidden(line, hidden) else line for line in lines)


def redact_outputs(outputs: list, hidden: list[str]) -> list:
    """Outputs with every line that quotes a hidden line replaced by a note.

    >>> from nbformat.v4 import new_output
    >>> out = redact_outputs([new_output("stream", name="stdout", text="x\\nassert f(2) == 4\\n")],
    ...                      ["assert f(2) == 4"])
    >>> out[0]["text"]
    'x\\n（此处输出含隐藏测试内容，已隐藏）\\n'
    """
    if not hidden:
        return outputs
    result = []
    for output in outputs:
        output = copy.deepcopy(output)
        kind = output.get("output_type")
        if kind == "stream":
            output["text"] = _redact_text(_text(output.get("text")), hidden)
        elif kind == "error":
            output["traceback"] = [OUTPUT_NOTE if _quotes_hidden(entry, hidden) else entry
                                   for entry in output.get("traceback", [])]
            if _quotes_hidden(str(output.get("evalue", "")), hidden):
                output["evalue"] = OUTPUT_NOTE
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            for mime in list(data):
                if mime.startswith("text/") or mime.endswith("json"):
                    data[mime] = _redact_text(_text(data[mime]), hidden)
        result.append(output)
    return result


def redact_notebook(nb: Any, *, note: str = HIDDEN_NOTE, outputs: str = "all",
                    markers: tuple[str, str] = notebooks.MARKERS["hidden"]) -> tuple[Any, list[str]]:
    """A copy of ``nb`` without hidden-test source; also the hidden lines found.

    ``outputs``: ``"all"`` keeps every output (redacted), ``"tests"`` keeps only
    the outputs of graded cells, ``"none"`` removes all outputs.
    """
    if outputs not in ("all", "tests", "none"):
        raise ConfigError(f"outputs must be 'all', 'tests' or 'none', not {outputs!r}")
    nb = copy.deepcopy(nb)
    hidden: list[str] = []
    for cell in nb.cells:
        source, found = redact_source(_text(cell.get("source")), note, markers)
        cell["source"] = source
        hidden.extend(found)
    visible = {line.strip() for cell in nb.cells for line in _text(cell.get("source")).split("\n")}
    hidden = [h for h in hidden if h not in visible]  # also shown openly: not a secret
    snippets = sorted({h for h in hidden if len(h) >= MIN_MATCH})
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        grading = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if outputs == "none" or (outputs == "tests" and not grading.get("grade")):
            cell["outputs"] = []
        else:
            cell["outputs"] = redact_outputs(cell.get("outputs", []), snippets)
    return nb, hidden


def generate_feedback(course_dir: str | os.PathLike, assignment: str,
                      students: list[str] | None = None, *, note: str = HIDDEN_NOTE,
                      outputs: str = "all") -> dict[str, list[Path]]:
    """Write feedback HTML for the graded trainees of ``assignment``.

    Returns the HTML files per trainee. Raises :class:`CoursekitError` with
    nbgrader's log when nbgrader fails, or if a hidden line still shows up.
    """
    import nbformat
    from nbgrader.converters import GenerateFeedback
    from nbgrader.utils import capture_log
    from traitlets.config import LoggingConfigurable

    cfg = nbconfig.load_config(course_dir)
    coursedir = nbconfig.course_directory(cfg)
    markers = nbconfig.markers(cfg)["hidden"]
    graded = {}
    for student in _graded_students(coursedir, assignment):
        if students is None or student in students:
            graded[student] = Path(coursedir.format_path(coursedir.autograded_directory,
                                                         student, assignment))
    missing = sorted(set(students or []) - set(graded))
    if missing:
        raise ConfigError(f"no autograded {assignment!r} for: {', '.join(missing)}; "
                          "fix: grade them first")
    results: dict[str, list[Path]] = {}
    with tempfile.TemporaryDirectory(prefix="coursekit-feedback-") as tmp:
        staged_root = Path(tmp) / "autograded"
        all_hidden: dict[str, list[str]] = {}
        for student, folder in graded.items():
            staged = staged_root / student / assignment
            shutil.copytree(folder, staged)
            for path in staged.rglob("*"):
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
            for path in sorted(staged.glob("*.ipynb")):
                nb = nbformat.read(str(path), as_version=4)
                redacted, hidden = redact_notebook(nb, note=note, outputs=outputs, markers=markers)
                nbformat.write(redacted, str(path))
                all_hidden[student] = all_hidden.get(student, []) + hidden
        coursedir.autograded_directory = str(staged_root)
        parent = LoggingConfigurable(config=cfg)
        for student in graded:
            coursedir.assignment_id = assignment
            coursedir.student_id = student
            app = GenerateFeedback(coursedir=coursedir, parent=parent)
            app.force = True
            outcome = capture_log(app)
            if not outcome.get("success"):
                raise CoursekitError(f"nbgrader could not write feedback for {student!r}: "
                                     + (outcome.get("error") or outcome.get("log") or "")[-2000:])
            out_dir = Path(coursedir.format_path(coursedir.feedback_directory, student,
                                                 assignment))
            pages = sorted(out_dir.glob("*.html"))
            snippets = [h for h in all_hidden.get(student, []) if len(h) >= MIN_MATCH]
            for page in pages:
                text = html_unescape(page.read_text(encoding="utf-8"))
                leaked = [s for s in snippets if s in text]
                if leaked:
                    raise CoursekitError(f"hidden test text left in {page}: {leaked[0]!r}")
            results[student] = pages
    return results


def html_unescape(text: str) -> str:
    """Text of an HTML page with entities decoded and tags removed (for leak checks).

    >>> html_unescape("<span>assert</span> f(2) &gt; 1")
    'assert f(2) > 1'
    """
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _graded_students(coursedir: Any, assignment: str) -> list[str]:
    pattern = Path(coursedir.format_path(coursedir.autograded_directory, "*", assignment))
    found = []
    for folder in sorted(pattern.parent.parent.glob(f"*/{assignment}")):
        if any(folder.glob("*.ipynb")):
            found.append(folder.parent.name)
    return found
