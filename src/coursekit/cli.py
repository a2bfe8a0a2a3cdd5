"""The ``coursekit`` command: a thin shell over the library.

Each area of the library that has commands provides a module with
``add_commands(subparsers)``; this file only wires them together, parses the
arguments, and turns library errors into a one-line message and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from coursekit.errors import CoursekitError

# Modules that contribute sub-commands (each defines add_commands(subparsers)).
COMMAND_MODULES = (
    "coursekit.datasets.commands",   # coursekit data generate|check
    "coursekit.trainer.commands",    # coursekit course build|check, grade, report, export
    "coursekit.lab_commands",        # coursekit lab
    "coursekit.glossary",            # coursekit glossary [--check]
    "coursekit.site.commands",       # coursekit site build|serve
)


def build_parser() -> argparse.ArgumentParser:
    from coursekit import __version__

    parser = argparse.ArgumentParser(
        prog="coursekit",
        description="售后服务绩效考核培训 course tools: data, course building and grading.",
    )
    parser.add_argument("--version", action="version", version=f"coursekit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # an area not installed/written yet
            if exc.name != name:
                raise
            continue
        module.add_commands(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        result = args.func(args)
    except CoursekitError as exc:
        # the command line speaks English (trainers, scripts, CI logs); notebooks show the Chinese rendering
        print(f"coursekit: error: {exc.english}", file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
