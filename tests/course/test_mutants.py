"""Mutation testing of the course's tests: the operators, the ids, the equivalent file, the verdicts."""

from __future__ import annotations

import ast

import pytest

from coursekit.errors import ConfigError
from coursekit.trainer import notebooks
from coursekit.trainer.author import mutants
from coursekit.trainer.author.mutants import Mutant, MutantResult, MutationSummary, judge, mutate_source
from tests.course.conftest import ASSIGNMENTS, COURSE


def codes(source: str, operator: str) -> list[str]:
    """The mutated code of every mutant of ``operator`` (whole source mutable)."""
    return [m.code for m in mutate_source(source) if m.operator == operator]


@pytest.mark.parametrize("source, operator, expected", [
    # comparisons
    ("ok = a < b", "cmp", ["ok = a <= b"]),
    ("ok = a <= b", "cmp", ["ok = a < b"]),
    ("ok = a > b", "cmp", ["ok = a >= b"]),
    ("ok = a >= b", "cmp", ["ok = a > b"]),
    ("ok = a == b", "cmp", ["ok = a != b"]),
    ("ok = a != b", "cmp", ["ok = a == b"]),
    ("ok = lo < x <= hi", "cmp", ["ok = lo <= x <= hi", "ok = lo < x < hi"]),
    ("ok = a is b", "cmp", []),
    # arithmetic
    ("y = a + b", "arith", ["y = a - b"]),
    ("y = a - b", "arith", ["y = a + b"]),
    ("y = a * b", "arith", ["y = a / b"]),
    ("y = a / b", "arith", ["y = a * b"]),
    ("y += b", "arith", ["y -= b"]),
    ("y = (a + b) * c  # sum", "arith", ["y = (a + b) / c  # sum", "y = (a - b) * c  # sum"]),
    ("y = a ** b // c", "arith", []),
    # operands of non-commutative operators
    ("y = a - b", "swap", ["y = b - a"]),
    ("y = a / b", "swap", ["y = b / a"]),
    ("y = (a - b) / (c - d)", "swap", ["y = (c - d) / (a - b)", "y = (b - a) / (c - d)", "y = (a - b) / (d - c)"]),
    ("y = 100 * x / n", "swap", ["y = n / (100 * x)"]),
    ("y = a + b * c", "swap", []),
    # integer and float constants
    ("y = x[:3]", "int+1", ["y = x[:4]"]),
    ("y = x[:3]", "int-1", ["y = x[:2]"]),
    ("y = x[0]", "int-1", ["y = x[-1]"]),
    ("y = 0.2 * n", "num*2", ["y = 0.4 * n"]),
    ("y = 0.2 * n", "num/2", ["y = 0.1 * n"]),
    ("y = 2.66 * mr", "num/2", ["y = 1.33 * mr"]),
    ("y = f(x, 0.0)", "num+1", ["y = f(x, 1.0)"]),
    ("A = [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]]", "int+1", []),  # a given data table
    ("A = [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]]", "arith", []),
    ("y = f'{x:.2f}' + str(2)", "int+1", ["y = f'{x:.2f}' + str(3)"]),  # nothing inside an f-string
    # method swaps
    ("m = s.mean()", "method-median", ["m = s.median()"]),
    ("m = s.mean()", "method-sum", ["m = s.sum()"]),
    ("m = s.median()", "method-mean", ["m = s.mean()"]),
    ("m = s.sum(axis=0)", "method-mean", ["m = s.mean(axis=0)"]),
    ("lo, hi = s.min(), s.max()", "method-max", ["lo, hi = s.max(), s.max()"]),
    ("lo, hi = s.min(), s.max()", "method-min", ["lo, hi = s.min(), s.min()"]),
    ("k = s.idxmax()", "method-idxmin", ["k = s.idxmin()"]),
    ("k = s.idxmin()", "method-idxmax", ["k = s.idxmax()"]),
    ("k = np.argmax(v)", "method-argmin", ["k = np.argmin(v)"]),
    ("m = s.mean", "method-median", []),  # not called
    ("t = g.agg(['mean', \"median\"])", "aggname-sum", ["t = g.agg(['sum', \"median\"])"]),
    ("t = g.agg(ok=('y', 'mean'))", "aggname-median", ["t = g.agg(ok=('y', 'median'))"]),
    ("t = g.transform(\"median\")", "aggname-mean", ["t = g.transform(\"mean\")"]),
    ("t = g.apply('mean')", "aggname-median", []),
    # ddof
    ("s = d.std(ddof=1)", "ddof", ["s = d.std(ddof=0)"]),
    ("s = d.var(ddof=0)", "ddof", ["s = d.var(ddof=1)"]),
    ("s = d.std()", "ddof", ["s = d.std(ddof=0)"]),
    ("s = d.var(axis=0)", "ddof", ["s = d.var(axis=0, ddof=0)"]),
    ("s = np.std(d)", "ddof", ["s = np.std(d, ddof=1)"]),
    # dropped calls
    ("y = s.dropna()", "drop", ["y = s"]),
    ("y = (a - b).clip(lower=0)", "drop", ["y = a - b"]),
    ("y = 2 * (a - b).clip(lower=0)", "drop", ["y = 2 * (a - b)"]),
    ("y = s.diff().abs().mean()", "drop", ["y = s.diff().mean()"]),
    ("y = s.round(2)", "drop", ["y = s"]),
    ("y = np.abs(np.log(x))", "drop", ["y = np.log(x)"]),
    ("y = abs(a - b) * 2", "drop", ["y = (a - b) * 2"]),
    ("y = np.round(x, 2)", "drop", []),
    # sort order
    ("s = t.sort_values(ascending=False)", "ascending", ["s = t.sort_values(ascending=True)"]),
    ("s = t.sort_values('x')", "ascending", ["s = t.sort_values('x', ascending=False)"]),
    ("r = t.rank()", "ascending", ["r = t.rank(ascending=False)"]),
    ("s = sorted(t)", "ascending", []),
    # index shifts: names bound to integers only, never assignment targets
    ("k = int(np.argmax(v))\nw = vec[:, k]", "index+1", ["k = int(np.argmax(v))\nw = vec[:, k + 1]"]),
    ("n = len(x)\nr = RI[n]", "index-1", ["n = len(x)\nr = RI[n - 1]"]),
    ("i, j = np.unravel_index(a, s)\nB[i, j] = B[j, i]", "index+1", [
        "i, j = np.unravel_index(a, s)\nB[i, j] = B[j + 1, i]",
        "i, j = np.unravel_index(a, s)\nB[i, j] = B[j, i + 1]"]),
    ("for p, x in enumerate(v):\n    y = v[p]", "index+1", ["for p, x in enumerate(v):\n    y = v[p + 1]"]),
    ("y = frame[col]", "index+1", []),
    # boolean logic, constants, logarithms, tie methods
    ("ok = a and b", "boolop", ["ok = a or b"]),
    ("ok = a or b or c", "boolop", ["ok = a and b and c"]),
    ("ok = (a > 1) & (b < 2)", "boolop", ["ok = (a > 1) | (b < 2)"]),
    ("ok = a | b", "boolop", ["ok = a & b"]),
    ("g = t.groupby('k', observed=True)", "bool", ["g = t.groupby('k', observed=False)"]),
    ("flag = False", "bool", ["flag = True"]),
    ("y = np.log(x)", "log", ["y = np.log10(x)"]),
    ("y = np.log10(x)", "log", ["y = np.log(x)"]),
    ("y = math.log(x)", "log", ["y = math.log10(x)"]),
    ("y = s.log(x)", "log", []),
    ("r = s.rank(method=\"min\")", "rank", ["r = s.rank(method=\"max\")"]),
    ("r = s.rank(method='average')", "rank", ["r = s.rank(method='min')"]),
])
def test_each_operator_makes_the_mutants_written_out_by_hand(source, operator, expected):
    assert codes(source, operator) == expected


