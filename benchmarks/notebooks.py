"""Execution time of every chapter notebook (goal: all chapters together <= 60 s on 2 cores).

Baseline measured in the same run: an empty notebook (kernel start-up and
shutdown only), so the per-chapter cost beyond a bare kernel is visible. With
``--against REV`` the chapters of that git revision are run too, in the same
run, and the ratio of the two totals is printed (e.g. ``--against HEAD~20`` to
see what a series of chapter changes cost).

    python benchmarks/notebooks.py [--repeat N] [--against REV]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 60.0


def run(notebook: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no TCP-encryption notice
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def run_chapters(folder: Path, repeat: int, baseline: float, label: str) -> float:
    total = 0.0
    for path in sorted(folder.glob("*.ipynb")):
        times = [run(nbformat.read(path, as_version=4), path.parent) for _ in range(repeat)]
        seconds = statistics.median(times)
        total += seconds
        print(f"{label}{path.name:32s} {seconds:6.2f} s   ({seconds / baseline:5.1f}x the empty notebook)")
    return total


def chapters_at(revision: str, into: Path) -> Path:
    """The chapters/ folder of a git revision, extracted under ``into``."""
    archive = subprocess.run(["git", "archive", revision, "chapters"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "chapters"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--against", metavar="REV", help="also run the chapters of this git revision")
    args = parser.parse_args()

    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("pass")]
    baseline = statistics.median(run(empty, ROOT) for _ in range(3))
    print(f"baseline (empty notebook, kernel start/stop): {baseline:6.2f} s")

    total = run_chapters(ROOT / "chapters", args.repeat, baseline, "")
    print(f"{'all chapters':32s} {total:6.2f} s   budget {BUDGET_SECONDS:.0f} s, "
          f"ratio to budget {total / BUDGET_SECONDS:.2f} ({'within' if total <= BUDGET_SECONDS else 'OVER'} budget)")
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            before = run_chapters(chapters_at(args.against, Path(tmp)), args.repeat, baseline, f"{args.against}: ")
        print(f"{'chapters at ' + args.against:32s} {before:6.2f} s   now / then = {total / before:.2f}")


if __name__ == "__main__":
    main()
