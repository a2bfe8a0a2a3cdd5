"""A Sphinx math renderer that writes MathML at build time, so pages need no MathJax and no network.

Browsers render MathML themselves (Chromium since version 109, Firefox and
Safari for longer), so the formulas of the chapters and the glossary show on
an intranet or from a file share with nothing loaded from a CDN. The LaTeX is
converted by ``latex2mathml``; a formula it cannot convert fails the build
with the formula and the page named, rather than showing raw TeX.

>>> print(to_mathml(r"CR = CI / RI"))
<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><mi>C</mi><mi>R</mi>...</math>
>>> 'display="block"' in to_mathml(r"\\bar x", block=True)
True
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

__all__ = ["setup", "to_mathml"]


def to_mathml(latex: str, *, block: bool = False) -> str:
    """MathML for a LaTeX formula (inline, or a display block)."""
    from latex2mathml.converter import convert

    return convert(latex.strip(), display="block" if block else "inline")


def _render(translator: Any, node: nodes.Element, block: bool) -> None:
    try:
        markup = to_mathml(node.astext(), block=block)
    except Exception as exc:  # latex2mathml raises many kinds; the build runs with -W, so this fails it
        logger.error("cannot convert the formula %r to MathML (%s); write it with simpler LaTeX "
                     "(\\frac, \\sqrt, \\bar, _ and ^ work)", node.astext(), exc, location=node)
        markup = f"<code>{escape(node.astext())}</code>"
    if block:
        translator.body.append(f'<div class="math notranslate nohighlight">{markup}</div>')
    else:
        translator.body.append(f'<span class="math notranslate nohighlight">{markup}</span>')
    raise nodes.SkipNode


def visit_math(translator: Any, node: nodes.Element) -> None:
    _render(translator, node, block=False)


def visit_math_block(translator: Any, node: nodes.Element) -> None:
    _render(translator, node, block=True)


def setup(app: Any) -> dict[str, Any]:
    """Register the ``mathml`` renderer; select it with ``html_math_renderer = "mathml"``."""
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_math_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
