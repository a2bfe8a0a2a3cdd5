"""The two kinds of self-check question and their pure answer check.

:class:`Choice` (one right option, or several for a multi-select) and
:class:`Number` (a numeric answer within an absolute tolerance) hold the
question, the right answer and the explanation. ``check(response)`` returns
``(correct, feedback)``; it is what the widget's 提交 button calls, so the whole
marking logic can be tested without a browser.

>>> q = Choice("FCR 的分母是？", ["全部工单", "已解决工单"], 0, "FCR 的分母是全部工单。")
>>> q.check(0)
(True, '✔ 正确\\nFCR 的分母是全部工单。')
>>> q.check(1)[0]
False
"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any, Literal

from coursekit.errors import ConfigError
from coursekit.quiz.parse import parse_number
from coursekit.quiz.texts import inline, text
from coursekit.quiz.widget import QuizView

__all__ = ["LETTERS", "STATIC_ENV", "Choice", "Number", "inline", "static_mode", "text"]

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Set to 1 when building a static site: quizzes then display without the widget.
STATIC_ENV = "COURSEKIT_STATIC"


def static_mode() -> bool:
    """Whether quizzes and dashboards display static outputs instead of their widgets.

    The environment variable ``COURSEKIT_STATIC`` has one meaning throughout coursekit: set to
    ``1``, ``true`` or ``yes`` (any case), the notebook is being executed to build a static site
    that loads no widget JavaScript (``coursekit site build`` sets it), so quizzes and dashboards
    show plain HTML and images. Unset, empty or any other value: widgets as usual.
    """
    return os.environ.get(STATIC_ENV, "").strip().lower() in {"1", "true", "yes"}


class _Quiz:
    """What both kinds share: question, explanation, displays and the lazy widget."""

    question: str
    explain: str

    def check(self, response: Any) -> tuple[bool, str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def unmarked(self, response: Any) -> str | None:
        """Why ``response`` cannot be marked (nothing chosen, not a number), or ``None`` if it can."""
        return None

    def answer_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _options_lines(self) -> list[str]:
        return []

    @property
    def kind(self) -> Literal["single", "multiple", "number"]:  # pragma: no cover - overridden
        """What the widget asks for: one option, several options or a number."""
        raise NotImplementedError

    @property
    def titled(self) -> bool:
        """Whether displays prefix 自测： (not when the question already starts with 自测 / Self-check)."""
        return not self.question.startswith(("自测", "Self-check", "self-check"))

    def _verdict(self, correct: bool) -> str:
        if correct:
            return "\n".join([text("correct"), self.explain])
        return "\n".join([text("wrong"), text("right_answer", answer=self.answer_text()), self.explain])

    # ---------------------------------------------------------------- widget
    @cached_property
    def view(self) -> Any:
        """The :class:`~coursekit.quiz.widget.QuizView` (ipywidgets), made on first use."""
        return QuizView(self)

    @property
    def widget(self) -> Any:
        """The ipywidgets box a notebook shows (input, 提交 button, feedback)."""
        return self.view.box

    # ---------------------------------------------------------------- displays
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The widget plus static fallbacks; only the fallbacks when ``COURSEKIT_STATIC`` is set.

        Static-site builders (nbconvert, Jupyter Book) prefer the widget view when it is
        present and then show nothing useful without a kernel; building with
        ``COURSEKIT_STATIC=1`` leaves it out, so the page shows the folded answer.
        """
        bundle = {} if static_mode() else dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.__str__()
        bundle["text/html"] = self._repr_html_()
        bundle["text/markdown"] = self._repr_markdown_()
        return bundle

    def _repr_markdown_(self) -> str:
        lines = [f"**{text('title')}**：{self.question}" if self.titled else f"**{self.question}**", ""]
        lines += [f"- {line}" for line in self._options_lines()]
        return "\n".join([*lines, "", f"<details><summary>{text('show_answer')}</summary>", "",
                          f"**{text('answer')}**：{self.answer_text()}", "",
                          f"{text('explain')}{self.explain}", "", "</details>", ""])

    def _repr_html_(self) -> str:
        options = "".join(f"<li>{inline(line)}</li>" for line in self._options_lines())
        listing = f"<ul style='list-style:none;padding-left:1em'>{options}</ul>" if options else ""
        head = f"<b>{text('title')}</b>：{inline(self.question)}" if self.titled else f"<b>{inline(self.question)}</b>"
        return (f"<div class='coursekit-quiz'><p>{head}</p>"
                f"{listing}<details><summary>{text('show_answer')}</summary>"
                f"<p><b>{text('answer')}</b>：{inline(self.answer_text())}</p>"
                f"<p>{text('explain')}{inline(self.explain)}</p></details></div>")

    def __str__(self) -> str:
        lines = [f"【{text('title')}】{self.question}" if self.titled else self.question,
                 *[f"  {line}" for line in self._options_lines()],
                 f"{text('think_first')}：{self.answer_text()}", f"{text('explain')}{self.explain}"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.question!r})"


