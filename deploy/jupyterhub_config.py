"""JupyterHub configuration for a coursekit training class on one server.

Who is who
    Trainers (培训师, ``COURSEKIT_TRAINERS``) are hub admins; their JupyterLab opens on the
    course repository (``COURSEKIT_ROOT``) with nbgrader's formgrader, so they build,
    release, collect and grade from the browser or with ``coursekit grade``.
    Trainees (学员, ``COURSEKIT_TRAINEES`` or ``trainees.txt``) get their own home folder,
    a copy of ``chapters/`` on first start, JupyterLab opening on the start-here notebook,
    and nbgrader's "Assignments" tab to fetch and submit. Formgrader and the
    assignment-creation tools are switched off for them.

What makes it a classroom
    - nbgrader exchange, configured for every user through
      ``deploy/jupyter/common/nbgrader_config.py`` (course id read from the course's own
      ``nbgrader_config.py``), of one of two kinds (``COURSEKIT_EXCHANGE_KIND``):
      ``filesystem`` (default): one shared folder (``COURSEKIT_EXCHANGE``) — one machine;
      ``ngshare``: the ngshare service, run by the hub as a managed service with its own
      database under ``COURSEKIT_HUB_STATE``, and every user's nbgrader talking to it over
      HTTP with ngshare-exchange — no shared folder, so user servers may run anywhere.
      Courses (``COURSEKIT_COURSES``) and their instructors (the trainers) and students
      are registered in ngshare by the pre-spawn hook, each time a server starts;
    - Chinese JupyterLab for everyone (``coursekit.lab.configure_lab`` defaults);
    - per-user memory and CPU limits (``COURSEKIT_MEM_LIMIT``, ``COURSEKIT_CPU_LIMIT``) —
      *enforced only by spawners that support them* (systemdspawner, DockerSpawner,
      KubeSpawner); the local process spawner below only passes them on as environment
      variables (see README.md).

As shipped it authenticates with the machine's accounts (PAM, JupyterHub's default) and
starts each user's server as that Unix user (LocalProcessSpawner): run it as root, with one
Unix account per trainee. README.md says what to change for a real deployment (OAuth/LDAP,
DockerSpawner or Kubernetes, PostgreSQL gradebook) and what is tested:
``tests/hub/`` loads this very file and only swaps the authenticator (shared password), the spawner
(same Unix user for everyone) and the folders and ports (temporary, loopback).

Run it (from anywhere)::

    bash deploy/install-proxy.sh                 # configurable-http-proxy into deploy/node_modules
    COURSEKIT_TRAINEES=zhang,li,wang jupyterhub -f deploy/jupyterhub_config.py
    # exchange through the ngshare service instead of a shared folder (install: README.md)
    COURSEKIT_EXCHANGE_KIND=ngshare COURSEKIT_TRAINEES=zhang,li,wang jupyterhub -f deploy/jupyterhub_config.py

Environment variables (all optional):

=========================  ==============================================================
COURSEKIT_ROOT             course repository (default: the folder above deploy/)
COURSEKIT_COURSE_DIR       nbgrader course root (default: $COURSEKIT_ROOT/course)
COURSEKIT_EXCHANGE_KIND    ``filesystem`` (default) or ``ngshare`` (see deploy/README.md)
COURSEKIT_EXCHANGE         nbgrader exchange folder, filesystem kind (default: /srv/nbgrader/exchange)
COURSEKIT_COURSES          ngshare kind: the courses and who takes them, ``;``-separated entries
                           ``course-id`` (every trainee) or ``course-id: name, name``; the
                           course folder's own id is always added with every trainee
                           (default: just that course)
COURSEKIT_NGSHARE_PORT     ngshare kind: loopback port of the ngshare service (default: 10101)
COURSEKIT_NGSHARE_PYTHON   ngshare kind: the Python that runs ngshare (default:
                           deploy/ngshare/.venv/bin/python, see deploy/ngshare/requirements.txt)
COURSEKIT_NGSHARE_URL      ngshare kind: address user servers reach ngshare at (default:
                           http://127.0.0.1:$COURSEKIT_NGSHARE_PORT/services/ngshare; set it to
                           https://<hub>/services/ngshare when servers run on other machines)
COURSEKIT_HUB_STATE        hub database, cookie secret, proxy pid, ngshare database and files
                           (default: /srv/jupyterhub)
COURSEKIT_HUB_URL          public address the proxy listens on (default: http://:8000)
COURSEKIT_TRAINERS         comma-separated trainer user names (default: trainer)
COURSEKIT_TRAINEES         comma-separated trainee user names (default: deploy/trainees.txt,
                           one name per line, # comments allowed)
COURSEKIT_MEM_LIMIT        memory per user server (default: 2G)
COURSEKIT_CPU_LIMIT        CPU cores per user server (default: 1)
=========================  ==============================================================
"""

