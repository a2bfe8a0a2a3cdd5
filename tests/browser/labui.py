"""Drive a real JupyterLab in Debian's chromium for the browser tests.

Language-independent where it can be: menus are found by JupyterLab command ids
(``data-command``), not by their (Chinese) labels. Nothing here downloads; the
browser is the system's ``/usr/bin/chromium`` (never ``playwright install``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from coursekit.lab import configure_lab, lab_command, merge_settings
from tests._net import free_ports

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = "install chromium: sudo apt-get install chromium, or run bash scripts/setup.sh test"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}

# Test-only JupyterLab defaults, on top of coursekit.lab's: never autosave (the
# chapters are committed without outputs) and render every cell (no windowing),
# so the DOM holds the whole notebook.
TEST_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

STDERR_OUTPUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def required(path: Path, what: str) -> Path:
    """``path`` when it is a file; otherwise the test fails naming it.

    The repository always ships its chapters and the released exercises, so a
    missing one is a broken product, never a reason to test a stand-in.
    """
    if not path.is_file():
        shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        pytest.fail(f"{what} is missing: {shown} (looked for {path})", pytrace=False)
    return path


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found; {SKIP_REASON}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Python playwright is not installed; {SKIP_REASON}"
    return None


@dataclass
class LabEnv:
    """Private Jupyter folders for one test session: the user's config is never read."""

    base: Path
    settings: Path = field(init=False)
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        overrides = configure_lab(self.base / "prefix")  # the course's real defaults ...
        data = json.loads(overrides.read_text(encoding="utf-8"))
        overrides.write_text(json.dumps(merge_settings(data, TEST_OVERRIDES)), encoding="utf-8")
        self.settings = overrides.parent  # ... plus the test-only ones
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
        for name, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                          ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                          ("JUPYTERLAB_SETTINGS_DIR", "user-settings"),
                          ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")]:
            (self.base / sub).mkdir(parents=True, exist_ok=True)
            env[name] = str(self.base / sub)
        env["PYTHONUNBUFFERED"] = "1"
        self.env = env


@dataclass
class LabServer:
    """A JupyterLab started by :func:`start_lab`; stop it with :meth:`stop`."""

    root: Path
    url: str
    token: str
    proc: subprocess.Popen
    log: Path

    def page_url(self, path: str = "/") -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path}{sep}token={self.token}"

    def api(self, method: str, path: str) -> object:
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """End every notebook session (and its kernel) so the next test starts clean."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server by its own PID; it shuts its kernels down itself."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_lab(root: Path, start: str | None, lab_env: LabEnv, log: Path) -> LabServer:
    """Start JupyterLab with ``coursekit.lab.lab_command`` on a free loopback port."""
    (port,), token = free_ports(1), secrets.token_hex(16)
    cmd = lab_command(root, start, port=port, open_browser=False, ip="127.0.0.1", token=token,
                      extra_args=[f"--LabApp.app_settings_dir={lab_env.settings}",
                                  # checkpoints outside the repository (an absolute folder)
                                  f"--FileCheckpoints.checkpoint_dir={lab_env.base / 'checkpoints'}"])
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=lab_env.env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(root=root, url=f"http://127.0.0.1:{port}", token=token, proc=proc, log=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}")
        try:
            server.api("GET", "/api/status")
            return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"JupyterLab did not answer within 90 s:\n{server.log_tail()}")


# --- notebooks in the page -------------------------------------------------------

def code_cell_count(path: Path) -> tuple[int, int]:
    """(all cells, code cells) of a notebook file."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return len(cells), sum(c["cell_type"] == "code" for c in cells)


def open_notebook(page, server: LabServer, relpath: str, n_cells: int) -> None:
    """Open ``relpath`` (relative to the server root) alone in a fresh workspace."""
    page.goto(server.page_url(f"/lab/tree/{quote(relpath)}?reset"))
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')"
        ".length === n", arg=n_cells, timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)


def menu_command(page, command: str) -> None:
    """Click the menu item with JupyterLab command id ``command`` (opens its menu first)."""
    item = page.locator(f"li.lm-Menu-item[data-command='{command}']")
    bar = page.locator(".lm-MenuBar-item")
    for i in range(bar.count()):
        bar.nth(i).click()
        if item.count() and item.first.is_visible():
            item.first.click()
            return
        page.keyboard.press("Escape")
    raise AssertionError(f"no menu item runs {command!r}")


