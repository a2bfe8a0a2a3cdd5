"""Real Sphinx builds of a tiny course: what reaches the page, what fails the build, what a rebuild redoes."""

from __future__ import annotations

import re

import pytest

from coursekit.site import SiteError, build
from tests._components import missing
from tests.site._course import CHAPTER, make_course, notebook, write_notebook
from tests.site.conftest import site_tools_missing

pytestmark = pytest.mark.slow


@pytest.fixture()
def course(tmp_path):
    if reason := site_tools_missing():
        missing("the site tools", reason)
    return make_course(tmp_path / "course", exercise=True)


def _page(site, name: str) -> str:
    return (site.out / name).read_text(encoding="utf-8")


def test_a_build_runs_the_chapter_and_writes_every_page(course, tmp_path):
    site = build(course, tmp_path / "out", tmp_path / "work")
    assert set(site.pages) >= {"index.html", "01_demo.html", "glossary.html", "data.html",
                               "exercises/index.html", "exercises/a1_demo.html", "search.html"}
    chapter = _page(site, "01_demo.html")
    assert "合计 42" in chapter                                   # the cell ran: 40 + 2
    assert "<math" in chapter and "$" not in re.sub(r"<[^>]+>", "", chapter.split("合计 42")[0])
    assert 'href="01_demo.html"' in _page(site, "glossary.html")   # notebook links became page links
    downloads = {p.name for p in (site.out / "_downloads").rglob("*.ipynb")}
    assert downloads == {"01_demo.ipynb", "a1_demo.ipynb", "a1_demo_solution.ipynb"}
    assert (site.out / ".coursekit-site").is_file()


def test_a_cell_that_raises_fails_the_build_naming_the_page_and_keeps_the_last_good_site(course, tmp_path):
    good = build(course, tmp_path / "out", tmp_path / "work")
    before = _page(good, "01_demo.html")
    write_notebook(course / "chapters" / "01_demo.ipynb",
                   notebook(("md", "# 第1章 演示"), ("code", "1 / 0")))
    with pytest.raises(SiteError) as raised:
        build(course, tmp_path / "out", tmp_path / "work")
    assert "01_demo" in raised.value.english and "ZeroDivisionError" in raised.value.english
    assert "still holds the last good build" in raised.value.english
    assert _page(good, "01_demo.html") == before


def test_a_print_split_into_chunks_shows_as_written_and_no_widget_state_is_embedded(course, tmp_path):
    split = ("import sys, time\nprint('【有问题】', end=' ')\nsys.stdout.flush()\ntime.sleep(0.6)\n"
             "print('列 工单号')")
    widget = "import ipywidgets\nslider = ipywidgets.IntSlider(value=3)\nprint('滑块', slider.value)"
    write_notebook(course / "chapters" / "01_demo.ipynb",
                   notebook(("md", "# 第1章 演示"), ("code", split), ("code", widget)))
    page = _page(build(course, tmp_path / "out", tmp_path / "work"), "01_demo.html")
    assert "【有问题】 列 工单号" in page            # one line, exactly as printed, though it came in two chunks
    assert "滑块 3" in page
    assert "widget-state" not in page              # the models' state is not embedded (no widget JS is loaded)


def test_output_on_stderr_fails_the_build(course, tmp_path):
    write_notebook(course / "chapters" / "01_demo.ipynb",
                   notebook(("md", "# 第1章 演示"), ("code", "import sys\nprint('注意', file=sys.stderr)")))
    with pytest.raises(SiteError, match=r"01_demo.*stderr"):
        build(course, tmp_path / "out", tmp_path / "work")


def test_a_formula_that_cannot_be_converted_fails_the_build_and_names_it(course, tmp_path):
    write_notebook(course / "chapters" / "01_demo.ipynb", notebook(("md", "# 第1章 演示\n\n公式 $x^$。")))
    with pytest.raises(SiteError, match=r"01_demo.*cannot convert the formula 'x\^'"):
        build(course, tmp_path / "out", tmp_path / "work")


def test_rebuild_reruns_only_on_a_code_change_and_drops_pages_of_removed_chapters(course, tmp_path):
    stamp = notebook(("md", "# 第1章 演示"), ("code", "import time\nprint('stamp', time.time_ns())"))
    path = write_notebook(course / "chapters" / "01_demo.ipynb", stamp)
    out, work = tmp_path / "out", tmp_path / "work"
    stamp_of = lambda: re.search(r"stamp (\d+)", (out / "01_demo.html").read_text(encoding="utf-8")).group(1)  # noqa: E731
    build(course, out, work)
    first = stamp_of()

    untouched = work / "doctrees" / "glossary.doctree"
    read_at = untouched.stat().st_mtime_ns
    again = build(course, out, work)
    assert again.changed == () and stamp_of() == first

    stamp["cells"][0]["source"] = "# 第1章 演示\n\n只改了文字。"
    write_notebook(path, stamp)
    prose = build(course, out, work)
    assert prose.changed == ("01_demo.ipynb", "downloads/chapters/01_demo.ipynb")  # the page and its download
    assert "只改了文字" in (out / "01_demo.html").read_text(encoding="utf-8")
    assert stamp_of() == first                                                      # not run again: cache hit
    assert untouched.stat().st_mtime_ns == read_at          # the other pages were not read again (incremental)

    stamp["cells"][1]["source"] += "\nprint('more')"
    write_notebook(path, stamp)
    build(course, out, work)
    assert stamp_of() != first                                                      # code changed: ran again

    before_data = stamp_of()
    (course / "datasets" / "tickets.csv").write_text("ticket_id\nT1\n", encoding="utf-8")
    build(course, out, work)
    assert stamp_of() != before_data             # the data changed: no page keeps numbers from the old data

    write_notebook(course / "chapters" / "02_extra.ipynb", notebook(("md", "# 第2章 附加")))
    assert "02_extra.html" in build(course, out, work).pages
    (course / "chapters" / "02_extra.ipynb").unlink()
    last = build(course, out, work)
    assert "02_extra.html" not in last.pages and not (out / "02_extra.html").exists()


def test_an_output_folder_holding_other_files_is_refused_and_left_alone(course, tmp_path):
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteError, match=r"already holds other files.*--out"):
        build(course, foreign, tmp_path / "work")
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_the_cli_builds_and_reports(course, tmp_path, capsys):
    from coursekit.cli import main

    assert main(["site", "build", "--root", str(course), "--out", str(tmp_path / "o"),
                 "--work", str(tmp_path / "w")]) == 0
    assert re.search(r"site built: \d+ pages in .*/o ", capsys.readouterr().out)
    assert main(["site", "check", "--dir", str(tmp_path / "o")]) == 0
    assert "all links of" in capsys.readouterr().out
    (tmp_path / "o" / "glossary.html").unlink()              # the start page links to it
    assert main(["site", "check", "--dir", str(tmp_path / "o")]) == 1
    assert "index.html: <a href=\"glossary.html\">: missing file" in capsys.readouterr().out
    assert main(["site", "serve", "--dir", str(tmp_path / "nothing")]) == 2
    assert "run `coursekit site build` first" in capsys.readouterr().err


def test_chapter_constant_is_the_one_the_tests_build():
    assert CHAPTER["cells"][1]["source"].startswith("total = 40 + 2")
