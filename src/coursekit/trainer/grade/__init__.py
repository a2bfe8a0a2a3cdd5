"""Stage 2, grading: nbgrader's autograde for a whole class, in parallel, sandboxed, resumable.

The public API is :func:`grade_assignment` (see :mod:`coursekit.trainer.grade.api`),
its results (:class:`TraineeResult`, :class:`GradeRun`), the limits of a trainee
kernel (:class:`SandboxPolicy`, :data:`DEFAULT_POLICY`) and :class:`GradingError`.

Inside: :mod:`~coursekit.trainer.grade.pool` (the parent's worker pool),
:mod:`~coursekit.trainer.grade.protocol` (typed parent–worker messages),
:mod:`~coursekit.trainer.grade.worker` and :mod:`~coursekit.trainer.grade.grader`
(the worker process), :mod:`~coursekit.trainer.grade.kernel`,
:mod:`~coursekit.trainer.grade.sandbox` and :mod:`~coursekit.trainer.grade.sandbox_check`
(the sandboxed kernel), :mod:`~coursekit.trainer.grade.state` (resume),
:mod:`~coursekit.trainer.grade.scan` (suspicious code) and
:mod:`~coursekit.trainer.grade.trust` (the off-limits guard under autograde).

>>> from coursekit.trainer.grade import DEFAULT_POLICY, grade_assignment
>>> DEFAULT_POLICY.memory_mb > 0 and callable(grade_assignment)
True
"""

from coursekit.trainer.grade.api import grade_assignment
from coursekit.trainer.grade.policy import DEFAULT_POLICY, SandboxPolicy
from coursekit.trainer.grade.results import REASONS, GradeRun, GradingError, TraineeResult
from coursekit.trainer.grade.sandbox_check import SandboxWarning

__all__ = ["DEFAULT_POLICY", "REASONS", "GradeRun", "GradingError", "SandboxPolicy",
           "SandboxWarning", "TraineeResult", "grade_assignment"]
