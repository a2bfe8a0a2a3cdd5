"""The grading pool: hands trainees to worker processes, watches the clock, replaces dead workers.

Used by :func:`~coursekit.trainer.grade.grade_assignment`. Each worker is a
``python -m coursekit.trainer.grade.worker`` process; the two sides talk in the
messages of :mod:`coursekit.trainer.grade.protocol`. A worker that crashes or
runs past a trainee's time budget costs that one trainee (``failed``, with a
reason) and is replaced; a worker that cannot start raises
:class:`~coursekit.trainer.grade.results.GradingError`.

>>> trainee_budget(cell_timeout=30.0, code_cells=4)
300.0
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from coursekit.errors import ConfigError
from coursekit.trainer.grade import protocol, state
from coursekit.trainer.grade.results import GradingError, Reason, TraineeResult
from coursekit.trainer.nbconfig import ensure_tool_path

#: Seconds a trainee may take beyond ``cell timeout x (code cells + 3)``.
BUDGET_SLACK = 90.0
#: Seconds a worker may take to import nbgrader and report ready.
STARTUP_TIMEOUT = 180.0
#: The module each worker process runs.
WORKER_MODULE = "coursekit.trainer.grade.worker"
#: Prefix of the scratch folders holding kernels' private copies.
SCRATCH_PREFIX = "coursekit-grading-"

ProgressCallback = Callable[[TraineeResult, int, int], None]


def trainee_budget(cell_timeout: float, code_cells: int) -> float:
    """Default wall-clock budget of one trainee: every code cell plus 3 may use its whole timeout."""
    return BUDGET_SLACK + cell_timeout * (code_cells + 3)


class WorkerProcess:
    """One worker process and the trainee it is grading."""

    def __init__(self, index: int, course: Path, start: protocol.Start, log_dir: Path) -> None:
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
            [sys.executable, "-m", WORKER_MODULE],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            cwd=str(course), env=env, start_new_session=True)
        self.reader = protocol.LineReader()
        self.ready = False
        self.task: str | None = None
        self.budget = STARTUP_TIMEOUT
        self.deadline = time.monotonic() + STARTUP_TIMEOUT
        self.send(start)

    def send(self, message: protocol.Message) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(protocol.encode(message))
        self.proc.stdin.flush()

    def receive(self) -> tuple[list[protocol.Message], bool]:
        """Complete messages available now, and whether the worker closed its output."""
        assert self.proc.stdout is not None
        messages: list[protocol.Message] = []
        while True:
            try:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
            except BlockingIOError:
                return messages, False
            if not chunk:
                return messages, True
            messages += self.reader.feed(chunk)

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


class Pool:
    """Hands trainees to workers, enforces time budgets, replaces dead workers."""

    def __init__(self, course: Path, start: protocol.Start, size: int) -> None:
        self.course = course
        self.assignment = start.assignment
        self.size = size
        self.log_dir = state.state_dir(course, self.assignment) / "workers"
        # kernels' scratch folders live here; removed at the end even if a worker was killed,
        # and by the next run if this process itself was killed
        remove_stale_scratch()
        self.scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        self.start = replace(start, scratch_root=self.scratch)
        self.selector = selectors.DefaultSelector()
        self.workers: list[WorkerProcess] = []
        self.started = 0
        # filled in by the first Ready message
        self.queue: list[str] | None = None
        self.total = 0
        self.cell_timeout = start.policy.cell_timeout
        self.code_cells: dict[str, int] = {}
        self.results: list[TraineeResult] = []
        self.progress: ProgressCallback | None = None
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> WorkerProcess:
        worker = WorkerProcess(self.started, self.course, self.start, self.log_dir)
        self.started += 1
        assert worker.proc.stdout is not None
        os.set_blocking(worker.proc.stdout.fileno(), False)
        self.selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: WorkerProcess) -> None:
        assert worker.proc.stdout is not None
        self.selector.unregister(worker.proc.stdout)
        worker.kill()
        worker.close()
        self.workers.remove(worker)

    def _record(self, result: TraineeResult) -> None:
        self.results.append(result)
        if self.progress is not None:
            self.progress(result, len(self.results), self.total)

    def _on_ready(self, message: protocol.Ready, students: list[str] | None) -> None:
        if self.queue is not None:
            return
        known = list(message.students)
        self.queue = [s for s in known if students is None or s in students]
        missing = [s for s in (students or []) if s not in known]
        if missing:
            raise ConfigError(f"no submission of {self.assignment!r} for: " + ", ".join(missing))
        self.total = len(self.queue)
        self.code_cells = dict(message.code_cells)
        self.cell_timeout = float(self.start.timeout or message.timeout or self.start.policy.cell_timeout)

    def _handle(self, worker: WorkerProcess, message: protocol.Message,
                students: list[str] | None) -> None:
        if not worker.ready:
            if isinstance(message, protocol.StartFailed):
                raise GradingError(f"cannot grade {self.assignment!r}: {message.error}")
            if not isinstance(message, protocol.Ready):
                raise GradingError(f"grading worker sent {message.KIND!r} before 'ready'; "
                                   f"see {worker.log_file}")
            worker.ready = True
            self._on_ready(message, students)
            worker.deadline = float("inf")
        elif worker.task is not None and isinstance(message, protocol.Done):
            self._record(message.result)
            worker.task = None
            worker.deadline = float("inf")

    def _lost(self, worker: WorkerProcess, reason: Reason, message: str) -> None:
        student = worker.task or "?"
        worker.task = None
        log = state.log_path(self.course, self.assignment, student)
        self._record(TraineeResult(student, "failed", reason=reason, message=message, log=str(log)))

    def run(self, students: list[str] | None, *, force: bool, trainee_timeout: float | None,
            progress: ProgressCallback | None) -> list[TraineeResult]:
        """Grade ``students`` (``None``: every trainee with a submission); results in finishing order."""
        self.progress = progress
        restarts_left = self.size
        while True:
            queue = self.queue
            if queue is not None and not queue and all(w.task is None for w in self.workers):
                return self.results
            now = time.monotonic()
            wait = min((w.deadline for w in self.workers), default=now + 1.0) - now
            for key, _ in self.selector.select(timeout=max(0.05, min(wait, 5.0))):
                worker: WorkerProcess = key.data
                messages, eof = worker.receive()
                for message in messages:
                    self._handle(worker, message, students)
                if eof:
                    if not worker.ready:
                        raise GradingError(f"grading worker failed to start: {worker.exit_text()}; "
                                           f"see {worker.log_file}")
                    lost_task = worker.task is not None
                    if lost_task:
                        self._lost(worker, "crash", worker.exit_text())
                    self._retire(worker)
                    if self.queue and (lost_task or restarts_left > 0):
                        restarts_left -= 0 if lost_task else 1
                        self._spawn()
            self._enforce_deadlines()
            if self.queue is not None:
                self._hand_out(force, trainee_timeout)

    def _enforce_deadlines(self) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.deadline > now:
                continue
            if not worker.ready:
                raise GradingError(f"grading worker did not start within {STARTUP_TIMEOUT:g} s; "
                                   f"see {worker.log_file}")
            self._lost(worker, "timeout", f"no result within {worker.budget:g} s; grading stopped")
            self._retire(worker)
            if self.queue:
                self._spawn()

    def _hand_out(self, force: bool, trainee_timeout: float | None) -> None:
        queue = self.queue
        assert queue is not None
        for worker in self.workers:
            if worker.ready and worker.task is None and queue:
                student = queue.pop(0)
                budget = trainee_timeout or trainee_budget(self.cell_timeout,
                                                           self.code_cells.get(student, 0))
                worker.task = student
                worker.budget = budget
                worker.deadline = time.monotonic() + budget
                worker.send(protocol.Task(student, force=force))
        if not self.workers and queue:
            for student in queue:
                self.results.append(TraineeResult(student, "failed", reason="crash",
                                                  message="no grading worker left"))
            queue.clear()

    def close(self) -> None:
        for worker in list(self.workers):
            if worker.proc.stdout is not None:
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


def remove_stale_scratch() -> None:
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
