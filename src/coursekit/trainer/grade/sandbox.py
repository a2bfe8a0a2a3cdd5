"""Run trainee code in a Linux-namespace sandbox (bubblewrap).

nbgrader executes a trainee's notebook with the trainer's own rights: the code
can read ``course/source`` (solutions, hidden tests), other trainees' work and
the gradebook. coursekit keeps nbgrader itself (which needs the gradebook)
outside and starts only the *kernel* inside ``bwrap``
(:class:`coursekit.trainer.grade.kernel.SandboxKernelManager`). Inside, the kernel sees

* the operating system (``/usr``) and the Python installation, read-only;
* a fresh home ``/home/trainee`` and ``/tmp`` (size-limited tmpfs);
* copies of the assignment's data files in ``/home/trainee/<assignment>``, its
  working directory — never notebooks, never the course directory;
* no network (own network namespace), no other processes (own PID namespace),
  no capabilities, and resource limits: address space (``memory_mb``),
  processes/threads (``nproc``) and file size (``file_mb``).

When coursekit runs as root (e.g. in CI), bwrap keeps only ``CAP_SETUID`` and
``CAP_SETGID`` and the launcher switches to an unprivileged uid before starting
the kernel: the kernel exempts uid 0 from the process limit.

This module only builds command lines from a
:class:`~coursekit.trainer.grade.policy.SandboxPolicy`; it imports nothing heavy.
:mod:`coursekit.trainer.grade.sandbox_check` checks that the sandbox works.

>>> args = bwrap_args(SandboxPolicy(), binds=[], writable_dirs=[], workdir=HOME,
...                   env={}, bwrap="bwrap")
>>> args[0], "--unshare-net" in args
('bwrap', True)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from coursekit.errors import CoursekitError
from coursekit.trainer.grade.policy import SandboxPolicy

#: Home directory and user name the trainee's kernel sees.
HOME = "/home/trainee"
USER = "trainee"
#: Runtime directory (connection file, ipc sockets) inside the sandbox.
RUNTIME = f"{HOME}/.local/share/jupyter/runtime"
#: First uid used for kernels when coursekit runs as root (uid = base + worker pid).
ROOT_MODE_UID_BASE = 1_000_000

#: Small files from /etc that Python and its libraries read; all harmless.
_ETC_FILES = (
    "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
    "/etc/timezone", "/etc/alternatives", "/etc/fonts", "/etc/mime.types",
    "/etc/nsswitch.conf", "/etc/hosts",
)

# Runs inside the sandbox before the kernel: set limits, drop to an unprivileged
# uid when started as root, then exec the kernel. argv: AS NPROC FSIZE UID GID cmd...
LAUNCHER = """\
import os, resource, sys
as_, nproc, fsize, uid, gid = (int(x) for x in sys.argv[1:6])
for res, value in ((resource.RLIMIT_AS, as_), (resource.RLIMIT_NPROC, nproc),
                   (resource.RLIMIT_FSIZE, fsize)):
    if value > 0:
        try:
            resource.setrlimit(res, (value, value))
        except (ValueError, OSError):  # macOS refuses RLIMIT_AS; required when dropping root
            if uid >= 0:
                raise
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
if uid >= 0:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
os.execv(sys.argv[6], sys.argv[6:])
"""


def bwrap_path() -> str | None:
    """Absolute path of the ``bwrap`` executable, or ``None``.

    >>> bwrap_path() is None or bwrap_path().endswith("bwrap")
    True
    """
    return shutil.which("bwrap") or (
        "/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None
    )


def _inside(path: str, parent: str) -> bool:
    """Whether ``path`` equals ``parent`` or lies below it.

    >>> _inside("/a/b", "/a"), _inside("/ab", "/a"), _inside("/a", "/a")
    (True, False, True)
    """
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def python_roots(hidden: tuple[str, ...] = ()) -> list[str]:
    """Host directories the kernel needs to run this Python, minimal and sorted.

    The installation and virtualenv prefixes, the site-packages folders, folders
    that ``.pth`` files there add (editable installs) and the folder holding the
    ``coursekit`` package — never the caller's ``sys.path`` at large (it may
    contain the current directory). Entries inside a ``hidden`` path are
    dropped, except the prefixes.

    >>> roots = python_roots()
    >>> any(_inside(os.path.realpath(sys.prefix), r) for r in roots)
    True
    """
    import site

    import coursekit

    hidden = tuple(os.path.realpath(h) for h in hidden)
    prefixes = {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix,
                os.path.dirname(os.path.realpath(sys.executable))}
    extra = set(site.getsitepackages())
    extra.add(str(Path(coursekit.__file__).resolve().parent.parent))
    try:  # the shipped datasets: inside the package when installed, <repo>/datasets in a checkout
        from coursekit.datasets.load import find_data_dir

        extra.add(str(find_data_dir().resolve()))
    except CoursekitError:
        pass
    for packages in site.getsitepackages():
        for pth in sorted(Path(packages).glob("*.pth")):
            try:
                lines = pth.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            extra.update(line.strip() for line in lines
                         if line.strip().startswith("/") and os.path.isdir(line.strip()))
    candidates = {os.path.realpath(p) for p in prefixes} | {p for p in prefixes if os.path.isabs(p)}
    candidates |= {os.path.realpath(p) for p in extra
                   if not any(_inside(os.path.realpath(p), h) for h in hidden)}
    candidates = {c for c in candidates if os.path.isdir(c) and c != "/"}
    # keep only top-most directories; /usr is bound anyway
    roots: list[str] = []
    for path in sorted(candidates, key=lambda p: (p.count("/"), p)):
        if _inside(path, "/usr") or any(_inside(path, r) for r in roots):
            continue
        roots.append(path)
    return sorted(roots)


def _ancestors(path: str) -> list[str]:
    """Parent directories of ``path``, outermost first (``/`` excluded).

    >>> _ancestors("/a/b/c")
    ['/a', '/a/b']
    """
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def bwrap_args(
    policy: SandboxPolicy,
    *,
    binds: list[tuple[str, str]],
    writable_dirs: list[str],
    workdir: str,
    env: dict[str, str],
    bwrap: str,
) -> list[str]:
    """The ``bwrap`` command line up to (and including) ``--``.

    ``binds`` are ``(host, inside)`` read-write bind mounts (the runtime folder
    and the data-file copies); ``writable_dirs`` are created world-writable
    inside the home tmpfs; ``workdir`` is the kernel's working directory.

    >>> args = bwrap_args(SandboxPolicy(), binds=[], writable_dirs=[HOME + "/a"],
    ...                   workdir=HOME + "/a", env={"HOME": HOME}, bwrap="bwrap")
    >>> "--unshare-net" in args or "--unshare-all" in args, args[-1]
    (True, '--')
    """
    root_mode = os.geteuid() == 0
    args = [bwrap, "--die-with-parent", "--new-session"]
    if root_mode:
        # privileged bwrap: no user namespace (uid 0 would be exempt from
        # RLIMIT_NPROC); keep only what the launcher needs to drop to a uid
        args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                 "--unshare-cgroup-try", "--cap-drop", "ALL",
                 "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc",
                 "--unshare-uts", "--unshare-cgroup-try", "--disable-userns"]
    args += ["--hostname", "jupyter"]
    # operating system, read-only
    args += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for etc in _ETC_FILES:
        args += ["--ro-bind-try", etc, etc]
    args += ["--proc", "/proc", "--dev", "/dev"]
    size = str(int(policy.disk_mb) * 2**20)
    args += ["--perms", "1777", "--size", size, "--tmpfs", "/tmp"]
    args += ["--perms", "0777", "--size", size, "--tmpfs", HOME]
    # Python installation and extra read-only paths
    hidden = [os.path.realpath(h) for h in policy.hidden]
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)}
    roots = python_roots(tuple(hidden)) + [os.path.realpath(p) for p in policy.readonly]
    created: set[str] = {"/usr", "/tmp", "/home", HOME}
    late = [r for r in roots if any(_inside(r, h) for h in hidden)]
    early = [r for r in roots if r not in late]
    late = [r for r in late if r in prefixes]  # only the interpreter itself may be inside

    def bind_ro(path: str) -> None:
        for parent in _ancestors(path):
            if parent not in created:
                args.extend(["--perms", "0755", "--dir", parent])
                created.add(parent)
        args.extend(["--ro-bind", path, path])
        created.add(path)

    for root in early:
        bind_ro(root)
    for secret in hidden:
        if any(_inside(secret, r) for r in early):
            args += ["--perms", "0700", "--tmpfs", secret]
    for root in late:
        bind_ro(root)
    def make_dir(path: str) -> None:
        for directory in [*_ancestors(path), path]:
            if directory not in created:
                mode = "0777" if _inside(directory, HOME) else "0755"
                args.extend(["--perms", mode, "--dir", directory])
                created.add(directory)

    for directory in writable_dirs:
        make_dir(directory)
    for host, inside in binds:
        for parent in _ancestors(inside):
            make_dir(parent)
        args += ["--bind", host, inside]
    args += ["--chdir", workdir, "--clearenv"]
    for key, value in sorted(env.items()):
        args += ["--setenv", key, value]
    args.append("--")
    return args


def kernel_env(home: str, workdir: str) -> dict[str, str]:
    """The environment a trainee kernel gets: no grader variables at all.

    In particular ``NBGRADER_EXECUTION`` is absent, so a notebook cannot tell
    that it is being graded.

    >>> env = kernel_env("/home/trainee", "/home/trainee/ps1")
    >>> "NBGRADER_EXECUTION" in env, env["HOME"]
    (False, '/home/trainee')
    """
    path = os.pathsep.join(
        [os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]
    )
    env = {
        "PATH": path,
        "HOME": home,
        "USER": USER,
        "LOGNAME": USER,
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp" if home == HOME else os.path.join(home, ".tmp"),
        "PWD": workdir,
        "PYTHONDONTWRITEBYTECODE": "1",
        # one thread per numeric library: predictable memory, fair CPU sharing
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        # few malloc arenas: each thread's arena reserves 64 MB of address space
        "MALLOC_ARENA_MAX": "2",
    }
    return env


def launcher_argv(policy: SandboxPolicy, command: list[str], *, uid: int = -1,
                  gid: int = -1, nproc: bool = True) -> list[str]:
    """``python -c LAUNCHER`` applying the limits, then exec'ing ``command``.

    >>> argv = launcher_argv(SandboxPolicy(memory_mb=1, nproc=7, file_mb=2), ["/bin/true"])
    >>> argv[5:11]
    ['1048576', '7', '2097152', '-1', '-1', '/bin/true']
    """
    limits = policy.limits()
    return [sys.executable, "-I", "-S", "-c", LAUNCHER,
            str(limits["as"]), str(limits["nproc"] if nproc else 0), str(limits["fsize"]),
            str(uid), str(gid), *command]


def sandbox_uid() -> int:
    """The unprivileged uid kernels run as when coursekit runs as root, else ``-1``.

    One uid per worker process, so the process limit counts one kernel only.

    >>> sandbox_uid() == -1 or sandbox_uid() >= ROOT_MODE_UID_BASE
    True
    """
    return ROOT_MODE_UID_BASE + os.getpid() if os.geteuid() == 0 else -1
