"""Off-limits functions in the graded exercises: refused when trainee code calls them.

Each exercise names the ``coursekit`` functions a trainee must not use (they are
what the exercise teaches; the hidden tests use them to check the answers). The
read-only setup cell ends with::

    ck.exercise.off_limits({"coursekit.kpi": "请用 pandas 的 groupby 按定义自己计算"})

and every test cell starts with ``ck.exercise.verify()``.

How it works
------------
:func:`off_limits` replaces the code of every function of the named modules
(public and private, module functions and class methods; a dotted name such as
``"coursekit.weights.ahp"`` names one function) by a small trampoline. Because
the *function object itself* changes, every way of reaching it goes through the
guard: ``ck.kpi.fcr``, ``from coursekit.kpi import fcr as f``, ``getattr``,
``importlib.import_module``, ``sys.modules``, a submodule path such as
``coursekit.kpi.rates.fcr``, a reference taken before the guard was set up, or
a function passed to ``map``/``DataFrame.apply``.

When a guarded function is called, the guard walks the call stack outwards,
skipping third-party frames (pandas, functools …), to the first frame that
decides:

* a frame of the ``coursekit`` library → allowed (e.g. an allowed function that
  uses a guarded one internally);
* a frame of code the notebook ran (its globals are the notebook's namespace) →
  allowed only when that cell is *trusted*; otherwise the call is refused with
  :class:`OffLimitsError`, whose Chinese message names the function and says
  what to do instead, and it is logged.

Trusted cells are the notebook's read-only cells as the grader restored them.
Under ``nbgrader autograde`` (plain, formgrader's button, or ``coursekit grade``)
the preprocessor :class:`coursekit.trainer.trust.TrustLockedCells` puts a first
cell before the notebook that calls :func:`trust` with the SHA-256 of each
locked cell's source; :func:`trust` can be called once per kernel, so a
trainee cannot extend the list. When a trainee runs the notebook (or
``nbgrader validate``) nothing is trusted: the visible tests never call
off-limits functions, so every refused call is the trainee's.

:func:`verify` (first line of each test cell) fails the test cell with the
same message when a call was refused since the previous task's cells ran — so
the task whose answer tried the call loses its points even if the answer
caught the error — and when the guard was tampered with (a guarded function's
code restored, a module reloaded to get unguarded copies) or an executed cell
contains code that fakes the checks (:mod:`coursekit.exercise.tamper`).

>>> import coursekit.exercise.guard as guard
>>> guard.describe_rules({"coursekit.kpi": "用 pandas 自己算"})
['coursekit.kpi（用 pandas 自己算）']
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import linecache
import pkgutil
import sys
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["OffLimitsError", "off_limits", "trust", "verify", "source_hash", "describe_rules",
           "blocked_calls"]

#: The name the trampolines look up in their module's globals.
_HOOK = "__coursekit_guard__"
_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])
_THIS = __name__


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


# --- who is calling -------------------------------------------------------------

def _user_namespace() -> dict[str, Any] | None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the course always has IPython
        return None
    shell = get_ipython()
    return shell.user_ns if shell is not None else None


def _is_library(frame: types.FrameType) -> bool:
    """A frame of the real coursekit package (not code that only claims the name)."""
    name = frame.f_globals.get("__name__")
    if not isinstance(name, str) or not (name == "coursekit" or name.startswith("coursekit.")):
        return False
    module = sys.modules.get(name)
    if module is None or vars(module) is not frame.f_globals:
        return False
    filename = frame.f_code.co_filename
    return filename.startswith(_PACKAGE_DIR) and filename == getattr(module, "__file__", None)


def _is_transparent(frame: types.FrameType) -> bool:
    """Frames of this package's helpers decide nothing: their caller does."""
    name = frame.f_globals.get("__name__")
    return isinstance(name, str) and name.startswith("coursekit.exercise") and _is_library(frame)


def _cell_trusted(frame: types.FrameType) -> bool:
    filename = frame.f_code.co_filename
    digest = _STATE.hash_cache.get(filename)
    if digest is None:
        lines = linecache.getlines(filename)
        if not lines:
            return False  # exec'd strings and the like have no cell behind them
        digest = source_hash("".join(lines))
        _STATE.hash_cache[filename] = digest
    return digest in _STATE.trusted


