"""Fixtures: the bundled samples parsed once into a store, a fake Discord, and the real client.

`discord_bot` runs the adapter exactly as `briefbot run` would (its `run()` in a task) against
the fake on loopback, with a runtime from `open_runtime` whose digests post through the
adapter's poster; it is cancelled and closed after the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.language import Language

with (
    warnings.catch_warnings()
):  # discord.py imports audioop, deprecated in 3.11 (pytest: warnings are errors)
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord  # noqa: F401

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from fake_discord import GUILD_ID, FakeDiscord  # noqa: E402

from adapters.discord import DiscordAdapter, DiscordConfig  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.ingest.run import ingest  # noqa: E402
from bot.ingest.sources import article_files, load_files  # noqa: E402
from bot.messages import Event, Reply  # noqa: E402
from bot.runtime import Runtime, open_runtime  # noqa: E402
from bot.store import Store, open_store  # noqa: E402
from handlers.context import Context  # noqa: E402
from handlers.router import dispatch  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[3] / "bot" / "samples"
HOSTILE_TITLE = "Board **votes** _now_ @everyone <@&900000000000000030> [click](https://evil.example)"


def hostile_contract() -> dict[str, object]:
    """An article whose every text tries markdown and mentions (saved as parsed, no spaCy)."""
    claim = "fares rise for @everyone and <@&900000000000000030>, **really**"
    return {
        "article": {"title": HOSTILE_TITLE, "outlet": "@here Gazette", "url": "https://hostile.example/a",
                    "published": "2026-05-20T08:00:00+00:00", "authors": [],
                    "text": f"Mara Vell said {claim}.",
                    "word_count": 9, "source": "https://hostile.example/a"},
        "key_points": ["~~Nothing~~ to see, ping @everyone and <@&900000000000000030> `now`."],
        "who": [{"name": "Mara Vell", "type": "PERSON", "aliases": ["Vell"], "role": "board member",
                 "mentions": 2}],
        "claims": [{"speaker": "Mara Vell", "cue": "said", "content": claim, "direct_quote": False,
                    "hedged": False, "sentence": f"Mara Vell said {claim}."}],
        "sources": {"outlet": "@here Gazette", "url": "https://hostile.example/a",
                    "cited": [{"name": "Mara Vell", "kind": "named_person", "claims": 1}]},
    }  # fmt: skip


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


@dataclass
class Bot:
    fake: FakeDiscord
    adapter: DiscordAdapter
    runtime: Runtime
    events: list[Event] = field(default_factory=list)  # what the adapter handed to dispatch

    async def answer(self, event: Event, ctx: Context) -> Reply:
        """The real `dispatch`, with each event kept for the test to read."""
        self.events.append(event)
        return await dispatch(event, ctx)


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


def fake_config(fake: FakeDiscord, **changes: object) -> DiscordConfig:
    values: dict[str, object] = {"token": "fake-token", "guild_id": GUILD_ID, "api_url": fake.api_url,
                                 "gateway_url": fake.gateway_url, "admin_role": "Editors"}  # fmt: skip
    values.update(changes)
    return DiscordConfig(**values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running(adapter: DiscordAdapter) -> AsyncIterator[asyncio.Task[None]]:
    """The adapter's `run()` in a task, ready (READY and the guild received); cancelled after."""
    task = asyncio.create_task(adapter.run())
    try:
        await asyncio.wait_for(_ready(adapter, task), 20)
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert adapter.client.is_closed()


async def _ready(adapter: DiscordAdapter, task: asyncio.Task[None]) -> None:
    while not adapter.client.is_ready():
        if task.done():
            task.result()  # the adapter stopped: show why
        await asyncio.sleep(0.02)
