"""Self-check quizzes: the pure answer check, the construction errors, the displays and the widget wiring.

Worked examples (by hand):
* 120 complaints in 1,380 tickets: 120 / 1380 = 0.0869565… ≈ 0.087 = 8.7 %. With tolerance 0.0005,
  0.0865 … 0.0875 are right (0.0874 yes, 0.0876 no); "8.7%" is 0.087 → right; a bare "8.7" is 100× off.
* answer 2.5 h with tolerance 0.25: 2.75 is exactly on the edge (right), 2.76 is outside (wrong).
"""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import quiz
from coursekit.errors import ConfigError
from coursekit.i18n import set_language
from coursekit.quiz import parse_number

pytestmark = pytest.mark.usefixtures("zh_language")  # tests/conftest.py


@pytest.fixture
def rate_quiz():
    return quiz.number("某月 1,380 张工单中 120 张被投诉，投诉率是多少？", 120 / 1380, tolerance=0.0005,
                       explain="投诉率 = 120 / 1380 ≈ 0.087。")


@pytest.fixture
def single():
    return quiz.choice("FCR 属于哪一维度？", ["客户", "效率", "质量"], 1, "FCR 衡量一次解决的效率。")


@pytest.fixture
def multi():
    return quiz.choice("哪些是效率指标？", ["FCR", "NPS", "平均解决时长", "CSAT"], [0, 2], "NPS 与 CSAT 是客户指标。")


# ---- reading typed numbers ---------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("0.087", (0.087, False)), ("8.7%", (8.7, True)), ("8.7 %", (8.7, True)), (" 8.7 ％ ", (8.7, True)),
    ("1,234", (1234.0, False)), ("1,234,567.25", (1234567.25, False)), ("１，２３４", (1234.0, False)),
    ("８．７％", (8.7, True)), ("-3", (-3.0, False)), ("−0.5", (-0.5, False)), ("+2", (2.0, False)),
    (".5", (0.5, False)), ("12", (12.0, False)),
])
def test_parse_number_accepts_the_ways_trainees_type(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "abc", "0,5", "12,34", "1.2.3", "%", "8.7%%", "--1", "1 2 3e", "1e3"])
def test_parse_number_refuses_what_is_not_a_plain_number(typed):
    with pytest.raises(ConfigError, match="is not a number"):
        parse_number(typed)


def test_parse_number_drops_the_quiz_unit():
    assert parse_number("4.5 小时", unit="小时") == (4.5, False)
    assert parse_number("4.5小时", unit=" 小时 ") == (4.5, False)
    with pytest.raises(ConfigError):
        parse_number("4.5 天", unit="小时")


# ---- number quizzes ----------------------------------------------------------------------------

@pytest.mark.parametrize("typed, right", [
    ("0.087", True), ("8.7%", True), ("8.7 %", True), ("８．７％", True), ("0.0874", True), (0.087, True),
    ("0.0876", False), ("0.09", False), ("9%", False), ("8.7", False),
])
def test_number_quiz_marks_fractions_and_percents(rate_quiz, typed, right):
    assert rate_quiz.check(typed)[0] is right


def test_number_quiz_tolerance_is_absolute_and_inclusive():
    q = quiz.number("平均处理时长（小时）？", 2.5, tolerance=0.25, unit="小时", explain="…")
    assert q.check("2.75")[0] and q.check("2.25 小时")[0]
    assert not q.check("2.76")[0] and not q.check("2.24")[0]
    exact = quiz.number("金额？", 1234, explain="…")
    assert exact.check("1,234")[0] and not exact.check("1,235")[0]


def test_number_quiz_feedback_texts(rate_quiz):
    assert rate_quiz.check("8.7%") == (True, "✔ 正确\n投诉率 = 120 / 1380 ≈ 0.087。")
    correct, message = rate_quiz.check("0.1")
    assert not correct
    assert message == "✘ 不对\n正确答案：0.087（允许误差 ±0.0005）\n投诉率 = 120 / 1380 ≈ 0.087。"
    # a bare percentage value gets a hint to add the % sign
    correct, message = rate_quiz.check("8.7")
    assert not correct and message.endswith("请加上 % 号（如 8.7%），或写成小数。")
    assert "提示" not in rate_quiz.check("0.1")[1]


def test_number_quiz_in_percent():
    q = quiz.number("投诉率是百分之几？", 8.7, tolerance=0.05, unit="%", explain="…")
    assert q.check("8.7")[0] and q.check("8.7%")[0] and q.check("8.72 ％")[0]
    correct, message = q.check("0.087")
    assert not correct and "8.7%" in message and "以百分数作答" in message
    assert q.answer_text() == "8.7%（允许误差 ±0.05）"