def _caller_is_trainee(frame: types.FrameType | None) -> bool:
    user_ns = _user_namespace()
    main = getattr(sys.modules.get("__main__"), "__dict__", None)
    while frame is not None:
        if _is_transparent(frame):
            pass
        elif _is_library(frame):
            return False
        elif frame.f_globals is user_ns or (user_ns is None and frame.f_globals is main):
            return not _cell_trusted(frame)
        frame = frame.f_back
    return True  # no cell and no library frame decided: refuse (threads, odd tricks)


def _execution_count() -> int:
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover
        shell = None
    if shell is not None:
        return int(shell.execution_count)
    _STATE.counter += 1
    return _STATE.counter


def _message(name: str, hint: str, lang: str | None = None) -> str:
    if (lang or _lang()) == "en":
        return (f"This exercise does not allow calling `{name}` (it is on the exercise's off-limits "
                f"list: the graded task is to compute it yourself). {hint} The task whose code "
                "calls it scores 0 when graded.")
    return (f"本次作业不允许调用 `{name}`（作业说明里列出的禁用函数：这正是本题要你自己算的内容）。"
            f"{hint}评分时调用它的任务不得分。")


def _dispatch(key: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    entry = _STATE.guarded[key]
    if _caller_is_trainee(sys._getframe(2)):
        _STATE.blocked.append(_Blocked(entry.public, entry.hint, _execution_count()))
        raise OffLimitsError(_message(entry.public, entry.hint))
    return entry.original(*args, **kwargs)


# --- installing the trampolines -------------------------------------------------

def _trampoline(key: str, function: types.FunctionType) -> types.CodeType:
    """Code with the same number of free variables as ``function`` that calls the guard."""
    n = len(function.__code__.co_freevars)
    names = [f"_v{i}" for i in range(n)]
    lines = ["def _outer():"]
    if names:
        lines.append(f"    {', '.join(names)} = {', '.join(['None'] * n)}" if n > 1 else "    _v0 = None")
    lines.append("    def _guarded(*args, **kwargs):")
    if names:
        lines.append(f"        if args is None: ({', '.join(names)},)")
    lines.append(f"        return {_HOOK}({key!r}, args, kwargs)")
    lines.append("    return _guarded")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<coursekit off-limits guard>", "exec"), namespace)
    code = namespace["_outer"]().__code__
    return code.replace(co_name=function.__code__.co_name, co_qualname=function.__code__.co_qualname)


def _copy(function: types.FunctionType) -> types.FunctionType:
    copy = types.FunctionType(function.__code__, function.__globals__, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__dict__.update(function.__dict__)
    copy.__qualname__, copy.__module__, copy.__doc__ = (function.__qualname__, function.__module__,
                                                        function.__doc__)
    return copy


def _guard_function(function: types.FunctionType, public: str, hint: str) -> None:
    if id(function) in _STATE.by_function or function.__module__ == _THIS:
        return
    key = f"{function.__module__}:{function.__qualname__}:{id(function)}"
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # pragma: no cover - plain Python functions always have one
        signature = None
    original = _copy(function)
    code = _trampoline(key, function)
    function.__globals__[_HOOK] = _dispatch
    function.__code__ = code
    function.__defaults__ = None
    function.__kwdefaults__ = None
    if signature is not None:
        function.__signature__ = signature  # type: ignore[attr-defined]
    entry = _Guarded(key, public, hint, function, original, code)
    _STATE.guarded[key] = entry
    _STATE.by_function[id(function)] = entry
    wrapped = getattr(original, "__wrapped__", None)
    if isinstance(wrapped, types.FunctionType):
        _guard_function(wrapped, public, hint)


def _functions_of(owner: Any) -> list[tuple[str, types.FunctionType]]:
    """Functions defined directly on a module or class: plain, static, class methods, properties."""
    out = []
    for name, value in list(vars(owner).items()):
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, property):
            out.extend((name, f) for f in (value.fget, value.fset, value.fdel)
                       if isinstance(f, types.FunctionType))
        elif isinstance(value, types.FunctionType):
            out.append((name, value))
    return out


def _modules_under(name: str) -> list[types.ModuleType]:
    module = importlib.import_module(name)
    found = [module]
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, prefix=name + "."):
            found.append(importlib.import_module(info.name))
    return found


