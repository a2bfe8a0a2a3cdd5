"""One switch for tests that need a component of the machine (sandbox, browser, fonts, JupyterHub).

On a laptop a missing component skips its tests with the command that installs
it. In CI a missing component is a failure, not a quiet skip: ``.ci/run`` sets
``COURSEKIT_REQUIRE_COMPONENTS=1``, and then every such test fails with the same
message. A test says what it needs with the ``needs`` marker::

    @pytest.mark.needs("bubblewrap", None if BWRAP_OK else "bubblewrap not found: apt install bubblewrap")

(the second argument is why the component is missing, ``None`` when it is
there), or calls :func:`missing` from a fixture.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ENV = "COURSEKIT_REQUIRE_COMPONENTS"


def required() -> bool:
    """Whether missing components fail the run (CI) instead of skipping (laptop).

    >>> import os
    >>> os.environ.pop(REQUIRE_ENV, None) and None
    >>> required()
    False
    """
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes"}


def outcome(component: str, reason: str, *, strict: bool) -> tuple[str, str]:
    """What to do about a missing component: ("fail" | "skip", message).

    >>> outcome("chromium", "/usr/bin/chromium not found; apt install chromium", strict=False)
    ('skip', '/usr/bin/chromium not found; apt install chromium')
    >>> outcome("chromium", "/usr/bin/chromium not found", strict=True)[0]
    'fail'
    """
    if strict:
        return "fail", (f"{component} is required here ({REQUIRE_ENV}=1, set by .ci/run) but missing: {reason}; "
                        "scripts/setup.sh test installs it")
    return "skip", reason


def missing(component: str, reason: str) -> NoReturn:
    """Skip the current test (laptop) or fail it (CI) because ``component`` is missing."""
    action, message = outcome(component, reason, strict=required())
    if action == "fail":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def check_markers(item: pytest.Item) -> None:
    """Apply every ``needs(component, reason)`` marker of ``item`` (called from the root conftest)."""
    for mark in item.iter_markers("needs"):
        component, reason = mark.args
        if reason:
            missing(component, reason)
