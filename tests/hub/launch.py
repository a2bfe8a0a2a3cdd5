"""Start the shipped JupyterHub classroom (deploy/jupyterhub_config.py) on loopback.

Used by the hub tests (tests/hub/conftest.py) and the load test (benchmarks/classroom.py).
The hub loads the shipped configuration unchanged and only what a test machine cannot
have is swapped (deploy/README.md, "What is tested"):
- the authenticator: ``shared-password`` (JupyterHub's successor of the dummy
  authenticator's password mode: one password for trainees, a longer one for the
  trainer) instead of PAM / OAuth;
- the spawner: ``simple`` (every user server runs as the caller's Unix user, with its own
  home folder under a temporary directory) instead of one Unix account per person;
- folders and ports: a temporary course copy, exchange and hub state; loopback ports.
configurable-http-proxy comes from npm (``bash deploy/install-proxy.sh``).
``exchange="ngshare"`` turns on the config's ngshare exchange (COURSEKIT_EXCHANGE_KIND) with
the courses given (COURSEKIT_COURSES); the default is the shared-folder exchange.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests._net import free_ports

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
NGSHARE_PYTHON = DEPLOY / "ngshare" / ".venv" / "bin" / "python"  # the config's default
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "classroom"
TRAINER, TRAINEES = "trainer", ("zhang", "li")
CAPSTONE = "a6_kpi_system_design"

TEST_CONFIG = """\
c = get_config()  # noqa: F821
load_subconfig({deploy!r})  # noqa: F821  -- the shipped classroom configuration
# Swapped for the test (see deploy/README.md, "What is tested"):
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.SharedPasswordAuthenticator.admin_password = {admin_password!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.args = c.Spawner.args + {extra_args!r}
"""


@dataclass
class Classroom:
    url: str
    password: str       # trainees'
    admin_password: str  # the trainer's (an admin)
    root: Path          # COURSEKIT_ROOT: the trainer's copy of the "repository"
    course: Path        # its nbgrader course folder
    exchange: Path
    homes: Path
    state: Path
    proc: subprocess.Popen
    log: Path
    exchange_kind: str = "filesystem"
    ngshare_url: str | None = None  # the ngshare service on loopback (exchange_kind "ngshare")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _leftovers(marker: str) -> list[int]:
    """PIDs of processes whose command line mentions ``marker`` (this hub's folders/ports)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(proc.name))
    return found




def hub_missing() -> str | None:
    """Why a classroom cannot start here (with the install command), or None."""
    if not PROXY.exists():
        return ("configurable-http-proxy not installed: run bash deploy/install-proxy.sh "
                "(needs Node.js >= 20 and npm)")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub not installed: pip install -e .[test]"
    return None


def ngshare_missing() -> str | None:
    """Why the ngshare exchange cannot run here (with the install command), or None."""
    if importlib.util.find_spec("ngshare_exchange") is None:  # not imported: it wants $USER then
        return ("ngshare-exchange not installed: pip install --no-deps ngshare-exchange==0.5.3 "
                "(scripts/setup.sh test does it)")
    if not NGSHARE_PYTHON.exists():
        return ("ngshare not installed: python3 -m venv deploy/ngshare/.venv && deploy/ngshare/.venv/bin/pip "
                "install -r deploy/ngshare/requirements.txt (scripts/setup.sh test does it)")
    return None


@contextmanager
def start_classroom(base: Path, trainees: Sequence[str] = TRAINEES, *, with_capstone: bool = True,
                    mem_limit: str = "1G", exchange: str = "filesystem",
                    courses: str | None = None) -> Iterator[Classroom]:
    """A running classroom under ``base`` (an empty folder); stopped, with every process, on exit.

    ``exchange``: "filesystem" (a shared folder) or "ngshare"; ``courses``: COURSEKIT_COURSES
    for ngshare (None: the course folder's own course, every trainee in it).
    """
    root = shutil.copytree(FIXTURE, base / "classroom")
    if with_capstone:  # the real capstone beside the tiny course: a6 goes through the hub too (guards on)
        shutil.copytree(ROOT / "course" / "source" / CAPSTONE, root / "course" / "source" / CAPSTONE)
    exchange_dir, homes, state = base / "exchange", base / "homes", base / "state"
    for folder in (exchange_dir, homes, state):
        folder.mkdir()
    proxy_port, hub_port, api_port, ngshare_port = free_ports(4)
    password, admin_password = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
    config = base / "test_jupyterhub_config.py"
    config.write_text(TEST_CONFIG.format(
        deploy=str(DEPLOY / "jupyterhub_config.py"), password=password, admin_password=admin_password,
        homes=str(homes / "{username}"), hub_port=hub_port, api_port=api_port,
        extra_args=["--allow-root"] if os.geteuid() == 0 else []), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "COURSEKIT_"))}
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),  # alembic, node
        COURSEKIT_ROOT=str(root), COURSEKIT_EXCHANGE=str(exchange_dir), COURSEKIT_HUB_STATE=str(state),
        COURSEKIT_HUB_URL=f"http://127.0.0.1:{proxy_port}",
        COURSEKIT_TRAINERS=TRAINER, COURSEKIT_TRAINEES=",".join(trainees),
        COURSEKIT_MEM_LIMIT=mem_limit, JUPYTER_CONFIG_DIR=str(base / "hub-jupyter-config"),
        COURSEKIT_EXCHANGE_KIND=exchange, COURSEKIT_NGSHARE_PORT=str(ngshare_port))
    if courses is not None:
        env["COURSEKIT_COURSES"] = courses
    log = base / "jupyterhub.log"
    with open(log, "wb") as out:
        # The hub's own PID (no shell in between), so stopping it stops proxy and servers.
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT)
    hub = Classroom(url=f"http://127.0.0.1:{proxy_port}", password=password,
                    admin_password=admin_password, root=root,
                    course=root / "course", exchange=exchange_dir, homes=homes, state=state,
                    proc=proc, log=log, exchange_kind=exchange,
                    ngshare_url=f"http://127.0.0.1:{ngshare_port}/services/ngshare" if exchange == "ngshare" else None)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {proc.returncode}:\n{hub.log_tail()}")
            try:
                if requests.get(f"{hub.url}/hub/api", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub not reachable through the proxy:\n{hub.log_tail()}")
            time.sleep(0.3)
        yield hub
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        left = _leftovers(str(state)) + _leftovers(f"--api-port {api_port}")
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        assert not left, f"stopping the hub left processes behind: {left}"