import asyncio
import importlib.util
import json
import os
import re
import secrets
import shutil
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from traitlets.config import PyFileConfigLoader

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

DEPLOY = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("COURSEKIT_ROOT", DEPLOY.parent)).resolve()
COURSE_DIR = Path(os.environ.get("COURSEKIT_COURSE_DIR", ROOT / "course")).resolve()
EXCHANGE = Path(os.environ.get("COURSEKIT_EXCHANGE", "/srv/nbgrader/exchange"))
STATE = Path(os.environ.get("COURSEKIT_HUB_STATE", "/srv/jupyterhub"))
JUPYTER_CONFIG = DEPLOY / "jupyter"


def _names(text):
    return [n.strip() for n in text.replace(",", "\n").splitlines() if n.strip() and not n.lstrip().startswith("#")]


def _course_id(course_dir):
    """The course id from the course's own nbgrader_config.py (one source of truth)."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    course_id = config.CourseDirectory.get("course_id", "")
    if not course_id:
        raise SystemExit(f"set c.CourseDirectory.course_id in {course_dir / 'nbgrader_config.py'}")
    return course_id


TRAINERS = _names(os.environ.get("COURSEKIT_TRAINERS", "trainer"))
_trainee_file = DEPLOY / "trainees.txt"
TRAINEES = _names(os.environ.get("COURSEKIT_TRAINEES", "")) or (
    _names(_trainee_file.read_text(encoding="utf-8")) if _trainee_file.exists() else [])
COURSE_ID = _course_id(COURSE_DIR)

# --- hub, proxy, state --------------------------------------------------------------
STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.bind_url = os.environ.get("COURSEKIT_HUB_URL", "http://:8000")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
_proxy = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
if _proxy.exists():  # installed by deploy/install-proxy.sh; otherwise found on PATH
    c.ConfigurableHTTPProxy.command = [str(_proxy)]

# --- who may log in ---------------------------------------------------------------
c.Authenticator.admin_users = set(TRAINERS)
c.Authenticator.allowed_users = set(TRAINERS) | set(TRAINEES)
c.JupyterHub.load_groups = {"trainers": {"users": TRAINERS}, "trainees": {"users": TRAINEES}}
# Trainers are admins: they can also open a stuck trainee's server from the hub's admin page.

# --- user servers -------------------------------------------------------------------
# The user servers run from the hub's own Python environment (where coursekit is installed).
# With DockerSpawner / KubeSpawner drop this line: the image's jupyterhub-singleuser is used.
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.mem_limit = os.environ.get("COURSEKIT_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(os.environ.get("COURSEKIT_CPU_LIMIT", "1"))
# A whole class logging in at once queues its server starts on the CPU: on 2 cores, 20 trainees
# waited up to ~70 s for a server, and under extra load some never started (benchmarks/classroom.py,
# deploy/README.md "Sizing"). 300 s, as singleuser.startTimeout in deploy/k8s/values.yaml.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 60
c.Spawner.environment = {
    "COURSEKIT_COURSE_ID": COURSE_ID,
    "COURSEKIT_COURSE_DIR": str(COURSE_DIR),
    "LANG": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8",
}

# Chinese JupyterLab with no news pop-up: the course's defaults, written into the hub's
# state folder and given to every user server (nothing in the Python environment changes).
try:
    from coursekit.lab import configure_lab

    _lab_settings = configure_lab(STATE / "lab").parent
    c.Spawner.args = [f"--LabApp.app_settings_dir={_lab_settings}"]
except ImportError:  # coursekit not installed in the hub's environment
    print("jupyterhub_config: coursekit not importable; JupyterLab starts in English", file=sys.stderr)
    c.Spawner.args = []

# --- the nbgrader exchange ----------------------------------------------------------
EXCHANGE_KIND = os.environ.get("COURSEKIT_EXCHANGE_KIND", "filesystem").strip().lower()
if EXCHANGE_KIND not in ("filesystem", "ngshare"):
    raise SystemExit(f"COURSEKIT_EXCHANGE_KIND={EXCHANGE_KIND!r} is not known: use 'filesystem' "
                     "(one shared folder, one machine) or 'ngshare' (the ngshare service)")
c.Spawner.environment["COURSEKIT_EXCHANGE_KIND"] = EXCHANGE_KIND

if EXCHANGE_KIND == "filesystem":
    c.Spawner.environment["COURSEKIT_EXCHANGE"] = str(EXCHANGE)
    if not EXCHANGE.exists():
        EXCHANGE.mkdir(parents=True)
        EXCHANGE.chmod(0o777)  # every user writes submissions here (nbgrader's documented set-up)

# ngshare: the hub runs it as a managed service (started and stopped with the hub). Its
# service name is also its identity inside ngshare, where it is an admin (it registers the
# courses), so no hub user may be called "ngshare". Trainers are ngshare admins too: they
# may create further courses with ngshare-course-management from a JupyterLab terminal.
# ngshare needs no hub role or scope: it identifies each caller by asking the hub whom their
# token belongs to (/hub/api/user), which any token may ask. (Opening ngshare's own web page
# in a browser takes access:services, which trainers have as hub admins.)
NGSHARE = "ngshare"
NGSHARE_PORT = int(os.environ.get("COURSEKIT_NGSHARE_PORT", "10101"))
NGSHARE_LOCAL = f"http://127.0.0.1:{NGSHARE_PORT}/services/{NGSHARE}/"
_COURSE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

# ngshare listens on every interface of its port; the proxy (same machine) reaches it on
# loopback, so it is bound there and stays off the network. Every request still needs a hub token.
_NGSHARE_MAIN = """\
import sys
from tornado.httpserver import HTTPServer
from ngshare.ngshare import main
_listen = HTTPServer.listen
HTTPServer.listen = lambda self, port, address="", **kw: _listen(self, port, "127.0.0.1", **kw)
main(sys.argv[1:])
"""


def _courses(text):
    """{course id: trainees taking it} from COURSEKIT_COURSES; the course folder's id always included."""
    courses = {}
    for entry in text.split(";"):
        if not entry.strip():
            continue
        course_id, _, names = (part.strip() for part in entry.partition(":"))
        if not _COURSE_ID_RE.match(course_id):
            raise SystemExit(f"COURSEKIT_COURSES: {course_id!r} is not a course id (letters, digits, _ . -)")
        students = _names(names) if names else list(TRAINEES)
        unknown = sorted(set(students) - set(TRAINEES))
        if unknown:
            raise SystemExit(f"COURSEKIT_COURSES: {course_id} lists {', '.join(unknown)}, who are not trainees "
                             "(add them to COURSEKIT_TRAINEES or deploy/trainees.txt)")
        courses[course_id] = students
    courses.setdefault(COURSE_ID, list(TRAINEES))
    return courses


