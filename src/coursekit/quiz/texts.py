"""Quiz texts: labels in the current language and the small inline markup quizzes use.

Shared by :mod:`coursekit.quiz.items` (the questions) and :mod:`coursekit.quiz.widget`
(their ipywidgets face), so that neither imports the other.

>>> text("submit"), inline("**FCR** ok")
('提交', '<b>FCR</b> ok')
"""

from __future__ import annotations

import html
import re
from typing import Any

from coursekit.i18n import label


def text(key: str, **fields: Any) -> str:
    """A quiz text in the current language (``coursekit.set_language``).

    >>> text("submit")
    '提交'
    """
    return label(f"quiz.{key}", **fields)


def inline(value: str) -> str:
    """Escape text for HTML, keeping ``code`` and **bold** marks and line breaks.

    >>> inline("**FCR** < `0.8`\\nok")
    '<b>FCR</b> &lt; <code>0.8</code><br>ok'
    """
    out = html.escape(value, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)
    return out.replace("\n", "<br>")
