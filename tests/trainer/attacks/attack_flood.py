"""Print tens of megabytes."""

from tests.trainer.attacks import mean_attack

NAME = "x06_flood"
DESCRIPTION = "prints 5 MB at once, then 3,000 lines of 10 kB (35 MB)"
# Flooding is not cheating: the answers are right, so full marks with the output capped;
# unless the kernel is still sending when nbgrader stops waiting for output (its
# iopub timeout), which fails this trainee alone with reason "timeout".
EXPECT = {"status": ("graded", "failed"), "score": (4.0, None), "reason": (None, "timeout"),
          "output": "dropped]"}


def build(release, ctx):
    code = ('print("x" * 5_000_000)\nfor i in range(3000):\n    print(str(i) * 10_000)\n\n'
            "def mean(xs):\n    return sum(xs) / len(xs)")
    return mean_attack(release, code)
