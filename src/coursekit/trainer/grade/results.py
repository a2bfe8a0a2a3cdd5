"""What a grading run returns: one :class:`TraineeResult` per trainee in a :class:`GradeRun`.

Also :class:`GradingError`, raised when grading itself breaks down (a worker
that cannot start or dies before reporting), as opposed to
:class:`~coursekit.errors.ConfigError` for a bad option.

>>> issubclass(GradingError, CoursekitError)
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, get_args

from coursekit.errors import CoursekitError

#: What happened to a trainee.
Status = Literal["graded", "skipped", "failed"]
#: Why a trainee's grading failed.
Reason = Literal["crash", "timeout", "invalid notebook", "sandbox error"]
#: Reasons a trainee can fail with.
REASONS: tuple[Reason, ...] = get_args(Reason)
STATUSES: tuple[Status, ...] = get_args(Status)


class GradingError(CoursekitError):
    """Grading broke down: a worker could not start, or stopped answering.

    The message names the assignment or the worker log to read.
    """


@dataclass(frozen=True)
class TraineeResult:
    """How grading went for one trainee.

    ``status`` is ``"graded"``, ``"skipped"`` (already graded) or ``"failed"``;
    ``reason`` (failed only) is one of :data:`REASONS`; ``score`` and
    ``max_score`` come from the gradebook (``None`` when grading failed);
    ``flags`` lists suspicious code found by :mod:`coursekit.trainer.grade.scan`.
    """

    student: str
    status: Status
    score: float | None = None
    max_score: float | None = None
    reason: Reason | None = None
    message: str = ""
    seconds: float = 0.0
    attempts: int = 0
    flags: tuple[str, ...] = ()
    log: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict (``flags`` as a list).

        >>> TraineeResult("s1", "graded", flags=("x",)).to_dict()["flags"]
        ['x']
        """
        data = asdict(self)
        data["flags"] = list(self.flags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TraineeResult:
        """Build from a dict such as :meth:`to_dict` gives (unknown keys ignored).

        >>> TraineeResult.from_dict({"student": "s1", "status": "graded", "score": 3,
        ...                          "max_score": 4, "flags": ["x"], "extra": 1}).flags
        ('x',)
        >>> TraineeResult.from_dict({"student": "s1", "status": "done"})
        Traceback (most recent call last):
        ...
        coursekit.trainer.grade.results.GradingError: unknown trainee status 'done'; choose one of graded, ...
        """
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["flags"] = tuple(values.get("flags") or ())
        if values.get("status") not in STATUSES:
            raise GradingError(f"unknown trainee status {values.get('status')!r}; "
                               f"choose one of {', '.join(STATUSES)}")
        if values.get("reason") is not None and values["reason"] not in REASONS:
            raise GradingError(f"unknown failure reason {values['reason']!r}; "
                               f"choose one of {', '.join(REASONS)}")
        return cls(**values)


@dataclass
class GradeRun:
    """All results of one :func:`~coursekit.trainer.grade.grade_assignment` call.

    >>> run = GradeRun("ps1", [TraineeResult("s1", "graded", 3.0, 4.0)], sandbox="bwrap")
    >>> run["s1"].score, [r.student for r in run.graded]
    (3.0, ['s1'])
    """

    assignment: str
    results: list[TraineeResult]
    sandbox: str = "none"
    warnings: list[str] = field(default_factory=list)
    workers: int = 1
    seconds: float = 0.0

    def __getitem__(self, student: str) -> TraineeResult:
        for result in self.results:
            if result.student == student:
                return result
        raise KeyError(student)

    def _with(self, status: Status) -> list[TraineeResult]:
        return [r for r in self.results if r.status == status]

    @property
    def graded(self) -> list[TraineeResult]:
        """Trainees graded in this run."""
        return self._with("graded")

    @property
    def skipped(self) -> list[TraineeResult]:
        """Trainees already graded before (unchanged submission)."""
        return self._with("skipped")

    @property
    def failed(self) -> list[TraineeResult]:
        """Trainees whose grading failed (see ``reason``)."""
        return self._with("failed")

    def to_frame(self) -> Any:
        """One row per trainee (a pandas DataFrame indexed by student).

        >>> GradeRun("ps1", [TraineeResult("s1", "graded", 3.0, 4.0)]).to_frame().loc["s1", "score"]
        np.float64(3.0)
        """
        import pandas as pd

        rows = [asdict(r) for r in self.results]
        for row in rows:
            row["flags"] = "; ".join(row["flags"])
        columns = [f.name for f in fields(TraineeResult)]
        frame = pd.DataFrame(rows, columns=columns).set_index("student")
        frame["score"] = frame["score"].astype("float64")
        frame["max_score"] = frame["max_score"].astype("float64")
        return frame