def test_number_quiz_does_not_mark_empty_or_unreadable_input(rate_quiz):
    assert rate_quiz.check("") == (False, "请先填写一个数字。")
    assert rate_quiz.check(None) == (False, "请先填写一个数字。")
    assert rate_quiz.check("八点七") == (False, "无法识别为数字：八点七。可以这样写：0.087、8.7%、1,234。")


def test_number_quiz_accepts_numpy_answers():
    q = quiz.number("均值？", np.float64(3.0), tolerance=np.float32(0.5), explain="…")
    assert q.answer == 3.0 and q.check("3.4")[0]


@pytest.mark.parametrize("kwargs, message", [
    ({"answer": float("nan")}, "answer must be a finite number, got nan"),
    ({"answer": float("inf")}, "answer must be a finite number"),
    ({"answer": None}, "answer must be a finite number, got None"),
    ({"answer": "0.087"}, "answer must be a finite number, got '0.087'"),
    ({"answer": True}, "answer must be a finite number, got True"),
    ({"answer": 1.0, "tolerance": -0.1}, "tolerance must be 0 or more"),
    ({"answer": 1.0, "tolerance": float("nan")}, "tolerance must be a finite number"),
    ({"answer": 1.0, "explain": ""}, "explain must be a non-empty text"),
    ({"answer": 1.0, "unit": 5}, "unit must be a text"),
])
def test_number_quiz_construction_errors(kwargs, message):
    arguments = {"explain": "…", **kwargs}
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        quiz.number("问题？", **arguments)


# ---- choice quizzes ----------------------------------------------------------------------------

def test_single_choice_marks_index_or_text(single):
    assert single.check(1) == (True, "✔ 正确\nFCR 衡量一次解决的效率。")
    assert single.check("效率")[0] and single.check(np.int64(1))[0] and single.check([1])[0]
    correct, message = single.check(2)
    assert not correct and message == "✘ 不对\n正确答案：B. 效率\nFCR 衡量一次解决的效率。"
    assert single.check(None) == (False, "请先选择一个选项。")
    assert not single.multiple


def test_single_choice_refuses_responses_that_are_not_options(single):
    with pytest.raises(ConfigError, match="response 3 is not an option index from 0 to 2"):
        single.check(3)
    with pytest.raises(ConfigError, match="'成本' is not one of the options"):
        single.check("成本")
    with pytest.raises(ConfigError, match="one right option"):
        single.check([0, 1])


def test_multi_select_is_right_only_for_exactly_the_right_set(multi):
    assert multi.multiple
    assert multi.check([0, 2])[0] and multi.check((2, 0))[0] and multi.check({"FCR", "平均解决时长"})[0]
    assert not multi.check([0])[0]           # one right option missing
    assert not multi.check([0, 1, 2])[0]     # one wrong option too many
    assert multi.check([]) == (False, "请先勾选至少一个选项。")
    assert "正确答案：A. FCR；C. 平均解决时长" in multi.check([1])[1]


@pytest.mark.parametrize("options, answer, message", [
    ([], 0, "needs at least 2 options, got 0"),
    (["只有一个"], 0, "needs at least 2 options, got 1"),
    ("客户效率", 0, "options must be a list"),
    (["a", "a", "b"], 0, "options must differ; repeated: 'a'"),
    (["a", ""], 0, "option 1 must be a non-empty text"),
    (["a", "b"], 2, "answer must be an option index from 0 to 1"),
    (["a", "b"], -1, "answer must be an option index from 0 to 1"),
    (["a", "b"], "a", "answer must be an option index"),
    (["a", "b"], True, "answer must be an option index"),
    (["a", "b"], 1.0, "answer must be an option index"),
    (["a", "b"], [], "answer must be an option index from 0 to 1"),
    (["a", "b"], [0, 5], "answer must be an option index from 0 to 1"),
    (["a", "b"], [0, 0], "answer lists an option twice"),
])
def test_choice_construction_errors(options, answer, message):
    with pytest.raises(ConfigError, match=message):
        quiz.choice("问题？", options, answer, "解析")


def test_choice_needs_question_and_explanation():
    with pytest.raises(ConfigError, match="question must be a non-empty text"):
        quiz.choice("  ", ["a", "b"], 0, "解析")
    with pytest.raises(ConfigError, match="explain must be a non-empty text"):
        quiz.choice("问题？", ["a", "b"], 0, None)


# ---- language --------------------------------------------------------------------------------------

