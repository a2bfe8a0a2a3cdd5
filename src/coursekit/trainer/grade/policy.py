"""The one place that says how much a trainee's code may use: :class:`SandboxPolicy`.

Every limit of a grading run — memory, processes, disk, file size, output per
cell and the per-cell time limit — is a field of :class:`SandboxPolicy`, and
:data:`DEFAULT_POLICY` holds the defaults that :func:`~coursekit.trainer.grade.grade_assignment`,
the grading worker, the sandboxed kernel manager and ``coursekit grade`` all read.
Change a default here and every one of them follows.

>>> DEFAULT_POLICY.memory_mb, DEFAULT_POLICY.cell_timeout
(2048, 30.0)
>>> DEFAULT_POLICY.limits()["as"] == DEFAULT_POLICY.memory_mb * 2**20
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from coursekit.errors import ConfigError

_MB = 2**20

#: How a trainee kernel runs: inside bubblewrap, or with resource limits only.
SandboxMode = Literal["bwrap", "none"]


@dataclass(frozen=True)
class SandboxPolicy:
    """Limits and visibility for one trainee kernel.

    Parameters
    ----------
    memory_mb:
        Address-space limit (``RLIMIT_AS``) of the kernel and its children.
    nproc:
        Most processes *and threads* the kernel may have (``RLIMIT_NPROC``);
        stops fork bombs. Not applied without bwrap (it would count all the
        trainer's processes).
    disk_mb:
        Size of each writable tmpfs (home and ``/tmp``).
    file_mb:
        Largest file the kernel may write (``RLIMIT_FSIZE``).
    cell_timeout:
        Seconds one cell may run when the course's ``Execute.timeout`` is not set.
    max_output_bytes:
        Output one cell may send back to the grader; more is dropped (errors are kept).
    readonly:
        Extra host paths made visible read-only at the same path.
    hidden:
        Host paths that must never be visible, e.g. the course directory;
        masked even when they lie inside a read-only path.

    >>> SandboxPolicy(hidden=("/srv/course",)).hidden
    ('/srv/course',)
    >>> SandboxPolicy(memory_mb=-1)
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: memory_mb must be 0 (no limit) or a positive number, not -1
    """

    memory_mb: int = 2048
    nproc: int = 256
    disk_mb: int = 256
    file_mb: int = 64
    cell_timeout: float = 30.0
    max_output_bytes: int = 1_000_000
    readonly: tuple[str, ...] = ()
    hidden: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("memory_mb", "nproc", "disk_mb", "file_mb", "cell_timeout", "max_output_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(f"{name} must be 0 (no limit) or a positive number, not {value!r}")

    def limits(self) -> dict[str, int]:
        """Resource limits in bytes / counts (0 = not limited).

        >>> SandboxPolicy(memory_mb=0, nproc=0).limits()["nproc"]
        0
        """
        return {
            "as": int(self.memory_mb) * _MB,
            "nproc": int(self.nproc),
            "fsize": int(self.file_mb) * _MB,
        }

    def with_(self, **changes: Any) -> SandboxPolicy:
        """A copy with some fields changed (``None`` values are ignored).

        >>> DEFAULT_POLICY.with_(memory_mb=512, nproc=None).memory_mb
        512
        """
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


#: The defaults every part of grading reads.
DEFAULT_POLICY = SandboxPolicy()