def test_only_the_solution_regions_change_byte_for_byte_elsewhere():
    source = ("def top2box(scores):  # 前两项\n"
              "    ### BEGIN SOLUTION\n"
              "    answers = pd.Series(scores).dropna()   # 去掉缺失\n"
              "    return float((answers >= 4).mean())\n"
              "    ### END SOLUTION\n"
              "\n"
              "limit = 4 - 1  # fixed code, never mutated\n"
              "### BEGIN SOLUTION\n"
              "csat = surveys.groupby(\"agent_id\")[\"csat\"].apply(top2box)\n"
              "### END SOLUTION")
    found = mutate_source(source, "a1-csat", regions_only=True)
    assert [m.id for m in found] == ["a1-csat:drop:0", "a1-csat:method-median:0", "a1-csat:method-sum:0",
                                     "a1-csat:cmp:0", "a1-csat:int+1:0", "a1-csat:int-1:0"]
    drop = found[0]
    assert drop.code == source.replace("pd.Series(scores).dropna()", "pd.Series(scores)")
    assert drop.diff == ("line 3: answers = pd.Series(scores).dropna()   # 去掉缺失  ->  "
                         "answers = pd.Series(scores)   # 去掉缺失")
    assert found[3].code == source.replace("(answers >= 4)", "(answers > 4)")
    outside = [r for r in notebooks.split_regions(source) if r.kind is None]
    for mutant in found:
        assert [r for r in notebooks.split_regions(mutant.code) if r.kind is None] == outside, mutant.id
        assert mutant.replace == {"a1-csat": mutant.code}


