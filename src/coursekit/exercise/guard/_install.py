"""Installing the trampolines: off_limits() rewrites the guarded functions' code; trust() sets the trusted cells."""

from __future__ import annotations

import importlib
import inspect
import linecache
import pkgutil
import sys
import types
from collections.abc import Mapping
from typing import Any

from coursekit.exercise.guard._callers import _dispatch
from coursekit.exercise.guard._state import _EXERCISE, _GUARD, _HOOK, _STATE, OffLimitsError, _Guarded, source_hash

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
    if id(function) in _STATE.by_function or f"{function.__module__}.".startswith(f"{_GUARD}."):
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
    out: list[tuple[str, types.FunctionType]] = []
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


def _public_name(target: str, obj: types.FunctionType | type) -> str:
    """``target.name`` when the rule's module exports ``obj`` publicly, else where it is defined."""
    module = sys.modules.get(target)
    if module is not None:
        for name, value in vars(module).items():
            if value is obj and not name.startswith("_"):
                return f"{target}.{name}"
    return f"{obj.__module__}.{obj.__qualname__}"


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
    if target.startswith(_EXERCISE):
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
