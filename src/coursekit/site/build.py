"""Build the reading site: stage the sources, then run Sphinx (myst-nb executes the chapters).

Three folders are involved; only the first is meant to be shared:

* ``out`` (default ``site/``): the finished HTML, self-contained, to open or copy to an intranet;
* ``work`` (default ``build/site/``): the staged Sphinx project (``src/``), Sphinx's
  saved state (``doctrees/``) and myst-nb's execution cache (``cache/``), kept
  between builds so a rebuild after a one-cell change runs one chapter again;
* the course folder itself, which the build only reads.

Sphinx runs in a child process with ``COURSEKIT_STATIC=1`` (quizzes and dashboards
show their static form) and with warnings as errors: a cell that raises, any
output on stderr, a broken cross-reference or a formula that cannot be
rendered fails the build, and the error names the page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from coursekit.errors import CoursekitError
from coursekit.quiz.items import STATIC_ENV
from coursekit.site.chinese import compiled_catalogs
from coursekit.site.config import conf_py, write_search_dictionary
from coursekit.site.indexing import course_terms, placements
from coursekit.site.pages import data_page, exercise_page, exercises_index, index_page
from coursekit.site.sources import (
    DOWNLOADS,
    Sources,
    clear,
    markdown_texts,
    prune,
    staged_notebook,
    write_if_changed,
)

__all__ = ["SiteBuild", "SiteError", "build", "fingerprint", "stage"]

STATIC = Path(__file__).with_name("static")
# lines of a failed build's stderr that are not about the failure (kernel start-up chatter)
NOISE = ("[IPKernelApp] WARNING | Kernel is running over TCP",)
MARKER = ".coursekit-site"   # marks an output folder as the site build's own


class SiteError(CoursekitError):
    """The site could not be built; the message carries Sphinx's report (page and cause)."""


@dataclass(frozen=True)
class SiteBuild:
    """What a build did: where the site is, how many pages, which staged files changed, how long."""

    out: Path
    pages: tuple[str, ...]
    changed: tuple[str, ...]
    seconds: float

    def __str__(self) -> str:
        return (f"site built: {len(self.pages)} pages in {self.out} ({self.seconds:.1f} s; "
                f"{len(self.changed)} source files changed); open {self.out / 'index.html'}")


def stage(sources: Sources, src: Path, work: Path) -> tuple[str, ...]:
    """Write the Sphinx project for ``sources`` into ``src``; returns the files that changed or went."""
    root = sources.root
    files: dict[Path, bytes] = {}
    entries = placements({c.name: markdown_texts(c) for c in sources.chapters}, course_terms())
    for chapter in sources.chapters:
        files[src / chapter.name] = staged_notebook(chapter, entries.get(chapter.name))
        files[src / DOWNLOADS / "chapters" / chapter.name] = chapter.read_bytes()
    references = [name for name in ("glossary", "references") if (root / "chapters" / f"{name}.md").is_file()]
    for name in references:
        files[src / f"{name}.md"] = (root / "chapters" / f"{name}.md").read_bytes()
    files[src / "data.md"] = data_page(root / "datasets" / "README.md").encode("utf-8")
    files[src / "index.md"] = index_page(sources.chapters, sources.assignments,
                                         (*references, "data")).encode("utf-8")
    if sources.assignments:
        files[src / "exercises" / "index.md"] = exercises_index(sources.assignments).encode("utf-8")
    for exercise in sources.assignments:
        files[src / "exercises" / f"{exercise.name}.md"] = exercise_page(exercise).encode("utf-8")
        downloads = src / DOWNLOADS / "exercises"
        files[downloads / f"{exercise.name}.ipynb"] = exercise.blank.read_bytes()
        files[downloads / f"{exercise.name}_solution.ipynb"] = exercise.solution.read_bytes()
    for name, data in compiled_catalogs().items():
        files[src / name] = data
    dictionary = write_search_dictionary(work / "search-words.txt")
    files[src / "conf.py"] = conf_py(cache=work / "cache", search_dictionary=dictionary,
                                     static=STATIC).encode("utf-8")
    changed = [str(path.relative_to(src)) for path, data in files.items() if write_if_changed(path, data)]
    removed = [str(path.relative_to(src)) for path in prune(src, set(files))]
    return tuple(sorted(changed + removed))


