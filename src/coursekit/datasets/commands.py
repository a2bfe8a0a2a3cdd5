"""``coursekit data generate`` and ``coursekit data check``.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="coursekit")
>>> add_commands(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["data", "generate", "--seed", "5", "--tickets-per-industry", "100"])
>>> args.seed, args.tickets_per_industry, args.func.__name__
(5, 100, 'run_generate')
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from coursekit.errors import ConfigError


def default_out_dir() -> Path:
    """``datasets/`` of the source checkout when there is one, else ``./datasets``."""
    from coursekit.datasets.load import repo_data_dir

    repo = repo_data_dir()
    return repo if (repo.parent / "pyproject.toml").is_file() else Path("datasets")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``data generate`` and ``data check``."""
    from coursekit.datasets.generate import DEFAULT_SEED, DEFAULT_TICKETS_PER_INDUSTRY

    data = subparsers.add_parser("data", help="generate or check the course datasets")
    sub = data.add_subparsers(dest="data_command", metavar="ACTION")
    data.set_defaults(func=lambda args: (data.print_help(), 1)[1])

    gen = sub.add_parser("generate", help="write the seven CSV files and SHA256SUMS")
    gen.add_argument("--out", type=Path, default=None,
                     help="output folder (default: datasets/ of the source checkout, else ./datasets)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    gen.add_argument("--tickets-per-industry", type=int, default=DEFAULT_TICKETS_PER_INDUSTRY,
                     help=f"tickets in each of the 4 industries (default {DEFAULT_TICKETS_PER_INDUSTRY})")
    gen.set_defaults(func=run_generate)

    check = sub.add_parser("check", help="verify the CSV files against SHA256SUMS")
    check.add_argument("--dir", type=Path, default=None, help="folder to check (default: the shipped data)")
    check.add_argument("--regenerate", action="store_true",
                       help="also regenerate with the default seed and size and compare (staleness check)")
    check.set_defaults(func=run_check)


def run_generate(args: argparse.Namespace) -> int:
    from coursekit.datasets.generate import generate, write

    if args.tickets_per_industry < 1:
        raise ConfigError(f"--tickets-per-industry must be at least 1, not {args.tickets_per_industry}")
    out = args.out if args.out is not None else default_out_dir()
    start = time.perf_counter()
    paths = write(generate(seed=args.seed, tickets_per_industry=args.tickets_per_industry), out)
    seconds = time.perf_counter() - start
    total = 0
    for path in paths:
        size = path.stat().st_size
        total += size
        print(f"{path.name:<16} {size / 1e6:8.2f} MB")
    print(f"wrote {len(paths)} files ({total / 1e6:.2f} MB) to {out} in {seconds:.1f} s "
          f"(seed {args.seed}, {args.tickets_per_industry} tickets per industry)")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from coursekit.datasets._files import read_checksums, verify
    from coursekit.datasets.generate import generate, write
    from coursekit.datasets.load import find_data_dir

    folder = args.dir if args.dir is not None else find_data_dir()
    problems = verify(folder)
    if args.regenerate and not problems:
        with tempfile.TemporaryDirectory() as tmp:
            write(generate(), tmp)
            fresh = read_checksums(Path(tmp))
        for name, digest in read_checksums(folder).items():
            if fresh.get(name) != digest:
                problems.append(f"{name}: differs from a fresh `coursekit data generate` (stale or edited)")
    if problems:
        for problem in problems:
            print(f"FAIL {problem}")
        print(f"{len(problems)} problem(s) in {folder}")
        return 1
    print(f"OK: every file in {folder} matches SHA256SUMS" + (" and a fresh regeneration" if args.regenerate else ""))
    return 0
