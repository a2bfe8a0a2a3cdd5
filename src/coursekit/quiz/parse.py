"""Reading a typed number the way trainees write it.

Accepted forms (spaces anywhere are ignored):

* plain decimals and signs: ``0.087``, ``-3``, ``+2.5``, ``.5``;
* thousands separators: ``1,234`` or ``1,234,567.5`` (a comma must group
  exactly three digits, so ``0,5`` is refused rather than guessed);
* a percent sign: ``8.7%`` or ``8.7 %`` is *8.7 percent* (see
  :func:`parse_number` for what it is compared with);
* full-width characters from a Chinese keyboard: ``８．７％``, ``１，２３４``,
  the Chinese comma ``，`` and the minus signs ``−`` / ``－``;
* an optional unit after the number when the quiz has one (``4.5 小时``).

>>> parse_number("8.7%")
(8.7, True)
>>> parse_number("１，２３４")
(1234.0, False)
>>> parse_number("4.5 小时", unit="小时")
(4.5, False)
"""

from __future__ import annotations

import re
import unicodedata

from coursekit.errors import ConfigError

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")
_MINUS = {"−": "-", "－": "-", "–": "-", "—": "-"}


def parse_number(text: object, unit: str = "") -> tuple[float, bool]:
    """``(value, had_percent_sign)`` of a typed answer; :class:`ConfigError` if it is not a number.

    ``"8.7%"`` gives ``(8.7, True)``: the caller decides whether that means
    8.7 (an answer stated in percent, ``unit="%"``) or 0.087 (an answer that
    is a fraction). A trailing ``unit`` (e.g. ``"小时"``, ``"元"``) is dropped.

    >>> parse_number(" 1,234.5 ")
    (1234.5, False)
    >>> parse_number("－２")
    (-2.0, False)
    >>> parse_number("0,5")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: '0,5' is not a number: write e.g. 0.087, 8.7% or 1,234 (a comma only groups thousands)
    """
    raw = "" if text is None else str(text)
    cleaned = unicodedata.normalize("NFKC", raw)
    for old, new in _MINUS.items():
        cleaned = cleaned.replace(old, new)
    cleaned = "".join(cleaned.split())
    unit_clean = "".join(unicodedata.normalize("NFKC", unit).split())
    if unit_clean and unit_clean != "%" and cleaned.endswith(unit_clean):
        cleaned = cleaned[: -len(unit_clean)]
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if not cleaned or not any(ch.isdigit() for ch in cleaned) or not _NUMBER.fullmatch(cleaned):
        raise ConfigError(f"{raw.strip()!r} is not a number: write e.g. 0.087, 8.7% or 1,234 "
                          "(a comma only groups thousands)")
    return float(cleaned.replace(",", "")), percent
