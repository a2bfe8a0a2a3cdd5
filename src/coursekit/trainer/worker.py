"""A grading worker: a long-lived process that autogrades one trainee at a time.

:func:`coursekit.trainer.grade.grade_assignment` starts several of these
(``python -m coursekit.trainer.worker``) and talks to each over its stdin and
stdout, one JSON object per line:

* first line in: the settings (course folder, assignment, limits, sandbox);
  reply ``{"ready": true, ...}`` or ``{"ready": false, "error": ...}``;
* then ``{"student": "s1", "force": false}`` per trainee; reply one result dict.

Each trainee is graded by nbgrader's own ``Autograde`` converter (in this
process, so nbgrader is imported once per worker, not once per trainee) with
the kernel started by :class:`~coursekit.trainer.kernel.SandboxKernelManager`.
The worker never shares a process with another trainee being graded at the
same time, so nbgrader's ``os.chdir`` is safe. The worker dies with its parent.
"""

from __future__ import annotations

import glob
import json
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any

from coursekit.trainer import nbconfig, state
from coursekit.trainer.scan import scan_submission

#: Attempts per trainee when SQLite reports a locked database.
DB_ATTEMPTS = 4

_REASONS = (
    ("invalid notebook", re.compile(
        r"NotJSONError|does not appear to be JSON|not valid JSON|Unreadable Notebook|"
        r"ValidationError|SchemaTooOld|SchemaTooNew|JSONDecodeError|"
        r"Notebook JSON is invalid|UnicodeDecodeError")),
    ("timeout", re.compile(r"CellTimeoutError|Timeout waiting for|UnresponsiveKernel|timed out")),
)


def classify(text: str, *, invalid: bool = False, sandbox_failed: bool = False) -> str:
    """Why grading failed: ``sandbox error``, ``invalid notebook``, ``timeout`` or ``crash``.

    >>> classify("nbformat.reader.NotJSONError: Notebook does not appear to be JSON")
    'invalid notebook'
    >>> classify("DeadKernelError: Kernel died")
    'crash'
    """
    if sandbox_failed:
        return "sandbox error"
    if invalid:
        return "invalid notebook"
    for reason, pattern in _REASONS:
        if pattern.search(text):
            return reason
    return "crash"


