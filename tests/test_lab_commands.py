"""``coursekit lab``: argument parsing and what it asks coursekit.lab to do."""

from __future__ import annotations

import argparse

import pytest

from coursekit import lab
from coursekit.errors import ConfigError
from coursekit.lab_commands import add_commands


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="coursekit")
    add_commands(parser.add_subparsers(dest="command"))
    return parser.parse_args(["lab", *argv])


@pytest.fixture
def calls(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(lab, "configure_lab", lambda: seen.append("configure") or tmp_path / "overrides.json")
    monkeypatch.setattr(lab, "launch", lambda *a, **k: seen.append(("launch", a, k)) or 0)
    return seen


def test_lab_configures_then_launches_with_the_options(calls, capsys):
    args = parse("--port", "8890", "--no-browser", "--root", "/srv/course")
    assert args.func(args) == 0
    assert calls == ["configure", ("launch", ("/srv/course",),
                                   {"port": 8890, "open_browser": False, "configure": False})]
    assert "overrides.json" in capsys.readouterr().out


def test_lab_defaults(calls):
    args = parse()
    args.func(args)
    assert calls[1] == ("launch", (None,), {"port": None, "open_browser": True, "configure": False})


def test_configure_only_does_not_start_jupyterlab(calls):
    args = parse("--configure-only")
    assert args.func(args) == 0
    assert calls == ["configure"]


def test_unwritable_settings_warn_but_still_launch(monkeypatch, calls, capsys):
    def refuse():
        raise ConfigError("cannot write JupyterLab settings /usr/share/x: permission denied")

    monkeypatch.setattr(lab, "configure_lab", refuse)
    args = parse()
    assert args.func(args) == 0
    assert calls[0][0] == "launch"
    assert "warning: cannot write JupyterLab settings" in capsys.readouterr().err
    args = parse("--configure-only")
    with pytest.raises(ConfigError):  # the CLI prints it and exits with 2
        args.func(args)


def test_port_must_be_a_number():
    with pytest.raises(SystemExit):
        parse("--port", "eighty")
