"""The whole classroom round through the ngshare exchange, and what a trainee may not reach.

The shipped hub configuration with ``COURSEKIT_EXCHANGE_KIND=ngshare`` (tests/hub/launch.py):
the hub runs ngshare as a managed service and every user's nbgrader talks to it over HTTP
with ngshare-exchange; there is no shared exchange folder. Two courses
(``COURSEKIT_COURSES``): ``kpi-mini-class`` (the course folder's own: zhang and li) and
``kpi-extra-class`` (li only); the trainer teaches both. Everybody works through the proxy
as a browser would, as in test_classroom.py: formgrader's API for the trainer (Generate,
Release, Collect, Generate / Release feedback), the Assignment List API for trainees (Fetch,
Submit, Fetch feedback), ``coursekit grade`` in a kernel of the trainer's server.

Isolation is tried with each trainee's own hub token against ngshare's REST API (the very
API ngshare-exchange calls): every refusal is the status ngshare gives (403 "Permission
denied"), and the same requests with the trainer's token or for the trainee's own files
succeed, so a refusal cannot come from a broken request.

Expected scores (fixture ``kpi-mini``, 5 points: test-fcr 2, test-nps 3): zhang answers
both tasks right, 5; li writes NPS as a fraction, 2 (see test_classroom.py).
"""

from __future__ import annotations

import base64
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests._components import missing
from tests.hub.hubclient import HubUser, cell_by_id, grade_in_kernel
from tests.hub.launch import TRAINEES, TRAINER, hub_missing, ngshare_missing, start_classroom
from tests.hub.test_classroom import ANSWERS, ASSIGNMENT, EXPECTED, NOTEBOOK

pytestmark = [pytest.mark.slow]

COURSE = "kpi-mini-class"  # the course folder's own id (fixtures/classroom/course/nbgrader_config.py)
EXTRA = "kpi-extra-class"  # a second course, li only
EXTRA_ASSIGNMENT = "kpi-extra"  # released there
COURSES = f"{EXTRA}: li"
assert TRAINEES == ("zhang", "li")


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    for reason in (hub_missing(), ngshare_missing()):
        if reason:
            missing(reason.split(" not installed")[0], reason)
    with start_classroom(tmp_path_factory.mktemp("ngshare-hub"), with_capstone=False,
                         exchange="ngshare", courses=COURSES) as hub:
        yield hub


def hub_token(user: HubUser) -> str:
    """A token the user makes for themself on the hub (what the hub's Token page does)."""
    resp = user.hub_api("POST", f"/users/{user.name}/tokens", json={"note": "ngshare isolation test"})
    assert resp.status_code == 201, (resp.status_code, resp.text[:300])
    return resp.json()["token"]


class Ngshare:
    """ngshare's REST API, straight at the service, as one person (their hub token)."""

    def __init__(self, url: str, token: str | None) -> None:
        self.url, self.token = url, token

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=60,
                                allow_redirects=False, **kwargs)

    def get(self, path: str, **params) -> requests.Response:
        return self.request("GET", path, params=params)


def refused(resp: requests.Response, what: str) -> None:
    assert resp.status_code == 403, f"{what}: expected 403, got {resp.status_code} {resp.text[:300]}"
    body = resp.json()
    assert body["success"] is False and body["message"].startswith("Permission denied"), (what, body)
    assert "files" not in body and "submissions" not in body, (what, body)


def files_of(resp: requests.Response, what: str) -> dict[str, str]:
    assert resp.status_code == 200, f"{what}: {resp.status_code} {resp.text[:300]}"
    return {f["path"]: base64.b64decode(f["content"]).decode("utf-8", "replace") for f in resp.json()["files"]}


def fetch(user: HubUser, course: str, assignment: str = ASSIGNMENT) -> dict:
    listing = user.json("POST", "/assignments/fetch", data={"course_id": course, "assignment_id": assignment})
    assert listing["success"], listing
    return {a["assignment_id"]: a for a in listing["value"] if a["course_id"] == course}