class Choice(_Quiz):
    """A multiple-choice question; see :func:`coursekit.quiz.choice`."""

    def __init__(self, question: str, options: Sequence[str], answer: int | Iterable[int],
                 explain: str) -> None:
        self.question = _required_text(question, "question")
        self.explain = _required_text(explain, "explain")
        if isinstance(options, str) or not isinstance(options, Iterable):
            raise ConfigError(f"options must be a list of option texts, got {options!r}")
        self.options = [_required_text(o, f"option {i}") for i, o in enumerate(options)]
        if len(self.options) < 2:
            raise ConfigError(f"a choice question needs at least 2 options, got {len(self.options)}: "
                              "add the wrong answers a trainee might pick")
        if len(self.options) > len(LETTERS):
            raise ConfigError(f"at most {len(LETTERS)} options, got {len(self.options)}")
        duplicated = sorted({o for o in self.options if self.options.count(o) > 1})
        if duplicated:
            raise ConfigError(f"options must differ; repeated: {', '.join(map(repr, duplicated))}")
        self.multiple = not _is_index(answer)
        indices: list[Any] = [answer] if not self.multiple else _index_list(answer)
        bad = [i for i in indices if not _is_index(i) or not 0 <= operator.index(i) < len(self.options)]
        if bad or not indices:
            raise ConfigError(f"answer must be an option index from 0 to {len(self.options) - 1} "
                              f"(0 is the first option) or a non-empty list of them, got {answer!r}")
        self.answer = frozenset(operator.index(i) for i in indices)
        if len(self.answer) != len(indices):
            raise ConfigError(f"answer lists an option twice: {answer!r}")

    def check(self, response: Any) -> tuple[bool, str]:
        """``(correct, feedback)`` for a response: an option index or option text, or a list of them.

        An empty response (``None``, ``[]``) is not marked; the feedback asks for a choice.
        For a multi-select question the response is right only when it is exactly the set of
        right options.

        >>> q = Choice("哪些是效率指标？", ["FCR", "NPS", "平均解决时长"], [0, 2], "NPS 是客户指标。")
        >>> q.check([2, 0])[0], q.check([0])[0], q.check(["FCR", "平均解决时长"])[0]
        (True, False, True)
        >>> q.check([])
        (False, '请先勾选至少一个选项。')
        """
        reason = self.unmarked(response)
        if reason is not None:
            return False, reason
        if isinstance(response, (str, int)) or _is_index(response):
            chosen = {self._index(response)}
        else:
            chosen = {self._index(r) for r in response}
        if not self.multiple and len(chosen) > 1:
            raise ConfigError(f"this question has one right option; give one index, got {response!r}")
        correct = chosen == self.answer
        return correct, self._verdict(correct)

    def unmarked(self, response: Any) -> str | None:
        if response is None or (not isinstance(response, (str, int)) and _empty(response)):
            return text("choose_some" if self.multiple else "choose_one")
        return None

    @property
    def kind(self) -> Literal["single", "multiple", "number"]:
        return "multiple" if self.multiple else "single"

    def answer_text(self) -> str:
        return "；".join(self._option_line(i) for i in sorted(self.answer))

    def _option_line(self, i: int) -> str:
        return f"{LETTERS[i]}. {self.options[i]}"

    def _options_lines(self) -> list[str]:
        head = [text("multi")] if self.multiple else []
        return head + [self._option_line(i) for i in range(len(self.options))]

    def _index(self, value: Any) -> int:
        if isinstance(value, str):
            if value in self.options:
                return self.options.index(value)
            raise ConfigError(f"{value!r} is not one of the options: {', '.join(map(repr, self.options))}")
        if _is_index(value) and 0 <= operator.index(value) < len(self.options):
            return operator.index(value)
        raise ConfigError(f"response {value!r} is not an option index from 0 to {len(self.options) - 1}")


