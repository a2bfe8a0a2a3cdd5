"""Write the gradebook: zero everybody's grades with an SQL UPDATE."""

from tests.trainer.attacks import mean_attack

NAME = "x02_gradebook"
DESCRIPTION = "opens gradebook.db with sqlite3 and sets every grade's manual score to 0"
EXPECT = {"status": "graded", "score": 2.0, "output": "TAMPERED=False"}

CODE = '''\
import os, sqlite3
TAMPERED = False
for db in (os.path.join({course!r}, "gradebook.db"), "../../../gradebook.db", "../gradebook.db"):
    if os.path.exists(db):
        try:
            con = sqlite3.connect(db, timeout=30)
            con.execute("UPDATE grade SET manual_score = 0")
            con.commit()
            con.close()
            TAMPERED = True
        except sqlite3.Error as exc:
            print("sqlite error:", exc)
print("TAMPERED=%s" % TAMPERED)

def mean(xs):
    return 0
'''


def build(release, ctx):
    return mean_attack(release, CODE.format(course=str(ctx["course"])))
