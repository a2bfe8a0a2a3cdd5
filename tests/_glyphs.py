"""Text that means Chinese characters were (or will be) drawn without a CJK font.

One pattern for the repository's nbval hook (root ``conftest.py``) and the
browser tests, which both search every text output of a chapter for it.

>>> bool(GLYPH_PROBLEMS.search("Glyph 20013 (\\N{CJK UNIFIED IDEOGRAPH-4E2D}) missing from font(s) DejaVu Sans."))
True
>>> bool(GLYPH_PROBLEMS.search("一线解决率 FCR = 0.576"))
False
"""

from __future__ import annotations

import re

GLYPH_PROBLEMS = re.compile(
    r"missing from (?:current )?font"             # matplotlib: "Glyph 20013 (...) missing from font(s) X."
    r"|findfont: Font family .*? not found"         # matplotlib's font manager
    r"|MissingCJKFontWarning"                      # coursekit.plots.fonts' warning class ...
    r"|no Chinese \(CJK\) font found"              # ... and its message
    r"|fonts-noto-cjk"                             # the install hint, printed only when no CJK font is found
    r"|图表将使用英文标签"                           # chapters/00's notice: "charts will use English labels"
    r"|\ufffd",                                    # U+FFFD: text that could not be decoded
)
