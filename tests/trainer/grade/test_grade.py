"""Parallel grading: scores, skipping, failures kept to one trainee, kill-and-resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from coursekit.errors import ConfigError
from coursekit.trainer.grade import GradeRun, GradingError, SandboxPolicy, TraineeResult, grade_assignment, state
from coursekit.trainer.grade.sandbox_check import check_sandbox
from tests.trainer import coursefactory as cf

SANDBOX = "bwrap" if check_sandbox(SandboxPolicy()).ok else "none"
OPTIONS = {"workers": 2, "timeout": 5, "memory_mb": 1024, "sandbox": SANDBOX}


def test_trainee_result_and_run_accessors() -> None:
    run = GradeRun("ps1", [TraineeResult("a", "graded", 4.0, 4.0),
                           TraineeResult("b", "failed", reason="timeout"),
                           TraineeResult("c", "skipped", 1.0, 4.0)])
    assert [r.student for r in run.failed] == ["b"]
    assert [r.student for r in run.skipped] == ["c"]
    frame = run.to_frame()
    assert list(frame.index) == ["a", "b", "c"]
    assert frame.loc["b", "reason"] == "timeout"
    with pytest.raises(KeyError):
        run["zz"]


def test_bad_arguments_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        grade_assignment(tmp_path / "nowhere", "ps1")
    with pytest.raises(ConfigError, match="sandbox must be"):
        grade_assignment(tmp_path, "ps1", sandbox="docker")
    with pytest.raises(ConfigError, match="workers must be"):
        grade_assignment(tmp_path, "ps1", workers=-1)
    with pytest.raises(ConfigError, match="assignment must be"):
        grade_assignment(tmp_path, "../ps1")


@pytest.mark.slow
def test_unknown_assignment_and_student(course: Path) -> None:
    with pytest.raises(GradingError, match="cannot grade 'ps9'"):
        grade_assignment(course, "ps9", **OPTIONS)
    cf.submit_honest(course, ["h1_full"])
    with pytest.raises(ConfigError, match="no submission of 'ps1' for: ghost"):
        grade_assignment(course, cf.ASSIGNMENT, students=["ghost"], **OPTIONS)


@pytest.mark.slow
def test_grades_skips_and_regrades(course: Path) -> None:
    expected = cf.submit_honest(course)
    seen: list[tuple[str, int, int]] = []
    run = grade_assignment(course, cf.ASSIGNMENT, progress=lambda r, d, t: seen.append(
        (r.student, d, t)), **OPTIONS)
    assert {r.student: (r.status, r.score, r.max_score) for r in run.results} == {
        s: ("graded", score, cf.MAX_SCORE) for s, score in expected.items()}
    assert sorted(d for _, d, _ in seen) == [1, 2, 3, 4] and {t for *_, t in seen} == {4}
    assert run.sandbox == SANDBOX and run.workers == 2
    # no lock contention: every trainee graded at the first attempt, no lock in any log
    assert all(r.attempts == 1 for r in run.results)
    for result in run.results:
        assert "database is locked" not in Path(result.log).read_text(encoding="utf-8")

    again = grade_assignment(course, cf.ASSIGNMENT, **OPTIONS)
    assert [r.status for r in again.results] == ["skipped"] * 4
    assert {r.student: r.score for r in again.results} == expected

    # a resubmission is graded again; the others stay skipped
    release = cf.release_notebook(course)
    cf.submit(course, "h3_blank", cf.with_answers(release, cf.SOLUTION),
              timestamp="2024-05-07 10:00:00.000000 UTC")
    third = grade_assignment(course, cf.ASSIGNMENT, **OPTIONS)
    assert third["h3_blank"].status == "graded" and third["h3_blank"].score == 4.0
    assert [r.status for r in third.results if r.student != "h3_blank"] == ["skipped"] * 3

    forced = grade_assignment(course, cf.ASSIGNMENT, students=["h1_full"], force=True, **OPTIONS)
    assert [(r.student, r.status, r.score) for r in forced.results] == [("h1_full", "graded", 4.0)]


@pytest.mark.slow
def test_one_trainees_crash_or_timeout_stays_theirs(course: Path) -> None:
    expected = cf.submit_honest(course, ["h1_full", "h2_partial"])
    release = cf.release_notebook(course)
    # kills its own kernel: nbgrader cannot finish this trainee
    cf.submit(course, "k1_exit", cf.with_answers(release, {"mean_answer": "import os\nos._exit(1)"}))
    # ignores interrupts and loops: only the per-trainee budget stops it
    cf.submit(course, "k2_hang", cf.with_answers(release, {"mean_answer": (
        "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "while True:\n    time.sleep(0.05)")}))
    run = grade_assignment(course, cf.ASSIGNMENT, trainee_timeout=12, **OPTIONS)
    assert (run["k1_exit"].status, run["k1_exit"].reason) == ("failed", "crash")
    assert run["k1_exit"].message
    assert (run["k2_hang"].status, run["k2_hang"].reason) == ("failed", "timeout")
    for student, score in expected.items():
        assert (run[student].status, run[student].score) == ("graded", score)
    # failed trainees are tried again on the next run, the graded ones are skipped
    assert state.read_state(course, cf.ASSIGNMENT, "k2_hang")["state"] in ("running", "failed")
    again = grade_assignment(course, cf.ASSIGNMENT, students=["k1_exit", "h1_full"], **OPTIONS)
    assert again["k1_exit"].status == "failed" and again["h1_full"].status == "skipped"


WORKER = "coursekit.trainer.grade.worker"


def _parent_pid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _processes(marker: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(pid))
    return found


@pytest.mark.slow
def test_killing_the_run_loses_no_grade(course: Path) -> None:
    release = cf.release_notebook(course)
    expected = {}
    for i in range(8):
        answers = dict(cf.SOLUTION) if i % 2 == 0 else {"total_answer": cf.SOLUTION["total_answer"]}
        cf.submit(course, f"t{i}", cf.with_answers(release, answers))
        expected[f"t{i}"] = 4.0 if i % 2 == 0 else 1.0
    code = ("import sys\nfrom coursekit.trainer.grade import grade_assignment\n"
            f"grade_assignment(sys.argv[1], 'ps1', workers=2, timeout=5, sandbox={SANDBOX!r})\n")
    parent = subprocess.Popen([sys.executable, "-c", code, str(course)], env=cf.tool_env())
    folder = state.state_dir(course, cf.ASSIGNMENT)
    deadline = time.monotonic() + 240
    done: list[str] = []
    while time.monotonic() < deadline and parent.poll() is None:
        done = [p.stem for p in folder.glob("t*.json")
                if json.loads(p.read_text(encoding="utf-8")).get("state") == "done"]
        if len(done) >= 2:
            break
        time.sleep(0.05)
    assert parent.poll() is None, "the run finished before it could be killed"
    # this run's workers (other grading runs on the machine have workers of their own)
    workers = [pid for pid in _processes(WORKER) if _parent_pid(pid) == parent.pid]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)  # mid-run: other trainees are being graded now
    parent.wait()
    # the workers (and with them their sandboxed kernels) die with the parent
    for _ in range(100):
        if not set(workers) & set(_processes(WORKER)):
            break
        time.sleep(0.1)
    assert set(workers) & set(_processes(WORKER)) == set()
    con = sqlite3.connect(course / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    stale = list(Path(tempfile.gettempdir()).glob(f"coursekit-grading-{parent.pid}-*"))
    assert stale  # the killed run could not clean up its kernels' scratch folder ...
    resumed = grade_assignment(course, cf.ASSIGNMENT, **OPTIONS)
    assert not any(p.exists() for p in stale)  # ... the next run does
    assert {r.student: r.score for r in resumed.results} == expected
    assert {r.student for r in resumed.skipped} >= set(done)
    assert all(r.status in ("graded", "skipped") for r in resumed.results)
    assert cf.gradebook_scores(course) == expected