def test_feedback_follows_the_language_setting(single, rate_quiz):
    set_language("en")
    assert single.check(1)[1].startswith("✔ Correct\n")
    assert single.check(0)[1].startswith("✘ Not quite\nCorrect answer: B. 效率\n")
    assert rate_quiz.check("8.7")[1].endswith("add the % sign (e.g. 8.7%) or write a fraction.")
    assert single.view.button.description == "Submit"


# ---- displays without a widget front end ------------------------------------------------------------

def test_static_displays_fold_the_answer(single, multi, rate_quiz):
    html = single._repr_html_()
    question_at, details_at = html.index("FCR 属于哪一维度？"), html.index("<details>")
    assert question_at < details_at < html.index("B. 效率</p>") < html.index("</details>")
    assert html.index("A. 客户") < details_at          # options are shown, the answer is folded
    markdown = rate_quiz._repr_markdown_()
    assert "<details><summary>查看答案</summary>" in markdown
    assert markdown.index("**答案**：0.087") > markdown.index("<details>")
    assert "（多选，选出所有正确项）" in multi._repr_markdown_()
    text = str(single)
    assert text.splitlines()[0] == "【自测】FCR 属于哪一维度？" and "答案（先想一想再看）：B. 效率" in text
    assert "<script" not in quiz.choice("<script>x</script>?", ["a", "b"], 0, "…")._repr_html_()


def test_mimebundle_offers_the_widget_and_the_static_fallbacks(single):
    bundle = single._repr_mimebundle_()
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/markdown", "text/plain"} <= set(bundle)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == single.widget.model_id
    assert bundle["text/plain"].startswith("【自测】")
    assert single._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"] == \
        bundle["application/vnd.jupyter.widget-view+json"]  # one widget per quiz, made once


# ---- the widget wiring (what a click does) -------------------------------------------------------

def test_radio_buttons_submit_and_feedback(single):
    view = single.view
    assert view.button.description == "提交" and view.feedback.value == ""
    assert [label for label, _ in view.input.options] == ["A. 客户", "B. 效率", "C. 质量"]
    assert view.input.value is None                     # nothing pre-selected
    view.button.click()
    assert view.result == (False, "请先选择一个选项。") and "✘" not in view.feedback.value
    view.input.value = 0
    view.button.click()
    assert view.result[0] is False
    assert "✘ 不对" in view.feedback.value and "coursekit-quiz-wrong" in view.feedback.value
    assert "正确答案：B. 效率" in view.feedback.value
    view.input.value = 1
    view.button.click()
    assert view.result[0] is True
    assert "✔ 正确" in view.feedback.value and "FCR 衡量一次解决的效率。" in view.feedback.value


def test_checkboxes_submit_the_ticked_set(multi):
    view = multi.view
    assert [box.description for box in view.input] == ["A. FCR", "B. NPS", "C. 平均解决时长", "D. CSAT"]
    view.input[0].value = True
    view.button.click()
    assert view.result[0] is False and "✘ 不对" in view.feedback.value
    view.input[2].value = True
    view.button.click()
    assert view.result[0] is True and "✔ 正确" in view.feedback.value


def test_text_box_submit(rate_quiz):
    view = rate_quiz.view
    assert view.input.placeholder == "例如 0.087 或 8.7%"
    view.input.value = "8.7"
    view.button.click()
    assert view.result[0] is False and "请加上 % 号" in view.feedback.value
    view.input.value = "8.7%"
    view.button.click()
    assert view.result[0] is True and "✔ 正确" in view.feedback.value
    view.input.value = "abc"
    view.button.click()
    assert view.result[0] is False and "无法识别为数字" in view.feedback.value
    assert "coursekit-quiz-wrong" not in view.feedback.value   # unreadable input is not marked wrong


def test_a_question_that_already_says_self_check_is_not_prefixed_again():
    q = quiz.choice("自测（多选）：哪些是效率指标？", ["FCR", "NPS"], [0], "…")
    assert not q.titled and str(q).startswith("自测（多选）") and "【自测】" not in str(q)
    assert "<b>自测</b>" not in q._repr_html_() and q._repr_markdown_().startswith("**自测（多选）")
    assert "<b>自测</b>" not in q.view.box.children[0].value
    plain = quiz.choice("哪些是效率指标？", ["FCR", "NPS"], [0], "…")
    assert plain.titled and plain.view.box.children[0].value.startswith("<b>自测</b>：")


def test_static_builds_leave_the_widget_out(single, monkeypatch):
    monkeypatch.setenv("COURSEKIT_STATIC", "1")
    bundle = single._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}
    assert "<details>" in bundle["text/html"]
    monkeypatch.setenv("COURSEKIT_STATIC", "0")
    assert "application/vnd.jupyter.widget-view+json" in single._repr_mimebundle_()
