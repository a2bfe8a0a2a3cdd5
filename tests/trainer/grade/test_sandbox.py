"""The sandboxed kernel: what trainee code can and cannot do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from coursekit.errors import ConfigError
from coursekit.trainer.grade import sandbox as sb
from coursekit.trainer.grade import sandbox_check as sc
from coursekit.trainer.grade.kernel import SandboxKernelManager, copy_data_files, execute_class
from coursekit.trainer.grade.policy import SandboxPolicy

BWRAP_OK = sc.check_sandbox(SandboxPolicy()).ok
needs_bwrap = pytest.mark.needs("bubblewrap", None if BWRAP_OK else
                                 "bubblewrap sandbox not available: apt install bubblewrap")


def test_bwrap_command_isolates_and_masks(tmp_path: Path) -> None:
    secret = tmp_path / "course"
    policy = SandboxPolicy(readonly=(str(tmp_path),), hidden=(str(secret),))
    args = sb.bwrap_args(policy, binds=[("/host/run", sb.RUNTIME)], writable_dirs=[],
                         workdir=sb.HOME, env={"HOME": sb.HOME}, bwrap="bwrap")
    assert "--unshare-net" in args and "--unshare-pid" in args and "--die-with-parent" in args
    assert "--clearenv" in args
    # the hidden course inside a read-only path is covered by an empty tmpfs after the bind
    bind = args.index(str(tmp_path.resolve()), args.index("--ro-bind", 3))
    mask = args.index(str(secret.resolve()))
    assert args[mask - 1] == "--tmpfs" and mask > bind
    assert args[args.index("/host/run") + 1] == sb.RUNTIME


def test_kernel_environment_has_no_grader_variables() -> None:
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        env = sb.kernel_env(sb.HOME, sb.HOME + "/ps1")
    finally:
        del os.environ["NBGRADER_EXECUTION"]
    assert not any("NBGRADER" in key for key in env)
    assert env["HOME"] == sb.HOME and env["MALLOC_ARENA_MAX"] == "2"


def test_mode_resolution() -> None:
    assert sc.resolve_mode("none", SandboxPolicy()) == ("none", sc.UNSANDBOXED_WARNING)
    with pytest.raises(ConfigError, match="sandbox must be"):
        sc.resolve_mode("docker", SandboxPolicy())
    mode, warning = sc.resolve_mode("auto", SandboxPolicy())
    assert (mode, warning is None) == (("bwrap", True) if BWRAP_OK else ("none", False))


def test_missing_bwrap_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sb, "bwrap_path", lambda: None)
    sc._check_sandbox_cached.cache_clear()
    try:
        check = sc.check_sandbox(SandboxPolicy(memory_mb=999))
        assert not check.ok and "apt-get install bubblewrap" in check.detail
        with pytest.raises(ConfigError, match="sandbox='bwrap' requested"):
            sc.resolve_mode("bwrap", SandboxPolicy(memory_mb=999))
        assert sc.resolve_mode("auto", SandboxPolicy(memory_mb=999))[0] == "none"
    finally:
        sc._check_sandbox_cached.cache_clear()


def test_data_files_are_copied_but_not_notebooks(tmp_path: Path) -> None:
    src, dest = tmp_path / "src", tmp_path / "dest"
    (src / "sub").mkdir(parents=True)
    (src / "data.csv").write_text("n\n1\n")
    (src / "sub" / "more.txt").write_text("x")
    (src / "ps1.ipynb").write_text("{}")
    (src / ".ipynb_checkpoints").mkdir()
    (src / ".ipynb_checkpoints" / "ps1-checkpoint.ipynb").write_text("{}")
    (src / "link.csv").symlink_to(src / "data.csv")
    copied = copy_data_files(src, dest)
    assert sorted(p.as_posix() for p in copied) == ["data.csv", "sub/more.txt"]


def _run(cells: list[str], folder: Path, mode: str, **limits) -> list[str]:
    """Execute cells with the sandboxed kernel; return each cell's text output."""
    from nbclient import NotebookClient

    nb = new_notebook(cells=[new_code_cell(c) for c in cells],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    cfg = Config()
    cfg.SandboxKernelManager.sandbox = mode
    cfg.SandboxKernelManager.hidden = [str(folder.parent)]
    for key, value in limits.items():
        setattr(cfg.SandboxKernelManager, key, value)
    client = NotebookClient(nb, timeout=4, kernel_manager_class=SandboxKernelManager,
                            config=cfg, resources={"metadata": {"path": str(folder)}},
                            allow_errors=True, interrupt_on_timeout=True)
    client.execute()
    texts = []
    for cell in nb.cells:
        parts = []
        for out in cell.outputs:
            parts.append(out.get("text") or out.get("ename") or str(out.get("data", "")))
        texts.append("".join(parts).strip())
    return texts


@pytest.fixture
def assignment(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    folder = course / "autograded" / "s1" / "ps1"
    folder.mkdir(parents=True)
    (folder / "data.csv").write_text("n\n42\n")
    (folder / "ps1.ipynb").write_text('{"hidden": "assert answer == 42"}')
    (course / "gradebook.db").write_text("not really")
    return folder


@pytest.mark.slow
@needs_bwrap
def test_sandboxed_kernel_sees_only_its_copy(assignment: Path, tmp_path: Path) -> None:
    course = assignment.parents[2]
    outside = tmp_path / "outside"
    outside.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        out = _run([
            "import os; print(os.getcwd(), sorted(os.listdir('.')))",
            "print(open('data.csv').read().split()[1])",
            f"print(os.path.exists({str(course)!r}), os.path.exists('../../gradebook.db'))",
            "print('NBGRADER_EXECUTION' in os.environ)",
            f"open({str(outside / 'x.txt')!r}, 'w')",
            "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
            "    print('online')\nexcept OSError:\n    print('offline')",
            "x = bytearray(3 * 2**30)",
            "open('new.txt', 'w').write('ok'); print(os.listdir('.'))",
            "while True:\n    pass",
            "print('alive after interrupt')",
        ], assignment, "bwrap", memory_mb=1024, scratch_root=str(scratch))
    finally:
        del os.environ["NBGRADER_EXECUTION"]
    assert out[0] == "/home/trainee/ps1 ['data.csv']"  # no notebook with hidden tests
    assert out[1] == "42"
    assert out[2] == "False False"
    assert out[3] == "False"
    assert out[4] in ("FileNotFoundError", "PermissionError", "OSError")
    assert out[5] == "offline"
    assert out[6] == "MemoryError"
    assert "new.txt" in out[7]
    assert out[8] == "KeyboardInterrupt"
    assert out[9] == "alive after interrupt"
    assert not (outside / "x.txt").exists()
    assert not (assignment / "new.txt").exists()  # the kernel wrote to its scratch copy
    assert list(scratch.iterdir()) == []  # the kernel's scratch folder is removed


@pytest.mark.slow
def test_unsandboxed_kernel_still_gets_a_clean_copy(assignment: Path) -> None:
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        out = _run(["import os; print('NBGRADER_EXECUTION' in os.environ, "
                    "sorted(os.listdir('.')), os.getcwd() != %r)" % str(assignment)],
                   assignment, "none")
    finally:
        del os.environ["NBGRADER_EXECUTION"]
    assert out == ["False ['data.csv'] True"]


def test_output_cap_keeps_errors_and_stderr() -> None:
    executor = execute_class()(max_output_bytes=100)
    executor.reset_execution_trackers()
    executor.clear_before_next_output = False  # set per cell by nbclient
    outs: list = []

    def msg(kind: str, **content) -> dict:
        return {"msg_type": kind, "content": content, "header": {"msg_type": kind},
                "parent_header": {"msg_id": "m"}, "metadata": {}}

    executor.output(outs, msg("stream", name="stdout", text="a" * 60), None, 0)
    executor.output(outs, msg("stream", name="stdout", text="b" * 500), None, 0)
    executor.output(outs, msg("stream", name="stdout", text="c" * 50), None, 0)
    executor.output(outs, msg("stream", name="stderr", text="warning!"), None, 0)
    executor.output(outs, msg("error", ename="AssertionError", evalue="", traceback=["t"]),
                    None, 0)
    kinds = [(o.output_type, o.get("name")) for o in outs]
    assert kinds == [("stream", "stdout"), ("stream", "stdout"), ("stream", "stdout"),
                     ("stream", "stderr"), ("error", None)]
    assert "b" in outs[1]["text"] and len(outs[1]["text"]) < 100
    assert "dropped" in outs[2]["text"]
    assert all("c" * 50 not in o.get("text", "") for o in outs)
