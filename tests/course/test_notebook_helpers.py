"""coursekit.trainer.notebooks: cell roles, regions, normalisation."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursekit.trainer import notebooks


def _cell(kind: str, **meta) -> nbformat.NotebookNode:
    cell = new_code_cell("x = 1") if kind == "code" else new_markdown_cell("文字")
    if meta:
        cell.metadata["nbgrader"] = meta
    return cell


def test_cell_roles_cover_every_nbgrader_cell_type():
    cases = {
        "test": _cell("code", grade=True, solution=False, locked=True, grade_id="t", points=1),
        "answer": _cell("code", grade=False, solution=True, locked=False, grade_id="a"),
        "manual": _cell("markdown", grade=True, solution=True, locked=False, grade_id="m", points=3),
        "task": _cell("markdown", grade=False, solution=False, task=True, locked=True, grade_id="k", points=2),
        "readonly": _cell("code", grade=False, solution=False, locked=True, grade_id="r"),
        "plain": _cell("code"),
    }
    assert {role: notebooks.cell_role(cell) for role, cell in cases.items()} == {r: r for r in cases}


def test_points_and_graded_cells_by_role():
    nb = new_notebook(cells=[
        _cell("code", grade=False, solution=True, grade_id="a1"),
        _cell("code", grade=True, solution=False, locked=True, grade_id="t1", points=2),
        _cell("markdown", grade=True, solution=True, grade_id="w1", points=3),
    ])
    assert notebooks.points(nb) == {"t1": 2.0, "w1": 3.0}
    assert [gid for gid, _ in notebooks.graded_cells(nb, "test")] == ["t1"]
    assert notebooks.find_cell(nb, "a1").metadata["nbgrader"]["solution"] is True


def test_find_cell_names_the_known_ids():
    nb = new_notebook(cells=[_cell("code", grade=False, solution=True, grade_id="a1")])
    try:
        notebooks.find_cell(nb, "zz")
    except KeyError as exc:
        assert "zz" in str(exc) and "a1" in str(exc)
    else:  # pragma: no cover - the call must raise
        raise AssertionError("find_cell did not raise")


def test_regions_extract_several_and_ignore_unclosed_text():
    source = "a\n### BEGIN HIDDEN TESTS\nx\ny\n### END HIDDEN TESTS\nb\n### BEGIN HIDDEN TESTS\nz\n### END HIDDEN TESTS"
    assert notebooks.regions(source, "hidden") == ["x\ny", "z"]
    assert notebooks.regions(source, "solution") == []
    assert notebooks.regions("no markers", "hidden") == []
    assert notebooks.regions("### BEGIN SOLUTION\nx = 1", "solution") == []


def test_split_regions_cuts_every_kind_and_keeps_the_rest_in_order():
    source = ("import x\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
              "### END HIDDEN TESTS\n### BEGIN MARK SCHEME\n评分\n### BEGIN HIDDEN TESTS\nassert f()")
    found = notebooks.split_regions(source)
    assert [(r.kind, r.lines, r.closed) for r in found] == [
        (None, ("import x",), True),
        ("solution", ("    return 1",), True),
        (None, ("### END HIDDEN TESTS",), True),  # a stray end marker is plain text
        ("rubric", ("评分", "### BEGIN HIDDEN TESTS", "assert f()"), False),  # unclosed: to the end
    ]
    assert found[1].begin == "    ### BEGIN SOLUTION"
    custom = notebooks.split_regions("a\n# >>> secret\nb\n# <<<", {"hidden": (">>> secret", "<<<")})
    assert [(r.kind, r.text) for r in custom] == [(None, "a"), ("hidden", "b")]


def test_cell_errors_names_each_failing_cell(tmp_path):
    ok = _cell("code", grade=True, solution=False, grade_id="t-ok", points=1)
    failed = _cell("code", grade=True, solution=False, grade_id="t-bad", points=1)
    failed.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="二倍", traceback=[])]
    noisy = _cell("code")
    noisy.outputs = [nbformat.v4.new_output("stream", name="stdout", text="fine\n"),
                     nbformat.v4.new_output("stream", name="stderr", text="warning\n")]
    notebooks.write(new_notebook(cells=[ok, failed, noisy]), tmp_path / "graded.ipynb")
    assert notebooks.cell_errors(tmp_path / "graded.ipynb") == {
        "t-bad": "AssertionError: 二倍", "cell 2": "stderr output: warning\n"}
    assert notebooks.cell_errors(tmp_path / "missing.ipynb") == {}


def test_normalise_strips_volatile_state_and_is_idempotent():
    cell = _cell("code", grade=True, solution=False, locked=True, grade_id="t", points=1)
    cell.execution_count = 7
    cell.outputs = [nbformat.v4.new_output("stream", text="hi")]
    cell.metadata.update({"scrolled": True, "execution": {"iopub.status.busy": "2024-01-01"}, "editable": False})
    nb = new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "P",
                                                             "language": "python"},
                                              "language_info": {"name": "python", "version": "3.11.7"},
                                              "widgets": {"state": {}}})
    out = notebooks.normalise(nb)
    assert out.cells[0].outputs == [] and out.cells[0].execution_count is None
    assert set(out.cells[0].metadata) == {"nbgrader", "editable"}
    assert dict(out.metadata["language_info"]) == {"name": "python"} and "widgets" not in out.metadata
    assert notebooks.dumps(notebooks.normalise(out)) == notebooks.dumps(out)
    assert cell.execution_count == 7, "normalise must not modify its input"
