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
    - nbgrader exchange: one shared folder (``COURSEKIT_EXCHANGE``) configured for every
      user through ``deploy/jupyter/common/nbgrader_config.py`` (course id read from the
      course's own ``nbgrader_config.py``);
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

Environment variables (all optional):

=========================  ==============================================================
COURSEKIT_ROOT             course repository (default: the folder above deploy/)
COURSEKIT_COURSE_DIR       nbgrader course root (default: $COURSEKIT_ROOT/course)
COURSEKIT_EXCHANGE         nbgrader exchange folder (default: /srv/nbgrader/exchange)
COURSEKIT_HUB_STATE        hub database, cookie secret, proxy pid (default: /srv/jupyterhub)
COURSEKIT_HUB_URL          public address the proxy listens on (default: http://:8000)
COURSEKIT_TRAINERS         comma-separated trainer user names (default: trainer)
COURSEKIT_TRAINEES         comma-separated trainee user names (default: deploy/trainees.txt,
                           one name per line, # comments allowed)
COURSEKIT_MEM_LIMIT        memory per user server (default: 2G)
COURSEKIT_CPU_LIMIT        CPU cores per user server (default: 1)
=========================  ==============================================================
"""

import os
import shutil
import sys
from pathlib import Path

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
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
c.Spawner.environment = {
    "COURSEKIT_COURSE_ID": COURSE_ID,
    "COURSEKIT_EXCHANGE": str(EXCHANGE),
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
if not EXCHANGE.exists():
    EXCHANGE.mkdir(parents=True)
    EXCHANGE.chmod(0o777)  # every user writes submissions here (nbgrader's documented set-up)


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


def classroom_pre_spawn(spawner):
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


c.Spawner.pre_spawn_hook = classroom_pre_spawn
