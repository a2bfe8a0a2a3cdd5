"""verify(), the first line of every test cell: refused calls, a tampered guard, code that fakes the checks."""

from __future__ import annotations

import sys
import types

from coursekit.exercise.guard._callers import _execution_count
from coursekit.exercise.guard._state import _STATE, _lang, _message, source_hash

# --- verify ---------------------------------------------------------------------

def _integrity_problems(lang: str) -> list[str]:
    problems = []
    for entry in _STATE.guarded.values():
        if entry.function.__code__ is not entry.code:
            problems.append(entry.public)
    for entry in _STATE.guarded.values():
        function = entry.function
        module = sys.modules.get(function.__module__)
        if module is None or "." in function.__qualname__:
            continue
        current = vars(module).get(function.__name__)
        if isinstance(current, types.FunctionType) and id(current) not in _STATE.by_function:
            problems.append(entry.public)  # the module was reloaded: an unguarded copy
    if not problems:
        return []
    names = "、".join(sorted(set(problems))[:5])
    if lang == "en":
        return [f"the off-limits guard was changed or a module reloaded ({names}): restart the kernel "
                "and run all cells without that code."]
    return [f"检测到禁用函数的检查被改动或模块被重新加载（{names}）：请删除相关代码，重启内核后重新运行全部单元格。"]


def _tamper_problems(lang: str) -> list[str]:
    from coursekit.exercise.tamper import describe, find_tampering

    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover
        shell = None
    if shell is None:
        return []
    problems = []
    history = list(shell.history_manager.input_hist_raw)
    for number, source in enumerate(history):
        if not source or source_hash(source) in _STATE.trusted:
            continue
        findings = find_tampering(source)
        if findings:
            label = f"第 {number} 次运行的单元格" if lang != "en" else f"cell run #{number}"
            problems.append(describe(findings, label, lang))
    return problems


def _blocked_problems(count: int, lang: str) -> list[str]:
    problems = []
    for event in _STATE.blocked:
        if event.count in _STATE.test_counts or event.count >= count:
            continue  # refused inside a test cell: that cell already failed with the message
        if event.first_failed is None:
            event.first_failed = count
        elif not all(c in _STATE.test_counts for c in range(event.first_failed + 1, count)):
            continue  # another task's cells ran since: this task is not the one that called it
        problems.append(_message(event.name, event.hint, lang))
    return list(dict.fromkeys(problems))


def verify() -> None:
    """First line of every test cell: fail with a clear message when the rules were broken.

    Raises ``AssertionError`` (so nbgrader scores the test cell 0) when, since
    the previous task's cells ran, trainee code called an off-limits function;
    or when an executed cell changes or bypasses the checks. Does nothing before
    :func:`off_limits` has been called.
    """
    if not _STATE.armed:
        return
    count = _execution_count()
    lang = _lang()
    problems = _blocked_problems(count, lang)
    _STATE.test_counts.add(count)
    problems += _integrity_problems(lang) + _tamper_problems(lang)
    if problems:
        raise AssertionError("\n".join(problems))
