"""Assignment 2 grades the weighting rules chapter 1 teaches and ``coursekit.weights`` implements.

Each test runs the solution of an answer cell of ``course/source/a2_weights`` and compares it
with the library default the chapter calls (``weights.ahp``: principal eigenvector, Saaty 1980
random index, CR < 0.10; ``weights.entropy``: min–max with cost columns reversed, 1/ln m) on
matrices and tables where the usual other rule (a textbook shortcut, another RI table, CI
instead of CR, no 1/ln m, a cost column normalised as a benefit) would give a different
answer. The design task's visible test computes CR with numpy; a test checks that it reaches
the same verdict as the library on every matrix of the banks. The off-limits wiring is
checked like assignment 1's.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
import yaml

import coursekit as ck
from coursekit.trainer import notebooks
from tests.course.conftest import COURSE, ROOT
from tests.course.test_off_limits import off_limits

SOURCE = COURSE / "source" / "a2_weights" / "a2_weights.ipynb"
CHAPTER_1 = ROOT / "chapters" / "01_concepts.ipynb"
BANKS = [ROOT / "tests" / "course" / "wrong_answers" / "a2_weights.yaml",
         ROOT / "tests" / "course" / "valid_answers" / "a2_weights_design.yaml"]
CRITERIA = ["first_time_fix", "repeat_repair_rate", "sla_compliance", "csat"]
CJK = re.compile(r"[\u4e00-\u9fff]")

#: Inconsistent matrices: the eigenvector and the shortcuts disagree, and so do the RI tables.
MATRICES = [
    [[1, 4, 3, 7], [1/4, 1, 1/3, 3], [1/3, 3, 1, 5], [1/7, 1/3, 1/5, 1]],
    [[1, 3, 5, 1/2, 7], [1/3, 1, 2, 1/4, 3], [1/5, 1/2, 1, 1/6, 2], [2, 4, 6, 1, 9], [1/7, 1/3, 1/2, 1/9, 1]],
    [[1, 2, 9], [1/2, 1, 1/4], [1/9, 4, 1]],
]


@pytest.fixture(scope="module")
def nb():
    return notebooks.read(SOURCE)


def _text(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _chapter() -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(CHAPTER_1.read_text(encoding="utf-8"))["cells"])


@pytest.fixture(scope="module")
def solution(nb) -> dict:
    """The solution's answer cells run in order in one namespace (as in the notebook)."""
    namespace: dict = {"np": np, "pd": pd, "ck": ck, "criteria": CRITERIA}
    for gid in ("a2-ri", "a2-matrix", "a2-ahp", "a2-inconsistent", "a2-repair", "a2-mine"):
        exec(compile(notebooks.find_cell(nb, gid).source, gid, "exec"), namespace)
    code = notebooks.find_cell(nb, "a2-entropy").source.split("### BEGIN SOLUTION\nw_entropy")[0]
    exec(compile(code, "a2-entropy", "exec"), namespace)
    return namespace


# --------------------------------------------------------------------------- off-limits wiring


def test_off_limits_cover_the_doors_and_the_header_names_them(nb):
    rules = off_limits('a2_weights')
    assert set(rules) == {"coursekit.weights", "coursekit.system.normalise"}
    head = nb.cells[0].source
    bullet = head[head.index("**不要调用**"):]
    assert set(re.findall(r"`(coursekit(?:\.\w+)+)`", bullet)) == set(rules)
    assert all(CJK.search(hint) for hint in rules.values())
    # system.normalise is a door to the entropy method's first step (min–max with directions)
    x = pd.Series([0.2, 0.5, 0.3])
    assert np.allclose(ck.system.normalise(x, direction="lower") / 100, (x.max() - x) / (x.max() - x.min()))


# --------------------------------------------------------------------------- task 3: eigenvector, RI, CR
def test_ri_table_in_the_notebook_is_the_library_default_saaty_1980(solution):
    default = ck.weights.RANDOM_INDEX_TABLES["saaty1980"]
    assert solution["RI"] == {n: default[n] for n in range(1, 11)}
    assert ck.weights.random_index(4) == 0.90   # the design test's RI(4)
    assert "本课程默认用 **Saaty（1980）经典表**" in _chapter()


def test_ahp_weights_is_the_library_default(solution):
    assert ck.weights.CR_THRESHOLD == 0.10
    for m in MATRICES:
        w, lam, ci, cr = solution["ahp_weights"](np.array(m, dtype=float))
        ref = ck.weights.ahp(m)
        assert ref.method == "eigenvector" and ref.random_index_table.lower().startswith("saaty")
        np.testing.assert_allclose(w, ref.weights.to_numpy(), rtol=1e-9)
        assert (lam, ci, cr) == pytest.approx((ref.lambda_max, ref.ci, ref.cr), rel=1e-9)
        # the variants the tests must tell apart really differ here
        shortcut = ck.weights.ahp(m, method="column_normalised_mean").weights.to_numpy()
        assert np.abs(shortcut - ref.weights.to_numpy()).max() > 1e-3
        assert abs(ck.weights.ahp(m, random_index="saaty2005").cr - ref.cr) > 1e-5
    assert solution["ahp_weights"](np.array([[1, 3], [1/3, 1]]))[2:] == (0.0, 0.0)
    assert ck.weights.ahp([[1, 3], [1/3, 1]]).cr == 0.0


