"""Delete the test cell of a task answered wrongly."""

from tests.trainer.attacks import mean_attack

NAME = "x08_delete_test"
DESCRIPTION = "removes the test_mean cell (nbgrader puts it back: add_missing_cells)"
EXPECT = {"status": "graded", "score": 2.0}


def build(release, ctx):
    nb = mean_attack(release, "def mean(xs):\n    return 0")
    nb["cells"] = [c for c in nb["cells"]
                   if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != "test_mean"]
    return nb
