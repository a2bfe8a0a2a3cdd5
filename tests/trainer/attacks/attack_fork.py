"""Fork as many processes as possible."""

from tests.trainer.attacks import mean_attack

NAME = "x07_fork"
DESCRIPTION = "forks up to 100,000 sleeping children (stopped by the process limit)"
# forking is not cheating: the answers are right; the limit stops the fork loop
EXPECT = {"status": "graded", "score": 4.0, "output": "CHILDREN="}

CODE = '''\
import os, time
children = 0
try:
    for _ in range(100_000):
        pid = os.fork()
        if pid == 0:
            time.sleep(120)
            os._exit(0)
        children += 1
except OSError:
    pass
print("CHILDREN=%d" % children)

def mean(xs):
    return sum(xs) / len(xs)
'''


def build(release, ctx):
    return mean_attack(release, CODE)
