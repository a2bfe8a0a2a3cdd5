"""Send data to a server on the grading machine."""

from tests.trainer.attacks import mean_attack

NAME = "x12_network"
DESCRIPTION = "connects to a TCP port the grader's machine listens on"
EXPECT = {"status": "graded", "score": 2.0, "output": "NET=blocked"}

CODE = '''\
import socket
try:
    with socket.create_connection(("127.0.0.1", {port}), timeout=3) as conn:
        conn.sendall(b"LEAK")
    print("NET=open")
except OSError:
    print("NET=blocked")

def mean(xs):
    return 0
'''


def build(release, ctx):
    return mean_attack(release, CODE.format(port=int(ctx["port"])))
