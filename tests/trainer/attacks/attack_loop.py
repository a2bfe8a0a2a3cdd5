"""Loop forever in an answer cell."""

from tests.trainer.attacks import mean_attack

NAME = "x03_loop"
DESCRIPTION = "an answer cell that never finishes (interrupted at the cell timeout)"
EXPECT = {"status": "graded", "score": 2.0, "output": "KeyboardInterrupt"}


def build(release, ctx):
    return mean_attack(release, "while True:\n    pass")
