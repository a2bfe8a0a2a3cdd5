"""Flag submissions whose code deserves a trainer's look.

The sandbox protects the machine, the course files and the other trainees; it
cannot protect a trainee's *own* grade from code that rewrites later cells
(IPython input transformers) or patches the functions the tests call, because
tests and answers share one kernel. Such code is rare and recognisable, so the
grader lists it: each flag names a pattern found in a code cell.

>>> from nbformat.v4 import new_notebook, new_code_cell
>>> nb = new_notebook(cells=[new_code_cell("ip = get_ipython()\\nip.input_transformers_cleanup.append(f)")])
>>> scan_notebook(nb)
['rewrites cells (IPython hooks)']
>>> scan_notebook(new_notebook(cells=[new_code_cell("x = sum([1, 2])")]))
[]
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

#: (label, regular expression) pairs; the label is what the trainer sees.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("rewrites cells (IPython hooks)",
     r"input_transformers|ast_transformers|register_magic|events\.register|\brun_cell\b|"
     r"set_custom_exc|get_ipython\(\)\.(?:ex|ev|run_line_magic)\b"),
    ("patches builtins or modules",
     r"\bbuiltins\b|__builtins__|sys\.modules|\bsetattr\(\s*(?:math|np|numpy|pd|pandas)\b"),
    ("reads grader environment", r"NBGRADER|os\.environ|getenv"),
    ("touches the gradebook", r"gradebook|sqlite3"),
    ("runs programs or forks", r"\bsubprocess\b|os\.system|os\.popen|os\.fork|os\.exec|\bpty\b"),
    ("uses the network", r"\bsocket\b|urllib|requests\.|http\.client"),
    ("low-level access", r"\bctypes\b|\bcffi\b|/proc/|\bsignal\.signal\b"),
    ("looks outside its folder", r"\.\./|/source/|/autograded/|/submitted/|os\.walk\(\s*['\"]/"),
)
_COMPILED = tuple((label, re.compile(rx)) for label, rx in PATTERNS)


def scan_source(source: str) -> list[str]:
    """Labels of :data:`PATTERNS` found in one piece of code, in table order.

    >>> scan_source("import sqlite3; sqlite3.connect('../../gradebook.db')")
    ['touches the gradebook', 'looks outside its folder']
    """
    return [label for label, rx in _COMPILED if rx.search(source)]


def _course_owned(cell: Any) -> bool:
    """Locked and test cells: nbgrader restores them from the source, so skip them."""
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    return bool(meta.get("locked")) or (bool(meta.get("grade")) and not meta.get("solution"))


def scan_notebook(nb: Any) -> list[str]:
    """Labels found in the code cells a trainee can change (each label once).

    Locked cells and test cells are skipped: nbgrader restores them anyway.
    """
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or _course_owned(cell):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for label in scan_source(source):
            if label not in found:
                found.append(label)
    order = [label for label, _ in PATTERNS]
    return sorted(found, key=order.index)


def scan_submission(folder: str | os.PathLike) -> list[str]:
    """Labels found in the notebooks of a submission folder; unreadable notebooks are skipped."""
    import nbformat

    found: list[str] = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # invalid notebooks are reported by the grader itself
            continue
        for label in scan_notebook(nb):
            if label not in found:
                found.append(label)
    order = [label for label, _ in PATTERNS]
    return sorted(found, key=order.index)
