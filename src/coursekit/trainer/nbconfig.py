"""Load an nbgrader course's configuration and open its gradebook.

The same files ``nbgrader`` itself reads are loaded, lowest priority first:
``nbgrader_config.py`` in the Jupyter config directories, then the one in the
course folder. ``CourseDirectory.root`` is always the course folder given.
Parse the configuration once per call with :func:`load_config`, then pass the
``Config`` (or the ``CourseDirectory`` made from it) on.

>>> import tempfile, pathlib
>>> course = pathlib.Path(tempfile.mkdtemp())
>>> _ = (course / "nbgrader_config.py").write_text("c = get_config()\\nc.CourseDirectory.course_id = 'demo'\\n")
>>> cfg = load_config(course)
>>> cfg.CourseDirectory.course_id, cfg.CourseDirectory.root == str(course.resolve())
('demo', True)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError

#: The course's nbgrader configuration file.
CONFIG_FILE = "nbgrader_config.py"


def course_path(course_dir: str | os.PathLike) -> Path:
    """The course folder as an absolute path; :class:`ConfigError` if it is not a folder.

    >>> course_path("/definitely/not/here")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: course folder '/definitely/not/here' does not exist; fix: pass the folder ...
    """
    path = Path(course_dir).expanduser().resolve()
    if not path.is_dir():
        raise ConfigError(f"course folder '{course_dir}' does not exist; fix: pass the folder "
                          "holding nbgrader_config.py and source/")
    return path


def load_config(course_dir: str | os.PathLike) -> Any:
    """The merged traitlets ``Config`` of the course (see the module docstring)."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = course_path(course_dir)
    cfg = Config()
    for directory in [*reversed(jupyter_config_path()), str(root)]:
        if (Path(directory) / CONFIG_FILE).is_file():
            cfg.merge(PyFileConfigLoader(CONFIG_FILE, path=str(directory)).load_config())
    cfg.CourseDirectory.root = str(root)
    return cfg


def course_directory(cfg: Any) -> Any:
    """nbgrader's ``CourseDirectory`` of a :func:`load_config` result: the course's folders.

    >>> from traitlets.config import Config
    >>> cfg = Config(); cfg.CourseDirectory.root = "/srv/course"
    >>> course_directory(cfg).db_url
    'sqlite:////srv/course/gradebook.db'
    """
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=cfg)


#: (kind, nbgrader preprocessor, its begin/end delimiter options) of each marked region.
_MARKER_OPTIONS = (("solution", "ClearSolutions", "solution"), ("hidden", "ClearHiddenTests", "test"),
                   ("rubric", "ClearMarkScheme", "mark_scheme"))


def markers(cfg: Any) -> dict[str, tuple[str, str]]:
    """The course's region markers by kind: nbgrader's delimiter options, else the defaults.

    >>> from traitlets.config import Config
    >>> cfg = Config(); cfg.ClearHiddenTests.begin_test_delimeter = "BEGIN SECRET"
    >>> markers(cfg)["hidden"], markers(cfg)["solution"]
    (('BEGIN SECRET', 'END HIDDEN TESTS'), ('BEGIN SOLUTION', 'END SOLUTION'))
    """
    from coursekit.trainer.notebooks import MARKERS

    found = {}
    for kind, section, option in _MARKER_OPTIONS:
        begin, end = MARKERS[kind]
        found[kind] = (cfg[section].get(f"begin_{option}_delimeter", begin),
                       cfg[section].get(f"end_{option}_delimeter", end))
    return found


def sqlite_path(db_url: str) -> Path | None:
    """The file of an ``sqlite:///`` URL, else ``None``.

    >>> sqlite_path("sqlite:////srv/course/gradebook.db?timeout=30")
    PosixPath('/srv/course/gradebook.db')
    >>> sqlite_path("postgresql://db/grades") is None
    True
    """
    if not db_url.startswith("sqlite:///"):
        return None
    return Path(db_url[len("sqlite:///"):].split("?", 1)[0])


def with_busy_timeout(db_url: str, seconds: float = 60.0) -> str:
    """Add an SQLite busy timeout to ``db_url`` so parallel writers wait instead of failing.

    >>> with_busy_timeout("sqlite:////c/gradebook.db")
    'sqlite:////c/gradebook.db?timeout=60'
    >>> with_busy_timeout("sqlite:////c/g.db?timeout=5")
    'sqlite:////c/g.db?timeout=5'
    """
    if sqlite_path(db_url) is None or "timeout=" in db_url:
        return db_url
    return f"{db_url}{'&' if '?' in db_url else '?'}timeout={seconds:g}"


def ensure_tool_path(env: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of ``env`` (default: this process's) whose PATH starts with this Python's ``bin/``.

    nbgrader starts ``alembic`` (new gradebooks) and kernels named ``python``
    through PATH; with this environment both resolve to the running virtualenv.
    Pass it to a child process, or patch ``os.environ`` with it while nbgrader
    runs in this process.

    >>> ensure_tool_path({"PATH": "/bin"})["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
    True
    """
    env = dict(os.environ if env is None else env)
    bindir = os.path.dirname(sys.executable)
    parts = [p for p in env.get("PATH", "").split(os.pathsep) if p]
    if not parts or parts[0] != bindir:
        parts = [bindir] + [p for p in parts if p != bindir]
    env["PATH"] = os.pathsep.join(parts)
    return env


def safe_url(db_url: str) -> str:
    """``db_url`` with its password masked, for messages and logs.

    >>> safe_url("postgresql+psycopg://grader:s3cret@db:5432/grades")
    'postgresql+psycopg://grader:***@db:5432/grades'
    >>> safe_url("sqlite:////srv/course/gradebook.db")
    'sqlite:////srv/course/gradebook.db'
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable database URL>"


def server_gradebook_exists(db_url: str) -> bool:
    """Whether the database server at ``db_url`` holds nbgrader's tables (reads only)."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(db_url)
    try:
        return inspect(engine).has_table("assignment")
    finally:
        engine.dispose()


@contextmanager
def open_gradebook(coursedir: Any) -> Iterator[Any]:
    """Open the gradebook of a :func:`course_directory` (read it; never creates a new one).

    Raises :class:`ConfigError` when the SQLite gradebook file does not exist yet,
    or when a database server (e.g. ``postgresql+psycopg://``) has no nbgrader tables.
    """
    from nbgrader.api import Gradebook

    db_file = sqlite_path(coursedir.db_url)
    if db_file is not None and not db_file.exists():
        raise ConfigError(f"no gradebook at {db_file}; fix: run `coursekit course build` "
                          "(nbgrader generate_assignment) before grading")
    if db_file is None and not server_gradebook_exists(coursedir.db_url):
        raise ConfigError(f"no gradebook tables in {safe_url(coursedir.db_url)}; fix: run "
                          "nbgrader generate_assignment with this db_url before grading")
    with Gradebook(with_busy_timeout(coursedir.db_url), coursedir.course_id) as gb:
        yield gb
