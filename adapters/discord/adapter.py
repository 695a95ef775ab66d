"""The Discord adapter: a client for the runtime's context and a poster for its digests.

    adapter = create_discord(runtime)
    runtime.digests.add_poster(adapter.poster)
    await adapter.run()        # connect, sync the commands, serve until cancelled, close

DISCORD_API_URL and DISCORD_GATEWAY_URL point discord.py elsewhere (a local stand-in in the
tests). discord.py keeps both as class-wide settings, so one process talks to one Discord.
"""

from __future__ import annotations

import logging

import discord
import yarl

from adapters.discord.client import BriefbotClient, Dispatch
from adapters.discord.config import DiscordConfig
from adapters.discord.poster import DiscordPoster
from bot.errors import ConfigError
from handlers.context import Context
from handlers.router import dispatch

log = logging.getLogger(__name__)


class DiscordAdapter:
    def __init__(self, ctx: Context, config: DiscordConfig, *, answer: Dispatch = dispatch) -> None:
        self.config = config
        self.client = BriefbotClient(ctx, config, answer=answer)
        self.poster = DiscordPoster(self.client, self.client.logged_in)

    async def run(self) -> None:
        """Log in, sync the commands, serve until cancelled; the client is closed on the way out."""
        use_endpoints(self.config)
        async with self.client:
            try:
                await self.client.start(self.config.token)
            except discord.LoginFailure as error:
                raise ConfigError(
                    "Discord refused DISCORD_TOKEN: copy a fresh token from the Developer Portal "
                    "(your application > Bot > Reset Token) into .env"
                ) from error
            except discord.PrivilegedIntentsRequired as error:  # pragma: no cover - none is asked for
                raise ConfigError(f"Discord refused the gateway intents: {error}") from error


def use_endpoints(config: DiscordConfig) -> None:
    """Send discord.py's REST calls to `config.api_url` and its gateway to `config.gateway_url`."""
    discord.http.Route.BASE = config.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.gateway_url)
