"""A whole class through JupyterHub: release, fetch, answer, run, submit, collect, grade.

Everybody works through the proxy's public address as a browser would: the hub's
login form, the hub API to start a server, then their own server's REST API —
nbgrader's Formgrader API for the trainer (what its Release / Collect buttons call),
nbgrader's Assignments API for trainees (Fetch / Submit), the contents API to save
an answered notebook, and a kernel websocket to run it. Grading is
``coursekit.trainer.grade.grade_assignment`` (what ``coursekit grade`` runs),
executed in a kernel of the trainer's own server.

Expected scores, by hand (fixture ``kpi-mini``, 5 points: test-fcr 2, test-nps 3):
- zhang answers both tasks right: 2 + 3 = 5;
- li writes NPS as a fraction, (50 − 20) / 100 = 0.3 instead of 30: test-nps fails,
  test-fcr passes: 2 + 0 = 2.
"""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from coursekit.trainer import notebooks
from coursekit.trainer.author import bank
from tests.hub.hubclient import HubError, HubUser, cell_by_id, error_text, grade_in_kernel
from tests.hub.launch import CAPSTONE, ROOT, TRAINEES, TRAINER

pytestmark = [pytest.mark.slow]

ASSIGNMENT = "kpi-mini"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
COURSE_ID = "kpi-mini-class"  # tests/hub/fixtures/classroom/course/nbgrader_config.py
CJK = re.compile(r"[\u4e00-\u9fff]")

ANSWERS = {
    "zhang": {"fcr": "def fcr(first, total):\n    return first / total",
              "nps": "def nps(promoters, passives, detractors):\n"
                     "    return (promoters - detractors) / (promoters + passives + detractors) * 100"},
    "li": {"fcr": "def fcr(first, total):\n    return first / total",
           "nps": "def nps(promoters, passives, detractors):\n"
                  "    return (promoters - detractors) / (promoters + passives + detractors)"},
}
EXPECTED = {"zhang": 5.0, "li": 2.0}



def step(timings: dict, name: str, start: float) -> float:
    now = time.monotonic()
    timings[name] = round(now - start, 1)
    return now


