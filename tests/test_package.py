"""The package root and the analysis modules import without the heavy dependencies."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "scipy", "ipywidgets", "nbgrader")
LIGHT_MODULES = ("coursekit", "coursekit.kpi", "coursekit.weights", "coursekit.system",
                 "coursekit.appraisal", "coursekit.fairness", "coursekit.spc", "coursekit.training",
                 "coursekit.i18n", "coursekit.trainer", "coursekit.cli")


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_import_does_not_load_heavy_dependencies(module):
    code = (f"import sys, {module}; "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"importing {module} loaded {out.stdout.strip()}"


def test_lazy_attributes_resolve_and_unknown_names_fail():
    import coursekit

    assert coursekit.kpi.fcr.__name__ == "fcr"
    assert callable(coursekit.read_tickets) and callable(coursekit.set_language)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        coursekit.nope  # noqa: B018


def test_cli_lists_every_command_group():
    from coursekit.cli import build_parser

    text = build_parser().format_help()
    for command in ("data", "lab", "course", "grade", "report", "export", "feedback"):
        assert command in text, f"`coursekit {command}` is missing from the CLI"
