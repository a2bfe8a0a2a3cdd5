"""Per-trainee grading state, so an interrupted run can resume safely.

For every trainee coursekit keeps a small JSON file in
``<course>/.coursekit/grading/<assignment>/<student>.json``::

    {"state": "running" | "done" | "failed", "signature": "<sha256 of the submission>", ...}

A worker writes ``running`` *before* it starts nbgrader and ``done`` only after
nbgrader has committed the grades; files are replaced atomically. A run killed
at any moment therefore leaves ``running`` (graded again next time) or ``done``
(skipped), never a half-truth. A changed submission changes the signature, so a
resubmission is graded again.

>>> import tempfile, pathlib
>>> course = pathlib.Path(tempfile.mkdtemp())
>>> write_state(course, "ps1", "s1", state="running", signature="abc")
>>> read_state(course, "ps1", "s1")["state"]
'running'
>>> read_state(course, "ps1", "nobody") is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

STATE_DIR = ".coursekit"


def state_dir(course_dir: str | os.PathLike, assignment: str) -> Path:
    """Folder of the grading state files of ``assignment``.

    >>> state_dir("/c", "ps1").as_posix()
    '/c/.coursekit/grading/ps1'
    """
    return Path(course_dir) / STATE_DIR / "grading" / assignment


def log_path(course_dir: str | os.PathLike, assignment: str, student: str) -> Path:
    """Where the nbgrader log of one trainee's last grading goes.

    >>> log_path("/c", "ps1", "s1").as_posix()
    '/c/.coursekit/grading/ps1/logs/s1.log'
    """
    return state_dir(course_dir, assignment) / "logs" / f"{student}.log"


def submission_signature(folder: str | os.PathLike) -> str:
    """SHA-256 over the names and contents of every file in a submission folder.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.ipynb").write_text("{}")
    >>> first = submission_signature(d); _ = (d / "a.ipynb").write_text("{ }")
    >>> first == submission_signature(d)
    False
    """
    digest = hashlib.sha256()
    root = Path(folder)
    if not root.is_dir():
        return ""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        if ".ipynb_checkpoints" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _state_file(course_dir: str | os.PathLike, assignment: str, student: str) -> Path:
    return state_dir(course_dir, assignment) / f"{student}.json"


def read_state(course_dir: str | os.PathLike, assignment: str, student: str) -> dict | None:
    """The trainee's state dict, or ``None`` (never graded by coursekit, or unreadable)."""
    path = _state_file(course_dir, assignment, student)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_state(course_dir: str | os.PathLike, assignment: str, student: str,
                **fields: Any) -> None:
    """Replace the trainee's state atomically (write a temp file, fsync, rename)."""
    path = _state_file(course_dir, assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{student}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(fields, handle, ensure_ascii=False, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
