"""Errors raised by coursekit.

Every error a learner can cause with bad input is a :class:`DataError` whose
message names *what* is wrong (the column or argument), *where* (up to a few
offending row labels with their values) and *how to fix it* (the expected form).

>>> from coursekit.errors import DataError
>>> err = DataError("csat", "must be an integer from 1 to 5", rows=[3, 7], values=[0, 9],
...                 hint="recode the answers to the 1-5 scale")
>>> print(err)
column 'csat': must be an integer from 1 to 5; rows 3, 7 (values: 0, 9); fix: recode the answers to the 1-5 scale
>>> err.column
'csat'

Messages render in the language of :func:`coursekit.i18n.message_language`:
Chinese by default (what trainees see in the notebooks), English after
``coursekit.set_language("en")``. The English text is the canonical one:
``err.english`` always returns it, and the Chinese rendering is looked up in
:mod:`coursekit._messages_zh` (a message without a translation there stays
English as a whole, never half translated).

>>> from coursekit.i18n import messages_in
>>> with messages_in("zh"):
...     print(err)
列 'csat'（满意度(1-5)）：必须是 1 到 5 的整数；行 3、7（值：0、9）；修正方法：把答案重新编码为 1-5 分
>>> err.english
"column 'csat': must be an integer from 1 to 5; rows 3, 7 (values: 0, 9); fix: recode the answers to the 1-5 scale"
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from coursekit._language import message_language

MAX_ROWS_SHOWN = 5


class CoursekitError(Exception):
    """Base class of every error coursekit raises on purpose.

    ``str(error)`` is the message in the current message language; ``error.english``
    is the canonical English text (the CLI and logs may prefer it).
    """

    @property
    def english(self) -> str:
        """The message in English, whatever the language setting."""
        return super().__str__()

    @property
    def chinese(self) -> str | None:
        """The message in Chinese, or ``None`` when some part has no translation."""
        from coursekit._messages_zh import translate

        return translate(self.english)

    def __str__(self) -> str:
        if message_language() == "zh":
            return self.chinese or self.english
        return self.english


class DataError(CoursekitError, ValueError):
    """Bad input data: names the column, the offending rows and the fix.

    Parameters
    ----------
    column:
        The column (or argument) at fault; ``None`` for a whole-table problem.
    problem:
        What is wrong, phrased as the expected form ("must be ...").
    rows:
        Row labels (as the user sees them) of offending rows; only the first
        :data:`MAX_ROWS_SHOWN` are printed, with a count of the rest.
    values:
        The offending values, aligned with ``rows``.
    hint:
        How to fix it.
    """

    def __init__(
        self,
        column: str | None,
        problem: str,
        *,
        rows: Sequence[Any] | None = None,
        values: Sequence[Any] | None = None,
        hint: str | None = None,
    ) -> None:
        self.column = column
        self.problem = problem
        self.rows = list(rows) if rows is not None else []
        self.values = list(values) if values is not None else []
        self.hint = hint
        super().__init__(self._format())

    def __reduce__(self) -> tuple:
        return _rebuild, (type(self), self.column, self.problem, self.rows, self.values, self.hint)

    @property
    def chinese(self) -> str | None:
        """The message in Chinese, or ``None`` when the problem or the hint has no translation."""
        from coursekit._messages_zh import translate

        problem = translate(self.problem)
        hint = translate(self.hint) if self.hint else ""
        if problem is None or hint is None:
            return None
        text = ""
        if self.column is not None:
            zh = _column_zh(self.column)
            text = f"列 {self.column!r}" + (f"（{zh}）" if zh and zh != str(self.column) else "") + "："
        text += problem
        if self.rows:
            text += "；行 " + "、".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            if len(self.rows) > MAX_ROWS_SHOWN:
                text += f" 及另外 {len(self.rows) - MAX_ROWS_SHOWN} 行"
            if self.values:
                text += "（值：" + "、".join(_short(v) for v in self.values[:MAX_ROWS_SHOWN]) + "）"
        if hint:
            text += f"；修正方法：{hint}"
        return text

    def _format(self) -> str:
        head = f"column {self.column!r}: " if self.column is not None else ""
        text = head + self.problem
        if self.rows:
            shown = self.rows[:MAX_ROWS_SHOWN]
            text += "; rows " + ", ".join(str(r) for r in shown)
            if len(self.rows) > MAX_ROWS_SHOWN:
                text += f" and {len(self.rows) - MAX_ROWS_SHOWN} more"
            if self.values:
                vals = self.values[:MAX_ROWS_SHOWN]
                text += " (values: " + ", ".join(_short(v) for v in vals) + ")"
        if self.hint:
            text += f"; fix: {self.hint}"
        return text


class ConfigError(CoursekitError, ValueError):
    """A bad setting or argument that is not a data column (e.g. an unknown KPI code)."""


def _rebuild(cls: type, column: str | None, problem: str, rows: list, values: list,
             hint: str | None) -> DataError:
    """Unpickle a :class:`DataError` (its constructor takes more than the message)."""
    return cls(column, problem, rows=rows, values=values, hint=hint)


def _column_zh(name: str) -> str | None:
    """The Chinese label of a dataset column (``"csat"`` or ``"surveys.csat"``), else ``None``.

    The same lookup as :func:`coursekit.i18n.column_label` (first dataset in schema order wins),
    read straight from the schema so that this module does not import :mod:`coursekit.i18n`.

    >>> _column_zh("csat"), _column_zh("MF-T3")
    ('满意度(1-5)', None)
    """
    from coursekit.schema import SCHEMAS

    dataset, _, column = str(name).rpartition(".")
    for table, columns in SCHEMAS.items():
        if (not dataset or dataset == table) and column in columns:
            return columns[column].zh
    return None


def _short(value: Any, width: int = 30) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def reject_missing(values: Any, column: str | None, *, hint: str,
                   problem: str = "must not be missing") -> None:
    """Raise a :class:`DataError` naming the rows where the Series ``values`` is missing.

    >>> import pandas as pd
    >>> reject_missing(pd.Series([4.0, None, 5.0], index=["A1", "A2", "A3"]), "post",
    ...                hint="drop incomplete pairs first")
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'post': must not be missing; rows A2; fix: drop incomplete pairs first
    """
    missing = values.isna().to_numpy()
    if missing.any():
        rows, _ = offending(missing, values.index, values.tolist())
        raise DataError(column, problem, rows=rows, hint=hint)


def offending(mask: Iterable[bool], index: Iterable[Any], values: Iterable[Any]) -> tuple[list, list]:
    """Row labels and values where ``mask`` is true (helper for building a DataError).

    >>> offending([False, True, True], ["a", "b", "c"], [1, 2, 3])
    (['b', 'c'], [2, 3])
    """
    rows, vals = [], []
    for flag, label, value in zip(mask, index, values, strict=True):
        if flag:
            rows.append(label)
            vals.append(value)
    return rows, vals
