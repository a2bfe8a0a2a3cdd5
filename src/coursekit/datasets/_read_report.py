"""What ``read_tickets(..., report=True)`` returns: the typed table and what reading skipped.

The notes on skipped title and totals rows are attributes of a result object (not
``DataFrame.attrs``, which pandas drops in many operations), so they can be shown in a
notebook, tested and kept next to the table.

>>> import pandas as pd
>>> report = ReadReport(pd.DataFrame({"ticket_id": ["T1"]}), "read_tickets", header_row=2, skipped_rows=(1, 4),
...                     notes=("read_tickets: dropped row 4, a totals row ('合计')",))
>>> report.table()["note"].tolist()
["read_tickets: dropped row 4, a totals row ('合计')"]
>>> report.title()
'read_tickets: read 1 row(s); skipped 2 row(s)'
>>> len(report), "合计" in report._repr_html_()
(1, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from coursekit.results import Result

__all__ = ["ReadReport", "in_message_language"]


def in_message_language(text: str) -> str:
    """``text`` in the message language (the notes are written in English, like error messages)."""
    from coursekit.i18n import message_text

    return message_text(text)


@dataclass(frozen=True, eq=False)
class ReadReport(Result):
    """The typed table (``frame``) and what reading skipped to get it.

    ``header_row`` is the row that held the headers as you see it (spreadsheet row number for a
    file, index label for a DataFrame; ``None`` when a DataFrame's column names were the headers).
    ``skipped_rows`` are the title rows above the header and the totals rows dropped, in the same
    terms; ``notes`` say what each skip was. :meth:`table` gives the notes as a table.
    """

    frame: pd.DataFrame
    reader: str
    header_row: Any = None
    skipped_rows: tuple[Any, ...] = ()
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    def title(self) -> str:
        return in_message_language(f"{self.reader}: read {len(self.frame)} row(s); "
                                   f"skipped {len(self.skipped_rows)} row(s)")

    def table(self) -> pd.DataFrame:
        """One row per note (in the message language); empty when nothing was skipped."""
        return pd.DataFrame({"note": pd.Series([in_message_language(n) for n in self.notes], dtype="str")})
