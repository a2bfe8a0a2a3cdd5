"""Allocate memory without bound."""

from tests.trainer.attacks import mean_attack

NAME = "x05_memory"
DESCRIPTION = "allocates 10 GB in 100 MB blocks (stopped by the address-space limit)"
EXPECT = {"status": "graded", "score": 2.0, "output": "MemoryError"}


def build(release, ctx):
    code = ("hog = [bytearray(10**8) for _ in range(100)]\n\n"
            "def mean(xs):\n    return sum(xs) / len(xs)")
    return mean_attack(release, code)
