"""Every assignment enforces its off-limits rule the same way, and says so to the trainee.

The rule lives in one place, the ``ck.exercise.off_limits({...})`` call that ends the
read-only setup cell; these tests read it from there (no hand-kept table).
"""

from __future__ import annotations

import ast
import re

import pytest

from coursekit.exercise.tamper import find_tampering
from coursekit.trainer import notebooks
from tests.course.conftest import ASSIGNMENTS, COURSE, ROOT


def _source(assignment: str):
    return notebooks.read(COURSE / "source" / assignment / f"{assignment}.ipynb")


def _release(assignment: str):
    return notebooks.read(COURSE / "release" / assignment / f"{assignment}.ipynb")


def off_limits(assignment: str) -> dict[str, str]:
    """The rules of the assignment's ``ck.exercise.off_limits`` call (module or function -> hint)."""
    nb = _source(assignment)
    setup = next(cell for cell in nb.cells if notebooks.cell_role(cell) == "readonly"
                 and "off_limits" in cell.source)
    last = ast.parse(setup.source).body[-1]
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Call), \
        f"{assignment}: the setup cell must END with ck.exercise.off_limits(...)"
    call = last.value
    assert ast.unparse(call.func) == "ck.exercise.off_limits"
    return ast.literal_eval(call.args[0])


def modules_importing(target: str) -> list[str]:
    """Dotted names of the coursekit modules whose source imports ``target`` (e.g. "coursekit.spc").

    A module that imports an off-limits module can hand over its results: it is a door.
    """
    parent, _, name = target.rpartition(".")
    pattern = re.compile(rf"from {re.escape(target)}\b|import {re.escape(target)}\b|"
                         rf"from {re.escape(parent)} import .*\b{name}\b")
    package = ROOT / "src" / "coursekit"
    found = []
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        if pattern.search(path.read_text(encoding="utf-8")):
            found.append(module)
    return found


def assert_doors_closed(assignment: str, target: str) -> None:
    """Every coursekit module that imports ``target`` is off limits in ``assignment`` too."""
    rules = off_limits(assignment)
    for module in modules_importing(target):
        assert any(module == t or module.startswith(t + ".") for t in rules), \
            f"{assignment}: {module} imports {target} but is not off limits"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_setup_cell_ends_with_the_rule_and_every_test_cell_starts_with_verify(assignment):
    rules = off_limits(assignment)
    assert all(name.startswith("coursekit.") for name in rules)
    assert all(hint.strip() for hint in rules.values()), "each rule says what to do instead"
    for gid, cell in notebooks.graded_cells(_source(assignment), "test"):
        assert cell.source.startswith("ck.exercise.verify()\n"), f"{gid} must start with ck.exercise.verify()"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_instructions_name_every_off_limits_module(assignment):
    intro = "\n".join(c.source for c in _source(assignment).cells if c.cell_type == "markdown")
    for name in off_limits(assignment):
        short = name.rsplit(".", 1)[-1] if name.count(".") > 1 else name
        assert name in intro or f"`{short}`" in intro, f"{assignment}: the instructions do not name {name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_cells_trainees_run_do_not_call_off_limits_code_or_look_like_tampering(assignment):
    """In the trainee's kernel nothing is trusted: visible tests must not need the library."""
    rules = off_limits(assignment)
    for cell in _release(assignment).cells:
        if cell.cell_type != "code" or notebooks.cell_role(cell) in ("answer", "manual"):
            continue
        assert find_tampering(cell.source) == [], (assignment, cell.source[:200])
        if notebooks.cell_role(cell) != "test":
            continue
        for name in rules:
            attr = "ck." + name.removeprefix("coursekit.")
            assert attr not in cell.source and name not in cell.source, \
                f"{assignment}: a visible test calls {name}, which the trainee's kernel refuses"