def submit(user: HubUser, course: str, assignment: str = ASSIGNMENT) -> None:
    listing = user.json("POST", "/assignments/submit", data={"course_id": course, "assignment_id": assignment})
    assert listing.get("success"), listing


def test_round_and_isolation_through_ngshare(classroom, record_property):
    timings: dict[str, float] = {}
    t0 = t = time.monotonic()

    def step(name: str) -> None:
        nonlocal t
        now = time.monotonic()
        timings[name], t = round(now - t, 1), now

    trainer = HubUser(classroom.url, TRAINER)
    trainees = {name: HubUser(classroom.url, name) for name in TRAINEES}
    zhang, li = trainees["zhang"], trainees["li"]
    everyone = [trainer, *trainees.values()]
    for user in everyone:
        user.login(classroom.admin_password if user is trainer else classroom.password)
        user.request_server()
    with ThreadPoolExecutor(len(everyone)) as pool:
        list(pool.map(lambda u: u.wait_server(), everyone))
    step("login_and_spawn_3")

    # The pre-spawn hook registered the courses: each person sees exactly theirs.
    tokens = {user.name: hub_token(user) for user in everyone}
    api = {name: Ngshare(classroom.ngshare_url, token) for name, token in tokens.items()}
    assert api["zhang"].get("/courses").json()["courses"] == [COURSE]
    assert api["li"].get("/courses").json()["courses"] == sorted([COURSE, EXTRA])
    assert set(api[TRAINER].get("/courses").json()["courses"]) == {COURSE, EXTRA}
    students = api[TRAINER].get(f"/students/{COURSE}").json()["students"]
    assert sorted(s["username"] for s in students) == sorted(TRAINEES), students

    # Trainer: generate and release to the first course (formgrader), then the same student
    # version, as assignment kpi-extra, to the second course (nbgrader in a kernel of the trainer's server).
    for action in ("assign", "release"):
        result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/{action}")
        assert result["success"], f"{action}: {result.get('error') or result.get('log')}"
    kernel = trainer.kernel("course/grading.ipynb")
    try:
        status, outputs = kernel.execute(
            "import os, shutil, subprocess, sys\n"
            f"os.chdir({str(classroom.course)!r})\n"
            f"shutil.copytree('release/{ASSIGNMENT}', 'release/{EXTRA_ASSIGNMENT}')\n"
            "proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'nbgrader'), 'release_assignment',\n"
            f"    {EXTRA_ASSIGNMENT!r}, '--course', {EXTRA!r}], capture_output=True, text=True)\n"
            "print(proc.returncode, proc.stderr[-2000:])\n", timeout=300)
    finally:
        kernel.close()
    printed = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    assert status == "ok" and printed.startswith("0 "), printed
    assert not any(classroom.exchange.iterdir()), "the ngshare exchange wrote into the shared folder"
    step("generate_and_release_2_courses")

    # Trainees: fetch (Assignment List API), answer, save, submit; li also in the second course.
    for name, user in trainees.items():
        fetched = fetch(user, COURSE)
        assert fetched[ASSIGNMENT]["status"] == "fetched", fetched
        notebook = user.read_notebook(NOTEBOOK)
        text = json.dumps(notebook)
        assert "BEGIN SOLUTION" not in text and "HIDDEN" not in text
        for grade_id, code in ANSWERS[name].items():
            cell_by_id(notebook, grade_id)["source"] = code
        user.write_notebook(NOTEBOOK, notebook)
        submit(user, COURSE)
    assert fetch(li, EXTRA, EXTRA_ASSIGNMENT)[EXTRA_ASSIGNMENT]["status"] == "fetched"
    submit(li, EXTRA, EXTRA_ASSIGNMENT)
    # The Assignment List's course menu offers each trainee their own courses.
    assert li.json("GET", "/courses")["value"] == sorted([COURSE, EXTRA])
    assert zhang.json("GET", "/courses")["value"] == [COURSE]
    # zhang is not in the second course: the Assignment List shows her nothing there, and a fetch fails.
    listing = zhang.json("GET", f"/assignments?course_id={EXTRA}")
    assert not listing.get("value"), listing
    assert EXTRA_ASSIGNMENT not in fetch(zhang, EXTRA, EXTRA_ASSIGNMENT)
    assert zhang.get(f"/api/contents/{EXTRA_ASSIGNMENT}").status_code == 404
    step("fetch_submit")

    # Trainer: collect the first course, grade, feedback out.
    result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect")
    assert result["success"], result.get("error") or result.get("log")
    for name in TRAINEES:
        assert (classroom.course / "submitted" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    report = grade_in_kernel(trainer, str(classroom.course), ASSIGNMENT)
    assert report["rc"] == 0 and report["stderr"] == "", report
    assert sorted(report["results"]) == [[name, "graded"] for name in sorted(TRAINEES)], report
    submissions = trainer.json("GET", f"/formgrader/api/submissions/{ASSIGNMENT}")
    assert {s["student"]: (s["score"], s["max_score"]) for s in submissions} == {
        name: (points, 5.0) for name, points in EXPECTED.items()}
    step("collect_grade")
    for action in ("generate_feedback", "release_feedback"):
        result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/{action}")
        assert result["success"], f"{action}: {result.get('error') or result.get('log')}"
    step("feedback_out")

    # Trainees: fetch their feedback; it shows their own score.
    stamps = {}
    for name, user in trainees.items():
        listing = user.json("POST", "/assignments/fetch_feedback",
                            data={"course_id": COURSE, "assignment_id": ASSIGNMENT})
        assert listing["success"], listing
        folders = user.json("GET", f"/api/contents/{ASSIGNMENT}/feedback")["content"]
        assert len(folders) == 1, folders
        stamps[name] = folders[0]["name"]
        page = user.json("GET", f"/api/contents/{ASSIGNMENT}/feedback/{stamps[name]}/{ASSIGNMENT}.html"
                                "?content=1&type=file&format=text")["content"]
        score = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", page)
        assert score and (float(score.group(1)), float(score.group(2))) == (EXPECTED[name], 5.0), (
            name, score and score.group(0))
    step("feedback_fetched")

    # --- isolation, with each trainee's own token ---------------------------------------------
    ts = {name: api[name].get(f"/submissions/{COURSE}/{ASSIGNMENT}/{name}").json()["submissions"][-1]["timestamp"]
          for name in TRAINEES}
    for me, other in (("zhang", "li"), ("li", "zhang")):
        mine = api[me]
        refused(mine.get(f"/submission/{COURSE}/{ASSIGNMENT}/{other}"), f"{me} downloads {other}'s submission")
        refused(mine.get(f"/submission/{COURSE}/{ASSIGNMENT}/{me}"), f"{me} downloads even their own submission")
        refused(mine.get(f"/submissions/{COURSE}/{ASSIGNMENT}/{other}"), f"{me} lists {other}'s submissions")
        refused(mine.get(f"/feedback/{COURSE}/{ASSIGNMENT}/{other}", timestamp=ts[other]),
                f"{me} downloads {other}'s feedback")
        refused(mine.get(f"/submissions/{COURSE}/{ASSIGNMENT}"), f"{me} reads the submission list")
        refused(mine.get(f"/students/{COURSE}"), f"{me} reads the class list")
        refused(mine.request("POST", f"/assignment/{COURSE}/{ASSIGNMENT}-fake", data={"files": "[]"}),
                f"{me} releases an assignment")
        refused(mine.request("POST", f"/feedback/{COURSE}/{ASSIGNMENT}/{other}",
                             data={"timestamp": ts[other], "files": "[]"}), f"{me} uploads feedback for {other}")
        refused(mine.request("POST", f"/course/{me}-own-course"), f"{me} creates a course")
        # ... while their own feedback comes back, with their own score
        own = files_of(mine.get(f"/feedback/{COURSE}/{ASSIGNMENT}/{me}", timestamp=ts[me]), f"{me}'s own feedback")
        assert re.search(rf"Score:\s*{EXPECTED[me]}\s*/\s*5\.0", own[f"{ASSIGNMENT}.html"])
    # The release of a course zhang does not take; the instructor's source never leaves the trainer.
    refused(api["zhang"].get(f"/assignment/{EXTRA}/{EXTRA_ASSIGNMENT}"), "zhang downloads another course's release")
    refused(api["zhang"].get(f"/assignments/{EXTRA}"), "zhang lists another course's assignments")
    released = files_of(api["zhang"].get(f"/assignment/{COURSE}/{ASSIGNMENT}"), "zhang's own course release")
    assert list(released) == [f"{ASSIGNMENT}.ipynb"], list(released)
    assert "BEGIN SOLUTION" not in released[f"{ASSIGNMENT}.ipynb"] and "HIDDEN" not in released[f"{ASSIGNMENT}.ipynb"]
    source = zhang.http.get(f"{classroom.url}/user/{TRAINER}/api/contents/course/source/{ASSIGNMENT}", timeout=60,
                            allow_redirects=False)
    assert source.status_code in (302, 403), f"zhang reached the trainer's source: {source.status_code}"
    # Without a token ngshare answers nothing useful.
    anonymous = Ngshare(classroom.ngshare_url, None).get(f"/assignment/{COURSE}/{ASSIGNMENT}")
    assert anonymous.status_code != 200 and "files" not in anonymous.text, anonymous.status_code
    # Controls: the same requests the trainer makes succeed (the refusals above are about who asks).
    # (ngshare-exchange uploads the notebook's .ipynb_checkpoints copy too; collect brings it along, harmless)
    assert f"{ASSIGNMENT}.ipynb" in files_of(api[TRAINER].get(f"/submission/{COURSE}/{ASSIGNMENT}/li"), "trainer")
    assert files_of(api[TRAINER].get(f"/assignment/{EXTRA}/{EXTRA_ASSIGNMENT}"), "trainer, second course")
    assert files_of(api["li"].get(f"/assignment/{EXTRA}/{EXTRA_ASSIGNMENT}"), "li, her second course")
    listed = api[TRAINER].get(f"/submissions/{EXTRA}/{EXTRA_ASSIGNMENT}").json()["submissions"]
    assert [s["student_id"] for s in listed] == ["li"], listed  # the courses' submissions stay apart
    step("isolation")

    # A trainer manages courses by hand from their server (deploy/README.md): a third course, zhang in it.
    kernel = trainer.kernel("course/grading.ipynb")
    try:
        status, outputs = kernel.execute(
            "import os, subprocess, sys\n"
            "cli = os.path.join(os.path.dirname(sys.executable), 'ngshare-course-management')\n"
            f"for args in (['create_course', 'kpi-third-class', {TRAINER!r}],\n"
            "             ['add_student', 'kpi-third-class', 'zhang', '--no-gb']):\n"
            "    proc = subprocess.run([cli, *args], capture_output=True, text=True)\n"
            "    print(proc.returncode, (proc.stdout + proc.stderr)[-500:].replace(chr(10), ' '))\n", timeout=120)
    finally:
        kernel.close()
    printed = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    assert status == "ok" and [line[:2] for line in printed.splitlines()] == ["0 ", "0 "], printed
    assert api["zhang"].get("/courses").json()["courses"] == sorted([COURSE, "kpi-third-class"])
    refused(api["li"].get("/assignments/kpi-third-class"), "li lists a course she was not added to")
    step("course_management")

    timings["total"] = round(time.monotonic() - t0, 1)
    record_property("timings_s", timings)
    print("ngshare classroom timings (s):", timings)
