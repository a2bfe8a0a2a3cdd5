"""Test the tests: grade the solution, the blank, every wrong and valid answer (and mutants) with nbgrader.

For every assignment :func:`check_course` verifies, by grading simulated
submissions in a scratch copy of the course (the course folder is only read)
exactly the way trainees' submissions are graded — through
:func:`coursekit.trainer.grade.grade_assignment`, in parallel worker processes
with each kernel in the sandbox — after checking that no hidden test, solution
or rubric line reached the freshly built student version (and no hidden test
the solutions):

1. the solution (the built ``solutions/`` notebook) scores full marks on every
   autograded test cell, and no cell of it raises or writes to stderr (self-learners
   run it top to bottom);
2. the released blank scores 0 on every autograded test cell;
3. each wrong answer of the bank (:mod:`coursekit.trainer.author.bank`) loses points
   on every test cell it names in ``must_fail``;
4. every autograded test cell loses points for at least one wrong answer;
5. each valid answer of the valid bank (a correct answer written another way)
   keeps full marks on every test cell and raises in no cell;
6. with ``mutants=True``, the mutants of the solution (:mod:`coursekit.trainer.author.mutants`)
   are killed: at least ``mutant_threshold`` of the non-equivalent ones lose
   points, and the reviewed list of equivalent mutants has no stale entry.

Per-cell scores come from the scratch gradebook and the error each cell
showed from the autograded notebooks; :mod:`coursekit.trainer.author.verdicts`
judges them.

>>> report = CheckReport(assignments=[AssignmentReport("a1", {"t1": 2.0})])
>>> report.ok, report.variants
(True, 2)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError
from coursekit.trainer import nbconfig, notebooks
from coursekit.trainer.author import bank as bank_mod
from coursekit.trainer.author import build, leaks
from coursekit.trainer.author import mutants as mutants_mod
from coursekit.trainer.author.verdicts import (
    AssignmentReport,
    CheckReport,
    Problem,
    VariantResult,
    format_report,
    judge_mutants,
    judge_variants,
)
from coursekit.trainer.grade import TraineeResult, grade_assignment

__all__ = ["AssignmentReport", "CheckReport", "Problem", "VariantResult", "check_course",
           "default_processes", "format_report"]

#: The submission time written for every simulated submission.
TIMESTAMP = "2024-01-01 00:00:00.000000 UTC"


def _student_id(kind: str, item: Any, number: int) -> str:
    if item is None:
        return f"check-{kind}"
    if kind == "mutant":  # mutant ids hold ':' '+' '/'; a number keeps student ids distinct
        return f"check-mutant-{number:04d}"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in item.id)
    return f"check-{kind}-{safe}"


def default_processes() -> int:
    """Worker processes used when not told: the CPU count, between 1 and 4."""
    return max(1, min(4, os.cpu_count() or 1))


def check_course(course_dir: str | Path, wrong_answer_bank: str | Path | Sequence[bank_mod.WrongAnswer],
                 *, valid_answers: str | Path | Sequence[bank_mod.ValidAnswer] | None = None,
                 assignments: Sequence[str] | None = None, processes: int | None = None,
                 workdir: str | Path | None = None, sandbox: str = "auto", mutants: bool = False,
                 equivalent: str | Path | dict[str, dict[str, str]] | None = None,
                 mutant_threshold: float = mutants_mod.DEFAULT_THRESHOLD,
                 progress: Callable[[str, TraineeResult, int, int], None] | None = None) -> CheckReport:
    """Grade solution, blank, every wrong and valid answer (and mutants) of each assignment; report failed checks.

    ``wrong_answer_bank`` and ``valid_answers`` are folders of YAML files (see
    :mod:`coursekit.trainer.author.bank`) or lists of
    :class:`~coursekit.trainer.author.bank.WrongAnswer` / :class:`~coursekit.trainer.author.bank.ValidAnswer`
    (``None``: no valid answers). ``assignments`` limits the check to some
    assignments; ``processes`` sets the number of grading workers (default
    :func:`default_processes`); ``sandbox`` is passed on to
    :func:`~coursekit.trainer.grade.grade_assignment` (``"auto"``: bubblewrap when
    it works); ``workdir`` keeps the scratch course there for inspection instead
    of a deleted temporary folder. ``mutants`` also grades the solution's mutants
    (:mod:`coursekit.trainer.author.mutants`), judged with the reviewed ``equivalent``
    mutants (a YAML file or its loaded mapping) against ``mutant_threshold``.
    ``progress(assignment, result, done, total)`` is called after each graded
    submission. The course folder is only read. Raises
    :class:`~coursekit.errors.ConfigError` for an unknown assignment or a
    malformed bank or equivalent file.
    """
    started = time.perf_counter()
    course_dir = Path(course_dir).resolve()
    known = build.list_assignments(course_dir)
    names = list(assignments) if assignments is not None else known
    unknown = [a for a in names if a not in known]
    if unknown:
        raise ConfigError(f"unknown assignment(s) {', '.join(unknown)}; "
                          f"course/source has: {', '.join(known) or 'none'}")
    wrong = (bank_mod.load_bank(wrong_answer_bank) if isinstance(wrong_answer_bank, (str, Path))
             else list(wrong_answer_bank))
    valid = (bank_mod.load_valid_bank(valid_answers) if isinstance(valid_answers, (str, Path))
             else list(valid_answers or []))
    equivalents = (mutants_mod.load_equivalent(equivalent) if isinstance(equivalent, (str, Path))
                   else dict(equivalent or {}))
    processes = processes or default_processes()
    sources = {a: [notebooks.read(p) for p in sorted((course_dir / "source" / a).glob("*.ipynb"))]
               for a in known}
    report = CheckReport(assignments=[], processes=processes)
    invalid = bank_mod.validate(wrong, sources)
    report.problems = [Problem(wa.assignment, "bank", msg, wrong_answer=wa.id) for wa, msg in invalid]
    invalid_valid = bank_mod.validate(valid, sources)
    report.problems += [Problem(va.assignment, "bank", msg, valid_answer=va.id) for va, msg in invalid_valid]
    bad_keys = {wa.key for wa, _ in [*invalid, *invalid_valid]}
    wrong = [w for w in wrong if w.assignment in names and w.key not in bad_keys]
    valid = [v for v in valid if v.assignment in names and v.key not in bad_keys]
    if mutants:
        report.problems += [Problem(a, "equivalent", f"the equivalent-mutant file names {a!r}, which is not an "
                                    "assignment of the course (stale entry)") for a in equivalents if a not in known]

    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as tmp:
        scratch = Path(workdir) if workdir is not None else Path(tmp)
        base = build.generate(course_dir, scratch / "base", names)
        cfg = nbconfig.load_config(base)
        report.problems.extend(_leak_problems(base, names, sources, nbconfig.markers(cfg)))
        coursedir = nbconfig.course_directory(cfg)
        for name in names:
            rep = AssignmentReport(name, _test_cells(sources[name]))
            mine = [w for w in wrong if w.assignment == name]
            variants: list[tuple[str, Any]] = [("solution", None), ("blank", None), *(("wrong", w) for w in mine),
                                               *(("valid", v) for v in valid if v.assignment == name)]
            mutant_list = (mutants_mod.generate(name, sources[name], nbconfig.markers(cfg)["solution"])
                           if mutants else [])
            variants += [("mutant", m) for m in mutant_list]
            kinds = _submit_variants(base, coursedir, name, variants)
            run = grade_assignment(base, name, workers=processes, sandbox=sandbox,
                                   progress=None if progress is None else _named(progress, name))
            report.sandbox = run.sandbox
            report.warnings.extend(w for w in run.warnings if w not in report.warnings)
            with nbconfig.open_gradebook(coursedir) as gb:
                for student, (kind, item) in kinds.items():
                    rep.add(_verdict(gb, coursedir, rep, run[student], kind, item))
            judge_variants(rep, {w.id: w for w in mine})
            if mutants:
                judge_mutants(rep, mutant_list, equivalents.get(name, {}), mutant_threshold,
                               Path(equivalent).name if isinstance(equivalent, (str, Path)) else "equivalent.yaml")
            report.assignments.append(rep)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _named(progress: Callable[[str, TraineeResult, int, int], Any], name: str
           ) -> Callable[[TraineeResult, int, int], None]:
    """``progress`` with the assignment's name as first argument."""
    def report(result: TraineeResult, done: int, total: int) -> None:
        progress(name, result, done, total)
    return report


