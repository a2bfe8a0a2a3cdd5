"""A kernel manager that starts every trainee kernel in a fresh sandbox.

nbgrader's ``Execute`` preprocessor (through nbclient) asks a kernel manager
to start a kernel in the autograded folder. :class:`SandboxKernelManager`
instead

1. copies the folder's data files (never notebooks) into a private scratch
   folder, so the kernel cannot see the restored hidden tests nor change
   nbgrader's files;
2. talks to the kernel over Unix sockets in that scratch folder (the kernel
   has no network at all);
3. starts ``python -m ipykernel_launcher`` through the launcher of
   :mod:`coursekit.trainer.grade.sandbox` — inside ``bwrap`` when ``sandbox="bwrap"``
   — with a clean environment (no ``NBGRADER_EXECUTION``) and resource limits;
4. interrupts by message (a signal would stop at the sandbox boundary) and
   deletes the scratch folder when the kernel is cleaned up.

Whatever the notebook's kernelspec says, the kernel is this Python.
Configure it with traitlets, e.g. ``c.SandboxKernelManager.sandbox = "bwrap"``.

:func:`execute_class` returns nbgrader's ``Execute`` preprocessor wired to this
manager, with a cap on how much output one cell may send back to the grader.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Integer, List, Unicode

from coursekit.trainer.grade import sandbox as sb
from coursekit.trainer.grade.policy import DEFAULT_POLICY, SandboxPolicy

#: Messages about sandboxes that failed to start, read by the grading worker.
SANDBOX_FAILURES: list[str] = []

_SKIP_NAMES = {".ipynb_checkpoints", "__pycache__", ".git"}


def copy_data_files(src: Path, dest: Path) -> list[Path]:
    """Copy every non-notebook file below ``src`` to ``dest``; return the copies' relative paths.

    Notebooks (which at grading time hold the restored hidden tests) and
    checkpoint/cache folders are skipped; symlinks are not followed.

    >>> import tempfile, pathlib
    >>> a, b = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
    >>> _ = (a / "data.csv").write_text("x"); _ = (a / "ps1.ipynb").write_text("{}")
    >>> [str(p) for p in copy_data_files(a, b)]
    ['data.csv']
    """
    copied: list[Path] = []
    if not src.is_dir():
        return copied
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_NAMES)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.endswith(".ipynb") or path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(src)
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied.append(rel)
    return copied


class SandboxKernelManager(AsyncKernelManager):
    """Start the kernel in a private scratch folder, sandboxed when asked."""

    sandbox = Unicode("bwrap", help="'bwrap' (isolated) or 'none' (limits only)").tag(config=True)
    memory_mb = Integer(DEFAULT_POLICY.memory_mb, help="address-space limit of the kernel").tag(
        config=True)
    nproc = Integer(DEFAULT_POLICY.nproc, help="most processes/threads of the kernel").tag(
        config=True)
    disk_mb = Integer(DEFAULT_POLICY.disk_mb, help="size of the kernel's writable tmpfs").tag(
        config=True)
    file_mb = Integer(DEFAULT_POLICY.file_mb, help="largest file the kernel may write").tag(
        config=True)
    hidden = List(Unicode(), help="host paths the kernel must not see").tag(config=True)
    readonly = List(Unicode(), help="extra host paths visible read-only").tag(config=True)
    scratch_root = Unicode("", help="where scratch folders go (default: system temp)").tag(
        config=True)

    _scratch: Path | None = None
    #: First 4,000 characters the kernel process wrote to stdout/stderr (after cleanup).
    kernel_log_head: str = ""
    _log_handle: Any = None

    def policy(self) -> SandboxPolicy:
        """The :class:`~coursekit.trainer.grade.policy.SandboxPolicy` of this manager."""
        return SandboxPolicy(
            memory_mb=self.memory_mb, nproc=self.nproc, disk_mb=self.disk_mb,
            file_mb=self.file_mb, readonly=tuple(self.readonly), hidden=tuple(self.hidden),
        )

    # -- start -------------------------------------------------------------
    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        if self.sandbox not in ("bwrap", "none"):
            raise ValueError(f"SandboxKernelManager.sandbox must be 'bwrap' or 'none', "
                             f"not {self.sandbox!r}")
        source_dir = Path(kw.get("cwd") or os.getcwd())
        base = self.scratch_root or None
        scratch = Path(tempfile.mkdtemp(prefix="ck-", dir=base))
        self._scratch = scratch
        self._name = source_dir.name or "work"
        self._files = copy_data_files(source_dir, scratch / "work")
        (scratch / "work").mkdir(exist_ok=True)
        (scratch / "run").mkdir()
        (scratch / "home").mkdir()
        self.transport = "ipc"
        self.ip = str(scratch / "run" / "kernel")
        self.connection_file = str(scratch / "connection.json")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        kw["cwd"] = str(scratch)
        self._log_handle = open(scratch / "kernel.log", "wb")  # noqa: SIM115 (closed in cleanup)
        kw["stdout"] = self._log_handle
        kw["stderr"] = self._log_handle
        kw["stdin"] = subprocess.DEVNULL
        kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        return cmd, kw

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The sandboxed command: launcher + ``python -m ipykernel_launcher``."""
        scratch = self._scratch
        assert scratch is not None, "pre_start_kernel prepares the scratch folder first"
        extra = [a for a in (extra_arguments or []) if a.startswith("--")]
        policy = self.policy()
        if self.sandbox == "none":
            home = scratch / "home"
            home_workdir = home / self._name
            shutil.copytree(scratch / "work", home_workdir, dirs_exist_ok=True)
            kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file,
                      *extra]
            env = sb.kernel_env(str(home), str(home_workdir))
            os.makedirs(env["TMPDIR"], exist_ok=True)
            self._env_none = env
            self._cwd_none = str(home_workdir)
            return sb.launcher_argv(policy, kernel, nproc=False)
        bwrap = sb.bwrap_path()
        if bwrap is None:
            raise RuntimeError("coursekit sandbox error: bwrap is not installed")
        uid = sb.sandbox_uid()
        workdir = f"{sb.HOME}/{self._name}"
        inner_conn = self._inner_connection_file(scratch)
        binds = [(str(scratch / "run"), sb.RUNTIME)]
        binds += [(str(scratch / "work" / rel), f"{workdir}/{rel.as_posix()}")
                  for rel in self._files]
        writable = [workdir] + sorted({f"{workdir}/{rel.parent.as_posix()}"
                                       for rel in self._files if rel.parent != Path(".")})
        cache = _matplotlib_cache(scratch)
        if cache is not None:
            binds.append((str(cache), f"{sb.HOME}/.cache/matplotlib"))
        if uid >= 0:
            for path in [scratch / "run", *(scratch / "work").rglob("*"),
                         *([cache, *cache.iterdir()] if cache else [])]:
                os.chown(path, uid, uid)
        args = sb.bwrap_args(policy, binds=binds, writable_dirs=writable, workdir=workdir,
                             env=sb.kernel_env(sb.HOME, workdir), bwrap=bwrap)
        kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", inner_conn, *extra]
        return args + sb.launcher_argv(policy, kernel, uid=uid, gid=uid)

    def _inner_connection_file(self, scratch: Path) -> str:
        """Write the connection file as the kernel sees it (sockets under RUNTIME)."""
        info = json.loads(Path(self.connection_file).read_text(encoding="utf-8"))
        info["ip"] = f"{sb.RUNTIME}/kernel"
        (scratch / "run" / "kernel.json").write_text(json.dumps(info), encoding="utf-8")
        return f"{sb.RUNTIME}/kernel.json"

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self.sandbox == "none":
            kw["env"] = dict(self._env_none)
            kw["cwd"] = self._cwd_none
        await super()._async_launch_kernel(kernel_cmd, **kw)

    # -- interrupt, cleanup --------------------------------------------------
    async def _async_interrupt_kernel(self) -> None:
        """Interrupt by ``interrupt_request`` message: signals stop at the sandbox."""
        if not self.has_kernel:
            raise RuntimeError("Cannot interrupt kernel. No kernel is running!")
        msg = self.session.msg("interrupt_request", content={})
        self._connect_control_socket()
        self.session.send(self._control_socket, msg)

    interrupt_kernel = _async_interrupt_kernel

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if restart:
            return
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
        scratch, self._scratch = self._scratch, None
        if scratch is None:
            return
        log = scratch / "kernel.log"
        if log.exists():
            with open(log, "rb") as handle:
                head = handle.read(4000).decode("utf-8", "replace")
            self.kernel_log_head = head
            if self.sandbox == "bwrap" and head.startswith("bwrap:"):
                SANDBOX_FAILURES.append(head.splitlines()[0])
        shutil.rmtree(scratch, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources


def _matplotlib_cache(scratch: Path) -> Path | None:
    """A writable copy of the grader's matplotlib font cache (saves a rebuild per kernel)."""
    source = _host_mpl_cache()
    if source is None:
        return None
    target = scratch / "mplcache"
    target.mkdir()
    for item in source:
        shutil.copyfile(item, target / item.name)
    return target


_MPL_CACHE: dict[str, list[Path] | None] = {}


def _host_mpl_cache() -> list[Path] | None:
    if "files" not in _MPL_CACHE:
        files: list[Path] | None = None
        try:
            import matplotlib

            cache = Path(matplotlib.get_cachedir())
            found = sorted(cache.glob("fontlist-*.json"))
            files = found or None
        except Exception:  # matplotlib missing or unusable: kernels rebuild their own cache
            files = None
        _MPL_CACHE["files"] = files
    return _MPL_CACHE["files"]


_EXECUTE_CLASS: dict[str, type] = {}


def execute_class() -> type:
    """nbgrader's ``Execute`` preprocessor using :class:`SandboxKernelManager`.

    Adds ``max_output_bytes`` (config ``LimitedExecute.max_output_bytes``, default
    ``DEFAULT_POLICY.max_output_bytes``): after a cell has sent that much output, further standard output and
    display data are dropped (with one note); error outputs and standard error
    are always kept, so a flood of output cannot hide a failed test.
    Built on first use so that importing this module does not import nbgrader.
    """
    if "cls" in _EXECUTE_CLASS:
        return _EXECUTE_CLASS["cls"]
    from nbformat.v4 import new_output
    from nbgrader.preprocessors import Execute

    class LimitedExecute(Execute):
        max_output_bytes = Integer(DEFAULT_POLICY.max_output_bytes,
                                   help="output bytes kept per cell").tag(config=True)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["kernel_manager_class"] = SandboxKernelManager
            super().__init__(*args, **kwargs)
            self._output_bytes: dict[int, int] = {}

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            size = len(json.dumps(content, ensure_ascii=False, default=str))
            used = self._output_bytes.get(cell_index, 0) + size
            self._output_bytes[cell_index] = used
            if used <= self.max_output_bytes:
                return super().output(outs, msg, display_id, cell_index)
            kind = msg.get("msg_type")
            if kind == "error" or (kind == "stream" and content.get("name") == "stderr"):
                short = dict(msg)
                short["content"] = dict(content)
                if kind == "stream":
                    short["content"]["text"] = content.get("text", "")[:2000]
                else:
                    short["content"]["traceback"] = list(content.get("traceback", []))[-20:]
                return super().output(outs, short, display_id, cell_index)
            if used - size <= self.max_output_bytes:  # first overflow: keep a head, leave a note
                room = self.max_output_bytes - (used - size)
                if kind == "stream" and room > 0:
                    head = dict(msg)
                    head["content"] = {**content, "text": content.get("text", "")[:room]}
                    super().output(outs, head, display_id, cell_index)
                outs.append(new_output("stream", name="stdout", text=(
                    f"\n[coursekit: output beyond {self.max_output_bytes} bytes dropped]\n")))
            return None

    _EXECUTE_CLASS["cls"] = LimitedExecute
    return LimitedExecute
