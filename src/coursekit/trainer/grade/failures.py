"""Why a trainee's grading failed, read from nbgrader's log: :func:`classify` and friends.

>>> classify("CellTimeoutError: cell took too long")
'timeout'
"""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.trainer.grade.results import Reason

_REASONS: tuple[tuple[Reason, re.Pattern[str]], ...] = (
    ("invalid notebook", re.compile(
        r"NotJSONError|does not appear to be JSON|not valid JSON|Unreadable Notebook|"
        r"ValidationError|SchemaTooOld|SchemaTooNew|JSONDecodeError|"
        r"Notebook JSON is invalid|UnicodeDecodeError")),
    ("timeout", re.compile(r"CellTimeoutError|Timeout waiting for|UnresponsiveKernel|timed out")),
)


def classify(text: str, *, invalid: bool = False, sandbox_failed: bool = False) -> Reason:
    """Why grading failed: ``sandbox error``, ``invalid notebook``, ``timeout`` or ``crash``.

    >>> classify("nbformat.reader.NotJSONError: Notebook does not appear to be JSON")
    'invalid notebook'
    >>> classify("DeadKernelError: Kernel died")
    'crash'
    """
    if sandbox_failed:
        return "sandbox error"
    if invalid:
        return "invalid notebook"
    for reason, pattern in _REASONS:
        if pattern.search(text):
            return reason
    return "crash"


def last_error_line(text: str) -> str:
    """The last line that names an exception (or the last non-empty line).

    >>> last_error_line("Traceback...\\n  File x\\nValueError: bad\\n")
    'ValueError: bad'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if re.match(r"^[\w.]+(Error|Exception|Interrupt)\b", line):
            return line[:300]
    return lines[-1][:300] if lines else ""


def invalid_notebooks(folder: Path) -> list[str]:
    """Names of notebooks in a submission that are not valid nbformat-4 JSON."""
    import nbformat

    bad = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(str(path), as_version=4)
            nbformat.validate(nb)
        except Exception:
            bad.append(path.name)
    return bad
