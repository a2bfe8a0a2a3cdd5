"""A throw-away PostgreSQL server for tests: started in a temporary folder, stopped after.

The binaries come from ``/usr/lib/postgresql/<version>/bin`` (Debian/Ubuntu's
``postgresql`` package; ``scripts/setup.sh test`` installs it). The server
listens on a unix socket inside its folder and on 127.0.0.1 at a free port
(the sandbox test checks that a graded kernel reaches neither), and trusts
every local connection. PostgreSQL refuses to run as root, so under
root the server runs as the system user :data:`PG_USER` (created with
``useradd --system`` when missing) through ``runuser``.

>>> find_bindir() is None or (find_bindir() / "initdb").is_file()
True
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

#: Unprivileged system user that runs the server when the tests run as root.
PG_USER = "coursekit-pg"
#: Superuser role created by initdb (trust authentication: no password).
SUPERUSER = "postgres"


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding ``initdb`` and ``pg_ctl``, or ``None``."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")
             if (Path(p).parent / "pg_ctl").is_file()]

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in path.parent.name.split(".") if x.isdigit())

    return max(found, key=version) if found else None


def missing_reason() -> str | None:
    """Why no server can be started here (``None`` when one can)."""
    if find_bindir() is None:
        return "PostgreSQL not found in /usr/lib/postgresql/*/bin: apt install postgresql"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser not found (needed to start PostgreSQL as a non-root user): apt install util-linux"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ensure_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        PG_USER], check=True, capture_output=True)
        return pwd.getpwnam(PG_USER)


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder (see the module docstring)."""

    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError(missing_reason() or "PostgreSQL not found")
        self.bindir = bindir
        # directly in /tmp: pytest's own temp folders are private to root (mode 0700)
        self.root = Path(tempfile.mkdtemp(prefix="coursekit-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "run"
        self.log = self.root / "server.log"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = _ensure_user()
            self.prefix = ["runuser", "-u", PG_USER, "--"]
            self.socket_dir.mkdir()
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        else:
            self.socket_dir.mkdir()
        self.port = _free_port()
        self.started = False

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True,
                              env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}, cwd=self.root)

    def start(self) -> PostgresServer:
        """initdb (trust authentication, UTF-8) and start; waits until it accepts connections."""
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                  "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -k {self.socket_dir} -p {self.port} -c fsync=off "
                   "-c max_connections=100")
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                      "-o", options, "-w", "-t", "60", "start")
        except subprocess.CalledProcessError as exc:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from exc
        self.started = True
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        if self.started:
            try:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                          "stop")
            except subprocess.CalledProcessError:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                          "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of ``database`` through the unix socket (driver: psycopg 3)."""
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}&port={self.port}"

    def create_database(self, name: str) -> str:
        """Create an empty database; its SQLAlchemy URL."""
        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def connect(self, database: str, autocommit: bool = False) -> Any:
        """A psycopg connection to ``database`` as the superuser (through the unix socket)."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user=SUPERUSER,
                               dbname=database, autocommit=autocommit)
