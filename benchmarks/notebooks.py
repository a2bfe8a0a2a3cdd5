"""Execution time of every chapter notebook (goal: all chapters together <= 60 s on 2 cores).

Baseline measured in the same run: an empty notebook (kernel start-up and
shutdown only), so the per-chapter cost beyond a bare kernel is visible.

    python benchmarks/notebooks.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("pass")]
    baseline = statistics.median(run(empty, ROOT) for _ in range(3))
    print(f"baseline (empty notebook, kernel start/stop): {baseline:6.2f} s")

    total = 0.0
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        times = [run(nbformat.read(path, as_version=4), path.parent) for _ in range(args.repeat)]
        seconds = statistics.median(times)
        total += seconds
        print(f"{path.name:32s} {seconds:6.2f} s   ({seconds / baseline:5.1f}x the empty notebook)")
    print(f"{'all chapters':32s} {total:6.2f} s   budget {BUDGET_SECONDS:.0f} s, "
          f"ratio to budget {total / BUDGET_SECONDS:.2f} ({'within' if total <= BUDGET_SECONDS else 'OVER'} budget)")


if __name__ == "__main__":
    main()
