"""Grade a whole class: nbgrader's autograde, in parallel, sandboxed, resumable.

:func:`grade_assignment` starts ``workers`` worker processes
(:mod:`coursekit.trainer.worker`); each imports nbgrader once and autogrades
one trainee at a time with nbgrader's own ``Autograde`` converter, the
trainee's kernel running in a bubblewrap sandbox
(:mod:`coursekit.trainer.sandbox`). This process only hands out trainees,
watches the clock and collects results, so:

* a trainee whose grading crashes, hangs past its time budget or kills its
  worker is reported by name (``failed`` with a reason) and the worker is
  replaced — the other trainees are not affected;
* a trainee already graded (unchanged submission, scores in the gradebook) is
  ``skipped`` unless ``force=True``;
* killing the run at any moment loses no committed grade: SQLite commits are
  atomic, workers die with this process (and kernels with their worker), and
  the state files of :mod:`coursekit.trainer.state` make the next run grade
  exactly the trainees that were not finished.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError
from coursekit.trainer import sandbox as sb
from coursekit.trainer import state
from coursekit.trainer.nbconfig import course_path, ensure_tool_path

#: Reasons a trainee can fail with.
REASONS = ("crash", "timeout", "invalid notebook", "sandbox error")
#: Seconds a trainee may take beyond ``cell timeout x (code cells + 3)``.
BUDGET_SLACK = 90.0
#: Seconds a worker may take to import nbgrader and report ready.
STARTUP_TIMEOUT = 180.0


@dataclass(frozen=True)
class TraineeResult:
    """How grading went for one trainee.

    ``status`` is ``"graded"``, ``"skipped"`` (already graded) or ``"failed"``;
    ``reason`` (failed only) is one of :data:`REASONS`; ``score`` and
    ``max_score`` come from the gradebook (``None`` when grading failed);
    ``flags`` lists suspicious code found by :mod:`coursekit.trainer.scan`.
    """

    student: str
    status: str
    score: float | None = None
    max_score: float | None = None
    reason: str | None = None
    message: str = ""
    seconds: float = 0.0
    attempts: int = 0
    flags: tuple[str, ...] = ()
    log: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> TraineeResult:
        """Build from a worker's result dict (unknown keys ignored).

        >>> TraineeResult.from_dict({"student": "s1", "status": "graded", "score": 3,
        ...                          "max_score": 4, "flags": ["x"], "extra": 1}).flags
        ('x',)
        """
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["flags"] = tuple(values.get("flags") or ())
        return cls(**values)


@dataclass
class GradeRun:
    """All results of one :func:`grade_assignment` call.

    >>> run = GradeRun("ps1", [TraineeResult("s1", "graded", 3.0, 4.0)], sandbox="bwrap")
    >>> run["s1"].score, [r.student for r in run.graded]
    (3.0, ['s1'])
    """

    assignment: str
    results: list[TraineeResult]
    sandbox: str = "none"
    warnings: list[str] = field(default_factory=list)
    workers: int = 1
    seconds: float = 0.0

    def __getitem__(self, student: str) -> TraineeResult:
        for result in self.results:
            if result.student == student:
                return result
        raise KeyError(student)

    def _with(self, status: str) -> list[TraineeResult]:
        return [r for r in self.results if r.status == status]

    @property
    def graded(self) -> list[TraineeResult]:
        """Trainees graded in this run."""
        return self._with("graded")

    @property
    def skipped(self) -> list[TraineeResult]:
        """Trainees already graded before (unchanged submission)."""
        return self._with("skipped")

    @property
    def failed(self) -> list[TraineeResult]:
        """Trainees whose grading failed (see ``reason``)."""
        return self._with("failed")

    def to_frame(self) -> Any:
        """One row per trainee (a pandas DataFrame indexed by student).

        >>> GradeRun("ps1", [TraineeResult("s1", "graded", 3.0, 4.0)]).to_frame().loc["s1", "score"]
        np.float64(3.0)
        """
        import pandas as pd

        rows = [asdict(r) for r in self.results]
        for row in rows:
            row["flags"] = "; ".join(row["flags"])
        columns = list(TraineeResult.__dataclass_fields__)
        frame = pd.DataFrame(rows, columns=columns).set_index("student")
        frame["score"] = frame["score"].astype("float64")
        frame["max_score"] = frame["max_score"].astype("float64")
        return frame


ProgressCallback = Callable[[TraineeResult, int, int], None]


def grade_assignment(
    course_dir: str | os.PathLike,
    assignment: str,
    *,
    students: Iterable[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    timeout: float | None = None,
    memory_mb: int = 2048,
    nproc: int = 256,
    sandbox: str = "auto",
    progress: ProgressCallback | None = None,
    trainee_timeout: float | None = None,
) -> GradeRun:
    """Autograde every submitted trainee of ``assignment`` in parallel.

    Parameters
    ----------
    course_dir:
        The nbgrader course folder (with ``nbgrader_config.py``, ``source/``,
        ``submitted/`` and the gradebook).
    assignment:
        Assignment id, e.g. ``"ps1"``; it must have been generated (it is in the gradebook).
    students:
        Only these trainees (default: everyone with a submission folder).
    workers:
        Worker processes (default: number of CPUs).
    force:
        Grade again trainees already graded.
    timeout:
        Per-cell time limit in seconds (default: the course's ``Execute.timeout``).
    memory_mb, nproc:
        Address-space and process/thread limits of each trainee kernel.
    sandbox:
        ``"auto"`` (bubblewrap if it works, else none with a loud warning),
        ``"bwrap"`` (required) or ``"none"``.
    progress:
        Called as ``progress(result, done, total)`` after each trainee.
    trainee_timeout:
        Wall-clock budget per trainee in seconds (default: the cell timeout times
        the number of code cells plus 3, plus 90 s); past it the trainee fails
        with reason ``"timeout"``.

    Returns
    -------
    GradeRun
        ``results`` (one :class:`TraineeResult` per trainee, sorted by id), the
        sandbox mode used and any warnings. Without a working sandbox a
        :class:`~coursekit.trainer.sandbox.SandboxWarning` is also issued.
    """
    course = course_path(course_dir)
    if not assignment or "/" in assignment or assignment.startswith("."):
        raise ConfigError(f"assignment must be a folder name such as 'ps1', not {assignment!r}")
    workers = int(workers or os.cpu_count() or 1)
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    if timeout is not None and timeout <= 0:
        raise ConfigError(f"timeout must be a positive number of seconds, not {timeout}")
    policy = sb.SandboxPolicy(memory_mb=memory_mb, nproc=nproc, hidden=(str(course),))
    mode, warning = sb.resolve_mode(sandbox, policy)
    run_warnings = []
    if warning:
        run_warnings.append(warning)
        warnings.warn(warning, sb.SandboxWarning, stacklevel=2)
    settings = {"course_dir": str(course), "assignment": assignment, "timeout": timeout,
                "memory_mb": int(memory_mb), "nproc": int(nproc), "sandbox": mode}
    started = time.monotonic()
    pool = _Pool(course, assignment, settings, workers)
    try:
        results = pool.run(
            None if students is None else list(students), force=force,
            trainee_timeout=trainee_timeout, progress=progress)
    finally:
        pool.close()
    results.sort(key=lambda r: r.student)
    return GradeRun(assignment, results, sandbox=mode, warnings=run_warnings,
                    workers=pool.size, seconds=round(time.monotonic() - started, 3))


class _Worker:
    """One worker process and the trainee it is grading."""

    def __init__(self, index: int, course: Path, settings: dict, log_dir: Path) -> None:
        import coursekit

        env = ensure_tool_path()
        package_root = str(Path(coursekit.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(
            [package_root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
        env.pop("NBGRADER_EXECUTION", None)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_file = log_dir / f"worker-{index}.log"
        self._log = open(self.log_file, "ab")  # noqa: SIM115 (closed in close())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coursekit.trainer.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            cwd=str(course), env=env, start_new_session=True)
        self.buffer = b""
        self.ready = False
        self.task: str | None = None
        self.budget = STARTUP_TIMEOUT
        self.deadline = time.monotonic() + STARTUP_TIMEOUT
        self.send(settings)

    def send(self, message: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def kill(self) -> None:
        """Kill the worker and everything in its process group (kernels die with it)."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        for stream in (self.proc.stdout, self.proc.stdin):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._log.close()

    def exit_text(self) -> str:
        code = self.proc.poll()
        if code is None:
            return "worker stopped answering"
        if code < 0:
            return f"worker killed by signal {signal.Signals(-code).name}"
        return f"worker exited with status {code}"


class _Pool:
    """Hands trainees to workers, enforces time budgets, replaces dead workers."""

    def __init__(self, course: Path, assignment: str, settings: dict, size: int) -> None:
        self.course = course
        self.assignment = assignment
        self.size = size
        self.log_dir = state.state_dir(course, assignment) / "workers"
        # kernels' scratch folders live here; removed at the end even if a worker was killed,
        # and by the next run if this process itself was killed
        _remove_stale_scratch()
        self.scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        self.settings = {**settings, "scratch_root": self.scratch}
        self.selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        self.started = 0
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> _Worker:
        worker = _Worker(self.started, self.course, self.settings, self.log_dir)
        self.started += 1
        assert worker.proc.stdout is not None
        os.set_blocking(worker.proc.stdout.fileno(), False)
        self.selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        assert worker.proc.stdout is not None
        self.selector.unregister(worker.proc.stdout)
        worker.kill()
        worker.close()
        self.workers.remove(worker)

    def run(self, students: list[str] | None, *, force: bool, trainee_timeout: float | None,
            progress: ProgressCallback | None) -> list[TraineeResult]:
        queue: list[str] | None = None
        results: list[TraineeResult] = []
        total = 0
        cell_timeout = 30.0
        code_cells: dict[str, int] = {}
        restarts_left = self.size
        while True:
            if queue is not None and not queue and all(w.task is None for w in self.workers):
                return results
            now = time.monotonic()
            wait = min((w.deadline for w in self.workers), default=now + 1.0) - now
            events = self.selector.select(timeout=max(0.05, min(wait, 5.0)))
            for key, _ in events:
                worker: _Worker = key.data
                messages, eof = _read_lines(worker)
                for message in messages:
                    if not worker.ready:
                        if not message.get("ready"):
                            raise ConfigError(f"cannot grade {self.assignment!r}: "
                                              f"{message.get('error', 'worker failed to start')}")
                        worker.ready = True
                        if queue is None:
                            known = message.get("students", [])
                            queue = [s for s in known if students is None or s in students]
                            missing = [s for s in (students or []) if s not in known]
                            if missing:
                                raise ConfigError(
                                    f"no submission of {self.assignment!r} for: "
                                    + ", ".join(missing))
                            total = len(queue)
                            code_cells = message.get("code_cells", {})
                            cell_timeout = float(self.settings.get("timeout")
                                                 or message.get("timeout") or 30.0)
                        worker.deadline = float("inf")
                    elif worker.task is not None:
                        results.append(TraineeResult.from_dict(message))
                        worker.task = None
                        worker.deadline = float("inf")
                        if progress is not None:
                            progress(results[-1], len(results), total)
                if eof:
                    if not worker.ready:
                        raise ConfigError(f"grading worker failed to start: {worker.exit_text()}; "
                                          f"see {worker.log_file}")
                    lost_task = worker.task is not None
                    if lost_task:
                        results.append(self._lost(worker, "crash", worker.exit_text()))
                        if progress is not None:
                            progress(results[-1], len(results), total)
                    self._retire(worker)
                    if queue and (lost_task or restarts_left > 0):
                        restarts_left -= 0 if lost_task else 1
                        self._spawn()
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.deadline > now:
                    continue
                if not worker.ready:
                    raise ConfigError(f"grading worker did not start within {STARTUP_TIMEOUT:g} s; "
                                      f"see {worker.log_file}")
                results.append(self._lost(
                    worker, "timeout", f"no result within {worker.budget:g} s; grading stopped"))
                if progress is not None:
                    progress(results[-1], len(results), total)
                self._retire(worker)
                if queue:
                    self._spawn()
            if queue is None:
                continue
            for worker in self.workers:
                if worker.ready and worker.task is None and queue:
                    student = queue.pop(0)
                    budget = trainee_timeout or (
                        BUDGET_SLACK + cell_timeout * (code_cells.get(student, 0) + 3))
                    worker.task = student
                    worker.budget = budget
                    worker.deadline = time.monotonic() + budget
                    worker.send({"student": student, "force": force})
            if not self.workers and queue:
                for student in queue:
                    results.append(TraineeResult(student, "failed", reason="crash",
                                                 message="no grading worker left"))
                queue.clear()

    def _lost(self, worker: _Worker, reason: str, message: str) -> TraineeResult:
        student = worker.task or "?"
        worker.task = None
        log = state.log_path(self.course, self.assignment, student)
        return TraineeResult(student, "failed", reason=reason, message=message,
                             log=str(log))

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                self.selector.unregister(worker.proc.stdout)
            except (KeyError, ValueError):
                pass
            if worker.task is not None:
                worker.kill()
            worker.close()
        self.workers.clear()
        self.selector.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


SCRATCH_PREFIX = "coursekit-grading-"


def _remove_stale_scratch() -> None:
    """Delete scratch folders of grading runs whose process no longer exists."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX):].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # someone else's live process
            continue


def _read_lines(worker: _Worker) -> tuple[list[dict], bool]:
    """Complete JSON lines available from a worker, and whether it reached EOF."""
    assert worker.proc.stdout is not None
    eof = False
    while True:
        try:
            chunk = os.read(worker.proc.stdout.fileno(), 65536)
        except BlockingIOError:
            break
        if not chunk:
            eof = True
            break
        worker.buffer += chunk
    messages = []
    while b"\n" in worker.buffer:
        line, worker.buffer = worker.buffer.split(b"\n", 1)
        if line.strip():
            try:
                messages.append(json.loads(line))
            except ValueError:
                continue
    return messages, eof
