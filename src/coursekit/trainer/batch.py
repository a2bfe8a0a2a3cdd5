"""Autograde a batch of simulated submissions in a private copy of a prepared course.

Used by :mod:`coursekit.trainer.check` (one batch per worker process): each
batch copies the course prepared by :func:`coursekit.trainer.build.generate`
(configuration, ``source/``, ``release/`` and the gradebook), writes the
submissions, runs nbgrader's ``autograde`` for each and reads the scores back
from the batch's own gradebook, so batches never share a database.
"""

from __future__ import annotations

import shutil
import time
import warnings
from pathlib import Path

from coursekit.trainer import build, notebooks

TIMESTAMP = "2024-01-01 00:00:00.000000 UTC"


def cell_errors(path: Path) -> dict[str, str]:
    """The error (``ename: evalue``) or stderr text of every code cell that shows one.

    Keyed by grade id (``cell <n>`` for cells without one); read from an
    autograded notebook. A missing file gives an empty dict.

    >>> cell_errors(Path("no/such/notebook.ipynb"))
    {}
    """
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    for index, cell in enumerate(notebooks.read(path).cells):
        label = notebooks.nbgrader_meta(cell).get("grade_id") or f"cell {index}"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                out[label] = f"{output.get('ename')}: {output.get('evalue')}"[:300]
                break
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                out[label] = "stderr output: " + output.get("text", "")[:200]
                break
    return out


def grade_batch(base: str, workspace: str, jobs: list[dict]) -> list[dict]:
    """Autograde ``jobs`` in ``workspace``, a private copy of the prepared course ``base``.

    Each job is ``{"assignment", "student", "notebooks": {file name: text}}``.
    Returns one dict per job: ``assignment``, ``student``, ``success`` and
    ``error`` (nbgrader never raises; its traceback lands here), ``scores``
    (grade cell → score), ``failures`` (cell that lost points → error shown),
    ``errors`` (``"<notebook>: <cell>"`` → error, any cell) and ``seconds``.
    Module-level so a ``spawn`` worker process can import it.
    """
    from nbgrader.api import Gradebook

    root = Path(workspace)
    shutil.copytree(base, root, ignore=shutil.ignore_patterns("solution", "submitted", "autograded"))
    for job in jobs:
        folder = root / "submitted" / job["student"] / job["assignment"]
        folder.mkdir(parents=True)
        for name, text in job["notebooks"].items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "timestamp.txt").write_text(TIMESTAMP, encoding="utf-8")
    results = []
    with build.nbgrader_environment(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy and deprecation chatter
        config = build.load_config(root, root=root)
        api = build.make_api(config)
        for job in jobs:
            start = time.perf_counter()
            outcome = api.autograde(job["assignment"], job["student"], force=True, create=True)
            result = {"assignment": job["assignment"], "student": job["student"],
                      "success": bool(outcome.get("success")),
                      "error": "" if outcome.get("success") else
                      (outcome.get("error") or outcome.get("log") or "autograde failed"),
                      "scores": {}, "failures": {}, "errors": {}}
            if result["success"]:
                with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
                    submission = gb.find_submission(job["assignment"], job["student"])
                    lost = set()
                    for nb in submission.notebooks:
                        for grade in nb.grades:
                            result["scores"][grade.name] = float(grade.score or 0.0)
                            if (grade.max_score or 0) > (grade.score or 0):
                                lost.add(grade.name)
                folder = root / "autograded" / job["student"] / job["assignment"]
                for name in job["notebooks"]:
                    errors = cell_errors(folder / name)
                    result["errors"].update({f"{name}: {k}": v for k, v in errors.items()})
                    result["failures"].update({k: v for k, v in errors.items() if k in lost})
            result["seconds"] = time.perf_counter() - start
            results.append(result)
    return results