def last_error_line(text: str) -> str:
    """The last line that names an exception (or the last non-empty line).

    >>> last_error_line("Traceback...\\n  File x\\nValueError: bad\\n")
    'ValueError: bad'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if re.match(r"^[\w.]+(Error|Exception|Interrupt)\b", line):
            return line[:300]
    return lines[-1][:300] if lines else ""


def invalid_notebooks(folder: Path) -> list[str]:
    """Names of notebooks in a submission that are not valid nbformat-4 JSON."""
    import nbformat

    bad = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(str(path), as_version=4)
            nbformat.validate(nb)
        except Exception:
            bad.append(path.name)
    return bad


class Grader:
    """Autograde trainees of one assignment (see the module docstring)."""

    def __init__(self, course_dir: str, assignment: str, *, timeout: float | None = None,
                 memory_mb: int = 2048, nproc: int = 256, disk_mb: int = 256,
                 file_mb: int = 64, sandbox: str = "bwrap",
                 max_output_bytes: int = 1_000_000, scratch_root: str = "") -> None:
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import Execute
        from traitlets.config import LoggingConfigurable

        from coursekit.trainer.kernel import execute_class

        self.course = nbconfig.course_path(course_dir)
        self.assignment = assignment
        cfg = nbconfig.load_config(self.course)
        self.coursedir = nbconfig.course_directory(cfg)
        db_file = nbconfig.sqlite_path(self.coursedir.db_url)
        if db_file is not None and not db_file.exists():
            raise RuntimeError(f"no gradebook at {db_file}: run nbgrader generate_assignment first")
        self.coursedir.db_url = nbconfig.with_busy_timeout(self.coursedir.db_url)
        if timeout is not None:
            cfg.Execute.timeout = max(1, int(round(timeout)))
        cfg.Execute.interrupt_on_timeout = True
        # the kernel's sandbox is thrown away: no need to wait for a polite shutdown
        cfg.Execute.shutdown_kernel = "immediate"
        cfg.OverwriteCells.add_missing_cells = True
        limited = execute_class()
        configured = cfg.Autograde.get("autograde_preprocessors") or list(
            Autograde.class_traits()["autograde_preprocessors"].default())
        cfg.Autograde.autograde_preprocessors = [
            limited if (pp is Execute or pp == "nbgrader.preprocessors.Execute") else pp
            for pp in configured]
        cfg.LimitedExecute.max_output_bytes = int(max_output_bytes)
        hidden = sorted({str(self.course), *(str(p) for p in _course_paths(self.coursedir))})
        cfg.SandboxKernelManager.sandbox = sandbox
        cfg.SandboxKernelManager.memory_mb = int(memory_mb)
        cfg.SandboxKernelManager.nproc = int(nproc)
        cfg.SandboxKernelManager.disk_mb = int(disk_mb)
        cfg.SandboxKernelManager.file_mb = int(file_mb)
        cfg.SandboxKernelManager.hidden = hidden
        cfg.SandboxKernelManager.scratch_root = scratch_root
        self.cfg = cfg
        self.parent = LoggingConfigurable(config=cfg)
        with nbconfig.open_gradebook(self.coursedir) as gb:
            assignment_row = gb.find_assignment(assignment)  # MissingEntry if not generated
            self.max_score = float(assignment_row.max_score or 0.0)
            self.notebook_names = {nb.name for nb in assignment_row.notebooks}

    # -- paths ---------------------------------------------------------------
    def submitted(self, student: str) -> Path:
        """The trainee's submission folder."""
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                               self.assignment))

    def autograded(self, student: str) -> Path:
        """The trainee's autograded folder."""
        return Path(self.coursedir.format_path(self.coursedir.autograded_directory, student,
                                               self.assignment))

    def students(self) -> list[str]:
        """Ids of the trainees with a submission folder for the assignment, sorted."""
        pattern = self.coursedir.format_path(self.coursedir.submitted_directory, "*",
                                             self.assignment)
        regexp = re.compile(self.coursedir.format_path(
            self.coursedir.submitted_directory, "(?P<student>[^/]+)",
            re.escape(self.assignment), escape=True) + "$")
        found = []
        for path in glob.glob(pattern):
            match = regexp.match(path)
            if match and os.path.isdir(path):
                found.append(match.group("student"))
        return sorted(found)

    def code_cells(self, student: str) -> int:
        """Code cells in the trainee's notebooks (sizes the time budget; 0 if unreadable)."""
        count = 0
        for path in self.submitted(student).glob("*.ipynb"):
            try:
                nb = json.loads(path.read_text(encoding="utf-8"))
                count += sum(1 for c in nb.get("cells", []) if c.get("cell_type") == "code")
            except (OSError, ValueError, AttributeError, TypeError):
                continue
        return count

    def cell_timeout(self) -> float:
        """The per-cell timeout nbgrader will use, in seconds."""
        value = self.cfg.Execute.get("timeout", 30)
        return float(value) if value else 30.0

    # -- state checks ----------------------------------------------------------
    def _graded_notebooks_present(self, student: str, newer: bool) -> bool:
        submitted = sorted(self.submitted(student).glob("*.ipynb"))
        expected = [p for p in submitted if p.stem in self.notebook_names]
        if not expected:
            return False
        newest = max(p.stat().st_mtime for p in self.submitted(student).rglob("*") if p.is_file())
        for path in expected:
            graded = self.autograded(student) / path.name
            if not graded.is_file():
                return False
            if newer and graded.stat().st_mtime < newest:
                return False
        return True

    def gradebook_status(self, student: str) -> tuple[bool, float | None, float | None]:
        """``(complete, score, max_score)``: complete when every autograded test cell
        of the trainee has a score in the gradebook (one gradebook session)."""
        from nbgrader.api import MissingEntry

        with nbconfig.open_gradebook(self.coursedir) as gb:
            try:
                submission = gb.find_submission(self.assignment, student)
            except MissingEntry:
                return False, None, None
            for notebook in submission.notebooks:
                source = notebook.notebook
                tests = ({c.name for c in source.grade_cells if c.cell_type == "code"}
                         - {c.name for c in source.solution_cells})
                for grade in notebook.grades:
                    if grade.name in tests and grade.auto_score is None:
                        return False, None, None
            return True, float(submission.score), float(submission.max_score)

    def already_graded(self, student: str, signature: str) -> tuple[float, float] | None:
        """``(score, max_score)`` if the trainee's current submission is graded completely."""
        record = state.read_state(self.course, self.assignment, student)
        if record is not None:
            if not (record.get("state") == "done" and record.get("signature") == signature
                    and self._graded_notebooks_present(student, newer=False)):
                return None
            complete, score, max_score = self.gradebook_status(student)
            return (score, max_score) if complete else None
        # graded before, by nbgrader itself: adopt it
        if not self._graded_notebooks_present(student, newer=True):
            return None
        complete, score, max_score = self.gradebook_status(student)
        if not complete:
            return None
        state.write_state(self.course, self.assignment, student, state="done",
                          signature=signature, score=score, max_score=max_score, adopted=True)
        return score, max_score

    # -- grading -------------------------------------------------------------------
    def run_autograde(self, student: str) -> dict:
        """nbgrader ``Autograde`` for one trainee (always forced); its success/log/error dict."""
        from nbgrader.converters import Autograde
        from nbgrader.utils import capture_log

        self.coursedir.assignment_id = self.assignment
        self.coursedir.student_id = student
        try:
            app = Autograde(coursedir=self.coursedir, parent=self.parent)
            app.force = True
            app.create_student = True
            return capture_log(app)
        finally:
            self.coursedir.assignment_id = ""
            self.coursedir.student_id = "*"

    def grade(self, student: str, force: bool = False) -> dict:
        """Grade (or skip) one trainee; returns the result dict sent to the parent."""
        from coursekit.trainer.kernel import SANDBOX_FAILURES

        started = time.monotonic()
        result: dict[str, Any] = {"student": student, "status": "failed", "reason": None,
                                  "score": None, "max_score": self.max_score, "attempts": 0,
                                  "flags": [], "message": "",
                                  "log": str(state.log_path(self.course, self.assignment, student))}
        folder = self.submitted(student)
        if not folder.is_dir():
            result.update(reason="invalid notebook", message="no submission folder")
            return _finish(result, started)
        signature = state.submission_signature(folder)
        done = None if force else self.already_graded(student, signature)
        if done is not None:
            result.update(status="skipped", score=done[0], max_score=done[1])
            return _finish(result, started)
        state.write_state(self.course, self.assignment, student, state="running",
                          signature=signature, pid=os.getpid())
        result["flags"] = scan_submission(folder)
        invalid = invalid_notebooks(folder)
        outcome: dict = {}
        text = ""
        for attempt in range(1, DB_ATTEMPTS + 1):
            SANDBOX_FAILURES.clear()
            result["attempts"] = attempt
            outcome = self.run_autograde(student)
            text = (outcome.get("log") or "") + "\n" + (outcome.get("error") or "")
            _write_log(state.log_path(self.course, self.assignment, student), attempt, text)
            if outcome.get("success") or "database is locked" not in text:
                break
            time.sleep(0.5 * attempt)
        complete, score, max_score = (
            self.gradebook_status(student)
            if outcome.get("success") and self._graded_notebooks_present(student, newer=False)
            else (False, None, None))
        if complete:
            state.write_state(self.course, self.assignment, student, state="done",
                              signature=signature, score=score, max_score=max_score)
            result.update(status="graded", score=score, max_score=max_score)
            return _finish(result, started)
        reason = classify(text, invalid=bool(invalid), sandbox_failed=bool(SANDBOX_FAILURES))
        message = (SANDBOX_FAILURES[0] if SANDBOX_FAILURES else
                   f"not valid notebook JSON: {', '.join(invalid)}" if invalid else
                   last_error_line(outcome.get("error") or text))
        state.write_state(self.course, self.assignment, student, state="failed",
                          signature=signature, reason=reason)
        result.update(reason=reason, message=message)
        return _finish(result, started)