def test_columns_are_bytes_so_chinese_text_before_a_site_is_kept():
    source = "x = {'名称': 1}; y = a < b  # 比较"
    assert codes(source, "cmp") == ["x = {'名称': 1}; y = a <= b  # 比较"]


def test_duplicates_and_no_op_mutants_are_dropped_but_keep_their_numbers():
    # ascending=False -> True is made by "ascending" and again by "bool": kept once, under the first name.
    found = mutate_source("s = t.sort_values(ascending=False)\nu = v.sort_values(ascending=False)")
    assert [m.id for m in found] == ["cell:ascending:0", "cell:ascending:1"]
    assert len({m.code for m in found}) == len(found)
    # the same mutated code from two operators is kept once: a - a swapped is a - a (no change at all)
    assert codes("y = a - a", "swap") == []


def test_ids_survive_unrelated_edits():
    before = {m.id: m.diff.split(": ", 1)[1] for m in mutate_source("y = a < b\nz = s.mean()", "c")}
    # a new line above with other operators' sites, a comment, another cell's edits: same ids, same changes
    after = {m.id: m.diff.split(": ", 1)[1]
             for m in mutate_source("# note\nw = u * 2\ny = a < b\nz = s.mean()", "c")}
    assert before.items() <= after.items()
    assert set(after) - set(before) == {"c:arith:0", "c:int+1:0", "c:int-1:0"}


def test_source_that_does_not_parse_has_no_mutants():
    assert mutate_source("%matplotlib inline\nx = 1 <") == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_mutants_of_the_real_solutions_compile_have_unique_ids_and_stay_in_answer_cells(assignment):
    sources = [notebooks.read(p) for p in sorted((COURSE / "source" / assignment).glob("*.ipynb"))]
    answer_cells = {gid: c.source for nb in sources for gid, c in notebooks.graded_cells(nb, "answer")}
    found = mutants.generate(assignment, sources)
    assert 10 <= len(found) <= 150, len(found)  # a reasonable number to grade
    assert len({m.id for m in found}) == len(found)
    assert {m.assignment for m in found} == {assignment}
    for mutant in found:
        original = answer_cells[mutant.cell]
        assert mutant.code != original
        compile(mutant.code, mutant.id, "exec")
        assert ast.dump(ast.parse(mutant.code)) != ast.dump(ast.parse(original))
        keep = [r for r in notebooks.split_regions(original) if r.kind is None]
        assert [r for r in notebooks.split_regions(mutant.code) if r.kind is None] == keep, mutant.id
        assert mutant.diff.startswith("line ") and "  ->  " in mutant.diff


def test_equivalent_file_is_parsed_per_assignment(tmp_path):
    path = tmp_path / "equivalent.yaml"
    path.write_text("a1:\n  - id: 'c:num/2:0'\n    reason: >\n      only a\n      tolerance\n"
                    "  - {id: 'c:cmp:1', reason: no ties in the data}\na2: []\n", encoding="utf-8")
    assert mutants.load_equivalent(path) == {"a1": {"c:num/2:0": "only a tolerance", "c:cmp:1": "no ties in the data"},
                                             "a2": {}}
    assert mutants.load_equivalent(tmp_path / "missing.yaml") == {}


