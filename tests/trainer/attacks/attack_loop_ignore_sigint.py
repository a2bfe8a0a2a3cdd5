"""Loop forever and ignore interrupts, so every later cell times out too."""

from tests.trainer.attacks import mean_attack

NAME = "x04_loop_ignore_sigint"
DESCRIPTION = "ignores SIGINT then loops: the interrupt at the cell timeout has no effect"
# every cell after the loop times out: 0 points, or the trainee's time budget runs out
EXPECT = {"status": ("graded", "failed"), "score": (0.0, None), "reason": (None, "timeout")}


def build(release, ctx):
    code = ("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n    time.sleep(0.05)")
    return mean_attack(release, code)
