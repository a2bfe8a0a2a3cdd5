"""A grading worker starts without the slow ``rfc3987_syntax`` import and still validates notebooks."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
import coursekit.trainer.grade.worker as worker
assert "nbformat" not in sys.modules, "the worker module must not import nbformat itself"
if {call}:
    worker.skip_iri_format_checker()
import nbformat
from nbformat.v4 import new_code_cell, new_notebook
nbformat.validate(new_notebook(cells=[new_code_cell("x = 1")]))
try:
    nbformat.validate({{"nbformat": 4, "nbformat_minor": 5, "metadata": {{}},
                       "cells": [{{"cell_type": "markdown", "id": "a1", "metadata": {{}}}}]}})  # no source
except nbformat.ValidationError:
    print("invalid caught")
print("loaded", sys.modules.get("rfc3987_syntax") is not None)
"""


def run(call: bool) -> str:
    return subprocess.run([sys.executable, "-c", PROBE.format(call=call)],
                          capture_output=True, text=True, check=True).stdout


def test_worker_skips_the_iri_checker_and_still_validates_notebooks():
    pytest.importorskip("rfc3987_syntax", reason="only matters where jsonschema would import it")
    # control: without the call, importing nbformat loads rfc3987_syntax on this machine
    assert run(call=False).split() == ["invalid", "caught", "loaded", "True"]
    # with it, validation is unchanged (good passes, bad is caught) and the module is never loaded
    assert run(call=True).split() == ["invalid", "caught", "loaded", "False"]


def test_worker_main_runs_without_the_module(tmp_path):
    """The real entry point: a worker whose settings fail after nbgrader is imported."""
    pytest.importorskip("rfc3987_syntax", reason="only matters where jsonschema would import it")
    code = ("import io, sys\n"
            "from coursekit.trainer.grade import protocol, worker\n"
            f"start = protocol.Start({str(tmp_path)!r}, 'x')\n"
            "sys.stdin = io.StringIO(protocol.encode(start).decode())\n"
            "worker.main()\n"
            "print('nbgrader', 'nbgrader.converters' in sys.modules, "
            "'rfc3987_syntax', sys.modules.get('rfc3987_syntax') is not None, file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert '"kind": "start_failed"' in run.stdout, run.stdout + run.stderr  # the settings were refused ...
    assert "nbgrader True rfc3987_syntax False" in run.stderr, run.stderr  # ... after importing nbgrader
