"""nbgrader configuration of the 售后服务绩效考核 graded exercises.

Every path is relative to this file's folder (``course/``), so the course works
wherever the repository is checked out. Run nbgrader from this folder, or use
``coursekit course build`` / ``coursekit course check``, which load this file.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when the file is loaded)

_HERE = os.path.dirname(os.path.abspath(__file__))

# --- course and gradebook -------------------------------------------------
c.CourseDirectory.course_id = "aftersales-kpi"
c.CourseDirectory.root = _HERE
# SQLite gradebook beside this file (git-ignored: /course/gradebook.db), unless the trainer's
# environment names a server gradebook: COURSEKIT_GRADEBOOK_URL="postgresql+psycopg://grader@db/course"
# (set from a secret in deploy/k8s; no password in the URL: libpq reads PGPASSWORD or ~/.pgpass).
c.CourseDirectory.db_url = (os.environ.get("COURSEKIT_GRADEBOOK_URL", "").strip()
                            or "sqlite:///" + os.path.join(_HERE, "gradebook.db"))
# Trainee files never need to be large; keep stray data dumps out of submissions.
c.CourseDirectory.max_file_size = 5_000  # kB

# --- executing trainee notebooks ------------------------------------------
# Per-cell limit in seconds (never None: a stuck cell would hang grading).
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Quiet kernels: ipykernel 7 logs a transport warning to the grader's terminal per kernel.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
# Keep submissions from flooding the gradebook and feedback pages.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50

# Off-limits functions (coursekit.exercise.guard): a first cell tells the kernel which cells are
# the course's own (hidden tests may call the library, trainee code may not); after execution
# that cell is removed and trainee cells that fake the checks zero the test cells after them.
from coursekit.trainer.trust import configure as _configure_guard  # noqa: E402

_configure_guard(c)

# A deleted test cell is put back and scores 0 instead of waiting for a manual grade.
c.OverwriteCells.add_missing_cells = True

# --- student version ------------------------------------------------------
c.ClearSolutions.code_stub = {
    "python": "# 在此处编写你的代码 / YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "在此处写下你的答案 / YOUR ANSWER HERE"

# Solutions for self-learners: solutions shown, hidden tests and mark schemes
# removed, not executed (committed without outputs, so builds are reproducible).
from nbgrader import preprocessors as _pp  # noqa: E402  (only nbgrader loads this file)

c.GenerateSolution.preprocessors = [
    _pp.IncludeHeaderFooter,
    _pp.LockCells,
    _pp.ClearOutput,
    _pp.ClearHiddenTests,
    _pp.ClearMarkScheme,
]
