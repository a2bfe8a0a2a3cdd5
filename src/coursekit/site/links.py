"""Check the links of a built site: every local link resolves, and no page loads anything from another host.

:func:`broken_links` reads every ``.html`` file under the output folder with
the standard library's HTML parser and checks each ``href`` / ``src`` of the
elements that link or load (``a``, ``link``, ``script``, ``img``, ``source``,
``iframe``):

* a relative or root-relative URL must name a file of the site (``?query``
  is dropped, ``dir/`` means ``dir/index.html``, ``%``-escapes are decoded),
  and its ``#fragment`` must be an ``id`` (or ``<a name>``) of that page;
* an absolute ``http(s)://`` or protocol-relative ``//`` URL is fine as a
  link (``<a href>``: a reference the reader may follow) but is reported as an
  *off-host resource* when the page would load it (``src`` of ``script``,
  ``img``, ``iframe``, ``source``, and ``<link href>``), because the site must
  read the same on an intranet with no internet access;
* ``mailto:``, ``javascript:``, ``data:`` and ``blob:`` URLs are not checked.

HTML files under ``_static/`` are not pages (the themes copy Jinja macro
files such as ``webpack-macros.html`` there) and are not read. Stylesheets
are checked too: ``url(...)`` and ``@import`` in the ``.css``
files and in ``<style>`` elements must not point to another host, and a
relative ``url(...)`` in a ``.css`` file must name a file of the site.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = Path(tmp)
...     _ = (out / "index.html").write_text(
...         '<h1 id="top">Hi</h1><a href="#top">up</a> <a href="gone.html">x</a>'
...         '<script src="https://cdn.example.com/x.js"></script>', encoding="utf-8")
...     for problem in broken_links(out):
...         print(problem)
index.html: <a href="gone.html">: missing file (gone.html)
index.html: <script src="https://cdn.example.com/x.js">: off-host resource
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

__all__ = ["BrokenLink", "broken_links"]

# The attribute of each element that links to or loads another file.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}
# URL schemes that name no file of the site and are never requested from another host.
UNCHECKED_SCHEMES = {"mailto", "javascript", "data", "blob", "tel", "about"}
OFF_HOST = "off-host resource"

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>.*?)(?P=q)\s*\)""", re.S)
_CSS_IMPORT = re.compile(r"""@import\s+(?P<q>['"])(?P<url>.*?)(?P=q)""")


@dataclass(frozen=True)
class BrokenLink:
    """One problem: the page (path under the site folder), the element and attribute, the URL, why."""

    page: str
    attribute: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f'{self.page}: <{self.attribute}="{self.target}">: {self.reason}'


@dataclass(frozen=True)
class _Link:
    tag: str
    attribute: str
    url: str


class _PageParser(HTMLParser):
    """Collects a page's links, its anchors (ids and ``<a name>``) and the text of its ``<style>`` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.anchors: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            self.links.append(_Link(tag, attribute, values[attribute].strip()))
        if "style" in values:
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def _is_static(out: Path, path: Path) -> bool:
    """Whether ``path`` is in the site's ``_static`` folder (theme assets, not pages)."""
    return path.relative_to(out).parts[0] == "_static"


def _is_off_host(url: str) -> bool:
    """Whether a URL names another host (``http://``, ``https://`` or protocol-relative ``//``)."""
    parts = urlsplit(url)
    return parts.scheme.lower() in {"http", "https"} or (not parts.scheme and url.startswith("//"))


def _local_file(out: Path, page: Path, path: str) -> Path | None:
    """The file a URL path names, resolved from ``page``; None when it leaves the site folder."""
    decoded = unquote(path)
    if decoded.startswith("/"):
        joined = PurePosixPath(decoded.lstrip("/"))
    else:
        joined = PurePosixPath(page.parent.relative_to(out).as_posix()) / decoded
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in {".", ""}:
            parts.append(part)
    target = out.joinpath(*parts)
    if decoded.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


class _Checker:
    """Checks the pages of one site folder, reading each target page's anchors at most once."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._anchors: dict[Path, set[str]] = {}

    def anchors(self, page: Path, parsed: _PageParser | None = None) -> set[str]:
        if page not in self._anchors:
            self._anchors[page] = (parsed or _parse(page)).anchors
        return self._anchors[page]

    def name(self, path: Path) -> str:
        return path.relative_to(self.out).as_posix()

    def check_link(self, page: Path, link: _Link, own: _PageParser) -> str | None:
        """Why ``link`` on ``page`` is broken, or None when it is fine."""
        url = link.url
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in UNCHECKED_SCHEMES or not url:
            return None
        if _is_off_host(url):
            return None if link.tag == "a" else OFF_HOST
        if scheme:
            return None if link.tag == "a" else f"unsupported URL scheme {scheme}:"
        if not parts.path:
            target = page
        else:
            found = _local_file(self.out, page, parts.path)
            if found is None:
                return "points outside the site folder"
            if not found.is_file():
                shown = self.name(found) if found.is_relative_to(self.out) else str(found)
                return f"missing file ({shown})"
            target = found
        fragment = parts.fragment
        if not fragment or target.suffix.lower() not in {".html", ".htm"}:
            return None
        anchors = self.anchors(target, own if target == page else None)
        if fragment in anchors or unquote(fragment) in anchors:
            return None
        return f"missing anchor #{unquote(fragment)} in {self.name(target)}"

    def check_page(self, page: Path) -> list[BrokenLink]:
        parsed = _parse(page)
        self.anchors(page, parsed)
        problems = []
        for link in parsed.links:
            reason = self.check_link(page, link, parsed)
            if reason:
                problems.append(BrokenLink(self.name(page), f"{link.tag} {link.attribute}", link.url, reason))
        for style in parsed.styles:
            problems += self.check_css(page, style, local=False)
        return problems

    def check_css(self, sheet: Path, text: str, *, local: bool = True) -> list[BrokenLink]:
        """Off-host ``url()`` / ``@import`` in a stylesheet; with ``local``, also missing relative files."""
        text = _CSS_COMMENT.sub("", text)
        found = [("url", m.group("url").strip()) for m in _CSS_URL.finditer(text)]
        found += [("@import", m.group("url").strip()) for m in _CSS_IMPORT.finditer(text)]
        problems = []
        for kind, url in found:
            parts = urlsplit(url)
            reason = None
            if _is_off_host(url):
                reason = OFF_HOST
            elif local and url and not parts.scheme and not url.startswith("#") and parts.path:
                target = _local_file(self.out, sheet, parts.path)
                if target is None or not target.is_file():
                    reason = "missing file" + (f" ({self.name(target)})" if target else " (outside the site)")
            if reason:
                problems.append(BrokenLink(self.name(sheet), f"css {kind}", url, reason))
        return problems


def broken_links(out: Path) -> list[BrokenLink]:
    """Every broken local link and every off-host resource of the site in ``out``, by page.

    An empty list means: each local link and resource resolves to a file of
    the site (and each ``#fragment`` to an anchor of its page), and reading
    the site requests nothing from another host.
    """
    out = Path(out).resolve()
    checker = _Checker(out)
    problems: list[BrokenLink] = []
    for page in sorted(out.rglob("*.htm*")):
        if page.is_file() and page.suffix.lower() in {".html", ".htm"} and not _is_static(out, page):
            problems += checker.check_page(page)
    for sheet in sorted(out.rglob("*.css")):
        if sheet.is_file():
            problems += checker.check_css(sheet, sheet.read_text(encoding="utf-8", errors="replace"))
    return problems
