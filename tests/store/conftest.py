"""The store fixtures: every store test runs on SQLite (a file in tmp_path) and on PostgreSQL
(`database_url`, from tests/conftest.py; skipped without BRIEFBOT_TEST_DATABASE_URL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.store import Store, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A store migrated to head."""
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()
