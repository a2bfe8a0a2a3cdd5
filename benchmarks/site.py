"""Time of the reading site's build against executing the chapters alone (goals: full <= 1.5x, rebuild <= 0.2x).

Baseline, measured in the same run: every chapter executed once with nbclient,
as ``coursekit site build`` runs them (``COURSEKIT_STATIC=1``), with nothing else.
Then, on a temporary copy of the course:

* a full build from nothing (no cache, no earlier build);
* a rebuild with nothing changed;
* a rebuild after one code cell of one chapter changed (``--chapter``, default
  chapter 1): that chapter runs again, the others come from the cache;
* a rebuild after one sentence of prose changed (no cell runs).

    python benchmarks/site.py [--chapter 01_concepts.ipynb]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit.site import build

ROOT = Path(__file__).resolve().parents[1]

GOAL_FULL, GOAL_REBUILD = 1.5, 0.2
COPIED = ("chapters", "datasets", "course/release", "solutions")


def execute_chapters(chapters: Path) -> float:
    start = time.perf_counter()
    for path in sorted(chapters.glob("[0-9]*.ipynb")):
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
    parser.add_argument("--chapter", default="01_concepts.ipynb", help="chapter whose cell is changed")
    args = parser.parse_args()
    os.environ["COURSEKIT_STATIC"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        course = copy_course(Path(tmp) / "course")
        out, work = Path(tmp) / "out", Path(tmp) / "work"
        baseline = execute_chapters(course / "chapters")
        print(f"{'baseline: execute the chapters (nbclient)':44s} {baseline:7.2f} s")
        full = timed("full build from nothing", course, out, work, baseline, clean=True)
        timed("rebuild, nothing changed", course, out, work, baseline)
        edit(course / "chapters" / args.chapter, "code")
        code = timed(f"rebuild, one code cell of {args.chapter}", course, out, work, baseline)
        edit(course / "chapters" / args.chapter, "markdown")
        timed(f"rebuild, one sentence of {args.chapter}", course, out, work, baseline)
    print(f"full build / chapters = {full / baseline:.2f} (goal <= {GOAL_FULL}); "
          f"one-cell rebuild / chapters = {code / baseline:.2f} (goal <= {GOAL_REBUILD})")


if __name__ == "__main__":
    main()