def _leak_problems(base: Path, names: list[str], sources: dict[str, list[Any]],
                   markers: dict[str, tuple[str, str]]) -> list[Problem]:
    problems: list[Problem] = []
    for name in names:
        found = leaks.find_leaks(sources[name], [base / "release" / name], markers=markers)
        found += leaks.find_leaks(sources[name], [base / "solution" / name], kinds=("hidden", "rubric"),
                                  markers=markers)
        problems.extend(Problem(name, "leak", msg.replace(str(base) + os.sep, "")) for msg in found)
    return problems


def _test_cells(sources: list[Any]) -> dict[str, float]:
    return {gid: float(notebooks.nbgrader_meta(cell).get("points", 0))
            for nb in sources for gid, cell in notebooks.graded_cells(nb, "test")}


def _submit_variants(base: Path, coursedir: Any, name: str, variants: list[tuple[str, Any]]
                     ) -> dict[str, tuple[str, Any]]:
    """Hand in each variant (``(kind, wrong/valid answer or mutant)``) the way nbgrader collects them.

    Each submission is the released folder with its notebooks replaced: the
    blank keeps the released notebooks, every other kind is the solution with
    the variant's ``replace`` applied. Returns ``{student id: (kind, item)}`` in order.
    """
    release = base / "release" / name
    solution = {p.name: notebooks.read(p) for p in sorted((base / "solution" / name).glob("*.ipynb"))}
    kinds: dict[str, tuple[str, Any]] = {}
    for number, (kind, item) in enumerate(variants):
        student = _student_id(kind, item, number)
        kinds[student] = (kind, item)
        folder = Path(coursedir.format_path(coursedir.submitted_directory, student, name))
        shutil.copytree(release, folder, ignore=shutil.ignore_patterns("*.ipynb"))
        for file_name, nb in solution.items():
            text = (release / file_name).read_text(encoding="utf-8") if kind == "blank" else \
                notebooks.dumps(bank_mod.apply(item, nb) if item else nb)
            (folder / file_name).write_text(text, encoding="utf-8")
        (folder / "timestamp.txt").write_text(TIMESTAMP, encoding="utf-8")
    return kinds