def test_trainer_releases_trainees_submit_and_grades_are_right(classroom, record_property):
    timings: dict[str, float] = {}
    t = time.monotonic()
    trainer = HubUser(classroom.url, TRAINER)
    trainees = {name: HubUser(classroom.url, name) for name in TRAINEES}
    everyone = [trainer, *trainees.values()]

    # Log in through the proxy (a wrong password is refused) and start the three servers together.
    with pytest.raises(HubError, match="login failed"):
        HubUser(classroom.url, "zhang").login(classroom.password + "x")
    for user in everyone:
        user.login(classroom.admin_password if user is trainer else classroom.password)
        user.request_server()
    with ThreadPoolExecutor(len(everyone)) as pool:
        list(pool.map(lambda u: u.wait_server(), everyone))
    t = step(timings, "login_and_spawn_3", t)

    # The classroom set-up: Chinese JupyterLab; formgrader for the trainer only; own servers only.
    locale = trainees["zhang"].json("GET", "/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert locale["schema"]["properties"]["locale"]["default"] == "zh_CN", locale["schema"]["properties"]
    assert trainer.get("/formgrader/api/status").status_code == 200
    assert trainees["zhang"].get("/formgrader/api/status").status_code == 404
    peek = trainees["zhang"].http.get(f"{classroom.url}/user/li/lab", timeout=60)  # OAuth as zhang
    assert peek.status_code == 403, f"a trainee opened another trainee's server: {peek.status_code} {peek.url}"
    helper = trainer.open_other_server("zhang")  # trainers are admins (after an "Authorize" page)
    assert helper.status_code == 200 and helper.url.endswith("/user/zhang/lab"), (helper.status_code, helper.url)
    assert (classroom.homes / "zhang" / "chapters" / "00_start_here.ipynb").exists(), "chapters not seeded"

    # Trainer: generate the student version and release it to the exchange.
    for action in ("assign", "release"):
        result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/{action}")
        assert result["success"], f"{action}: {result.get('error') or result.get('log')}"
    assert (classroom.exchange / COURSE_ID / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    t = step(timings, "generate_and_release", t)

    # Trainees: fetch, answer, run all cells, save, submit.
    for name, user in trainees.items():
        listing = user.json("POST", "/assignments/fetch",
                            data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
        assert listing["success"], listing
        fetched = [a for a in listing["value"] if a["assignment_id"] == ASSIGNMENT]
        assert fetched and fetched[0]["status"] == "fetched", listing["value"]

        notebook = user.read_notebook(NOTEBOOK)
        assert "BEGIN SOLUTION" not in json.dumps(notebook) and "HIDDEN" not in json.dumps(notebook)
        for grade_id, code in ANSWERS[name].items():
            cell_by_id(notebook, grade_id)["source"] = code
        user.run_and_save(NOTEBOOK, notebook)

        assert error_text(cell_by_id(notebook, "test-fcr")) == ""
        nps_feedback = error_text(cell_by_id(notebook, "test-nps"))
        if name == "li":  # the visible test tells her, in Chinese, what NPS should look like
            assert nps_feedback.startswith("AssertionError") and CJK.search(nps_feedback), nps_feedback
        else:
            assert nps_feedback == ""

        listing = user.json("POST", "/assignments/submit",
                            data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
        assert listing.get("success"), listing
    inbound = sorted(p.name.split("+")[0] for p in (classroom.exchange / COURSE_ID / "inbound").iterdir())
    assert inbound == sorted(TRAINEES), inbound
    t = step(timings, "fetch_run_submit_2", t)

    # Trainer: collect, then grade in a kernel of the trainer's server.
    result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect")
    assert result["success"], result.get("error") or result.get("log")
    for name in TRAINEES:
        assert (classroom.course / "submitted" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    t = step(timings, "collect", t)

    report = grade_in_kernel(trainer, str(classroom.course), ASSIGNMENT)
    # Nothing at all may reach the grader's stderr. `coursekit grade` prints its
    # progress, summary and sandbox notes to stdout; each worker's stderr (nbgrader's
    # logging, e.g. its harmless "checksum ... has changed" warnings, and anything a
    # trainee's code prints) goes to that worker's log file, not to the command's
    # stderr. So the command's own stderr carries only problems: a traceback, a
    # "coursekit: error: ..." line, or a Python warning raised in the trainer's process.
    assert report["stderr"] == "", (
        f"coursekit grade wrote to stderr (rc {report['rc']}):\n{report['stderr'][-3000:]}")
    assert report["rc"] == 0 and report["sandbox"] in ("bwrap", "none"), report
    assert sorted(report["results"]) == [[name, "graded"] for name in sorted(TRAINEES)], report
    t = step(timings, "grade", t)

    # The scores, as the trainer's formgrader shows them.
    submissions = trainer.json("GET", f"/formgrader/api/submissions/{ASSIGNMENT}")
    scores = {s["student"]: (s["score"], s["max_score"]) for s in submissions}
    assert scores == {name: (points, 5.0) for name, points in EXPECTED.items()}, scores
    step(timings, "read_scores", t)

    t = _capstone_round(classroom, trainer, trainees, timings, t)

    record_property("timings_s", timings)
    record_property("sandbox", report["sandbox"])
    print("classroom timings (s):", timings, "sandbox:", report["sandbox"])


#: The capstone's flawed design li hands in: a gate that can be bought back with points
#: (tests/course/wrong_answers/a6_kpi_system_design.yaml); the course check measured it
#: at 19 of 25 autograded points (grades -3, gate -3). zhang hands in the model design: 25.
CAPSTONE_FLAW = "compensatory-compliance"
CAPSTONE_EXPECTED = {"zhang": 25.0, "li": 19.0}
CAPSTONE_MAX = 30.0  # 25 autograded + the 5-point design memo a trainer grades


def _capstone_answers(name: str) -> dict[str, str]:
    solution = notebooks.read(ROOT / "solutions" / CAPSTONE / f"{CAPSTONE}.ipynb")
    answers = {gid: cell.source for gid, cell in notebooks.graded_cells(solution)
               if notebooks.cell_role(cell) in ("answer", "manual")}
    if name == "li":
        (flaw,) = [w for w in bank.load_bank(ROOT / "tests" / "course" / "wrong_answers")
                   if w.assignment == CAPSTONE and w.id == CAPSTONE_FLAW]
        answers.update(flaw.replace)
    return answers


def _capstone_round(classroom, trainer, trainees, timings, t):
    """a6 through the hub: release, fetch, design, run, submit, collect, grade with the guard on."""
    notebook_path = f"{CAPSTONE}/{CAPSTONE}.ipynb"
    for action in ("assign", "release"):
        result = trainer.json("POST", f"/formgrader/api/assignment/{CAPSTONE}/{action}")
        assert result["success"], f"{CAPSTONE} {action}: {result.get('error') or result.get('log')}"
    for name, user in trainees.items():
        listing = user.json("POST", "/assignments/fetch", data={"course_id": COURSE_ID, "assignment_id": CAPSTONE})
        assert listing["success"], listing
        notebook = user.read_notebook(notebook_path)
        assert "BEGIN SOLUTION" not in json.dumps(notebook) and "评分细则" not in json.dumps(notebook)
        for grade_id, code in _capstone_answers(name).items():
            cell_by_id(notebook, grade_id)["source"] = code
        user.run_and_save(notebook_path, notebook)
        # the visible tests check structure only: both designs pass them in the trainee's own kernel
        for cell in notebook["cells"]:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if gid.startswith("a6-test-"):
                assert error_text(cell) == "", (name, gid, error_text(cell))
        listing = user.json("POST", "/assignments/submit", data={"course_id": COURSE_ID, "assignment_id": CAPSTONE})
        assert listing.get("success"), listing
    t = step(timings, "capstone_fetch_run_submit_2", t)

    result = trainer.json("POST", f"/formgrader/api/assignment/{CAPSTONE}/collect")
    assert result["success"], result.get("error") or result.get("log")
    report = grade_in_kernel(trainer, str(classroom.course), CAPSTONE, timeout=900)
    assert report["rc"] == 0 and report["stderr"] == "", report
    assert sorted(report["results"]) == [[name, "graded"] for name in sorted(TRAINEES)], report
    submissions = trainer.json("GET", f"/formgrader/api/submissions/{CAPSTONE}")
    scores = {s["student"]: (s["score"], s["max_score"]) for s in submissions}
    assert scores == {name: (points, CAPSTONE_MAX) for name, points in CAPSTONE_EXPECTED.items()}, scores
    return step(timings, "capstone_collect_grade", t)
