"""Read the source notebook (hidden tests, solutions) and cheat if it is readable."""

from tests.trainer.attacks import mean_attack

NAME = "x01_read_source"
DESCRIPTION = "reads course/source and autograded notebooks to find the hidden tests"
EXPECT = {"status": "graded", "score": 2.0, "output": "STOLEN=False"}

CODE = '''\
import glob, os
COURSE = {course!r}

def _steal():
    paths = [os.path.join(COURSE, "source", "ps1", "ps1.ipynb")]
    for up in ("..", "../..", "../../..", "../../../.."):
        paths += glob.glob(os.path.join(up, "source", "*", "*.ipynb"))
        paths += glob.glob(os.path.join(up, "autograded", "*", "*", "*.ipynb"))
        paths += glob.glob(os.path.join(up, "submitted", "*", "*", "*.ipynb"))
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                if "hidden-mean-check" in handle.read():
                    return True
        except OSError:
            pass
    return False

STOLEN = _steal()
print("STOLEN=%s" % STOLEN)

def mean(xs):
    return sum(xs) / len(xs) if STOLEN else 0
'''


def build(release, ctx):
    return mean_attack(release, CODE.format(course=str(ctx["course"])))
