"""Edit test cells to ``pass`` and raise their points."""

from tests.trainer import coursefactory as cf

NAME = "x09_edit_test"
DESCRIPTION = "turns test_mean and test_total into `pass` with 100 points (restored from the gradebook)"
# mean and total wrong, rate right: only test_rate passes once the tests are restored
EXPECT = {"status": "graded", "score": 1.0}


def build(release, ctx):
    nb = cf.with_answers(release, {"mean_answer": "def mean(xs):\n    return 0",
                                   "total_answer": "total = 0",
                                   "rate_answer": cf.SOLUTION["rate_answer"]})
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") in ("test_mean", "test_total"):
            cell["source"] = "pass"
            meta["points"] = 100
    return nb
