"""Open the course in JupyterLab: Chinese interface, no news pop-up, start-here notebook.

Three steps, each usable on its own:

- :func:`configure_lab` writes JupyterLab's *default* settings (``overrides.json``
  in ``<prefix>/share/jupyter/lab/settings``): the zh_CN language pack as the
  interface language and no "news" pop-up. A trainee can still switch the
  language in the Settings menu; their own choice wins over these defaults.
- :func:`lab_command` builds the command line that starts JupyterLab with the
  file browser at the course root and the start-here notebook open.
- :func:`launch` finds the course folder, configures and starts JupyterLab and
  returns its exit code (used by ``coursekit lab``).

>>> from coursekit.lab import LAB_OVERRIDES
>>> LAB_OVERRIDES["@jupyterlab/translation-extension:plugin"]
{'locale': 'zh_CN'}
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from coursekit.errors import ConfigError

#: Default JupyterLab settings for the course, keyed by settings plugin id.
#: ``fetchNews`` is a string in JupyterLab's schema ("true" / "false" / "none").
LAB_OVERRIDES: dict[str, dict[str, Any]] = {
    "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

#: The notebook a trainee sees first, relative to the course root.
START_NOTEBOOK = "chapters/00_start_here.ipynb"


def settings_dir(prefix: str | os.PathLike[str] = sys.prefix) -> Path:
    """JupyterLab's application settings folder under an installation prefix.

    >>> settings_dir("/opt/venv").as_posix()
    '/opt/venv/share/jupyter/lab/settings'
    """
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings"


def merge_settings(existing: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Merge settings dicts recursively: keys in ``new`` win, other keys are kept.

    >>> merge_settings({"a": {"x": 1, "y": 2}, "b": 3}, {"a": {"y": 9}})
    {'a': {'x': 1, 'y': 9}, 'b': 3}
    """
    merged = copy.deepcopy(dict(existing))
    for key, value in new.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = merge_settings(old, value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def configure_lab(prefix: str | os.PathLike[str] = sys.prefix) -> Path:
    """Write the course's JupyterLab defaults into ``<prefix>``'s ``overrides.json``.

    An existing ``overrides.json`` is merged, not replaced: settings of other
    plugins (and other keys of the same plugins) are kept. Returns the file's path.
    Raises :class:`~coursekit.errors.ConfigError` when the existing file is not a
    JSON object or the folder cannot be written.

    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = configure_lab(tmp)
    ...     json.loads(path.read_text("utf-8"))["@jupyterlab/translation-extension:plugin"]
    {'locale': 'zh_CN'}
    """
    path = settings_dir(prefix) / "overrides.json"
    existing: Any = {}
    if path.exists():
        try:
            existing = json.loads(path.read_text(encoding="utf-8") or "{}")
        except (ValueError, OSError) as exc:
            raise ConfigError(
                f"cannot read JupyterLab settings {path}: {exc}; "
                "fix or delete the file, then run `coursekit lab --configure-only` again"
            ) from exc
        if not isinstance(existing, dict):
            raise ConfigError(
                f"JupyterLab settings {path} must hold a JSON object "
                f"(plugin id -> settings), found {type(existing).__name__}"
            )
    merged = merge_settings(existing, LAB_OVERRIDES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(
            f"cannot write JupyterLab settings {path}: {exc}; "
            "install the course in a virtual environment you own (bash scripts/setup.sh course)"
        ) from exc
    return path


def start_url(start: str | os.PathLike[str] | None = START_NOTEBOOK) -> str:
    """JupyterLab URL path that opens ``start`` with the file browser at the root.

    ``start`` is relative to the server's root folder; ``None`` opens JupyterLab
    without a document.

    >>> start_url("chapters/00_start_here.ipynb")
    '/lab/tree/chapters/00_start_here.ipynb?file-browser-path=/'
    >>> start_url(None)
    '/lab?file-browser-path=/'
    """
    if start is None:
        return "/lab?file-browser-path=/"
    parts = PurePath(start).as_posix().strip("/")
    return f"/lab/tree/{quote(parts)}?file-browser-path=/"


def lab_command(
    root: str | os.PathLike[str],
    start: str | os.PathLike[str] | None = START_NOTEBOOK,
    *,
    port: int | None = None,
    open_browser: bool = True,
    ip: str | None = None,
    token: str | None = None,
    allow_root: bool | None = None,
    extra_args: Sequence[str] = (),
) -> list[str]:
    """The argv that starts JupyterLab on the course.

    The server's root folder is ``root`` (the file browser shows the whole
    course); the browser opens ``start`` (relative to ``root``). ``allow_root``
    defaults to "when running as root" (Docker images, CI). ``extra_args`` are
    appended (e.g. settings folders for tests). The command runs JupyterLab from
    this Python interpreter, so it uses the same environment as ``coursekit``.

    >>> cmd = lab_command("/srv/course", port=8890, open_browser=False, allow_root=False)
    >>> cmd[1:3]
    ['-m', 'jupyterlab']
    >>> cmd[3:]  # doctest: +NORMALIZE_WHITESPACE
    ['--ServerApp.root_dir=/srv/course',
     '--LabApp.default_url=/lab/tree/chapters/00_start_here.ipynb?file-browser-path=/',
     '--no-browser', '--port=8890']
    """
    if allow_root is None:
        allow_root = hasattr(os, "geteuid") and os.geteuid() == 0
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(root).absolute()}",
        f"--LabApp.default_url={start_url(start)}",
    ]
    if not open_browser:
        cmd.append("--no-browser")
    if ip is not None:
        cmd.append(f"--ip={ip}")
    if port is not None:
        cmd.append(f"--port={int(port)}")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if allow_root:
        cmd.append("--allow-root")
    cmd.extend(extra_args)
    return cmd


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The course folder: the nearest folder at or above ``start`` with ``chapters/``.

    ``start`` defaults to the current folder. When none is found there, the
    checkout this package was installed from (``pip install -e``) is used.
    Raises :class:`~coursekit.errors.ConfigError` when neither has ``chapters/``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "chapters" / "x").mkdir(parents=True)
    ...     find_root(Path(tmp) / "chapters" / "x") == Path(tmp).resolve()
    True
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "chapters").is_dir():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "chapters").is_dir():
        return checkout
    raise ConfigError(
        f"no course folder (one with a chapters/ folder) at or above {here}; "
        "run `coursekit lab` inside the course repository or pass --root"
    )


