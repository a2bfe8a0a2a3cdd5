"""Tests of coursekit.i18n: the language setting and the label tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import coursekit
from coursekit.errors import ConfigError
from coursekit.i18n import LANGUAGES, get_language, has_label, label, labels, set_language
from coursekit.schema import SCHEMAS

# The KPI codes of the shared contract (brief: "Shared contracts between helpers").
CONTRACT_KPIS = [
    "fcr", "first_time_fix", "frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h",
    "sla_compliance", "backlog", "reopen_rate", "repeat_repair_rate", "csat", "csat_mean", "nps",
    "ces", "complaint_rate", "complaint_satisfaction", "return_time_h", "retention", "qa_score",
    "critical_error_rate",
]

PACKAGE = Path(coursekit.__file__).parent


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


def test_default_is_chinese_and_switching_changes_labels():
    assert get_language() == "zh"
    assert label("customer") == "客户"
    set_language("en")
    assert get_language() == "en"
    assert label("customer") == "customer"
    assert label("客户") == "customer"


@pytest.mark.parametrize("given, expected", [("zh", "zh"), ("EN", "en"), ("zh-CN", "zh"), ("en_US", "en")])
def test_language_names_ignore_case_and_region(given, expected):
    set_language(given)
    assert get_language() == expected


@pytest.mark.parametrize("bad", ["fr", "", "chinese", None, 1])
def test_unknown_language_is_a_config_error_listing_valid_ones(bad):
    with pytest.raises(ConfigError) as info:
        set_language(bad)
    message = str(info.value)
    assert repr(bad) in message
    for lang in LANGUAGES:
        assert repr(lang) in message
    assert get_language() == "zh"  # unchanged after the error


def test_bad_lang_argument_of_label_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown language 'de'"):
        label("fcr", lang="de")


@pytest.mark.parametrize("code", CONTRACT_KPIS)
def test_every_contract_kpi_has_two_distinct_labels(code):
    zh, en = label(code, lang="zh"), label(code, lang="en")
    assert zh != code and en != code and zh != en
    assert re.search(r"[\u4e00-\u9fff]", zh), zh  # Chinese text
    assert en.isascii(), en


def test_kpi_labels_start_with_the_catalog_names():
    from coursekit.kpi import catalog

    table = catalog()
    assert sorted(table.index) == sorted(CONTRACT_KPIS)
    for code, row in table.iterrows():
        assert label(code, lang="zh").startswith(row["name_zh"]), code
        assert label(code, lang="en").startswith(row["name_en"]), code


def test_kpi_code_wins_over_a_dataset_column_of_the_same_name():
    # monthly.fcr is "first contact resolution rate" in the schema; the KPI label wins
    assert label("fcr", lang="en") == "first contact resolution (FCR)"
    assert label("monthly.fcr", lang="en") == "first contact resolution rate"
    # surveys.csat is the 1-5 answer, the KPI csat is the top-2-box share
    assert label("surveys.csat", lang="zh") == "满意度(1-5)"
    assert label("csat", lang="zh") == "客户满意度(前两项占比)"


def test_every_schema_column_has_both_labels():
    for dataset, columns in SCHEMAS.items():
        for name, column in columns.items():
            assert label(f"{dataset}.{name}", lang="zh") == column.zh
            english = label(f"{dataset}.{name}", lang="en")
            assert column.en.startswith(english) and english, (dataset, name)


@pytest.mark.parametrize("key, zh, en", [
    ("tickets.agent_id", "处理人", "handling agent id"),
    ("agent_id", "员工编号", "agent id"),             # staff comes first in SCHEMAS
    ("resolved_at", "解决时间", "resolved at"),       # "(empty = still open)" dropped
    ("sla_hours", "SLA时限(小时)", "resolution SLA in clock hours"),
    ("mean_resolution_hours", "平均解决时长(小时)", "mean time to resolve, hours"),
])
def test_column_labels_by_hand(key, zh, en):
    assert (label(key, lang="zh"), label(key, lang="en")) == (zh, en)


@pytest.mark.parametrize("key, zh, en", [
    ("customer", "客户", "customer"),
    ("efficiency", "效率", "efficiency"),
    ("quality", "质量", "quality"),
    ("capability", "能力", "capability"),
])
def test_dimensions_translate_both_ways(key, zh, en):
    assert label(key, lang="zh") == zh and label(key, lang="en") == en
    assert label(zh, lang="en") == en and label(en, lang="zh") == zh


def test_grades_and_category_values():
    assert label("grade.A", lang="zh") == "A 级"
    assert label("grade.D", lang="en") == "grade D"
    assert labels(["manufacturing", "treatment", "control"], lang="zh") == ["制造业", "培训组", "对照组"]


def test_unknown_keys_pass_through_unchanged():
    assert label("MF-T3") == "MF-T3"
    assert label(42) == "42"
    assert not has_label("MF-T3")
    assert has_label("plot.radar.title") and has_label("质量")


def test_fields_fill_placeholders():
    assert label("plot.change", lang="zh", delta=0.1) == "平均变化 +0.1"
    assert label("plot.pareto.threshold", lang="en", share=0.8) == "80% line"


def test_every_text_key_used_by_plots_and_widgets_exists():
    sources = [*PACKAGE.joinpath("plots").glob("*.py")]
    widgets = PACKAGE / "widgets.py"
    if widgets.exists():
        sources.append(widgets)
    used = set()
    for path in sources:
        used |= set(re.findall(r"\"((?:plot|widget|grade)\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
    assert len(used) >= 15
    missing = sorted(k for k in used if not has_label(k))
    assert missing == []
    for key in used:
        assert label(key, lang="zh") != label(key, lang="en"), key


# --------------------------------------------------------------------------- error messages
# Trainees meet DataError / ConfigError in the notebooks: Chinese by default, English after
# set_language("en"). tests/conftest.py pins English for the rest of the suite, so these tests
# un-pin (messages_in(None): follow the display language) or pin Chinese explicitly.

import ast  # noqa: E402
import pickle  # noqa: E402

import pandas as pd  # noqa: E402

from coursekit.errors import DataError  # noqa: E402
from coursekit.i18n import message_language, messages_in  # noqa: E402


def test_errors_follow_the_display_language_chinese_by_default():
    err = DataError("amount", "must be a number", rows=[2], values=["abc"], hint="fix or empty these cells")
    with messages_in(None):
        set_language("zh")
        assert message_language() == "zh"
        # by hand: 列 + name, the problem, 行 + rows, （值：…）, 修正方法：hint
        assert str(err) == "列 'amount'：必须是数字；行 2（值：'abc'）；修正方法：修正这些单元格或把它们清空"
        set_language("en")
        assert str(err) == "column 'amount': must be a number; rows 2 (values: 'abc'); fix: fix or empty these cells"
    assert err.english == err.args[0] == "column 'amount': must be a number; rows 2 (values: 'abc'); fix: fix or empty these cells"


def test_a_schema_column_gets_its_chinese_label_and_long_row_lists_are_cut():
    err = DataError("agent_id", "must not be missing", rows=list(range(8)))
    with messages_in("zh"):
        assert str(err) == "列 'agent_id'（员工编号）：不能有缺失值；行 0、1、2、3、4 及另外 3 行"


def test_a_message_without_translation_stays_english_as_a_whole():
    err = DataError("x", "must be a prime number", hint="fix or empty these cells")
    with messages_in("zh"):
        assert err.chinese is None
        assert str(err) == "column 'x': must be a prime number; fix: fix or empty these cells"
    half = DataError("x", "must be a number", hint="ask the data owner")  # problem known, hint not
    with messages_in("zh"):
        assert str(half) == half.english


def test_config_errors_translate_with_their_fields():
    with pytest.raises(ConfigError) as info:
        set_language("fr")
    with messages_in("zh"):
        assert str(info.value) == "未知的语言 'fr'：可选 'zh', 'en'"
    assert info.value.english == "unknown language 'fr': use one of 'zh', 'en'"


def test_message_language_pin_and_its_validation():
    with messages_in("zh"):
        set_language("en")
        assert message_language() == "zh"  # pinned: labels English, messages Chinese
    assert message_language() == "en"  # the suite's pin (tests/conftest.py) is back
    with pytest.raises(ConfigError):
        with messages_in("fr"):
            pass


def test_data_errors_survive_pickling():
    err = DataError("csat", "must be an integer from 1 to 5", rows=[3], values=[9], hint="recode the answers to the 1-5 scale")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is DataError and back.english == err.english and back.rows == [3]


def test_read_tickets_errors_of_chapter_01_speak_chinese():
    # the dirty table of chapter 01 (section on data checks): T001 twice, a resolution before creation
    dirty = pd.DataFrame({"工单号": ["T001", "T002", "T001"], "处理人": ["A01", "A02", "A03"],
                          "创建时间": ["2024-03-01 09:00", "2024/3/1 10:30", "2024-03-02 15:20"],
                          "解决时间": ["2024-03-01 11:00", "2024-03-01 09:45", ""]})
    with pytest.raises(DataError) as info:
        coursekit.read_tickets(dirty)
    with messages_in("zh"):
        assert str(info.value) == ("列 '工单号'：必须唯一（每个编号只出现一次）（按 ticket_id 读取）；"
                                   "行 0、2（值：'T001'、'T001'）；修正方法：删除重复的行或修正编号")
    dirty.loc[2, "工单号"] = "T003"
    with pytest.raises(DataError) as info:
        coursekit.read_tickets(dirty)
    with messages_in("zh"):
        assert str(info.value) == ("列 '解决时间'：不能早于 创建时间（按 resolved_at 读取）；行 1（值：'2024-03-01 09:45'）；"
                                   "修正方法：对照这些行的 创建时间，修正较早或较晚的那个时间")


# Modules whose errors trainees meet in chapters 00-03 (reading data, KPIs, weights, SPC, training
# evaluation, KPI systems). Every literal or f-string message they raise must have a translation.
TRAINEE_MODULES = [
    "checks.py", "datasets/byo.py", "datasets/_sheet.py", "datasets/_byo_types.py", "datasets/load.py", "kpi/_frame.py", "kpi/customers.py",
    "kpi/rates.py", "kpi/scorecard.py", "kpi/surveys.py", "kpi/times.py", "weights/ahp.py",
    "weights/entropy.py", "spc/_input.py", "spc/pareto.py", "spc/pchart.py", "spc/xmr.py",
    "training/paired.py", "training/did.py", "training/evaluation.py", "system/normalise.py", "fairness.py", "plots/heatmap.py",
    "widgets/roi.py", "widgets/xmr.py", "kpi/deadlines.py", "training/plan.py", "spc/counts.py",
    "system/gate.py", "system/cards.py",
]


def _template(node):
    """An example text of a message node: each {field} of an f-string becomes 'Q9'; None if not literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "Q9" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    return None


