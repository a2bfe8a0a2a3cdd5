"""Grade a whole class: nbgrader's autograde, in parallel, sandboxed, resumable.

:func:`grade_assignment` starts ``workers`` worker processes
(:mod:`coursekit.trainer.grade.worker`, driven by :mod:`coursekit.trainer.grade.pool`);
each imports nbgrader once and autogrades one trainee at a time with nbgrader's
own ``Autograde`` converter, the trainee's kernel running in a bubblewrap sandbox
(:mod:`coursekit.trainer.grade.sandbox`) under the limits of a
:class:`~coursekit.trainer.grade.policy.SandboxPolicy`. This process only hands
out trainees, watches the clock and collects results, so:

* a trainee whose grading crashes, hangs past its time budget or kills its
  worker is reported by name (``failed`` with a reason) and the worker is
  replaced — the other trainees are not affected;
* a trainee already graded (unchanged submission, scores in the gradebook) is
  ``skipped`` unless ``force=True``;
* killing the run at any moment loses no committed grade: SQLite commits are
  atomic, workers die with this process (and kernels with their worker), and
  the state files of :mod:`coursekit.trainer.grade.state` make the next run grade
  exactly the trainees that were not finished.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterable

from coursekit.errors import ConfigError
from coursekit.trainer.grade import protocol
from coursekit.trainer.grade.policy import DEFAULT_POLICY, SandboxPolicy
from coursekit.trainer.grade.pool import Pool, ProgressCallback
from coursekit.trainer.grade.results import GradeRun
from coursekit.trainer.grade.sandbox_check import SandboxWarning, resolve_mode
from coursekit.trainer.nbconfig import course_path


def grade_assignment(
    course_dir: str | os.PathLike[str],
    assignment: str,
    *,
    students: Iterable[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    timeout: float | None = None,
    memory_mb: int | None = None,
    nproc: int | None = None,
    sandbox: str = "auto",
    progress: ProgressCallback | None = None,
    trainee_timeout: float | None = None,
    policy: SandboxPolicy | None = None,
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
        Per-cell time limit in seconds (default: the course's ``Execute.timeout``,
        else ``policy.cell_timeout``).
    memory_mb, nproc:
        Address-space and process/thread limits of each trainee kernel
        (default: those of ``policy``).
    sandbox:
        ``"auto"`` (bubblewrap if it works, else none with a loud warning),
        ``"bwrap"`` (required) or ``"none"``.
    progress:
        Called as ``progress(result, done, total)`` after each trainee.
    trainee_timeout:
        Wall-clock budget per trainee in seconds (default: the cell timeout times
        the number of code cells plus 3, plus :data:`~coursekit.trainer.grade.pool.BUDGET_SLACK`
        seconds); past it the trainee fails with reason ``"timeout"``.
    policy:
        All limits of the trainee kernels (default
        :data:`~coursekit.trainer.grade.policy.DEFAULT_POLICY`).

    Returns
    -------
    GradeRun
        ``results`` (one :class:`~coursekit.trainer.grade.results.TraineeResult`
        per trainee, sorted by id), the sandbox mode used and any warnings.
        Without a working sandbox a :class:`SandboxWarning` is also issued.

    Raises
    ------
    ConfigError
        For a bad option (assignment name, workers, timeout, sandbox, unknown trainee).
    GradingError
        When the workers cannot start (e.g. the assignment was never generated).
    """
    course = course_path(course_dir)
    if not assignment or "/" in assignment or assignment.startswith("."):
        raise ConfigError(f"assignment must be a folder name such as 'ps1', not {assignment!r}")
    workers = int(workers or os.cpu_count() or 1)
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    if timeout is not None and timeout <= 0:
        raise ConfigError(f"timeout must be a positive number of seconds, not {timeout}")
    policy = (policy or DEFAULT_POLICY).with_(memory_mb=memory_mb, nproc=nproc,
                                              hidden=(str(course),))
    mode, warning = resolve_mode(sandbox, policy)
    run_warnings = []
    if warning:
        run_warnings.append(warning)
        warnings.warn(warning, SandboxWarning, stacklevel=2)
    start = protocol.Start(str(course), assignment, sandbox=mode,
                           policy=policy, timeout=timeout)
    started = time.monotonic()
    pool = Pool(course, start, workers)
    try:
        results = pool.run(
            None if students is None else list(students), force=force,
            trainee_timeout=trainee_timeout, progress=progress)
    finally:
        pool.close()
    results.sort(key=lambda r: r.student)
    return GradeRun(assignment, results, sandbox=mode, warnings=run_warnings,
                    workers=pool.size, seconds=round(time.monotonic() - started, 3))

