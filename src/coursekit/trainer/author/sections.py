"""Which course section each graded cell belongs to.

The item report maps every trainee's strengths and gaps back to course
sections. The section of a graded cell (test, manually graded answer or task)
is taken from the first of these that exists:

1. ``sections.yaml`` in the assignment's source folder
   (``course/source/<assignment>/sections.yaml``): a mapping from grade id
   (or ``notebook/grade_id``) to section, e.g. ``test_fcr: "2.1 一次解决率"``;
2. the cell's metadata ``{"coursekit": {"section": "..."}}``;
3. a cell tag ``section:<name>``;
4. the nearest Markdown heading above the cell in the source notebook;
5. the notebook's name.

>>> from nbformat.v4 import new_notebook, new_markdown_cell, new_code_cell
>>> test = new_code_cell("assert x == 1")
>>> test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t1", "points": 1}
>>> nb = new_notebook(cells=[new_markdown_cell("## 2.1 一次解决率\\n说明"), test])
>>> notebook_sections(nb, "ps1")
{'t1': '2.1 一次解决率'}
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from coursekit.errors import DataError

SECTIONS_FILE = "sections.yaml"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def _heading(cell: Any) -> str | None:
    """The last Markdown heading in a cell, or ``None``."""
    if cell.get("cell_type") != "markdown":
        return None
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    found = None
    for line in source.splitlines():
        match = _HEADING.match(line)
        if match:
            found = match.group(1).strip()
    return found


def notebook_sections(nb: Any, notebook: str) -> dict[str, str]:
    """Section of each graded cell of one notebook, keyed by grade id (rules 2-5)."""
    current = notebook
    sections: dict[str, str] = {}
    for cell in nb.get("cells", []):
        heading = _heading(cell)
        if heading:
            current = heading
        meta = cell.get("metadata", {}) or {}
        grading = meta.get("nbgrader", {}) or {}
        grade_id = grading.get("grade_id")
        if not grade_id or not (grading.get("grade") or grading.get("task")):
            continue
        explicit = (meta.get("coursekit", {}) or {}).get("section")
        tagged = [t.split(":", 1)[1].strip() for t in meta.get("tags", []) or []
                  if isinstance(t, str) and t.startswith("section:")]
        sections[grade_id] = str(explicit or (tagged[0] if tagged else current))
    return sections


def read_sections_file(path: str | os.PathLike) -> dict[str, str]:
    """Read a ``sections.yaml`` mapping; :class:`DataError` unless it maps names to text.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "sections.yaml"
    >>> _ = f.write_text("test_a: 第一节\\n", encoding="utf-8")
    >>> read_sections_file(f)
    {'test_a': '第一节'}
    """
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise DataError(None, f"{path} must map grade ids to section names",
                        hint="write lines like `test_fcr: 2.1 一次解决率`")
    bad = [k for k, v in data.items() if not isinstance(v, (str, int, float))]
    if bad:
        raise DataError(None, f"{path}: each section must be a short text",
                        rows=bad, values=[data[k] for k in bad],
                        hint="write lines like `test_fcr: 2.1 一次解决率`")
    return {str(k): str(v) for k, v in data.items()}


def section_map(course_dir: str | os.PathLike, assignment: str,
                source_dir: str = "source") -> dict[tuple[str, str], str]:
    """Section of every graded cell of an assignment, keyed by ``(notebook, grade_id)``."""
    import nbformat

    folder = Path(course_dir) / source_dir / assignment
    overrides: dict[str, str] = {}
    if (folder / SECTIONS_FILE).is_file():
        overrides = read_sections_file(folder / SECTIONS_FILE)
    result: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for grade_id, section in notebook_sections(nb, path.stem).items():
            key = (path.stem, grade_id)
            result[key] = overrides.get(f"{path.stem}/{grade_id}",
                                        overrides.get(grade_id, section))
    return result
