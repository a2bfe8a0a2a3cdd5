"""CLI for trainers: ``coursekit course build|check``, ``grade``, ``report``, ``export``, ``feedback``.

Thin: parse, call :mod:`coursekit.trainer`, print. Heavy imports (nbgrader) happen
inside the handlers so ``coursekit --help`` stays fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def _find_course(explicit: str | None) -> Path:
    """The course folder: ``--course``, else ``./course`` or the current folder if it is one."""
    if explicit:
        return Path(explicit)
    here = Path.cwd()
    for candidate in (here / "course", here):
        if (candidate / "nbgrader_config.py").is_file():
            return candidate
    return here / "course"


def _course_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--course", metavar="DIR",
                        help="nbgrader course folder (default: ./course, or . if it has nbgrader_config.py)")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    course = subparsers.add_parser("course", help="build the student versions and check the tests")
    course_sub = course.add_subparsers(dest="course_command", metavar="ACTION")

    build = course_sub.add_parser("build", help="regenerate course/release and solutions/ from course/source")
    _course_arg(build)
    build.add_argument("--solutions", metavar="DIR", help="solutions folder (default: <course>/../solutions)")
    build.add_argument("--check-only", action="store_true",
                       help="do not write; exit 1 if the built files are stale")
    build.set_defaults(func=_build)

    check = course_sub.add_parser("check", help="test the tests: solution, blank, wrong and valid answers, mutants")
    _course_arg(check)
    check.add_argument("--bank", metavar="DIR",
                       help="wrong-answer bank (default: <course>/../tests/course/wrong_answers)")
    check.add_argument("--valid-bank", metavar="DIR",
                       help="valid-answer bank (default: <course>/../tests/course/valid_answers)")
    check.add_argument("--mutants", action="store_true",
                       help="also grade mutants of the solutions; each must lose points (slow)")
    check.add_argument("--mutant-threshold", type=float, default=None, metavar="SHARE",
                       help="share of non-equivalent mutants that must be killed (default 0.90)")
    check.add_argument("--equivalent", metavar="FILE",
                       help="reviewed equivalent mutants (default: <course>/../tests/course/mutants/equivalent.yaml)")
    check.add_argument("--mutants-json", metavar="FILE",
                       help="write the verdict on every mutant as JSON (implies --mutants)")
    check.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    check.add_argument("--processes", type=int, help="grading worker processes")
    check.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                       help="grade as `coursekit grade` does (default: bubblewrap when it works)")
    check.set_defaults(func=_check)
    course.set_defaults(func=lambda args: (course.print_help(), 1)[1])

    grade = _assignment_command(subparsers, "grade", "autograde a class in parallel, sandboxed", _grade)
    grade.add_argument("--student", action="append", help="only this trainee (repeatable)")
    grade.add_argument("--workers", type=int, help="worker processes (default: number of cores)")
    grade.add_argument("--force", action="store_true", help="grade again trainees already graded")
    grade.add_argument("--timeout", type=float,
                       help="per-cell time limit in seconds (default: the course's, else SandboxPolicy's)")
    grade.add_argument("--memory-mb", type=int,
                       help="memory limit per kernel in MB (default: SandboxPolicy.memory_mb)")
    grade.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto")
    grade.add_argument("--feedback", action="store_true", help="also write feedback HTML")

    report = _assignment_command(subparsers, "report", "item-analysis report (HTML) for an assignment",
                                 _report)
    report.add_argument("--output", metavar="FILE", help="HTML file (default: <course>/reports/<assignment>.html)")

    export = _assignment_command(subparsers, "export", "grade sheet as .csv or .xlsx (Chinese headers)",
                                 _export)
    export.add_argument("output", metavar="FILE", help="e.g. grades.xlsx or grades.csv")

    feedback = _assignment_command(subparsers, "feedback", "feedback HTML per trainee (hidden tests removed)",
                                   _feedback)
    feedback.add_argument("--student", action="append", help="only this trainee (repeatable)")


def _assignment_command(subparsers: argparse._SubParsersAction, name: str, help_text: str,
                        func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """A subcommand ``coursekit <name> <assignment> [--course DIR]`` run by ``func``."""
    parser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("assignment")
    _course_arg(parser)
    parser.set_defaults(func=func)
    return parser


def _build(args: argparse.Namespace) -> int:
    from coursekit.trainer.author.build import build_course, stale_files

    course = _find_course(args.course)
    solutions = Path(args.solutions) if args.solutions else course.parent / "solutions"
    if args.check_only:
        problems = stale_files(course, solutions)
        for line in problems:
            print(f"stale: {line}")
        print("built files are up to date" if not problems else
              f"{len(problems)} stale file(s): run `coursekit course build`")
        return 1 if problems else 0
    result = build_course(course, solutions)
    print(f"built {len(result.assignments)} assignment(s): {', '.join(result.assignments)}")
    print(f"  written: {len(result.written)} file(s), removed: {len(result.removed)} file(s)")
    return 0


def _check(args: argparse.Namespace) -> int:
    import json
    import sys

    from coursekit.errors import ConfigError
    from coursekit.trainer.author import mutants
    from coursekit.trainer.author.check import check_course, format_report

    course = _find_course(args.course)
    tests = course.parent / "tests" / "course"
    bank = Path(args.bank) if args.bank else tests / "wrong_answers"
    valid = Path(args.valid_bank) if args.valid_bank else tests / "valid_answers"
    equivalent = Path(args.equivalent) if args.equivalent else tests / "mutants" / "equivalent.yaml"
    threshold = mutants.DEFAULT_THRESHOLD if args.mutant_threshold is None else args.mutant_threshold
    if not 0 <= threshold <= 1:
        raise ConfigError(f"--mutant-threshold must be a share between 0 and 1, not {threshold}")
    run_mutants = args.mutants or bool(args.mutants_json)

    def progress(assignment: str, result, done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            print(f"  {assignment}: {done}/{total} submissions graded", file=sys.stderr, flush=True)

    report = check_course(course, bank, valid_answers=valid, assignments=args.assignment,
                          processes=args.processes, sandbox=args.sandbox, mutants=run_mutants,
                          equivalent=equivalent, mutant_threshold=threshold,
                          progress=progress if run_mutants else None)
    print(format_report(report))
    if args.mutants_json:
        rows = mutants.result_rows(a.mutation for a in report.assignments if a.mutation is not None)
        Path(args.mutants_json).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"mutant verdicts written: {args.mutants_json}")
    return 0 if report.ok else 1


def _grade(args: argparse.Namespace) -> int:
    from coursekit.trainer.grade import grade_assignment
    from coursekit.trainer.review.progress import progress_line, summary_lines

    course = _find_course(args.course)
    run = grade_assignment(course, args.assignment, students=args.student, workers=args.workers,
                           force=args.force, timeout=args.timeout, memory_mb=args.memory_mb,
                           sandbox=args.sandbox,
                           progress=lambda result, done, total: print(progress_line(result, done, total),
                                                                      flush=True))
    print("\n".join(summary_lines(run)))
    if args.feedback:
        from coursekit.trainer.review.feedback import generate_feedback

        written = generate_feedback(course, args.assignment, args.student)
        print(f"feedback written for {len(written)} trainee(s)")
    return 1 if run.failed else 0


def _report(args: argparse.Namespace) -> int:
    from coursekit.trainer.review.report import write_report

    path = write_report(_find_course(args.course), args.assignment, args.output)
    print(f"report written: {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from coursekit.trainer.review.export import export_grades

    path = export_grades(_find_course(args.course), args.assignment, args.output)
    print(f"grade sheet written: {path}")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from coursekit.trainer.review.feedback import generate_feedback

    written = generate_feedback(_find_course(args.course), args.assignment, args.student)
    for student, files in sorted(written.items()):
        for path in files:
            print(f"{student}: {path}")
    return 0

