"""Fixtures for the ingest tests: the local HTTP server, and fetch settings that allow it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_network

import pytest
from ingest_server import LIMIT, Server, serve

from bot.ingest import FetchSettings


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
