"""nbgrader preprocessors that make the off-limits guard hold under autograde.

The course's ``nbgrader_config.py`` puts them around nbgrader's ``Execute`` in
``Autograde.autograde_preprocessors``, so they run under plain ``nbgrader
autograde``, formgrader's autograde button and ``coursekit grade`` alike:

- :class:`TrustLockedCells` (before ``Execute``) inserts a first cell that tells
  the kernel's guard (:func:`coursekit.exercise.guard.trust`) which cells are
  the course's own: the SHA-256 of every read-only cell's source, as nbgrader
  restored it from the gradebook (hidden tests included). Hidden tests may then
  call off-limits functions; trainee code may not.
- :class:`CheckTampering` (after ``Execute``) removes that cell again and reads
  every trainee cell's source with :func:`coursekit.exercise.tamper.find_tampering`
  — outside the kernel, where trainee code cannot reach. When a cell fakes or
  bypasses the checks, every autograded test cell after it gets an error output,
  so nbgrader scores it 0 and the feedback shows why.

>>> nb = {"cells": [_code("x = 1", locked=True), _code("np = None", solution=True),
...                  _code("assert True", grade=True, points=1)]}
>>> findings = tamper_findings(nb)
>>> [(i, [f.what for f in found]) for i, found in findings]
[(1, ['np = …'])]
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from coursekit.exercise.guard import source_hash
from coursekit.exercise.tamper import describe, find_tampering

#: Marks the cell :class:`TrustLockedCells` inserts, so :class:`CheckTampering` finds it.
TRUST_CELL_KEY = "coursekit_trust"


def _meta(cell: Any) -> dict[str, Any]:
    return dict((cell.get("metadata") or {}).get("nbgrader") or {})


def _code(source: str, **nbgrader: Any) -> dict[str, Any]:
    """A minimal code cell (for the doctests)."""
    return {"cell_type": "code", "source": source, "metadata": {"nbgrader": nbgrader}, "outputs": []}


def _text(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def trusted_hashes(nb: Any) -> list[str]:
    """:func:`~coursekit.exercise.guard.source_hash` of every read-only code cell that is not an answer.

    >>> len(trusted_hashes({"cells": [_code("x = 1", locked=True), _code("y = 2", solution=True)]}))
    1
    """
    hashes = []
    for cell in nb["cells"]:
        meta = _meta(cell)
        if cell.get("cell_type") == "code" and (meta.get("locked") or meta.get("grade")) \
                and not meta.get("solution"):
            hashes.append(source_hash(_text(cell)))
    return sorted(set(hashes))


def trust_cell_source(hashes: list[str]) -> str:
    """The source of the cell put first: one call of the guard's one-shot :func:`trust`."""
    listed = ",\n    ".join(repr(h) for h in hashes)
    return ("import coursekit.exercise.guard as _coursekit_guard\n"
            f"_coursekit_guard.trust([\n    {listed},\n])\n"
            "del _coursekit_guard")


def tamper_findings(nb: Any) -> list[tuple[int, list[Any]]]:
    """``(cell index, findings)`` for each trainee cell (answer cells and added cells) with findings."""
    out = []
    for index, cell in enumerate(nb["cells"]):
        meta = _meta(cell)
        if cell.get("cell_type") != "code" or (cell.get("metadata") or {}).get(TRUST_CELL_KEY):
            continue
        if (meta.get("locked") or meta.get("grade")) and not meta.get("solution"):
            continue
        found = find_tampering(_text(cell))
        if found:
            out.append((index, found))
    return out


def configure(c: Any) -> None:
    """Put both preprocessors around ``Execute`` in an nbgrader config object ``c``.

    Call it from a course's ``nbgrader_config.py`` (``configure(get_config())``);
    nbgrader's other autograde preprocessors keep their order.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    current = c.Autograde.get("autograde_preprocessors") or \
        list(Autograde.class_traits()["autograde_preprocessors"].default())
    kept = [pp for pp in current if pp not in (TrustLockedCells, CheckTampering)]
    at = kept.index(Execute)
    c.Autograde.autograde_preprocessors = [*kept[:at], TrustLockedCells, Execute, CheckTampering,
                                           *kept[at + 1:]]


class TrustLockedCells(Preprocessor):
    """Insert the trust cell first (see the module docstring)."""

    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        import nbformat

        cell = nbformat.v4.new_code_cell(trust_cell_source(trusted_hashes(nb)))
        cell.metadata[TRUST_CELL_KEY] = True
        if "id" in cell:
            cell.id = "coursekit-trust"
        nb.cells.insert(0, cell)
        return nb, resources


class CheckTampering(Preprocessor):
    """Remove the trust cell; zero the test cells after a cell that fakes the checks."""

    enabled = Bool(True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        import nbformat

        first = nb.cells[0] if nb.cells else None
        if first is not None and (first.get("metadata") or {}).get(TRUST_CELL_KEY):
            trust_outputs = first.get("outputs") or []
            nb.cells.pop(0)
            if any(o.get("output_type") == "error" for o in trust_outputs):
                # the guard could not start: hidden tests would be refused, so say so loudly
                self.log.warning("coursekit: the trust cell failed: %s", trust_outputs)
        findings = tamper_findings(nb)
        if not findings:
            return nb, resources
        first_bad = findings[0][0]
        message = "\n".join(describe(found, f"第 {index + 1} 个单元格") for index, found in findings)
        for cell in nb.cells[first_bad + 1:]:
            if cell.get("cell_type") == "code" and _meta(cell).get("grade") and \
                    not _meta(cell).get("solution"):
                cell.outputs.append(nbformat.v4.new_output(
                    "error", ename="AssertionError", evalue=message,
                    traceback=[f"AssertionError: {message}"]))
        return nb, resources
