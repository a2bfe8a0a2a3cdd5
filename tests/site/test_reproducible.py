"""Two builds of the same sources, each from nothing, give the same site, byte for byte.

The second build uses its own work folder (no shared execution cache), so the
chapters really run twice: a page that changes between runs (a timestamp, a
random draw, an unordered listing) fails here with the files named.
"""

from __future__ import annotations

import pytest

from tests.site.conftest import ROOT

pytestmark = pytest.mark.slow


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_builds_from_nothing_give_identical_pages(built_site, tmp_path):
    from coursekit.site import build

    first, _ = built_site
    second = build(ROOT, tmp_path / "out", tmp_path / "work", clean=True)
    a, b = _files(first.out), _files(second.out)
    assert sorted(a) == sorted(b)
    different = sorted(name for name in a if a[name] != b[name])
    assert different == []
    assert len(a) > 100 and any(name.startswith("_images/") for name in a)   # a real site was compared
