"""Grading with the gradebook in a real PostgreSQL server (tests/pg.py), no mocks.

The course is the fixture course of tests/trainer with a second assignment
``ps2`` (a copy of ``ps1``), its ``CourseDirectory.db_url`` pointing at a
database of the test server. Each test gets a fresh copy of the generated
database (``CREATE DATABASE ... TEMPLATE``).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from coursekit.cli import main
from tests import pg
from tests._components import missing
from tests.trainer import coursefactory as cf
from tests.trainer.review.test_export import EXPECTED, HEADER, _rows

pytestmark = pytest.mark.slow

#: ps2's answers per trainee (a permutation of the honest answers) and their scores.
PS2 = {"h1_full": ("h4_total_only", 1.0), "h2_partial": ("h1_full", 4.0),
       "h3_blank": ("h2_partial", 3.0), "h4_total_only": ("h3_blank", 0.0)}
PS1_SCORES = {name: score for name, (_, score) in cf.HONEST.items()}
_NAMES = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.PostgresServer]:
    """One PostgreSQL server for the session (skips on a laptop without it, fails in CI)."""
    reason = pg.missing_reason()
    if reason:
        missing("PostgreSQL", reason)
    server = pg.PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sandbox() -> str:
    from coursekit.trainer.grade import SandboxPolicy
    from coursekit.trainer.grade.sandbox_check import check_sandbox

    return "bwrap" if check_sandbox(SandboxPolicy()).ok else "none"


def _point_at(course: Path, url: str) -> None:
    config = (cf.FIXTURE / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(
        f"{config}c.CourseDirectory.db_url = {url!r}\n", encoding="utf-8")


@pytest.fixture(scope="session")
def pg_template(pg_server: pg.PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course with ps1 and ps2 generated into the database ``template_course`` (do not modify)."""
    course = tmp_path_factory.mktemp("pg_template") / "course"
    shutil.copytree(cf.FIXTURE, course)
    shutil.copytree(course / "source" / "ps1", course / "source" / "ps2")
    _point_at(course, pg_server.create_database("template_course"))
    for assignment in ("ps1", "ps2"):
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment,
                        "--force", "--log-level=ERROR"],
                       cwd=course, env=cf.tool_env(), check=True, capture_output=True)
    return course


