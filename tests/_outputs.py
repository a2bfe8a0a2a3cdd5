"""What an executed notebook cell may not show: text on stderr, or missing-glyph / missing-font text.

Used by the root conftest's nbval hook and by the other-seed chapter runs
(tests/chapters/test_other_seed.py), so both apply the same rule.
"""

from __future__ import annotations

from tests._glyphs import GLYPH_PROBLEMS


def _stderr_text(outputs) -> str:
    parts = []
    for out in outputs or ():
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "".join(parts)


def _output_texts(outputs) -> list[str]:
    """Every piece of text a cell showed: streams, and text/* data of results and displays."""
    texts = []
    for out in outputs or ():
        kind = out.get("output_type")
        if kind == "stream":
            texts.append(out.get("text", ""))
        elif kind in ("execute_result", "display_data", "update_display_data"):
            for mime, value in (out.get("data") or {}).items():
                if mime.startswith("text/"):
                    texts.append("".join(value) if isinstance(value, list) else str(value))
        elif kind == "error":
            texts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return texts


def glyph_problems(outputs) -> list[str]:
    """The lines of a cell's outputs that report missing glyphs or a missing CJK font."""
    found = []
    for text in _output_texts(outputs):
        for line in text.splitlines():
            if GLYPH_PROBLEMS.search(line):
                found.append(line.strip()[:300])
    return found


def check_cell_outputs(outputs, cell_num) -> None:
    """Raise AssertionError naming the cell when its outputs show stderr or missing-glyph text."""
    text = _stderr_text(outputs)
    if text:
        raise AssertionError(f"Cell {cell_num} wrote to stderr (warnings count too):\n{text[:2000]}")
    problems = glyph_problems(outputs)
    if problems:
        raise AssertionError(f"Cell {cell_num} shows missing-glyph / missing-CJK-font text:\n"
                             + "\n".join(problems[:20]))
