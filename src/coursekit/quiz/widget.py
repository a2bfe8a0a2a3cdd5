"""The ipywidgets face of a quiz: input, 提交 button and instant feedback.

A :class:`QuizView` reads the input, calls the quiz's pure ``check`` and shows
the verdict with the explanation. It can be driven from Python the way a
trainee drives it with the mouse:

>>> from coursekit.quiz import choice
>>> q = choice("SLA 达成率越高越好吗？", ["是", "否"], 0, "SLA 达成率是越高越好的指标。")
>>> q.view.input.value = 0          # click the first radio button
>>> q.view.button.click()           # press 提交
>>> q.view.result[0], "✔ 正确" in q.view.feedback.value
(True, True)
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from coursekit.quiz.texts import inline, text


class Markable(Protocol):
    """What a view needs of a quiz (:class:`~coursekit.quiz.items.Choice` and ``Number`` have it)."""

    question: str

    @property
    def kind(self) -> Literal["single", "multiple", "number"]: ...

    @property
    def titled(self) -> bool: ...

    def _options_lines(self) -> list[str]: ...

    def check(self, response: Any) -> tuple[bool, str]: ...

    def unmarked(self, response: Any) -> str | None: ...

_STYLE = {True: "coursekit-quiz-right", False: "coursekit-quiz-wrong"}
_COLOUR = {True: "#1a7f37", False: "#b42318"}


class QuizView:
    """Widgets of one quiz.

    Attributes
    ----------
    box:
        The ipywidgets VBox to display.
    input:
        ``RadioButtons`` (one right option; values are option indices),
        a list of ``Checkbox`` (multi-select) or a ``Text`` box (number).
    button:
        The 提交 button.
    feedback:
        ``HTML`` widget with the last verdict (empty before the first submit).
    result:
        The last ``(correct, feedback)`` pair, ``None`` before the first submit.
    """

    def __init__(self, quiz: Markable) -> None:
        import ipywidgets as w

        self.quiz = quiz
        self.result: tuple[bool, str] | None = None
        unit = str(getattr(quiz, "unit", ""))
        if quiz.kind == "multiple":
            self.input: Any = [w.Checkbox(value=False, description=f"{line}", indent=False,
                                          layout=w.Layout(width="auto"))
                               for line in quiz._options_lines()[1:]]
            controls = [w.HTML(text("multi")), *self.input]
        elif quiz.kind == "single":
            self.input = w.RadioButtons(options=[(line, i) for i, line in enumerate(quiz._options_lines())],
                                        value=None, layout=w.Layout(width="auto"))
            controls = [self.input]
        else:
            hint = text("placeholder_unit", unit=unit) if unit else text("placeholder")
            self.input = w.Text(value="", placeholder=hint, layout=w.Layout(width="16em"))
            shown_unit = [w.HTML(inline(unit))] if unit else []
            controls = [w.HBox([self.input, *shown_unit])]
        self.button = w.Button(description=text("submit"), button_style="primary", icon="check")
        self.button.add_class("coursekit-quiz-submit")
        self.button.on_click(lambda _button: self.submit())
        self.feedback = w.HTML(value="")
        self.feedback.add_class("coursekit-quiz-feedback")
        shown = f"<b>{text('title')}</b>：{inline(quiz.question)}" if quiz.titled else f"<b>{inline(quiz.question)}</b>"
        question = w.HTMLMath(shown)
        self.box = w.VBox([question, *controls, self.button, self.feedback])
        self.box.add_class("coursekit-quiz")

    def response(self) -> Any:
        """What the trainee has entered: an index, a list of indices, or the typed text."""
        if isinstance(self.input, list):
            return [i for i, box in enumerate(self.input) if box.value]
        return self.input.value

    def submit(self) -> tuple[bool, str]:
        """Mark the current input and show the verdict (what the 提交 button does)."""
        response = self.response()
        unmarked = self.quiz.unmarked(response) is not None
        correct, message = self.quiz.check(response)
        self.result = (correct, message)
        if unmarked:
            self.feedback.value = f"<div class='coursekit-quiz-note'>{inline(message)}</div>"
        else:
            verdict, _, rest = message.partition("\n")
            self.feedback.value = (f"<div class='{_STYLE[correct]}'><b style='color:{_COLOUR[correct]}'>"
                                   f"{inline(verdict)}</b><br>{inline(rest)}</div>")
        return self.result
