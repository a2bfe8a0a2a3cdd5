"""The one switch that turns "component missing" from a skip (laptop) into a failure (CI)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = textwrap.dedent('''
    import pytest
    from tests._components import missing

    @pytest.mark.needs("a fake sandbox", "fake-sandbox not installed: apt install fake-sandbox")
    def test_marked():
        pass

    def test_called():
        missing("a fake browser", "fake-browser not found")

    @pytest.mark.needs("a present component", None)
    def test_present():
        pass
''')


def run_probe(tmp_path: Path, strict: bool) -> str:
    # inside tests/ so the root conftest applies; the leading underscore keeps other runs from collecting it
    probe = ROOT / "tests" / f"_probe_{tmp_path.name}.py"
    probe.write_text(PROBE, encoding="utf-8")
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)}
    if strict:
        env["COURSEKIT_REQUIRE_COMPONENTS"] = "1"
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider",
                                 "--no-header", str(probe)], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120)
    finally:
        probe.unlink()
    return result.stdout


@pytest.mark.slow
def test_missing_components_skip_on_a_laptop(tmp_path):
    out = run_probe(tmp_path, strict=False)
    assert "2 skipped" in out and "1 passed" in out and "failed" not in out, out
    assert "apt install fake-sandbox" in out  # the install hint is shown


@pytest.mark.slow
def test_missing_components_fail_in_ci(tmp_path):
    out = run_probe(tmp_path, strict=True)
    # the marker fails the test at set-up (an error), the call inside the test fails it: both turn CI red
    assert "1 failed, 1 passed, 1 error" in out and "skipped" not in out, out
    assert "COURSEKIT_REQUIRE_COMPONENTS=1" in out and "fake-browser not found" in out


def test_ci_sets_the_switch():
    assert "export COURSEKIT_REQUIRE_COMPONENTS=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
