"""Fixtures for the ingest tests: the local HTTP servers, fetch settings that allow them, a store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from ipaddress import ip_network
from pathlib import Path

import pytest
from ingest_server import LIMIT, Server, serve
from site_server import Site, serve_site

from bot.ingest import FetchSettings
from bot.store import Store, Workspace, open_store


@pytest.fixture
def settings() -> FetchSettings:
    """Loopback allow-listed explicitly; short timeouts and a small cap keep the tests fast."""
    return FetchSettings(
        allow=(ip_network("127.0.0.1/32"),),
        connect_timeout=1.0,
        read_timeout=0.3,
        total_timeout=5.0,
        max_redirects=3,
        max_bytes=LIMIT,
    )


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serve() as running:
        yield running


@pytest.fixture
async def tls_server() -> AsyncIterator[Server]:
    async with serve(tls=True) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}") as opened:
        yield opened


@pytest.fixture
def ws(store: Store) -> Workspace:
    return store.workspace("console", "console")


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with serve_site() as running:
        yield running