def _course_paths(coursedir: Any) -> list[Path]:
    """Course folders that may live outside the course root (absolute config paths)."""
    paths = []
    for step in ("source_directory", "release_directory", "submitted_directory",
                 "autograded_directory", "feedback_directory", "solution_directory"):
        value = getattr(coursedir, step, "")
        if value and os.path.isabs(value):
            paths.append(Path(value))
    db_file = nbconfig.sqlite_path(coursedir.db_url)
    if db_file is not None:
        paths.append(db_file.parent if db_file.parent != Path("/") else db_file)
    return paths


def _finish(result: dict, started: float) -> dict:
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def _write_log(path: Path, attempt: int, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "w" if attempt == 1 else "a"
    with open(path, mode, encoding="utf-8") as handle:
        handle.write(f"--- attempt {attempt} ---\n{text}\n")


def skip_iri_format_checker() -> None:
    """Keep ``jsonschema`` from importing ``rfc3987_syntax`` in this process.

    ``jsonschema`` (imported by nbformat, hence by nbgrader) imports
    ``rfc3987_syntax`` eagerly when it is installed, and that package builds
    about 35 Earley parsers at import time: about 1.8 s of CPU on the machines
    measured, paid by every grading worker (upstream: python-jsonschema/jsonschema
    issue 1428). It only checks the ``iri``/``iri-reference`` string formats,
    which neither the notebook schema nor nbgrader uses, so a grading worker
    goes without it. Call before nbformat is imported; has no effect after.

    >>> import subprocess, sys
    >>> code = ("from coursekit.trainer.worker import skip_iri_format_checker as s; s(); "
    ...         "import nbformat, sys; print('rfc3987_syntax' in sys.modules and "
    ...         "sys.modules['rfc3987_syntax'] is not None)")
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    'False'
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # import -> ImportError


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the grading process dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker notices EOF on stdin
        pass


def main() -> int:
    """Entry point of ``python -m coursekit.trainer.worker``."""
    parent = os.getppid()
    skip_iri_format_checker()
    _die_with_parent()
    if os.getppid() != parent:  # parent already gone
        return 1
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to the worker's log, not the channel
    sys.stdout = sys.stderr

    def send(message: dict) -> None:
        channel.write(json.dumps(message, ensure_ascii=False) + "\n")
        channel.flush()

    settings = json.loads(sys.stdin.readline() or "{}")
    try:
        grader = Grader(**settings)
    except Exception as exc:  # reported to the parent, which raises a ConfigError
        send({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    students = grader.students()
    send({"ready": True, "pid": os.getpid(), "max_score": grader.max_score,
          "students": students, "timeout": grader.cell_timeout(),
          "code_cells": {s: grader.code_cells(s) for s in students}})
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        try:
            result = grader.grade(task["student"], force=bool(task.get("force")))
        except Exception as exc:  # never lose the channel: report the trainee as crashed
            result = {"student": task.get("student"), "status": "failed", "reason": "crash",
                      "message": f"{type(exc).__name__}: {exc}", "score": None,
                      "max_score": grader.max_score, "attempts": 1, "flags": [],
                      "seconds": 0.0}
        send(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
