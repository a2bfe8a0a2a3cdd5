"""SandboxPolicy is the one source of the grading limits."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest

from coursekit.errors import ConfigError
from coursekit.trainer.grade import DEFAULT_POLICY, SandboxPolicy

TRAINER = Path(__file__).resolve().parents[3] / "src" / "coursekit" / "trainer"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "trainer-grading.md"
#: Numbers in trainer code that equal a limit by coincidence (name on the line -> why).
ALLOWED = {
    "ROOT_MODE_UID_BASE": "a uid, not a limit",
    "CHECK_TIMEOUT": "how long the sandbox self-test may take, not a trainee's cell",
    "rotation=": "angle of plot labels in the class report",
}


def limit_values() -> set[float]:
    return {getattr(DEFAULT_POLICY, f.name) for f in fields(SandboxPolicy)
            if isinstance(getattr(DEFAULT_POLICY, f.name), (int, float))}


def literal_limits(source: str, values: set[float]) -> list[tuple[int, str]]:
    """``(line, text)`` of every number in ``source`` code (not docstrings) equal to one of ``values``."""
    lines = source.split("\n")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value in values:
            text = lines[node.lineno - 1].strip()
            if not any(name in text for name in ALLOWED):
                found.append((node.lineno, text))
    return found


def test_the_scanner_finds_a_written_out_limit() -> None:
    # the scanner can fail: a copied default is found, a docstring mentioning it is not
    source = 'def f(memory_mb: int = 2048):\n    """Default 2048 MB."""\n    return memory_mb\n'
    assert literal_limits(source, {2048}) == [(1, "def f(memory_mb: int = 2048):")]


def test_no_trainer_module_writes_a_limit_out() -> None:
    values = limit_values()
    assert {2048, 256, 64, 30.0, 1_000_000} <= values  # what the five places used to hold
    offenders = {str(path.relative_to(TRAINER)): found
                 for path in sorted(TRAINER.rglob("*.py")) if path.name != "policy.py"
                 if (found := literal_limits(path.read_text(encoding="utf-8"), values))}
    assert offenders == {}


def test_every_part_of_grading_reads_the_policy() -> None:
    import argparse

    from coursekit.trainer.commands import add_commands
    from coursekit.trainer.grade.kernel import SandboxKernelManager

    assert SandboxKernelManager().policy() == DEFAULT_POLICY
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers())
    args = parser.parse_args(["grade", "ps1"])
    assert args.memory_mb is None and args.timeout is None  # None: grade_assignment uses the policy


def test_docs_name_the_policy_as_the_source() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "SandboxPolicy" in text and str(DEFAULT_POLICY.memory_mb) in text


def test_with_changes_only_what_is_given_and_rejects_negative_limits() -> None:
    policy = DEFAULT_POLICY.with_(memory_mb=512, nproc=None)
    assert (policy.memory_mb, policy.nproc) == (512, DEFAULT_POLICY.nproc)
    # worked by hand: 512 MB = 512 * 1,048,576 bytes = 536,870,912
    assert policy.limits()["as"] == 536_870_912
    with pytest.raises(ConfigError, match="file_mb must be 0 .* not -5"):
        SandboxPolicy(file_mb=-5)
