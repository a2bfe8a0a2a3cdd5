"""Test the tests: grade the solution, the blank and every wrong answer with nbgrader.

For every assignment :func:`check_course` verifies, through nbgrader's own
``autograde`` in a scratch copy of the course (the course folder is only read):

1. the solution (the built ``solutions/`` notebook) scores full marks on every
   autograded test cell;
2. the released blank scores 0 on every autograded test cell;
3. each wrong answer of the bank (:mod:`coursekit.trainer.bank`) loses points
   on every test cell it names in ``must_fail``;
4. every autograded test cell loses points for at least one wrong answer.

Submissions are graded in a few worker processes, each with its own copy of
the gradebook (nbgrader changes the working directory, so threads would not do).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coursekit.trainer import bank as bank_mod
from coursekit.trainer import build, notebooks

TIMESTAMP = "2024-01-01 00:00:00.000000 UTC"


@dataclass
class VariantResult:
    """nbgrader's verdict on one simulated submission."""

    assignment: str
    student: str
    kind: str  # "solution", "blank" or "wrong"
    wrong_answer: str | None = None
    success: bool = False
    error: str = ""
    scores: dict[str, float] = field(default_factory=dict)  # test cell -> score
    seconds: float = 0.0

    def lost(self, max_scores: dict[str, float]) -> list[str]:
        """Test cells where this submission scored below the maximum."""
        return [c for c, m in max_scores.items() if self.scores.get(c, 0.0) < m - 1e-9]


@dataclass
class Problem:
    """One failed check, e.g. a test cell that no wrong answer can fail."""

    assignment: str
    check: str  # solution | blank | wrong_answer | untested_cell | bank | nbgrader
    message: str
    cell: str | None = None
    wrong_answer: str | None = None


