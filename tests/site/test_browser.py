"""The built reading site in headless Chromium: pages load cleanly, offline, in Chinese, with figures and formulas.

The site built once per session (``built_site``) is served on loopback by
coursekit's own handler (:func:`coursekit.site.serve.handler_for`). One module
fixture visits every page once and records what the browser saw (console
errors, uncaught exceptions, failed requests, error responses, every requested
URL, every image's decoded size); most tests assert on that record, so a
failure lists every page and URL at once. Search, glyphs, the theme's labels
and the formulas are checked on their own pages.

Screenshots go to /tmp/site_shots/ (index, chapter 1, a search result).
"""

from __future__ import annotations

import http.server
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from coursekit.site.serve import handler_for
from tests.browser.labui import VIEWPORT, missing_glyphs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path("/tmp/site_shots")
CJK = re.compile(r"[\u4e00-\u9fff]")
TEX_COMMAND = re.compile(r"\\(sqrt|frac|bar|hat|sum|times|cdot|left|right|mathrm|text)\b")
# MyST syntax that only shows as text when a directive or role was not parsed (fences, {name}, :option:)
MYST_LEFTOVER = re.compile(r"```|:::|\{(admonition|download|doc|ref|note|tip|warning|toctree|code-cell)\}|^:class:",
                           re.M)
MIN_FIGURES = 4   # chapters 1 and 2 each draw many matplotlib figures (8 and 7 plt.show() cells)
SEARCH_TIMEOUT_MS = 20_000

# Everything an image needs to be measured: lazy images made eager, then all decoded (or failed).
IMAGES_JS = """async () => {
  for (const img of document.images) { img.loading = "eager"; }
  window.scrollTo(0, document.body.scrollHeight);
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  window.scrollTo(0, 0);
  return [...document.images].map(img => ({src: img.getAttribute("src") || "", width: img.naturalWidth,
                                           height: img.naturalHeight}));
}"""
SEARCH_DONE_JS = """() => {
  const summary = document.querySelector('#search-results .search-summary');
  return summary !== null && summary.innerText.trim().length > 0;
}"""
# The text a reader sees in the article, without code (a program may legitimately hold TeX in a string).
PROSE_TEXT_JS = """() => {
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, math').forEach(e => e.remove());
  return copy.innerText;
}"""


@dataclass
class Visit:
    """What the browser saw while loading every page of the site once."""

    base: str
    pages: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)   # (page, url)
    images: dict[str, list[dict]] = field(default_factory=dict)     # page -> [{src, width, height}]
    prose: dict[str, str] = field(default_factory=dict)             # page -> article text without code


