"""Time of the reading site's build against executing the chapters alone (goals: full <= 1.5x, rebuild <= 0.2x).

Baseline, measured in the same run: every chapter executed once with nbclient,
as ``coursekit site build`` runs them (``COURSEKIT_STATIC=1``), with nothing else.
Then, on a temporary copy of the course:

* a full build from nothing (no cache, no earlier build);
* a rebuild with nothing changed;
* for each chapter in turn, a rebuild after one of its code cells changed: that
  chapter runs again, the others come from the cache. The median over the
  chapters is the figure compared with the goal; the largest chapter is shown
  too (a rebuild cannot be faster than running the changed chapter itself);
* a rebuild after one sentence of prose changed (no cell runs).

    python benchmarks/site.py [--chapters 00_start_here.ipynb,01_concepts.ipynb]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit.site import build

ROOT = Path(__file__).resolve().parents[1]

GOAL_FULL, GOAL_REBUILD = 1.5, 0.2
COPIED = ("chapters", "datasets", "course/release", "solutions")


def chapters(course: Path) -> list[Path]:
    return sorted((course / "chapters").glob("[0-9]*.ipynb"))


def execute_chapters(course: Path) -> float:
    start = time.perf_counter()
    for path in chapters(course):
        NotebookClient(nbformat.read(path, as_version=4), timeout=600, kernel_name="python3",
                       extra_arguments=["--IPKernelApp.log_level=ERROR"],
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def copy_course(into: Path) -> Path:
    for part in COPIED:
        shutil.copytree(ROOT / part, into / part)
    return into


def edit(path: Path, kind: str) -> None:
    """Change one cell of ``kind`` ("code": a comment line added to the middle code cell; "markdown": a word)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == kind]
    cell = cells[len(cells) // 2]
    source = "".join(cell["source"])
    cell["source"] = source + ("\n# benchmark edit" if kind == "code" else "\n\n（改动一句话。）")
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")


def timed(label: str, course: Path, out: Path, work: Path, baseline: float, *, clean: bool = False) -> float:
    start = time.perf_counter()
    build(course, out, work, clean=clean)
    seconds = time.perf_counter() - start
    print(f"{label:44s} {seconds:7.2f} s   {seconds / baseline:5.2f}x the chapters")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", default="", help="comma-separated chapters to change (default: all)")
    args = parser.parse_args()
    os.environ["COURSEKIT_STATIC"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        course = copy_course(Path(tmp) / "course")
        out, work = Path(tmp) / "out", Path(tmp) / "work"
        baseline = execute_chapters(course)
        print(f"{'baseline: execute the chapters (nbclient)':44s} {baseline:7.2f} s")
        full = timed("full build from nothing", course, out, work, baseline, clean=True)
        timed("rebuild, nothing changed", course, out, work, baseline)
        names = args.chapters.split(",") if args.chapters else [p.name for p in chapters(course)]
        rebuilds = {}
        for name in names:
            edit(course / "chapters" / name, "code")
            rebuilds[name] = timed(f"rebuild, one code cell of {name}", course, out, work, baseline)
        edit(course / "chapters" / names[0], "markdown")
        timed(f"rebuild, one sentence of {names[0]}", course, out, work, baseline)
    median = statistics.median(rebuilds.values())
    slowest = max(rebuilds, key=rebuilds.__getitem__)
    print(f"full build / chapters = {full / baseline:.2f} (goal <= {GOAL_FULL}); one-cell rebuild / chapters: "
          f"median {median / baseline:.2f} (goal <= {GOAL_REBUILD}), largest {rebuilds[slowest] / baseline:.2f} "
          f"({slowest})")


if __name__ == "__main__":
    main()