@dataclass
class AssignmentReport:
    """All verdicts for one assignment."""

    assignment: str
    test_cells: dict[str, float]  # autograded test cell -> points
    solution: VariantResult | None = None
    blank: VariantResult | None = None
    wrong: list[VariantResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def caught_by(self) -> dict[str, list[str]]:
        """For each test cell, the wrong answers that lost points on it."""
        out: dict[str, list[str]] = {c: [] for c in self.test_cells}
        for variant in self.wrong:
            for cell in variant.lost(self.test_cells):
                out[cell].append(variant.wrong_answer or variant.student)
        return out


@dataclass
class CheckReport:
    """Result of :func:`check_course`; ``ok`` is true when no check failed."""

    assignments: list[AssignmentReport]
    problems: list[Problem] = field(default_factory=list)  # bank-level problems
    processes: int = 1
    seconds: float = 0.0

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for a in self.assignments for p in a.problems)]

    @property
    def ok(self) -> bool:
        return not self.all_problems

    @property
    def variants(self) -> int:
        return sum(2 + len(a.wrong) for a in self.assignments)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly copy (for ``--json`` output or CI artefacts)."""
        data = asdict(self)
        data["ok"] = self.ok
        for item, report in zip(data["assignments"], self.assignments):
            item["caught_by"] = report.caught_by()
        return data


def _student_id(kind: str, wa: bank_mod.WrongAnswer | None = None) -> str:
    if wa is None:
        return f"check-{kind}"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in wa.id)
    return f"check-wrong-{safe}"


def _grade_batch(base: str, workspace: str, jobs: list[dict]) -> list[dict]:
    """Worker: autograde ``jobs`` in a private copy of the prepared course ``base``."""
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
    with build.nbgrader_environment():
        config = build.load_config(root, root=root)
        api = build.make_api(config)
        for job in jobs:
            start = time.perf_counter()
            outcome = api.autograde(job["assignment"], job["student"], force=True, create=True)
            result = {"student": job["student"], "success": bool(outcome.get("success")),
                      "error": "" if outcome.get("success") else
                      (outcome.get("error") or outcome.get("log") or "autograde failed"),
                      "scores": {}}
            if result["success"]:
                with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
                    submission = gb.find_submission(job["assignment"], job["student"])
                    for nb in submission.notebooks:
                        for grade in nb.grades:
                            result["scores"][grade.name] = float(grade.score or 0.0)
            result["seconds"] = time.perf_counter() - start
            results.append(result)
    return results


def _split(jobs: list[dict], parts: int) -> list[list[dict]]:
    chunks: list[list[dict]] = [[] for _ in range(max(1, parts))]
    for i, job in enumerate(jobs):
        chunks[i % len(chunks)].append(job)
    return [c for c in chunks if c]


def default_processes() -> int:
    """Worker processes used when not told: the CPU count, between 1 and 4."""
    return max(1, min(4, os.cpu_count() or 1))


def check_course(course_dir: str | Path, wrong_answer_bank: str | Path | Sequence[bank_mod.WrongAnswer],
                 *, assignments: Sequence[str] | None = None, processes: int | None = None,
                 workdir: str | Path | None = None) -> CheckReport:
    """Grade solution, blank and every wrong answer of each assignment; report failed checks.

    ``wrong_answer_bank`` is a folder of YAML files (see :mod:`coursekit.trainer.bank`)
    or a list of :class:`~coursekit.trainer.bank.WrongAnswer`. ``assignments``
    limits the check to some assignments; ``processes`` sets the number of
    grading workers (default :func:`default_processes`); ``workdir`` keeps the
    scratch course for inspection instead of a deleted temporary folder.
    """
    started = time.perf_counter()
    course_dir = Path(course_dir).resolve()
    names = list(assignments) if assignments is not None else build.list_assignments(course_dir)
    wrong = (bank_mod.load_bank(wrong_answer_bank) if isinstance(wrong_answer_bank, (str, Path))
             else list(wrong_answer_bank))
    processes = processes or default_processes()

    sources = {a: [notebooks.read(p) for p in sorted((course_dir / "source" / a).glob("*.ipynb"))]
               for a in build.list_assignments(course_dir)}
    report = CheckReport(assignments=[], processes=processes)
    invalid = bank_mod.validate(wrong, sources)
    report.problems = [Problem(wa.assignment, "bank", msg, wrong_answer=wa.id) for wa, msg in invalid]
    bad_keys = {wa.key for wa, _ in invalid}
    wrong = [w for w in wrong if w.assignment in names and w.key not in bad_keys]

    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as tmp:
        scratch = Path(workdir) if workdir is not None else Path(tmp)
        base = build.generate(course_dir, scratch / "base", names)
        jobs, meta = [], {}
        for name in names:
            nb_files = sorted((base / "solution" / name).glob("*.ipynb"))
            solution = {p.name: notebooks.read(p) for p in nb_files}
            blank = {p.name: (base / "release" / name / p.name).read_text(encoding="utf-8") for p in nb_files}
            variants: list[tuple[str, bank_mod.WrongAnswer | None, dict[str, str]]] = [
                ("solution", None, {n: notebooks.dumps(nb) for n, nb in solution.items()}),
                ("blank", None, blank),
            ]
            for wa in (w for w in wrong if w.assignment == name):
                variants.append(("wrong", wa, {n: notebooks.dumps(bank_mod.apply(wa, nb))
                                                for n, nb in solution.items()}))
            for kind, wa, nbs in variants:
                student = _student_id(kind, wa)
                jobs.append({"assignment": name, "student": student, "notebooks": nbs})
                meta[(name, student)] = (kind, wa)
        chunks = _split(jobs, processes)
        results: list[dict] = []
        if len(chunks) == 1:
            results = _grade_batch(str(base), str(scratch / "w0"), chunks[0])
        else:
            context = multiprocessing.get_context("spawn")
            with concurrent.futures.ProcessPoolExecutor(len(chunks), mp_context=context) as pool:
                futures = [pool.submit(_grade_batch, str(base), str(scratch / f"w{i}"), chunk)
                           for i, chunk in enumerate(chunks)]
                for future in futures:
                    results.extend(future.result())
        by_student = {r["student"]: r for r in results}

    for name in names:
        test_cells = {gid: float(notebooks.nbgrader_meta(cell).get("points", 0))
                      for nb in sources[name] for gid, cell in notebooks.graded_cells(nb, "test")}
        rep = AssignmentReport(assignment=name, test_cells=test_cells)
        for (a, student), (kind, wa) in meta.items():
            if a != name:
                continue
            raw = by_student[student]
            variant = VariantResult(assignment=a, student=student, kind=kind,
                                    wrong_answer=wa.id if wa else None, success=raw["success"],
                                    error=raw["error"], seconds=round(raw["seconds"], 3),
                                    scores={c: raw["scores"].get(c, 0.0) for c in test_cells})
            if kind == "solution":
                rep.solution = variant
            elif kind == "blank":
                rep.blank = variant
            else:
                rep.wrong.append(variant)
        _judge(rep, {w.id: w for w in wrong if w.assignment == name})
        report.assignments.append(rep)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _judge(rep: AssignmentReport, wrong: dict[str, bank_mod.WrongAnswer]) -> None:
    name, cells = rep.assignment, rep.test_cells
    for variant in [rep.solution, rep.blank, *rep.wrong]:
        if variant is not None and not variant.success:
            rep.problems.append(Problem(name, "nbgrader", f"autograde of {variant.student} failed: "
                                        f"{variant.error.strip().splitlines()[-1:]}",
                                        wrong_answer=variant.wrong_answer))
    if rep.solution is not None and rep.solution.success:
        for cell in rep.solution.lost(cells):
            rep.problems.append(Problem(name, "solution", f"solution scores {rep.solution.scores[cell]:g}"
                                        f" of {cells[cell]:g} on {cell}", cell=cell))
    if rep.blank is not None and rep.blank.success:
        for cell, score in rep.blank.scores.items():
            if score > 0:
                rep.problems.append(Problem(name, "blank", f"blank scores {score:g} on {cell}", cell=cell))
    for variant in rep.wrong:
        if not variant.success:
            continue
        lost = set(variant.lost(cells))
        for cell in wrong[variant.wrong_answer].must_fail:
            if cell not in lost:
                rep.problems.append(Problem(
                    name, "wrong_answer",
                    f"wrong answer {variant.wrong_answer!r} keeps full marks on {cell}",
                    cell=cell, wrong_answer=variant.wrong_answer))
    for cell, catchers in rep.caught_by().items():
        if not catchers:
            rep.problems.append(Problem(name, "untested_cell",
                                        f"no wrong answer loses points on {cell}", cell=cell))


def format_report(report: CheckReport) -> str:
    """A plain-text summary of a :class:`CheckReport` (the CLI prints it)."""
    lines = []
    for rep in report.assignments:
        total = sum(rep.test_cells.values())
        sol = sum(rep.solution.scores.values()) if rep.solution else float("nan")
        blank = sum(rep.blank.scores.values()) if rep.blank else float("nan")
        caught = rep.caught_by()
        lines.append(f"{rep.assignment}: {len(rep.test_cells)} test cells, {total:g} points; "
                     f"solution {sol:g}, blank {blank:g}, {len(rep.wrong)} wrong answers")
        for cell in rep.test_cells:
            lines.append(f"  {cell:<28} caught by {len(caught[cell])}: {', '.join(caught[cell]) or '-'}")
    problems = report.all_problems
    lines.append(f"{report.variants} submissions graded in {report.seconds:g} s "
                 f"with {report.processes} process(es): "
                 + ("all checks passed" if not problems else f"{len(problems)} problem(s)"))
    lines.extend(f"  [{p.check}] {p.assignment}: {p.message}" for p in problems)
    return "\n".join(lines)