class Number(_Quiz):
    """A question with a numeric answer; see :func:`coursekit.quiz.number`."""

    def __init__(self, question: str, answer: float, *, tolerance: float = 0.0, unit: str = "",
                 explain: str) -> None:
        self.question = _required_text(question, "question")
        self.explain = _required_text(explain, "explain")
        self.answer = _finite(answer, "answer", "compute it from the data, e.g. float(rate)")
        self.tolerance = _finite(tolerance, "tolerance", "give an absolute tolerance such as 0.001")
        if self.tolerance < 0:
            raise ConfigError(f"tolerance must be 0 or more (an absolute difference), got {tolerance!r}")
        if not isinstance(unit, str):
            raise ConfigError(f"unit must be a text such as '%', '小时' or '', got {unit!r}")
        self.unit = unit.strip()

    @property
    def kind(self) -> Literal["single", "multiple", "number"]:
        return "number"

    @property
    def in_percent(self) -> bool:
        """Whether the answer is stated in percent (``unit="%"``) rather than as a fraction."""
        return self.unit in ("%", "％")

    def value_of(self, response: Any) -> float:
        """The number a response stands for, on the answer's scale (``8.7%`` → 0.087 unless ``unit="%"``).

        >>> Number("?", 0.087, explain="…").value_of("8.7 %")
        0.087
        >>> Number("?", 8.7, unit="%", explain="…").value_of("8.7%")
        8.7
        """
        if isinstance(response, (int, float)) and not isinstance(response, bool):
            return float(response)
        value, percent = parse_number(response, self.unit)
        return value / 100 if percent and not self.in_percent else value

    def check(self, response: Any) -> tuple[bool, str]:
        """``(correct, feedback)``: right when ``|value − answer| ≤ tolerance``.

        A tiny relative slack (1e-9) absorbs rounding such as ``8.7 / 100``.
        Text that is not a number, or nothing, is not marked; the feedback says how to write it.

        >>> q = Number("投诉率？", 0.087, tolerance=0.0005, explain="12 / 138 ≈ 0.087。")
        >>> [q.check(r)[0] for r in ("0.087", "8.7%", "８．７％", "0.0874", "0.09")]
        [True, True, True, True, False]
        >>> q.check("abc")
        (False, '无法识别为数字：abc。可以这样写：0.087、8.7%、1,234。')
        """
        reason = self.unmarked(response)
        if reason is not None:
            return False, reason
        value = self.value_of(response)
        correct = self._close(value)
        feedback = self._verdict(correct)
        if not correct:
            if not self.in_percent and self._close(value / 100):
                feedback += "\n" + text("as_percent", value=_fmt(value))
            elif self.in_percent and self._close(value * 100):
                feedback += "\n" + text("as_fraction", value=_fmt(value), percent=f"{_fmt(value * 100)}%")
        return correct, feedback

    def unmarked(self, response: Any) -> str | None:
        if response is None or (isinstance(response, str) and not response.strip()):
            return text("empty_number")
        try:
            self.value_of(response)
        except ConfigError:
            return text("bad_number", text=str(response).strip())
        return None

    def _close(self, value: float) -> bool:
        return abs(value - self.answer) <= self.tolerance or math.isclose(value, self.answer, rel_tol=1e-9)

    def answer_text(self) -> str:
        shown = _fmt(self.answer, self.tolerance)
        unit = "" if not self.unit else (self.unit if self.in_percent else f" {self.unit}")
        extra = f"（{text('tolerance', tol=_fmt(self.tolerance))}）" if self.tolerance else ""
        return f"{shown}{unit}{extra}"


# --------------------------------------------------------------------------- helpers
def _fmt(value: float, tolerance: float = 0.0) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    if tolerance > 0:
        digits = min(max(math.ceil(-math.log10(2 * tolerance)) + 1, 0), 8)
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return f"{value:.6g}"


def _required_text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name} must be a non-empty text, got {value!r}")
    return value.strip()


def _finite(value: Any, name: str, hint: str) -> float:
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise ConfigError(f"{name} must be a finite number, got {value!r}: {hint}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a finite number, got {value!r}: {hint}") from None
    if not math.isfinite(number):
        raise ConfigError(f"{name} must be a finite number, got {value!r}: {hint}")
    return number


def _is_index(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def _index_list(value: Any) -> list[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ConfigError(f"answer must be an option index (0 is the first option) or a list of "
                          f"indices, got {value!r}")
    return list(value)


def _empty(value: Any) -> bool:
    try:
        return len(value) == 0
    except TypeError:
        return False
