"""A grading worker: a long-lived process that autogrades one trainee at a time.

:class:`~coursekit.trainer.grade.pool.Pool` starts several of these
(``python -m coursekit.trainer.grade.worker``) and talks to each over its stdin
and stdout in the messages of :mod:`coursekit.trainer.grade.protocol`:

* first line in: :class:`~coursekit.trainer.grade.protocol.Start` (course folder,
  assignment, sandbox, policy); reply ``Ready`` or ``StartFailed``;
* then one ``Task`` per trainee; reply one ``Done`` with the trainee's result.

Each trainee is graded by nbgrader's own ``Autograde`` converter
(:class:`~coursekit.trainer.grade.grader.Grader`, in this process, so nbgrader is
imported once per worker, not once per trainee) with the kernel started by
:class:`~coursekit.trainer.grade.kernel.SandboxKernelManager`. The worker never
shares a process with another trainee being graded at the same time, so
nbgrader's ``os.chdir`` is safe. The worker dies with its parent.
"""

from __future__ import annotations

import os
import signal
import sys

from coursekit.trainer.grade import protocol
from coursekit.trainer.grade.grader import Grader
from coursekit.trainer.grade.results import TraineeResult


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
    >>> code = ("from coursekit.trainer.grade.worker import skip_iri_format_checker as s; s(); "
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
    """Entry point of ``python -m coursekit.trainer.grade.worker``."""
    parent = os.getppid()
    skip_iri_format_checker()
    _die_with_parent()
    if os.getppid() != parent:  # parent already gone
        return 1
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to the worker's log, not the channel
    sys.stdout = sys.stderr

    def send(message: protocol.Message) -> None:
        channel.write(protocol.encode(message).decode("utf-8"))
        channel.flush()

    try:
        start = protocol.decode(sys.stdin.readline() or "{}")
        if not isinstance(start, protocol.Start):
            raise TypeError(f"expected a 'start' message first, not {start.KIND!r}")
        grader = Grader.from_start(start)
    except Exception as exc:  # reported to the parent, which raises a GradingError
        send(protocol.StartFailed(f"{type(exc).__name__}: {exc}"))
        return 1
    students = grader.students()
    send(protocol.Ready(pid=os.getpid(), max_score=grader.max_score, students=tuple(students),
                        timeout=grader.cell_timeout(),
                        code_cells={s: grader.code_cells(s) for s in students}))
    for line in sys.stdin:
        if not line.strip():
            continue
        task = protocol.decode(line)
        if not isinstance(task, protocol.Task):
            continue  # only tasks follow the start message
        try:
            result = grader.grade(task.student, force=task.force)
        except Exception as exc:  # never lose the channel: report the trainee as crashed
            result = TraineeResult(task.student, "failed", reason="crash",
                                   message=f"{type(exc).__name__}: {exc}",
                                   max_score=grader.max_score, attempts=1)
        send(protocol.Done(result))
    return 0

if __name__ == "__main__":
    sys.exit(main())
