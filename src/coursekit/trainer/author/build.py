"""Build the student versions and the solutions from ``course/source/``.

``course/source/<assignment>/*.ipynb`` is the single source of truth. nbgrader
itself makes the built files (its ``generate_assignment`` for the student
version, its ``generate_solution`` for the solutions, configured in
``course/nbgrader_config.py`` to drop hidden tests); this module runs it in a
scratch copy of the course — so the repository never gets a gradebook or
half-written files — then normalises the notebooks (no outputs, no volatile
metadata) and replaces ``course/release/`` and ``solutions/`` with them.
Two builds of the same source are byte-identical.

>>> from pathlib import Path
>>> course = Path(__file__).parents[3] / "course"
>>> "a1_kpi_calculation" in list_assignments(course) if course.exists() else True
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from coursekit.errors import CoursekitError
from coursekit.trainer import nbconfig, notebooks
from coursekit.trainer.nbconfig import CONFIG_FILE

# Appended to the configuration of a scratch copy (see copy_course).
_SCRATCH_SETTINGS = """

# --- added by coursekit: this is a scratch copy; keep everything nbgrader writes here
get_config().CourseDirectory.root = {root!r}
get_config().CourseDirectory.db_url = {db_url!r}
get_config().Exchange.root = {exchange!r}
"""

SOLUTIONS_README = """\
# 参考答案 / Solutions

由 `course/source/` 自动生成（`coursekit course build`），请勿手工修改。
含参考解答，不含隐藏测试。自学者做完 `course/release/` 中的练习后再来对照。

