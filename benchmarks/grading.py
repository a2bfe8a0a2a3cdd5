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

    python benchmarks/grading.py [--students 40] [--workers N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from coursekit.trainer.grade import grade_assignment  # noqa: E402
from tests.trainer import coursefactory as cf  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/_work/grading")
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    template = WORK / "template"
    shutil.copytree(cf.FIXTURE, template)
    cf.generate(template)
    simulated_class(template, args.students)
    courses = {name: WORK / name for name in ("nbgrader", "coursekit", "nosandbox", "floor")}
    for course in courses.values():
        shutil.copytree(template, course)

    n = args.students
    t_serial = nbgrader_serial(courses["nbgrader"])
    started = time.perf_counter()
    run = grade_assignment(courses["coursekit"], cf.ASSIGNMENT, workers=args.workers)
    t_coursekit = time.perf_counter() - started
    started = time.perf_counter()
    grade_assignment(courses["nosandbox"], cf.ASSIGNMENT, workers=args.workers, sandbox="none")
    t_nosandbox = time.perf_counter() - started
    t_floor = nbclient_floor(courses["floor"])

    baseline = cf.gradebook_scores(courses["nbgrader"])
    ours = {r.student: r.score for r in run.results}
    same = baseline == ours and all(r.status == "graded" for r in run.results)

    print(f"simulated class: {n} submissions, {args.workers} workers, "
          f"{os.cpu_count()} CPUs, sandbox={run.sandbox}")
    print(f"nbgrader autograde (serial)      {t_serial:7.1f} s   {t_serial / n:5.2f} s/submission")
    print(f"coursekit grade (parallel)       {t_coursekit:7.1f} s   {t_coursekit / n:5.2f} s/submission")
    print(f"coursekit grade, no sandbox      {t_nosandbox:7.1f} s   {t_nosandbox / n:5.2f} s/submission")
    print(f"nbclient alone (serial floor)    {t_floor:7.1f} s   {t_floor / n:5.2f} s/submission")
    print(f"speed-up coursekit / nbgrader    {t_serial / t_coursekit:7.2f} x  (goal >= 1.8 on 2 cores)")
    print(f"sandbox cost                     {(t_coursekit - t_nosandbox) / n * args.workers:+7.2f} "
          "s per submission (worker time)")
    print("overhead over the floor, per submission (worker time):")
    print(f"  nbgrader serial                {(t_serial - t_floor) / n:+7.2f} s")
    print(f"  coursekit                      {(t_coursekit * args.workers - t_floor) / n:+7.2f} s")
    print(f"scores identical to nbgrader's   {same}")
    if not args.keep:
        shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps({"students": n, "workers": args.workers, "nbgrader_s": round(t_serial, 2),
                      "coursekit_s": round(t_coursekit, 2), "nosandbox_s": round(t_nosandbox, 2),
                      "nbclient_s": round(t_floor, 2),
                      "ratio": round(t_serial / t_coursekit, 2), "same_scores": same}))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
