"""The trainer's tools around nbgrader.

One module per stage; nbgrader is imported only inside the functions that run it:

- :mod:`coursekit.trainer.notebooks` — read, classify and normalise nbgrader notebooks
- :mod:`coursekit.trainer.build` — ``course/source`` → ``course/release`` and ``solutions/``
- :mod:`coursekit.trainer.check` — test the tests: solution, blank and wrong-answer bank
"""
