"""The adapter as `briefbot run` uses it: configuration, login, sync, long answers, refusals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import discord
import pytest
from discord_harness import EPHEMERAL, fake_config, pings_nobody, running, within_limits
from fake_discord import APP_ID, GUILD_ID, OTHER_CHANNEL_ID, FakeDiscord, slash

from adapters.discord import DiscordAdapter, create_discord, discord_configured
from adapters.discord.config import SETTINGS, DiscordConfig
from adapters.discord.render import Message
from bot.config import Settings
from bot.errors import ConfigError, DeliveryError
from bot.messages import Event, Reply, Section
from bot.runtime import open_runtime
from bot.store import Store, open_store
from handlers.context import Context


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store  # type: ignore[misc]
    store.close()


async def test_create_discord_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, empty_store: Store, tmp_path: Path
) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    runtime = await open_runtime(Settings(data_dir=tmp_path), store=empty_store, poll_feeds=False)
    assert not discord_configured()
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is missing"):
        create_discord(runtime)
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("DISCORD_GUILD_ID", "42")
    adapter = create_discord(runtime)
    assert discord_configured() and adapter.config.guild_id == 42 and adapter.poster.platform == "discord"
    assert adapter.client.ctx is runtime.ctx


async def test_a_refused_token_is_a_config_error_and_the_client_is_closed(
    fake: FakeDiscord, empty_store: Store
) -> None:
    adapter = DiscordAdapter(Context(store=empty_store), fake_config(fake, token="wrong"))
    with pytest.raises(ConfigError, match="Discord refused DISCORD_TOKEN: copy a fresh token"):
        await adapter.run()
    assert adapter.client.is_closed()


async def test_without_a_dev_guild_the_commands_sync_globally(fake: FakeDiscord, empty_store: Store) -> None:
    adapter = DiscordAdapter(Context(store=empty_store), fake_config(fake, guild_id=None))
    async with running(adapter):
        assert fake.find("PUT", f"/applications/{APP_ID}/commands")
        assert not fake.find("PUT", f"/applications/{APP_ID}/guilds/")


async def test_an_answer_far_larger_than_an_embed_arrives_in_several_follow_ups(
    fake: FakeDiscord, empty_store: Store
) -> None:
    big = Reply(
        title="Latest claims",
        sections=tuple(Section(heading=f"Claim {n}", lines=("said " * 170,)) for n in range(40)),
        more="claims:40::",
    )

    async def answer(event: Event, ctx: Context) -> Reply:
        return big

    adapter = DiscordAdapter(Context(store=empty_store), fake_config(fake), answer=answer)
    async with running(adapter):
        payload = slash("claims")
        await fake.dispatch("INTERACTION_CREATE", payload)
        path = f"/webhooks/{APP_ID}/{payload['token']}"
        await fake.wait_for(lambda calls: any("components" in c.body for c in calls if c.path == path))
    follow_ups = [c for c in fake.calls if c.method == "POST" and c.path == path]
    assert len(follow_ups) >= 6
    for call in follow_ups:
        assert pings_nobody(call) and not call.body.get("flags", 0) & EPHEMERAL
        within_limits(Message([discord.Embed.from_dict(e) for e in call.body["embeds"]]))
    names = [f["name"] for c in follow_ups for e in c.body["embeds"] for f in e["fields"]]
    assert [n for n in names if n.startswith("Claim")] == [f"Claim {n}" for n in range(40)]
    assert ["components" in c.body for c in follow_ups] == [False] * (len(follow_ups) - 1) + [True]


async def test_a_channel_the_bot_may_not_post_in_stops_the_digest_with_a_fix(
    fake: FakeDiscord, empty_store: Store
) -> None:
    fake.forbidden.add(OTHER_CHANNEL_ID)
    adapter = DiscordAdapter(Context(store=empty_store), fake_config(fake))
    async with running(adapter):
        with pytest.raises(DeliveryError, match="give briefbot View Channel, Send Messages and Embed Links"):
            await adapter.poster.post(str(GUILD_ID), str(OTHER_CHANNEL_ID), Reply(title="Digest"))
        with pytest.raises(DeliveryError, match="is gone or briefbot is no longer in its server"):
            await adapter.poster.post(str(GUILD_ID), "123", Reply(title="Digest"))


async def test_a_dev_guild_the_bot_is_not_in_is_a_config_error(fake: FakeDiscord, empty_store: Store) -> None:
    adapter = DiscordAdapter(Context(store=empty_store), fake_config(fake, guild_id=GUILD_ID + 1))
    with pytest.raises(ConfigError, match=f"DISCORD_GUILD_ID={GUILD_ID + 1}: Discord would not take"):
        await adapter.run()
    assert adapter.client.is_closed()


async def test_after_a_gateway_reconnect_the_session_resumes_and_commands_are_answered(
    fake: FakeDiscord, empty_store: Store
) -> None:
    adapter = DiscordAdapter(Context(store=empty_store), fake_config(fake))
    async with running(adapter):
        await fake.ask_to_reconnect()
        await asyncio.wait_for(_until(lambda: bool(fake.resumed)), 20)
        assert fake.resumed[0]["session_id"] == "fake-session" and len(fake.identified) == 1
        payload = slash("help")
        await fake.dispatch("INTERACTION_CREATE", payload)
        path = f"/webhooks/{APP_ID}/{payload['token']}"
        await fake.wait_for(lambda calls: any(c.path == path for c in calls))


async def _until(check: Callable[[], bool]) -> None:
    while not check():
        await asyncio.sleep(0.02)


async def test_briefbot_run_serves_discord_end_to_end_against_the_local_stand_in(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL"))}
    env.update(
        BRIEFBOT_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(root), DISCORD_TOKEN=fake.token,
        DISCORD_GUILD_ID=str(GUILD_ID), DISCORD_API_URL=fake.api_url, DISCORD_GATEWAY_URL=fake.gateway_url,
    )  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.run", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await asyncio.wait_for(_until(lambda: bool(fake.identified) or process.returncode is not None), 60)
        assert fake.identified, await process.stderr.read()  # type: ignore[union-attr]
        await asyncio.sleep(0.5)  # READY and the guild reach the client
        payload = slash("who")
        await fake.dispatch("INTERACTION_CREATE", payload)
        path = f"/webhooks/{APP_ID}/{payload['token']}"
        await fake.wait_for(lambda calls: any(c.path == path for c in calls), timeout=30)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0 and "Traceback" not in err.decode(), err.decode()
    assert fake.find("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    [answer] = [c for c in fake.calls if c.path == path]
    assert pings_nobody(answer) and answer.body["embeds"]


def test_the_public_face_is_what_all_says() -> None:
    import adapters.discord as package

    public = ["DiscordAdapter", "DiscordConfig", "create_discord", "discord_configured"]
    assert sorted(package.__all__) == public
    assert all(hasattr(package, name) for name in package.__all__)


def test_configuration_is_read_from_the_environment_with_fixes_in_its_errors() -> None:
    assert not discord_configured({}) and not discord_configured(
        {"DISCORD_TOKEN": "  ", "SLACK_BOT_TOKEN": "x"}
    )
    assert discord_configured({"DISCORD_TOKEN": "abc"})
    assert discord_configured({"DISCORD_GUILD_ID": "1"})  # asked for: a missing token is then an error
    config = DiscordConfig.from_env({"DISCORD_TOKEN": " abc ", "DISCORD_GUILD_ID": "123",
                                     "DISCORD_ADMIN_ROLE": "Editors"})  # fmt: skip
    assert (config.token, config.guild_id, config.admin_role) == ("abc", 123, "Editors")
    assert (
        config.api_url == "https://discord.com/api/v10" and config.gateway_url == "wss://gateway.discord.gg/"
    )
    local = DiscordConfig.from_env({"DISCORD_TOKEN": "a", "DISCORD_API_URL": "http://127.0.0.1:9/api/v10/",
                                    "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway"})  # fmt: skip
    assert (local.api_url, local.gateway_url) == ("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway")
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is missing: copy the bot token"):
        DiscordConfig.from_env({})
    with pytest.raises(ConfigError, match="DISCORD_GUILD_ID='news' is not a server id"):
        DiscordConfig.from_env({"DISCORD_TOKEN": "a", "DISCORD_GUILD_ID": "news"})
    with pytest.raises(ConfigError, match="DISCORD_GATEWAY_URL='http://x' is not a ws:// or wss:// URL"):
        DiscordConfig.from_env({"DISCORD_TOKEN": "a", "DISCORD_GATEWAY_URL": "http://x"})
