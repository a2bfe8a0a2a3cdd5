"""``coursekit site build|check|serve``: the reading site of the whole course.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="coursekit")
>>> add_commands(parser.add_subparsers())
>>> args = parser.parse_args(["site", "build", "--out", "public", "--clean"])
>>> args.out, args.clean, args.site_command
('public', True, 'build')
>>> parser.parse_args(["site", "serve", "--port", "9000"]).port
9000
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_commands"]


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``coursekit site build`` and ``coursekit site serve``."""
    site = subparsers.add_parser("site", help="build or serve the reading site (HTML book of the course)",
                                 description="The course as a static, offline HTML book: every chapter run, "
                                             "with its numbers, tables and figures; glossary, references, "
                                             "exercises with downloads, data dictionary; Chinese search.")
    commands = site.add_subparsers(dest="site_command", metavar="SUBCOMMAND", required=True)
    build = commands.add_parser("build", help="run the chapters and write the site (default: site/)")
    build.add_argument("--out", default=None, help="output folder (default: site/ in the course folder)")
    build.add_argument("--work", default=None,
                       help="folder for the staged sources and the execution cache (default: build/site/)")
    build.add_argument("--root", default=None, help="course folder (default: the nearest folder with chapters/)")
    build.add_argument("--clean", action="store_true", help="forget the cache and earlier builds; build from nothing")
    build.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    build.set_defaults(func=run_build)
    check = commands.add_parser("check", help="check the built site's links (files, fragments, no off-host loads)")
    check.add_argument("--dir", default=None, help="site folder (default: site/ in the course folder)")
    check.add_argument("--root", default=None, help="course folder (default: the nearest folder with chapters/)")
    check.set_defaults(func=run_check)
    serve = commands.add_parser("serve", help="serve the built site on http://127.0.0.1:PORT/")
    serve.add_argument("--dir", default=None, help="site folder (default: site/ in the course folder)")
    serve.add_argument("--root", default=None, help="course folder (default: the nearest folder with chapters/)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    serve.set_defaults(func=run_serve)


def run_build(args: argparse.Namespace) -> int:
    from coursekit.lab import find_root
    from coursekit.site.build import build

    root = find_root(args.root)
    result = build(root, Path(args.out) if args.out else None, Path(args.work) if args.work else None,
                   clean=args.clean, verbose=args.verbose)
    print(result)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from coursekit.errors import ConfigError
    from coursekit.lab import find_root
    from coursekit.site.links import broken_links

    folder = Path(args.dir) if args.dir else find_root(args.root) / "site"
    if not (folder / "index.html").is_file():
        raise ConfigError(f"no built site in {folder} (index.html is missing); run `coursekit site build` first")
    problems = broken_links(folder)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken links in {folder}" if problems else f"all links of {folder} resolve")
    return 1 if problems else 0


def run_serve(args: argparse.Namespace) -> int:
    from coursekit.lab import find_root
    from coursekit.site.serve import serve

    folder = Path(args.dir) if args.dir else find_root(args.root) / "site"
    serve(folder, port=args.port)
    return 0
