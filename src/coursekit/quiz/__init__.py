"""Self-check quizzes with instant feedback, for self-study in the chapters.

Two constructors, each returning an object that shows as a small ipywidgets
quiz in JupyterLab (a 提交 button, then ✔ 正确 / ✘ 不对 with the explanation)
and, where no widget front end runs (nbval, a static HTML page, plain text),
as the question with its options and the answer folded in ``<details>``.
Make the quiz the last expression of a cell.

* :func:`choice` — one right option (radio buttons), or several (``answer``
  a list: check boxes, right only when exactly the right set is ticked);
* :func:`number` — a typed number, right within an absolute ``tolerance``.

How typed numbers are read (:func:`coursekit.quiz.parse.parse_number`):
``0.087``, ``8.7%``, ``8.7 %``, ``1,234`` and full-width ``８．７％`` all work.
**A percent sign divides by 100 when the answer is a fraction** (the default):
for ``answer=0.087``, both ``0.087`` and ``8.7%`` are right, while a bare
``8.7`` is wrong and the feedback suggests adding ``%``. With ``unit="%"`` the
answer itself is in percent, so ``8.7`` and ``8.7%`` both mean 8.7.
``tolerance`` is in the answer's own scale (0.0005 is ±0.05 percentage points
for a fraction).

A static-site build (``jupyter nbconvert --execute --to html``, Jupyter Book)
should run with the environment variable ``COURSEKIT_STATIC=1``: those tools
prefer a widget view over HTML and would show an inert widget, so quizzes
then display only the static form with the answer in ``<details>``.

Feedback and button texts follow :func:`coursekit.set_language` (Chinese by
default); question and explanation are shown as written.

>>> from coursekit import quiz
>>> q = quiz.number("某月 1,380 张工单中 120 张被投诉，投诉率是多少？", 120 / 1380,
...                 tolerance=0.0005, explain="投诉率 = 120 / 1380 ≈ 0.087（8.7%）。")
>>> q.check("8.7%")[0], q.check("0.087")[0], q.check("8.7")[0]
(True, True, False)
>>> print(q.check("0.1")[1])
✘ 不对
正确答案：0.087（允许误差 ±0.0005）
投诉率 = 120 / 1380 ≈ 0.087（8.7%）。
>>> c = quiz.choice("FCR 属于哪一维度？", ["客户", "效率", "质量"], 1, "FCR 衡量一次解决的效率。")
>>> c.check(1)[0], c.check("质量")[0]
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coursekit.quiz.items import Choice, Number
from coursekit.quiz.parse import parse_number

__all__ = ["Choice", "Number", "choice", "number", "parse_number"]


def choice(question: str, options: Sequence[str], answer: int | Iterable[int], explain: str) -> Choice:
    """A multiple-choice self-check.

    ``answer`` is the index of the right option (0 is the first; shown as A, B, …)
    or a list of indices for a multi-select question. ``explain`` (Chinese) is
    shown after every submit, right or wrong.

    >>> q = choice("NPS 的取值范围？", ["0 到 100", "-100 到 100"], 1, "推荐者占比减贬损者占比。")
    >>> q.answer_text()
    'B. -100 到 100'
    >>> choice("?", ["a", "b"], 2, "…")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: answer must be an option index from 0 to 1 (0 is the first option) or a non-empty
    list of them, got 2
    """
    return Choice(question, options, answer, explain)


def number(question: str, answer: float, *, tolerance: float = 0.0, unit: str = "",
           explain: str) -> Number:
    """A numeric self-check: right when ``|response − answer| ≤ tolerance`` (absolute).

    Pass an ``answer`` computed from the data (a variable, never a typed
    literal) so the quiz stays right when the data change. ``unit`` is shown
    beside the box and may be typed after the number; ``unit="%"`` means the
    answer is in percent (see the module notes on percent signs).

    >>> q = number("平均解决时长是多少小时？", 4.25, tolerance=0.05, unit="小时", explain="…")
    >>> q.check("4.3 小时")[0], q.answer_text()
    (True, '4.25 小时（允许误差 ±0.05）')
    >>> number("?", float("nan"), explain="…")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: answer must be a finite number, got nan: compute it from the data, e.g. float(rate)
    """
    return Number(question, answer, tolerance=tolerance, unit=unit, explain=explain)
