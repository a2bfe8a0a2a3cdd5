"""Benchmark: grading a class with coursekit versus plain serial nbgrader.

A simulated class of 40 submissions (the tiny course of
tests/trainer/fixtures, each answer importing pandas as real exercises do) is
graded in the same run

1. by plain ``nbgrader autograde ps1`` — serial, one process, no sandbox (baseline);
2. by ``coursekit.trainer.grade.grade_assignment`` — parallel workers, sandboxed;
3. by ``grade_assignment(..., sandbox="none")`` — to show what the sandbox costs;

and the same notebooks are executed with nbclient alone (a fresh kernel per
notebook, no nbgrader): the floor any grader pays per submission.

Prints the times, the speed-up ratio (goal: >= 1.8 on 2 cores) and the
per-submission overhead over the floor. Usage::

    python benchmarks/grading.py [--students 40] [--workers N] [--repeat R] [--no-guard]

The course config gets the off-limits guard's preprocessors (``coursekit.trainer.grade.trust``),
as the real course has them; ``--no-guard`` leaves them out to see what they cost.

With ``--repeat R`` the four methods run R times, in rotated order, and the
medians are reported (the machine may be shared; one round can mislead).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.trainer import coursefactory as cf  # noqa: E402

from coursekit.trainer.grade import SandboxWarning, grade_assignment  # noqa: E402

WORK = ROOT / "benchmarks" / "_work" / "grading"


def simulated_class(course: Path, students: int) -> None:
    """Submit ``students`` trainees: full, partial, wrong and blank answers in turn."""
    release = cf.release_notebook(course)
    partial = {**cf.SOLUTION, "rate_answer": "def rate(part, whole):\n    return part / whole"}
    wrong = {**cf.SOLUTION, "mean_answer": cf.WRONG_MEAN}
    profiles = [cf.SOLUTION, partial, wrong, {"total_answer": cf.SOLUTION["total_answer"]}]
    for i in range(students):
        answers = dict(profiles[i % len(profiles)])
        answers["mean_answer"] = "import pandas as pd\n\n" + answers.get(
            "mean_answer", "def mean(xs):\n    raise NotImplementedError()")
        cf.submit(course, f"s{i:03d}", cf.with_answers(release, answers))


def nbgrader_serial(course: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", cf.ASSIGNMENT,
                    "--log-level=ERROR"], cwd=course, env=cf.tool_env(), check=True,
                   capture_output=True)
    return time.perf_counter() - started


def nbclient_floor(course: Path) -> float:
    """Execute every submitted notebook with nbclient (fresh kernel each), serially."""
    import nbformat
    from nbclient import NotebookClient

    started = time.perf_counter()
    for folder in sorted((course / "submitted").iterdir()):
        path = folder / cf.ASSIGNMENT / f"{cf.ASSIGNMENT}.ipynb"
        nb = nbformat.read(str(path), as_version=4)
        NotebookClient(nb, timeout=60, allow_errors=True,
                       extra_arguments=["--IPKernelApp.log_level=ERROR"],
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - started


def one_round(template: Path, workers: int, order: int) -> dict:
    """Grade fresh copies of the class with all four methods; seconds and results per method.

    The methods run in an order rotated by ``order``, so a slow spell on a
    shared machine does not always fall on the same method.
    """
    round_dir = WORK / f"round{order}"
    courses = {name: round_dir / name for name in METHODS}
    for course in courses.values():
        shutil.copytree(template, course)

    def timed(name: str):
        started = time.perf_counter()
        if name == "nbgrader":
            nbgrader_serial(courses[name])
            value = None
        elif name == "floor":
            nbclient_floor(courses[name])
            value = None
        else:
            value = grade_assignment(courses[name], cf.ASSIGNMENT, workers=workers,
                                     sandbox="bwrap" if name == "coursekit" else "none")
        return time.perf_counter() - started, value

    seconds: dict[str, float] = {}
    runs: dict[str, object] = {}
    for name in METHODS[order % len(METHODS):] + METHODS[:order % len(METHODS)]:
        seconds[name], runs[name] = timed(name)
    baseline = cf.gradebook_scores(courses["nbgrader"])
    graded = runs["coursekit"]
    same = (baseline == {r.student: r.score for r in graded.results}
            and all(r.status == "graded" for r in graded.results))
    shutil.rmtree(round_dir, ignore_errors=True)
    return {"seconds": seconds, "same": same, "sandbox": graded.sandbox}


METHODS = ["nbgrader", "coursekit", "nosandbox", "floor"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-guard", action="store_true",
                        help="grade without the off-limits guard's preprocessors (as before issue 11)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of all four methods (medians are reported)")
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    template = WORK / "template"
    shutil.copytree(cf.FIXTURE, template)
    if not args.no_guard:
        # as course/nbgrader_config.py: the off-limits guard's trust cell and tamper scan run
        # in every method that goes through nbgrader (the nbclient floor has neither)
        with open(template / "nbgrader_config.py", "a", encoding="utf-8") as config:
            config.write("\nfrom coursekit.trainer.grade.trust import configure\nconfigure(c)\n")
    cf.generate(template)
    simulated_class(template, args.students)

    rounds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SandboxWarning)  # the no-sandbox run is deliberate
        for order in range(args.repeat):
            rounds.append(one_round(template, args.workers, order))
    n, w = args.students, args.workers
    med = {name: statistics.median(r["seconds"][name] for r in rounds) for name in METHODS}
    ratios = [r["seconds"]["nbgrader"] / r["seconds"]["coursekit"] for r in rounds]
    same = all(r["same"] for r in rounds)

    print(f"simulated class: {n} submissions, {w} workers, {os.cpu_count()} CPUs, "
          f"sandbox={rounds[0]['sandbox']}, {args.repeat} round(s), medians shown")
    labels = {"nbgrader": "nbgrader autograde (serial)", "coursekit": "coursekit grade (parallel)",
              "nosandbox": "coursekit grade, no sandbox", "floor": "nbclient alone (serial floor)"}
    for name in METHODS:
        print(f"{labels[name]:<32} {med[name]:7.1f} s   {med[name] / n:5.2f} s/submission")
    print(f"speed-up coursekit / nbgrader    {med['nbgrader'] / med['coursekit']:7.2f} x  "
          "(ratio of the medians; goal >= 1.8 on 2 cores)")
    if len(rounds) > 1:
        print("  per round                      " + ", ".join(f"{r:.2f}" for r in ratios))
    print(f"sandbox cost                     {(med['coursekit'] - med['nosandbox']) / n * w:+7.2f} "
          "s per submission (worker time)")
    print("overhead over the floor, per submission (worker time):")
    print(f"  nbgrader serial                {(med['nbgrader'] - med['floor']) / n:+7.2f} s")
    print(f"  coursekit                      {(med['coursekit'] * w - med['floor']) / n:+7.2f} s")
    print(f"scores identical to nbgrader's   {same}")
    shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps({"students": n, "workers": w, "rounds": args.repeat,
                      **{f"{name}_s": round(med[name], 2) for name in METHODS},
                      "ratio": round(med["nbgrader"] / med["coursekit"], 2),
                      "ratios": [round(r, 2) for r in ratios], "same_scores": same}))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
