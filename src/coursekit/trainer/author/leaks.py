"""Find hidden tests, solutions and rubrics that leaked into student-facing files.

The secrets of a course are the lines inside the ``solution``, ``hidden`` and
``rubric`` regions (:data:`coursekit.trainer.notebooks.MARKERS`: ``BEGIN
SOLUTION`` / ``END SOLUTION`` …) of the source notebooks. A line counts
only when it is distinctive: at least :data:`MIN_CHARS` characters long after
stripping, and not also present outside the secret regions of the source (a
prompt may legitimately repeat ``import numpy as np``).

:func:`find_leaks` scans files (notebooks by their cell sources, outputs and
metadata; other text files as they are) for whole lines equal to a secret line
(after stripping) and for the region markers themselves.

>>> from nbformat.v4 import new_notebook, new_code_cell
>>> cell = new_code_cell("x = 1\\n### BEGIN HIDDEN TESTS\\nassert answer == 42, 'hidden'\\n### END HIDDEN TESTS")
>>> cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
>>> sorted(secret_lines([new_notebook(cells=[cell])])["hidden"])
["assert answer == 42, 'hidden'"]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from coursekit.trainer import notebooks

MIN_CHARS = 16
TEXT_SUFFIXES = {".ipynb", ".py", ".md", ".txt", ".json", ".yaml", ".yml", ".csv", ".html", ".cfg", ".toml"}


def secret_lines(source_notebooks: Iterable[Any], public_kinds: Sequence[str] = (),
                 markers: dict[str, tuple[str, str]] | None = None) -> dict[str, set[str]]:
    """Distinctive secret lines by kind (``solution``, ``hidden``, ``rubric``).

    Lines of the ``public_kinds`` regions (e.g. ``("solution",)`` when checking
    the solutions folder) count as public, so they are never secrets.
    ``markers`` are the course's (:func:`coursekit.trainer.nbconfig.markers`),
    default :data:`~coursekit.trainer.notebooks.MARKERS`.
    """
    regions = [region for nb in source_notebooks for cell in nb.cells
               for region in notebooks.split_regions(cell.source, markers)]
    public = {line.strip() for region in regions
              if region.kind is None or region.kind in public_kinds for line in region.lines}
    found: dict[str, set[str]] = {kind: set() for kind in notebooks.MARKERS}
    for region in regions:
        if region.kind is not None:
            found[region.kind].update(text for text in (line.strip() for line in region.lines)
                                      if len(text) >= MIN_CHARS and text not in public)
    return found


def _text_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        parts = []
        for cell in nb.get("cells", []):
            src = cell.get("source", "")
            parts.append(src if isinstance(src, str) else "".join(src))
            for output in cell.get("outputs", []):
                for value in [output.get("text", ""), *output.get("data", {}).values(), *output.get("traceback", [])]:
                    parts.append(value if isinstance(value, str) else "".join(map(str, value)))
            parts.append(json.dumps(cell.get("metadata", {}), ensure_ascii=False, indent=1))
        parts.append(json.dumps(nb.get("metadata", {}), ensure_ascii=False, indent=1))
        return "\n".join(parts)
    return path.read_text(encoding="utf-8", errors="replace")


def _files(targets: Sequence[str | Path]) -> list[Path]:
    out = []
    for target in map(Path, targets):
        if target.is_file():
            out.append(target)
        elif target.is_dir():
            out.extend(p for p in sorted(target.rglob("*"))
                       if p.is_file() and p.suffix in TEXT_SUFFIXES and ".ipynb_checkpoints" not in p.parts)
    return out


def find_leaks(source_notebooks: Iterable[Any], targets: Sequence[str | Path],
               kinds: Sequence[str] = ("solution", "hidden", "rubric"),
               markers: dict[str, tuple[str, str]] | None = None) -> list[str]:
    """Leaks of ``kinds`` of secrets into the files under ``targets``.

    Returns one message per leaked line or region marker,
    ``"<file>: <kind>: <line>"``; an empty list means nothing leaked. Secrets
    of the other kinds count as public (so the solutions folder can be checked
    for hidden tests with ``kinds=("hidden", "rubric")``). ``markers`` as in
    :func:`secret_lines`.
    """
    markers = markers or notebooks.MARKERS
    unknown = sorted(set(kinds) - set(notebooks.MARKERS))
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; choose from {sorted(notebooks.MARKERS)}")
    secrets = secret_lines(source_notebooks, public_kinds=[k for k in markers if k not in kinds], markers=markers)
    problems: list[str] = []
    for path in _files(targets):
        text = _text_of(path)
        lines = {line.strip() for line in text.split("\n")}
        for kind in kinds:
            problems.extend(f"{path}: {kind} marker: {m}" for m in markers[kind] if m in text)
            problems.extend(f"{path}: {kind}: {line}" for line in sorted(secrets[kind] & lines))
    return problems