def _new_course(server: pg.PostgresServer, template: Path, dest: Path) -> tuple[Path, str]:
    """A copy of the template course with its own copy of the template database."""
    name = f"course_{next(_NAMES)}"
    with server.connect("postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template_course')
    course = cf.new_course(template, dest)
    url = server.url(name)
    _point_at(course, url)
    return course, url


def _submit(course: Path, assignment: str, student: str, answers: dict[str, str]) -> None:
    release = course / "release" / assignment
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for extra in release.iterdir():
        shutil.copyfile(extra, folder / extra.name)
    notebook = cf.with_answers(json.loads((release / "ps1.ipynb").read_text(encoding="utf-8")),
                               answers)
    (folder / "ps1.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2024-05-06 09:30:00.000000 UTC", encoding="utf-8")


def _submit_both(course: Path) -> None:
    for student, (answers, _) in cf.HONEST.items():
        _submit(course, "ps1", student, answers)
        _submit(course, "ps2", student, cf.HONEST[PS2[student][0]][0])


def _scores(url: str, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(url, "coursekit-trainer-tests") as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(assignment)}


def _query(url: str, sql: str) -> list[tuple]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


#: (assignment, trainee, submission rows) for every submission.
SUBMISSIONS = """
SELECT a.name, s.student_id, count(*) FROM submitted_assignment s
JOIN assignment a ON a.id = s.assignment_id GROUP BY a.name, s.student_id ORDER BY 1, 2"""
#: (assignment, trainee, grade rows, grade cells of the notebook, distinct cells graded).
GRADES = """
SELECT a.name, s.student_id, count(g.id), (SELECT count(*) FROM grade_cells gc
        JOIN base_cell bc ON bc.id = gc.id WHERE bc.notebook_id = sn.notebook_id), count(DISTINCT g.cell_id)
FROM submitted_notebook sn JOIN submitted_assignment s ON s.id = sn.assignment_id
JOIN assignment a ON a.id = s.assignment_id LEFT JOIN grade g ON g.notebook_id = sn.id
GROUP BY a.name, s.student_id, sn.id ORDER BY 1, 2"""


def _assert_consistent(url: str, expected: dict[str, dict[str, float]]) -> None:
    """One submission per (assignment, trainee), one grade per grade cell, no extra rows."""
    pairs = sorted((a, s) for a, scores in expected.items() for s in scores)
    assert _query(url, SUBMISSIONS) == [(a, s, 1) for a, s in pairs]
    grades = _query(url, GRADES)
    assert [(a, s) for a, s, *_ in grades] == pairs  # one submitted notebook each
    assert all(n == 3 and cells == 3 and distinct == 3 for _, _, n, cells, distinct in grades), grades
    assert _query(url, "SELECT count(*) FROM student") == [(len({s for _, s in pairs}),)]
    for assignment, scores in expected.items():
        assert _scores(url, assignment) == scores


@pytest.fixture(scope="module")
def pg_graded(pg_server: pg.PostgresServer, pg_template: Path, graded_course: Path,
              sandbox: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The SQLite-graded class (``graded_course``: 5 trainees) graded again with PostgreSQL."""
    from coursekit.trainer.grade import grade_assignment

    course, url = _new_course(pg_server, pg_template, tmp_path_factory.mktemp("pg") / "course")
    shutil.copytree(graded_course / "submitted", course / "submitted")
    run = grade_assignment(course, "ps1", workers=2, timeout=5, sandbox=sandbox)
    assert [r.status for r in run.results] == ["graded"] * 5, run.results
    return course, url


def test_postgres_scores_equal_sqlite_scores(pg_graded: tuple[Path, str], graded_course: Path) -> None:
    _, url = pg_graded
    sqlite_scores = cf.gradebook_scores(graded_course)
    assert sqlite_scores == {**PS1_SCORES, "h5_exfil": 4.0}
    assert _scores(url, "ps1") == sqlite_scores
    _assert_consistent(url, {"ps1": sqlite_scores})


def test_grading_again_skips_from_postgres(pg_graded: tuple[Path, str], capsys) -> None:
    course, _ = pg_graded
    assert main(["grade", "ps1", "--course", str(course), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "graded 0, skipped 5, failed 0" in out, out
    assert "h2_partial  skipped 3/4" in out, out


def test_export_reads_postgres(pg_graded: tuple[Path, str], tmp_path: Path, capsys) -> None:
    course, _ = pg_graded
    target = tmp_path / "成绩.csv"
    assert main(["export", "ps1", str(target), "--course", str(course)]) == 0
    assert capsys.readouterr().out.strip() == f"grade sheet written: {target}"
    back = pd.read_csv(target, encoding="utf-8-sig")
    assert back.columns.tolist() == HEADER
    assert _rows(back) == EXPECTED


def test_report_reads_postgres(pg_graded: tuple[Path, str], graded_course: Path, tmp_path: Path,
                               capsys) -> None:
    from coursekit.trainer.review.report import analyse_assignment

    course, _ = pg_graded
    report = analyse_assignment(course, "ps1")
    assert report.totals["score"].to_dict() == {**PS1_SCORES, "h5_exfil": 4.0}
    pd.testing.assert_frame_equal(report.items, analyse_assignment(graded_course, "ps1").items)
    target = tmp_path / "ps1.html"
    assert main(["report", "ps1", "--course", str(course), "--output", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"report written: {target}"
    assert "test_rate" in target.read_text(encoding="utf-8")


def test_feedback_reads_postgres(pg_graded: tuple[Path, str], capsys) -> None:
    course, _ = pg_graded
    assert main(["feedback", "ps1", "--course", str(course), "--student", "h2_partial"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("h2_partial: "), lines
    html = Path(lines[0].split(": ", 1)[1]).read_text(encoding="utf-8")
    assert "Score: 3.0 / 4.0" in html, html[:2000]  # h2_partial's total, read from PostgreSQL


def test_missing_tables_and_assignment_are_clear_errors(pg_server: pg.PostgresServer, sandbox: str,
                                                        pg_template: Path, tmp_path: Path) -> None:
    from coursekit.errors import ConfigError
    from coursekit.trainer import nbconfig
    from coursekit.trainer.grade import GradingError, grade_assignment

    course = cf.new_course(pg_template, tmp_path / "course")
    empty = pg_server.create_database(f"empty_{next(_NAMES)}")
    _point_at(course, empty)
    coursedir = nbconfig.course_directory(nbconfig.load_config(course))
    with pytest.raises(ConfigError, match="no gradebook tables in postgresql"):
        with nbconfig.open_gradebook(coursedir):
            pass
    assert _query(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    course, _ = _new_course(pg_server, pg_template, tmp_path / "course2")
    _submit(course, "ps1", "h1_full", cf.SOLUTION)
    shutil.copytree(course / "submitted" / "h1_full" / "ps1", course / "submitted" / "h1_full" / "ps9")
    with pytest.raises(GradingError, match="'ps9' is not in the gradebook postgresql"):
        grade_assignment(course, "ps9", workers=1, timeout=5, sandbox=sandbox)


def test_two_trainers_grade_different_assignments_at_once(pg_server: pg.PostgresServer,
                                                          pg_template: Path, sandbox: str,
                                                          tmp_path: Path) -> None:
    from coursekit.trainer.grade import grade_assignment

    course, url = _new_course(pg_server, pg_template, tmp_path / "course")
    _submit_both(course)
    barrier = threading.Barrier(2)
    runs: dict[str, object] = {}
    spans: dict[str, tuple[float, float]] = {}

    def trainer(assignment: str) -> None:
        barrier.wait()
        started = time.monotonic()
        try:
            runs[assignment] = grade_assignment(course, assignment, workers=1, timeout=5,
                                                sandbox=sandbox)
        except Exception as exc:  # reported by the assertion below
            runs[assignment] = exc
        spans[assignment] = (started, time.monotonic())

    threads = [threading.Thread(target=trainer, args=(a,)) for a in ("ps1", "ps2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for assignment in ("ps1", "ps2"):
        run = runs[assignment]
        assert not isinstance(run, Exception), run
        assert [r.status for r in run.results] == ["graded"] * 4, run.results  # type: ignore[attr-defined]
    # the runs overlapped: each started before the other ended
    assert max(a for a, _ in spans.values()) < min(b for _, b in spans.values()), spans
    _assert_consistent(url, {"ps1": PS1_SCORES,
                             "ps2": {s: score for s, (_, score) in PS2.items()}})


def test_killed_grading_run_restarts_to_a_consistent_gradebook(pg_server: pg.PostgresServer,
                                                               pg_template: Path, sandbox: str,
                                                               tmp_path: Path, capsys) -> None:
    course, url = _new_course(pg_server, pg_template, tmp_path / "course")
    _submit_both(course)
    command = [str(Path(sys.executable).parent / "coursekit"), "grade", "ps1", "--course",
               str(course), "--workers", "1", "--timeout", "5", "--sandbox", sandbox]
    proc = subprocess.Popen(command, env=cf.tool_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    complete = """SELECT count(*) FROM submitted_assignment s WHERE NOT EXISTS (
        SELECT 1 FROM submitted_notebook sn JOIN grade g ON g.notebook_id = sn.id
        WHERE sn.assignment_id = s.id AND g.auto_score IS NULL)
        AND EXISTS (SELECT 1 FROM submitted_notebook sn JOIN grade g ON g.notebook_id = sn.id
        WHERE sn.assignment_id = s.id)"""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if _query(url, complete)[0][0] >= 1:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the run ended before it could be killed"
        recorded = _query(url, complete)[0][0]
        assert 1 <= recorded < 4, recorded
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(_query(url, "SELECT id FROM submitted_assignment")) < 4  # killed mid-way
    assert main(["grade", "ps1", "--course", str(course), "--workers", "1", "--timeout", "5",
                 "--sandbox", sandbox]) == 0
    out = capsys.readouterr().out
    assert "failed 0" in out and "graded 0," not in out, out
    _assert_consistent(url, {"ps1": PS1_SCORES})


def test_a_trainee_created_by_another_trainer_meanwhile_is_retried(pg_server: pg.PostgresServer,
                                                                    pg_template: Path, sandbox: str,
                                                                    tmp_path: Path) -> None:
    """The race of two runs creating the same new trainee, made certain: another session holds
    an uncommitted insert of the trainee until the grader's own insert waits on it."""
    from coursekit.trainer.grade import grade_assignment

    course, url = _new_course(pg_server, pg_template, tmp_path / "course")
    _submit(course, "ps1", "h1_full", cf.SOLUTION)
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    other = pg_server.connect(database)
    runs: list[object] = []
    worker = threading.Thread(target=lambda: runs.append(
        grade_assignment(course, "ps1", workers=1, timeout=5, sandbox=sandbox)))
    try:
        other.execute("INSERT INTO student (id) VALUES ('h1_full')")  # not committed yet
        worker.start()
        waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        deadline = time.monotonic() + 120
        while _query(url, waiting)[0][0] == 0 and time.monotonic() < deadline and worker.is_alive():
            time.sleep(0.1)
        assert _query(url, waiting)[0][0] == 1, "the grader never waited for the other insert"
        other.commit()  # the other trainer wins: the grader's insert fails with a unique violation
    finally:
        other.close()
        worker.join(timeout=300)
    (result,) = runs[0].results  # type: ignore[attr-defined]
    assert (result.status, result.score, result.attempts) == ("graded", 4.0, 2), result
    log = (course / ".coursekit" / "grading" / "ps1" / "logs" / "h1_full.log").read_text()
    assert "duplicate key value violates unique constraint" in log.split("--- attempt 2 ---")[0]
    _assert_consistent(url, {"ps1": {"h1_full": 4.0}})


#: A trainee answer that looks for the gradebook: its server over TCP and over the unix
#: socket, a password in the environment, the course's nbgrader_config.py (holding the URL).
PROBE = '''import os, socket
def _probe():
    found = []
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=3).close()
        found.append("tcp open")
    except OSError:
        found.append("tcp blocked")
    unix = socket.socket(socket.AF_UNIX)
    try:
        unix.connect({socket_file!r})
        found.append("unix open")
    except OSError:
        found.append("unix blocked")
    finally:
        unix.close()
    found.append("secret seen" if any("s3cret" in v for v in os.environ.values()) else "no secret")
    found.append("config seen" if os.path.exists({config!r}) else "no config")
    return found
print("PROBE", _probe())

def mean(xs):
    return sum(xs) / len(xs)'''


def test_sandboxed_kernel_cannot_reach_the_database(pg_server: pg.PostgresServer, pg_template: Path,
                                                    sandbox: str, tmp_path: Path, monkeypatch,
                                                    capsys) -> None:
    from sqlalchemy.engine import make_url

    from coursekit.trainer.grade import grade_assignment

    if sandbox != "bwrap":
        missing("bubblewrap", "the bubblewrap sandbox does not work here: apt install bubblewrap")
    course, url = _new_course(pg_server, pg_template, tmp_path / "course")
    with_password = make_url(url).set(password="s3cret-in-url").render_as_string(hide_password=False)
    _point_at(course, with_password)  # trust authentication ignores it; only its visibility matters
    monkeypatch.setenv("PGPASSWORD", "s3cret-in-env")
    probe = PROBE.format(port=pg_server.port,
                         socket_file=str(pg_server.socket_dir / f".s.PGSQL.{pg_server.port}"),
                         config=str(course / "nbgrader_config.py"))
    exec(compile(probe, "probe", "exec"), {})  # outside the sandbox: everything is in reach
    assert capsys.readouterr().out == "PROBE ['tcp open', 'unix open', 'secret seen', 'config seen']\n"
    _submit(course, "ps1", "h1_full", {**cf.SOLUTION, "mean_answer": probe})
    run = grade_assignment(course, "ps1", workers=1, timeout=10, sandbox="bwrap")
    assert [(r.status, r.score) for r in run.results] == [("graded", 4.0)], run.results
    graded = cf.autograded_text(course, "h1_full")
    assert "PROBE ['tcp blocked', 'unix blocked', 'no secret', 'no config']" in graded, graded


def test_without_postgresql_the_reason_names_the_install(monkeypatch):
    """No server binaries: the pg_server fixture's reason (skip on a laptop, fail in CI) says what to install."""
    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    assert pg.find_bindir() is None
    assert pg.missing_reason() == "PostgreSQL not found in /usr/lib/postgresql/*/bin: apt install postgresql"


def test_as_root_without_runuser_the_reason_names_util_linux(monkeypatch):
    monkeypatch.setattr(pg, "find_bindir", lambda: Path("/usr/lib/postgresql/15/bin"))
    monkeypatch.setattr(pg.os, "geteuid", lambda: 0)
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    reason = pg.missing_reason()
    assert reason is not None and "runuser" in reason and "apt install util-linux" in reason


def test_the_course_takes_its_gradebook_url_from_the_environment(monkeypatch):
    """deploy/k8s gives trainers COURSEKIT_GRADEBOOK_URL from a secret; unset or blank keeps the SQLite file."""
    from coursekit.trainer.nbconfig import load_config

    course = Path(__file__).resolve().parents[2] / "course"
    monkeypatch.setenv("COURSEKIT_GRADEBOOK_URL", "postgresql+psycopg://grader@db.example/aftersales")
    assert load_config(course).CourseDirectory.db_url == "postgresql+psycopg://grader@db.example/aftersales"
    for unset in ("", "  "):
        monkeypatch.setenv("COURSEKIT_GRADEBOOK_URL", unset)
        assert load_config(course).CourseDirectory.db_url == f"sqlite:///{course.resolve() / 'gradebook.db'}"
    monkeypatch.delenv("COURSEKIT_GRADEBOOK_URL")
    assert load_config(course).CourseDirectory.db_url == f"sqlite:///{course.resolve() / 'gradebook.db'}"
