"""Grading state files, worker failure classification and course config loading."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from coursekit.errors import ConfigError
from coursekit.trainer import nbconfig
from coursekit.trainer.grade import state
from coursekit.trainer.grade.failures import classify, invalid_notebooks, last_error_line


def test_state_roundtrip_is_atomic(tmp_path: Path) -> None:
    state.write_state(tmp_path, "ps1", "s1", state="running", signature="a")
    state.write_state(tmp_path, "ps1", "s1", state="done", signature="a", score=3.0)
    assert state.read_state(tmp_path, "ps1", "s1") == {"state": "done", "signature": "a",
                                                       "score": 3.0}
    folder = state.state_dir(tmp_path, "ps1")
    assert sorted(p.name for p in folder.iterdir()) == ["s1.json"]  # no temp files left
    (folder / "s2.json").write_text("{half", encoding="utf-8")
    assert state.read_state(tmp_path, "ps1", "s2") is None  # unreadable = not graded


def test_signature_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "ps1.ipynb").write_text("{}")
    (tmp_path / "timestamp.txt").write_text("2024-05-01")
    first = state.submission_signature(tmp_path)
    assert first == state.submission_signature(tmp_path)
    (tmp_path / "timestamp.txt").write_text("2024-05-02")
    assert state.submission_signature(tmp_path) != first
    assert state.submission_signature(tmp_path / "missing") == ""


@pytest.mark.parametrize(("text", "reason"), [
    ("nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{'", "invalid notebook"),
    ("CellTimeoutError: A cell timed out while it was being executed", "timeout"),
    ("Timeout waiting for IOPub output", "timeout"),
    ("DeadKernelError: Kernel died", "crash"),
    ("RuntimeError: Kernel died before replying to kernel_info", "crash"),
])
def test_failure_reasons(text: str, reason: str) -> None:
    assert classify(text) == reason


def test_explicit_evidence_wins() -> None:
    assert classify("DeadKernelError", sandbox_failed=True) == "sandbox error"
    assert classify("DeadKernelError", invalid=True) == "invalid notebook"
    assert last_error_line("[INFO] x\nTraceback\n  File\nnbformat.reader.NotJSONError: bad\n") \
        == "nbformat.reader.NotJSONError: bad"


def test_invalid_notebooks_are_named(tmp_path: Path) -> None:
    (tmp_path / "good.ipynb").write_text(json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (tmp_path / "bad.ipynb").write_text('{"cells": [')
    (tmp_path / "wrong.ipynb").write_text('{"cells": 3, "nbformat": 4, "nbformat_minor": 5}')
    assert invalid_notebooks(tmp_path) == ["bad.ipynb", "wrong.ipynb"]


def test_course_config_and_gradebook_errors(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'x'\nc.Execute.timeout = 7\n")
    cfg = nbconfig.load_config(tmp_path)
    assert cfg.Execute.timeout == 7
    coursedir = nbconfig.course_directory(cfg)
    assert coursedir.db_url == f"sqlite:///{tmp_path.resolve() / 'gradebook.db'}"
    with pytest.raises(ConfigError, match="no gradebook at .*gradebook.db; fix: run"):
        with nbconfig.open_gradebook(coursedir):
            pass
    env = nbconfig.ensure_tool_path({"PATH": f"/usr/bin{os.pathsep}{os.path.dirname(sys.executable)}"})
    assert env["PATH"].split(os.pathsep) == [os.path.dirname(sys.executable), "/usr/bin"]
