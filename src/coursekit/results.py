"""The common shape of coursekit's result objects: ``.table()`` and a readable ``_repr_html_``.

Every function that returns more than one number returns an object that

- gives its numbers as one DataFrame with :meth:`Result.table` (for further analysis,
  Excel, plotting), and
- shows itself in a notebook as that table with Chinese (or, after
  ``coursekit.set_language("en")``, English) column labels, under an optional title.

Metadata lives in the object's own attributes, never in ``DataFrame.attrs`` (pandas
drops ``.attrs`` in many operations).

A result class only writes ``table()`` (and, if it likes, ``title()``):

>>> from dataclasses import dataclass
>>> import pandas as pd
>>> @dataclass(frozen=True)
... class Shares(Result):
...     counts: dict
...     def title(self) -> str:
...         return "份额"
...     def table(self) -> pd.DataFrame:
...         frame = pd.DataFrame({"count": self.counts})
...         frame.index.name = "team"
...         return frame
>>> shares = Shares({"T1": 3, "T2": 1})
>>> shares.table()["count"].tolist()
[3, 1]
>>> html = shares._repr_html_()
>>> "<b>份额</b>" in html and "班组" in html and "coursekit-result" in html
True
>>> isinstance(shares, HasTable)
True
"""

from __future__ import annotations

import html as _html
from typing import Protocol, runtime_checkable

import pandas as pd

__all__ = ["HasTable", "Result", "labelled", "render_html"]


@runtime_checkable
class HasTable(Protocol):
    """What every result object offers (checked in ``tests/test_results.py``)."""

    def table(self) -> pd.DataFrame: ...

    def _repr_html_(self) -> str: ...


def labelled(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with column and index names shown in ``lang`` (default: current language).

    Names without a label (your own columns, staff ids) stay as they are.

    >>> labelled(pd.DataFrame({"fcr": [0.5]}, index=pd.Index(["T1"], name="team")), lang="zh").columns.tolist()
    ['首次解决率(FCR)']
    """
    from coursekit.i18n import label

    shown = frame.copy(deep=False)
    shown.columns = [label(c, lang=lang) if isinstance(c, str) else c for c in shown.columns]
    shown.index = shown.index.set_names([label(n, lang=lang) if isinstance(n, str) else n
                                         for n in shown.index.names])
    return shown


def render_html(frame: pd.DataFrame, title: str | None = None, note: str | None = None,
                float_format: str = "{:.4g}") -> str:
    """``frame`` as notebook HTML with translated labels, an optional bold title and a note below.

    >>> "<b>T</b>" in render_html(pd.DataFrame({"x": [1.23456]}), title="T")
    True
    """
    parts = ["<div class='coursekit-result'>"]
    if title:
        parts.append(f"<p><b>{_html.escape(title)}</b></p>")
    parts.append(labelled(frame).to_html(float_format=float_format.format, border=0))
    if note:
        parts.append(f"<p><small>{_html.escape(note)}</small></p>")
    parts.append("</div>")
    return "".join(parts)


class Result:
    """Mixin for result objects: subclasses write :meth:`table` (and optionally :meth:`title`, :meth:`note`)."""

    __slots__ = ()

    def table(self) -> pd.DataFrame:
        raise NotImplementedError(f"{type(self).__name__} must define table()")

    def title(self) -> str | None:
        """A heading shown above the table in notebooks (``None``: no heading)."""
        return None

    def note(self) -> str | None:
        """A line shown below the table in notebooks (``None``: none)."""
        return None

    def _repr_html_(self) -> str:
        return render_html(self.table(), self.title(), self.note())
