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

The guard is a package of four parts: :mod:`._state` (rules, refused calls, messages),
:mod:`._callers` (who is calling), :mod:`._install` (:func:`off_limits`, :func:`trust`) and
:mod:`._verify` (:func:`verify`).
"""

from __future__ import annotations

from coursekit.exercise.guard._install import off_limits, trust
from coursekit.exercise.guard._state import _STATE, OffLimitsError, blocked_calls, describe_rules, source_hash
from coursekit.exercise.guard._verify import verify

__all__ = ["OffLimitsError", "off_limits", "trust", "verify", "source_hash", "describe_rules",
           "blocked_calls", "_STATE"]
