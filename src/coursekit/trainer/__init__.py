"""The trainer's tools around nbgrader: one module per stage.

nbgrader is imported only inside the functions that run it. Building and
checking the course:

- :mod:`coursekit.trainer.notebooks` — read, classify and normalise nbgrader notebooks; region markers
- :mod:`coursekit.trainer.nbconfig` — the course's nbgrader configuration and gradebook
- :mod:`coursekit.trainer.build` — ``course/source`` → ``course/release`` and ``solutions/``
- :mod:`coursekit.trainer.bank` — the bank of plausible wrong answers
- :mod:`coursekit.trainer.check` — test the tests: solution, blank and wrong answers graded like trainees
- :mod:`coursekit.trainer.leaks` — hidden tests / solutions / rubrics in student-facing files

Grading a class (parallel, sandboxed — also what ``check`` grades with),
feedback, item analysis and exports live in the other modules of this package
(``grade``, ``worker``, ``sandbox``, ``report``, ``export`` …).
"""
