"""Does the bubblewrap sandbox work here? :func:`check_sandbox` and :func:`resolve_mode`.

Before a grading run, a throw-away sandbox is started with the run's
:class:`~coursekit.trainer.grade.policy.SandboxPolicy` and must keep its promises
(hidden paths invisible, no network, read-only Python). ``sandbox="auto"`` falls
back to no sandbox, loudly, when it does not.

>>> resolve_mode("none", DEFAULT_POLICY) == ("none", UNSANDBOXED_WARNING)
True
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache

from coursekit.errors import ConfigError
from coursekit.trainer.grade import sandbox
from coursekit.trainer.grade.policy import DEFAULT_POLICY, SandboxMode, SandboxPolicy

#: Seconds the sandbox self-test may take.
CHECK_TIMEOUT = 30.0


class SandboxWarning(UserWarning):
    """Grading runs without a sandbox: trainee code has the trainer's rights."""



@dataclass(frozen=True)
class SandboxCheck:
    """Outcome of :func:`check_sandbox`: ``ok`` and a one-line ``detail``."""

    ok: bool
    detail: str


_PROBE = """\
import os, socket, sys
port, hidden = int(sys.argv[1]), sys.argv[2:]
problems = []
for path in hidden:
    if os.path.exists(path) and (not os.path.isdir(path) or os.listdir(path)):
        problems.append("can see " + path)
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    problems.append("network reachable")
except OSError:
    pass
try:
    open(os.path.join(os.path.dirname(sys.executable), ".coursekit-probe"), "w").close()
    problems.append("python installation writable")
except OSError:
    pass
open("/tmp/probe", "w").write("ok")
print("coursekit-sandbox-ok" if not problems else "; ".join(problems))
"""


def check_sandbox(policy: SandboxPolicy = DEFAULT_POLICY, timeout: float = CHECK_TIMEOUT) -> SandboxCheck:
    """Start a throw-away sandbox and verify its promises.

    Checks that the ``hidden`` paths are invisible, a listening TCP port on the
    host is unreachable, the Python installation is read-only, and the limits
    and uid switch work. Results are cached per policy.

    >>> check_sandbox().ok in (True, False)
    True
    """
    return _check_sandbox_cached(policy, timeout)


@lru_cache(maxsize=8)
def _check_sandbox_cached(policy: SandboxPolicy, timeout: float) -> SandboxCheck:
    bwrap = sandbox.bwrap_path()
    if bwrap is None:
        return SandboxCheck(False, "bwrap (bubblewrap) is not installed; on Debian/Ubuntu: "
                                   "sudo apt-get install bubblewrap")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    scratch = tempfile.mkdtemp(prefix="ck-probe-")
    try:
        uid = sandbox.sandbox_uid()
        args = sandbox.bwrap_args(policy, binds=[], writable_dirs=[], workdir=sandbox.HOME,
                                  env=sandbox.kernel_env(sandbox.HOME, sandbox.HOME), bwrap=bwrap)
        probe = [sys.executable, "-I", "-S", "-c", _PROBE, str(port), *policy.hidden]
        command = args + sandbox.launcher_argv(policy, probe, uid=uid, gid=uid)
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  cwd=scratch)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return SandboxCheck(False, f"bwrap did not run: {exc}")
        out = proc.stdout.strip()
        if proc.returncode != 0 or out != "coursekit-sandbox-ok":
            detail = out or proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            return SandboxCheck(False, f"bwrap self-test failed: {detail if isinstance(detail, str) else detail[0]}")
        return SandboxCheck(True, f"bwrap sandbox ok ({'root: uid switch' if uid >= 0 else 'user namespace'})")
    finally:
        listener.close()
        shutil.rmtree(scratch, ignore_errors=True)


def resolve_mode(mode: str, policy: SandboxPolicy = DEFAULT_POLICY) -> tuple[SandboxMode, str | None]:
    """Turn ``"auto"``/``"bwrap"``/``"none"`` into the mode used and a warning.

    ``"bwrap"`` raises :class:`~coursekit.errors.ConfigError` when the sandbox
    does not work; ``"auto"`` falls back to ``"none"`` with a warning text.

    >>> resolve_mode("none")[0]
    'none'
    """
    if mode not in ("auto", "bwrap", "none"):
        raise ConfigError(f"sandbox must be 'auto', 'bwrap' or 'none', not {mode!r}")
    if mode == "none":
        return "none", UNSANDBOXED_WARNING
    check = check_sandbox(policy)
    if check.ok:
        return "bwrap", None
    if mode == "bwrap":
        raise ConfigError(f"sandbox='bwrap' requested but it does not work: {check.detail}")
    return "none", f"{UNSANDBOXED_WARNING} ({check.detail})"


UNSANDBOXED_WARNING = (
    "GRADING WITHOUT A SANDBOX: trainee code runs with your rights and can read the "
    "solutions, hidden tests, other trainees' work and the gradebook. Install bubblewrap "
    "(sudo apt-get install bubblewrap) to grade safely"
)
