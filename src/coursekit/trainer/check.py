"""Test the tests: grade the solution, the blank and every wrong answer with nbgrader.

For every assignment :func:`check_course` verifies, through nbgrader's own
``autograde`` in a scratch copy of the course (the course folder is only read),
after checking that no hidden test, solution or rubric line reached the freshly
built student version (and no hidden test the solutions):

1. the solution (the built ``solutions/`` notebook) scores full marks on every
   autograded test cell, and no cell of it raises or writes to stderr (self-learners
   run it top to bottom);
2. the released blank scores 0 on every autograded test cell;
3. each wrong answer of the bank (:mod:`coursekit.trainer.bank`) loses points
   on every test cell it names in ``must_fail``;
4. every autograded test cell loses points for at least one wrong answer.

Submissions are graded in a few worker processes (:mod:`coursekit.trainer.batch`),
each with its own copy of the gradebook (nbgrader changes the working directory,
so threads would not do).

>>> report = CheckReport(assignments=[AssignmentReport("a1", {"t1": 2.0})])
>>> report.ok, report.variants
(True, 2)
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError
from coursekit.trainer import bank as bank_mod
from coursekit.trainer import batch, build, leaks, notebooks

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
    failures: dict[str, str] = field(default_factory=dict)  # test cell -> error shown
    errors: dict[str, str] = field(default_factory=dict)  # "<notebook>: <cell>" -> error, any cell
    seconds: float = 0.0

    def lost(self, max_scores: dict[str, float]) -> list[str]:
        """Test cells where this submission scored below the maximum."""
        return [c for c, m in max_scores.items() if self.scores.get(c, 0.0) < m - 1e-9]


@dataclass
class Problem:
    """One failed check, e.g. a test cell that no wrong answer can fail."""

    assignment: str
    check: str  # solution | blank | wrong_answer | untested_cell | bank | nbgrader | leak
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
        """A JSON-friendly copy (e.g. to keep as a CI artefact)."""
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
    scratch course there for inspection instead of a deleted temporary folder.
    The course folder is only read. Raises :class:`~coursekit.errors.ConfigError`
    for an unknown assignment or a malformed bank file.
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
    processes = processes or default_processes()
    sources = {a: [notebooks.read(p) for p in sorted((course_dir / "source" / a).glob("*.ipynb"))]
               for a in known}
    report = CheckReport(assignments=[], processes=processes)
    invalid = bank_mod.validate(wrong, sources)
    report.problems = [Problem(wa.assignment, "bank", msg, wrong_answer=wa.id) for wa, msg in invalid]
    bad_keys = {wa.key for wa, _ in invalid}
    wrong = [w for w in wrong if w.assignment in names and w.key not in bad_keys]

    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as tmp:
        scratch = Path(workdir) if workdir is not None else Path(tmp)
        base = build.generate(course_dir, scratch / "base", names)
        report.problems.extend(_leak_problems(base, names, sources))
        jobs, meta = _jobs(base, names, wrong)
        results = _run(jobs, base, scratch, processes)

    for name in names:
        rep = _assemble(name, sources[name], meta, results)
        _judge(rep, {w.id: w for w in wrong if w.assignment == name})
        report.assignments.append(rep)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _leak_problems(base: Path, names: list[str], sources: dict[str, list[Any]]) -> list[Problem]:
    problems = []
    for name in names:
        found = leaks.find_leaks(sources[name], [base / "release" / name])
        found += leaks.find_leaks(sources[name], [base / "solution" / name], kinds=("hidden", "rubric"))
        problems.extend(Problem(name, "leak", msg.replace(str(base) + os.sep, "")) for msg in found)
    return problems


def _jobs(base: Path, names: list[str], wrong: list[bank_mod.WrongAnswer]) -> tuple[list[dict], dict]:
    """One job per simulated submission: solution, blank, and each wrong answer."""
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
            variants.append(("wrong", wa, {n: notebooks.dumps(bank_mod.apply(wa, nb)) for n, nb in solution.items()}))
        for kind, wa, nbs in variants:
            student = _student_id(kind, wa)
            jobs.append({"assignment": name, "student": student, "notebooks": nbs})
            meta[(name, student)] = (kind, wa)
    return jobs, meta


def _run(jobs: list[dict], base: Path, scratch: Path, processes: int) -> dict[tuple[str, str], dict]:
    """Grade all jobs in up to ``processes`` workers; results keyed by (assignment, student id)."""
    chunks = _split(jobs, processes)
    results: list[dict] = []
    if len(chunks) == 1:
        results = batch.grade_batch(str(base), str(scratch / "w0"), chunks[0])
    else:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(len(chunks), mp_context=context) as pool:
            futures = [pool.submit(batch.grade_batch, str(base), str(scratch / f"w{i}"), chunk)
                       for i, chunk in enumerate(chunks)]
            for future in futures:
                results.extend(future.result())
    return {(r["assignment"], r["student"]): r for r in results}


def _assemble(name: str, sources: list[Any], meta: dict, results: dict[tuple[str, str], dict]) -> AssignmentReport:
    test_cells = {gid: float(notebooks.nbgrader_meta(cell).get("points", 0))
                  for nb in sources for gid, cell in notebooks.graded_cells(nb, "test")}
    rep = AssignmentReport(assignment=name, test_cells=test_cells)
    for (a, student), (kind, wa) in meta.items():
        if a != name:
            continue
        raw = results[(a, student)]
        variant = VariantResult(assignment=a, student=student, kind=kind,
                                wrong_answer=wa.id if wa else None, success=raw["success"],
                                error=raw["error"], seconds=round(raw["seconds"], 3),
                                scores={c: raw["scores"].get(c, 0.0) for c in test_cells},
                                failures={c: m for c, m in raw["failures"].items() if c in test_cells},
                                errors=dict(raw["errors"]))
        if kind == "solution":
            rep.solution = variant
        elif kind == "blank":
            rep.blank = variant
        else:
            rep.wrong.append(variant)
    return rep


def _judge(rep: AssignmentReport, wrong: dict[str, bank_mod.WrongAnswer]) -> None:
    name, cells = rep.assignment, rep.test_cells
    for variant in [rep.solution, rep.blank, *rep.wrong]:
        if variant is not None and not variant.success:
            rep.problems.append(Problem(name, "nbgrader", f"autograde of {variant.student} failed: "
                                        f"{variant.error.strip().splitlines()[-1:]}",
                                        wrong_answer=variant.wrong_answer))
    if rep.solution is not None and rep.solution.success:
        for cell in rep.solution.lost(cells):
            why = rep.solution.failures.get(cell, "")
            rep.problems.append(Problem(name, "solution", f"solution scores {rep.solution.scores[cell]:g}"
                                        f" of {cells[cell]:g} on {cell}" + (f" ({why})" if why else ""),
                                        cell=cell))
    if rep.solution is not None and rep.solution.success:
        for where, why in rep.solution.errors.items():
            if where.split(": ", 1)[1] not in cells:  # test cells are reported above
                rep.problems.append(Problem(name, "solution", f"solution raises in {where}: {why}"))
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
