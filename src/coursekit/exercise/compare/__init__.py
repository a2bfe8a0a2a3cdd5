"""Compare a trainee's result with a reference and say what really differs.

Hidden tests call these instead of ``assert np.allclose(...), "fixed message"``.
Each function returns ``None`` when the result matches and otherwise raises
:class:`AssertionError` whose message is computed from the comparison: it names
the variable, says what differs (missing or extra labels, values that look
multiplied by 100, a flipped sign, NaN where numbers belong, the largest
difference, the first place where the order differs …) and what to check.

* :func:`expect_series` — one value per label (e.g. a KPI per agent);
* :func:`expect_frame` — several columns, each compared like a Series;
* :func:`expect_value` — one number (or one date, one text);
* :func:`expect_labels` — a list or set of ids.

Messages are in Chinese, or in English after ``coursekit.set_language("en")``.
``hidden=True`` starts them with "隐藏测试：".

What counts as equal: numbers within ``rtol``/``atol`` (ints, ``float32``,
booleans and nullable types are all fine where floats are expected); labels
in any order (unless ``check_order``), and labels of another type with the
same text (a categorical index, ``np.str_``); the Series name is ignored.
A ``float32`` result is compared with at least the relative tolerance that
``float32`` can hold (about 1e-6).

>>> import pandas as pd
>>> ref = pd.Series([0.5, 0.25], index=["MF-A001", "MF-A002"])
>>> expect_series(pd.Series([25.0, 50.0], index=["MF-A002", "MF-A001"]), ref, name="fcr_by_agent")
Traceback (most recent call last):
...
AssertionError: fcr_by_agent：看起来乘了 100（如 'MF-A001'：你的 50，参考 0.5）。这里不需要乘 100。
>>> expect_series(pd.Series([0.25, 0.5], index=["MF-A002", "MF-A001"], dtype="float32"), ref, name="x")

The functions live in :mod:`.expect`; the modules behind them each do one part of the
comparison: coercing the inputs, matching labels, comparing values, order, scalars, messages.
"""

from __future__ import annotations

from coursekit.exercise.compare.expect import expect_frame, expect_labels, expect_series, expect_value

__all__ = ["expect_series", "expect_frame", "expect_value", "expect_labels"]