def _ngshare_token():
    """The ngshare service's hub API token, kept in the hub state folder (readable by the hub only)."""
    path = STATE / "ngshare_api_token"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


if EXCHANGE_KIND == "ngshare":
    if NGSHARE in set(TRAINERS) | set(TRAINEES):
        raise SystemExit(f"a hub user may not be called {NGSHARE!r}: it is the exchange service's name")
    # The user servers run in this environment: their nbgrader needs ngshare_exchange here.
    if importlib.util.find_spec("ngshare_exchange") is None:
        raise SystemExit("COURSEKIT_EXCHANGE_KIND=ngshare needs ngshare-exchange where the user servers run: "
                         f"{sys.executable} -m pip install --no-deps ngshare-exchange==0.5.3 rapidfuzz "
                         "(see deploy/README.md, 'The ngshare exchange')")
    # ngshare itself runs from its own environment (deploy/ngshare/requirements.txt says why).
    NGSHARE_PYTHON = Path(os.environ.get("COURSEKIT_NGSHARE_PYTHON", DEPLOY / "ngshare" / ".venv" / "bin" / "python"))
    if not NGSHARE_PYTHON.exists():
        raise SystemExit(f"COURSEKIT_EXCHANGE_KIND=ngshare: no Python for the ngshare service at {NGSHARE_PYTHON}; "
                         "create it with: python3 -m venv deploy/ngshare/.venv && "
                         "deploy/ngshare/.venv/bin/pip install -r deploy/ngshare/requirements.txt "
                         "(or point COURSEKIT_NGSHARE_PYTHON at one)")
    COURSES = _courses(os.environ.get("COURSEKIT_COURSES", ""))
    NGSHARE_TOKEN = _ngshare_token()
    _ngshare_state = STATE / "ngshare"
    _ngshare_state.mkdir(exist_ok=True)
    c.JupyterHub.services.append({
        "name": NGSHARE,
        "url": f"http://127.0.0.1:{NGSHARE_PORT}",
        "api_token": NGSHARE_TOKEN,
        "cwd": str(_ngshare_state),
        "command": [str(NGSHARE_PYTHON), "-c", _NGSHARE_MAIN,
                    "--admins", ",".join([NGSHARE, *TRAINERS]),
                    "--database", f"sqlite:///{_ngshare_state / 'ngshare.sqlite'}",
                    "--storage", str(_ngshare_state / "files")],
    })
    # ngshare-exchange appends "/assignments/..." itself: no trailing slash.
    c.Spawner.environment["COURSEKIT_NGSHARE_URL"] = os.environ.get("COURSEKIT_NGSHARE_URL", NGSHARE_LOCAL).rstrip("/")


