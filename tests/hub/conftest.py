"""Fixtures of the hub tests: the shipped classroom on loopback (tests/hub/launch.py says how)."""

from __future__ import annotations

import pytest

from tests._components import missing
from tests.hub.launch import hub_missing, start_classroom


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    reason = hub_missing()
    if reason:
        missing(reason.split(" not installed")[0], reason)
    with start_classroom(tmp_path_factory.mktemp("hub")) as hub:
        yield hub
