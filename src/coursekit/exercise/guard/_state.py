"""The guard's state in this kernel (rules, guarded functions, trusted cells, refused calls) and its messages.

>>> describe_rules({"coursekit.spc.xmr": ""})
['coursekit.spc.xmr']
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: The name the trampolines look up in their module's globals.
_HOOK = "__coursekit_guard__"
#: The folder of the coursekit package (this file is coursekit/exercise/guard/_state.py).
_PACKAGE_DIR = str(Path(__file__).resolve().parents[2])
#: The guard package: its own functions are never guarded.
_GUARD = __name__.rsplit(".", 1)[0]
#: The exercise helpers (the guard, tamper, compare, design): they cannot be put off limits.
_EXERCISE = _GUARD.rsplit(".", 1)[0]


class OffLimitsError(RuntimeError):
    """A trainee's code called a function the exercise puts off limits."""


@dataclass
class _Guarded:
    key: str
    public: str  # the dotted name trainees know, e.g. coursekit.kpi.fcr
    hint: str
    function: types.FunctionType
    original: types.FunctionType
    code: types.CodeType  # the trampoline


@dataclass
class _Blocked:
    name: str
    hint: str
    count: int  # the cell's execution count
    first_failed: int | None = None


@dataclass
class _State:
    rules: dict[str, str] = field(default_factory=dict)
    guarded: dict[str, _Guarded] = field(default_factory=dict)
    by_function: dict[int, _Guarded] = field(default_factory=dict)
    trusted: frozenset[str] = frozenset()
    trust_set: bool = False
    armed: bool = False
    blocked: list[_Blocked] = field(default_factory=list)
    test_counts: set[int] = field(default_factory=set)
    hash_cache: dict[str, str] = field(default_factory=dict)
    counter: int = 0


_STATE = _State()


def _lang() -> str:
    try:
        from coursekit.i18n import get_language
        return get_language()
    except Exception:  # pragma: no cover - i18n always imports
        return "zh"


def source_hash(source: str) -> str:
    """SHA-256 of a cell's source, ignoring line endings and trailing blanks.

    >>> source_hash("x = 1\\n") == source_hash("x = 1   \\r\\n\\n")
    True
    """
    lines = [line.rstrip() for line in source.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe_rules(rules: Mapping[str, str]) -> list[str]:
    """The rules as trainees read them: ``name（hint）``."""
    return [f"{target}（{hint}）" if hint else target for target, hint in rules.items()]


def _message(name: str, hint: str, lang: str | None = None) -> str:
    if (lang or _lang()) == "en":
        return (f"This exercise does not allow calling `{name}` (it is on the exercise's off-limits "
                f"list: the graded task is to compute it yourself). {hint} The task whose code "
                "calls it scores 0 when graded.")
    return (f"本次作业不允许调用 `{name}`（作业说明里列出的禁用函数：这正是本题要你自己算的内容）。"
            f"{hint}评分时调用它的任务不得分。")


def blocked_calls() -> list[str]:
    """Names of the off-limits functions refused so far in this kernel (for the curious)."""
    return [b.name for b in _STATE.blocked]