@pytest.mark.parametrize("text, message", [
    ("- id: x\n", "expected a mapping"),
    ("a1:\n  - id: x\n", "needs an 'id' and a 'reason'"),
    ("a1:\n  - just text\n", "needs an 'id' and a 'reason'"),
    ("a1:\n  - {id: x, reason: r}\n  - {id: x, reason: s}\n", "'x' is listed twice"),
])
def test_malformed_equivalent_files_raise_config_errors(tmp_path, text, message):
    (tmp_path / "eq.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        mutants.load_equivalent(tmp_path / "eq.yaml")
    assert "eq.yaml" in str(info.value)


def _mutant(n: int) -> Mutant:
    return Mutant("c", "cmp", n, f"x = {n}", f"line 1: x = a  ->  x = {n}", "a1")


def test_judge_sorts_killed_survived_equivalent_and_finds_stale_and_wrong_entries():
    found = [_mutant(n) for n in range(5)]
    verdicts = {"c:cmp:0": (["t1"], ""), "c:cmp:1": ([], ""), "c:cmp:2": ([], ""),
                "c:cmp:3": ([], "timeout: cell ran for 60 s"), "c:cmp:4": (["t2"], "")}
    equivalent = {"c:cmp:1": "same on this data", "c:cmp:4": "claimed", "c:gone:0": "old"}
    summary = judge("a1", found, verdicts, equivalent, threshold=0.5)
    assert [r.status for r in summary.results] == ["killed", "equivalent", "survived", "killed", "killed"]
    assert summary.results[3].note == "grading failed: timeout: cell ran for 60 s"
    assert summary.results[1].note == "same on this data"
    assert (summary.total, summary.killed, summary.equivalent, len(summary.survivors)) == (5, 3, 1, 1)
    assert summary.killed + summary.equivalent + len(summary.survivors) == summary.total
    assert summary.share == 3 / 4
    assert summary.stale == ["c:gone:0"] and summary.not_equivalent == ["c:cmp:4"]
    problems = summary.problems("equivalent.yaml")
    assert [(check, mutant) for check, _, mutant in problems] == [("equivalent", "c:gone:0"),
                                                                  ("equivalent", "c:cmp:4")]
    assert "stale entry in equivalent.yaml: mutant 'c:gone:0' no longer exists" in problems[0][1]
    assert "lists mutant 'c:cmp:4' as equivalent but the tests kill it" in problems[1][1]


@pytest.mark.parametrize("killed, survived, threshold, failing", [
    (9, 1, 0.90, False),   # exactly at the threshold passes
    (8, 2, 0.90, True),
    (8, 2, 0.80, False),
    (0, 0, 0.90, False),   # nothing to judge
    (0, 1, 0.00, False),
    (99, 1, 1.00, True),
])
def test_threshold_is_a_share_of_the_non_equivalent_mutants(killed, survived, threshold, failing):
    results = ([MutantResult(f"c:k:{i}", "c", "k", "", "killed", ["t"]) for i in range(killed)]
               + [MutantResult(f"c:s:{i}", "c", "s", "", "survived") for i in range(survived)]
               + [MutantResult("c:e:0", "c", "e", "", "equivalent")])
    summary = MutationSummary("a1", results, threshold)
    assert any(check == "mutants" for check, _, _ in summary.problems()) is failing
    if killed + survived:
        assert summary.share == killed / (killed + survived)


def test_report_lines_list_each_survivor_with_its_diff():
    results = [MutantResult("a1-x:cmp:0", "a1-x", "cmp", "line 2: a < b  ->  a <= b", "survived"),
               MutantResult("a1-x:int+1:10", "a1-x", "int+1", "line 3: n = 1  ->  n = 2", "survived"),
               MutantResult("a1-x:arith:0", "a1-x", "arith", "line 4: …", "killed", ["t"]),
               MutantResult("a1-x:bool:0", "a1-x", "bool", "line 5: …", "equivalent", note="why")]
    lines = mutants.format_summary(MutationSummary("a1", results, 0.5, stale=["a1-x:log:0"]))
    assert lines == [
        "a1: 4 mutants, 1 killed, 1 equivalent, 2 survived: 33.3% of 3 non-equivalent killed (threshold 50%)",
        "  survived  a1-x:cmp:0     line 2: a < b  ->  a <= b",
        "  survived  a1-x:int+1:10  line 3: n = 1  ->  n = 2",
        "  stale     a1-x:log:0"]
    rows = mutants.result_rows([MutationSummary("a1", results)])
    assert [(r["id"], r["status"]) for r in rows][:2] == [("a1-x:cmp:0", "survived"), ("a1-x:int+1:10", "survived")]
    assert set(rows[0]) == {"assignment", "id", "cell", "operator", "status", "lost", "diff", "note", "seconds"}


def test_equivalent_file_of_the_course_names_only_existing_mutants():
    path = COURSE.parent / "tests" / "course" / "mutants" / "equivalent.yaml"
    listed = mutants.load_equivalent(path)
    assert set(listed) <= set(ASSIGNMENTS)
    for assignment, entries in listed.items():
        sources = [notebooks.read(p) for p in sorted((COURSE / "source" / assignment).glob("*.ipynb"))]
        ids = {m.id for m in mutants.generate(assignment, sources)}
        assert set(entries) <= ids, f"{assignment}: stale entries {sorted(set(entries) - ids)}"
