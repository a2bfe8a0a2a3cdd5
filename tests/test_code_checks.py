"""The code checks of CI: ruff (pyflakes, pycodestyle, bugbear, import order) and mypy on ``src/``.

Both are configured in pyproject.toml and installed with the ``test`` extra (pinned versions).
Run them by hand with ``ruff check src tests`` and ``mypy``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]' (pyproject.toml pins it)")
    return found


def test_ruff_finds_nothing_in_the_package_and_tests():
    result = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "src", "tests", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing_in_the_package(tmp_path):
    result = subprocess.run([_tool("mypy"), "--cache-dir", str(tmp_path / "mypy")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr


def test_ruff_can_fail(tmp_path):
    """The check is not vacuous: an unused import and a long line are findings under the project's config."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n" + "x = '" + "a" * 130 + "'\n")
    result = subprocess.run([_tool("ruff"), "check", "--config", str(ROOT / "pyproject.toml"),
                             "--output-format", "concise", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "F401" in result.stdout and "E501" in result.stdout
