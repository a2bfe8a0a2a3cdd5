"""The grading worker's engine: nbgrader's ``Autograde`` for one trainee at a time.

:class:`Grader` is built once per worker process from the
:class:`~coursekit.trainer.grade.protocol.Start` message: it loads the course's
nbgrader configuration, wires nbgrader's ``Execute`` to the sandboxed kernel
manager (:mod:`coursekit.trainer.grade.kernel`) with the limits of the run's
:class:`~coursekit.trainer.grade.policy.SandboxPolicy`, and then grades (or
skips, when already graded) one trainee per :meth:`Grader.grade` call.
"""

from __future__ import annotations

import glob
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from coursekit.trainer import nbconfig
from coursekit.trainer.grade import state
from coursekit.trainer.grade.failures import classify, invalid_notebooks, last_error_line
from coursekit.trainer.grade.policy import DEFAULT_POLICY, SandboxMode, SandboxPolicy
from coursekit.trainer.grade.protocol import Start
from coursekit.trainer.grade.results import TraineeResult
from coursekit.trainer.grade.scan import scan_submission

#: Attempts per trainee when the database reports a transient conflict.
DB_ATTEMPTS = 4
#: Log text of transient database conflicts worth another attempt: SQLite's lock, and
#: PostgreSQL's unique-key race (two graders creating the same trainee), deadlock and
#: serialization failures.
TRANSIENT_DB_ERRORS = ("database is locked", "duplicate key value violates unique constraint",
                       "deadlock detected", "could not serialize access")


class Grader:
    """Autograde trainees of one assignment (see the module docstring)."""

    def __init__(self, course_dir: str, assignment: str, *, timeout: float | None = None,
                 policy: SandboxPolicy = DEFAULT_POLICY, sandbox: SandboxMode = "bwrap",
                 scratch_root: str = "") -> None:
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import Execute
        from traitlets.config import LoggingConfigurable

        from coursekit.trainer.grade.kernel import execute_class

        self.course = nbconfig.course_path(course_dir)
        self.assignment = assignment
        self.policy = policy
        cfg = nbconfig.load_config(self.course)
        self.coursedir = nbconfig.course_directory(cfg)
        db_file = nbconfig.sqlite_path(self.coursedir.db_url)
        if db_file is not None and not db_file.exists():
            raise RuntimeError(f"no gradebook at {db_file}: run nbgrader generate_assignment first")
        if db_file is None and not nbconfig.server_gradebook_exists(self.coursedir.db_url):
            raise RuntimeError(f"no gradebook tables in {nbconfig.safe_url(self.coursedir.db_url)}: "
                               "run nbgrader generate_assignment first")
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
        cfg.LimitedExecute.max_output_bytes = int(policy.max_output_bytes)
        hidden = sorted({str(self.course), *(str(p) for p in _course_paths(self.coursedir))})
        cfg.SandboxKernelManager.sandbox = sandbox
        cfg.SandboxKernelManager.memory_mb = int(policy.memory_mb)
        cfg.SandboxKernelManager.nproc = int(policy.nproc)
        cfg.SandboxKernelManager.disk_mb = int(policy.disk_mb)
        cfg.SandboxKernelManager.file_mb = int(policy.file_mb)
        cfg.SandboxKernelManager.readonly = list(policy.readonly)
        cfg.SandboxKernelManager.hidden = hidden
        cfg.SandboxKernelManager.scratch_root = scratch_root
        self.cfg = cfg
        self.parent = LoggingConfigurable(config=cfg)
        from nbgrader.api import MissingEntry

        with nbconfig.open_gradebook(self.coursedir) as gb:
            try:
                assignment_row = gb.find_assignment(assignment)
            except MissingEntry:
                raise RuntimeError(f"assignment {assignment!r} is not in the gradebook "
                                   f"{nbconfig.safe_url(self.coursedir.db_url)}: run nbgrader "
                                   "generate_assignment first") from None
            self.max_score = float(assignment_row.max_score or 0.0)
            self.notebook_names = {nb.name for nb in assignment_row.notebooks}

    @classmethod
    def from_start(cls, start: Start) -> Grader:
        """The grader a :class:`~coursekit.trainer.grade.protocol.Start` message asks for."""
        return cls(start.course_dir, start.assignment, timeout=start.timeout, policy=start.policy,
                   sandbox=start.sandbox, scratch_root=start.scratch_root)

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
        value = self.cfg.Execute.get("timeout", None)
        return float(value) if value else float(self.policy.cell_timeout)

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
            return (score, max_score) if complete and score is not None and max_score is not None else None
        # graded before, by nbgrader itself: adopt it
        if not self._graded_notebooks_present(student, newer=True):
            return None
        complete, score, max_score = self.gradebook_status(student)
        if not complete or score is None or max_score is None:
            return None
        state.write_state(self.course, self.assignment, student, state="done",
                          signature=signature, score=score, max_score=max_score, adopted=True)
        return score, max_score

    # -- grading -------------------------------------------------------------------
    def run_autograde(self, student: str) -> dict[str, Any]:
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

    def grade(self, student: str, force: bool = False) -> TraineeResult:
        """Grade (or skip) one trainee; the result is sent to the parent."""
        from coursekit.trainer.grade.kernel import SANDBOX_FAILURES

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
        outcome: dict[str, Any] = {}
        text = ""
        for attempt in range(1, DB_ATTEMPTS + 1):
            SANDBOX_FAILURES.clear()
            result["attempts"] = attempt
            outcome = self.run_autograde(student)
            text = (outcome.get("log") or "") + "\n" + (outcome.get("error") or "")
            _write_log(state.log_path(self.course, self.assignment, student), attempt, text)
            if outcome.get("success") or not any(e in text for e in TRANSIENT_DB_ERRORS):
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


def _finish(result: dict[str, Any], started: float) -> TraineeResult:
    result["seconds"] = round(time.monotonic() - started, 3)
    return TraineeResult.from_dict(result)


def _write_log(path: Path, attempt: int, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "w" if attempt == 1 else "a"
    with open(path, mode, encoding="utf-8") as handle:
        handle.write(f"--- attempt {attempt} ---\n{text}\n")