@pytest.fixture(scope="module")
def site_url(built_site):
    """The built site served on 127.0.0.1 at a free port; yields its base URL (ending in /)."""
    site, _work = built_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site.out))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def visit(built_site, site_url, playwright_browser) -> Visit:
    """Load every page (SiteBuild.pages, search.html, genindex.html) in one browser context and record it."""
    site, _work = built_site
    names = sorted(set(site.pages) | {"search.html", "genindex.html"})
    record = Visit(site_url, names)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = playwright_browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    current = {"name": ""}

    def where(url: str) -> str:
        return f"{current['name']}: {url}"

    page.on("console", lambda m: m.type == "error" and record.console_errors.append(
        f"{current['name']}: {m.text} (at {m.location.get('url')}:{m.location.get('lineNumber')})"))
    page.on("pageerror", lambda e: record.page_errors.append(f"{current['name']}: {e}"))
    page.on("requestfailed", lambda r: record.failed.append(f"{where(r.url)} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and record.bad_status.append(f"{where(r.url)} -> {r.status}"))
    page.on("request", lambda r: record.requests.append((current["name"], r.url)))
    try:
        for name in names:
            current["name"] = name
            page.goto(site_url + name, wait_until="load")
            page.wait_for_load_state("networkidle")
            record.images[name] = page.evaluate(IMAGES_JS)
            record.prose[name] = page.evaluate(PROSE_TEXT_JS)
            page.wait_for_load_state("networkidle")
            if name in {"index.html", "01_concepts.html"}:
                page.screenshot(path=str(SHOTS / name.replace(".html", ".png")), full_page=False)
    finally:
        context.close()
    return record


def search(page, site_url: str, query: str, shot: str) -> list[str]:
    """Run the site's search for ``query``; the result pages (path, no anchor) in the order shown.

    The results (or what shows instead) are saved as ``/tmp/site_shots/<shot>.png``.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site_url}search.html?q={quote(query)}", wait_until="load")
    try:
        page.wait_for_function(SEARCH_DONE_JS, timeout=SEARCH_TIMEOUT_MS)
    except Exception:  # playwright's TimeoutError; the message below says what the page showed instead
        page.screenshot(path=str(SHOTS / f"{shot}.png"))
        shown = page.locator("#search-results").inner_text() if page.locator("#search-results").count() else ""
        pytest.fail(f"the search for {query!r} did not finish within {SEARCH_TIMEOUT_MS / 1000:.0f} s; "
                    f"#search-results shows {shown!r}", pytrace=False)
    page.screenshot(path=str(SHOTS / f"{shot}.png"))
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a", "as => as.map(a => a.href)")
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs]


def test_every_page_logs_no_console_error_and_no_uncaught_exception(visit):
    """No page writes a console message of type "error" or throws an uncaught JavaScript exception."""
    assert len(visit.pages) >= 20, visit.pages
    problems = visit.console_errors + [f"uncaught: {e}" for e in visit.page_errors]
    assert problems == [], "\n".join(problems)


def test_every_request_succeeds(visit):
    """No request of any page fails, and no response has a status of 400 or more (e.g. a missing file)."""
    assert visit.failed + visit.bad_status == [], "\n".join(visit.failed + visit.bad_status)


def test_no_request_goes_to_another_host(visit):
    """Every URL a page requests is on the local server (or data:/blob:): the site reads offline."""
    assert len(visit.requests) > len(visit.pages) * 5, "the request recorder saw almost nothing"
    off_host = [f"{page}: {url}" for page, url in visit.requests
                if not url.startswith(visit.base) and not url.startswith(("data:", "blob:"))]
    assert off_host == [], "\n".join(off_host)


def test_every_image_is_decoded(visit):
    """Each <img> of each page has a natural width and height above 0 after loading (no broken figure)."""
    broken = [f"{page}: {img['src']} ({img['width']}x{img['height']})"
              for page, images in visit.images.items() for img in images
              if img["width"] <= 0 or img["height"] <= 0]
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("chapter", ["01_concepts.html", "02_training_improvement.html"])
def test_chapters_1_and_2_show_their_figures(visit, chapter):
    """The executed chapters carry their matplotlib figures as images (at least MIN_FIGURES each)."""
    images = visit.images[chapter]
    assert len(images) >= MIN_FIGURES, (
        f"{chapter} shows {len(images)} images, expected at least {MIN_FIGURES}: "
        f"{[img['src'] for img in images]}")


def test_no_myst_markup_shows_as_text(visit):
    """No page shows MyST source as text (```{admonition}, {download}, :class:) outside code blocks."""
    assert "首次解决率" in visit.prose["01_concepts.html"], "the recorded article text is empty"
    leaks = {}
    for page, text in visit.prose.items():
        lines = [line.strip()[:120] for line in text.splitlines() if MYST_LEFTOVER.search(line)]
        if lines:
            leaks[page] = lines
    assert leaks == {}, "\n".join(f"{page}: {lines}" for page, lines in leaks.items())


@pytest.mark.parametrize(("query", "expected"), [
    ("首次解决率", "01_concepts.html"),
    ("双重差分", "02_training_improvement.html"),
])
def test_chinese_search_finds_the_chapter(page, site_url, query, expected):
    """Searching a whole Chinese course term lists first the chapter that uses it most (its index entry)."""
    results = search(page, site_url, query, f"search_{expected.removesuffix('.html')}")
    assert results[:1] == [expected], f"{query!r}: {expected} is not the first of {results}"   # its index entry
    assert "glossary.html" in results[:3]                                                     # then the definition


def test_search_for_a_word_in_no_page_finds_nothing(page, site_url):
    """Negative control: a made-up term gives no result, so the search tests can fail."""
    assert search(page, site_url, "不存在的词汇甲乙丙", "search_nothing") == []


def test_chapter_1_has_no_missing_glyphs(page, site_url):
    """Every Chinese character on chapter 1 is drawn with a real glyph (no tofu boxes)."""
    page.goto(site_url + "01_concepts.html", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.locator("body").inner_text().count("绩效") > 10, "chapter 1 did not render its text"
    assert missing_glyphs(page) == ""


def test_the_theme_speaks_chinese(page, site_url):
    """html[lang] is zh-CN and the theme's labels are Chinese: previous/next links and the download button."""
    page.goto(site_url + "01_concepts.html", wait_until="load")
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    assert page.locator(".prev-next-area a.left-prev .prev-next-subtitle").inner_text().strip() == "上一页"
    assert page.locator(".prev-next-area a.right-next .prev-next-subtitle").inner_text().strip() == "下一页"
    assert page.locator("button.dropdown-toggle[aria-label='下载本页']").count() == 1
    assert page.locator(".search-button__button").first.get_attribute("aria-label") == "搜索"


# labels with Latin letters that are not English words: a key name and the download formats
NOT_ENGLISH = {"Ctrl", "K", ".ipynb", ".md", ".pdf"}
UI_LABELS_JS = """() => {
  const article = document.querySelector('article');
  const labels = [];
  for (const e of document.querySelectorAll('[title], [aria-label], [placeholder], button, label')) {
    if (article && article.contains(e)) continue;
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const v = e.getAttribute(name); if (v) labels.push(v.trim());
    }
    if (e.matches('button, label') && e.innerText) labels.push(e.innerText.trim());
  }
  return labels;
}"""


@pytest.mark.parametrize("name", ["index.html", "01_concepts.html", "search.html"])
def test_no_english_label_in_the_page_frame(page, site_url, name):
    """Every tooltip, aria label, placeholder and button text around the article is Chinese."""
    page.goto(site_url + name, wait_until="load")
    labels = page.evaluate(UI_LABELS_JS)
    assert len(labels) > 10, labels
    english = sorted({t for t in labels if re.search("[A-Za-z]", t) and not CJK.search(t) and t not in NOT_ENGLISH})
    assert english == []


def test_the_search_box_placeholder_is_chinese(page, site_url):
    """The search field's placeholder (shown when a reader opens search) is Chinese, not "Search..."."""
    page.goto(site_url + "01_concepts.html", wait_until="load")
    placeholders = page.eval_on_selector_all("input[name='q']", "es => es.map(e => e.placeholder)")
    assert placeholders, "no search field on the page"
    assert all(CJK.search(text) for text in placeholders), placeholders


def test_chapter_2_formulas_are_mathml(page, site_url):
    """Chapter 2's formulas render as <math> elements and no TeX command is left in its prose."""
    page.goto(site_url + "02_training_improvement.html", wait_until="load")
    assert page.locator("article math").count() >= 3
    assert page.locator("article math").first.bounding_box()["width"] > 0
    leftovers = sorted(set(TEX_COMMAND.findall(page.evaluate(PROSE_TEXT_JS))))
    assert leftovers == [], f"TeX left as text: {leftovers}"


def test_the_site_works_opened_from_disk(built_site, playwright_browser):
    """Opened as files (a file share, no server): a chapter shows its figures, search finds chapter 1, no errors."""
    site, _work = built_site
    context = playwright_browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((site.out / "01_concepts.html").as_uri(), wait_until="load")
        images = page.evaluate(IMAGES_JS)
        assert len(images) >= MIN_FIGURES and all(img["width"] > 0 for img in images)
        page.goto((site.out / "search.html").as_uri() + "?q=" + quote("首次解决率"), wait_until="load")
        page.wait_for_function(SEARCH_DONE_JS, timeout=SEARCH_TIMEOUT_MS)
        hrefs = page.eval_on_selector_all("#search-results ul.search > li > a", "as => as.map(a => a.href)")
        assert any(urlsplit(h).path.endswith("/01_concepts.html") for h in hrefs), hrefs
        assert errors == []
    finally:
        context.close()
