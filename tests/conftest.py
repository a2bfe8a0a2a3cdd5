"""Fixtures shared by the tests (error messages are pinned to English in the root conftest)."""

import pytest

from coursekit.i18n import get_language, set_language


@pytest.fixture
def zh_language():
    """Chinese labels for one test (the display language is restored after); use with usefixtures."""
    language = get_language()
    set_language("zh")
    yield
    set_language(language)
