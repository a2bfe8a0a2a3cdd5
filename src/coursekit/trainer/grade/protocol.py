"""The messages between the grading process and its workers — one definition both sides import.

The parent (:mod:`coursekit.trainer.grade.pool`) and each worker
(:mod:`coursekit.trainer.grade.worker`) exchange one JSON object per line,
each with a ``"kind"``:

* parent → worker: :class:`Start` (first line), then one :class:`Task` per trainee;
* worker → parent: :class:`Ready` or :class:`StartFailed`, then one :class:`Done` per task.

:func:`encode` and :func:`decode` are the only places that touch the wire format.

>>> decode(encode(Task("s1", force=True)))
Task(student='s1', force=True)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Union

from coursekit.trainer.grade.policy import DEFAULT_POLICY, SandboxMode, SandboxPolicy
from coursekit.trainer.grade.results import GradingError, TraineeResult


@dataclass(frozen=True)
class Start:
    """Parent → worker, first line: what to grade and under which limits.

    ``timeout`` is the per-cell limit chosen by the trainer (``None``: the
    course's ``Execute.timeout``, else ``policy.cell_timeout``).
    """

    KIND: ClassVar[str] = "start"
    course_dir: str
    assignment: str
    sandbox: SandboxMode = "bwrap"
    policy: SandboxPolicy = DEFAULT_POLICY
    timeout: float | None = None
    scratch_root: str = ""


@dataclass(frozen=True)
class Task:
    """Parent → worker: grade one trainee (again, with ``force``)."""

    KIND: ClassVar[str] = "task"
    student: str
    force: bool = False


@dataclass(frozen=True)
class Ready:
    """Worker → parent: nbgrader is loaded; the submissions and the cell timeout in use."""

    KIND: ClassVar[str] = "ready"
    pid: int
    max_score: float
    students: tuple[str, ...]
    timeout: float
    code_cells: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StartFailed:
    """Worker → parent: the worker cannot grade this assignment (``error`` says why)."""

    KIND: ClassVar[str] = "start_failed"
    error: str


@dataclass(frozen=True)
class Done:
    """Worker → parent: how one task went."""

    KIND: ClassVar[str] = "done"
    result: TraineeResult


Message = Union[Start, Task, Ready, StartFailed, Done]
_KINDS: dict[str, type[Message]] = {cls.KIND: cls for cls in (Start, Task, Ready, StartFailed, Done)}


def encode(message: Message) -> bytes:
    """One line of UTF-8 JSON (ending in ``\\n``) for ``message``.

    >>> encode(StartFailed("no gradebook"))
    b'{"kind": "start_failed", "error": "no gradebook"}\\n'
    """
    if isinstance(message, Done):
        data: dict[str, Any] = {"result": message.result.to_dict()}
    else:
        data = asdict(message)
    return (json.dumps({"kind": message.KIND, **data}, ensure_ascii=False) + "\n").encode("utf-8")


def decode(line: bytes | str) -> Message:
    """The message in one line written by :func:`encode`.

    >>> decode(b'{"kind": "teleport"}')
    Traceback (most recent call last):
    ...
    coursekit.trainer.grade.results.GradingError: unknown grading message kind 'teleport'; expected one of start, ...
    """
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise GradingError(f"grading message is not JSON: {line[:200]!r}") from exc
    if not isinstance(data, dict):
        raise GradingError(f"grading message must be a JSON object, not {line[:200]!r}")
    kind = data.pop("kind", None)
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise GradingError(f"unknown grading message kind {kind!r}; expected one of "
                           + ", ".join(_KINDS))
    try:
        if cls is Done:
            return Done(TraineeResult.from_dict(data["result"]))
        if cls is Start and isinstance(data.get("policy"), dict):
            policy = dict(data["policy"])
            for key in ("readonly", "hidden"):
                policy[key] = tuple(policy.get(key) or ())
            data["policy"] = SandboxPolicy(**policy)
        if cls is Ready:
            data["students"] = tuple(data.get("students") or ())
        return cls(**data)
    except (TypeError, KeyError) as exc:
        raise GradingError(f"malformed {kind!r} grading message: {exc}") from exc


class LineReader:
    """Collects bytes from a worker's stdout and hands out complete messages.

    >>> reader = LineReader()
    >>> reader.feed(b'{"kind": "task", "student": "s1"}\\n{"kind": "ta')
    [Task(student='s1', force=False)]
    >>> reader.feed(b'sk", "student": "s2"}\\n')
    [Task(student='s2', force=False)]
    """

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, chunk: bytes) -> list[Message]:
        """Add ``chunk``; return the messages completed by it, in order."""
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return [decode(line) for line in lines if line.strip()]
