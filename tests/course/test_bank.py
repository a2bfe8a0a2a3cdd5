"""The wrong-answer bank: loading, validation against the course, coverage."""

from __future__ import annotations

import pytest

from coursekit.errors import ConfigError
from coursekit.trainer import notebooks
from coursekit.trainer.author import bank
from tests.course.conftest import ASSIGNMENTS, BANK, COURSE

# The mistakes the issue names explicitly; each must be in the bank.
REQUIRED = {
    "a1_kpi_calculation/csat-mean",          # CSAT as a mean instead of top-2-box
    "a1_kpi_calculation/nps-fraction",       # NPS as a fraction
    "a2_weights/ahp-column-sums",            # AHP weights from column sums
    "a3_scoring_fairness/minmax-cost-as-benefit",  # cost indicator normalised as a benefit
    "a3_scoring_fairness/forced-ignore-ties",      # forced distribution that ignores ties
    "a4_training/did-without-control",       # DiD without the control group
    "a5_improvement/pchart-average-n",       # p-chart limits with the average n
    # issue 11: the holes a trainee found (library routes, a boundary, a non-reversal, the tie rule)
    "a1_kpi_calculation/fcr-library-direct",        # ck.kpi.fcr(tickets, by="agent_id")
    "a1_kpi_calculation/fcr-library-alias",         # from coursekit.kpi import fcr as f
    "a1_kpi_calculation/ttr-library-getattr",       # getattr(ck.kpi, ...)
    "a1_kpi_calculation/sla-library-importlib",     # importlib.import_module
    "a1_kpi_calculation/sla-library-sys-modules",   # sys.modules[...]
    "a1_kpi_calculation/csat-library-submodule",    # coursekit.kpi.<submodule>.csat
    "a1_kpi_calculation/sla-strict-less",           # < instead of <= on the SLA
    "a2_weights/ahp-library-direct",                # ck.weights.ahp inside ahp_weights
    "a2_weights/repair-set-to-1",                   # the pair changed but not reversed
    "a2_weights/repair-set-to-8",
    "a3_scoring_fairness/forced-better-rule",       # the old tie rule, not the chapter's
    "a3_scoring_fairness/casemix-library-direct",   # ck.fairness.case_mix
    "a4_training/route-paired-getattr",             # ck.training.paired_effect by getattr
    "a5_improvement/route-xmr-direct",              # ck.spc.xmr
    "a6_kpi_system_design/compensatory-compliance",  # a gate that can be bought back
}


@pytest.fixture(scope="module")
def wrong_answers() -> list[bank.WrongAnswer]:
    return bank.load_bank(BANK)


@pytest.fixture(scope="module")
def sources() -> dict:
    return {a: [notebooks.read(p) for p in sorted((COURSE / "source" / a).glob("*.ipynb"))] for a in ASSIGNMENTS}


def test_bank_has_the_named_mistakes_and_a_focused_size(wrong_answers):
    keys = {w.key for w in wrong_answers}
    assert REQUIRED <= keys, f"missing: {sorted(REQUIRED - keys)}"
    per_assignment = {a: sum(w.assignment == a for w in wrong_answers) for a in ASSIGNMENTS}
    assert min(per_assignment.values()) >= 10, per_assignment  # a6: at least ten flawed designs
    assert len(wrong_answers) <= 300, "a bank this large makes the course check slow: merge near-duplicates"


def test_bank_matches_the_source_notebooks(wrong_answers, sources):
    assert bank.validate(wrong_answers, sources) == []


def test_every_test_cell_is_targeted_by_some_wrong_answer(wrong_answers, sources):
    targeted = {(w.assignment, c) for w in wrong_answers for c in w.must_fail}
    for assignment, nbs in sources.items():
        for nb in nbs:
            for gid, _ in notebooks.graded_cells(nb, "test"):
                assert (assignment, gid) in targeted, f"{assignment}: no wrong answer aims at {gid}"


def test_wrong_answers_differ_from_the_solution(wrong_answers, sources):
    for wa in wrong_answers:
        for cell_id, code in wa.replace.items():
            cell = next(c for nb in sources[wa.assignment] for gid, c in notebooks.graded_cells(nb) if gid == cell_id)
            assert code.strip() not in cell.source, f"{wa.key} repeats the solution of {cell_id}"
            assert "NotImplementedError" not in code and "BEGIN SOLUTION" not in code, wa.key


def test_apply_replaces_only_the_named_cells(wrong_answers, sources):
    wa = next(w for w in wrong_answers if w.key == "a1_kpi_calculation/csat-mean")
    nb = sources["a1_kpi_calculation"][0]
    changed = bank.apply(wa, nb)
    before = {gid: c.source for gid, c in notebooks.graded_cells(nb)}
    after = {gid: c.source for gid, c in notebooks.graded_cells(changed)}
    assert [gid for gid in before if before[gid] != after[gid]] == ["a1-csat"]
    assert after["a1-csat"] == wa.replace["a1-csat"]


def test_validate_reports_unknown_cells_and_wrong_roles(sources):
    wa = bank.WrongAnswer("a1_kpi_calculation", "x", "demo", {"a1-test-fcr": "pass", "nope": "0"},
                          ("a1-fcr", "missing-test"))
    messages = [m for _, m in bank.validate([wa], sources)]
    assert any("'a1-test-fcr' is not an answer cell" in m for m in messages)
    assert any("'nope' is not an answer cell" in m for m in messages)
    assert any("must_fail 'a1-fcr' is not an autograded test cell" in m for m in messages)
    assert any("must_fail 'missing-test'" in m for m in messages)
    other = bank.WrongAnswer("a9_missing", "y", "demo", {"c": "0"}, ("t",))
    assert bank.validate([other], sources)[0][1] == "a9_missing/y: unknown assignment 'a9_missing'"


