"""Gather the site's source folder: chapters, reference pages and downloads, written only when changed.

The Sphinx project is assembled in a work folder (``build/site/src`` by
default) from the course's own files; nothing in the repository is edited.
A file is rewritten only when its bytes change, so Sphinx's incremental build
and myst-nb's execution cache see a one-cell edit as one changed page.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     target = Path(tmp) / "a" / "page.md"
...     first, again = write_if_changed(target, b"x"), write_if_changed(target, b"x")
...     first, again, target.read_bytes()
(True, False, b'x')
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from coursekit.errors import ConfigError

__all__ = ["Assignment", "Sources", "chapter_notebooks", "find_assignments", "markdown_texts", "prune", "source_banner",
           "write_if_changed"]

DOWNLOADS = "downloads"   # staged folder of notebooks offered for download (not pages)


@dataclass(frozen=True)
class Assignment:
    """An exercise as the site offers it: its name, blank notebook and reference solution."""

    name: str             # e.g. a1_kpi_calculation
    blank: Path           # course/release/<name>/<name>.ipynb
    solution: Path        # solutions/<name>/<name>.ipynb

    @property
    def code(self) -> str:
        """The short label used in the course, e.g. ``a1``."""
        return self.name.split("_", 1)[0]


@dataclass(frozen=True)
class Sources:
    """What a course folder contributes to the site."""

    root: Path
    chapters: tuple[Path, ...]
    assignments: tuple[Assignment, ...]

    @classmethod
    def of(cls, root: Path) -> Sources:
        """Read a course folder; raises ConfigError naming what is missing."""
        return cls(root, chapter_notebooks(root), find_assignments(root))


def chapter_notebooks(root: Path) -> tuple[Path, ...]:
    """The chapter notebooks in reading order (their file names sort in course order)."""
    found = tuple(sorted((root / "chapters").glob("[0-9]*.ipynb")))
    if not found:
        raise ConfigError(f"no chapter notebooks (chapters/NN_*.ipynb) under {root}; "
                          "run `coursekit site build` in the course repository or pass --root")
    return found


def find_assignments(root: Path) -> tuple[Assignment, ...]:
    """Every released exercise that has a solution; raises ConfigError when one half is missing."""
    release, solutions = root / "course" / "release", root / "solutions"
    names = sorted(p.name for p in release.glob("a*") if p.is_dir()) if release.is_dir() else []
    found = []
    for name in names:
        blank, solution = release / name / f"{name}.ipynb", solutions / name / f"{name}.ipynb"
        missing = [str(p.relative_to(root)) for p in (blank, solution) if not p.is_file()]
        if missing:
            raise ConfigError(f"exercise {name} lacks {', '.join(missing)}; "
                              "run `coursekit course build` to make the release and solution notebooks")
        found.append(Assignment(name, blank, solution))
    return tuple(found)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)          # never leave a half-written page behind
    return True


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy a file's bytes to ``target`` unless they are already there."""
    return write_if_changed(target, source.read_bytes())


def prune(folder: Path, keep: set[Path]) -> list[Path]:
    """Delete staged files no longer produced (a chapter removed from the course); returns them."""
    gone = [p for p in folder.rglob("*") if p.is_file() and p not in keep and "_build" not in p.parts]
    for path in gone:
        path.unlink()
    return gone


def source_banner(notebook: str) -> dict:
    """The note cell put under a chapter's title: where the page comes from and how to run it."""
    # a colon fence: the title holds backticks, which a backtick fence's opening line cannot
    text = (f":::{{admonition}} 本页来自 `chapters/{notebook}`\n"
            ":class: tip\n\n"
            "页面上的数字、表格和图都由这本 notebook 在生成网站时实际运行得到。"
            f"想自己运行、修改参数或使用交互控件：{{download}}`下载 notebook <{DOWNLOADS}/chapters/{notebook}>`，"
            "或在课程目录的终端里运行 `coursekit lab`，再在 JupyterLab 中打开 "
            f"`chapters/{notebook}`（安装方法见首页“在 JupyterLab 中学习”）。\n:::\n")
    return {"cell_type": "markdown", "id": "coursekit-site-source", "metadata": {},
            "source": text.splitlines(keepends=True)}


def markdown_texts(path: Path) -> list[str]:
    """The text of each markdown cell of a notebook, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def staged_notebook(path: Path, index_entries: dict[int, list[str]] | None = None) -> bytes:
    """A chapter as the site builds it: index entries in its markdown cells, the source banner after the title.

    ``index_entries`` maps a markdown cell's number (0 is the first markdown cell) to the terms
    indexed there (:mod:`coursekit.site.indexing`).
    """
    from coursekit.site.indexing import with_index_entries

    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    markdown = [c for c in cells if c["cell_type"] == "markdown"]
    for number, terms in (index_entries or {}).items():
        markdown[number]["source"] = with_index_entries("".join(markdown[number]["source"]), terms)
    at = 1 if cells and cells[0].get("cell_type") == "markdown" else 0
    cells.insert(at, source_banner(path.name))
    return (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def copy_tree_files(files: dict[Path, Path]) -> list[Path]:
    """Copy ``{source: target}`` pairs that changed; returns the targets written."""
    return [target for source, target in files.items() if copy_if_changed(source, target)]


def clear(folder: Path) -> None:
    """Remove a folder the build owns (used by ``--clean``)."""
    if folder.exists():
        shutil.rmtree(folder)