def _verdict(gb: Any, coursedir: Any, rep: AssignmentReport, result: TraineeResult, kind: str,
             item: Any) -> VariantResult:
    """One graded submission: test-cell scores from the gradebook, errors from its autograded notebooks."""
    name, cells = rep.assignment, rep.test_cells
    ids = {f"{kind}_answer" if kind != "mutant" else "mutant": item.id} if item is not None else {}
    variant = VariantResult(name, result.student, kind, **ids,
                            success=result.status == "graded", seconds=round(result.seconds, 3),
                            scores=dict.fromkeys(cells, 0.0))
    if not variant.success:
        variant.error = f"{result.reason}: {result.message}"
        return variant
    folder = Path(coursedir.format_path(coursedir.autograded_directory, result.student, name))
    for notebook in gb.find_submission(name, result.student).notebooks:
        lost = set()
        for grade in notebook.grades:
            if grade.name in cells:
                variant.scores[grade.name] = float(grade.score or 0.0)
            if (grade.max_score or 0) > (grade.score or 0):
                lost.add(grade.name)
        errors = notebooks.cell_errors(folder / f"{notebook.name}.ipynb")
        variant.errors.update({f"{notebook.name}.ipynb: {cell}": why for cell, why in errors.items()})
        variant.failures.update({cell: why for cell, why in errors.items() if cell in lost and cell in cells})
    return variant
