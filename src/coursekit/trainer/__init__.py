"""The trainer's tools around nbgrader, in three stages: author → grade → review.

nbgrader is imported only inside the functions that run it.

- :mod:`coursekit.trainer.author` — build the course, check its tests (wrong-answer
  bank, mutants), find leaks
- :mod:`coursekit.trainer.grade` — grade a class: parallel, sandboxed, resumable
  (:func:`~coursekit.trainer.grade.grade_assignment`; limits in
  :class:`~coursekit.trainer.grade.SandboxPolicy`)
- :mod:`coursekit.trainer.review` — scores, item analysis, reports, exports, feedback

Shared by all stages: :mod:`coursekit.trainer.notebooks` (read, classify and
normalise nbgrader notebooks) and :mod:`coursekit.trainer.nbconfig` (the course's
nbgrader configuration and gradebook). :mod:`coursekit.trainer.commands` is the
CLI glue (``coursekit course build|check``, ``grade``, ``report``, ``export``, ``feedback``).
"""