def default_start(root: str | os.PathLike[str]) -> str | None:
    """The notebook to open first: ``chapters/00_start_here.ipynb``, else the first ``00_*``.

    Returns a path relative to ``root`` (POSIX form) or ``None`` when there is
    no chapter notebook yet.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "chapters").mkdir()
    ...     _ = (Path(tmp) / "chapters" / "00_intro.ipynb").write_text("{}")
    ...     default_start(tmp)
    'chapters/00_intro.ipynb'
    """
    root = Path(root)
    if (root / START_NOTEBOOK).is_file():
        return START_NOTEBOOK
    found = sorted((root / "chapters").glob("00_*.ipynb")) or sorted((root / "chapters").glob("*.ipynb"))
    return found[0].relative_to(root).as_posix() if found else None


def launch(
    root: str | os.PathLike[str] | None = None,
    *,
    port: int | None = None,
    open_browser: bool = True,
    configure: bool = True,
) -> int:
    """Start JupyterLab on the course and wait for it to stop; returns its exit code.

    ``root`` defaults to :func:`find_root`. With ``configure`` the Chinese
    defaults are written first (:func:`configure_lab`, may raise ConfigError).
    Ctrl+C is left to JupyterLab, which asks for confirmation and shuts its
    kernels down cleanly.
    """
    course = find_root() if root is None else Path(root)
    if not course.is_dir():
        raise ConfigError(f"course folder {course} does not exist; pass the repository root as --root")
    if configure:
        configure_lab()
    cmd = lab_command(course, default_start(course), port=port, open_browser=open_browser)
    return _wait(subprocess.Popen(cmd, cwd=course))


def _wait(proc: subprocess.Popen) -> int:
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # JupyterLab got the same signal and handles it
            continue
