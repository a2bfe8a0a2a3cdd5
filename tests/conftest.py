"""Tests read coursekit's error messages in English, the canonical text.

Trainees see them in Chinese (the default message language); the tests that
check the Chinese rendering switch it on explicitly (tests/test_i18n.py).
"""

import pytest

from coursekit.i18n import get_language, set_language, set_message_language

set_message_language("en")


@pytest.fixture
def zh_language():
    """Chinese labels for one test (the display language is restored after); use with usefixtures."""
    language = get_language()
    set_language("zh")
    yield
    set_language(language)
