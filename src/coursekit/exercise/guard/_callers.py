"""Who is calling a guarded function: the library, a trusted cell or the trainee's own code."""

from __future__ import annotations

import linecache
import sys
import types
from typing import Any

from coursekit.exercise.guard._state import _PACKAGE_DIR, _STATE, OffLimitsError, _Blocked, _message, source_hash

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


def _dispatch(key: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    entry = _STATE.guarded[key]
    if _caller_is_trainee(sys._getframe(2)):
        _STATE.blocked.append(_Blocked(entry.public, entry.hint, _execution_count()))
        raise OffLimitsError(_message(entry.public, entry.hint))
    return entry.original(*args, **kwargs)