async def _ngshare_post(path, fields, timeout=60):
    """POST to ngshare as its own service (an ngshare admin); (status, answer). Waits while ngshare starts."""
    from tornado.httpclient import AsyncHTTPClient

    client, loop = AsyncHTTPClient(), asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            resp = await client.fetch(NGSHARE_LOCAL + path, method="POST", body=urlencode(fields),
                                      headers={"Authorization": f"token {NGSHARE_TOKEN}"},
                                      raise_error=False, request_timeout=30)
        except OSError:  # connection refused: the service is still starting
            resp = None
        if resp is not None and resp.code != 599:
            try:
                return resp.code, json.loads(resp.body or b"{}")
            except ValueError:
                return resp.code, {"message": resp.body[:200].decode(errors="replace")}
        if loop.time() > deadline:
            raise RuntimeError(f"the ngshare service does not answer at {NGSHARE_LOCAL} after {timeout} s: "
                               "see the hub log for its start-up error")
        await asyncio.sleep(0.5)


async def register_in_ngshare(name, role):
    """Make sure ``name``'s courses exist in ngshare and ``name`` is in them (idempotent).

    Trainers are instructors of every course in COURSEKIT_COURSES; a trainee is a student of
    the courses that list them. Run before each server start: after a change of the lists
    (and a hub restart) everyone's next start brings ngshare up to date. Nobody is removed
    from a course here; that is ``ngshare-course-management remove_students`` (README.md).
    """
    for course_id, students in COURSES.items():
        if role == "trainee" and name not in students:
            continue
        course = quote(course_id, safe="")
        code, answer = await _ngshare_post(f"course/{course}", {"instructors": json.dumps(TRAINERS)})
        if code not in (200, 409):  # 409: the course exists already
            raise RuntimeError(f"ngshare refused to create course {course_id}: {code} {answer.get('message')}")
        kind = "instructor" if role == "trainer" else "student"
        code, answer = await _ngshare_post(f"{kind}/{course}/{quote(name, safe='')}",
                                           {"first_name": name, "last_name": "", "email": ""})
        if code != 200:
            raise RuntimeError(f"ngshare refused to add {kind} {name} to {course_id}: {code} {answer.get('message')}")


def _home(spawner):
    home = getattr(spawner, "home_dir", None)  # SimpleLocalProcessSpawner
    if home:
        return Path(home), None
    import pwd

    entry = pwd.getpwnam(spawner.user.name)
    return Path(entry.pw_dir), entry


def _seed_chapters(home, owner):
    """Copy chapters/ into a trainee's home once; their copy is theirs to run and change."""
    source, target = ROOT / "chapters", home / "chapters"
    if not source.is_dir() or target.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if owner is not None and os.geteuid() == 0:
        for path in [target, *target.rglob("*")]:
            os.chown(path, owner.pw_uid, owner.pw_gid)


async def classroom_pre_spawn(spawner):
    """Set the role-specific parts of a user's server just before it starts."""
    name = spawner.user.name
    role = "trainer" if name in TRAINERS else "trainee"
    config_path = [JUPYTER_CONFIG / "common"]
    spawner.environment = dict(spawner.environment, COURSEKIT_ROLE=role)
    if role == "trainer":
        spawner.notebook_dir = str(ROOT)  # sees chapters/, course/, solutions/
        spawner.default_url = "/lab"
    else:
        config_path.insert(0, JUPYTER_CONFIG / "trainee")  # formgrader off
        home, owner = _home(spawner)
        _seed_chapters(home, owner)
        start = home / "chapters" / "00_start_here.ipynb"
        spawner.default_url = "/lab/tree/chapters/00_start_here.ipynb" if start.exists() else "/lab"
    spawner.environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join(str(p) for p in config_path)
    if EXCHANGE_KIND == "ngshare":
        await register_in_ngshare(name, role)


c.Spawner.pre_spawn_hook = classroom_pre_spawn