WAIT_DONE = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent);
  const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
  return idle && !prompts.some(t => t.includes('*')) && prompts.some(t => /\\[\\d+\\]/.test(t));
}"""


def run_all(page, timeout_s: float = 300) -> float:
    """Run all cells from the Run menu and wait until the kernel is idle; returns seconds."""
    start = time.monotonic()
    menu_command(page, "runmenu:run-all")
    page.wait_for_function(WAIT_DONE, timeout=timeout_s * 1000)
    return time.monotonic() - start


def cell(page, index: int):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)


def run_cell_and_wait(page, index: int, timeout_s: float = 120) -> None:
    """Run the selected cell ``index`` (Run menu) and wait for its new execution count."""
    prompt = cell(page, index).locator(".jp-InputPrompt")
    before = prompt.inner_text()
    menu_command(page, "notebook:run-cell")
    page.wait_for_function(
        """([el, before]) => { const t = el.textContent;
             return t !== before && /\\[\\d+\\]/.test(t)
               && document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']"); }""",
        arg=[prompt.element_handle(), before], timeout=timeout_s * 1000)


def error_outputs(page) -> list[str]:
    """Text of every stderr or error output (JupyterLab renders both with the stderr type)."""
    return page.locator(STDERR_OUTPUT).all_inner_texts()


def output_texts(page) -> list[str]:
    return page.locator(".jp-OutputArea-output").all_inner_texts()


def output_images(page) -> list[int]:
    """Natural widths of the images in outputs (0 = not rendered)."""
    return page.locator(".jp-OutputArea-output img").evaluate_all(
        "els => els.map(e => (e.complete ? e.naturalWidth : 0))")


# Canvas test for "tofu": a CJK character whose drawing equals the drawing of an
# unassigned code point (U+0378, in no font) is rendered as the missing-glyph box.
MISSING_GLYPHS_JS = r"""
(root) => {
  const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/gu;
  const canvas = document.createElement('canvas'); canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const sig = (ch, font) => {
    ctx.clearRect(0, 0, 48, 48); ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
    ctx.fillText(ch, 4, 4);
    const d = ctx.getImageData(0, 0, 48, 48).data; let h = 0;
    for (let i = 3; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i]) >>> 0;
    return h + ':' + ctx.measureText(ch).width.toFixed(2);
  };
  const missing = new Set(), seen = new Set();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const chars = node.textContent.match(CJK);
    if (!chars || !node.parentElement) continue;
    const st = getComputedStyle(node.parentElement);
    const font = `${st.fontStyle} ${st.fontWeight} 24px ${st.fontFamily}`;
    const notdef = sig('\u0378', font);
    for (const ch of chars) {
      if (seen.has(font + ch)) continue;
      seen.add(font + ch);
      if (sig(ch, font) === notdef) missing.add(ch);
    }
  }
  return [...missing].join('');
}
"""


def missing_glyphs(page, selector: str = "body") -> str:
    """CJK characters under ``selector`` that the browser draws as missing-glyph boxes."""
    return page.locator(selector).first.evaluate(MISSING_GLYPHS_JS)


def screenshot(page, name: str, *, whole_notebook: bool = False) -> list[Path]:
    """Save ``artifacts/screenshots/<name>.png``.

    With ``whole_notebook`` the window is made tall (at most 12,000 px) and the
    notebook is saved page by page: ``<name>-p1.png``, ``<name>-p2.png``, ...
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    if not whole_notebook:
        page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"))
        return [SCREENSHOTS / f"{stem}.png"]
    outer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer").first
    extra = outer.evaluate("e => e.querySelector('.jp-WindowedPanel-inner').scrollHeight - e.clientHeight")
    page.set_viewport_size({"width": VIEWPORT["width"],
                            "height": min(VIEWPORT["height"] + max(extra, 0) + 40, 12_000)})
    page.wait_for_timeout(300)
    paths = []
    try:
        total, step = outer.evaluate("e => [e.querySelector('.jp-WindowedPanel-inner').scrollHeight, e.clientHeight]")
        for n, top in enumerate(range(0, max(total, 1), max(step, 1)), 1):
            outer.evaluate("(e, top) => { e.scrollTop = top; }", top)
            page.wait_for_timeout(200)
            paths.append(SCREENSHOTS / f"{stem}-p{n}.png")
            page.screenshot(path=str(paths[-1]))
    finally:
        page.set_viewport_size(VIEWPORT)
    return paths


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dst
