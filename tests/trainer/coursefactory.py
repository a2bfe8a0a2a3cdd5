"""Build throw-away nbgrader courses with simulated trainees for the trainer tests.

The course in ``fixtures/course`` has one assignment ``ps1`` with three tasks
(4 points): ``mean`` (test_mean, 2 points, visible + hidden asserts),
``total`` from ``data.csv`` (test_total, 1 point) and ``rate`` (test_rate,
1 point, hidden only).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

from coursekit.trainer.nbconfig import ensure_tool_path

FIXTURE = Path(__file__).parent / "fixtures" / "course"
ASSIGNMENT = "ps1"
MAX_SCORE = 4.0

#: Correct answers per solution cell (grade id -> source).
SOLUTION = {
    "mean_answer": "def mean(xs):\n    return sum(xs) / len(xs)",
    "total_answer": ('import csv\n\nwith open("data.csv", encoding="utf-8") as handle:\n'
                     '    rows = list(csv.DictReader(handle))\n'
                     'total = sum(int(row["n"]) for row in rows)'),
    "rate_answer": "def rate(part, whole):\n    return part / whole if whole else 0.0",
}
WRONG_MEAN = "def mean(xs):\n    return 0"

#: Honest simulated trainees: answers and the exact score each must get.
HONEST = {
    "h1_full": (dict(SOLUTION), 4.0),
    "h2_partial": ({**SOLUTION, "rate_answer": "def rate(part, whole):\n    return part / whole"},
                   3.0),
    "h3_blank": ({}, 0.0),
    "h4_total_only": ({"total_answer": SOLUTION["total_answer"]}, 1.0),
}


def tool_env() -> dict[str, str]:
    """Environment for nbgrader commands: this Python's bin/ first on PATH (alembic)."""
    env = ensure_tool_path()
    env.pop("NBGRADER_EXECUTION", None)
    return env


def generate(course: Path) -> None:
    """Run ``nbgrader generate_assignment`` (creates release/ and the gradebook)."""
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT,
                    "--force", "--log-level=ERROR"],
                   cwd=course, env=tool_env(), check=True, capture_output=True)


def new_course(template: Path, dest: Path) -> Path:
    """Copy a generated course (without submissions or grades) to ``dest``."""
    shutil.copytree(template, dest, ignore=shutil.ignore_patterns(
        "submitted", "autograded", "feedback", ".coursekit"))
    return dest


def release_notebook(course: Path) -> dict:
    """The released ``ps1.ipynb`` as a plain dict."""
    path = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def with_answers(release: dict, answers: dict[str, str]) -> dict:
    """A copy of the released notebook with some solution cells filled in."""
    nb = copy.deepcopy(release)
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return nb


def submit(course: Path, student: str, notebook: dict | bytes,
           timestamp: str = "2024-05-06 09:30:00.000000 UTC") -> Path:
    """Write a submission the way nbgrader collects it (notebook, data file, timestamp)."""
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    for extra in (course / "release" / ASSIGNMENT).iterdir():
        if extra.suffix != ".ipynb":
            shutil.copyfile(extra, folder / extra.name)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(notebook, bytes):
        target.write_bytes(notebook)
    else:
        target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    return folder


def submit_honest(course: Path, names: list[str] | None = None) -> dict[str, float]:
    """Submit the honest trainees; return their expected scores."""
    release = release_notebook(course)
    expected = {}
    for name, (answers, score) in HONEST.items():
        if names is None or name in names:
            submit(course, name, with_answers(release, answers))
            expected[name] = score
    return expected


def autograded_text(course: Path, student: str) -> str:
    """The trainee's autograded notebook as text ('' if absent)."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def gradebook_scores(course: Path) -> dict[str, float]:
    """Total score per trainee straight from the gradebook (nbgrader's API)."""
    from nbgrader.api import Gradebook

    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url, "coursekit-trainer-tests") as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(ASSIGNMENT)}