def fingerprint(root: Path) -> str:
    """What the chapters' outputs depend on besides their code: the library, the data, the tools' versions.

    myst-nb's cache recognises a notebook by its code cells only; when this
    fingerprint changes, the build forgets every cached execution so no page
    shows numbers from an older library or data set.
    """
    import hashlib
    from importlib.metadata import version

    import coursekit

    digest = hashlib.sha256()
    for package in ("pandas", "numpy", "matplotlib", "scipy", "ipykernel"):
        digest.update(f"{package}={version(package)};".encode())
    library = Path(coursekit.__file__).parent
    site = Path(__file__).parent          # the site's own code runs in Sphinx, never in a chapter's kernel
    code = [p for p in sorted(library.rglob("*.py")) if site not in p.parents]
    files = [*code, *sorted((root / "datasets").glob("*"))]
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def forget_stale_outputs(root: Path, work: Path) -> bool:
    """Clear the execution cache and Sphinx's state when the fingerprint changed; True when cleared."""
    stamp = work / "fingerprint.txt"
    now = fingerprint(root)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == now:
        return False
    for folder in ("cache", "doctrees", "html"):
        clear(work / folder)
    write_if_changed(stamp, now.encode("utf-8"))
    return True


def _sphinx(src: Path, out: Path, doctrees: Path, *, verbose: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, STATIC_ENV: "1", "PYTHONHASHSEED": "0"}   # quizzes and dashboards in static form
    env.pop("MPLBACKEND", None)   # the kernel must use its inline backend, or figures never reach the page
    command = [sys.executable, "-m", "coursekit.site.sphinx_main", "-b", "html", "-W", "--keep-going", "-j", "1",
               "-d", str(doctrees), str(src), str(out)]
    if not verbose:
        command.append("-q")
    return subprocess.run(command, env=env, text=True, capture_output=not verbose, check=False)


def build(root: Path, out: Path | None = None, work: Path | None = None, *,
          clean: bool = False, verbose: bool = False) -> SiteBuild:
    """Build the site of the course in ``root``; raises :class:`SiteError` naming the failing page.

    ``clean`` throws away the staged project, Sphinx's state, the execution
    cache and the old output first (a build from nothing).
    """
    started = time.perf_counter()
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "site"
    work = Path(work).resolve() if work else root / "build" / "site"
    check_output_folder(out)
    sources = Sources.of(root)
    if clean:
        clear(work)
    forget_stale_outputs(root, work)
    src, html = work / "src", work / "html"
    changed = stage(sources, src, work)
    if any(not (src / name).exists() for name in changed):
        clear(html)   # Sphinx keeps the pages of removed sources; write its output afresh
    done = _sphinx(src, html, work / "doctrees", verbose=verbose)
    if done.returncode != 0:
        report = "\n".join(line for line in (done.stderr or "").splitlines()
                            if line.strip() and not line.startswith(NOISE)) or "see Sphinx's messages above"
        raise SiteError(f"the site build failed (sphinx exit code {done.returncode}); {out} still holds "
                        f"the last good build.\n{report}")
    publish(html, out)
    pages = tuple(sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                         if not p.relative_to(out).parts[0].startswith("_")))
    return SiteBuild(out, pages, changed, time.perf_counter() - started)


def check_output_folder(out: Path) -> None:
    """Refuse an output folder that holds files a site build did not write (they would be deleted)."""
    if out.is_file() or (out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file()):
        raise SiteError(f"{out} already holds other files; the site build replaces the whole folder, "
                        "so choose an empty or new folder with --out (or the default site/)")


def publish(html: Path, out: Path) -> None:
    """Mirror a finished build into ``out``: changed files rewritten, files no longer built removed."""
    keep = {out / MARKER}
    write_if_changed(out / MARKER, b"written by coursekit site build; the whole folder is replaced on each build\n")
    for path in html.rglob("*"):
        if path.is_file() and path.name != ".buildinfo":
            target = out / path.relative_to(html)
            write_if_changed(target, path.read_bytes())
            keep.add(target)
    prune(out, keep)
