"""Digest fixtures: a workspace in the store (tests/conftest.py: one per backend) and a clock."""

from __future__ import annotations

import pytest
from digest_news import Clock

from bot.store import Store, Workspace


@pytest.fixture
def ws(store: Store) -> Workspace:
    return store.workspace("slack", "T1")


@pytest.fixture
def clock() -> Clock:
    return Clock()
