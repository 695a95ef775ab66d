"""Fixtures: the bundled samples parsed once into a store, a fake Discord, and the real client.

`discord_bot` runs the adapter exactly as `briefbot run` would (its `run()` in a task) against
the fake on loopback, with a runtime from `open_runtime` whose digests post through the
adapter's poster; it is cancelled and closed after the test.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.language import Language

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from discord_harness import Bot, fake_config, hostile_contract, running  # noqa: E402
from fake_discord import GUILD_ID, FakeDiscord  # noqa: E402

from adapters.discord import DiscordAdapter  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.ingest.run import ingest  # noqa: E402
from bot.ingest.sources import article_files, load_files  # noqa: E402
from bot.runtime import open_runtime  # noqa: E402
from bot.store import Store, open_store  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[3] / "bot" / "samples"


@pytest.fixture(scope="session")
def discord_store(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The bundled samples and one hostile article, in the fake guild's workspace."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('discord') / 'store.sqlite3'}")
    try:
        ws = store.workspace("discord", str(GUILD_ID))
        outcomes = list(ingest(store, ws, load_files(article_files(SAMPLES), Settings()), lambda: nlp))
        assert outcomes and all(o.status != "failed" for o in outcomes), outcomes
        store.save_parsed(ws, hostile_contract(), fetched_at=datetime.now(UTC))
        yield store
    finally:
        store.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def discord_bot(fake: FakeDiscord, discord_store: Store, tmp_path: Path) -> AsyncIterator[Bot]:
    runtime = await open_runtime(Settings(data_dir=tmp_path), store=discord_store, poll_feeds=False)
    config = fake_config(fake)
    bot = Bot(fake, None, runtime)  # type: ignore[arg-type]
    adapter = bot.adapter = DiscordAdapter(runtime.ctx, config, answer=bot.answer)
    runtime.digests.add_poster(adapter.poster)
    adapter.poster.retry_delays = (0.0, 0.0)
    async with running(adapter):
        yield bot
