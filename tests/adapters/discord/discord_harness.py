"""What the Discord tests share: the running bot, its configuration against the fake, and ways
to read what a member of the server would see (imported by name: tests/ has no packages)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fake_discord import APP_ID, GUILD_ID, Call, FakeDiscord

from adapters.discord import DiscordAdapter, DiscordConfig
from adapters.discord.render import Message
from bot.messages import Event, Reply
from bot.runtime import Runtime
from handlers.context import Context
from handlers.router import dispatch

EPHEMERAL = 64  # the message flag of an answer only its asker sees
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


def pings_nobody(call: Call) -> bool:
    """Sent with AllowedMentions.none(): nothing parsed, nobody listed, no reply ping."""
    allowed = call.body["allowed_mentions"]
    return (
        allowed["parse"] == []
        and not allowed.get("users")
        and not allowed.get("roles")
        and (allowed.get("replied_user") in (None, False))
    )


def shown(call: Call) -> str:
    """Everything a follow-up or message shows, as one text."""
    parts: list[str] = [call.body.get("content") or ""]
    for embed in call.body.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(p for p in parts if p)


async def ask(bot: Bot, payload: dict[str, Any], follow_ups: int = 1) -> tuple[Call, list[Call]]:
    """Send an interaction; its callback and its follow-ups, once they came."""
    token = payload["token"]
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    await bot.fake.wait_for(lambda calls: len(_follow_ups(calls, token)) >= follow_ups)
    [callback] = bot.fake.find("POST", f"/interactions/{payload['id']}/{token}/callback")
    return callback, _follow_ups(bot.fake.calls, token)


def _follow_ups(calls: list[Call], token: str) -> list[Call]:
    return [c for c in calls if c.method == "POST" and c.path == f"/webhooks/{APP_ID}/{token}"]


def within_limits(message: Message) -> None:
    assert 1 <= len(message.embeds) <= 10 and message.size() <= 6000
    for embed in message.embeds:
        assert len(embed.title or "") <= 256 and len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25 and len(embed) <= 6000
        assert len(embed.footer.text or "") <= 2048
        for part in embed.fields:
            assert part.name and len(part.name) <= 256 and part.value and len(part.value) <= 1024
