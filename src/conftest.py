"""The library's doctests show error messages in English, the canonical text (see coursekit.i18n).

This file sits outside the package, so it is not installed with coursekit.
"""

from coursekit.i18n import set_message_language

set_message_language("en")
