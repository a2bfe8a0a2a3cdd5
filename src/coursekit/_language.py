"""The language setting: the one piece of global state in coursekit (foundation, imports nothing).

:mod:`coursekit.i18n` validates and sets it; :mod:`coursekit.errors` reads it to
render messages. Keeping it here lets both import it without importing each other.

>>> from coursekit._language import display_language, message_language
>>> display_language() in LANGUAGES, message_language() in LANGUAGES
(True, True)
"""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]

LANGUAGES: tuple[Language, ...] = ("zh", "en")

#: ``language`` is the display language; ``messages`` pins error messages (``None``: follow the display).
_state: dict[str, Language | None] = {"language": "zh", "messages": None}


def display_language() -> Language:
    """The display language of labels, plots and widgets (``"zh"`` until changed).

    >>> display_language() in ("zh", "en")
    True
    """
    return _state["language"] or "zh"


def pinned_message_language() -> Language | None:
    """The language error messages are pinned to, or ``None`` when they follow the display language."""
    return _state["messages"]


def store(*, language: Language | None = None, messages: Language | None | Literal["keep"] = "keep") -> None:
    """Set the display language and/or the message pin (already validated by :mod:`coursekit.i18n`)."""
    if language is not None:
        _state["language"] = language
    if messages != "keep":
        _state["messages"] = messages


def message_language() -> Language:
    """The language error messages render in: the pinned one, else the display language.

    >>> message_language() in ("zh", "en")
    True
    """
    return _state["messages"] or display_language()