# Messages built around another message; their parts are swept where they are written.
WRAPPERS = {
    "must be Q9Q9",  # read_tickets' _Checker.fail: "must be " + form (+ " (read as col)"); forms swept via .fail
    "must be Q9",  # spc/_input.check_scalar: the two forms are literals in the same function
    "Q9; got start=Q9, end=Q9, new=Q9",  # kpi.retention: the problems are listed in a tuple above it
}
# Helpers that build a DataError: name -> (position of the problem argument or None, keyword names).
BUILDERS = {"DataError": (1, ("problem", "hint")), "ConfigError": (0, ()), "bad": (1, ("hint",)),
            "fail": (2, ("hint",)), "reject_missing": (None, ("problem", "hint")),
            "require": (None, ("table_hint", "column_hint")), "as_floats": (None, ("hint",))}


def _messages(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in BUILDERS:
            continue
        position, keywords = BUILDERS[name]
        parts = node.args[position:position + 1] if position is not None else []
        parts += [k.value for k in node.keywords if k.arg in keywords]
        for part in parts:
            text = _template(part)
            if text is not None:
                yield node.lineno, ("must be " + text if name == "fail" and part is parts[0] else text)


@pytest.mark.parametrize("module", TRAINEE_MODULES)
def test_every_message_trainees_meet_has_a_chinese_translation(module):
    from coursekit._messages_zh import translate

    found = list(_messages(PACKAGE / module))
    assert found, f"no messages parsed in {module}: is the list above still right?"
    missing = [f"{module}:{line}: {text}" for line, text in found
               if text not in WRAPPERS and translate(text) is None]
    assert not missing, "add these to coursekit._messages_zh:\n" + "\n".join(missing)