Generated from `course/source/` by `coursekit course build`; do not edit by hand.
Solutions are shown, hidden tests are removed. Self-learners: attempt the
exercises in `course/release/` first, then compare.
"""


class BuildError(CoursekitError):
    """nbgrader could not build an assignment (the message carries its log)."""


@dataclass
class BuildResult:
    """What :func:`build_course` did."""

    assignments: list[str]
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def list_assignments(course_dir: str | Path) -> list[str]:
    """Assignment ids: the folders of ``course_dir/source`` holding a notebook, sorted.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "source" / "a1").mkdir(parents=True)
    >>> _ = (root / "source" / "a1" / "a1.ipynb").write_text("{}")
    >>> (root / "source" / "empty").mkdir()
    >>> list_assignments(root)
    ['a1']
    """
    source = Path(course_dir) / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def copy_course(course_dir: str | Path, workdir: str | Path) -> Path:
    """Copy the course's configuration and ``source/`` to ``workdir``, a course of its own.

    The copied ``nbgrader_config.py`` ends with settings that keep the course
    root, the gradebook and the exchange inside ``workdir``, so whatever runs
    nbgrader on the copy (here or in a grading worker) never writes to the
    original. Returns ``workdir``. Raises :class:`BuildError` without a configuration.

    >>> import tempfile, pathlib
    >>> copy_course(pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp()) / "copy")
    Traceback (most recent call last):
    coursekit.trainer.author.build.BuildError: ...nbgrader_config.py not found: ...
    """
    course_dir, workdir = Path(course_dir).resolve(), Path(workdir).resolve()
    config = course_dir / CONFIG_FILE
    if not config.is_file():
        raise BuildError(f"{config} not found: the course folder needs an nbgrader_config.py")
    workdir.mkdir(parents=True, exist_ok=True)
    pinned = _SCRATCH_SETTINGS.format(root=str(workdir), exchange=str(workdir / "exchange"),
                                      db_url="sqlite:///" + str(workdir / "gradebook.db"))
    (workdir / CONFIG_FILE).write_text(config.read_text(encoding="utf-8") + pinned, encoding="utf-8")
    shutil.copytree(course_dir / "source", workdir / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return workdir


def make_api(config: Any) -> Any:
    """A quiet ``nbgrader.apps.NbGraderAPI`` for ``config`` (see :func:`nbconfig.load_config`).

    Creates the exchange folder ``config.Exchange.root`` if missing (nbgrader
    logs a critical error at start-up without one; ``course/exchange/`` is
    git-ignored).
    """
    from nbgrader.apps import NbGraderAPI

    if "root" in config.Exchange:
        Path(config.Exchange.root).mkdir(parents=True, exist_ok=True)
    config.NbGraderAPI.log_level = "ERROR"
    return NbGraderAPI(coursedir=nbconfig.course_directory(config), config=config)


def _checked(result: dict, what: str) -> None:
    # NbGraderAPI never raises; it reports failure in the result dict.
    if not result.get("success"):
        detail = (result.get("error") or "") + (result.get("log") or "")
        raise BuildError(f"nbgrader {what} failed:\n{detail.strip()}")


def _generate_solution(api: Any, assignment: str) -> dict:
    from nbgrader.converters import GenerateSolution
    from nbgrader.utils import capture_log, temp_attrs

    with temp_attrs(api.coursedir, assignment_id=assignment):
        app = GenerateSolution(coursedir=api.coursedir, parent=api)
        app.force = True
        return capture_log(app)


def generate(course_dir: str | Path, workdir: str | Path,
             assignments: Sequence[str] | None = None) -> Path:
    """Run nbgrader on a scratch copy of the course in ``workdir``.

    Makes the copy (:func:`copy_course`), then runs ``generate_assignment``
    (filling ``workdir/gradebook.db`` and ``workdir/release/``) and
    ``generate_solution`` (``workdir/solution/``) for each assignment.
    Returns ``workdir``; the course folder is only read.
    """
    workdir = copy_course(course_dir, workdir)
    names = list(assignments) if assignments is not None else list_assignments(course_dir)
    # nbgrader runs `alembic` through PATH when it creates the gradebook
    with mock.patch.dict(os.environ, {"PATH": nbconfig.ensure_tool_path()["PATH"]}):
        api = make_api(nbconfig.load_config(workdir))
        for name in names:
            _checked(api.generate_assignment(name, force=True, create=True),
                     f"generate_assignment {name}")
            _checked(_generate_solution(api, name), f"generate_solution {name}")
    return workdir


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _collect(workdir: Path, names: Sequence[str]) -> dict[str, dict[str, bytes]]:
    """Normalised built files: {"release"|"solutions": {relative path: bytes}}."""
    built: dict[str, dict[str, bytes]] = {"release": {}, "solutions": {}}
    for kind, step in (("release", "release"), ("solutions", "solution")):
        for name in names:
            for rel, path in _files(workdir / step / name).items():
                key = f"{name}/{rel}"
                if path.suffix == ".ipynb":
                    built[kind][key] = notebooks.dumps(notebooks.normalise(notebooks.read(path))).encode()
                else:
                    built[kind][key] = path.read_bytes()
    built["solutions"]["README.md"] = SOLUTIONS_README.encode()
    return built


def build_files(course_dir: str | Path) -> dict[str, dict[str, bytes]]:
    """Build in a temporary folder and return the normalised files in memory.

    Keys: ``"release"`` and ``"solutions"``, each mapping a path relative to
    ``course/release/`` or ``solutions/`` to its bytes.
    """
    names = list_assignments(course_dir)
    with tempfile.TemporaryDirectory(prefix="coursekit-build-") as tmp:
        workdir = generate(course_dir, Path(tmp) / "course", names)
        return _collect(workdir, names)


def _replace_tree(target: Path, files: dict[str, bytes], result: BuildResult) -> None:
    existing = _files(target)
    for rel, path in existing.items():
        if rel not in files:
            path.unlink()
            result.removed.append(path)
    for rel, data in sorted(files.items()):
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.written.append(path)
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def build_course(course_dir: str | Path, solutions_dir: str | Path, *,
                 release_dir: str | Path | None = None) -> BuildResult:
    """Regenerate ``course/release/`` and ``solutions/`` from ``course/source/``.

    ``release_dir`` defaults to ``course_dir/release``. Files that no longer
    come out of the build are deleted from both folders; unchanged files are
    not touched. Raises :class:`BuildError` with nbgrader's log on failure.

    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp())
    >>> build_course(empty, empty / "solutions")
    Traceback (most recent call last):
    coursekit.trainer.author.build.BuildError: ...nbgrader_config.py not found: ...
    """
    course_dir = Path(course_dir)
    release_dir = Path(release_dir) if release_dir is not None else course_dir / "release"
    built = build_files(course_dir)
    result = BuildResult(assignments=list_assignments(course_dir))
    _replace_tree(release_dir, built["release"], result)
    _replace_tree(Path(solutions_dir), built["solutions"], result)
    return result


def stale_files(course_dir: str | Path, solutions_dir: str | Path, *,
                release_dir: str | Path | None = None,
                built: dict[str, dict[str, bytes]] | None = None) -> list[str]:
    """Built files that differ from a fresh build (empty list = up to date).

    Each entry reads ``"<folder>/<path>: <missing|changed|extra>"``. Builds in a
    temporary folder (or compares with ``built``, a :func:`build_files` result);
    the course and solutions folders are only read.
    """
    course_dir = Path(course_dir)
    release_dir = Path(release_dir) if release_dir is not None else course_dir / "release"
    built = built if built is not None else build_files(course_dir)
    problems = []
    for kind, folder in (("release", release_dir), ("solutions", Path(solutions_dir))):
        existing = _files(folder)
        label = folder.name
        for rel, data in sorted(built[kind].items()):
            if rel not in existing:
                problems.append(f"{label}/{rel}: missing")
            elif existing[rel].read_bytes() != data:
                problems.append(f"{label}/{rel}: changed")
        problems.extend(f"{label}/{rel}: extra" for rel in sorted(set(existing) - set(built[kind])))
    return problems

