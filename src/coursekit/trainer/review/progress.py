"""Text lines for showing a grading run (the CLI prints them; the library never does).

>>> from coursekit.trainer.grade import GradeRun, TraineeResult
>>> r = TraineeResult("s01", "graded", 3.0, 4.0, seconds=1.5)
>>> progress_line(r, 3, 40)
'[ 3/40] ##................................  s01  graded 3/4  (1.5 s)'
>>> run = GradeRun("ps1", [r, TraineeResult("s02", "failed", reason="timeout", message="no result")],
...                sandbox="bwrap", workers=2, seconds=12.0)
>>> print("\\n".join(summary_lines(run)))
ps1: 2 trainees in 12.0 s with 2 workers (sandbox: bwrap)
  graded 1, skipped 0, failed 1
  FAILED s02: timeout — no result
"""

from __future__ import annotations

from typing import Any

BAR = 34


def _score(result: Any) -> str:
    if result.score is None:
        return ""
    return f" {result.score:g}/{result.max_score:g}" if result.max_score is not None else ""


def progress_line(result: Any, done: int, total: int) -> str:
    """One line per finished trainee: a bar, the trainee, status, score and time."""
    width = len(str(total))
    filled = int(BAR * done / total) if total else BAR
    status = result.status if result.status != "failed" else f"FAILED ({result.reason})"
    return (f"[{done:>{width}}/{total}] {'#' * filled}{'.' * (BAR - filled)}  "
            f"{result.student}  {status}{_score(result)}  ({result.seconds:.1f} s)")


def summary_lines(run: Any) -> list[str]:
    """Totals, any sandbox warning, every failed and every flagged trainee."""
    lines = [f"{run.assignment}: {len(run.results)} trainees in {run.seconds:.1f} s "
             f"with {run.workers} workers (sandbox: {run.sandbox})",
             f"  graded {len(run.graded)}, skipped {len(run.skipped)}, failed {len(run.failed)}"]
    lines += [f"  WARNING: {w}" for w in run.warnings]
    for result in run.failed:
        lines.append(f"  FAILED {result.student}: {result.reason} — {result.message}".rstrip(" —"))
    for result in run.results:
        if result.flags:
            lines.append(f"  REVIEW {result.student}: {', '.join(result.flags)}")
    return lines
