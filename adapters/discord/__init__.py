"""The Discord adapter: slash commands, mentions in threads and digests on Discord (docs/discord.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.config import DiscordConfig, discord_configured

if TYPE_CHECKING:
    from bot.runtime import Runtime


def create_discord(runtime: Runtime) -> DiscordAdapter:
    """The adapter for the runtime, configured from the environment (a ConfigError says what to fix)."""
    return DiscordAdapter(runtime.ctx, DiscordConfig.from_env())


__all__ = ["DiscordAdapter", "DiscordConfig", "create_discord", "discord_configured"]
