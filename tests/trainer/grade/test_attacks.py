"""The adversarial bank (tests/trainer/attacks) against sandboxed parallel grading.

One class is graded twice: honest trainees alone (the baseline), then the same
honest trainees together with every attacker. Every attack must fail, the
honest scores must be exactly the baseline's, and nothing may leak to the host.
A last test grades two attackers *without* the sandbox and shows that they
then succeed — so these tests can fail.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
from pathlib import Path

import pytest

from coursekit.trainer.grade import SandboxPolicy, SandboxWarning, grade_assignment
from coursekit.trainer.grade.sandbox_check import check_sandbox
from tests.trainer import coursefactory as cf
from tests.trainer.attacks import load_bank

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs("bubblewrap", None if check_sandbox(SandboxPolicy()).ok else
                      "bubblewrap sandbox not available: apt install bubblewrap"),
]

BANK = load_bank()
GRADE_OPTIONS = {"workers": 2, "timeout": 3, "memory_mb": 1024, "sandbox": "bwrap"}


class Listener:
    """A TCP server on 127.0.0.1 that records whoever connects."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def sandbox_processes() -> list[str]:
    """Command lines of running processes that look like sandboxed trainee kernels."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "/home/trainee/.local/share/jupyter/runtime" in cmdline:
            found.append(cmdline)
    return found


@pytest.fixture(scope="module")
def attacked(generated_course: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("attacks")
    baseline_course = cf.new_course(generated_course, base / "baseline")
    expected = cf.submit_honest(baseline_course)
    baseline = grade_assignment(baseline_course, cf.ASSIGNMENT, **GRADE_OPTIONS)

    course = cf.new_course(generated_course, base / "course")
    cf.submit_honest(course)
    outside = base / "outside"
    outside.mkdir()
    listener = Listener()
    ctx = {"course": course, "port": listener.port, "outside": outside}
    release = cf.release_notebook(course)
    for attack in BANK:
        cf.submit(course, attack.NAME, attack.build(release, ctx))
    try:
        run = grade_assignment(course, cf.ASSIGNMENT, **GRADE_OPTIONS)
    finally:
        listener.close()
    return {"course": course, "outside": outside, "run": run, "baseline": baseline,
            "expected": expected, "connections": listener.connections}


def test_baseline_scores_are_the_hand_computed_ones(attacked: dict) -> None:
    # full 2+1+1 = 4; partial: rate divides by zero -> 2+1 = 3; blank 0; total only 1
    baseline = attacked["baseline"]
    assert {r.student: r.score for r in baseline.results} == attacked["expected"]
    assert all(r.status == "graded" for r in baseline.results)


def test_honest_scores_exactly_unchanged_by_attackers(attacked: dict) -> None:
    run, expected = attacked["run"], attacked["expected"]
    for student, score in expected.items():
        assert run[student].status == "graded"
        assert run[student].score == score
    # and the gradebook itself, read after every attacker has run
    stored = cf.gradebook_scores(attacked["course"])
    assert {s: stored[s] for s in expected} == expected


def _one_of(value, allowed) -> bool:
    return value in allowed if isinstance(allowed, tuple) else value == allowed


@pytest.mark.parametrize("attack", BANK, ids=lambda m: m.NAME)
def test_attack_fails(attacked: dict, attack) -> None:
    result = attacked["run"][attack.NAME]
    expect = attack.EXPECT
    assert _one_of(result.status, expect["status"]), result
    if "score" in expect:
        assert _one_of(result.score, expect["score"]), result
    if "reason" in expect:
        assert _one_of(result.reason, expect["reason"]), result
    if "output" in expect and result.status == "graded":
        assert expect["output"] in cf.autograded_text(attacked["course"], attack.NAME)
    if "flag" in expect:
        assert expect["flag"] in result.flags


def test_output_flood_is_capped(attacked: dict) -> None:
    path = attacked["course"] / "autograded" / "x06_flood" / cf.ASSIGNMENT / "ps1.ipynb"
    if attacked["run"]["x06_flood"].status == "graded":
        assert path.stat().st_size < 3_000_000  # 35 MB were printed
    else:
        assert not path.exists()  # nbgrader removes a failed trainee's notebooks


def test_fork_bomb_hits_the_process_limit(attacked: dict) -> None:
    text = cf.autograded_text(attacked["course"], "x07_fork")
    children = int(text.split("CHILDREN=")[1].split("\\n")[0].split('"')[0])
    assert 0 < children < 256  # SandboxPolicy.nproc counts the kernel's own threads too


def test_nothing_written_or_sent_outside_the_sandbox(attacked: dict) -> None:
    course, outside = attacked["course"], attacked["outside"]
    assert not (course / "source" / "ps1" / "PWNED.txt").exists()
    assert not (course / "PWNED.txt").exists()
    assert not (outside / "PWNED.txt").exists()
    assert attacked["connections"] == 0
    assert sandbox_processes() == []


def test_gradebook_stays_consistent(attacked: dict) -> None:
    con = sqlite3.connect(attacked["course"] / "gradebook.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # the attacker's UPDATE never ran: no manual score anywhere
        assert con.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL"
                           ).fetchone()[0] == 0
    finally:
        con.close()


def test_other_attackers_do_not_change_each_other(attacked: dict) -> None:
    stored = cf.gradebook_scores(attacked["course"])
    run = attacked["run"]
    graded = [result for result in run.results if result.status == "graded"]
    assert len(graded) >= len(run.results) // 2, [(r.student, r.status) for r in run.results]
    for result in graded:
        assert stored[result.student] == result.score


def test_without_sandbox_the_same_attacks_succeed(course: Path) -> None:
    """Proof that the bank can fail: no sandbox, and two attacks work."""
    cf.submit_honest(course, ["h1_full"])
    release = cf.release_notebook(course)
    ctx = {"course": course, "port": 9, "outside": course}
    bank = {attack.NAME: attack for attack in BANK}
    for name in ("x01_read_source", "x02_gradebook"):
        cf.submit(course, name, bank[name].build(release, ctx))
    with pytest.warns(SandboxWarning, match="WITHOUT A SANDBOX"):
        run = grade_assignment(course, cf.ASSIGNMENT, workers=1, timeout=5, sandbox="none")
    assert run.sandbox == "none" and run.warnings
    assert run["x01_read_source"].score == 4.0  # read the hidden tests
    stored = cf.gradebook_scores(course)
    assert stored["h1_full"] == 0.0  # graded 4.0, then zeroed by x02's UPDATE
