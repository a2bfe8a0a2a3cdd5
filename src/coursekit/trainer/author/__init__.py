"""Stage 1, authoring: build the course and test its tests.

- :mod:`~coursekit.trainer.author.build` — ``course/source`` → ``course/release`` and ``solutions/``
- :mod:`~coursekit.trainer.author.check` — test the tests: solution, blank, wrong and valid
  answers and mutants graded like trainees (with :mod:`coursekit.trainer.grade`);
  :mod:`~coursekit.trainer.author.verdicts` judges the grades
- :mod:`~coursekit.trainer.author.bank` — the banks of wrong and of valid answers
- :mod:`~coursekit.trainer.author.mutants` and :mod:`~coursekit.trainer.author.mutators` —
  mutation testing of the tests
- :mod:`~coursekit.trainer.author.leaks` — hidden tests or solutions in student-facing files
- :mod:`~coursekit.trainer.author.sections` — which course section each graded cell belongs to
"""
