"""Plot tests draw off-screen (Agg), in Chinese by default, and close every figure afterwards."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from coursekit.i18n import get_language, set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _clean():
    language = get_language()
    set_language("zh")
    with matplotlib.rc_context():
        yield
    plt.close("all")
    set_language(language)
