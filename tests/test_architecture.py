"""The package's architecture, checked: layers, private names, import cycles, module size.

The rules are those of docs/architecture.md; the import graph is read from the source by
``tests/_imports.py`` (run ``python -m tests._imports`` to list what breaks them).
"""

from __future__ import annotations

import pytest

from tests import _imports

#: Upward imports that are part of the design, each with its reason.
ALLOWED_UPWARD = {
    ("coursekit.datasets._monthly", "coursekit.kpi.customers"):
        "the generated monthly table is computed with the course's own KPI functions, so it agrees with them",
    ("coursekit.datasets._monthly", "coursekit.kpi.rates"): "as above",
    ("coursekit.datasets._monthly", "coursekit.kpi.surveys"): "as above",
    ("coursekit.datasets._monthly", "coursekit.kpi.times"): "as above",
}

#: Modules allowed above MAX_LINES, each with its reason.
LONG_MODULES: dict[str, str] = {}
MAX_LINES = 420


def _where(imp: _imports.Import) -> str:
    return f"{imp.importer}:{imp.line} imports {imp.imported} {', '.join(n for n in imp.names if n)}"


def test_every_module_belongs_to_a_layer():
    units = {_imports.unit(name) for name in _imports.modules()}
    assert units - set(_imports.LAYER_OF) == set(), "add new packages to tests/_imports.LAYERS"


def test_no_module_imports_another_packages_private_names():
    assert [_where(i) for i in _imports.private_imports()] == []


def test_no_module_imports_from_a_higher_layer():
    found = [_where(i) for i in _imports.upward_imports()
             if (i.importer, i.imported) not in ALLOWED_UPWARD]
    assert found == []


def test_the_import_graph_has_no_cycle():
    assert [" -> ".join(c) for c in _imports.cycles()] == []


def test_modules_stay_small_or_say_why():
    long = {name: n for name, path in _imports.modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES and name not in LONG_MODULES}
    assert long == {}


# --- the checker itself must be able to fail: worked examples on a throw-away package


@pytest.fixture()
def fake_package(tmp_path, monkeypatch):
    pkg = tmp_path / "coursekit"
    (pkg / "kpi").mkdir(parents=True)
    (pkg / "plots").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "errors.py").write_text("")
    (pkg / "kpi" / "__init__.py").write_text("")
    (pkg / "kpi" / "_frame.py").write_text("from coursekit.kpi import rates\n")
    (pkg / "kpi" / "rates.py").write_text("from coursekit.kpi._frame import x\n")       # cycle, same package
    (pkg / "plots" / "__init__.py").write_text("")
    (pkg / "plots" / "bars.py").write_text("from coursekit.kpi._frame import helper\n")  # private, sideways-up
    (pkg / "errors.py").write_text("def f():\n    from coursekit.plots import bars\n")   # upward, lazy
    monkeypatch.setattr(_imports, "SRC", tmp_path)
    return pkg


def test_the_checker_finds_private_upward_and_cyclic_imports(fake_package):
    private = [(i.importer, i.imported, i.names) for i in _imports.private_imports()]
    assert private == [("coursekit.plots.bars", "coursekit.kpi._frame", ("helper",))]
    upward = [(i.importer, i.imported, i.lazy) for i in _imports.upward_imports()]
    assert upward == [("coursekit.errors", "coursekit.plots.bars", True)]
    assert _imports.cycles() == [["coursekit.kpi._frame", "coursekit.kpi.rates", "coursekit.kpi._frame"]]