# --------------------------------------------------------------------------- task 4: reverse the reversed pair
def test_repair_reverses_the_pair_the_library_flags(solution, nb):
    B, fixed = solution["B"], solution["B_fixed"]
    ranked = ck.weights.ahp(B).inconsistency(top=1)
    assert {ranked.iloc[0]["row"], ranked.iloc[0]["column"]} == {"C2", "C4"}   # B[1, 3] is the most suspicious
    assert fixed[1, 3] == pytest.approx(1 / B[1, 3]) and fixed[3, 1] == pytest.approx(1 / B[3, 1])
    assert ck.weights.ahp(fixed).cr < ck.weights.CR_THRESHOLD
    # the library's compatible "suggested value" is not the reversal: the notebook says why it wants the reversal
    assert ranked.iloc[0]["suggested"] != pytest.approx(1 / B[1, 3])
    assert "而不是改成建议值" in _text(nb)


# --------------------------------------------------------------------------- task 5: the design test's two verdicts
def _bank_matrices() -> list[tuple[str, np.ndarray]]:
    out = []
    for path in BANKS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("wrong_answers") or data.get("valid_answers"):
            if entry.get("cell") == "a2-mine" and "sys.modules" not in entry["code"]:
                namespace = {"np": np, "pd": pd, "criteria": CRITERIA,
                             "A": np.array([[1, 2, 3, 2], [1/2, 1, 2, 1], [1/3, 1/2, 1, 1/2], [1/2, 1, 2, 1]])}
                exec(entry["code"], namespace)
                out.append((entry["id"], np.asarray(namespace["A_mine"], dtype=float)))
    return out


def test_design_rule_numpy_verdict_equals_the_library_verdict(solution, nb):
    text = _text(nb)
    assert "CR < 0.10" in text and "Saaty 1980" in text and "≥ 0.05" in text
    matrices = [("solution", np.asarray(solution["A_mine"], dtype=float)), *_bank_matrices()]
    assert len(matrices) >= 8
    order = ["repeat_repair_rate", "first_time_fix", "csat", "sla_compliance"]
    for name, m in matrices:
        if not np.allclose(m * m.T, 1):
            continue   # not a reciprocal matrix: both tests stop before CR
        values, vectors = np.linalg.eig(m)
        k = int(np.argmax(values.real))
        w = dict(zip(CRITERIA, vectors[:, k].real / vectors[:, k].real.sum(), strict=True))
        pairs = list(zip(order, order[1:], strict=False))
        numpy_ok = (values[k].real - 4) / 3 / 0.90 < 0.10 and all(w[a] - w[b] > 1e-6 for a, b in pairs) \
            and w["sla_compliance"] >= 0.05
        ref = ck.weights.ahp(m, labels=CRITERIA)
        wr = ref.weights
        library_ok = ref.cr < ck.weights.CR_THRESHOLD and all(wr[a] - wr[b] > 1e-6 for a, b in pairs) \
            and wr["sla_compliance"] >= 0.05
        assert numpy_ok == library_ok, name
        scale = np.array([*range(1, 10), *(1 / k for k in range(2, 10))])
        on_scale = all(np.isclose(scale, x, rtol=1e-6).any() for x in m.ravel())
        assert (numpy_ok and on_scale) == (name == "solution" or name.startswith("d-")), name


# --------------------------------------------------------------------------- task 6: entropy weights
def test_entropy_weights_is_the_library_default(solution):
    tables = [
        (pd.DataFrame({"a": [1.0, 2.0, 3.0, 7.0], "b": [10.0, 40.0, 20.0, 25.0], "c": [0.5, 0.5, 0.9, 0.6]}), ["b"]),
        (pd.DataFrame({"nps": [-20.0, 5.0, 20.0, 0.0, -10.0], "x": [-3.0, 1.0, 3.0, 2.0, 0.5],
                       "fcr": [0.7, 0.8, 0.75, 0.9, 0.6]}), ["x"]),
    ]
    for table, cost in tables:
        mine = solution["entropy_weights"](table, cost=cost)
        ref = ck.weights.entropy(table, cost=cost)
        pd.testing.assert_series_equal(mine, ref, check_names=False, rtol=1e-9)
        assert not np.allclose(ck.weights.entropy(table).to_numpy(), ref.to_numpy())   # direction matters here
