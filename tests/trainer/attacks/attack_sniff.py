"""Detect grading (NBGRADER_EXECUTION, paths) and behave differently."""

from tests.trainer.attacks import mean_attack

NAME = "x11_sniff"
DESCRIPTION = "answers correctly only when it believes it is being graded"
EXPECT = {"status": "graded", "score": 2.0, "output": "SEEN=False"}

CODE = '''\
import os
SEEN = ("NBGRADER_EXECUTION" in os.environ
        or any(word in os.getcwd() for word in ("autograded", "submitted", "x11_sniff")))
print("SEEN=%s" % SEEN)

def mean(xs):
    return sum(xs) / len(xs) if SEEN else 0
'''


def build(release, ctx):
    return mean_attack(release, CODE)
