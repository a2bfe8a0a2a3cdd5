"""coursekit.lab: JupyterLab defaults, the launch command, finding the course."""

from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from coursekit import lab
from coursekit.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- configure_lab ----------------------------------------------------------------

def test_configure_lab_writes_chinese_locale_and_no_news(tmp_path):
    path = lab.configure_lab(tmp_path)
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert read(path) == {
        "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }


def test_configure_lab_keeps_other_settings_and_is_idempotent(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        "@jupyterlab/translation-extension:plugin": {"locale": "en", "displayLanguage": "x"},
        "@jupyterlab/apputils-extension:notification": {"doNotDisturbMode": True},
    }), encoding="utf-8")
    lab.configure_lab(tmp_path)
    first = path.read_bytes()
    assert read(path) == {
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},       # kept
        "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN", "displayLanguage": "x"},
        "@jupyterlab/apputils-extension:notification": {
            "doNotDisturbMode": True, "fetchNews": "false", "checkForUpdates": False},
    }
    lab.configure_lab(tmp_path)
    assert path.read_bytes() == first


@pytest.mark.parametrize("content, problem", [("{not json", "cannot read"), ("[1, 2]", "must hold a JSON object")])
def test_configure_lab_refuses_a_broken_file_without_touching_it(tmp_path, content, problem):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as err:
        lab.configure_lab(tmp_path)
    assert str(path) in str(err.value)
    assert path.read_text(encoding="utf-8") == content


def test_configure_lab_reports_a_folder_it_cannot_write(tmp_path):
    blocker = tmp_path / "prefix"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot write JupyterLab settings .*scripts/setup.sh"):
        lab.configure_lab(blocker)


def test_the_overrides_name_real_jupyterlab_settings():
    """Plugin ids, keys and values exist in the installed JupyterLab (a typo would be ignored silently)."""
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    translation = read(schemas / "@jupyterlab" / "translation-extension" / "plugin.json")
    notification = read(schemas / "@jupyterlab" / "apputils-extension" / "notification.json")
    assert "locale" in translation["properties"]
    assert {"const": "false", "title": "Never"} in notification["properties"]["fetchNews"]["oneOf"]
    assert notification["properties"]["checkForUpdates"]["type"] == "boolean"
    packs = {e.name for e in entry_points(group="jupyterlab.languagepack")}
    assert lab.LAB_OVERRIDES["@jupyterlab/translation-extension:plugin"]["locale"] in packs


# --- lab_command ------------------------------------------------------------------

def test_lab_command_opens_the_start_notebook_with_the_browser_at_the_root(tmp_path):
    cmd = lab.lab_command(tmp_path, port=8890, open_browser=False, ip="127.0.0.1", token="t0k",
                          allow_root=True, extra_args=["--X.y=1"])
    assert cmd == [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={tmp_path}",
        "--LabApp.default_url=/lab/tree/chapters/00_start_here.ipynb?file-browser-path=/",
        "--no-browser", "--ip=127.0.0.1", "--port=8890", "--IdentityProvider.token=t0k",
        "--allow-root", "--X.y=1",
    ]


def test_lab_command_defaults_open_a_browser_and_allow_root_only_as_root(monkeypatch):
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000, raising=False)
    cmd = lab.lab_command("course")
    assert "--no-browser" not in cmd and "--allow-root" not in cmd
    assert not any(a.startswith(("--port", "--ip", "--IdentityProvider")) for a in cmd)
    assert cmd[3] == f"--ServerApp.root_dir={Path('course').absolute()}"
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0, raising=False)
    assert "--allow-root" in lab.lab_command("course")


def test_start_url_quotes_names_and_handles_no_start():
    assert lab.start_url("chapters/第1章 概述.ipynb") == (
        "/lab/tree/chapters/%E7%AC%AC1%E7%AB%A0%20%E6%A6%82%E8%BF%B0.ipynb?file-browser-path=/")
    assert lab.start_url(None) == "/lab?file-browser-path=/"
    assert lab.lab_command("r", None)[4] == "--LabApp.default_url=/lab?file-browser-path=/"


# --- finding the course -------------------------------------------------------------

def make_course(base: Path, *notebooks: str) -> Path:
    (base / "chapters").mkdir(parents=True)
    for name in notebooks:
        (base / "chapters" / name).write_text("{}", encoding="utf-8")
    return base


def test_find_root_walks_up_to_the_folder_with_chapters(tmp_path):
    course = make_course(tmp_path / "course")
    (course / "course" / "source").mkdir(parents=True)
    assert lab.find_root(course / "course" / "source") == course.resolve()


def test_find_root_falls_back_to_the_checkout_then_fails_clearly(tmp_path, monkeypatch):
    assert lab.find_root(tmp_path) == ROOT  # this repository has chapters/
    monkeypatch.setattr(lab, "__file__", str(tmp_path / "site" / "coursekit" / "pkg" / "lab.py"))
    with pytest.raises(ConfigError, match=r"no course folder .*--root"):
        lab.find_root(tmp_path)


@pytest.mark.parametrize("notebooks, expected", [
    (("01_concepts.ipynb", "00_start_here.ipynb", "00_aaa.ipynb"), "chapters/00_start_here.ipynb"),
    (("01_concepts.ipynb", "00_intro.ipynb"), "chapters/00_intro.ipynb"),
    (("02_b.ipynb", "01_a.ipynb"), "chapters/01_a.ipynb"),
    ((), None),
])
def test_default_start(tmp_path, notebooks, expected):
    assert lab.default_start(make_course(tmp_path, *notebooks)) == expected


# --- launch -----------------------------------------------------------------------

class FakeProcess:
    """Stands in for JupyterLab: the first wait() is interrupted by Ctrl+C, the next returns."""

    calls: list = []

    def __init__(self, cmd, cwd=None):
        FakeProcess.calls.append((cmd, cwd))
        self.waits = 0

    def wait(self):
        self.waits += 1
        if self.waits == 1:
            raise KeyboardInterrupt
        return 3


def test_launch_runs_lab_command_in_the_course_and_outlives_ctrl_c(tmp_path, monkeypatch):
    course = make_course(tmp_path, "00_start_here.ipynb")
    FakeProcess.calls = []
    monkeypatch.setattr(lab.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(lab, "configure_lab", lambda: pytest.fail("configure=False must not configure"))
    assert lab.launch(course, port=8899, open_browser=False, configure=False) == 3
    [(cmd, cwd)] = FakeProcess.calls
    assert cwd == course
    assert cmd == lab.lab_command(course, "chapters/00_start_here.ipynb", port=8899, open_browser=False)


def test_launch_configures_first_and_checks_the_folder(tmp_path, monkeypatch):
    course = make_course(tmp_path / "c")  # no notebook yet: JupyterLab opens without a document
    events = []
    monkeypatch.setattr(lab, "configure_lab", lambda: events.append("configure"))

    def popen(cmd, cwd=None):
        events.append("start")
        assert "--LabApp.default_url=/lab?file-browser-path=/" in cmd
        return FakeProcess(cmd, cwd)

    monkeypatch.setattr(lab.subprocess, "Popen", popen)
    assert lab.launch(course) == 3
    assert events == ["configure", "start"]
    with pytest.raises(ConfigError, match="does not exist"):
        lab.launch(tmp_path / "missing", configure=False)
