"""The committed ``datasets/`` folder ships inside the wheel as ``coursekit/data``.

The fast test reads the packaging configuration; the slow one builds a real
wheel (offline, from the local package index) and loads data from it in a
fresh process outside the repository.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

import pytest

from tests.datasets._shipped import REPO


def _setuptools_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_pyproject_maps_datasets_into_the_package():
    config = _setuptools_config()
    assert config.get("package-dir", {}).get("coursekit.data") == "datasets"
    patterns = config.get("package-data", {}).get("coursekit.data", [])
    assert "*.csv" in patterns and "SHA256SUMS" in patterns


def test_every_source_package_is_listed():
    packages = _setuptools_config().get("packages")
    if not isinstance(packages, list):
        pytest.fail("[tool.setuptools] packages must be an explicit list that includes coursekit.data")
    found = {".".join(p.parent.relative_to(REPO / "src").parts) for p in (REPO / "src").rglob("__init__.py")}
    assert found | {"coursekit.data"} <= set(packages)


@pytest.mark.slow
def test_wheel_contains_the_data_and_load_works_from_it(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "whl"), str(REPO)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "whl").glob("coursekit-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert {"coursekit/data/tickets.csv", "coursekit/data/SHA256SUMS"} <= names
    code = "import coursekit; print(coursekit.__file__); print(len(coursekit.load('tickets')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"})
    first, count = out.stdout.split()
    assert first.startswith(str(tmp_path / "site")) and count == "24000"
