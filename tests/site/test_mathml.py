"""Formulas become MathML at build time (worked examples checked by reading the MathML)."""

from __future__ import annotations

from coursekit.site.mathml import to_mathml


def test_control_limit_formula_becomes_mathml_with_root_bar_and_subscript():
    markup = to_mathml(r"\bar p \pm 3\sqrt{\bar p(1-\bar p)/n_i}")
    assert markup.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert markup.count("<msqrt>") == 1 and "<msub><mi>n</mi><mi>i</mi></msub>" in markup
    assert markup.count("&#x000AF;") == 3                # three bars over p


def test_chinese_text_inside_a_formula_is_kept_as_text():
    assert "<mtext>后测</mtext>" in to_mathml(r"d = \text{后测} - \text{前测}")


def test_display_formulas_are_blocks():
    assert 'display="block"' in to_mathml(r"CR = CI / RI", block=True)
