"""Find an installed Chinese (CJK) font for matplotlib; nothing is ever downloaded.

matplotlib ships no CJK font, so Chinese labels turn into boxes ("tofu") unless
``rcParams["font.sans-serif"]`` starts with an installed CJK family.
:func:`setup_fonts` (called by every coursekit plotting function) looks for one in
:data:`PREFERRED_FAMILIES` order and, when found, sets::

    rcParams["font.family"] = ["sans-serif"]
    rcParams["font.sans-serif"] = [<found family>, "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False

so your own ``ax.set_title("中文")`` works as well. These are matplotlib's global
settings; :func:`setup_fonts` re-applies them if a style reset them.

When no CJK font is installed, it warns once with :class:`MissingCJKFontWarning`
(with the install hint) and :func:`plot_language` answers ``"en"``: coursekit's
plots then use English labels instead of boxes.

>>> from coursekit.plots.fonts import find_cjk_font, plot_language
>>> family = find_cjk_font()          # e.g. 'Noto Sans CJK SC', or None
>>> plot_language() in ("zh", "en")
True
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

from coursekit.i18n import get_language

#: CJK families tried in this order (Simplified Chinese designs first).
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans SC",
    "Source Han Sans CN",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Droid Sans Fallback",
    "Arial Unicode MS",
)

INSTALL_HINT = (
    "Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk` (or the smaller fonts-wqy-microhei), "
    "then restart the Python kernel; Windows and macOS already have Microsoft YaHei / PingFang SC"
)

# File names of CJK fonts, used only when matplotlib's font cache predates their install.
_CJK_FILE = re.compile(r"(cjk|sourcehan|wqy|wenquanyi|msyh|yahei|simhei|pingfang|droidsansfallback)",
                       re.IGNORECASE)

_warned = {"done": False}


class MissingCJKFontWarning(UserWarning):
    """No Chinese font is installed: coursekit plots fall back to English labels."""


def _installed_families() -> set[str]:
    """Family names matplotlib's font manager knows about."""
    from matplotlib import font_manager

    return {entry.name for entry in font_manager.fontManager.ttflist}


def _add_system_cjk_fonts() -> int:
    """Register CJK font files that matplotlib's cached font list does not know yet.

    matplotlib keeps a font-list cache, so a font installed after the cache was
    built is invisible until it is registered; returns how many files were added.
    """
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    added = 0
    for path in font_manager.findSystemFonts():
        if path in known or not _CJK_FILE.search(path.replace("-", "").replace("_", "")):
            continue
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable font file: skip it
            continue
        added += 1
    return added


def _first_preferred(families: set[str]) -> str | None:
    for name in PREFERRED_FAMILIES:
        if name in families:
            return name
    return None


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """The first installed family of :data:`PREFERRED_FAMILIES`, or ``None``.

    The answer is cached for the session (``find_cjk_font.cache_clear()`` forgets it).

    >>> find_cjk_font() is None or find_cjk_font() in PREFERRED_FAMILIES
    True
    """
    found = _first_preferred(_installed_families())
    if found is None and _add_system_cjk_fonts():
        found = _first_preferred(_installed_families())
    return found


def setup_fonts() -> str | None:
    """Make matplotlib draw Chinese text; return the CJK family used, or ``None``.

    Sets the rcParams listed in the module docstring when a CJK family is found.
    Otherwise warns once per session with :class:`MissingCJKFontWarning` (install
    hint included) and changes nothing.

    >>> family = setup_fonts()
    >>> import matplotlib
    >>> family is None or matplotlib.rcParams["font.sans-serif"][0] == family
    True
    """
    import matplotlib

    family = find_cjk_font()
    if family is None:
        if not _warned["done"]:
            _warned["done"] = True
            warnings.warn(
                "no Chinese (CJK) font found for matplotlib, so coursekit plots use English "
                f"labels. To get Chinese labels install one: {INSTALL_HINT}.",
                MissingCJKFontWarning,
                stacklevel=2,
            )
        return None
    rc = matplotlib.rcParams
    if list(rc["font.sans-serif"][:2]) != [family, "DejaVu Sans"]:
        rc["font.sans-serif"] = [family, "DejaVu Sans"]
    if list(rc["font.family"]) != ["sans-serif"]:
        rc["font.family"] = ["sans-serif"]
    if rc["axes.unicode_minus"]:
        rc["axes.unicode_minus"] = False
    return family


def plot_language() -> str:
    """The language coursekit plots use: the current one, or ``"en"`` without a CJK font.

    Calls :func:`setup_fonts` (which may warn once).

    >>> from coursekit.i18n import set_language
    >>> set_language("en"); plot_language()
    'en'
    >>> set_language("zh")
    """
    family = setup_fonts()
    language = get_language()
    return "en" if language == "zh" and family is None else language


def _reset() -> None:
    """Forget the cached font and the warn-once flag (for tests)."""
    find_cjk_font.cache_clear()
    _warned["done"] = False
