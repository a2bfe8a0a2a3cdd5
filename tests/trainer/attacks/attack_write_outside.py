"""Write files outside the kernel's scratch folder."""

from tests.trainer.attacks import mean_attack

NAME = "x13_write_outside"
DESCRIPTION = "writes into course/source, the course root and a host folder"
EXPECT = {"status": "graded", "score": 2.0, "output": "WRITTEN=0"}

CODE = '''\
import os
written = 0
for folder in ({course!r} + "/source/ps1", {course!r}, {outside!r}, "../../..", "/usr/lib"):
    try:
        with open(os.path.join(folder, "PWNED.txt"), "w") as handle:
            handle.write("pwned")
        written += 1
    except OSError:
        pass
print("WRITTEN=%d" % written)

def mean(xs):
    return 0
'''


def build(release, ctx):
    return mean_attack(release, CODE.format(course=str(ctx["course"]),
                                            outside=str(ctx["outside"])))