@pytest.mark.parametrize("text, message", [
    ("wrong_answers: []\n", "missing 'assignment'"),
    ("assignment: a1\nwrong_answers:\n  - id: x\n    cell: c\n    code: '0'\n    must_fail: [t]\n",
     "wrong answer 'x': missing description"),
    ("assignment: a1\nwrong_answers:\n  - id: x\n    description: d\n    cell: c\n    must_fail: [t]\n",
     "give either 'cell' and 'code' or 'replace'"),
    ("assignment: a1\nwrong_answers:\n  - id: x\n    description: d\n    cell: c\n    code: '0'\n    must_fail: t\n"
     "  - id: x\n    description: e\n    cell: c\n    code: '1'\n    must_fail: [t]\n", "'x' is used twice"),
    ("assignment: a1\nwrong_answers:\n  - just a string\n", "each entry must be a mapping"),
])
def test_malformed_bank_files_raise_config_errors_naming_the_file(tmp_path, text, message):
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        bank.load_bank(tmp_path)
    assert message in str(info.value) and "bad.yaml" in str(info.value)


def test_replace_mapping_and_single_must_fail_string(tmp_path):
    (tmp_path / "ok.yml").write_text(
        "assignment: a1\nwrong_answers:\n  - id: two\n    description: two cells\n"
        "    replace: {c1: 'x = 0', c2: 'y = 0'}\n    must_fail: t1\n", encoding="utf-8")
    (wa,) = bank.load_bank(tmp_path / "ok.yml")
    assert wa.replace == {"c1": "x = 0", "c2": "y = 0"} and wa.must_fail == ("t1",)


# --- the bank of valid answers: correct answers written another way ------------------------

VALID = BANK.parent / "valid_answers"

#: coursekit modules each notebook puts off limits; a valid answer must not call them.
OFF_LIMITS = {"a1_kpi_calculation": ("kpi",), "a2_weights": ("weights",),
              "a3_scoring_fairness": ("system", "appraisal", "fairness"), "a4_training": ("training",),
              "a5_improvement": ("spc",)}


@pytest.fixture(scope="module")
def valid_answers() -> list[bank.ValidAnswer]:
    return bank.load_valid_bank(VALID)


def test_valid_bank_has_several_answers_for_every_assignment(valid_answers):
    per_assignment = {a: [v for v in valid_answers if v.assignment == a] for a in OFF_LIMITS}
    for assignment, answers in per_assignment.items():
        assert len(answers) >= 5, f"{assignment}: only {len(answers)} valid answers"
        assert len({v.id for v in answers}) == len(answers)
    assert {v.assignment for v in valid_answers} <= set(ASSIGNMENTS)


def test_valid_bank_matches_the_source_notebooks(valid_answers, sources):
    assert bank.validate(valid_answers, sources) == []


def test_valid_answers_differ_from_the_solution_and_avoid_the_off_limits_library(valid_answers, sources):
    for va in valid_answers:
        for cell_id, code in va.replace.items():
            cell = next(c for nb in sources[va.assignment] for gid, c in notebooks.graded_cells(nb) if gid == cell_id)
            assert code.strip() not in cell.source, f"{va.key} repeats the solution of {cell_id}"
            assert "NotImplementedError" not in code and "BEGIN SOLUTION" not in code, va.key
            # no coursekit at all: the answer is the trainee's own code (the setup cell already loaded the data);
            # a6 puts nothing off limits (building the system with the library is the skill)
            if va.assignment in OFF_LIMITS:
                assert "ck." not in code and "coursekit" not in code, f"{va.key} calls coursekit"


def test_off_limits_table_matches_what_the_notebooks_say(sources):
    for assignment, modules in OFF_LIMITS.items():
        intro = "\n".join(c.source for nb in sources[assignment] for c in nb.cells if c.cell_type == "markdown")
        for module in modules:
            assert f"coursekit.{module}" in intro, f"{assignment} does not put coursekit.{module} off limits"


def test_valid_bank_loads_replace_mappings_and_rejects_bad_entries(tmp_path):
    (tmp_path / "ok.yaml").write_text(
        "assignment: a1\nvalid_answers:\n  - id: two\n    description: two cells\n"
        "    replace: {c1: 'x = 0', c2: \"y = 0\\n\"}\n", encoding="utf-8")
    (va,) = bank.load_valid_bank(tmp_path)
    assert va.key == "a1/two" and va.replace == {"c1": "x = 0", "c2": "y = 0"} and va.source == "ok.yaml"
    assert bank.load_valid_bank(tmp_path / "missing") == []
    (tmp_path / "ok.yaml").write_text(
        "assignment: a1\nvalid_answers:\n  - id: x\n    description: d\n    cell: c\n    code: '0'\n"
        "  - id: x\n    description: e\n    cell: c\n    code: '1'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ok.yaml: valid answer id 'x' is used twice"):
        bank.load_valid_bank(tmp_path)
    (tmp_path / "ok.yaml").write_text("assignment: a1\nvalid_answers:\n  - id: x\n    cell: c\n    code: '0'\n",
                                      encoding="utf-8")
    with pytest.raises(ConfigError, match="valid answer 'x': missing description"):
        bank.load_valid_bank(tmp_path)


def test_validate_reports_valid_answers_replacing_non_answer_cells(sources):
    va = bank.ValidAnswer("a1_kpi_calculation", "v", "demo", {"a1-test-fcr": "pass", "a1-fcr": "x = 1"})
    assert [m for _, m in bank.validate([va], sources)] == [
        "a1_kpi_calculation/v: 'a1-test-fcr' is not an answer cell"]
