"""The adversarial bank: submissions that attack the grader.

Each ``attack_*.py`` module defines

* ``NAME`` — the simulated trainee's id (sorted after the honest trainees);
* ``DESCRIPTION`` — what the attack tries;
* ``build(release, ctx)`` — the submitted notebook (a dict, or bytes for a
  broken file) made from the released notebook; ``ctx`` has ``course`` (the
  course folder, as if the attacker guessed it), ``port`` (a TCP port the test
  listens on) and ``outside`` (a host folder the attacker must not write to);
* ``EXPECT`` — ``status`` and, where it is defined, the exact ``score`` or
  failure ``reason``; optionally ``output`` (text that must appear in the
  autograded notebook) and ``flag`` (a :mod:`coursekit.trainer.grade.scan` label).

Most attacks sit in the ``mean`` answer cell and leave the other two tasks
honest, so a failed attack scores exactly 2 of 4 (a wrong ``mean``) while a
successful one would score 4 or change other trainees' grades.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from tests.trainer import coursefactory as cf

#: Answers shared by most attacks: total and rate honest.
REST = {"total_answer": cf.SOLUTION["total_answer"], "rate_answer": cf.SOLUTION["rate_answer"]}


def load_bank() -> list[ModuleType]:
    """Every attack module of this folder, sorted by trainee id."""
    modules = [importlib.import_module(f"{__name__}.{path.stem}")
               for path in sorted(Path(__file__).parent.glob("attack_*.py"))]
    return sorted(modules, key=lambda m: m.NAME)


def mean_attack(release: dict, code: str) -> dict:
    """The released notebook with ``code`` as the mean answer and honest total/rate."""
    return cf.with_answers(release, {**REST, "mean_answer": code})
