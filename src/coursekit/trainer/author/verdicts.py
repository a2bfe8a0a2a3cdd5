"""The verdicts of :func:`~coursekit.trainer.author.check.check_course`: reports, judging, the text summary.

A :class:`CheckReport` holds one :class:`AssignmentReport` per assignment; the
judges turn graded :class:`VariantResult` s into :class:`Problem` s.

>>> rep = AssignmentReport("a1", {"t1": 2.0})
>>> rep.add(VariantResult("a1", "check-blank", "blank", success=True, scores={"t1": 0.0}))
>>> judge_variants(rep, {})
>>> [p.check for p in rep.problems]
['untested_cell']
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from coursekit.trainer.author import bank as bank_mod
from coursekit.trainer.author import mutants as mutants_mod


@dataclass
class VariantResult:
    """nbgrader's verdict on one simulated submission."""

    assignment: str
    student: str
    kind: str  # "solution", "blank", "wrong", "valid" or "mutant"
    wrong_answer: str | None = None
    valid_answer: str | None = None
    mutant: str | None = None
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
    check: str  # solution | blank | wrong_answer | untested_cell | valid_answer | mutants | equivalent
    #            | bank | nbgrader | leak
    message: str
    cell: str | None = None
    wrong_answer: str | None = None
    valid_answer: str | None = None
    mutant: str | None = None


@dataclass
class AssignmentReport:
    """All verdicts for one assignment."""

    assignment: str
    test_cells: dict[str, float]  # autograded test cell -> points
    solution: VariantResult | None = None
    blank: VariantResult | None = None
    wrong: list[VariantResult] = field(default_factory=list)
    valid: list[VariantResult] = field(default_factory=list)
    mutants: list[VariantResult] = field(default_factory=list)
    mutation: mutants_mod.MutationSummary | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, variant: VariantResult) -> None:
        """File a graded submission under ``solution``, ``blank``, ``wrong``, ``valid`` or ``mutants``."""
        if variant.kind in ("solution", "blank"):
            setattr(self, variant.kind, variant)
        else:
            {"wrong": self.wrong, "valid": self.valid, "mutant": self.mutants}[variant.kind].append(variant)

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
    sandbox: str = "none"  # how the submissions' kernels ran: "bwrap" or "none"
    warnings: list[str] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for a in self.assignments for p in a.problems)]

    @property
    def ok(self) -> bool:
        return not self.all_problems

    @property
    def variants(self) -> int:
        return sum(2 + len(a.wrong) + len(a.valid) + len(a.mutants) for a in self.assignments)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly copy (e.g. to keep as a CI artefact)."""
        data = asdict(self)
        data["ok"] = self.ok
        for item, report in zip(data["assignments"], self.assignments, strict=True):
            item["caught_by"] = report.caught_by()
            if report.mutation is not None:
                m = report.mutation
                item["mutation"].update(total=m.total, killed=m.killed, equivalent=m.equivalent,
                                        survived=len(m.survivors), share=m.share)
        return data


def judge_variants(rep: AssignmentReport, wrong: dict[str, bank_mod.WrongAnswer]) -> None:
    """File the problems of the graded solution, blank, wrong and valid answers in ``rep.problems``."""
    name, cells = rep.assignment, rep.test_cells
    for variant in [rep.solution, rep.blank, *rep.wrong, *rep.valid]:
        if variant is not None and not variant.success:
            rep.problems.append(Problem(name, "nbgrader", f"autograde of {variant.student} failed: "
                                        f"{variant.error.strip().splitlines()[-1:]}",
                                        wrong_answer=variant.wrong_answer, valid_answer=variant.valid_answer))
    for variant in rep.valid:
        if variant.success:
            _judge_valid(rep, variant)
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
        for cell in wrong[variant.wrong_answer or ""].must_fail:
            if cell not in lost:
                rep.problems.append(Problem(
                    name, "wrong_answer",
                    f"wrong answer {variant.wrong_answer!r} keeps full marks on {cell}",
                    cell=cell, wrong_answer=variant.wrong_answer))
    for cell, catchers in rep.caught_by().items():
        if not catchers:
            rep.problems.append(Problem(name, "untested_cell",
                                        f"no wrong answer loses points on {cell}", cell=cell))


def _judge_valid(rep: AssignmentReport, variant: VariantResult) -> None:
    """A valid answer must keep full marks on every test cell and raise in no other cell."""
    name, cells, vid = rep.assignment, rep.test_cells, variant.valid_answer
    for cell in variant.lost(cells):
        why = variant.failures.get(cell, "")
        rep.problems.append(Problem(name, "valid_answer", f"valid answer {vid!r} scores {variant.scores[cell]:g} "
                                    f"of {cells[cell]:g} on {cell}" + (f" ({why})" if why else ""),
                                    cell=cell, valid_answer=vid))
    for where, why in variant.errors.items():
        if where.split(": ", 1)[1] not in cells:
            rep.problems.append(Problem(name, "valid_answer", f"valid answer {vid!r} raises in {where}: {why}",
                                        valid_answer=vid))


def judge_mutants(rep: AssignmentReport, mutants: list[mutants_mod.Mutant], equivalent: dict[str, str],
                   threshold: float, equivalent_file: str) -> None:
    """Killed, survived or equivalent for each mutant; problems for the threshold and stale entries."""
    graded = {v.mutant: v for v in rep.mutants if v.mutant is not None}
    verdicts = {m: (v.lost(rep.test_cells) if v.success else [], "" if v.success else v.error.strip()[-200:])
                for m, v in graded.items()}
    rep.mutation = mutants_mod.judge(rep.assignment, mutants, verdicts, equivalent, threshold,
                                     seconds={m: v.seconds for m, v in graded.items()})
    rep.problems += [Problem(rep.assignment, check, message, mutant=mutant)
                     for check, message, mutant in rep.mutation.problems(equivalent_file)]


def format_report(report: CheckReport) -> str:
    """A plain-text summary of a :class:`CheckReport` (the CLI prints it)."""
    lines = []
    for rep in report.assignments:
        total = sum(rep.test_cells.values())
        sol = sum(rep.solution.scores.values()) if rep.solution else float("nan")
        blank = sum(rep.blank.scores.values()) if rep.blank else float("nan")
        caught = rep.caught_by()
        lines.append(f"{rep.assignment}: {len(rep.test_cells)} test cells, {total:g} points; "
                     f"solution {sol:g}, blank {blank:g}, {len(rep.wrong)} wrong answers, "
                     f"{len(rep.valid)} valid answers")
        for cell in rep.test_cells:
            lines.append(f"  {cell:<28} caught by {len(caught[cell])}: {', '.join(caught[cell]) or '-'}")
    mutations = [rep.mutation for rep in report.assignments if rep.mutation is not None]
    if mutations:
        lines.append("mutation testing (survivors keep full marks; review them, or list an equivalent one "
                     "in tests/course/mutants/equivalent.yaml):")
        for summary in mutations:
            lines.extend("  " + line for line in mutants_mod.format_summary(summary))
    problems = report.all_problems
    lines.append(f"{report.variants} submissions graded in {report.seconds:g} s "
                 f"with {report.processes} process(es): "
                 + ("all checks passed" if not problems else f"{len(problems)} problem(s)"))
    lines.extend(f"  WARNING: {w}" for w in report.warnings)
    lines.extend(f"  [{p.check}] {p.assignment}: {p.message}" for p in problems)
    return "\n".join(lines)
