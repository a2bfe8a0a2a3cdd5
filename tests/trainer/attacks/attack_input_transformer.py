"""Rewrite later cells inside the kernel (a limit of any single-kernel grader).

Tests and answers share one kernel, so code that registers an IPython input
transformer can empty every later test cell. No sandbox prevents this; the
grader flags the submission for the trainer instead (coursekit.trainer.grade.scan).
"""

from tests.trainer.attacks import mean_attack

NAME = "x14_input_transformer"
DESCRIPTION = "empties every later cell containing 'assert' (flagged, not prevented)"
EXPECT = {"status": "graded", "flag": "rewrites cells (IPython hooks)"}

CODE = '''\
def _no_tests(lines):
    return [] if "assert" in "".join(lines) else lines

get_ipython().input_transformers_cleanup.append(_no_tests)

def mean(xs):
    return 0
'''


def build(release, ctx):
    return mean_attack(release, CODE)