def _public_name(target: str, function: types.FunctionType) -> str:
    module = sys.modules.get(target)
    if module is not None:
        for name, value in vars(module).items():
            if value is function and not name.startswith("_"):
                return f"{target}.{name}"
    return f"{function.__module__}.{function.__qualname__}"


def _guard_module(target: str, hint: str) -> None:
    for module in _modules_under(target):
        for _, value in _functions_of(module):
            if value.__module__ == module.__name__:
                _guard_function(value, _public_name(target, value), hint)
        for _, cls in list(vars(module).items()):
            if isinstance(cls, type) and cls.__module__ == module.__name__:
                for _, value in _functions_of(cls):
                    _guard_function(value, f"{_public_name(target, cls)}.{value.__name__}", hint)


def _resolve(target: str) -> tuple[str, Any]:
    """``("module", name)`` or ``("function", function object)`` for a rule's target."""
    from coursekit.errors import ConfigError

    if not (target == "coursekit" or target.startswith("coursekit.")):
        raise ConfigError(f"off_limits: {target!r} is not a coursekit module or function; "
                          "give a dotted name such as 'coursekit.kpi' or 'coursekit.weights.ahp'")
    if target.startswith(_THIS.rsplit(".", 1)[0]):
        raise ConfigError("off_limits: the exercise helpers themselves cannot be put off limits")
    try:
        importlib.import_module(target)
        return "module", target
    except ImportError:
        pass
    module_name, _, attr = target.rpartition(".")
    try:
        value = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError):
        raise ConfigError(f"off_limits: {target!r} names no coursekit module or function; "
                          "check the spelling (e.g. 'coursekit.spc.xmr')") from None
    if isinstance(value, type):
        return "class", value
    if not isinstance(value, types.FunctionType):
        raise ConfigError(f"off_limits: {target!r} is not a function, class or module")
    return "function", value


def off_limits(rules: Mapping[str, str]) -> None:
    """Put coursekit modules or functions off limits for the notebook's own code.

    ``rules`` maps a dotted name (a module such as ``"coursekit.kpi"``, which
    covers its submodules, or one function/class such as
    ``"coursekit.spc.xmr"``) to a hint in the trainee's language saying what to
    do instead. Rules only add: a later call cannot lift an earlier one. Raises
    :class:`~coursekit.errors.ConfigError` for a name that is not in coursekit.
    An empty mapping puts nothing off limits but still arms :func:`verify`'s
    check for code that fakes the tests.
    """
    _STATE.armed = True
    for target, hint in rules.items():
        kind, value = _resolve(target)
        hint = str(hint).strip()
        if hint and not hint.endswith(("。", ".", "！", "!")):
            hint += "。"
        if kind == "module":
            _guard_module(target, hint)
        elif kind == "class":
            for _, function in _functions_of(value):
                _guard_function(function, f"{target}.{function.__name__}", hint)
        else:
            _guard_function(value, target, hint)
        _STATE.rules.setdefault(target, hint)


def trust(hashes: list[str]) -> None:
    """Trust the cells whose :func:`source_hash` is listed (the grader's read-only cells).

    Called once per kernel, by the cell the grader puts first; any later call
    raises :class:`OffLimitsError`.
    """
    if _STATE.trust_set:
        raise OffLimitsError("评分检查的可信单元格列表只能设置一次 / the trusted-cell list can be set only once")
    _STATE.trust_set = True
    caller = sys._getframe(1).f_code.co_filename
    own = [source_hash("".join(linecache.getlines(caller)))] if linecache.getlines(caller) else []
    _STATE.trusted = frozenset([*(str(h) for h in hashes), *own])


def blocked_calls() -> list[str]:
    """Names of the off-limits functions refused so far in this kernel (for the curious)."""
    return [b.name for b in _STATE.blocked]


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
