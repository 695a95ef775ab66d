"""Digest fixtures: a store on each backend, its workspace, and a clock the tests move."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from digest_news import Clock

from bot.store import Store, Workspace, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def ws(store: Store) -> Workspace:
    return store.workspace("slack", "T1")


@pytest.fixture
def clock() -> Clock:
    return Clock()
