"""The site's link checker (coursekit.site.links): hand-made folders first, then the real build.

Each small site is written into ``tmp_path``; a test breaks exactly one thing
and asserts that the checker names the page and the target of that one thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.site.links import OFF_HOST, BrokenLink, broken_links

GOOD_INDEX = """<!DOCTYPE html><html lang="zh-CN"><head>
<link rel="stylesheet" href="_static/site.css?v=1">
<link rel="stylesheet" href="/_static/site.css">
<script src="_static/app.js"></script>
</head><body>
<h1 id="top">首页</h1><a name="old-anchor"></a>
<a href="#">nothing</a> <a href="part/page.html#">empty fragment</a> <a href="#top">top</a> <a href="">self</a>
<a href="chapter%201.html#%E5%9B%BE">chapter with a space, Chinese anchor</a>
<a href="chapter 1.html#图">the same, not encoded</a>
<a href="part/">part's index</a> <a href="part/page.html?highlight=x#sec">with query</a>
<a href="index.html#old-anchor">named anchor</a>
<a href="https://example.com/paper.pdf">external reference</a> <a href="mailto:a@example.com">mail</a>
<a href="javascript:void(0)">js</a>
<img src="_images/fig.png" alt=""> <img src="data:image/png;base64,iVBORw0KGgo=" alt="">
<iframe src="part/page.html"></iframe>
<style>body { background: url(_images/fig.png); }</style>
</body></html>"""


def write_site(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` and return ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    """A small site in which every kind of link the checker knows resolves."""
    return write_site(tmp_path, {
        "index.html": GOOD_INDEX,
        "chapter 1.html": '<h2 id="图">图</h2><a href="index.html#top">back</a>',
        "part/index.html": '<a href="../index.html">home</a><a href="/index.html#top">root-relative</a>',
        "part/page.html": '<section id="sec"></section><a href="./index.html">part</a>',
        "_static/site.css": '@font-face { src: url("fonts/a.woff2") format("woff2"); } /* url(https://x.y/a) */',
        "_static/fonts/a.woff2": "font",
        "_static/app.js": "",
        "_images/fig.png": "png",
        "_static/webpack-macros.html": "<link href=\"{{ pathto('_static/x.css', 1) }}\">",
    })


def only(problems: list[BrokenLink]) -> BrokenLink:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_a_good_site_has_no_broken_links(good_site):
    """Relative, root-relative, encoded, dir/, ?query, #fragment and <a name> links all resolve; external
    links, mailto:, javascript: and data: are accepted; theme templates in _static are not read as pages."""
    assert broken_links(good_site) == []


def test_a_missing_file_is_reported(good_site):
    """A link to a page that is not in the folder is reported with its page and target."""
    write_site(good_site, {"part/page.html": '<section id="sec"></section><a href="../missing.html">x</a>'})
    problem = only(broken_links(good_site))
    assert (problem.page, problem.attribute, problem.target) == ("part/page.html", "a href", "../missing.html")
    assert problem.reason == "missing file (missing.html)"
    assert str(problem) == 'part/page.html: <a href="../missing.html">: missing file (missing.html)'


def test_a_missing_image_and_a_missing_directory_index_are_reported(good_site):
    """An <img src> to an absent file, and dir/ whose index.html is absent, are each reported."""
    (good_site / "_images" / "fig.png").unlink()
    (good_site / "part" / "index.html").unlink()
    found = {(p.page, p.target) for p in broken_links(good_site)}
    assert found == {("index.html", "_images/fig.png"), ("index.html", "part/"),
                     ("part/page.html", "./index.html")}


def test_a_missing_fragment_is_reported(good_site):
    """A #fragment that is no id of the target page is reported; the page's file itself exists."""
    write_site(good_site, {"part/index.html": '<a href="page.html#no-such-section">x</a>'})
    problem = only(broken_links(good_site))
    assert (problem.page, problem.target) == ("part/index.html", "page.html#no-such-section")
    assert problem.reason == "missing anchor #no-such-section in part/page.html"


def test_a_missing_fragment_on_the_same_page_is_reported(good_site):
    """href="#nowhere" is checked against the page's own ids."""
    write_site(good_site, {"part/page.html": '<section id="sec"></section><a href="#nowhere">x</a>'})
    problem = only(broken_links(good_site))
    assert (problem.page, problem.target, problem.reason) == (
        "part/page.html", "#nowhere", "missing anchor #nowhere in part/page.html")


def test_a_link_leaving_the_site_folder_is_reported(good_site):
    """../../ beyond the site's root cannot work once the folder is copied elsewhere."""
    write_site(good_site, {"part/page.html": '<section id="sec"></section><a href="../../x.html">x</a>'})
    assert only(broken_links(good_site)).reason == "points outside the site folder"


@pytest.mark.parametrize(("markup", "attribute"), [
    ('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>', "script src"),
    ('<script src="//cdn.example.com/lib.js"></script>', "script src"),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Noto">', "link href"),
    ('<img src="http://example.com/logo.png" alt="">', "img src"),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "iframe src"),
])
def test_an_off_host_resource_in_a_page_is_reported(good_site, markup, attribute):
    """A resource the browser would fetch from another host is reported, unlike an <a href> to it."""
    target = markup.split('"')[3] if markup.startswith("<link") else markup.split('"')[1]
    write_site(good_site, {"part/page.html": f'<section id="sec"></section>{markup}'})
    problem = only(broken_links(good_site))
    assert (problem.page, problem.attribute, problem.target, problem.reason) == (
        "part/page.html", attribute, target, OFF_HOST)


def test_an_off_host_css_font_is_reported(good_site):
    """A stylesheet's url(https://...) font and @import url(http...) are off-host resources of that .css."""
    write_site(good_site, {"_static/theme.css": (
        "@import url(http://fonts.example.com/noto.css);\n"
        "@font-face { font-family: N; src: url('https://fonts.gstatic.com/s/noto/v1/noto.woff2') format('woff2'); }\n"
        'body { background: url("data:image/png;base64,AAAA"); }\n')})
    problems = broken_links(good_site)
    assert {(p.page, p.target, p.reason) for p in problems} == {
        ("_static/theme.css", "http://fonts.example.com/noto.css", OFF_HOST),
        ("_static/theme.css", "https://fonts.gstatic.com/s/noto/v1/noto.woff2", OFF_HOST),
    }


def test_an_off_host_import_in_a_style_element_and_a_missing_css_file_are_reported(good_site):
    """@import "https://..." inside <style>, and a .css url() naming no file, are both reported."""
    write_site(good_site, {
        "part/page.html": '<section id="sec"></section><style>@import "https://x.example.com/a.css";</style>',
        "_static/site.css": '@font-face { src: url("fonts/gone.woff2"); }',
    })
    found = {(p.page, p.attribute, p.target, p.reason) for p in broken_links(good_site)}
    assert found == {
        ("part/page.html", "css @import", "https://x.example.com/a.css", OFF_HOST),
        ("_static/site.css", "css url", "fonts/gone.woff2", "missing file (_static/fonts/gone.woff2)"),
    }


@pytest.mark.slow
def test_the_built_site_has_no_broken_links(built_site):
    """The real build: every local link resolves, every #fragment exists, nothing is loaded off-host."""
    site, _work = built_site
    problems = broken_links(site.out)
    assert problems == [], f"{len(problems)} broken links in {site.out}:\n" + "\n".join(map(str, problems))
