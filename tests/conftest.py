"""Tests read coursekit's error messages in English, the canonical text.

Trainees see them in Chinese (the default message language); the tests that
check the Chinese rendering switch it on explicitly (tests/test_i18n.py).
"""

from coursekit.i18n import set_message_language

set_message_language("en")
